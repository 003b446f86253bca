/**
 * Reading the repository's files that the tool interprets (team files, the PR template) defensively: a
 * hostile or broken file is a diagnostic, never a crash, and no symlink is followed out of the repository.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from '../diagnostics';
import { readBounded, refusalMessage } from '../files/boundedRead';

export { refusalMessage };
import { pathInside } from '../paths';
import { fileDiagnostic } from './positions';

/** Team files and PR templates are small; anything larger is not what it claims to be. */
export const MAX_TEAM_FILE_BYTES = 1024 * 1024;

export type ReadOutcome =
  | { status: 'missing' }
  | { status: 'skipped'; diagnostic: Diagnostic }
  | { status: 'read'; text: string };

/** Reads `relative` (posix, under `root`) as UTF-8 text, up to `maxBytes`, through the one bounded reader. */
export async function readRepositoryText(root: string, relative: string, maxBytes = MAX_TEAM_FILE_BYTES): Promise<ReadOutcome> {
  const read = readBounded(root, relative, maxBytes);
  if (read.status === 'missing') return read;
  if (read.status === 'read') return decodeText(read.bytes, relative);
  return skipped(relative, refusalMessage(read));
}

/** Repo-relative paths of the entries of a folder whose names end with `extension`, sorted by name. */
export async function listTeamFolder(root: string, relative: string, extension: string): Promise<{ files: string[]; diagnostics: Diagnostic[] }> {
  const resolved = await resolveInside(root, relative);
  if (typeof resolved !== 'string') return { files: [], diagnostics: resolved.status === 'skipped' ? [resolved.diagnostic] : [] };
  try {
    if (!(await fs.stat(resolved)).isDirectory()) return { files: [], diagnostics: [fileDiagnostic(relative, 'error', 'expected a folder')] };
    const entries = await fs.readdir(resolved, { withFileTypes: true });
    // Named pipes and other special files are listed too, so that reading them says why they are not read.
    const names = entries.filter((e) => !e.isDirectory() && e.name.endsWith(extension)).map((e) => e.name);
    return { files: names.sort(byCodePoint).map((name) => `${relative}/${name}`), diagnostics: [] };
  } catch (error) {
    return { files: [], diagnostics: [fileDiagnostic(relative, 'error', `cannot read: ${errorMessage(error)}`)] };
  }
}

/** UTF-8 text, or why not: binary (a NUL byte) or invalid UTF-8, located at the first bad byte. */
export function decodeText(bytes: Uint8Array, file: string): ReadOutcome {
  if (bytes.includes(0)) return skipped(file, 'binary file (contains a NUL byte); not read');
  try {
    return { status: 'read', text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const { line, column } = positionOf(lenient, lenient.indexOf('\uFFFD'));
    return { status: 'skipped', diagnostic: fileDiagnostic(file, 'error', 'not valid UTF-8 text; save the file as UTF-8', line, column) };
  }
}

/** The real path of the folder `relative` when it exists and stays inside `root`; otherwise why it is skipped. */
async function resolveInside(root: string, relative: string): Promise<string | Exclude<ReadOutcome, { status: 'read' }>> {
  const full = path.join(root, ...relative.split('/'));
  try {
    await fs.lstat(full);
  } catch (error) {
    if (isMissing(error)) return { status: 'missing' };
    return skipped(relative, `cannot read: ${errorMessage(error)}`);
  }
  let real: string;
  try {
    real = await fs.realpath(full);
  } catch (error) {
    return skipped(relative, `broken symbolic link (${errorMessage(error)}); skipped`);
  }
  if (real !== root && pathInside(root, real) === undefined) return skipped(relative, 'symbolic link to a location outside the repository; skipped');
  return real;
}

function skipped(file: string, message: string): { status: 'skipped'; diagnostic: Diagnostic } {
  return { status: 'skipped', diagnostic: fileDiagnostic(file, 'error', message) };
}

function positionOf(text: string, offset: number): { line: number; column: number } {
  if (offset < 0) return { line: 1, column: 1 };
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Small git queries about the change in a work tree: the base branch, the merge-base, the files and lines changed
 * since it (committed, staged, unstaged and untracked). Diff outputs are streamed; the rest is bounded.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { streamGitLines, streamGitTokens } from './gitProcess';
import { gitQuery } from './repository';

/** Names are printed raw (no octal escapes) so paths with non-ASCII characters need no decoding. */
const RAW_PATHS = ['-c', 'core.quotepath=false'];

export type BaseSource = 'option' | 'origin-head' | 'main' | 'master';

export class BaseNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BaseNotFoundError';
  }
}

/** The commit a ref names, or undefined when it names none. */
export async function resolveCommit(root: string, ref: string, signal?: AbortSignal): Promise<string | undefined> {
  try {
    const sha = (await gitQuery(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], signal)).trim();
    return /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined;
  } catch (error) {
    if (signal?.aborted) throw error;
    return undefined;
  }
}

/**
 * The branch a change is compared with: the remote's default branch (`refs/remotes/origin/HEAD`), else a local
 * `main`, else `master`.
 */
export async function detectBaseRef(root: string, signal?: AbortSignal): Promise<{ ref: string; source: BaseSource }> {
  const remoteHead = await symbolicRef(root, 'refs/remotes/origin/HEAD', signal);
  if (remoteHead && (await resolveCommit(root, remoteHead, signal))) return { ref: remoteHead.replace(/^refs\/remotes\//, ''), source: 'origin-head' };
  for (const name of ['main', 'master'] as const) {
    if (await resolveCommit(root, `refs/heads/${name}`, signal)) return { ref: name, source: name };
  }
  throw new BaseNotFoundError('no base branch found (no origin/HEAD, main or master); name one with --base REF');
}

/** The short name of the checked-out branch; undefined on a detached HEAD. */
export async function currentBranch(root: string, signal?: AbortSignal): Promise<string | undefined> {
  const ref = await symbolicRef(root, 'HEAD', signal);
  return ref?.replace(/^refs\/heads\//, '');
}

async function symbolicRef(root: string, name: string, signal?: AbortSignal): Promise<string | undefined> {
  try {
    const ref = (await gitQuery(root, ['symbolic-ref', '--quiet', name], signal)).trim();
    return ref || undefined;
  } catch (error) {
    if (signal?.aborted) throw error;
    return undefined;
  }
}

export async function mergeBase(root: string, a: string, b: string, signal?: AbortSignal): Promise<string | undefined> {
  try {
    return (await gitQuery(root, ['merge-base', a, b], signal)).trim() || undefined;
  } catch (error) {
    if (signal?.aborted) throw error;
    return undefined;
  }
}

export interface CommitLine {
  sha: string;
  author: string;
  email: string;
  subject: string;
}

/** Commits in `from..to`, newest first. */
export async function commitsBetween(root: string, from: string, to: string, signal?: AbortSignal): Promise<CommitLine[]> {
  const commits: CommitLine[] = [];
  await streamGitTokens(['log', '-z', '--format=%H%x1f%an%x1f%ae%x1f%s', `${from}..${to}`, '--'], { cwd: root, ...(signal ? { signal } : {}) }, (token) => {
    const [sha, author, email, subject] = token.replace(/^\n/, '').split('\x1f');
    if (sha) commits.push({ sha, author: author ?? '', email: email ?? '', subject: subject ?? '' });
  });
  return commits;
}

/** Name and email of whoever would author a commit here now (`git var GIT_AUTHOR_IDENT`), when configured. */
export async function authorIdentity(root: string, signal?: AbortSignal): Promise<{ name: string; email: string } | undefined> {
  try {
    const match = /^(.*) <([^>]*)>/.exec((await gitQuery(root, ['var', 'GIT_AUTHOR_IDENT'], signal)).trim());
    return match ? { name: match[1]!, email: match[2]! } : undefined;
  } catch (error) {
    if (signal?.aborted) throw error;
    return undefined;
  }
}

export type DiffStatus = 'added' | 'modified' | 'deleted' | 'renamed' | 'copied' | 'type-changed';

export interface NameStatus {
  path: string;
  oldPath?: string;
  status: DiffStatus;
  /** Rename/copy similarity, percent. */
  similarity?: number;
}

const STATUS: Record<string, DiffStatus> = { A: 'added', M: 'modified', D: 'deleted', R: 'renamed', C: 'copied', T: 'type-changed' };

/** `git diff -z --name-status -M <base>`: the work tree (staged and unstaged) against `base`, renames detected. */
export async function diffNameStatus(root: string, base: string, signal?: AbortSignal): Promise<NameStatus[]> {
  const entries: NameStatus[] = [];
  let pending: { code: string; paths: string[]; needed: number } | undefined;
  await streamGitTokens([...RAW_PATHS, 'diff', '-z', '--name-status', '-M', '--no-ext-diff', base, '--'], { cwd: root, ...(signal ? { signal } : {}) }, (token) => {
    if (!pending) {
      if (token === '') return;
      const code = token[0]!;
      pending = { code: token, paths: [], needed: code === 'R' || code === 'C' ? 2 : 1 };
      return;
    }
    pending.paths.push(token);
    if (pending.paths.length < pending.needed) return;
    const letter = pending.code[0]!;
    const status = STATUS[letter] ?? 'modified';
    const similarity = pending.code.length > 1 ? Number(pending.code.slice(1)) : undefined;
    entries.push(
      pending.needed === 2
        ? { path: pending.paths[1]!, oldPath: pending.paths[0]!, status, ...(similarity !== undefined ? { similarity } : {}) }
        : { path: pending.paths[0]!, status },
    );
    pending = undefined;
  });
  return entries;
}

export interface NumStat {
  path: string;
  /** Undefined for binary files. */
  added?: number;
  removed?: number;
}

/** `git diff -z --numstat -M <base>`: lines added and removed per file; binary files have no counts. */
export async function diffNumstat(root: string, base: string, signal?: AbortSignal): Promise<NumStat[]> {
  const stats: NumStat[] = [];
  let rename: { added?: number; removed?: number; paths: string[] } | undefined;
  await streamGitTokens([...RAW_PATHS, 'diff', '-z', '--numstat', '-M', '--no-ext-diff', base, '--'], { cwd: root, ...(signal ? { signal } : {}) }, (token) => {
    if (rename) {
      rename.paths.push(token);
      if (rename.paths.length === 2) {
        stats.push({ path: rename.paths[1]!, ...counts(rename) });
        rename = undefined;
      }
      return;
    }
    const match = /^\n?(-|\d+)\t(-|\d+)\t(.*)$/s.exec(token);
    if (!match) return;
    const parsed = { ...(match[1] !== '-' ? { added: Number(match[1]) } : {}), ...(match[2] !== '-' ? { removed: Number(match[2]) } : {}) };
    // A rename prints an empty path, then the old and the new path as two more tokens.
    if (match[3] === '') rename = { ...parsed, paths: [] };
    else stats.push({ path: match[3]!, ...parsed });
  });
  return stats;
}

function counts(value: { added?: number; removed?: number }): { added?: number; removed?: number } {
  return { ...(value.added !== undefined ? { added: value.added } : {}), ...(value.removed !== undefined ? { removed: value.removed } : {}) };
}

/** A block of lines on one side of a diff hunk: `count` lines from `start` (count 0: an insertion after line `start`). */
export interface HunkSide {
  start: number;
  count: number;
}

export interface FileHunks {
  path: string;
  oldPath?: string;
  old: HunkSide[];
  new: HunkSide[];
  /** Text of the added and removed lines (without the +/- sign), up to a bound per file. */
  addedLines: string[];
  removedLines: string[];
}

/** Lines of added/removed text kept per file: enough to spot new environment variables and dependency bumps. */
const MAX_TEXT_LINES = 5000;

/** `git diff -U0 <base>`: the hunks of every text file, old and new line numbers, and the text of changed lines. */
export async function diffHunks(root: string, base: string, signal?: AbortSignal): Promise<FileHunks[]> {
  const files: FileHunks[] = [];
  let current: FileHunks | undefined;
  // Names from the header of the file being read; the entry is made at its first hunk (pure renames and binary
  // files have none: name-status and numstat cover them).
  let names: { old?: string | undefined; new?: string | undefined } | undefined;
  const args = [...RAW_PATHS, 'diff', '-U0', '-M', '--no-color', '--no-ext-diff', '--src-prefix=a/', '--dst-prefix=b/', base, '--'];
  await streamGitLines(args, { cwd: root, ...(signal ? { signal } : {}) }, (line) => {
    if (line.startsWith('diff --git ')) {
      current = undefined;
      names = {};
      return;
    }
    if (names) {
      if (line.startsWith('--- ')) names.old = stripPrefix(unquote(line.slice(4)), 'a/');
      else if (line.startsWith('+++ ')) names.new = stripPrefix(unquote(line.slice(4)), 'b/');
      else if (line.startsWith('rename from ')) names.old = unquote(line.slice('rename from '.length));
      else if (line.startsWith('rename to ')) names.new = unquote(line.slice('rename to '.length));
      if (!line.startsWith('@@')) return;
      const name = names.new ?? names.old;
      if (name === undefined) return;
      current = { path: name, old: [], new: [], addedLines: [], removedLines: [] };
      if (names.old !== undefined && names.new !== undefined && names.old !== names.new) current.oldPath = names.old;
      files.push(current);
      names = undefined;
    }
    if (!current) return;
    if (line.startsWith('@@')) {
      const hunk = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (hunk) {
        current.old.push({ start: Number(hunk[1]), count: hunk[2] === undefined ? 1 : Number(hunk[2]) });
        current.new.push({ start: Number(hunk[3]), count: hunk[4] === undefined ? 1 : Number(hunk[4]) });
      }
    } else if (line.startsWith('+')) {
      if (current.addedLines.length < MAX_TEXT_LINES) current.addedLines.push(line.slice(1));
    } else if (line.startsWith('-')) {
      if (current.removedLines.length < MAX_TEXT_LINES) current.removedLines.push(line.slice(1));
    }
  });
  return files;
}

function stripPrefix(name: string, prefix: string): string | undefined {
  if (name === '/dev/null') return undefined;
  return name.startsWith(prefix) ? name.slice(prefix.length) : name;
}

/** Git quotes names with control characters, quotes or backslashes C-style, even with core.quotepath off. */
export function unquote(name: string): string {
  if (!name.startsWith('"') || !name.endsWith('"')) return name;
  const bytes: number[] = [];
  const body = Buffer.from(name.slice(1, -1), 'utf8');
  const escapes: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '"': 34, '\\': 92 };
  for (let i = 0; i < body.length; i++) {
    const byte = body[i]!;
    if (byte !== 92) {
      bytes.push(byte);
      continue;
    }
    const next = String.fromCharCode(body[i + 1] ?? 0);
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.subarray(i + 1, i + 4).toString('latin1'), 8));
      i += 3;
    } else {
      bytes.push(escapes[next] ?? body[i + 1]!);
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Files git does not track and does not ignore. */
export async function untrackedFiles(root: string, signal?: AbortSignal): Promise<string[]> {
  const files: string[] = [];
  await streamGitTokens([...RAW_PATHS, 'ls-files', '-z', '--others', '--exclude-standard'], { cwd: root, ...(signal ? { signal } : {}) }, (token) => {
    if (token) files.push(token);
  });
  return files.sort();
}

export interface WorkTreeText {
  binary: boolean;
  /** Undefined for binary or unreadable files. */
  lines?: string[];
}

/** Larger untracked files are counted but not read for added-line details. */
const MAX_UNTRACKED_BYTES = 1024 * 1024;

/** Reads a work-tree file the way git decides text from binary: a NUL byte in the first 8000 bytes. */
export function readWorkTreeText(root: string, file: string): WorkTreeText {
  let buffer: Buffer;
  try {
    const full = path.join(root, file);
    if (!fs.lstatSync(full).isFile()) return { binary: false, lines: [] };
    buffer = fs.readFileSync(full);
  } catch {
    return { binary: false, lines: [] };
  }
  if (buffer.subarray(0, 8000).includes(0)) return { binary: true };
  if (buffer.length > MAX_UNTRACKED_BYTES) return { binary: false };
  const text = buffer.toString('utf8');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return { binary: false, lines };
}

/** Whether a path exists in the work tree (a file or a folder). */
export function existsInWorkTree(root: string, file: string): boolean {
  return fs.existsSync(path.join(root, file));
}

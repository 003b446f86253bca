/**
 * Messages from the Incident analysis webview, checked before anything is opened. The page shows repository
 * text, so a message is treated as untrusted input: only a postmortem of the ledger, or a file the page
 * offered that lies inside the repository, is ever opened. Pure: no vscode, no file system.
 */
import * as path from 'node:path';
import { pathInside } from '../../core/paths';

export type AnalysisRequest = { open: 'incident'; file: string } | { open: 'file'; path: string };

export interface AllowedTargets {
  /** Repo-relative paths of the ledger's postmortems. */
  postmortems: ReadonlySet<string>;
  /** Repo-relative paths the page names (files of incidents, top files). */
  files: ReadonlySet<string>;
}

/** What the message asks for, or undefined when it is malformed or names anything not allowed. */
export function parseAnalysisMessage(message: unknown, root: string, allowed: AllowedTargets): AnalysisRequest | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const { command, file, path: target } = message as Record<string, unknown>;
  if (command === 'openIncident' && typeof file === 'string' && allowed.postmortems.has(file)) return { open: 'incident', file };
  if (command === 'openFile' && typeof target === 'string' && allowed.files.has(target) && repositoryPath(root, target) === target) return { open: 'file', path: target };
  return undefined;
}

/** `relative` as a repo-relative posix path when it names a file inside `root`; undefined otherwise. */
export function repositoryPath(root: string, relative: string): string | undefined {
  if (relative === '' || relative.includes('\0') || path.isAbsolute(relative) || path.win32.isAbsolute(relative) || relative.includes('\\')) return undefined;
  if (relative.split('/').some((segment) => segment === '..' || segment === '.' || segment === '')) return undefined;
  return pathInside(root, path.resolve(root, relative));
}

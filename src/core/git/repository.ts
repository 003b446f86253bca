import * as fs from 'node:fs';
import * as path from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';

/** Small, bounded git queries go through simple-git; large outputs (log, blame) are streamed by gitProcess. */
export function gitClient(cwd: string, signal?: AbortSignal): SimpleGit {
  return simpleGit({ baseDir: cwd, maxConcurrentProcesses: 2, ...(signal ? { abort: signal } : {}) }).env({
    ...process.env,
    LC_ALL: 'C',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_TERMINAL_PROMPT: '0',
  });
}

export interface Repository {
  /** Absolute path of the work tree's top level. */
  root: string;
  /** The commit HEAD points at, or undefined in a repository with no commits yet. */
  head: string | undefined;
  /** A shallow clone has only part of the history: results must say so. */
  shallow: boolean;
  /** Absolute path shared by all work trees of this repository; identifies it in caches. */
  commonDir: string;
}

export class NotAGitRepositoryError extends Error {
  constructor(readonly folder: string) {
    super(`${folder} is not inside a git repository`);
    this.name = 'NotAGitRepositoryError';
  }
}

export async function openRepository(folder: string, signal?: AbortSignal): Promise<Repository> {
  if (!fs.existsSync(folder)) throw new NotAGitRepositoryError(folder);
  const git = gitClient(folder, signal);
  let lines: string[];
  try {
    lines = (await git.raw(['rev-parse', '--show-toplevel', '--git-common-dir', '--is-shallow-repository']))
      .trimEnd()
      .split('\n');
  } catch {
    throw new NotAGitRepositoryError(folder);
  }
  const [root, commonDir, shallow] = lines as [string, string, string];
  return {
    root: path.resolve(root),
    commonDir: path.resolve(folder, commonDir),
    shallow: shallow === 'true',
    head: await resolveCommit(folder, 'HEAD', signal),
  };
}

/** The full sha `ref` names, or undefined when it names no commit. */
export async function resolveCommit(cwd: string, ref: string, signal?: AbortSignal): Promise<string | undefined> {
  try {
    return (await gitClient(cwd, signal).raw(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).trim() || undefined;
  } catch {
    return undefined;
  }
}

export async function isAncestor(cwd: string, ancestor: string, descendant: string, signal?: AbortSignal): Promise<boolean> {
  try {
    await gitClient(cwd, signal).raw(['merge-base', '--is-ancestor', ancestor, descendant]);
    return true;
  } catch {
    return false;
  }
}

/** Commits listed in `.git-blame-ignore-revs` (mass reformatting and the like); git requires full object names there. */
export function readIgnoreRevs(root: string): Set<string> {
  const file = path.join(root, '.git-blame-ignore-revs');
  const revs = new Set<string>();
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return revs;
  }
  for (const line of text.split(/\r?\n/)) {
    const rev = line.replace(/#.*/, '').trim();
    if (/^([0-9a-f]{40}|[0-9a-f]{64})$/i.test(rev)) revs.add(rev.toLowerCase());
  }
  return revs;
}

import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readBounded } from '../files/boundedRead';
import { CancelledError, readGit } from './gitProcess';

/**
 * Small, bounded git queries; large outputs (log, blame) are streamed by gitProcess. Both run under the safeGit
 * policy (which also drops git variables a calling hook may have set).
 */
export function gitQuery(cwd: string, args: string[], signal?: AbortSignal): Promise<string> {
  return readGit(args, { cwd, ...(signal ? { signal } : {}) });
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

/**
 * Where a repository's cached data lives under `cacheDir`: named after its common git dir, so every
 * work tree of one repository shares it.
 */
export function repositoryCacheFolder(cacheDir: string, repository: Repository): string {
  const id = crypto.createHash('sha256').update(repository.commonDir).digest('hex').slice(0, 16);
  const name = path.basename(path.dirname(repository.commonDir)).replace(/[^\w.-]/g, '_');
  return path.join(cacheDir, `${name}-${id}`);
}

/**
 * Creates a cache folder and the folders above it, and throws when that cannot be done. Not
 * `mkdirSync(…, { recursive: true })`: under `/proc` (e.g. `/proc/self/x`) the parent exists, yet
 * the child can never be created and Node's recursive mkdir retries forever. Here each level is
 * tried once, so any folder costs at most one attempt per path component.
 */
export function ensureCacheFolder(folder: string): void {
  const missing: string[] = [];
  let at = path.resolve(folder);
  for (;;) {
    try {
      if (fs.statSync(at).isDirectory()) break;
      throw new Error(`${at} is not a folder`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || path.dirname(at) === at) throw error;
      missing.push(at);
      at = path.dirname(at);
    }
  }
  for (const child of missing.reverse()) {
    try {
      fs.mkdirSync(child);
    } catch (error) {
      // Another process may have just created it; anything else is final.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !fs.statSync(child).isDirectory()) throw error;
    }
  }
}

/**
 * Replaces a cache file whole: `write` fills a file next to it, named for this write alone (the
 * extension's index worker and its main thread share a process id and may write the same HEAD's
 * cache), which is then renamed over it; removed when the write fails.
 */
export function replaceCacheFile(target: string, write: (temporary: string) => void): void {
  const temporary = `${target}.${crypto.randomUUID()}.tmp`;
  try {
    write(temporary);
    fs.renameSync(temporary, target);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * The heads that have a `<head><suffix>` file in `folder`, most recently written first. An entry that
 * cannot be stat'ed is skipped: another process sharing the cache may remove it meanwhile, or it is a
 * dangling link.
 */
export function cachedHeads(folder: string, suffix: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(folder).filter((name) => name.endsWith(suffix));
  } catch {
    return [];
  }
  return names
    .flatMap((name) => {
      try {
        return [{ name, mtime: fs.statSync(path.join(folder, name)).mtimeMs }];
      } catch {
        return [];
      }
    })
    .sort((a, b) => b.mtime - a.mtime)
    .map(({ name }) => name.slice(0, -suffix.length));
}

export class NotAGitRepositoryError extends Error {
  constructor(readonly folder: string) {
    super(`${folder} is not inside a git repository`);
    this.name = 'NotAGitRepositoryError';
  }
}

export async function openRepository(folder: string, signal?: AbortSignal): Promise<Repository> {
  if (!fs.existsSync(folder)) throw new NotAGitRepositoryError(folder);
  const describe = ['rev-parse', '--show-toplevel', '--git-common-dir', '--is-shallow-repository'];
  let lines: string[];
  try {
    // One process in the common case; a repository without commits has no HEAD to name.
    lines = (await gitQuery(folder, [...describe, 'HEAD'], signal).catch(async (error: unknown) => {
      if (error instanceof CancelledError) throw error;
      return gitQuery(folder, describe, signal);
    }))
      .trimEnd()
      .split('\n');
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    throw new NotAGitRepositoryError(folder);
  }
  const [root, commonDir, shallow, head] = lines as [string, string, string, string | undefined];
  return { root: path.resolve(root), commonDir: path.resolve(folder, commonDir), shallow: shallow === 'true', head };
}

export async function isAncestor(cwd: string, ancestor: string, descendant: string, signal?: AbortSignal): Promise<boolean> {
  // Compare the merge-base: exit 1 of `merge-base --is-ancestor` would look like any other failure here.
  try {
    return (await gitQuery(cwd, ['merge-base', ancestor, descendant], signal)).trim() === ancestor;
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    return false; // an unknown commit (garbage-collected after a rewrite) is no ancestor
  }
}

/** About 100,000 object names with comments: far more than any real list of reformatting commits. */
const MAX_IGNORE_REVS_BYTES = 8 * 1024 * 1024;

/** Commits listed in `.git-blame-ignore-revs` (mass reformatting and the like); git requires full object names there. */
export function readIgnoreRevs(root: string): Set<string> {
  const revs = new Set<string>();
  // Unreadable (a link out of the repository or to a device, over the cap) is as if absent, as before.
  const read = readBounded(root, '.git-blame-ignore-revs', MAX_IGNORE_REVS_BYTES);
  if (read.status !== 'read') return revs;
  for (const line of read.bytes.toString('utf8').split(/\r?\n/)) {
    const rev = line.replace(/#.*/, '').trim();
    if (/^([0-9a-f]{40}|[0-9a-f]{64})$/i.test(rev)) revs.add(rev.toLowerCase());
  }
  return revs;
}

/**
 * The text of one file at a revision (or in the work tree), size-capped: lockfiles can be tens of MB and a
 * binary or huge file must not be read whole into memory. Used for the old (merge-base) and new (HEAD or work
 * tree) text of a lockfile.
 */
import * as path from 'node:path';
import { readBounded, refusalMessage } from '../files/boundedRead';
import { GitError, streamGitLines, streamGitTokens } from './gitProcess';

/** 32 MiB: larger than any real lockfile (the biggest monorepo locks are ~20 MB), small enough to hold twice. */
export const MAX_BLOB_TEXT_BYTES = 32 * 1024 * 1024;

export type BlobText = { text: string; reason?: undefined } | { text: undefined; reason: string };

/**
 * The text of `filePath` (repo-relative, posix) at `revision`, or undefined with the reason: not in that
 * revision, not a file, over `maxBytes`, or binary (holds a NUL byte). Git failures other than "no such path"
 * (a broken repository, cancellation) are thrown, as the other git helpers do.
 */
export async function blobTextAt(cwd: string, revision: string, filePath: string, options: { maxBytes?: number; signal?: AbortSignal } = {}): Promise<BlobText> {
  const maxBytes = options.maxBytes ?? MAX_BLOB_TEXT_BYTES;
  const signal = options.signal ? { signal: options.signal } : {};
  // One `cat-file --batch-check` names the object and its size without reading it; `rev:path` is data on
  // stdin, never an option, whatever the revision or path spell.
  let header = '';
  await streamGitLines(['cat-file', '--batch-check=%(objectname) %(objecttype) %(objectsize)'], { cwd, stdin: `${revision}:${filePath}\n`, ...signal }, (line) => {
    header ||= line;
  });
  const [object, type, size] = header.split(' ');
  if (!object || / missing$| ambiguous$/.test(header) || type === undefined) return { text: undefined, reason: `${filePath} is not in ${revision}` };
  if (type !== 'blob') return { text: undefined, reason: `${filePath} at ${revision} is a ${type}, not a file` };
  const bytes = Number(size);
  if (!(bytes <= maxBytes)) return { text: undefined, reason: `${filePath} at ${revision} is ${bytes} bytes, over the ${maxBytes}-byte limit` };
  // The object id is fixed now, so what is read is what was measured. Tokens are split at NUL bytes:
  // more than one token means the file holds NULs, i.e. it is binary.
  const tokens: string[] = [];
  try {
    await streamGitTokens(['cat-file', 'blob', object], { cwd, ...signal }, (token) => tokens.push(token));
  } catch (error) {
    if (error instanceof GitError) return { text: undefined, reason: `${filePath} at ${revision} could not be read: ${error.stderr.trim() || 'git failed'}` };
    throw error;
  }
  if (tokens.length > 1) return { text: undefined, reason: `${filePath} at ${revision} is binary` };
  return { text: tokens[0] ?? '' };
}

/**
 * The text of `filePath` in the work tree at `root`, through the one bounded reader: only a regular file inside the
 * work tree (links leaving it refused), up to `maxBytes`.
 */
export async function workTreeText(root: string, filePath: string, maxBytes = MAX_BLOB_TEXT_BYTES): Promise<BlobText> {
  const normal = path.posix.normalize(filePath);
  if (path.posix.isAbsolute(normal) || normal === '..' || normal.startsWith('../')) return { text: undefined, reason: `${filePath} is outside the work tree` };
  const read = readBounded(root, normal, maxBytes);
  if (read.status === 'missing') return { text: undefined, reason: `${filePath} is not in the work tree` };
  if (read.status === 'refused') return { text: undefined, reason: `${filePath} in the work tree was not read: ${refusalMessage(read)}` };
  if (read.bytes.includes(0)) return { text: undefined, reason: `${filePath} in the work tree is binary` };
  return { text: read.bytes.toString('utf8') };
}

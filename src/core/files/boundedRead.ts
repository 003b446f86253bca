/**
 * The one way the tool reads a file it finds in a repository (team files, .mailmap, CODEOWNERS, untracked
 * files, ...). Such a file is written by whoever pushed the branch, so it is hostile until proven otherwise:
 * a link to `/dev/zero` or out of the repository, a named pipe (opening one for reading blocks until a
 * writer comes), a device, or a file of gigabytes. Only a regular file inside `root` is read, and never
 * more than `maxBytes` of it: the size is checked before reading and again while reading, so a file that
 * grows under us, or one that claims size 0 like those under /proc, is still bounded.
 *
 * Synchronous on purpose: the files are small once capped, and one variant keeps one set of checks.
 */
import { formatSize } from '../risk/format';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathInside } from '../paths';

/** Why a file was not read; callers turn it into their own message. */
export type Refusal =
  | { reason: 'too-large'; size: number; limit: number }
  | { reason: 'not-a-file'; kind: NotAFileKind }
  | { reason: 'outside' }
  | { reason: 'broken-link'; message: string }
  | { reason: 'unreadable'; message: string };

export type NotAFileKind = 'folder' | 'named pipe' | 'device' | 'socket' | 'special file';

export type BoundedRead = { status: 'read'; bytes: Buffer } | { status: 'missing' } | ({ status: 'refused' } & Refusal);

/* Not defined on Windows, where neither named pipes in the work tree nor links to follow are a concern. */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NOCTTY ?? 0);

/** First read of a file that claims size 0 (a /proc-like file); grown by doubling up to the cap. */
const UNKNOWN_SIZE_CHUNK = 64 * 1024;

/**
 * Reads `relative` (posix or native separators) under the folder `root`: at most `maxBytes`, and only when
 * it is a regular file whose real path (links resolved) is inside the real path of `root`.
 */
export function readBounded(root: string, relative: string, maxBytes: number): BoundedRead {
  const full = path.join(root, ...relative.split('/'));
  try {
    fs.lstatSync(full);
  } catch (error) {
    return isMissing(error) ? { status: 'missing' } : unreadable(error);
  }
  let real: string;
  let realRoot: string;
  try {
    real = fs.realpathSync(full);
  } catch (error) {
    return { status: 'refused', reason: 'broken-link', message: errorMessage(error) };
  }
  try {
    realRoot = fs.realpathSync(root);
  } catch (error) {
    return unreadable(error);
  }
  if (pathInside(realRoot, real) === undefined) return real === realRoot ? notAFile('folder') : { status: 'refused', reason: 'outside' };
  try {
    // Checked before opening as well as after: opening a device can have effects of its own.
    const before = checkStat(fs.statSync(real), maxBytes);
    if (before) return before;
    const fd = fs.openSync(real, OPEN_FLAGS);
    try {
      return readOpened(fd, maxBytes);
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    return isMissing(error) ? { status: 'missing' } : unreadable(error); // deleted, or swapped for a link, after the checks
  }
}

/** Reads an open descriptor after checking what it is (the path may have been swapped since it was checked). */
function readOpened(fd: number, maxBytes: number): BoundedRead {
  const stat = fs.fstatSync(fd);
  const refused = checkStat(stat, maxBytes);
  if (refused) return refused;
  // One byte over the cap tells a file that grew past it from one that ends exactly there.
  const cap = maxBytes + 1;
  let buffer = Buffer.allocUnsafe(Math.min(cap, stat.size > 0 ? stat.size + 1 : UNKNOWN_SIZE_CHUNK));
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (buffer.length >= cap) break;
      const grown = Buffer.allocUnsafe(Math.min(cap, buffer.length * 2));
      buffer.copy(grown, 0, 0, length);
      buffer = grown;
    }
    const read = fs.readSync(fd, buffer, length, buffer.length - length, null);
    if (read === 0) break;
    length += read;
  }
  if (length > maxBytes) return { status: 'refused', reason: 'too-large', size: Math.max(length, stat.size), limit: maxBytes };
  return { status: 'read', bytes: buffer.subarray(0, length) };
}

function checkStat(stat: fs.Stats, maxBytes: number): BoundedRead | undefined {
  if (!stat.isFile()) return notAFile(kindOf(stat));
  if (stat.size > maxBytes) return { status: 'refused', reason: 'too-large', size: stat.size, limit: maxBytes };
  return undefined;
}

function kindOf(stat: fs.Stats): NotAFileKind {
  if (stat.isDirectory()) return 'folder';
  if (stat.isFIFO()) return 'named pipe';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'device';
  if (stat.isSocket()) return 'socket';
  return 'special file';
}

function notAFile(kind: NotAFileKind): BoundedRead {
  return { status: 'refused', reason: 'not-a-file', kind };
}

function unreadable(error: unknown): BoundedRead {
  return { status: 'refused', reason: 'unreadable', message: errorMessage(error) };
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The user-facing words for a file the bounded reader refused. */
export function refusalMessage(refusal: Refusal): string {
  switch (refusal.reason) {
    case 'too-large':
      return `the file is ${formatSize(refusal.size)}, over the ${formatSize(refusal.limit)} limit for this file; not read`;
    case 'not-a-file':
      return `not a regular file (a ${refusal.kind}); not read`;
    case 'outside':
      return 'symbolic link to a location outside the repository; skipped';
    case 'broken-link':
      return `broken symbolic link (${refusal.message}); skipped`;
    case 'unreadable':
      return `cannot read: ${refusal.message}`;
  }
}

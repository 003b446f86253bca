/**
 * Small git queries about the change in a work tree: the base branch, the merge-base, the files and lines changed
 * since it (committed, staged, unstaged and untracked). Diff outputs are streamed; the rest is bounded.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readBounded, type Refusal } from '../files/boundedRead';
import { formatSize } from '../risk/format';
import { streamGitLines, streamGitTokens } from './gitProcess';
import { gitQuery } from './repository';
import { DIFF_PROGRAMS_OFF } from './safeGit';

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

/**
 * Commits in `from..to`, newest first. Each field is ended by a NUL, the one byte git cannot put in a
 * name or subject, and read by its position: any other byte in a name or subject is just text.
 */
export async function commitsBetween(root: string, from: string, to: string, signal?: AbortSignal): Promise<CommitLine[]> {
  const commits: CommitLine[] = [];
  let fields: string[] = [];
  await streamGitTokens(['log', '-z', '--format=%H%x00%an%x00%ae%x00%s', `${from}..${to}`, '--'], { cwd: root, ...(signal ? { signal } : {}) }, (token) => {
    fields.push(token);
    if (fields.length < 4) return;
    const [sha = '', author = '', email = '', subject = ''] = fields;
    commits.push({ sha, author, email, subject });
    fields = [];
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

/** A block of lines on one side of a diff hunk: `count` lines from `start` (count 0: an insertion after line `start`). */
export interface HunkSide {
  start: number;
  count: number;
}

export interface FileDiff {
  path: string;
  /** The former path of a renamed or copied file. */
  oldPath?: string;
  status: DiffStatus;
  binary: boolean;
  /** Lines added and removed (0 for binary files), as `--numstat` counts them. */
  added: number;
  removed: number;
  old: HunkSide[];
  new: HunkSide[];
  /** Text of the added and removed lines (without the +/- sign), up to a bound per file. */
  addedLines: string[];
  removedLines: string[];
  /**
   * Set when the path is a submodule (a gitlink, mode 160000) on either side: the commits it points at (full
   * names; `from` absent when added, `to` absent when removed). Such an entry has no lines, hunks or text.
   */
  submodule?: { from?: string; to?: string };
}

/** A gitlink's mode, on `index a..b 160000`, `new file mode 160000`, `old mode 160000` and the like. */
const GITLINK_MODE = /(^index \S+ |mode )160000$/;
/** The one "line" git prints for each side of a gitlink's diff. */
const SUBPROJECT_LINE = /^([-+])Subproject commit ([0-9a-f]{40,64})/;

/** Lines of added/removed text kept per file: enough to spot new environment variables and dependency bumps. */
const MAX_TEXT_LINES = 5000;

/**
 * `git diff -U0 -M <base>`: the work tree (staged and unstaged) against `base`, renames detected, in one pass over
 * the work tree. Status, rename source, binary flag, line counts, hunks and changed text all come from the patch
 * (what `--name-status` and `--numstat` would print, without scanning a 20,000-file work tree three times).
 */
export async function diffFiles(root: string, base: string, signal?: AbortSignal): Promise<FileDiff[]> {
  const files: FileDiff[] = [];
  let current: FileDiff | undefined;
  let inHunks = false;
  const args = [...RAW_PATHS, 'diff', '-U0', '-M', '--no-color', ...DIFF_PROGRAMS_OFF, '--ignore-submodules=dirty', '--src-prefix=a/', '--dst-prefix=b/', base, '--'];
  await streamGitLines(args, { cwd: root, ...(signal ? { signal } : {}) }, (line) => {
    if (line.startsWith('diff --git ')) {
      const name = gitLineName(line.slice('diff --git '.length));
      current = { path: name, status: 'modified', binary: false, added: 0, removed: 0, old: [], new: [], addedLines: [], removedLines: [] };
      files.push(current);
      inHunks = false;
      return;
    }
    if (!current) return;
    if (!inHunks) {
      if (GITLINK_MODE.test(line)) current.submodule ??= {};
      if (line.startsWith('new file mode')) current.status = 'added';
      else if (line.startsWith('deleted file mode')) current.status = 'deleted';
      else if (line.startsWith('rename from ') || line.startsWith('copy from ')) {
        current.oldPath = unquote(line.slice(line.indexOf(' from ') + 6));
        current.status = line.startsWith('rename') ? 'renamed' : 'copied';
      } else if (line.startsWith('rename to ') || line.startsWith('copy to ')) current.path = unquote(line.slice(line.indexOf(' to ') + 4));
      else if (line.startsWith('+++ ')) {
        const name = stripPrefix(unquote(headerName(line)), 'b/');
        if (name !== undefined) current.path = name;
      } else if (line.startsWith('--- ')) {
        const name = stripPrefix(unquote(headerName(line)), 'a/');
        if (name !== undefined && current.status === 'deleted') current.path = name;
      } else if (line.startsWith('Binary files ')) current.binary = true;
      else if (line.startsWith('@@')) inHunks = true;
      if (!inHunks) return;
    }
    if (current.submodule) {
      // A submodule bump is no text: it is never blamed, read or counted as lines (see impact's submodule kind).
      const commit = SUBPROJECT_LINE.exec(line);
      if (commit) current.submodule[commit[1] === '-' ? 'from' : 'to'] = commit[2]!;
    } else if (line.startsWith('@@')) {
      const hunk = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (hunk) {
        current.old.push({ start: Number(hunk[1]), count: hunk[2] === undefined ? 1 : Number(hunk[2]) });
        current.new.push({ start: Number(hunk[3]), count: hunk[4] === undefined ? 1 : Number(hunk[4]) });
      }
    } else if (line.startsWith('+')) {
      current.added++;
      if (current.addedLines.length < MAX_TEXT_LINES) current.addedLines.push(line.slice(1));
    } else if (line.startsWith('-')) {
      current.removed++;
      if (current.removedLines.length < MAX_TEXT_LINES) current.removedLines.push(line.slice(1));
    }
  });
  return files;
}

/**
 * The path on a `diff --git a/P b/P` line. Both sides are equal unless the file was renamed or copied (then the
 * `rename to`/`copy to` line that follows names it), so the first half is the name; quoted names are unquoted.
 */
function gitLineName(rest: string): string {
  if (rest.startsWith('"')) {
    const end = rest.indexOf('" ', 1);
    return stripPrefix(unquote(rest.slice(0, end + 1)), 'a/') ?? rest;
  }
  const length = (rest.length - 5) / 2; // "a/" + P + " b/" + P
  return Number.isInteger(length) ? rest.slice(2, 2 + length) : rest.slice(2, rest.indexOf(' b/'));
}

function stripPrefix(name: string, prefix: string): string | undefined {
  if (name === '/dev/null') return undefined;
  return name.startsWith(prefix) ? name.slice(prefix.length) : name;
}

/** Git quotes names with control characters, quotes or backslashes C-style, even with core.quotepath off. */
/**
 * The name on a `--- ` or `+++ ` line. Git ends the line with a tab when an unquoted name contains a
 * space (so patch tools know where the name ends); the tab is not part of the name.
 */
function headerName(line: string): string {
  const name = line.slice(4);
  return name.endsWith('\t') ? name.slice(0, -1) : name;
}

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

export interface WorkTreeStatus {
  /** Files git does not track and does not ignore, sorted. */
  untracked: string[];
  /** True when the index or the work tree differs from HEAD (staged or unstaged changes). */
  dirty: boolean;
}

/** One `git status` pass: untracked files and whether anything is staged or unstaged. */
export async function workTreeStatus(root: string, signal?: AbortSignal): Promise<WorkTreeStatus> {
  const untracked: string[] = [];
  let dirty = false;
  await streamGitTokens([...RAW_PATHS, 'status', '-z', '--porcelain=v1', '--untracked-files=all', '--no-renames', '--ignore-submodules=dirty'], { cwd: root, ...(signal ? { signal } : {}) }, (token) => {
    if (token.length < 4) return;
    if (token.startsWith('?? ')) untracked.push(token.slice(3));
    else if (!token.startsWith('!! ')) dirty = true;
  });
  return { untracked: untracked.sort(), dirty };
}

export interface WorkTreeText {
  binary: boolean;
  /** Undefined for binary or unread files. */
  lines?: string[];
  /** Why the file was counted but not read (too large, not a regular file, a link out of the repository), for the user. */
  unread?: string;
}

/** Larger untracked files are counted but not read for added-line details. */
const MAX_UNTRACKED_BYTES = 1024 * 1024;

/**
 * Reads an untracked work-tree file, at most MAX_UNTRACKED_BYTES of it, and decides text from binary the
 * way git does: a NUL byte in the first 8000 bytes. A symbolic link is not followed (git counts the link,
 * not its target).
 */
export function readWorkTreeText(root: string, file: string): WorkTreeText {
  try {
    if (fs.lstatSync(path.join(root, file)).isSymbolicLink()) return { binary: false, lines: [] };
  } catch {
    return { binary: false, lines: [] }; // gone since git listed it
  }
  const read = readBounded(root, file, MAX_UNTRACKED_BYTES);
  if (read.status === 'missing') return { binary: false, lines: [] };
  if (read.status === 'refused') return { binary: false, unread: `${unreadReason(read)}; counted but not read` };
  const buffer = read.bytes;
  if (buffer.subarray(0, 8000).includes(0)) return { binary: true };
  const text = buffer.toString('utf8');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return { binary: false, lines };
}

function unreadReason(refusal: Refusal): string {
  switch (refusal.reason) {
    case 'too-large':
      return `the file is ${formatSize(refusal.size)}, over the ${formatSize(refusal.limit)} limit for untracked files`;
    case 'not-a-file':
      return `not a regular file (a ${refusal.kind})`;
    case 'outside':
      return 'inside a folder linked from outside the repository';
    case 'broken-link':
      return `broken symbolic link (${refusal.message})`;
    case 'unreadable':
      return `cannot read: ${refusal.message}`;
  }
}

/** Whether a path exists in the work tree (a file or a folder). */
export function existsInWorkTree(root: string, file: string): boolean {
  return fs.existsSync(path.join(root, file));
}

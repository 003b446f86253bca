/**
 * The change under review: the current branch against its merge-base with the base branch, plus staged, unstaged
 * and untracked (not ignored) work. Works on a detached HEAD and on branches without an upstream.
 */
import {
  authorIdentity,
  BaseNotFoundError,
  commitsBetween,
  currentBranch,
  detectBaseRef,
  diffFiles,
  mergeBase,
  readWorkTreeText,
  resolveCommit,
  workTreeStatus,
  type BaseSource,
  type CommitLine,
  type DiffStatus,
  type HunkSide,
} from '../git/diff';
import { compareText } from '../history/history';

export { BaseNotFoundError, type BaseSource, type HunkSide };

export type ChangeStatus = DiffStatus | 'untracked';

export interface ChangedFile {
  path: string;
  /** The former path of a renamed or copied file. */
  oldPath?: string;
  status: ChangeStatus;
  binary: boolean;
  added: number;
  removed: number;
  /** Hunks in the base version's line numbers (count 0: lines were inserted after `start`). */
  oldHunks: HunkSide[];
  /** Hunks in the work tree's line numbers (count 0: lines were deleted after `start`). */
  newHunks: HunkSide[];
  /** Text of added and removed lines (bounded), for detecting new environment variables and dependency bumps. */
  addedLines: string[];
  removedLines: string[];
  /** Why an untracked file was counted but its lines not read (too large, not a regular file), for the user. */
  unread?: string;
  /** A submodule (gitlink) and the commits it pointed at and points at now; it has no lines, hunks or text. */
  submodule?: { from?: string; to?: string };
}

export interface Person {
  name: string;
  email: string;
}

export interface Change {
  root: string;
  base: { ref: string; source: BaseSource; sha: string };
  mergeBase: string;
  head: string;
  /** Undefined on a detached HEAD. */
  branch?: string;
  /** Commits since the merge-base, newest first. */
  commits: CommitLine[];
  /** Who made the change: the authors of its commits and the configured git identity. */
  authors: Person[];
  /** True when staged, unstaged or untracked work is part of the change. */
  uncommitted: boolean;
  /** Sorted by path. */
  files: ChangedFile[];
  totals: { files: number; added: number; removed: number };
}

export interface ReadChangeOptions {
  /** Compare with this ref instead of the detected base branch. */
  base?: string;
  signal?: AbortSignal;
}

export async function readChange(root: string, options: ReadChangeOptions = {}): Promise<Change> {
  const { signal } = options;
  const head = await resolveCommit(root, 'HEAD', signal);
  if (!head) throw new BaseNotFoundError('the repository has no commits yet');
  const base = options.base !== undefined ? { ref: options.base, source: 'option' as const } : await detectBaseRef(root, signal);
  const baseSha = await resolveCommit(root, base.ref, signal);
  if (!baseSha) throw new BaseNotFoundError(`--base: "${base.ref}" names no commit`);
  const forkPoint = await mergeBase(root, baseSha, head, signal);
  if (!forkPoint) throw new BaseNotFoundError(`${base.ref} and HEAD have no common history`);

  const [branch, commits, identity, diffs, status] = await Promise.all([
    currentBranch(root, signal),
    commitsBetween(root, forkPoint, head, signal),
    authorIdentity(root, signal),
    diffFiles(root, forkPoint, signal),
    workTreeStatus(root, signal),
  ]);
  const untracked = status.untracked;

  const files: ChangedFile[] = diffs.map((diff) => ({
    path: diff.path,
    ...(diff.oldPath !== undefined ? { oldPath: diff.oldPath } : {}),
    status: diff.status,
    binary: diff.binary,
    added: diff.added,
    removed: diff.removed,
    oldHunks: diff.old,
    newHunks: diff.new,
    addedLines: diff.addedLines,
    removedLines: diff.removedLines,
    ...(diff.submodule ? { submodule: diff.submodule } : {}),
  }));
  const tracked = new Set(files.map((file) => file.path));
  for (const path of untracked) {
    if (tracked.has(path)) continue;
    const text = readWorkTreeText(root, path);
    const lines = text.lines ?? [];
    files.push({
      path,
      status: 'untracked',
      binary: text.binary,
      added: lines.length,
      removed: 0,
      oldHunks: [],
      newHunks: lines.length > 0 ? [{ start: 1, count: lines.length }] : [],
      addedLines: lines.slice(0, 5000),
      removedLines: [],
      ...(text.unread !== undefined ? { unread: text.unread } : {}),
    });
  }
  files.sort((a, b) => compareText(a.path, b.path));

  const authors = new Map<string, Person>();
  for (const commit of commits) authors.set(commit.email.toLowerCase(), { name: commit.author, email: commit.email });
  if (identity) authors.set(identity.email.toLowerCase(), identity);
  return {
    root,
    base: { ...base, sha: baseSha },
    mergeBase: forkPoint,
    head,
    ...(branch ? { branch } : {}),
    commits,
    authors: [...authors.values()].sort((a, b) => compareText(a.email, b.email)),
    uncommitted: untracked.length > 0 || status.dirty,
    files,
    totals: { files: files.length, added: sum(files, (f) => f.added), removed: sum(files, (f) => f.removed) },
  };
}

function sum<T>(items: T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}

/** Whether a change hunk touches lines start..end of the base version (an insertion counts when inside the block). */
export function touchesOldLines(file: ChangedFile, start: number, end: number): boolean {
  return file.oldHunks.some((hunk) => (hunk.count === 0 ? hunk.start >= start && hunk.start < end : hunk.start <= end && hunk.start + hunk.count - 1 >= start));
}

/** Base-version lines a file's hunks change or remove, and the line before each insertion; for `git blame -L`. */
export function oldLineSpans(file: ChangedFile): Array<{ start: number; end: number }> {
  return file.oldHunks.map((hunk) => (hunk.count === 0 ? { start: Math.max(1, hunk.start), end: Math.max(1, hunk.start) } : { start: hunk.start, end: hunk.start + hunk.count - 1 }));
}

/** The first line of the new version a file's change touches (for annotations); 1 when nothing is left. */
export function firstChangedLine(file: ChangedFile): number {
  const first = file.newHunks[0];
  return first ? Math.max(1, first.count === 0 ? first.start : first.start) : 1;
}

import { streamGitLines } from '../git/gitProcess';
import { DIFF_PROGRAMS_OFF } from '../git/safeGit';
import { readBounded } from '../files/boundedRead';
import { BlameCache, type BlameEntry } from './blameCache';
import type { History } from './history';

/** A block of lines whose last change was made by fix- or incident-linked commits. */
export interface BlamedRange {
  /** 1-based, inclusive. */
  start: number;
  end: number;
  /** Indices of the commits in the history index. */
  commits: number[];
}

export interface BlameOptions {
  root: string;
  /** Repository-relative posix path. */
  file: string;
  /** Unsaved editor contents; blamed against HEAD instead of the file on disk. */
  contents?: string;
  signal?: AbortSignal;
  /** Called with the ranges found so far while blame streams, so marks can appear early. */
  onPartial?: (ranges: BlamedRange[]) => void;
}

const ENTRY_HEADER = /^([0-9a-f]{40}|[0-9a-f]{64}) \d+ (\d+) (\d+)$/;
/** Larger files are blamed each time, not kept (their text would be read and hashed only for the key). */
const MAX_CACHED_FILE_BYTES = 4 * 1024 * 1024;

/**
 * Streams `git blame --incremental` for one file and keeps the line ranges last touched by fix
 * commits or by commits that name an incident. Ignored revisions (`.git-blame-ignore-revs`) are
 * passed to git so a mass reformat does not hide the fix underneath. With `cache`, what git said is
 * kept for the same HEAD, path and text (see `BlameCache`), and used instead of git next time.
 */
export async function blameRiskRanges(history: History, options: BlameOptions & { cache?: { store: BlameCache; head: string } }): Promise<BlamedRange[]> {
  const ignored = ignoredRevisions(history);
  const kept = options.cache && cacheKey(options.cache.head, ignored, options);
  if (kept) {
    const entries = options.cache!.store.read(kept.key, kept.lineCount);
    if (entries) return riskRanges(history, entries);
  }
  const args = ['blame', '--incremental', ...DIFF_PROGRAMS_OFF, ...ignored.flatMap((sha) => ['--ignore-rev', sha])];
  if (options.contents !== undefined) args.push('--contents', '-');
  args.push('--', options.file);

  const entries: BlameEntry[] = [];
  const segments: BlamedRange[] = [];
  let lastPartial = 0;
  await streamGitLines(args, { cwd: options.root, signal: options.signal, stdin: options.contents }, (line) => {
    const header = ENTRY_HEADER.exec(line);
    if (!header) return;
    const entry = { sha: header[1]!, start: Number(header[2]), lines: Number(header[3]) };
    entries.push(entry);
    const segment = riskSegment(history, entry);
    if (!segment) return;
    segments.push(segment);
    if (options.onPartial && segments.length - lastPartial >= 50) {
      lastPartial = segments.length;
      options.onPartial(mergeAdjacent(segments));
    }
  });
  // Kept only when the text blamed is still the text the key was made of (the file may have been saved meanwhile).
  if (kept && (options.contents !== undefined || cacheKey(options.cache!.head, ignored, options)?.key === kept.key)) options.cache!.store.write(kept.key, entries);
  return mergeAdjacent(segments);
}

/** The ranges of `entries` whose commit marks lines (a fix, a revert, an incident), touching ones joined. */
function riskRanges(history: History, entries: readonly BlameEntry[]): BlamedRange[] {
  return mergeAdjacent(entries.flatMap((entry) => riskSegment(history, entry) ?? []));
}

/** The lines of one blame entry when its commit marks lines. */
function riskSegment(history: History, entry: BlameEntry): BlamedRange | undefined {
  const index = history.commitIndex(entry.sha);
  if (index === undefined || !history.marksLines(index)) return undefined;
  return { start: entry.start, end: entry.start + entry.lines - 1, commits: [index] };
}

/** The key of this blame and how many lines its text has; undefined when the file is not kept (unreadable, too large). */
function cacheKey(head: string, ignored: readonly string[], options: BlameOptions): { key: string; lineCount: number } | undefined {
  let text: Buffer | string;
  if (options.contents !== undefined) text = options.contents;
  else {
    const read = readBounded(options.root, options.file, MAX_CACHED_FILE_BYTES);
    if (read.status !== 'read') return undefined;
    text = read.bytes;
  }
  let lineCount = 1;
  if (typeof text === 'string') for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lineCount++;
  else for (let at = text.indexOf(10); at !== -1; at = text.indexOf(10, at + 1)) lineCount++;
  return { key: BlameCache.key(head, ignored, options.file, text), lineCount };
}

/** The ignored revisions git knows: an unknown one in the file would make blame fail outright. */
function ignoredRevisions(history: History): string[] {
  return [...history.ignoredRevisions()].filter((sha) => history.commitIndex(sha) !== undefined);
}

/** Sorts and joins touching ranges of the same commit. */
export function mergeAdjacent(ranges: BlamedRange[]): BlamedRange[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const merged: BlamedRange[] = [];
  for (const range of sorted) {
    const previous = merged[merged.length - 1];
    if (previous && previous.end + 1 >= range.start && sameCommits(previous.commits, range.commits)) {
      previous.end = Math.max(previous.end, range.end);
    } else {
      merged.push({ ...range, commits: [...range.commits] });
    }
  }
  return merged;
}

function sameCommits(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

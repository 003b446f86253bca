import { streamGitLines } from '../git/gitProcess';
import { DIFF_PROGRAMS_OFF } from '../git/safeGit';
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

/**
 * Streams `git blame --incremental` for one file and keeps the line ranges last touched by fix
 * commits or by commits that name an incident. Ignored revisions (`.git-blame-ignore-revs`) are
 * passed to git so a mass reformat does not hide the fix underneath.
 */
export async function blameRiskRanges(history: History, options: BlameOptions): Promise<BlamedRange[]> {
  const args = ['blame', '--incremental', ...DIFF_PROGRAMS_OFF, ...ignoreRevArguments(history)];
  if (options.contents !== undefined) args.push('--contents', '-');
  args.push('--', options.file);

  const segments: BlamedRange[] = [];
  let lastPartial = 0;
  await streamGitLines(args, { cwd: options.root, signal: options.signal, stdin: options.contents }, (line) => {
    const header = ENTRY_HEADER.exec(line);
    if (!header) return;
    const index = history.commitIndex(header[1]!);
    if (index === undefined || !history.marksLines(index)) return;
    const start = Number(header[2]);
    segments.push({ start, end: start + Number(header[3]) - 1, commits: [index] });
    if (options.onPartial && segments.length - lastPartial >= 50) {
      lastPartial = segments.length;
      options.onPartial(mergeAdjacent(segments));
    }
  });
  return mergeAdjacent(segments);
}

function ignoreRevArguments(history: History): string[] {
  // Only revisions git knows: an unknown one in the file would make blame fail outright.
  return [...history.ignoredRevisions()].flatMap((sha) => (history.commitIndex(sha) === undefined ? [] : ['--ignore-rev', sha]));
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

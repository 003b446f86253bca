/**
 * Where a backtest cuts the history: cutoffs one window apart on HEAD's first-parent line, and month
 * arithmetic that does not drift at month ends. Shared by the file backtest and `backtest --changes`.
 */
import { streamGitLines } from '../git/gitProcess';
import type { Repository } from '../git/repository';
import { isoDate, secondsOf } from '../risk/format';

export const DEFAULT_CUTOFF_COUNT = 4;

export class BacktestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BacktestError';
  }
}

export interface FirstParentCommit {
  sha: string;
  time: number;
}

/** `count` cutoffs one window apart, the latest one window before the last commit's day, each with at least one window of history before it. */
export function defaultCutoffs(firstParent: readonly FirstParentCommit[], windowMonths: number, count = DEFAULT_CUTOFF_COUNT): Date[] {
  if (firstParent.length === 0) return [];
  const times = firstParent.map((commit) => commit.time);
  const first = Math.min(...times);
  const last = Math.max(...times);
  const lastDay = new Date(secondsOf(isoDate(last)) * 1000);
  const cutoffs: Date[] = [];
  for (let k = 1; k <= count; k++) {
    const cutoff = addMonths(lastDay, -k * windowMonths);
    if (addMonths(cutoff, -windowMonths).getTime() / 1000 >= first) cutoffs.push(cutoff);
  }
  if (cutoffs.length === 0) {
    const only = addMonths(lastDay, -windowMonths);
    if (only.getTime() / 1000 <= first) {
      throw new BacktestError(
        `the history runs from ${isoDate(first)} to ${isoDate(last)}: too short for a ${windowMonths}-month window after a cutoff; try a shorter --window`,
      );
    }
    cutoffs.push(only);
  }
  return cutoffs.reverse();
}

/**
 * The same day and time `months` later (or earlier), clamped to the target month's last day: 2025-03-31 minus one
 * month is 2025-02-28, not 2025-03-03 (what `setUTCMonth` gives), so cutoffs do not drift at month ends.
 */
export function addMonths(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return result;
}

/** HEAD's first-parent line, newest first, with author times. */
export async function firstParentLine(repository: Repository, signal?: AbortSignal): Promise<FirstParentCommit[]> {
  const commits: FirstParentCommit[] = [];
  await streamGitLines(['log', '--first-parent', '--format=%H %at', repository.head!], { cwd: repository.root, ...(signal ? { signal } : {}) }, (line) => {
    const [sha, time] = line.split(' ');
    if (sha && time) commits.push({ sha, time: Number(time) });
  });
  return commits;
}

/**
 * The index as it stood at each of the backtest's cutoffs — before the first commit authored at or
 * after it — taken in one pass over the history: replayed from an open engine's history index
 * (`replayFromIndex.ts`, no git log), or, without one, read from git with `git log`.
 */
import type { Repository } from '../git/repository';
import type { HistoryData } from '../history/historyData';
import { loadHistory, type IndexProgress } from '../history/historyLoader';
import { IndexReplayMismatch, replaySnapshots, type HistorySnapshots } from './replayFromIndex';

/** Where the past came from: replayed from the history index, or read from git (no index given, or its replay failed: `reason`). */
export interface PastSource {
  from: 'index' | 'git';
  reason?: string;
}

/** The snapshots at `cutoffs`: replayed from `index` (HEAD's) when given, else read from git. */
export async function pastSnapshots(
  index: HistoryData | undefined,
  repository: Repository,
  cutoffs: readonly Date[],
  signal: AbortSignal | undefined,
  onProgress: ((progress: IndexProgress) => void) | undefined,
): Promise<{ snapshots: HistorySnapshots; historySource: PastSource }> {
  let reason: string | undefined;
  if (index && index.head === repository.head) {
    try {
      return { snapshots: await replaySnapshots(index, cutoffs, { ...(signal ? { signal } : {}), ...(onProgress ? { onProgress } : {}) }), historySource: { from: 'index' } };
    } catch (error) {
      if (!(error instanceof IndexReplayMismatch)) throw error;
      reason = error.message;
    }
  } else if (index) {
    reason = `the engine's index is of ${String(index.head).slice(0, 12)}, not HEAD`;
  }
  return { snapshots: await readWithSnapshots(repository, cutoffs, signal, onProgress), historySource: { from: 'git', ...(reason ? { reason } : {}) } };
}

/** One full read of the history, with the index as it stood before the first commit authored at or after each cutoff. */
export async function readWithSnapshots(
  repository: Repository,
  cutoffs: readonly Date[],
  signal: AbortSignal | undefined,
  onProgress: ((progress: IndexProgress) => void) | undefined,
): Promise<HistorySnapshots> {
  const pending = cutoffs.map((cutoff) => cutoff.getTime());
  const at = new Map<number, HistoryData>();
  const load = await loadHistory({
    repository,
    ...(signal ? { signal } : {}),
    ...(onProgress ? { onProgress } : {}),
    beforeApply(time, builder) {
      if (pending.length === 0 || time * 1000 < pending[0]!) return;
      const snapshot = builder.build(undefined);
      while (pending.length > 0 && time * 1000 >= pending[0]!) at.set(pending.shift()!, snapshot);
    },
  });
  return { final: load.data, at };
}

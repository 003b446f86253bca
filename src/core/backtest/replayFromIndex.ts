/**
 * The backtest's past from the history index instead of a second read of git: the index holds every
 * commit in the order it was applied, with what each did to the files' paths (`pathEvents`), so
 * replaying its commits into a fresh `HistoryBuilder` passes through exactly the states a read from
 * git passes through, and the index as it stood at each cutoff is snapshotted on the way — the same
 * snapshots `readWithSnapshots` takes while git streams the log, with no git process.
 *
 * The replay ends by checking that it arrived at the index it started from (paths, alive files,
 * authors); should it not, `IndexReplayMismatch` says where, and the backtest reads git instead.
 */
import { setImmediate as yieldToEvents } from 'node:timers/promises';
import { CancelledError } from '../git/gitProcess';
import { HistoryBuilder } from '../history/historyIndex';
import { mergeShaAt, type HistoryData } from '../history/historyData';
import type { IndexProgress } from '../history/historyLoader';

export interface HistorySnapshots {
  /** The whole history (HEAD's index). */
  final: HistoryData;
  /** Cutoff (ms) → the index before the first commit authored at or after it; absent when no commit is. */
  at: Map<number, HistoryData>;
}

export class IndexReplayMismatch extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IndexReplayMismatch';
  }
}

/** Commits replayed between two looks at the event loop (a cancellation, progress). */
const COMMITS_PER_TURN = 5000;

/** Snapshots of `index` before the first commit authored at or after each cutoff, replayed from the index alone. */
export async function replaySnapshots(
  index: HistoryData,
  cutoffs: readonly Date[],
  options: { signal?: AbortSignal; onProgress?: (progress: IndexProgress) => void } = {},
): Promise<HistorySnapshots> {
  const { signal, onProgress } = options;
  const pending = cutoffs.map((cutoff) => cutoff.getTime()).sort((a, b) => a - b);
  const at = new Map<number, HistoryData>();
  const names = authorNamesByCommit(index);
  const targets = renameTargets(index);
  let nextTarget = 0;
  const renameTarget = () => {
    if (nextTarget >= targets.length) throw new IndexReplayMismatch('the index has fewer rename targets than renames');
    return targets[nextTarget++]!;
  };
  const builder = new HistoryBuilder(index.logInputs);
  builder.reserve(index.commitCount, index.messages.length, index.commitFileIds.length);
  builder.queueMerges(Array.from(index.mergePositions, (at, k) => ({ sha: mergeShaAt(index, k), at })));
  for (let commit = 0; commit < index.commitCount; commit++) {
    if (commit % COMMITS_PER_TURN === 0) {
      await yieldToEvents();
      if (signal?.aborted) throw new CancelledError();
      onProgress?.({ message: 'Replaying the history index', done: commit, total: index.commitCount });
    }
    const time = index.times[commit]! * 1000;
    if (pending.length > 0 && time >= pending[0]!) {
      const snapshot = builder.build(undefined);
      while (pending.length > 0 && time >= pending[0]!) at.set(pending.shift()!, snapshot);
    }
    try {
      builder.replay(index, commit, names[commit]!, renameTarget);
    } catch (error) {
      if (error instanceof IndexReplayMismatch) throw error;
      throw new IndexReplayMismatch(error instanceof Error ? error.message : String(error));
    }
  }
  const difference = differenceFrom(index, builder.build(index.head), nextTarget === targets.length);
  if (difference) throw new IndexReplayMismatch(`the replayed index differs from the index in its ${difference}`);
  return { final: index, at };
}

/**
 * The name each commit's author had when the commit was read: the index keeps each author's latest
 * name and, per change of name, the one before; walking back from the last commit undoes them.
 */
function authorNamesByCommit(index: HistoryData): string[] {
  const current = [...index.authorNames];
  const names = new Array<string>(index.commitCount);
  let change = index.authorRenames.length / 2 - 1;
  for (let commit = index.commitCount - 1; commit >= 0; commit--) {
    names[commit] = current[index.authorOfCommit[commit]!]!;
    for (; change >= 0 && index.authorRenames[change * 2] === commit; change--) {
      current[index.authorRenames[change * 2 + 1]!] = index.previousAuthorNames[change]!;
    }
  }
  return names;
}

function renameTargets(index: HistoryData): string[] {
  const { renameTargets: bytes } = index;
  if (bytes.length === 0) return [];
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength - 1).toString('utf8').split('\0');
}

/** What of the replayed index is not the index it was replayed from, or undefined when nothing is. */
function differenceFrom(index: HistoryData, replayed: HistoryData, allTargetsUsed: boolean): string | undefined {
  const sameArrays = (a: ArrayLike<unknown>, b: ArrayLike<unknown>) => {
    if (a.length !== b.length) return false;
    for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
    return true;
  };
  if (!allTargetsUsed) return 'rename targets (some left over)';
  if (replayed.commitCount !== index.commitCount) return 'commit count';
  if (!sameArrays(replayed.filePaths, index.filePaths)) return 'file paths';
  if (!sameArrays(replayed.fileAlive, index.fileAlive)) return 'alive files';
  if (!sameArrays(replayed.liveFileIds, index.liveFileIds)) return 'live files';
  if (!sameArrays(replayed.authorNames, index.authorNames) || !sameArrays(replayed.authorEmails, index.authorEmails)) return 'authors';
  for (const [id, paths] of index.formerPaths) if (!sameArrays(replayed.formerPaths.get(id) ?? [], paths)) return `former paths of ${index.filePaths[id]}`;
  if (replayed.formerPaths.size !== index.formerPaths.size) return 'renamed files';
  if (replayed.renamedAway.size !== index.renamedAway.size || [...index.renamedAway].some(([path, id]) => replayed.renamedAway.get(path) !== id)) return 'paths renamed away';
  return undefined;
}

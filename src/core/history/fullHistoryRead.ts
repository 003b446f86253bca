/**
 * Reads the whole history, applied in `commitOrder`. git is the bottleneck, so two git processes
 * read it at once, meeting in the middle: one newest first, the other oldest first (`--reverse` of
 * the same walk); as soon as either hands over a commit the other already has, every commit has been
 * read and both are stopped. Each one's share follows its own speed (nothing to estimate, no
 * `git rev-list` to wait for first): the commits' parents, read along, give the graph, and the order
 * of application is the graph's, never the order commits arrive in. Until that order is known the
 * commits are held compactly (`StagedCommits`).
 */
import { CancelledError } from '../git/gitProcess';
import type { Repository } from '../git/repository';
import type { MessageVerdict } from './classification';
import { CommitGraph, commitOrder } from './commitOrder';
import type { HistoryBuilder } from './historyIndex';
import { streamCommitGraph, type LoggedCommit } from './logStream';
import { StagedCommits } from './stagedCommits';

export interface IndexProgress {
  message: string;
  done: number;
  total?: number;
}

/** How the history is read from git (`LoadHistoryOptions` adds the cache and the classification). */
export interface FullReadOptions {
  repository: Repository;
  signal?: AbortSignal;
  onProgress?: (progress: IndexProgress) => void;
  /**
   * The whole history's git processes run at a lower priority (see GitStreamOptions.background): for
   * the editor, where the open files' own history and blame must not wait behind them. Not for the
   * CLI, where the only other work is this process's own parsing of their output.
   */
  background?: boolean;
  /** Read the whole history with one git process instead of two meeting in the middle (they give the same index). */
  singleProcess?: boolean;
  /**
   * The message rules' verdict on one commit (see `judgeMessage`): given with `classify`, the full
   * read judges each commit as it arrives, while git still works on the rest, and hands the verdicts
   * to `classify` instead of leaving all of them for after the read.
   */
  judgeMessage?: (message: string) => MessageVerdict;
  /** Called with each commit's author time (unix seconds), oldest first, just before it is applied (e.g. to snapshot the index as of a date). */
  beforeApply?: (time: number, builder: HistoryBuilder) => void;
}

/**
 * Reads the whole history of `head` into `builder`; with `options.judgeMessage`, `judged[i]` is the
 * verdict on the message of the i-th commit applied (the index's commit i). Returns how many commits
 * were applied.
 */
export async function readFullHistory(options: FullReadOptions, head: string, builder: HistoryBuilder, judged: (MessageVerdict | undefined)[]): Promise<number> {
  const { repository, signal, onProgress, judgeMessage } = options;
  /** Each commit read, by its number in the graph: the number it is held under (merges: none). */
  const graph = new CommitGraph<number>();
  const staged = new StagedCommits();
  const verdicts: (MessageVerdict | undefined)[] = [];
  const stop = new AbortController();
  /** Set once every commit has been read: what either process hands over after that is already in. */
  let complete = false;
  const finished = () => {
    complete = true;
    stop.abort();
  };
  const received = (commit: LoggedCommit, parents: string[]) => {
    if (complete) return;
    // Merges are in the graph, not in the index: their changes are already in the merged commits.
    const applied = parents.length <= 1;
    if (!graph.add(commit.sha, parents, applied ? staged.count : undefined)) return finished();
    if (applied) {
      staged.add(commit);
      verdicts.push(judgeMessage?.(commit.message));
    }
    if (onProgress && graph.size % 1000 === 0) onProgress({ message: 'Reading git history', done: graph.size });
  };
  const read = (reverse: boolean) =>
    streamCommitGraph([head], reverse, { cwd: repository.root, signal: stop.signal, ...(options.background ? { background: true } : {}) }, received).then(finished, (error: unknown) => {
      if (complete) return; // stopped: the other process read the rest
      stop.abort();
      throw error;
    });
  if (signal?.aborted) throw new CancelledError();
  const abort = () => stop.abort();
  signal?.addEventListener('abort', abort, { once: true });
  try {
    await Promise.all(options.singleProcess ? [read(true)] : [read(false), read(true)]);
  } finally {
    signal?.removeEventListener('abort', abort);
  }
  const order = commitOrder(graph, head);
  // One walk and its reverse meet only once all is read. Should git ever walk them differently, a
  // commit would be left out (a parent missing, or HEAD's line broken): then one process reads again.
  if (!options.singleProcess && (!order || order.missingParents > 0)) return readFullHistory({ ...options, singleProcess: true }, head, builder, judged);
  if (!order) throw new Error(`cannot order the history of ${head}`);
  builder.reserve(order.ids.length, staged.messageBytes, staged.changeCount);
  builder.queueMerges(order.merges);
  for (const id of order.ids) {
    const commit = graph.value(id)!;
    options.beforeApply?.(staged.time(commit), builder);
    builder.applyStaged(staged, commit);
    if (judgeMessage) judged.push(verdicts[commit]);
  }
  return order.ids.length;
}

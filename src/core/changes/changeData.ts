/**
 * The contract between the two halves of change-level risk (issue #16):
 *
 * - the **history pass** (`changes/lineHistory*.ts`, `changes/szz*.ts`) reads the diffs once, tracks who
 *   last wrote each line, and produces `ChangeLineData` — line counts per (commit, file) and the
 *   fix-inducing links found by SZZ;
 * - the **model** (`changes/features*.ts`, `changes/model*.ts`, `backtest/changeBacktest*.ts`) turns
 *   that plus `History` into features, fits a readable model and proves it.
 *
 * Commit and file numbers are the history index's (`HistoryData`): commit i is the i-th commit of the
 * index, file f is a file identity (it survives renames).
 */
export interface ChangeLineData {
  /** The commits this covers: indexes 0 … commitCount - 1 of the history index it was built from. */
  commitCount: number;
  /** The index head it was built at; a newer index extends it, a foreign one discards it. */
  head: string | undefined;
  /**
   * The first commit whose diff was read (0, or absent: the whole history). A pass that starts later
   * (`historyPassStart`: the model trains on the last years only) knows nothing of the commits before:
   * their counts are 0 and they are in no link, and the lines that stood at the start have no owner.
   */
  firstCommit?: number;
  /**
   * With a later `firstCommit`: the lines each file had at the start, for the files followed since
   * (read from their blobs at the start), so that "lines in the touched files" does not start at 0.
   */
  startLines?: { files: Uint32Array; lines: Uint32Array };
  /**
   * Lines added and deleted per (commit, file), aligned with `HistoryData.commitFileIds`: commit i's
   * files are positions `commitFileOffsets[i] … commitFileOffsets[i + 1]`. Binary files count 0, and so
   * do, when the pass follows source files only (`sourceOnly`), the files git is not asked about (tests,
   * docs, lockfiles, vendored code: see `notDiffed.ts`); other counts equal `git log --numstat -M`.
   */
  added: Uint32Array;
  deleted: Uint32Array;
  /**
   * SZZ links, one per (inducing commit, fixing commit) pair, sorted by inducing commit then fix:
   * `inducing[k]` wrote lines that `fixing[k]` (a fix, or a revert; or the inducing commit was
   * reverted by it) later changed or removed; `blamedLines[k]` is how many such lines.
   * Window is not applied here: the model decides which fixes are "within 60 days" of the change.
   * Never links a commit to itself; lines that changed only in whitespace or are comments/blank, and
   * lines a commit only moved, are not blamed; bot, bulk and ignored (`.git-blame-ignore-revs`)
   * commits are never inducing and never fixing, but their edits pass line ownership through (a
   * reformat does not become the owner of the line).
   */
  inducing: Uint32Array;
  fixing: Uint32Array;
  blamedLines: Uint32Array;
  /**
   * Per commit: how many of the lines it deleted or changed were last written by a trouble commit (a
   * fix, a revert or a reverted commit) within the 180 days before it, and how many distinct such
   * trouble commits — the "touches lines recently fixed or reverted" feature. Only what was known when
   * the commit was made counts: a commit reverted after it is not trouble for it (no look-ahead).
   * Blank, comment-only, moved and whitespace-only lines do not count, as for SZZ.
   */
  recentlyFixedLinesTouched: Uint32Array;
  recentFixesTouched: Uint32Array;
}

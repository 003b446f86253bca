/**
 * Where the history pass may start when the whole history is not needed. The model trains on the last
 * `DEFAULT_TRAINING_YEARS` only (older changes would weigh about 3 % together), and the area failure
 * rates show a few quarters: reading the diffs of a 20-year history for them would cost most of the
 * pass for nothing. A pass that starts at commit s knows the labels of every change from s on exactly
 * (SZZ blames a change's own lines, which it follows from that change on); what it does not know is who
 * wrote the lines that stood at s, which only the "touches lines recently fixed" feature reads — so it
 * starts that feature's 180 days earlier than the first change it must describe.
 */
import { streamGitTokens, type GitStreamOptions } from '../git/gitProcess';
import type { History } from '../history/history';
import { RECENT_FIX_SECONDS } from './lineHistory';
import { readBlobLines } from './mergedFiles';
import { DEFAULT_TRAINING_YEARS, YEAR_SECONDS } from './model';

/**
 * Where what shows the change risk starts the pass: the model's training years, or earlier when the
 * changes from `since` on are needed too (the area failure rates' first quarter). One start for both,
 * so the pass one of them caches serves the other.
 */
export function productPassStart(history: History, since = Infinity): number {
  return historyPassStart(history, Math.min(since, history.nowSeconds - DEFAULT_TRAINING_YEARS * YEAR_SECONDS));
}

/**
 * The first commit (in the index's order) the pass must read for the changes authored from `since`
 * (unix seconds) on to be described and labelled as a whole-history pass would: the first authored at
 * most 180 days before `since`. 0 when the history is no older than that.
 */
export function historyPassStart(history: History, since: number): number {
  const { times, commitCount } = history.data;
  const from = since - RECENT_FIX_SECONDS;
  for (let commit = 0; commit < commitCount; commit++) if (times[commit]! >= from) return commit;
  return commitCount;
}

/** The files a late pass starts from: the hashes of their lines by blob, and which path had which blob. */
export interface StartFiles {
  blobLines: Map<string, Int32Array>;
  paths: Array<[path: string, blob: string]>;
}

/** Every file `wanted` of the tree of `commit` (a sha), read with `git ls-tree` and one `git cat-file --batch`. */
export async function readStartFiles(commit: string, wanted: (path: string) => boolean, options: Omit<GitStreamOptions, 'stdin'>): Promise<StartFiles> {
  const paths: Array<[string, string]> = [];
  await streamGitTokens(['-c', 'core.quotepath=false', 'ls-tree', '-r', '-z', '--full-tree', commit, '--'], options, (token) => {
    // "<mode> SP <type> SP <object> TAB <path>"
    const tab = token.indexOf('\t');
    const [, type, blob] = token.slice(0, tab).split(' ');
    const path = token.slice(tab + 1);
    if (tab > 0 && type === 'blob' && blob && wanted(path)) paths.push([path, blob]);
  });
  return { blobLines: await readBlobLines([...new Set(paths.map(([, blob]) => blob))], options), paths };
}

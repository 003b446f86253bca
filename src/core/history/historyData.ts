/**
 * The history index's data: what git said of every commit, as flat typed arrays (see `HistoryData`),
 * and the look-ups that need nothing else. `HistoryBuilder` (historyIndex.ts) makes it, indexFile.ts
 * stores it, `History` reads it under the team's rules.
 */
import type { LogInputs } from './logStream';

/** The shortest abbreviated sha looked up (git's own minimum). */
const MIN_ABBREVIATION = 4;

/**
 * What git says, and nothing the team's rules decide: which commits touched which file identities.
 * Rules (fix patterns, ignored paths, bulk size) are applied when reading, so editing
 * `.changerisk/config.yaml` never forces re-reading the history.
 *
 * This is also what the cache stores, as flat typed arrays and a few joined strings: they load with
 * one read each, where a hundred thousand small arrays and strings would keep the garbage collector
 * busy on every start.
 */
export interface HistoryData {
  head: string | undefined;
  /** What git read the history under: the index is reused or extended only under the same. */
  logInputs: LogInputs;
  commitCount: number;
  /** Every commit's sha in binary (half as many bytes as hex digits), concatenated. */
  shas: Uint8Array;
  /** Hex digits in a sha: 40 (SHA-1) or 64 (SHA-256). */
  shaLength: number;
  /** Author time per commit, unix seconds. */
  times: Uint32Array;
  authorOfCommit: Uint32Array;
  /**
   * Every commit's message as UTF-8, concatenated; commit i's is the bytes from `messageOffsets[i]`
   * to `messageOffsets[i + 1]`. Bytes, not strings: decoded only for the few messages shown
   * (classification is cached separately).
   */
  messages: Uint8Array;
  messageOffsets: Uint32Array;
  /** File identities commit i touched: `commitFileIds[commitFileOffsets[i] … commitFileOffsets[i + 1])`. */
  commitFileOffsets: Uint32Array;
  commitFileIds: Uint32Array;
  /** The same lists the other way round, commits oldest first: file f's are `fileCommitIds[fileCommitOffsets[f] … fileCommitOffsets[f + 1])`. */
  fileCommitOffsets: Uint32Array;
  fileCommitIds: Uint32Array;
  authorNames: string[];
  authorEmails: string[];
  /** The current path of each file identity, or the last one if it was deleted. */
  filePaths: string[];
  fileAlive: Uint8Array;
  /**
   * The identities of the files alive at the indexed commit, in code-unit order of their paths: a
   * path is found by binary search (`findPath`) and listed in order without sorting.
   */
  liveFileIds: Uint32Array;
  /** Earlier paths of renamed files, oldest first. */
  formerPaths: ReadonlyMap<number, readonly string[]>;
  /**
   * A path a file was renamed away from → that file (the one renamed last, if several were), so
   * changes made to the old path on an old branch still land on it when they arrive later.
   */
  renamedAway: ReadonlyMap<string, number>;
  /**
   * How each commit changed which files exist under which paths, so the index can be replayed commit
   * by commit without git (the backtest's past snapshots, see `HistoryBuilder.replay`): commit i's
   * events are `pathEvents[pathEventOffsets[i] … pathEventOffsets[i + 1])`, each `file * 4 + PathEvent`.
   */
  pathEventOffsets: Uint32Array;
  pathEvents: Uint32Array;
  /**
   * The new path of each `PathEvent.renamed`, in order, each ended by a NUL (UTF-8). The other paths
   * are known without storing them: a new file's is its first path, a renamed file's old one its next
   * former path, a retired file's its path at the time.
   */
  renameTargets: Uint8Array;
  /** [commit, author] for each commit that changed an author's name (same e-mail, new name), with the name before it in `previousAuthorNames`. */
  authorRenames: Uint32Array;
  previousAuthorNames: string[];
  /**
   * The merges (which the index holds none of), in the index's order: each one's sha (binary, like
   * `shas`) and how many indexed commits come before it. The history pass rebuilds the files a merge
   * made anew at that place, without walking the commit graph again.
   */
  mergeShas: Uint8Array;
  mergePositions: Uint32Array;
}

/** What a commit did to a file's path or existence (see `HistoryData.pathEvents`). */
export const PathEvent = {
  /** A new identity at its first path; a file alive at that path is retired first. */
  added: 0,
  /** No longer alive (deleted under its current path). */
  retired: 1,
  /** Moved to the next of `renameTargets` (a file alive there is retired). */
  renamed: 2,
} as const;

/** The latest author time (unix seconds) of the indexed commits; 0 for none. Commits are not in time order. */
export function lastCommitTime(data: Pick<HistoryData, 'times'>): number {
  let last = 0;
  for (const time of data.times) last = Math.max(last, time);
  return last;
}

/** The sha of the k-th merge of `data.mergeShas`, in hex. */
export function mergeShaAt(data: Pick<HistoryData, 'mergeShas' | 'shaLength'>, k: number): string {
  const bytes = data.shaLength / 2;
  return Buffer.from(data.mergeShas.buffer, data.mergeShas.byteOffset + k * bytes, bytes).toString('hex');
}

/**
 * The commit for a full or abbreviated sha, if indexed and not ambiguous. Like git, abbreviations have
 * at least 4 digits. A native byte search over the packed shas: no map of a hundred thousand strings
 * for a few look-ups.
 */
export function findCommit(data: Pick<HistoryData, 'shas' | 'shaLength'>, sha: string): number | undefined {
  const lower = sha.toLowerCase();
  const bytes = data.shaLength / 2;
  if (lower.length < MIN_ABBREVIATION || lower.length > data.shaLength || !/^[0-9a-f]+$/.test(lower)) return undefined;
  const shas = Buffer.from(data.shas.buffer, data.shas.byteOffset, data.shas.byteLength);
  // The whole bytes are searched natively; an odd last digit is the high half of the byte after them.
  const whole = Buffer.from(lower.slice(0, lower.length & ~1), 'hex');
  const lastDigit = lower.length % 2 === 1 ? parseInt(lower[lower.length - 1]!, 16) : undefined;
  let match: number | undefined;
  for (let at = shas.indexOf(whole); at !== -1; at = shas.indexOf(whole, at + 1)) {
    if (at % bytes !== 0 || (lastDigit !== undefined && shas[at + whole.length]! >> 4 !== lastDigit)) continue;
    if (match !== undefined) return undefined;
    match = at / bytes;
    if (lower.length === data.shaLength) break;
  }
  return match;
}

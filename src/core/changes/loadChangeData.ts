import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultRoleOf } from '../files/roles';
import { cachedHeads, ensureCacheFolder, replaceCacheFile, repositoryCacheFolder, type Repository } from '../git/repository';
import { DamagedCacheFileError } from '../history/indexFile';
import type { History } from '../history/history';
import { mergeShaAt } from '../history/historyData';
import type { ChangeLineData } from './changeData';
import { CHANGES_FORMAT, readChangeDataFile, writeChangeDataFile, type StoredChangeData } from './changeDataCache';
import { streamDiffs, type CommitDiff, type DiffScope } from './diffStream';
import { readBlobLines, readMergedFiles, type MergedFile } from './mergedFiles';
import { LineHistory, type LinePassStats, type PathUse } from './lineHistory';
import { isNotDiffed, sourceDiffScope } from './notDiffed';
import { readStartFiles } from './passStart';

export interface LoadChangeLinesOptions {
  repository: Repository;
  /** The history index read under the team's rules: which commits are fixes, reverts, bots, bulk, ignored. */
  history: History;
  /** The same folder as the history index's; no caching when absent. */
  cacheDir?: string;
  signal?: AbortSignal;
  /**
   * Follow the lines of source files only (the only role rated for risk): git is not asked for the
   * diffs of tests, docs, lockfiles and vendored code, which then count 0 lines, and the lines of
   * other non-source files are counted but not followed. Off: every file's lines are followed.
   */
  sourceOnly?: boolean;
  /** Below this many new commits one git process is faster than two (above it, two halve the time on two cores: the 11,000 commits of rails' last five years, 5.7 s → 3.5 s). */
  parallelThreshold?: number;
  /**
   * The first commit whose diff is needed (`historyPassStart`); default 0, the whole history. A cached
   * pass that started no later is used; a new pass starts here, with the files as they stood then.
   */
  from?: number;
}

export type ChangeLinesSource = 'cache' | 'incremental' | 'full';

export interface LoadedChangeLines {
  data: ChangeLineData;
  source: ChangeLinesSource;
  /** Commits whose diffs git was asked for in this run. */
  commitsRead: number;
  /** Why a cached pass was discarded, when one was (damaged files among the reasons). */
  rebuildReason?: string;
  /** How well the diffs fitted the lines followed, for this run's commits (none when read from the cache). */
  stats: LinePassStats;
}

const CACHED_HEADS_KEPT = 3;

/**
 * Line counts and SZZ links for every commit of `history` (see `ChangeLineData`): read from the cache
 * when this index was passed before under the same rules, extended with the new commits when an
 * earlier index was, computed afresh otherwise.
 */
export async function loadChangeLineData(options: LoadChangeLinesOptions): Promise<LoadedChangeLines> {
  const { history } = options;
  const scope = options.sourceOnly ? 'source' : 'all';
  const from = Math.min(options.from ?? 0, history.commitCount);
  const folder = options.cacheDir ? openCacheFolder(options.cacheDir, options.repository) : undefined;
  const problems: string[] = [];
  let base: StoredChangeData | undefined;
  if (folder) {
    const heads = cachedHeads(folder, '.changes');
    const head = history.data.head;
    // The exact head first, then the most recent.
    for (const candidate of head && heads.includes(head) ? [head, ...heads.filter((other) => other !== head)] : heads) {
      const stored = readCached(path.join(folder, `${candidate}.changes`), problems);
      const startsInTime = (stored?.data.firstCommit ?? 0) <= from;
      if (stored && startsInTime && stored.data.commitCount <= history.commitCount && stored.basis === basisDigest(history, stored.data.commitCount, scope)) {
        base = stored;
        break;
      }
    }
  }
  if (base && base.data.commitCount === history.commitCount) {
    return { data: base.data, source: 'cache', commitsRead: 0, stats: { removingHunks: 0, unplacedHunks: 0, unmatchedEntries: 0, inexactBases: 0, rebuiltMergedFiles: 0 }, ...reason(problems) };
  }
  const useOf = scope === 'source' ? sourceUseOf : () => 'followed' as const;
  const followed = (file: string) => useOf(file) === 'followed';
  const late = !base && from > 0;
  const pass = new LineHistory(history, useOf, base && { data: base.data, files: base.files }, late ? from : undefined);
  const first = pass.nextCommit;
  // The files a late pass starts from (or, extending one, the files as its last commit left them: those
  // it never met are still as they were at its start) and the merges are read while git diffs the
  // commits: the pass applies the diffs once they are known.
  const startAt = late ? history.sha(from - 1) : base && (base.data.firstCommit ?? 0) > 0 && first > 0 ? history.sha(first - 1) : undefined;
  const startFiles = startAt ? readStartFiles(startAt, followed, gitOptionsOf(options)).then((files) => pass.setStartFiles(files)) : undefined;
  const ready = Promise.all([startFiles, readMerges(options, pass, followed)]);
  await runPass(options, pass, scope === 'source' ? sourceDiffScope() : {}, ready);
  pass.finish();
  if (pass.nextCommit !== history.commitCount) throw new Error(`git diff-tree gave ${pass.nextCommit - first} of the ${history.commitCount - first} commits asked for`);
  const data = pass.build();
  if (folder && data.head) writeCache(folder, { data, files: pass.state(), basis: basisDigest(history, data.commitCount, scope) });
  return { data, source: base ? 'incremental' : 'full', commitsRead: history.commitCount - first, stats: pass.stats, ...reason(problems) };
}

function gitOptionsOf(options: LoadChangeLinesOptions): { cwd: string; signal?: AbortSignal } {
  return { cwd: options.repository.root, ...(options.signal ? { signal: options.signal } : {}) };
}

function reason(problems: string[]): { rebuildReason?: string } {
  return problems.length > 0 ? { rebuildReason: problems.join('; ') } : {};
}

/**
 * Tells the pass where the merges from its next commit on stand in the index's order (the index
 * records them: `HistoryData.mergePositions`), and the lines of the files they made anew.
 */
async function readMerges(options: LoadChangeLinesOptions, pass: LineHistory, tracked: (path: string) => boolean): Promise<void> {
  const { data } = options.history;
  const first = pass.nextCommit;
  const merges: { sha: string; at: number }[] = [];
  data.mergePositions.forEach((at, k) => {
    if (at >= first) merges.push({ sha: mergeShaAt(data, k), at });
  });
  if (merges.length === 0) return;
  const gitOptions = gitOptionsOf(options);
  const files = await readMergedFiles(
    merges.map((merge) => merge.sha),
    gitOptions,
  );
  const byPosition = new Map<number, MergedFile[]>();
  const blobs = new Set<string>();
  for (const merge of merges) {
    const made = (files.get(merge.sha) ?? []).filter((file) => tracked(file.path));
    if (made.length === 0) continue;
    byPosition.set(merge.at, [...(byPosition.get(merge.at) ?? []), ...made]);
    for (const file of made) blobs.add(file.blob);
  }
  pass.setMerges(byPosition, await readBlobLines([...blobs], gitOptions));
}

/**
 * Source-only: tests, docs, lockfiles and vendored code are left out (`notDiffed.ts`), other files
 * counted, and source files followed.
 */
function sourceUseOf(file: string): PathUse {
  return isNotDiffed(file) ? 'skipped' : defaultRoleOf(file) === 'source' ? 'followed' : 'counted';
}

/**
 * Streams the diffs of the commits the pass has not seen, in the index's order, and applies them once
 * `ready` has told the pass about the merges (and a late pass about its files at the start). A long
 * range is read by two git processes at once (git is the bottleneck); diffs that arrive before their
 * turn wait, reduced to hashes (`OrderedDiffs`).
 */
async function runPass(options: LoadChangeLinesOptions, pass: LineHistory, scope: DiffScope, ready: Promise<unknown>): Promise<void> {
  const { history, repository, signal } = options;
  const shas: string[] = [];
  for (let commit = pass.nextCommit; commit < history.commitCount; commit++) shas.push(history.sha(commit));
  const parts = shas.length < (options.parallelThreshold ?? 2_000) ? [shas] : [shas.slice(0, Math.ceil(shas.length / 2)), shas.slice(Math.ceil(shas.length / 2))];
  const ordered = new OrderedDiffs(parts.length, (diff) => pass.apply(diff));
  const stop = new AbortController();
  const abort = () => stop.abort();
  signal?.addEventListener('abort', abort, { once: true });
  const gitOptions = { cwd: repository.root, signal: stop.signal };
  try {
    const streams = parts.map((part, k) => streamDiffs(part, scope, gitOptions, (diff) => ordered.add(k, diff)).then(() => ordered.finish(k)));
    await Promise.all([ready.then(() => ordered.open()), ...streams]).catch((error: unknown) => {
      stop.abort();
      throw error;
    });
  } finally {
    signal?.removeEventListener('abort', abort);
  }
}

/**
 * Applies the diffs of consecutive parts of the range, read at once, in order: a part's diffs wait
 * until every earlier part is complete, and all of them until `open` is called.
 */
class OrderedDiffs {
  private readonly waiting: CommitDiff[][];
  private readonly complete: boolean[];
  private current = 0;
  private opened = false;

  constructor(
    private readonly parts: number,
    private readonly apply: (diff: CommitDiff) => void,
  ) {
    this.waiting = Array.from({ length: parts }, () => []);
    this.complete = new Array<boolean>(parts).fill(false);
  }

  add(part: number, diff: CommitDiff): void {
    if (this.opened && part === this.current) this.apply(diff);
    else this.waiting[part]!.push(diff);
  }

  finish(part: number): void {
    this.complete[part] = true;
    this.drain();
  }

  open(): void {
    this.opened = true;
    this.drain();
  }

  private drain(): void {
    if (!this.opened) return;
    while (this.current < this.parts) {
      const waiting = this.waiting[this.current]!;
      this.waiting[this.current] = [];
      for (const diff of waiting) this.apply(diff);
      if (!this.complete[this.current]) return;
      this.current++;
    }
  }
}

/**
 * What a cached pass over the first `commitCount` commits depended on: those commits (so the index is
 * the one it was made from), the rules' verdict on each (counted, fix, revert links: which owners pass
 * through, which commits fix), and the files followed. A cached pass is reused only under the same.
 */
export function basisDigest(history: History, commitCount: number, scope: string): string {
  const hash = crypto.createHash('sha256').update(`${CHANGES_FORMAT}\n${scope}\n`);
  const shaBytes = history.data.shaLength / 2;
  hash.update(history.data.shas.subarray(0, commitCount * shaBytes));
  const verdicts = new Uint8Array(commitCount);
  const reverts: number[] = [];
  for (let commit = 0; commit < commitCount; commit++) {
    verdicts[commit] = (history.isCounted(commit) ? 1 : 0) | (history.isFixCommit(commit) ? 2 : 0);
    const reverted = history.commitRevertedBy(commit);
    if (reverted !== undefined) reverts.push(commit, reverted);
  }
  hash.update(verdicts).update(new Uint8Array(Uint32Array.from(reverts).buffer));
  return hash.digest('hex');
}

function openCacheFolder(cacheDir: string, repository: Repository): string | undefined {
  const folder = repositoryCacheFolder(cacheDir, repository);
  try {
    ensureCacheFolder(folder);
    return folder;
  } catch {
    return undefined; // an unusable cache only costs a full pass
  }
}

/** The stored pass, or undefined: a damaged or foreign file is removed and said why in `problems`. */
function readCached(file: string, problems: string[]): StoredChangeData | undefined {
  let problem: string;
  try {
    const stored = readChangeDataFile(file);
    if (stored) return stored;
    problem = 'it was written by another version of Change Risk';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    problem = error instanceof DamagedCacheFileError ? `it is damaged (${error.reason})` : `it cannot be read (${code ?? String(error)})`;
  }
  problems.push(`the cache file ${file} was discarded because ${problem}`);
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // A folder in its place, say: the write replaces what it can.
  }
  return undefined;
}

function writeCache(folder: string, stored: StoredChangeData): void {
  try {
    replaceCacheFile(path.join(folder, `${stored.data.head}.changes`), (temporary) => writeChangeDataFile(temporary, stored));
    for (const stale of cachedHeads(folder, '.changes').slice(CACHED_HEADS_KEPT)) fs.rmSync(path.join(folder, `${stale}.changes`), { force: true });
  } catch {
    // An unwritable cache only costs the next run a full pass.
  }
}

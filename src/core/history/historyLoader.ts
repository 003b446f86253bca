import * as fs from 'node:fs';
import * as path from 'node:path';
import { CancelledError } from '../git/gitProcess';
import { cachedHeads, ensureCacheFolder, repositoryCacheFolder, replaceCacheFile, type Repository } from '../git/repository';
import type { Classification, MessageVerdict } from './classification';
import { commitOrder, OrderedApply, readCommitGraph } from './commitOrder';
import { readFullHistory, type FullReadOptions } from './fullHistoryRead';
import { HistoryBuilder } from './historyIndex';
import type { HistoryData } from './historyData';
import { DamagedCacheFileError, readIndexFile, writeIndexFile, type StoredHistory } from './indexFile';
import { logInputsChange, readLogInputs, streamCommits, type LoggedCommit } from './logStream';

export type { IndexProgress } from './fullHistoryRead';

export interface LoadHistoryOptions extends FullReadOptions {
  /** Where the index is cached between runs; no caching when absent. */
  cacheDir?: string;
  /**
   * Applies the team's message rules to the index (see `classify`), so the result is cached with it;
   * given the cached classification, it only has to look at new commits.
   */
  classify?: (data: HistoryData, previous: Classification | undefined, judged?: readonly (MessageVerdict | undefined)[]) => Classification;
  /** The cache is written only once this settles (the caller's other work of the same load), so that writing it delays nothing. */
  writeCacheAfter?: Promise<unknown>;
  /** Only the index cached for HEAD: `NotCachedError` when there is none usable (nothing is read from git). */
  cacheOnly?: boolean;
}

/** `loadHistory` with `cacheOnly` found no usable index of HEAD in the cache. */
export class NotCachedError extends Error {
  constructor() {
    super('the cache holds no index of HEAD');
    this.name = 'NotCachedError';
  }
}

/** `paths`: the history of a few files alone (`loadPathHistory`), never cached. */
export type HistorySource = 'cache' | 'incremental' | 'full' | 'paths';

export interface LoadedHistory {
  data: HistoryData;
  source: HistorySource;
  /** Commits read from git in this run. */
  commitsRead: number;
  /** Why a cached index could not be reused, when that happened (a damaged cache file among the reasons). */
  rebuildReason?: string;
  /** Why this run could use no cache at all (its folder cannot be created), when that happened. */
  cacheProblem?: string;
  /** The message rules' verdicts, when `classify` was given. */
  classification?: Classification;
}

const CACHED_HEADS_KEPT = 3;

/**
 * The history index for the repository's HEAD: read from the cache when HEAD was indexed before,
 * extended with only the new commits when a cached HEAD is an ancestor, rebuilt otherwise.
 */
export async function loadHistory(options: LoadHistoryOptions): Promise<LoadedHistory> {
  const { repository } = options;
  await pendingCacheWrites;
  const opened = options.cacheDir ? HistoryCache.open(options.cacheDir, repository) : undefined;
  const cache = opened instanceof HistoryCache ? opened : undefined;
  const cacheProblem = typeof opened === 'string' ? opened : undefined;
  const loaded = await loadWith(options, cache);
  // Each damaged file was removed when found, so it is reported this once.
  const reasons = [...(cache?.damage ?? []), ...(loaded.rebuildReason ? [loaded.rebuildReason] : [])];
  return {
    ...loaded,
    ...(reasons.length > 0 ? { rebuildReason: reasons.join('; ') } : {}),
    ...(cacheProblem ? { cacheProblem } : {}),
  };
}

async function loadWith(options: LoadHistoryOptions, cache: HistoryCache | undefined): Promise<LoadedHistory> {
  const { repository } = options;
  const logInputs = readLogInputs(repository);
  if (!repository.head) return finish(options, undefined, new HistoryBuilder(logInputs).build(undefined), 'full', 0);

  let rebuildReason: string | undefined;
  if (cache) {
    let inputsChange: string | undefined;
    const readUsable = (head: string) => {
      const stored = cache.read(head);
      const change = stored && logInputsChange(stored.data.logInputs, logInputs);
      inputsChange ??= change;
      return change ? undefined : stored;
    };
    const exact = readUsable(repository.head);
    if (exact) return finish(options, cache, exact.data, 'cache', 0, exact.classification);
    if (options.cacheOnly) throw new NotCachedError();
    const candidates = cache.heads().filter((head) => head !== repository.head);
    for (const candidate of candidates) {
      // Nothing else holds the candidate's index: new commits go into its arrays' spare room.
      const extended = await extendFrom(options, cache, candidate, repository.head, () => readUsable(candidate), true);
      if (extended) return extended;
    }
    if (inputsChange) rebuildReason = inputsChange;
    else if (candidates.length > 0 && cache.damage.length === 0) {
      rebuildReason = 'no cached index is on the first-parent line of HEAD (history rewritten by a rebase or force-push, or another branch)';
    }
  }

  if (options.cacheOnly) throw new NotCachedError();
  const builder = new HistoryBuilder(logInputs);
  const judged: (MessageVerdict | undefined)[] = [];
  const commitsRead = await readFullHistory(options, repository.head, builder, judged);
  const loaded = finish(options, cache, builder.build(repository.head), 'full', commitsRead, undefined, judged);
  return rebuildReason ? { ...loaded, rebuildReason } : loaded;
}

/**
 * The index of the commits that touched `paths` (`git log -- paths`, each commit with all its files),
 * read with the same parser, builder and message rules as the whole history, and never cached: a few
 * open files' history, ready long before the whole history of a large repository is. Commits that
 * did not touch them are missing, so only what concerns these files (their line marks) holds; the
 * repository-wide figures (levels, ranks) do not.
 */
export async function loadPathHistory(options: LoadHistoryOptions & { paths: readonly string[] }): Promise<LoadedHistory> {
  const { repository, signal } = options;
  const builder = new HistoryBuilder(readLogInputs(repository));
  let commitsRead = 0;
  if (repository.head && options.paths.length > 0) {
    await streamCommits([repository.head], { cwd: repository.root, ...(signal ? { signal } : {}) }, (commit) => {
      options.beforeApply?.(commit.time, builder);
      builder.apply(commit);
      commitsRead++;
    }, options.paths);
  }
  return finish(options, undefined, builder.build(repository.head), 'paths', commitsRead);
}

/**
 * An index in memory (an open engine's) extended with the commits from its HEAD to the repository's,
 * with no cache to read; undefined when the repository's HEAD is no descendant of it, or git now
 * reads the history differently (see `LogInputs`).
 */
export async function extendLoadedHistory(options: LoadHistoryOptions, loaded: LoadedHistory): Promise<LoadedHistory | undefined> {
  const { repository } = options;
  const from = loaded.data.head;
  if (!from || !repository.head || logInputsChange(loaded.data.logInputs, readLogInputs(repository))) return undefined;
  await pendingCacheWrites;
  const opened = options.cacheDir ? HistoryCache.open(options.cacheDir, repository) : undefined;
  const cache = opened instanceof HistoryCache ? opened : undefined;
  // New commits go into the spare room behind the index's arrays, which its readers never see; only
  // the first extension of an index may use that room, a second one of the same index copies.
  const inPlace = !extendedInPlace.has(loaded.data);
  extendedInPlace.add(loaded.data);
  return extendFrom(options, cache, from, repository.head, () => loaded, inPlace);
}

const extendedInPlace = new WeakSet<HistoryData>();

/** Classifies what is new and writes the cache when anything in it changed. */
function finish(
  options: LoadHistoryOptions,
  cache: HistoryCache | undefined,
  data: HistoryData,
  source: HistorySource,
  commitsRead: number,
  cachedClassification?: Classification,
  judged?: readonly (MessageVerdict | undefined)[],
): LoadedHistory {
  const classification = options.classify?.(data, cachedClassification, judged) ?? cachedClassification;
  if (cache && (source !== 'cache' || classification !== cachedClassification)) cache.writeSoon(data, classification, options.writeCacheAfter);
  return { data, source, commitsRead, ...(classification ? { classification } : {}) };
}

/**
 * The index of `candidate` (from `base`: the cache, or memory) extended with the commits from it to
 * `head`, or undefined when it is not on `head`'s first-parent line (see `commitOrder`: only then is
 * the result what a fresh read gives), or `base` has none usable. git answers on the other core while
 * this one reads the cached index.
 */
async function extendFrom(
  options: LoadHistoryOptions,
  cache: HistoryCache | undefined,
  candidate: string,
  head: string,
  base: () => Pick<LoadedHistory, 'data' | 'classification'> | undefined,
  appendInPlace: boolean,
): Promise<LoadedHistory | undefined> {
  const { repository, signal } = options;
  const stopLog = new AbortController();
  const abort = () => stopLog.abort();
  signal?.addEventListener('abort', abort, { once: true });
  try {
    const range = [`^${candidate}`, head];
    const gitOptions = { cwd: repository.root, signal: stopLog.signal };
    const order = readCommitGraph(range, gitOptions).then(
      (graph) => commitOrder(graph, head, candidate),
      () => {
        if (signal?.aborted) throw new CancelledError();
        return undefined; // an unknown commit (garbage-collected after a rewrite) is no base
      },
    );
    const newCommits: LoggedCommit[] = [];
    const logged = streamCommits(range, gitOptions, (commit) => {
      newCommits.push(commit);
    });
    // A log stopped because the candidate is no good is not an error; a user's cancellation is, below.
    logged.catch(() => undefined);
    const cached = base();
    const ordered = await order;
    if (!ordered || !cached) {
      stopLog.abort();
      return undefined;
    }
    await logged;
    const builder = new HistoryBuilder(cached.data.logInputs, cached.data, appendInPlace);
    builder.queueMerges(ordered.merges);
    const applier = new OrderedApply((commit) => {
      options.beforeApply?.(commit.time, builder);
      builder.apply(commit);
    });
    applier.setOrder(ordered.commits);
    for (const commit of newCommits) applier.add(commit);
    applier.finish();
    return finish(options, cache, builder.build(head), 'incremental', newCommits.length, cached.classification);
  } finally {
    signal?.removeEventListener('abort', abort);
  }
}



/**
 * Cache writes finish after the index is handed over, so results are not held up by serialising
 * it; a later load in the same process waits for them, and Node waits for them before exiting.
 */
let pendingCacheWrites: Promise<void> = Promise.resolve();

/** Resolves when every cache write started so far has finished. */
export function cacheWritesSettled(): Promise<void> {
  return pendingCacheWrites;
}

/** One file per indexed HEAD under `<cacheDir>/<repository id>/`, the few most recent kept. */
class HistoryCache {
  /** What was wrong with the cache files found damaged (and removed) so far, for the user. */
  readonly damage: string[] = [];

  private constructor(private readonly folder: string) {}

  /** The cache, or why its folder cannot be used (then the run goes on without one). */
  static open(cacheDir: string, repository: Repository): HistoryCache | string {
    const folder = repositoryCacheFolder(cacheDir, repository);
    try {
      ensureCacheFolder(folder);
      return new HistoryCache(folder);
    } catch (error) {
      return `the cache folder ${folder} cannot be created (${error instanceof Error ? error.message : String(error)}): running without a cache`;
    }
  }

  /** Cached heads, most recently written first. */
  heads(): string[] {
    return cachedHeads(this.folder, '.index');
  }

  /**
   * The index cached for `head`; undefined when there is none, or the file is damaged, of another
   * format or of another commit: such a file is removed, and said why in `damage`, never used.
   */
  read(head: string): StoredHistory | undefined {
    const file = this.file(head);
    let problem: string;
    try {
      const stored = readIndexFile(file);
      if (stored?.data.head === head) return stored;
      problem = stored ? `it holds the index of another commit (${String(stored.data.head).slice(0, 12)})` : 'it was written by another version of Change Risk';
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // No such file (or no such folder): nothing to report. Another process may have removed it meanwhile.
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      problem = error instanceof DamagedCacheFileError ? `it is damaged (${error.reason})` : `it cannot be read (${code ?? String(error)})`;
    }
    this.damage.push(`the cache file ${file} was discarded because ${problem}`);
    try {
      fs.rmSync(file, { force: true });
    } catch {
      // A folder in its place, say: it is not read again this run, and the write replaces what it can.
    }
    return undefined;
  }

  writeSoon(data: HistoryData, classification: Classification | undefined, after: Promise<unknown> = Promise.resolve()): void {
    const settled = after.then(
      () => undefined,
      () => undefined,
    );
    pendingCacheWrites = Promise.all([pendingCacheWrites, settled]).then(
      () => new Promise<void>((resolve) => setImmediate(resolve)),
    ).then(() => {
      try {
        this.write(data, classification);
      } catch {
        // An unwritable cache only costs the next run a full read; results are not affected.
      }
    });
  }

  private write(data: HistoryData, classification: Classification | undefined): void {
    if (!data.head) return;
    ensureCacheFolder(this.folder);
    const target = this.file(data.head);
    replaceCacheFile(target, (temporary) => writeIndexFile(temporary, classification ? { data, classification } : { data }));
    for (const stale of this.heads().slice(CACHED_HEADS_KEPT)) fs.rmSync(this.file(stale), { force: true });
  }

  private file(head: string): string {
    return path.join(this.folder, `${head}.index`);
  }
}

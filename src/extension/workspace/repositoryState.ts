/**
 * One repository of the workspace: its team files (always read, also in Restricted Mode) and, in a
 * trusted workspace, the engine, indexed in a worker thread and re-opened when HEAD moves. Owns its
 * watchers; disposed with the repository.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ChangeRiskEngine } from '../../core/engine';
import { loadTeamFiles, type TeamFiles } from '../../core/team';
import { Debouncer, DisposableStore } from '../disposables';
import { errorMessage, isCancellation, log, reportError } from '../log';
import { withIndexProgress, type IndexProgressView } from '../indexing/indexProgress';
import { runIndexWorker } from '../indexing/runIndexWorker';
import { mark, timedSync } from '../timeline';
import { headFilesOf } from './discovery';
import { OpenFilesHistory } from './openFilesHistory';

/** `cancelled`: the user cancelled the first index; Refresh Index resumes it. */
export type RepositoryStatus = 'restricted' | 'waiting' | 'indexing' | 'ready' | 'error' | 'cancelled';

/** How indexing shows itself; the test-state command changes it (tests only). */
export interface IndexTuning {
  /** How long indexing runs before the cancellable notification appears. */
  notifyAfterMs: number;
  /** Test-only: the index worker waits this long before reading (see IndexRequest.testDelayMs). */
  testDelayMs: number;
}

export interface RepositoryEnvironment {
  cacheDir: string;
  workerFile: string;
  isTrusted(): boolean;
  indexTuning: IndexTuning;
  /** Counts every operation that starts git (for the Restricted Mode test). */
  countGitUse(what: string): void;
}

export class RepositoryState implements vscode.Disposable {
  readonly name: string;
  team: TeamFiles | undefined;
  engine: ChangeRiskEngine | undefined;
  status: RepositoryStatus;
  error: string | undefined;
  /**
   * Bumped each time `engine` is replaced by one that reads another history or other team files, so
   * caches keyed by it (line marks) can tell. A re-index that finds HEAD where it was and the team
   * files unchanged (a second watcher event after a commit) keeps it: no editor is blamed again.
   */
  generation = 0;
  /** What the user sees of the running index (undefined: none running). */
  indexProgress: IndexProgressView | undefined;
  /** Whether the user cancelled the last index (the engine, if any, is the one from before). */
  indexCancelled = false;
  /** While the first index is read from git: the open files' own history, for provisional marks. */
  private openFiles: OpenFilesHistory | undefined;

  private readonly store = new DisposableStore();
  private readonly changed = new vscode.EventEmitter<RepositoryState>();
  readonly onDidChange = this.changed.event;
  private indexing: { abort: AbortController; done: Promise<void>; cancelledByUser?: boolean } | undefined;
  private indexAgain = false;
  private readonly teamReload: Debouncer;
  private readonly headReload: Debouncer;
  /**
   * Reads of the team files (ours and the engine's), numbered as they start: a read that started
   * earlier never replaces one that started later, however long indexing takes.
   */
  private teamReadsStarted = 0;
  private teamReadInUse = 0;

  constructor(readonly root: string, private readonly env: RepositoryEnvironment) {
    this.name = path.basename(root);
    this.status = env.isTrusted() ? 'waiting' : 'restricted';
    this.store.add(this.changed);
    this.teamReload = this.store.add(new Debouncer(300, () => void this.reloadTeam()));
    this.headReload = this.store.add(new Debouncer(500, () => void this.index()));
    const teamWatcher = this.store.add(vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(root), '.changerisk/**')));
    for (const event of [teamWatcher.onDidChange, teamWatcher.onDidCreate, teamWatcher.onDidDelete]) this.store.add(event(() => this.teamReload.trigger()));
    this.watchHead();
  }

  /** Reads the team files, then (trusted) indexes. */
  async start(): Promise<void> {
    await this.reloadTeam();
    if (this.env.isTrusted()) await this.index();
  }

  /** Re-reads `.changerisk/`; with an engine, re-evaluates it with the new files (no git). */
  async reloadTeam(): Promise<void> {
    const read = ++this.teamReadsStarted;
    try {
      const team = await loadTeamFiles(this.root);
      if (this.store.isDisposed || read < this.teamReadInUse) return;
      this.teamReadInUse = read;
      this.team = team;
      if (this.engine) this.setEngine(this.engine.withTeamFiles(team));
      else this.changed.fire(this);
    } catch (error) {
      reportError(`reading the team files of ${this.name}`, error);
    }
  }

  /**
   * When HEAD has moved on from the open engine's index, adds the new commits to that index on this
   * thread (git reads them; no cache file is read and no worker started). Otherwise reads the
   * history in a worker thread (writing the index cache), then opens the engine from the cache on
   * this thread. A request while one runs is queued once; `restart` cancels the running one.
   */
  async index(options: { restart?: boolean } = {}): Promise<void> {
    if (!this.env.isTrusted() || this.store.isDisposed) return;
    if (this.indexing) {
      this.indexAgain = true;
      if (options.restart) this.indexing.abort.abort();
      return this.indexing.done;
    }
    const abort = new AbortController();
    const run: { abort: AbortController; done: Promise<void>; cancelledByUser?: boolean } = { abort, done: Promise.resolve() };
    const done = this.runIndex(abort, () => run.cancelledByUser === true).finally(() => {
      this.indexing = undefined;
      if (this.indexAgain && !this.store.isDisposed) {
        this.indexAgain = false;
        void this.index();
      }
    });
    run.done = done;
    this.indexing = run;
    return done;
  }

  /**
   * The user's Cancel (the notification's button): stops the running index and drops any queued one.
   * The repository keeps the engine it had, or says indexing was cancelled; never an error.
   */
  cancelIndexing(): void {
    if (!this.indexing) return;
    this.indexing.cancelledByUser = true;
    this.indexAgain = false;
    this.indexing.abort.abort();
  }

  /** Resolves once no indexing is running or queued. */
  async idle(): Promise<void> {
    while (this.indexing) await this.indexing.done;
  }

  private async runIndex(abort: AbortController, cancelledByUser: () => boolean): Promise<void> {
    this.status = 'indexing';
    this.indexCancelled = false;
    mark(`${this.name}: indexing`);
    this.fire();
    const t0 = Date.now();
    try {
      await withIndexProgress(
        {
          title: `Change Risk: ${vscode.l10n.t('indexing {0}', this.name)}`,
          notifyAfterMs: this.env.indexTuning.notifyAfterMs,
          onCancel: () => this.cancelIndexing(),
          onView: (view) => {
            this.indexProgress = view;
            this.changed.fire(this);
          },
        },
        async (report) => {
          if (this.engine) {
            this.env.countGitUse('engine refresh');
            const read = ++this.teamReadsStarted;
            const refreshed = await this.engine.refresh({ cacheDir: this.env.cacheDir, signal: abort.signal });
            if (this.store.isDisposed) return;
            if (refreshed) {
              this.ready(this.withNewestTeam(refreshed, read), t0);
              return;
            }
          }
          if (!this.engine) {
            // A warm start: the index of HEAD is in the cache, no worker needed (it would read it twice).
            this.env.countGitUse('engine open');
            const read = ++this.teamReadsStarted;
            const cached = await ChangeRiskEngine.openCached({ folder: this.root, cacheDir: this.env.cacheDir, signal: abort.signal });
            if (this.store.isDisposed) return;
            if (cached) {
              mark(`${this.name}: engine opened from the cache (no worker)`);
              this.ready(this.withNewestTeam(cached, read), t0);
              return;
            }
            // A cold start: the open files' marks from their own history while the worker reads it all.
            this.openFiles = new OpenFilesHistory(this, abort.signal, () => this.fire(), (what) => this.env.countGitUse(what));
            this.fire();
          }
          this.env.countGitUse('index worker');
          mark(`${this.name}: index worker started`);
          const result = await runIndexWorker(
            this.env.workerFile,
            { folder: this.root, cacheDir: this.env.cacheDir, ...(this.env.indexTuning.testDelayMs > 0 ? { testDelayMs: this.env.indexTuning.testDelayMs } : {}) },
            {
              signal: abort.signal,
              onProgress: (message, done, total) => report(total ? `${message} ${done}/${total}` : message),
            },
          );
          log()?.info(`${this.name}: history ${result.source} (${result.commitsRead} commits read) in ${result.ms} ms (worker)`);
          mark(`${this.name}: index worker done (${result.source}, ${result.ms} ms in the worker)`);
          // The engine then opens from the rebuilt cache, so its own warnings cannot say why.
          if (result.rebuildReason) log()?.warn(`${this.name}: The history index was rebuilt: ${result.rebuildReason}.`);
          report(vscode.l10n.t('opening the index'));
          this.env.countGitUse('engine open');
          const read = ++this.teamReadsStarted;
          const engine = await ChangeRiskEngine.open({ folder: this.root, cacheDir: this.env.cacheDir, signal: abort.signal });
          mark(`${this.name}: engine opened from the cache`);
          if (this.store.isDisposed) return;
          this.ready(this.withNewestTeam(engine, read), t0);
        },
      );
    } catch (error) {
      this.dropOpenFiles();
      if (isCancellation(error) || abort.signal.aborted) {
        const byUser = cancelledByUser();
        this.indexCancelled = byUser;
        this.status = this.engine ? 'ready' : byUser ? 'cancelled' : 'waiting';
        log()?.info(`${this.name}: indexing cancelled${byUser ? ' by the user' : ''}`);
      } else {
        this.status = 'error';
        this.error = errorMessage(error);
        reportError(vscode.l10n.t('indexing {0}', this.name), error, true);
      }
      this.changed.fire(this);
    }
  }

  /** `engine` as opened (its team files read as read number `read`), or with the team files of a later read. */
  private withNewestTeam(engine: ChangeRiskEngine, read: number): ChangeRiskEngine {
    if (this.team && read < this.teamReadInUse) return engine.withTeamFiles(this.team);
    this.teamReadInUse = read;
    return engine;
  }

  /**
   * For the line marks of `path` while the first index is read: an engine over the open files'
   * history alone (see OpenFilesHistory); asking starts its read. Undefined once the repository has
   * an engine, and when no first index runs.
   */
  provisionalEngineFor(path: string): ChangeRiskEngine | undefined {
    return this.engine ? undefined : this.openFiles?.engineFor(path);
  }

  private dropOpenFiles(): void {
    this.openFiles?.dispose();
    this.openFiles = undefined;
  }

  private ready(engine: ChangeRiskEngine, started: number): void {
    this.dropOpenFiles();
    this.error = undefined;
    this.setEngine(engine, 'ready');
    for (const warning of engine.warnings) log()?.warn(`${this.name}: ${warning}`);
    const how = engine.load.source === 'incremental' ? `, ${engine.load.commitsRead} new commits` : '';
    log()?.info(`${this.name}: ready in ${Date.now() - started} ms (${engine.risk.fileCount} files, ${engine.team.incidents.length} incidents${how})`);
  }

  private setEngine(engine: ChangeRiskEngine, status?: RepositoryStatus): void {
    const previous = this.engine;
    this.engine = engine;
    this.team = engine.team;
    if (!previous || !readsTheSame(previous, engine)) this.generation++;
    if (status) this.status = status;
    mark(`${this.name}: engine ${status ?? 'replaced'} (generation ${this.generation})`);
    this.fire();
  }

  /** Tells the listeners (views, badges, marks); how long they hold the host thread shows in the timeline. */
  private fire(): void {
    timedSync(`${this.name}: listeners of a change`, () => this.changed.fire(this));
  }

  /**
   * HEAD moves (commit, checkout, pull, rebase): re-index, debounced. Works without the git extension,
   * also in a linked worktree or submodule, whose HEAD and branches are outside `.git`.
   */
  private watchHead(): void {
    const onHead = () => {
      if (this.env.isTrusted()) this.headReload.trigger();
    };
    for (const { folder, pattern } of headFilesOf(this.root)) {
      const watcher = this.store.add(vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(folder), pattern)));
      for (const event of [watcher.onDidChange, watcher.onDidCreate, watcher.onDidDelete]) this.store.add(event(onHead));
    }
  }

  /** Called when the workspace becomes trusted. */
  trustGranted(): void {
    if (this.status === 'restricted') this.status = 'waiting';
    void this.index();
  }

  dispose(): void {
    this.dropOpenFiles();
    this.indexing?.abort.abort();
    this.store.dispose();
  }
}

/**
 * Whether two engines give the same line marks: the same loaded history, the same revisions ignored by
 * blame, and team files that say the same (the config and the ledger; diagnostics follow from them).
 */
function readsTheSame(a: ChangeRiskEngine, b: ChangeRiskEngine): boolean {
  if (a.load !== b.load || [...a.history.ignoredRevisions()].join() !== [...b.history.ignoredRevisions()].join()) return false;
  const team = (files: TeamFiles) => JSON.stringify([files.config, files.configFile, files.incidents]);
  return a.team === b.team || team(a.team) === team(b.team);
}

/**
 * The change-level risk of each repository's working change (issue #16), computed in the background
 * after the Quality Bar view's checklist — the checklist never waits for it — in a worker thread (the
 * model's fit blocks an event loop for seconds on a big history). One run at a time over all
 * repositories (the first run on a big repository reads the history: up to a minute); a newer change of
 * the same repository cancels the run it supersedes. Never in Restricted Mode (no engine, no git).
 * Failures are logged and shown as a row, never thrown.
 */
import * as vscode from 'vscode';
import type { Change } from '../../core/change/change';
import type { ChangeRiskAssessment } from '../../core/changes/changeRisk';
import type { ChangeRiskEngine } from '../../core/engine';
import type { History } from '../../core/history/history';
import type { LineWarning } from '../../core/impact/overview';
import { errorMessage, log } from '../log';
import type { WorkspaceController } from '../workspace/controller';
import type { ChangeRiskState } from './changeRiskText';
import { ChangeRiskWorkerClient } from './changeRiskWorkerClient';

interface Request {
  root: string;
  name: string;
  engine: ChangeRiskEngine;
  change: Change;
  lineWarnings: readonly LineWarning[];
}

interface Running {
  root: string;
  abort: AbortController;
  done: Promise<void>;
}

export class ChangeRiskRuns implements vscode.Disposable {
  private readonly states = new Map<string, ChangeRiskState>();
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the repository root whose state changed. */
  readonly onDidChange = this.changed.event;
  /** The latest request per repository not started yet. */
  private readonly queued = new Map<string, Request>();
  private current: Running | undefined;
  /** Histories a run has completed on: their model is fitted and kept by the core, a new run takes milliseconds. */
  private readonly fitted = new WeakSet<History>();
  private readonly removal: vscode.Disposable;
  private readonly worker: ChangeRiskWorkerClient;
  /** Names each engine of the extension host for the worker, which opens its own once per name. */
  private readonly engineKeys = new WeakMap<ChangeRiskEngine, string>();
  private engines = 0;
  private disposed = false;
  /** Runs started, for the tests. */
  runs = 0;

  constructor(private readonly controller: WorkspaceController) {
    this.removal = controller.onDidRemoveRepository((repository) => this.forget(repository.root));
    this.worker = new ChangeRiskWorkerClient(controller.workerFile);
  }

  stateOf(root: string): ChangeRiskState {
    return this.states.get(root) ?? { state: 'none' };
  }

  /** Assesses the change a checklist just read, in the background; an empty change shows nothing. */
  request(root: string, name: string, engine: ChangeRiskEngine, analysis: { change: Change; lineWarnings: readonly LineWarning[] }): void {
    if (this.disposed || !vscode.workspace.isTrusted) return;
    if (this.current?.root === root) this.current.abort.abort(); // superseded
    if (analysis.change.files.length === 0) {
      this.queued.delete(root);
      this.set(root, { state: 'none' });
    } else {
      this.queued.set(root, { root, name, engine, change: analysis.change, lineWarnings: analysis.lineWarnings });
    }
    this.startNext();
  }

  /**
   * The change risk of one change now, in the same worker (a model it already fitted is reused): for the
   * impact draft, which waits for it. Throws what the worker throws; cancelled with `signal`.
   */
  async assessNow(engine: ChangeRiskEngine, analysis: { change: Change; lineWarnings: readonly LineWarning[] }, signal: AbortSignal): Promise<ChangeRiskAssessment> {
    this.controller.gitUse.push('change risk');
    const assessment = await this.worker.assess(
      { folder: engine.repository.root, cacheDir: this.controller.cacheDir, engineKey: this.engineKey(engine), change: analysis.change, lineWarnings: analysis.lineWarnings },
      signal,
    );
    this.fitted.add(engine.history);
    return assessment;
  }

  private set(root: string, state: ChangeRiskState): void {
    this.states.set(root, state);
    this.changed.fire(root);
  }

  private startNext(): void {
    if (this.current || this.disposed) return;
    const next = this.queued.values().next().value as Request | undefined;
    if (!next) return;
    this.queued.delete(next.root);
    const abort = new AbortController();
    const previous = this.stateOf(next.root);
    this.set(next.root, previous.state === 'ready' ? { ...previous, updating: true } : { state: 'running', learning: !this.fitted.has(next.engine.history) });
    const running: Running = { root: next.root, abort, done: Promise.resolve() };
    running.done = this.run(next, abort.signal).finally(() => {
      if (this.current === running) this.current = undefined;
      this.startNext();
    });
    this.current = running;
  }

  private async run(request: Request, signal: AbortSignal): Promise<void> {
    const started = Date.now();
    const live = () => !signal.aborted && !this.disposed && this.states.has(request.root);
    try {
      this.runs++;
      this.controller.gitUse.push('change risk');
      const assessment = await this.worker.assess(
        { folder: request.root, cacheDir: this.controller.cacheDir, engineKey: this.engineKey(request.engine), change: request.change, lineWarnings: request.lineWarnings },
        signal,
      );
      this.fitted.add(request.engine.history);
      log()?.info(`${request.name}: change risk ${assessment.status === 'scored' ? `${Math.round(assessment.score.probability * 100)} %` : assessment.status} in ${Date.now() - started} ms`);
      if (live()) this.set(request.root, { state: 'ready', assessment, ratedRoles: request.engine.team.config.risk.roles });
    } catch (error) {
      if (signal.aborted) return;
      log()?.warn(`${request.name}: computing the change risk: ${errorMessage(error)}`);
      if (live()) this.set(request.root, { state: 'error', message: errorMessage(error) });
    }
  }

  private engineKey(engine: ChangeRiskEngine): string {
    let key = this.engineKeys.get(engine);
    if (!key) this.engineKeys.set(engine, (key = `${engine.repository.head ?? ''}#${++this.engines}`));
    return key;
  }

  private forget(root: string): void {
    if (this.current?.root === root) this.current.abort.abort();
    this.queued.delete(root);
    if (this.states.delete(root)) this.changed.fire(root);
  }

  /** Resolves when no change risk is being computed or waiting (for the tests). */
  async idle(): Promise<void> {
    while (this.current) await this.current.done;
  }

  dispose(): void {
    this.disposed = true;
    this.current?.abort.abort();
    this.queued.clear();
    this.worker.dispose();
    this.removal.dispose();
    this.changed.dispose();
  }
}

/** The Incident analysis webview panel (changeRisk.showIncidentAnalysis). */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ChangeRiskEngine } from '../../core/engine';
import { pathInside } from '../../core/paths';
import { runAreaRatesWorker } from '../indexing/runIndexWorker';
import { INTERNAL_COMMANDS } from '../links';
import { DisposableStore } from '../disposables';
import { errorMessage, guarded, guardedSync, log } from '../log';
import type { WorkspaceController } from '../workspace/controller';
import type { RepositoryState } from '../workspace/repositoryState';
import { notRatedText } from '../riskText';
import type { AreaRatesState } from './analysisAreaRates';
import { analysisHtml, type AnalysisData } from './analysisHtml';
import { parseAnalysisMessage, type AllowedTargets } from './analysisMessages';

export function analysisData(repository: RepositoryState, engine: ChangeRiskEngine): AnalysisData {
  const topFiles = engine.risk
    .filesWithIncidents()
    // A stable sort: files with as many incidents keep the model's order.
    .sort((a, b) => b.incidents.length - a.incidents.length)
    .slice(0, 10)
    // A file of a role that is not rated (a Gemfile linked to an incident) shows its role, not a level.
    .map((risk) => ({
      path: risk.path,
      rating: engine.team.config.risk.roles.includes(risk.role) ? vscode.l10n.t('{0} risk', risk.level) : notRatedText(risk.role),
      incidents: risk.incidents.length,
      ...(risk.reasons[0] ? { reason: risk.reasons[0].text } : {}),
    }));
  return { repository: repository.name, analysis: engine.incidentAnalysis(), topFiles };
}

/** What the page may ask to open: the ledger's postmortems and the files it shows. */
function allowedTargets(data: AnalysisData): AllowedTargets {
  return {
    postmortems: new Set(data.analysis.incidents.map((incident) => incident.file)),
    files: new Set([...data.analysis.incidents.flatMap((incident) => incident.files), ...data.topFiles.map((file) => file.path)]),
  };
}

export class AnalysisPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private repository: RepositoryState | undefined;
  private allowed: AllowedTargets = { postmortems: new Set(), files: new Set() };
  private readonly store = new DisposableStore();
  /**
   * The failure rate by area of each engine shown: computed once per engine (a new HEAD or new team files
   * make a new one), after the page is first rendered, in a worker thread (dist/indexWorker.js), since it
   * reads the diffs of new commits and its features block an event loop for seconds on a big history.
   */
  private readonly areaRates = new WeakMap<ChangeRiskEngine, AreaRatesState>();
  /** The computation under way: one at a time, the latest engine's; cancelled when the page closes. */
  private areaRatesRun: { engine: ChangeRiskEngine; abort: AbortController } | undefined;
  /** The HTML last rendered, for the tests. */
  html: string | undefined;

  constructor(private readonly extensionUri: vscode.Uri, private readonly controller: WorkspaceController) {
    this.store.add(controller.onDidChange(guardedSync('updating the incident analysis', (changed) => {
      if (this.panel && (!changed || changed === this.repository)) this.render();
    })));
  }

  show(repository: RepositoryState): void {
    this.repository = repository;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('changeRisk.incidentAnalysis', vscode.l10n.t('Incident Analysis'), vscode.ViewColumn.Active, {
        // Only media/analysis.js runs (the CSP's nonce); the page holds no other script and no command: links.
        enableScripts: true,
        enableCommandUris: false,
        localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media')],
      });
      this.panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'change-risk.svg');
      this.panel.webview.onDidReceiveMessage(guarded('opening from the incident analysis', (message: unknown) => this.handleMessage(message)));
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        this.cancelAreaRates();
      });
    } else {
      this.panel.reveal();
    }
    this.render();
  }

  /**
   * A message from the page: open a postmortem of the ledger, or a file the page names inside the repository.
   * Anything else is ignored. Returns what was opened (the integration tests call it as the page would).
   */
  async handleMessage(message: unknown): Promise<string | undefined> {
    const repository = this.repository;
    if (!repository) return undefined;
    const request = parseAnalysisMessage(message, repository.root, this.allowed);
    if (!request) return undefined;
    if (request.open === 'incident') {
      const incident = repository.team?.incidents.find((i) => i.file === request.file);
      if (!incident) return undefined;
      await vscode.commands.executeCommand(INTERNAL_COMMANDS.openIncident, repository.root, incident.file, incident.line);
      return incident.file;
    }
    const file = path.join(repository.root, ...request.path.split('/'));
    // A link in the repository may point anywhere: open only what really lies inside it.
    let real: string;
    try {
      real = fs.realpathSync(file);
      if (!fs.statSync(real).isFile()) return undefined;
    } catch {
      void vscode.window.showInformationMessage(vscode.l10n.t('Change Risk: {0} does not exist in the work tree.', request.path));
      return undefined;
    }
    if (pathInside(fs.realpathSync(repository.root), real) === undefined) return undefined;
    await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: true, viewColumn: vscode.ViewColumn.Beside });
    return request.path;
  }

  private render(): void {
    const panel = this.panel;
    const repository = this.repository;
    const engine = repository?.engine;
    if (!panel || !repository || !engine) return;
    const webview = panel.webview;
    const data = { ...analysisData(repository, engine), areaRates: this.areaRatesOf(engine) };
    this.allowed = allowedTargets(data);
    this.html = analysisHtml(data, {
      cspSource: webview.cspSource,
      nonce: crypto.randomBytes(16).toString('base64'),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'analysis.css')).toString(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'analysis.js')).toString(),
      lang: vscode.env.language,
    });
    webview.html = this.html;
  }

  /** The rates of `engine` as known now; the first call starts computing them (never in Restricted Mode: it runs git). */
  private areaRatesOf(engine: ChangeRiskEngine): AreaRatesState {
    const known = this.areaRates.get(engine);
    if (known) return known;
    if (!vscode.workspace.isTrusted) return { status: 'restricted' };
    // The page shows one engine at a time: the rates of one it no longer shows are not worth finishing.
    this.cancelAreaRates();
    const loading: AreaRatesState = { status: 'loading' };
    this.areaRates.set(engine, loading);
    this.controller.gitUse.push('area failure rate');
    const started = Date.now();
    const abort = new AbortController();
    const run = { engine, abort };
    this.areaRatesRun = run;
    const name = path.basename(engine.repository.root);
    void runAreaRatesWorker(this.controller.workerFile, engine.repository.root, this.controller.cacheDir, { signal: abort.signal })
      .then(
        (rates) => {
          log()?.info(`${name}: failure rate by area in ${Date.now() - started} ms (${rates.changesInHistory} changes)`);
          this.settle(engine, { status: 'ready', rates });
        },
        (error: unknown) => {
          if (abort.signal.aborted) return;
          log()?.warn(`${name}: the failure rate by area failed: ${errorMessage(error)}`);
          this.settle(engine, { status: 'error', message: errorMessage(error) });
        },
      )
      .finally(() => {
        if (this.areaRatesRun === run) this.areaRatesRun = undefined;
      });
    return loading;
  }

  /** Stops the computation under way (its worker is terminated); its engine's rates are computed again when shown. */
  private cancelAreaRates(): void {
    const run = this.areaRatesRun;
    if (!run) return;
    this.areaRatesRun = undefined;
    run.abort.abort();
    if (this.areaRates.get(run.engine)?.status === 'loading') this.areaRates.delete(run.engine);
  }

  private settle(engine: ChangeRiskEngine, state: AreaRatesState): void {
    this.areaRates.set(engine, state);
    if (this.panel && this.repository?.engine === engine) this.render();
  }

  /** Whether the failure rate by area is being computed (for the tests). */
  get computingAreaRates(): boolean {
    return this.areaRatesRun !== undefined;
  }

  dispose(): void {
    this.cancelAreaRates();
    this.panel?.dispose();
    this.store.dispose();
  }
}

/**
 * Change Risk in VS Code: a thin shell over the engine (src/core). Activation only builds the
 * surfaces and starts reading the repositories in the background; indexing runs in a worker thread.
 *
 * Lifetimes: the extension owns the surfaces (context.subscriptions); the WorkspaceController owns one
 * store per workspace folder; each RepositoryState owns its watchers and engine.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ChangeRiskRuns } from './changeRisk/changeRiskRuns';
import { registerCommands } from './commands/commands';
import { VirtualDocuments } from './commands/documents';
import { RiskCodeLensProvider } from './codelens/riskCodeLens';
import { GutterDecorations } from './decorations/gutterDecorations';
import { TeamDiagnostics } from './diagnostics/teamDiagnostics';
import { RiskFileDecorations } from './explorer/fileDecorations';
import { RiskHoverProvider } from './hovers/hoverProvider';
import { configureL10n } from './l10n';
import { LineMarksService } from './lineMarks';
import { createLog, guardedSync, log, reportError } from './log';
import { Settings } from './settings';
import { ChangeRiskStatusBar } from './statusBar/changeRiskStatusBar';
import { RiskStatusBar } from './statusBar/riskStatusBar';
import { registerTestState } from './testState';
import { mark, startHostProfile, startTimeline, watchStalls } from './timeline';
import { AnalysisPanel } from './views/analysisPanel';
import { registerPullRequestProvider } from './impact/githubPullRequests';
import { IncidentsTreeProvider } from './views/incidentsTree';
import { QualityBarTreeProvider } from './views/qualityBarTree';
import { RiskyFilesTreeProvider } from './views/riskyFilesTree';
import { WorkspaceController } from './workspace/controller';

export { COMMANDS, type CommandId } from './commands/commands';

export const VIEWS = { incidents: 'changeRisk.incidents', riskyFiles: 'changeRisk.riskyFiles', qualityBar: 'changeRisk.qualityBar' } as const;

export function activate(context: vscode.ExtensionContext): void {
  const t0 = Date.now();
  const subscriptions = context.subscriptions;
  // First: the pure modules translate through @vscode/l10n, which needs the bundle VS Code chose (src/extension/l10n.ts).
  configureL10n(vscode.env.language, vscode.l10n.bundle);
  subscriptions.push(createLog());
  startTimeline(t0);
  // Test runs (the first-marks probe among them) see when the host thread was held up.
  if (context.extensionMode === vscode.ExtensionMode.Test) {
    subscriptions.push(watchStalls());
    startHostProfile();
  }
  try {
    const settings = new Settings();
    const storage = context.storageUri ?? context.globalStorageUri;
    const controller = new WorkspaceController({
      cacheDir: path.join(storage.fsPath, 'index'),
      workerFile: path.join(context.extensionPath, 'dist', 'indexWorker.js'),
    });
    const marks = new LineMarksService(controller, settings);
    const gutter = new GutterDecorations(context.extensionUri, marks, settings);
    const codeLens = new RiskCodeLensProvider(controller, settings);
    const fileDecorations = new RiskFileDecorations(controller, settings);
    const statusBar = new RiskStatusBar(controller, marks, settings);
    const diagnostics = new TeamDiagnostics(controller);
    const incidents = new IncidentsTreeProvider(controller, settings);
    const riskyFiles = new RiskyFilesTreeProvider(controller, settings);
    const changeRisk = new ChangeRiskRuns(controller);
    const changeRiskStatusBar = new ChangeRiskStatusBar(controller, changeRisk, settings);
    const qualityBar = new QualityBarTreeProvider(controller, changeRisk, (maxWaitMs) => marks.blamesDone(maxWaitMs));
    const analysis = new AnalysisPanel(context.extensionUri, controller);
    const documents = new VirtualDocuments(controller);
    subscriptions.push(settings, controller, marks, gutter, codeLens, fileDecorations, statusBar, diagnostics, incidents, riskyFiles, changeRisk, changeRiskStatusBar, qualityBar, analysis, documents);

    const files: vscode.DocumentSelector = { scheme: 'file' };
    subscriptions.push(
      vscode.languages.registerHoverProvider(files, new RiskHoverProvider(controller, marks)),
      vscode.languages.registerCodeLensProvider(files, codeLens),
      vscode.window.registerFileDecorationProvider(fileDecorations),
    );
    const incidentsView = vscode.window.createTreeView(VIEWS.incidents, { treeDataProvider: incidents, showCollapseAll: true });
    incidents.view = incidentsView;
    subscriptions.push(incidentsView, vscode.window.createTreeView(VIEWS.riskyFiles, { treeDataProvider: riskyFiles }));
    subscriptions.push(vscode.window.createTreeView(VIEWS.qualityBar, { treeDataProvider: qualityBar }));
    // The views' data providers exist from here on: the "starting" welcome (package.json) gives way.
    // Without it VS Code says "There is no data provider registered…" while the views wait for activation.
    void vscode.commands.executeCommand('setContext', 'changeRisk.activated', true);
    subscriptions.push(registerPullRequestProvider(controller, changeRisk));
    subscriptions.push(registerCommands({ controller, settings, analysis, gutter, changeRisk }));

    const updateContext = guardedSync('updating context keys', () => {
      const repositories = controller.repositories;
      void vscode.commands.executeCommand('setContext', 'changeRisk.noRepository', controller.noRepository);
      void vscode.commands.executeCommand('setContext', 'changeRisk.indexing', repositories.some((r) => r.status === 'indexing' || r.status === 'waiting'));
      void vscode.commands.executeCommand('setContext', 'changeRisk.indexError', repositories.some((r) => r.status === 'error') && !repositories.some((r) => r.engine));
      void vscode.commands.executeCommand('setContext', 'changeRisk.ledgerEmpty', repositories.length > 0 && repositories.every((r) => r.team && r.team.incidents.length === 0));
      void vscode.commands.executeCommand('setContext', 'changeRisk.incidents.groupBy', settings.value.incidents.groupBy);
      void vscode.commands.executeCommand('setContext', 'changeRisk.incidents.onlyActiveFile', settings.value.incidents.onlyActiveFile);
    });
    subscriptions.push(controller.onDidChange(updateContext), settings.onDidChange(updateContext));
    updateContext();

    if (context.extensionMode === vscode.ExtensionMode.Test) {
      subscriptions.push(registerTestState({ controller, marks, gutter, statusBar, changeRiskStatusBar, changeRisk, fileDecorations, incidents, riskyFiles, qualityBar, analysis, activationMs: Date.now() - t0, activatedAt: t0 }));
    }
    mark('activated');
    log()?.info(`Activated in ${Date.now() - t0} ms (${vscode.workspace.isTrusted ? 'trusted' : 'Restricted Mode: no git'})`);
  } catch (error) {
    reportError(vscode.l10n.t('activating'), error, true);
  }
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}

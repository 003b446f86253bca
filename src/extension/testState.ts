/**
 * `changeRiskTest.state`: what the extension has applied (decorations, status bar, trees, badges),
 * for the integration tests. Registered only when VS Code runs extension tests.
 */
import * as vscode from 'vscode';
import type { ChangeRiskRuns } from './changeRisk/changeRiskRuns';
import type { GutterDecorations } from './decorations/gutterDecorations';
import type { RiskFileDecorations } from './explorer/fileDecorations';
import type { LineMarksService } from './lineMarks';
import type { ChangeRiskStatusBar } from './statusBar/changeRiskStatusBar';
import type { RiskStatusBar } from './statusBar/riskStatusBar';
import type { AnalysisPanel } from './views/analysisPanel';
import type { IncidentsTreeProvider } from './views/incidentsTree';
import type { QualityBarTreeProvider } from './views/qualityBarTree';
import type { RiskyFilesTreeProvider } from './views/riskyFilesTree';
import type { WorkspaceController } from './workspace/controller';
import type { IndexTuning } from './workspace/repositoryState';
import { stopHostProfile, timelineEvents } from './timeline';

export const TEST_STATE_COMMAND = 'changeRiskTest.state';

export interface TestServices {
  controller: WorkspaceController;
  marks: LineMarksService;
  gutter: GutterDecorations;
  statusBar: RiskStatusBar;
  changeRiskStatusBar: ChangeRiskStatusBar;
  changeRisk: ChangeRiskRuns;
  fileDecorations: RiskFileDecorations;
  incidents: IncidentsTreeProvider;
  riskyFiles: RiskyFilesTreeProvider;
  qualityBar: QualityBarTreeProvider;
  analysis: AnalysisPanel;
  activationMs: number;
  /** When activate() started (epoch ms), for the first-marks timing probe. */
  activatedAt: number;
}

export interface TreeItemState {
  label: string;
  description?: string;
  tooltip?: string;
  /** The file the item stands for (`resourceUri`), as a file system path. */
  resource?: string;
  children?: TreeItemState[];
}

function labelOf(item: vscode.TreeItem): string {
  const label = typeof item.label === 'string' ? item.label : item.label?.label;
  return label ?? item.resourceUri?.path.split('/').pop() ?? '';
}

function tooltipOf(item: vscode.TreeItem): string | undefined {
  return typeof item.tooltip === 'string' ? item.tooltip : item.tooltip?.value;
}

async function treeState<T>(provider: vscode.TreeDataProvider<T>, node: T | undefined, depth: number): Promise<TreeItemState[]> {
  const children = (await provider.getChildren(node)) ?? [];
  return Promise.all(
    children.map(async (child) => {
      const item = await provider.getTreeItem(child);
      const state: TreeItemState = { label: labelOf(item) };
      if (typeof item.description === 'string') state.description = item.description;
      const tooltip = tooltipOf(item);
      if (tooltip) state.tooltip = tooltip;
      if (item.resourceUri) state.resource = item.resourceUri.fsPath;
      if (depth > 1 && item.collapsibleState !== vscode.TreeItemCollapsibleState.None) state.children = await treeState(provider, child, depth - 1);
      return state;
    }),
  );
}

export interface TestStateOptions {
  files?: string[];
  waitIdle?: boolean;
  analysisMessage?: unknown;
  /** Changes how indexing shows itself (e.g. a worker delay so that a test can cancel it). */
  indexTuning?: Partial<IndexTuning>;
  /** Cancels every running index as the notification's Cancel button does. */
  cancelIndexing?: boolean;
  /** Writes the extension host's CPU profile (see `startHostProfile`) and says where. */
  stopProfile?: boolean;
  /** Leaves out the views (their items are built anew on each call): what a timing probe polls for. */
  brief?: boolean;
}

export function registerTestState(services: TestServices): vscode.Disposable {
  return vscode.commands.registerCommand(TEST_STATE_COMMAND, async (options: TestStateOptions = {}) => {
    const { controller, marks, gutter, statusBar, fileDecorations } = services;
    if (options.indexTuning) Object.assign(controller.indexTuning, options.indexTuning);
    // The same call the notification's Cancel button makes (its token's onCancellationRequested).
    if (options.cancelIndexing) for (const repository of controller.repositories) repository.cancelIndexing();
    // A message as the analysis webview posts it (a click), through the panel's own handler.
    const analysisOpened = 'analysisMessage' in options ? await services.analysis.handleMessage(options.analysisMessage) : undefined;
    if (options.waitIdle) await controller.idle();
    if (options.waitIdle) await services.qualityBar.idle();
    if (options.waitIdle) await services.changeRisk.idle();
    const editors = vscode.window.visibleTextEditors.map((editor) => {
      const current = marks.peek(editor.document);
      return {
        path: editor.document.uri.fsPath,
        version: editor.document.version,
        dirty: editor.document.isDirty,
        decorations: gutter.applied.get(editor.document.uri.toString()),
        marks: current && {
          status: current.status,
          provisional: current.provisional === true,
          note: current.note,
          marks: current.marks.map((m) => ({ source: m.source, start: m.start, end: m.end, incidents: m.incidents.map((i) => i.id), commits: m.commits.map((c) => c.sha), why: m.commits.map((c) => c.why ?? '') })),
        },
      };
    });
    const badges = Object.fromEntries(
      (options.files ?? []).map((file) => {
        const decoration = fileDecorations.provideFileDecoration(vscode.Uri.file(file));
        return [file, decoration && { badge: decoration.badge, tooltip: decoration.tooltip, color: (decoration.color as vscode.ThemeColor | undefined)?.id, propagate: decoration.propagate }];
      }),
    );
    const risks = Object.fromEntries(
      (options.files ?? []).map((file) => {
        const found = controller.fileOf(vscode.Uri.file(file));
        const model = found && found.repository.engine?.risk;
        const risk = found && model?.file(found.path);
        return [
          file,
          risk && {
            level: risk.level,
            rank: risk.rank,
            area: risk.area?.name,
            legacy: risk.legacy,
            role: risk.role,
            rated: model!.config.risk.roles.includes(risk.role),
            reasons: risk.reasons.map((r) => r.text),
            reasonKinds: risk.reasons.map((r) => r.kind),
            incidents: risk.incidents.map((i) => i.id),
            fixCommits: risk.stats.fixCommits,
            reverts: risk.stats.reverts + risk.stats.reverted,
          },
        ];
      }),
    );
    const tooltip = statusBar.item.tooltip;
    const hostProfile = options.stopProfile ? await stopHostProfile() : undefined;
    return {
      hostProfile,
      activationMs: services.activationMs,
      activatedAt: services.activatedAt,
      timeline: timelineEvents(),
      trusted: vscode.workspace.isTrusted,
      gitUse: [...controller.gitUse],
      blameRuns: marks.blameRuns,
      blamed: [...marks.blamed],
      mostBlamesAtOnce: marks.mostBlamesAtOnce,
      noRepository: controller.noRepository,
      repositories: controller.repositories.map((r) => ({
        root: r.root,
        status: r.status,
        indexProgress: r.indexProgress,
        indexCancelled: r.indexCancelled,
        error: r.error,
        indexed: r.engine !== undefined,
        index: r.engine ? { source: r.engine.load.source, commitsRead: r.engine.load.commitsRead, head: r.engine.repository.head } : undefined,
        generation: r.generation,
        incidents: r.team?.incidents.map((i) => i.id) ?? [],
        diagnostics: r.team?.diagnostics ?? [],
        tally: r.engine ? { kind: r.engine.incidentTally('kind'), area: r.engine.incidentTally('area') } : undefined,
      })),
      editors,
      statusBar: { text: statusBar.item.text, tooltip: typeof tooltip === 'string' ? tooltip : tooltip?.value, accessibleName: statusBar.item.accessibilityInformation?.label, visible: statusBar.visible },
      changeRiskStatusBar: {
        text: services.changeRiskStatusBar.item.text,
        tooltip: typeof services.changeRiskStatusBar.item.tooltip === 'string' ? services.changeRiskStatusBar.item.tooltip : services.changeRiskStatusBar.item.tooltip?.value,
        accessibleName: services.changeRiskStatusBar.item.accessibilityInformation?.label,
        visible: services.changeRiskStatusBar.visible,
      },
      changeRiskRuns: services.changeRisk.runs,
      incidentsTree: options.brief ? [] : await treeState(services.incidents, undefined, 4),
      riskyFiles: options.brief ? [] : await treeState(services.riskyFiles, undefined, 1),
      qualityBar: options.brief ? [] : await treeState(services.qualityBar, undefined, 3),
      checklistRuns: services.qualityBar.checkRuns,
      fileDecorations: badges,
      fileRisks: risks,
      analysisHtml: services.analysis.html,
      analysisComputing: services.analysis.computingAreaRates,
      analysisOpened,
    };
  });
}

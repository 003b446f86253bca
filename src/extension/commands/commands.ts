/** Every command of the extension, registered in one place; each handler reports its own errors. */
import * as vscode from 'vscode';
import type { GutterDecorations } from '../decorations/gutterDecorations';
import { DisposableStore } from '../disposables';
import { INTERNAL_COMMANDS } from '../links';
import { guarded } from '../log';
import type { Settings } from '../settings';
import type { AnalysisPanel } from '../views/analysisPanel';
import type { WorkspaceController } from '../workspace/controller';
import { historyUnavailableMessage } from '../workspace/historyUnavailable';
import { checkAccuracyCommand } from '../accuracy/checkAccuracy';
import { draftImpactCommand } from '../impact/draftCommand';
import type { ChangeRiskRuns } from '../changeRisk/changeRiskRuns';
import { addCiCheckCommand, createConfigCommand } from '../onboarding/createConfig';
import { commitUri, explainUri } from './documents';
import { recordIncident, type RecordIncidentArgs } from './recordIncident';
import { showMarkdownPreview } from './showMarkdown';

/**
 * Every command the manifest declares under `contributes.commands`.
 * The integration suite checks that this list, the manifest and the registered commands agree.
 */
export const COMMANDS = {
  refreshIndex: 'changeRisk.refreshIndex',
  explainFile: 'changeRisk.explainFile',
  showIncidentAnalysis: 'changeRisk.showIncidentAnalysis',
  recordIncident: 'changeRisk.recordIncident',
  toggleGutterWarnings: 'changeRisk.toggleGutterWarnings',
  draftImpactStatement: 'changeRisk.draftImpactStatement',
  checkAccuracy: 'changeRisk.checkAccuracy',
  openIncident: INTERNAL_COMMANDS.openIncident,
  showCommit: INTERNAL_COMMANDS.showCommit,
  groupIncidentsByArea: 'changeRisk.incidents.groupByArea',
  groupIncidentsByKind: 'changeRisk.incidents.groupByKind',
  showActiveFileIncidents: 'changeRisk.incidents.showActiveFileOnly',
  showAllIncidents: 'changeRisk.incidents.showAll',
  createConfig: 'changeRisk.createConfig',
  addCiCheck: 'changeRisk.addCiCheck',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

export interface CommandServices {
  controller: WorkspaceController;
  settings: Settings;
  analysis: AnalysisPanel;
  gutter: GutterDecorations;
  changeRisk: ChangeRiskRuns;
}

function info(message: string): void {
  // Not awaited: the message resolves only when dismissed; a command must not wait for that.
  void vscode.window.showInformationMessage(`Change Risk: ${message}`);
}

export function registerCommands({ controller, settings, analysis, changeRisk }: CommandServices): vscode.Disposable {
  const store = new DisposableStore();
  const register = (id: CommandId, where: string, handler: (...args: never[]) => unknown) =>
    store.add(vscode.commands.registerCommand(id, guarded(where, handler as (...args: unknown[]) => unknown)));

  const activeRepository = () => {
    const editor = vscode.window.activeTextEditor;
    return (editor && controller.fileOf(editor.document.uri)?.repository) ?? controller.repositories.find((r) => r.engine) ?? controller.repositories[0];
  };

  register(COMMANDS.refreshIndex, vscode.l10n.t('refreshing the index'), async () => {
    if (!vscode.workspace.isTrusted) {
      info(vscode.l10n.t('the history is read only in a trusted workspace; the ledger was re-read.'));
      await Promise.all(controller.repositories.map((r) => r.reloadTeam()));
      return;
    }
    if (controller.repositories.length === 0) return info(vscode.l10n.t('no git repository in this workspace.'));
    await controller.refreshAll();
  });

  register(COMMANDS.explainFile, vscode.l10n.t('explaining the file'), async (target?: vscode.Uri) => {
    const uri = target instanceof vscode.Uri ? target : vscode.window.activeTextEditor?.document.uri;
    const file = uri && controller.fileOf(uri);
    if (!file) return info(vscode.l10n.t('open a file of a git repository to see why it is risky.'));
    const doc = explainUri(file.repository.root, file.path);
    await vscode.workspace.openTextDocument(doc);
    await showMarkdownPreview(doc);
    return doc.toString();
  });

  register(COMMANDS.showIncidentAnalysis, vscode.l10n.t('showing the incident analysis'), () => {
    const repository = activeRepository();
    if (!repository?.engine) {
      return info(
        !vscode.workspace.isTrusted
          ? vscode.l10n.t('the incident analysis needs the git history: trust this folder first.')
          : repository
            ? historyUnavailableMessage(repository)
            : vscode.l10n.t('no git repository in this workspace.'),
      );
    }
    analysis.show(repository);
    return analysis.html;
  });

  register(COMMANDS.recordIncident, vscode.l10n.t('recording an incident'), (args?: RecordIncidentArgs) => recordIncident(controller, args && typeof args === 'object' && !(args instanceof vscode.Uri) ? args : {}));

  register(COMMANDS.toggleGutterWarnings, vscode.l10n.t('toggling gutter warnings'), async () => {
    await settings.update('gutterWarnings.enabled', !settings.value.gutterWarnings.enabled);
  });

  register(COMMANDS.draftImpactStatement, vscode.l10n.t('drafting an impact statement'), () => draftImpactCommand(controller, activeRepository(), changeRisk));

  register(COMMANDS.checkAccuracy, vscode.l10n.t('checking accuracy'), () => checkAccuracyCommand(controller, activeRepository()));

  // Anything that can run a command may pass any arguments: open only a postmortem the ledger of a known repository holds.
  register(COMMANDS.openIncident, vscode.l10n.t('opening the postmortem'), async (root?: string, file?: string, line?: number) => {
    const repository = controller.repositories.find((r) => r.root === root);
    const incident = repository?.team?.incidents.find((i) => i.file === file);
    if (!repository || !incident) return info(vscode.l10n.t('pick an incident in the Incidents view or a hover to open its postmortem.'));
    const position = new vscode.Position(Math.max(0, (typeof line === 'number' ? line : incident.line) - 1), 0);
    await vscode.window.showTextDocument(vscode.Uri.joinPath(vscode.Uri.file(repository.root), ...incident.file.split('/')), { selection: new vscode.Range(position, position), preview: true });
  });

  register(COMMANDS.showCommit, vscode.l10n.t('showing the commit'), async (root?: string, sha?: string) => {
    if (typeof root !== 'string' || typeof sha !== 'string') return info(vscode.l10n.t('pick a commit in a hover to show it.'));
    const document = await vscode.workspace.openTextDocument(commitUri(root, sha));
    await vscode.languages.setTextDocumentLanguage(document, 'diff');
    await vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  });

  register(COMMANDS.createConfig, vscode.l10n.t('creating the team configuration'), () => createConfigCommand(activeRepository()));
  register(COMMANDS.addCiCheck, vscode.l10n.t('adding the CI check'), () => addCiCheckCommand(activeRepository()));

  register(COMMANDS.groupIncidentsByArea, vscode.l10n.t('grouping incidents'), () => settings.update('incidents.groupBy', 'area'));
  register(COMMANDS.groupIncidentsByKind, vscode.l10n.t('grouping incidents'), () => settings.update('incidents.groupBy', 'kind'));
  register(COMMANDS.showActiveFileIncidents, vscode.l10n.t('filtering incidents'), () => settings.update('incidents.onlyActiveFile', true));
  register(COMMANDS.showAllIncidents, vscode.l10n.t('filtering incidents'), () => settings.update('incidents.onlyActiveFile', false));
  return store;
}

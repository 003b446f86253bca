/**
 * "Draft Impact Statement": the impact draft of the active repository's change (branch and uncommitted
 * work against its base), opened as an untitled Markdown document and copied to the clipboard.
 */
import * as vscode from 'vscode';
import type { ImpactAnalysis } from '../../core/impact/analyse';
import { draftImpactStatement, type ImpactDraft } from '../../core/impact/draft';
import type { ChangeRiskRuns } from '../changeRisk/changeRiskRuns';
import { formatDiagnostic } from '../../core/diagnostics';
import { errorMessage, isCancellation, log, reportError } from '../log';
import type { WorkspaceController } from '../workspace/controller';
import { historyUnavailableMessage } from '../workspace/historyUnavailable';
import type { RepositoryState } from '../workspace/repositoryState';
import { editorLang } from './lang';

export function restrictedDraftMessage(): string {
  return vscode.l10n.t(
    'drafting an impact statement reads the git history and the diff of your branch, which Change Risk does only in a trusted workspace. Trusting this folder enables the draft, gutter warnings, risk levels and risky files.',
  );
}

export interface DraftOutcome {
  /** What was opened and copied; undefined when nothing was (empty diff, restricted, error, cancelled). */
  text?: string;
  uri?: string;
  message: string;
}

/**
 * Drafts for one repository, counting the git use; throws what the engine throws. The change risk at its top
 * comes from the change-risk worker (`changeRisk`); when it cannot be had the draft goes without it.
 */
export async function draftFor(controller: WorkspaceController, repository: RepositoryState, signal?: AbortSignal, changeRisk?: ChangeRiskRuns): Promise<ImpactDraft> {
  const engine = repository.engine;
  if (!engine) throw new Error(`the history of ${repository.name} is not indexed yet`);
  controller.gitUse.push('impact draft');
  const changeRiskBy = changeRisk
    ? async (analysis: ImpactAnalysis) => {
        try {
          return await changeRisk.assessNow(engine, analysis, signal ?? new AbortController().signal);
        } catch (error) {
          if (signal?.aborted) throw error;
          log()?.warn(`${repository.name}: the draft goes without the change risk: ${errorMessage(error)}`);
          return undefined;
        }
      }
    : undefined;
  return draftImpactStatement(engine, { lang: editorLang(), ...(signal ? { signal } : {}), ...(changeRiskBy ? { changeRiskBy } : {}) });
}

export async function draftImpactCommand(controller: WorkspaceController, repository: RepositoryState | undefined, changeRisk?: ChangeRiskRuns): Promise<DraftOutcome> {
  const say = (message: string, error = false): DraftOutcome => {
    if (error) void vscode.window.showErrorMessage(`Change Risk: ${message}`);
    else void vscode.window.showInformationMessage(`Change Risk: ${message}`);
    return { message };
  };
  if (!vscode.workspace.isTrusted) {
    const manage = vscode.l10n.t('Manage Workspace Trust');
    void vscode.window.showInformationMessage(`Change Risk: ${restrictedDraftMessage()}`, manage).then(
      (choice) => choice === manage && vscode.commands.executeCommand('workbench.trust.manage'),
      () => undefined,
    );
    return { message: restrictedDraftMessage() };
  }
  if (!repository) return say(vscode.l10n.t('no git repository in this workspace.'));
  if (!repository.engine) return say(historyUnavailableMessage(repository));

  let draft: ImpactDraft | undefined;
  try {
    draft = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Change Risk: ${vscode.l10n.t('drafting the impact statement of {0}', repository.name)}`, cancellable: true },
      async (_progress, token) => {
        const abort = new AbortController();
        const cancel = token.onCancellationRequested(() => abort.abort());
        try {
          return await draftFor(controller, repository, abort.signal, changeRisk);
        } finally {
          cancel.dispose();
        }
      },
    );
  } catch (error) {
    if (isCancellation(error)) return { message: 'cancelled' };
    reportError(`drafting the impact statement of ${repository.name}`, error);
    return say(vscode.l10n.t('could not draft the impact statement: {0}', errorMessage(error)), true);
  }
  const change = draft.analysis.change;
  if (change.files.length === 0) {
    return say(vscode.l10n.t('nothing to draft: {0} has no changes against {1} (committed or uncommitted).', change.branch ?? 'HEAD', change.base.ref));
  }
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: draft.body });
  await vscode.window.showTextDocument(document, { preview: false });
  await vscode.env.clipboard.writeText(draft.body);
  const copied = draft.template
    ? vscode.l10n.t('impact statement copied to the clipboard (filled into {0}): paste it into the pull request description and complete the ✍️ prompts.', draft.template.file)
    : vscode.l10n.t('impact statement copied to the clipboard: paste it into the pull request description and complete the ✍️ prompts.');
  for (const skipped of draft.skippedFiles) log()?.warn(`${repository.name}: ${formatDiagnostic(skipped)}`);
  const passedOver = draft.skippedFiles.length > 0 ? ` ${vscode.l10n.t('Not used: {0}.', draft.skippedFiles.map((d) => `${d.file} (${d.message})`).join('; '))}` : '';
  const outcome = say(`${copied}${passedOver}`);
  return { ...outcome, text: draft.body, uri: document.uri.toString() };
}

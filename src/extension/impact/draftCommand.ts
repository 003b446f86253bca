/**
 * "Draft Impact Statement": the impact draft of the active repository's change (branch and uncommitted
 * work against its base), opened as an untitled Markdown document and copied to the clipboard.
 */
import * as vscode from 'vscode';
import { draftImpactStatement, type ImpactDraft } from '../../core/impact/draft';
import { formatDiagnostic } from '../../core/diagnostics';
import { errorMessage, isCancellation, log, reportError } from '../log';
import type { WorkspaceController } from '../workspace/controller';
import { historyUnavailableMessage } from '../workspace/historyUnavailable';
import type { RepositoryState } from '../workspace/repositoryState';
import { editorLang } from './lang';

export const RESTRICTED_DRAFT_MESSAGE =
  'drafting an impact statement reads the git history and the diff of your branch, which Change Risk does only in a trusted workspace. Trusting this folder enables the draft, gutter warnings, risk levels and risky files.';

export interface DraftOutcome {
  /** What was opened and copied; undefined when nothing was (empty diff, restricted, error, cancelled). */
  text?: string;
  uri?: string;
  message: string;
}

/** Drafts for one repository, counting the git use; throws what the engine throws. */
export async function draftFor(controller: WorkspaceController, repository: RepositoryState, signal?: AbortSignal): Promise<ImpactDraft> {
  const engine = repository.engine;
  if (!engine) throw new Error(`the history of ${repository.name} is not indexed yet`);
  controller.gitUse.push('impact draft');
  return draftImpactStatement(engine, { lang: editorLang(), ...(signal ? { signal } : {}) });
}

export async function draftImpactCommand(controller: WorkspaceController, repository: RepositoryState | undefined): Promise<DraftOutcome> {
  const say = (message: string, error = false): DraftOutcome => {
    if (error) void vscode.window.showErrorMessage(`Change Risk: ${message}`);
    else void vscode.window.showInformationMessage(`Change Risk: ${message}`);
    return { message };
  };
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showInformationMessage(`Change Risk: ${RESTRICTED_DRAFT_MESSAGE}`, 'Manage Workspace Trust').then(
      (choice) => choice && vscode.commands.executeCommand('workbench.trust.manage'),
      () => undefined,
    );
    return { message: RESTRICTED_DRAFT_MESSAGE };
  }
  if (!repository) return say('no git repository in this workspace.');
  if (!repository.engine) return say(historyUnavailableMessage(repository));

  let draft: ImpactDraft | undefined;
  try {
    draft = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Change Risk: drafting the impact statement of ${repository.name}`, cancellable: true },
      async (_progress, token) => {
        const abort = new AbortController();
        const cancel = token.onCancellationRequested(() => abort.abort());
        try {
          return await draftFor(controller, repository, abort.signal);
        } finally {
          cancel.dispose();
        }
      },
    );
  } catch (error) {
    if (isCancellation(error)) return { message: 'cancelled' };
    reportError(`drafting the impact statement of ${repository.name}`, error);
    return say(`could not draft the impact statement: ${errorMessage(error)}`, true);
  }
  const change = draft.analysis.change;
  if (change.files.length === 0) {
    return say(`nothing to draft: ${change.branch ?? 'HEAD'} has no changes against ${change.base.ref} (committed or uncommitted).`);
  }
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: draft.body });
  await vscode.window.showTextDocument(document, { preview: false });
  await vscode.env.clipboard.writeText(draft.body);
  const where = draft.template ? ` (filled into ${draft.template.file})` : '';
  for (const skipped of draft.skippedFiles) log()?.warn(`${repository.name}: ${formatDiagnostic(skipped)}`);
  const passedOver = draft.skippedFiles.length > 0 ? ` Not used: ${draft.skippedFiles.map((d) => `${d.file} (${d.message})`).join('; ')}.` : '';
  const outcome = say(`impact statement copied to the clipboard${where}: paste it into the pull request description and complete the ✍️ prompts.${passedOver}`);
  return { ...outcome, text: draft.body, uri: document.uri.toString() };
}

/**
 * "Check Accuracy on This Repository": the backtest (would Change Risk's ranking have pointed at the files
 * fixed next?) on the active repository, shown as a Markdown document with its preview.
 *
 * Runs on the extension host's thread: the history is read by git in a child process and parsed as it
 * streams (the same loader the index worker uses), so the host stays responsive between chunks; on the
 * demo repository (359 commits) the whole run takes well under a second. Cancellable from the progress.
 */
import * as vscode from 'vscode';
import { runBacktest, type BacktestReport } from '../../core/backtest/backtest';
import { backtestMarkdown } from '../../core/backtest/reportTables';
import { errorMessage, isCancellation, log, reportError } from '../log';
import type { WorkspaceController } from '../workspace/controller';
import type { RepositoryState } from '../workspace/repositoryState';

export const RESTRICTED_ACCURACY_MESSAGE = 'checking accuracy replays the git history, which Change Risk reads only in a trusted workspace: trust this folder first.';

export interface AccuracyOutcome {
  message: string;
  text?: string;
  uri?: string;
  summary?: string;
  ms?: number;
}

export async function checkAccuracyCommand(controller: WorkspaceController, repository: RepositoryState | undefined): Promise<AccuracyOutcome> {
  const say = (message: string, error = false): AccuracyOutcome => {
    if (error) void vscode.window.showErrorMessage(`Change Risk: ${message}`);
    else void vscode.window.showInformationMessage(`Change Risk: ${message}`);
    return { message };
  };
  if (!vscode.workspace.isTrusted) return say(RESTRICTED_ACCURACY_MESSAGE);
  if (!repository) return say('no git repository in this workspace.');
  const engine = repository.engine;
  if (!engine) return say(`the history of ${repository.name} is still being indexed; try again in a moment.`);

  const t0 = Date.now();
  let report: BacktestReport;
  try {
    report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `Change Risk: checking accuracy on ${repository.name}`, cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        const cancel = token.onCancellationRequested(() => abort.abort());
        try {
          controller.gitUse.push('backtest');
          return await runBacktest({
            engine,
            signal: abort.signal,
            onProgress: (p) => progress.report({ message: p.total ? `${p.message} ${p.done}/${p.total}` : p.message }),
          });
        } finally {
          cancel.dispose();
        }
      },
    );
  } catch (error) {
    if (isCancellation(error)) return { message: 'cancelled' };
    reportError(`checking accuracy on ${repository.name}`, error);
    return say(`could not check accuracy: ${errorMessage(error)}`, true);
  }
  const ms = Date.now() - t0;
  log()?.info(`${repository.name}: backtest in ${ms} ms (history ${report.timings.history} ms, lines ${report.timings.lines} ms, ranking ${report.timings.ranking} ms)`);
  const text = backtestMarkdown(report, repository.name);
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: text });
  await vscode.window.showTextDocument(document, { preview: false });
  if ((await vscode.commands.getCommands(true)).includes('markdown.showPreviewToSide')) await vscode.commands.executeCommand('markdown.showPreviewToSide', document.uri);
  return { message: report.summary, text, uri: document.uri.toString(), summary: report.summary, ms };
}

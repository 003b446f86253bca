/**
 * "Check Accuracy on This Repository": the backtest (would Change Risk's ranking have pointed at the files
 * fixed next?) on the active repository, shown as the rendered preview of a read-only Markdown document.
 *
 * Runs in the index worker (dist/indexWorker.js, `task: 'backtest'`), not on the extension host's thread:
 * ranking the files at each cutoff and counting their lines would stall its event loop. The worker opens
 * the engine from the index cache (the index the open engine was read from) and replays that index to
 * each cutoff: the history is not read from git again. Cancelling the progress terminates the worker.
 */
import * as vscode from 'vscode';
import type { BacktestReport } from '../../core/backtest/backtest';
import { backtestMarkdown } from '../../core/backtest/reportTables';
import type { BacktestIndex } from '../indexing/indexProtocol';
import { IndexWorkerError, runBacktestWorker } from '../indexing/runIndexWorker';
import { errorMessage, isCancellation, log, reportError } from '../log';
import type { WorkspaceController } from '../workspace/controller';
import { historyUnavailableMessage } from '../workspace/historyUnavailable';
import type { RepositoryState } from '../workspace/repositoryState';
import { storeReport } from '../commands/documents';
import { showMarkdownPreview } from '../commands/showMarkdown';

export function restrictedAccuracyMessage(): string {
  return vscode.l10n.t('checking accuracy replays the git history, which Change Risk reads only in a trusted workspace: trust this folder first.');
}

export interface AccuracyOutcome {
  message: string;
  text?: string;
  uri?: string;
  summary?: string;
  ms?: number;
  /** How the report was shown: rendered, or as text when no Markdown preview exists. */
  shown?: 'preview' | 'text';
  /** What the backtest did, as logged: where its index and its past came from, and the time of each step. */
  steps?: string;
  /** Where the past came from: the index (replayed), or git (read again). */
  pastFrom?: 'index' | 'git';
}

export async function checkAccuracyCommand(controller: WorkspaceController, repository: RepositoryState | undefined): Promise<AccuracyOutcome> {
  const say = (message: string, error = false): AccuracyOutcome => {
    if (error) void vscode.window.showErrorMessage(`Change Risk: ${message}`);
    else void vscode.window.showInformationMessage(`Change Risk: ${message}`);
    return { message };
  };
  if (!vscode.workspace.isTrusted) return say(restrictedAccuracyMessage());
  if (!repository) return say(vscode.l10n.t('no git repository in this workspace.'));
  if (!repository.engine) return say(historyUnavailableMessage(repository));

  const t0 = Date.now();
  let report: BacktestReport;
  let index: BacktestIndex;
  try {
    ({ report, index } = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Change Risk: ${vscode.l10n.t('checking accuracy on {0}', repository.name)}`, cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        const cancel = token.onCancellationRequested(() => abort.abort());
        try {
          controller.gitUse.push('backtest');
          return await runBacktestWorker(controller.workerFile, repository.root, controller.cacheDir, {
            signal: abort.signal,
            onProgress: (message, done, total) => progress.report({ message: total ? `${message} ${done}/${total}` : message }),
          });
        } finally {
          cancel.dispose();
        }
      },
    ));
  } catch (error) {
    if (isCancellation(error)) return { message: 'cancelled' };
    reportError(`checking accuracy on ${repository.name}`, error);
    if (error instanceof IndexWorkerError && error.errorName === 'BacktestError') return say(error.message);
    return say(vscode.l10n.t('could not check accuracy: {0}', errorMessage(error)), true);
  }
  const ms = Date.now() - t0;
  const steps = accuracySteps(report, index);
  log()?.info(`${repository.name}: backtest in ${ms} ms (worker; ${steps})`);
  const text = backtestMarkdown(report, repository.name);
  // A read-only document shown rendered: nothing to save, nothing escaped shown raw.
  const uri = storeReport(vscode.l10n.t('Accuracy of {0}', repository.name), text);
  await vscode.workspace.openTextDocument(uri);
  const shown = await showMarkdownPreview(uri);
  return { message: report.summary, text, uri: uri.toString(), summary: report.summary, ms, shown, steps, pastFrom: report.historySource.from };
}

/** What the backtest did and how long each step took, for the output channel: where the index came from, then where the past came from. */
export function accuracySteps(report: BacktestReport, index: BacktestIndex): string {
  const opened =
    index.source === 'cache' ? `index read from its cache in ${index.ms} ms` : `index ${index.source === 'incremental' ? 'extended by' : 'read in full,'} ${index.commitsRead} commits from git in ${index.ms} ms`;
  const past =
    report.historySource.from === 'index'
      ? `past replayed from the index in ${report.timings.history} ms`
      : `history read from git in ${report.timings.history} ms${report.historySource.reason ? ` (${report.historySource.reason})` : ''}`;
  return `${opened}, ${past}, lines ${report.timings.lines} ms, ranking ${report.timings.ranking} ms`;
}

import * as vscode from 'vscode';
import type { RepositoryState } from './repositoryState';

/** What a command that needs the history says when a (trusted) repository has no engine yet. */
export function historyUnavailableMessage(repository: RepositoryState): string {
  if (repository.status === 'cancelled') return vscode.l10n.t('indexing {0} was cancelled; run Refresh Index to resume.', repository.name);
  return repository.status === 'error'
    ? vscode.l10n.t('the history of {0} could not be read; see the Change Risk output for why.', repository.name)
    : vscode.l10n.t('the history of {0} is still being indexed; try again in a moment.', repository.name);
}

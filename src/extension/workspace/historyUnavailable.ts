import type { RepositoryState } from './repositoryState';

/** What a command that needs the history says when a (trusted) repository has no engine yet. */
export function historyUnavailableMessage(repository: RepositoryState): string {
  return repository.status === 'error'
    ? `the history of ${repository.name} could not be read; see the Change Risk output for why.`
    : `the history of ${repository.name} is still being indexed; try again in a moment.`;
}

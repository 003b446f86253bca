import type { RepositoryState } from '../workspace/repositoryState';

/** Top level of a view: a single repository's items directly, else one node per repository. */
export function treeRoots<T>(repositories: RepositoryState[], itemsOf: (repository: RepositoryState) => T[], repositoryNode: (repository: RepositoryState) => T): T[] {
  return repositories.length === 1 ? itemsOf(repositories[0]!) : repositories.map(repositoryNode);
}

/**
 * The walkthrough's two file-creating steps. "Create Team Configuration": opens the repository's `.changerisk/config.yaml`, creating it first from
 * the commented starter when there is none. Never replaces or edits an existing file; works in
 * Restricted Mode (it writes a file and runs no git).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { GITHUB_WORKFLOW, GITHUB_WORKFLOW_FILE } from '../../core/ci/githubWorkflow';
import { CONFIG_FILE, CONFIG_TEMPLATE, TEAM_DIR } from '../../core/team';
import { createNewFile } from '../commands/safeCreate';
import type { RepositoryState } from '../workspace/repositoryState';

export interface CreateConfigOutcome {
  /** The config file's path, when there is a repository. */
  file?: string;
  created: boolean;
  message?: string;
}

export async function createConfigCommand(repository: RepositoryState | undefined): Promise<CreateConfigOutcome> {
  if (!repository) {
    void vscode.window.showInformationMessage(`Change Risk: ${vscode.l10n.t('open a folder with a git repository to create its team configuration.')}`);
    return { created: false, message: 'no repository' };
  }
  const created = await createNewFile(repository.root, TEAM_DIR, path.posix.basename(CONFIG_FILE), CONFIG_TEMPLATE);
  const file = path.join(repository.root, ...CONFIG_FILE.split('/'));
  await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
  if (created) void vscode.window.showInformationMessage(`Change Risk: ${vscode.l10n.t('created {0} — every setting in it is commented out until the team agrees on it.', CONFIG_FILE)}`);
  // The team files are re-read when they change on disk; a new file is picked up the same way.
  return { file, created };
}

/**
 * "Add the CI Check": writes the documented GitHub workflow (core/ci/githubWorkflow.ts) to
 * `.github/workflows/change-risk.yml` and opens it; an existing file is opened, never replaced.
 */
export async function addCiCheckCommand(repository: RepositoryState | undefined): Promise<CreateConfigOutcome> {
  if (!repository) {
    void vscode.window.showInformationMessage(`Change Risk: ${vscode.l10n.t('open a folder with a git repository to add the CI check to it.')}`);
    return { created: false, message: 'no repository' };
  }
  const folder = path.posix.dirname(GITHUB_WORKFLOW_FILE);
  const created = await createNewFile(repository.root, folder, path.posix.basename(GITHUB_WORKFLOW_FILE), GITHUB_WORKFLOW);
  const file = path.join(repository.root, ...GITHUB_WORKFLOW_FILE.split('/'));
  await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
  if (created) void vscode.window.showInformationMessage(`Change Risk: ${vscode.l10n.t('created {0}; commit it to check every pull request (GitLab: see the README\'s "In CI" section).', GITHUB_WORKFLOW_FILE)}`);
  return { file, created };
}

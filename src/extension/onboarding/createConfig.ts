/**
 * The walkthrough's two file-creating steps: "Create Team Configuration" (`.changerisk/config.yaml`
 * from the commented starter) and "Add the CI Check" (the documented GitHub workflow). Each opens its
 * file, creating it first when there is none; an existing file is never replaced or edited. Works in
 * Restricted Mode (it writes a file and runs no git); the team files are re-read when they change on
 * disk, so a new config is picked up like an edited one.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { GITHUB_WORKFLOW, GITHUB_WORKFLOW_FILE } from '../../core/ci/githubWorkflow';
import { CONFIG_FILE, CONFIG_TEMPLATE } from '../../core/team';
import { createNewFile } from '../commands/safeCreate';
import type { RepositoryState } from '../workspace/repositoryState';

export interface CreateConfigOutcome {
  /** The file's path, when there is a repository. */
  file?: string;
  created: boolean;
  message?: string;
}

interface StarterFile {
  /** Repository-relative, posix. */
  path: string;
  content: string;
  /** Shown when there is no repository, and when the file was created (already localised). */
  noRepository: string;
  created: string;
}

async function openOrCreate(repository: RepositoryState | undefined, starter: StarterFile): Promise<CreateConfigOutcome> {
  if (!repository) {
    void vscode.window.showInformationMessage(`Change Risk: ${starter.noRepository}`);
    return { created: false, message: 'no repository' };
  }
  const created = await createNewFile(repository.root, path.posix.dirname(starter.path), path.posix.basename(starter.path), starter.content);
  const file = path.join(repository.root, ...starter.path.split('/'));
  await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
  if (created) void vscode.window.showInformationMessage(`Change Risk: ${starter.created}`);
  return { file, created };
}

export function createConfigCommand(repository: RepositoryState | undefined): Promise<CreateConfigOutcome> {
  return openOrCreate(repository, {
    path: CONFIG_FILE,
    content: CONFIG_TEMPLATE,
    noRepository: vscode.l10n.t('open a folder with a git repository to create its team configuration.'),
    created: vscode.l10n.t('created {0} — every setting in it is commented out until the team agrees on it.', CONFIG_FILE),
  });
}

export function addCiCheckCommand(repository: RepositoryState | undefined): Promise<CreateConfigOutcome> {
  return openOrCreate(repository, {
    path: GITHUB_WORKFLOW_FILE,
    content: GITHUB_WORKFLOW,
    noRepository: vscode.l10n.t('open a folder with a git repository to add the CI check to it.'),
    created: vscode.l10n.t('created {0}; commit it to check every pull request (GitLab: see the README\'s "In CI" section).', GITHUB_WORKFLOW_FILE),
  });
}

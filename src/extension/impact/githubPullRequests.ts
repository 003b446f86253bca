/**
 * GitHub Pull Requests integration: when `GitHub.vscode-pull-request-github` is installed and its API has
 * `registerTitleAndDescriptionProvider`, "Change Risk" offers the impact draft as the PR description.
 * Every step is guarded: absent, inactive or an older API → nothing, logged once; tried again when
 * extensions change (installed, enabled) and when a repository becomes ready (the PR extension activates
 * on git repositories too, usually after us).
 */
import * as vscode from 'vscode';
import { DisposableStore } from '../disposables';
import { errorMessage, log, reportError } from '../log';
import type { WorkspaceController } from '../workspace/controller';
import type { ChangeRiskRuns } from '../changeRisk/changeRiskRuns';
import { draftFor } from './draftCommand';
import { createTitleAndDescriptionProvider, registerWithApi } from './pullRequestAdapter';

export const PULL_REQUEST_EXTENSION_ID = 'GitHub.vscode-pull-request-github';

export function registerPullRequestProvider(controller: WorkspaceController, changeRisk?: ChangeRiskRuns): vscode.Disposable {
  const store = new DisposableStore();
  const logged = new Set<string>();
  const logOnce = (message: string) => {
    if (logged.has(message)) return;
    logged.add(message);
    log()?.info(message);
  };
  let registered = false;
  const provider = createTitleAndDescriptionProvider(
    async (signal) => {
      if (!vscode.workspace.isTrusted) return undefined;
      const editor = vscode.window.activeTextEditor;
      const repository = (editor && controller.fileOf(editor.document.uri)?.repository) ?? controller.repositories.find((r) => r.engine);
      if (!repository?.engine) return undefined;
      return draftFor(controller, repository, signal, changeRisk);
    },
    (error) => reportError('drafting the PR description', error),
  );

  const tryRegister = () => {
    if (registered || store.isDisposed) return;
    try {
      const extension = vscode.extensions.getExtension<unknown>(PULL_REQUEST_EXTENSION_ID);
      if (!extension) return logOnce(`GitHub Pull Requests (${PULL_REQUEST_EXTENSION_ID}) is not installed: no PR description provider`);
      // Not activated by us: an inactive PR extension means its user is not using it in this window.
      if (!extension.isActive) return logOnce('GitHub Pull Requests is installed but not active: no PR description provider');
      const registration = registerWithApi(extension.exports, provider, logOnce);
      if (registration) {
        registered = true;
        store.add({ dispose: () => void registration.dispose() });
      }
    } catch (error) {
      logOnce(`GitHub Pull Requests: not available (${errorMessage(error)}); no PR description provider`);
    }
  };
  tryRegister();
  // Installed, enabled or activated later: try again.
  store.add(vscode.extensions.onDidChange(() => tryRegister()));
  store.add(controller.onDidChange(() => tryRegister()));
  return store;
}

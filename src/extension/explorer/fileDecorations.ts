/** Explorer badges: risky source files carry H/M/L in their level's theme colour, propagated to folders. */
import * as vscode from 'vscode';
import { DisposableStore } from '../disposables';
import { reportError } from '../log';
import { fileBadge, ratingOf } from '../riskText';
import type { Settings } from '../settings';
import type { WorkspaceController } from '../workspace/controller';

export class RiskFileDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeFileDecorations = this.changed.event;
  private readonly store = new DisposableStore();

  constructor(private readonly controller: WorkspaceController, private readonly settings: Settings) {
    this.store.add(this.changed);
    this.store.add(controller.onDidChange(() => this.changed.fire(undefined)));
    this.store.add(settings.onDidChangeValue((s) => s.explorerBadges.enabled, () => this.changed.fire(undefined)));
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    try {
      if (!this.settings.value.explorerBadges.enabled) return undefined;
      const file = this.controller.fileOf(uri);
      const engine = file?.repository.engine;
      // Only files of the rated roles (source code, by default) with a level: never a changelog or a Gemfile.
      const data = fileBadge(file && engine && ratingOf(engine.risk, file.path));
      if (!data) return undefined;
      const decoration = new vscode.FileDecoration(data.badge, data.tooltip, new vscode.ThemeColor(data.color));
      decoration.propagate = data.propagate;
      return decoration;
    } catch (error) {
      reportError('decorating a file', error);
      return undefined;
    }
  }

  dispose(): void {
    this.store.dispose();
  }
}

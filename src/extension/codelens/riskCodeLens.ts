/** One CodeLens at the top of a high-risk or legacy file, clickable to the explanation. */
import * as vscode from 'vscode';
import { barForFile } from '../../core/quality/qualityBar';
import type { ChangeRiskEngine } from '../../core/engine';
import { DisposableStore } from '../disposables';
import { reportError } from '../log';
import { codeLensTitle, ratingOf, reasonsOf, wantsCodeLens } from '../riskText';
import type { Settings } from '../settings';
import type { WorkspaceController } from '../workspace/controller';

export class RiskCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly store = new DisposableStore();

  constructor(private readonly controller: WorkspaceController, private readonly settings: Settings) {
    this.store.add(this.changed);
    this.store.add(controller.onDidChange(() => this.changed.fire()));
    this.store.add(settings.onDidChangeValue((s) => s.codeLens.enabled, () => this.changed.fire()));
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    try {
      if (!this.settings.value.codeLens.enabled) return [];
      const file = this.controller.fileOf(document.uri);
      const engine = file?.repository.engine;
      const rating = file && engine && ratingOf(engine.risk, file.path);
      if (!file || !engine || !wantsCodeLens(rating)) return [];
      const { risk } = rating;
      return [
        new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), {
          title: codeLensTitle(risk, requirementsOf(engine, file.path)),
          tooltip: reasonsOf(risk).map((reason) => reason.text).join('\n'),
          command: 'changeRisk.explainFile',
          arguments: [document.uri],
        }),
      ];
    } catch (error) {
      reportError('building the CodeLens', error);
      return [];
    }
  }

  dispose(): void {
    this.store.dispose();
  }
}

/** The team's quality bar for the file (src/core/quality); undefined if it cannot be resolved. */
function requirementsOf(engine: ChangeRiskEngine, path: string) {
  try {
    return barForFile(engine, path).requirements;
  } catch (error) {
    reportError('resolving the quality bar', error);
    return undefined;
  }
}

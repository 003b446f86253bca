/**
 * The change risk of the active file's repository's working change (issue #16) as a second, narrow
 * status bar item beside the file's risk: "$(git-compare) change 23 %". A separate item, not more text
 * in the file's: the two say different things (this file vs. the whole change), and the file's item is
 * already as wide as a status bar item should be (issue #14). Shown only while there is a score (or the
 * first one is being learned); click → the Quality Bar view, where the reasons are.
 */
import * as vscode from 'vscode';
import { changeRiskAccessibleName, changeRiskStatusText, changeRiskStatusTooltip } from '../changeRisk/changeRiskText';
import type { ChangeRiskRuns } from '../changeRisk/changeRiskRuns';
import { DisposableStore } from '../disposables';
import { editorLang } from '../impact/lang';
import { guardedSync } from '../log';
import type { Settings } from '../settings';
import type { WorkspaceController } from '../workspace/controller';

/** VS Code's "focus" command of the Quality Bar view (package.json: views, id changeRisk.qualityBar). */
const FOCUS_QUALITY_BAR = 'changeRisk.qualityBar.focus';

export class ChangeRiskStatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  visible = false;
  private readonly store = new DisposableStore();

  constructor(private readonly controller: WorkspaceController, private readonly runs: ChangeRiskRuns, private readonly settings: Settings) {
    // Just right of the file's risk item (priority 50).
    this.item = this.store.add(vscode.window.createStatusBarItem('changeRisk.changeRisk', vscode.StatusBarAlignment.Left, 49));
    this.item.name = vscode.l10n.t('Change Risk: working change');
    const update = guardedSync('updating the change risk in the status bar', () => this.update());
    this.store.add(vscode.window.onDidChangeActiveTextEditor(update));
    this.store.add(controller.onDidChange(update));
    this.store.add(runs.onDidChange(update));
    this.store.add(settings.onDidChange(update));
    update();
  }

  update(): void {
    const editor = vscode.window.activeTextEditor;
    const repository = editor && this.controller.fileOf(editor.document.uri)?.repository;
    const state = repository?.engine ? this.runs.stateOf(repository.root) : undefined;
    const text = state && this.settings.value.statusBar.enabled ? changeRiskStatusText(state) : undefined;
    if (!state || !text) {
      this.item.hide();
      this.visible = false;
      return;
    }
    this.item.text = text;
    this.item.tooltip = changeRiskStatusTooltip(state, editorLang());
    this.item.accessibilityInformation = { label: changeRiskAccessibleName(state), role: 'button' };
    this.item.command = { title: vscode.l10n.t('Open the Quality Bar view'), command: FOCUS_QUALITY_BAR };
    this.item.show();
    this.visible = true;
  }

  dispose(): void {
    this.store.dispose();
  }
}

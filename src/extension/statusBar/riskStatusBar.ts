/** The active file's risk level and area in the status bar; click to explain. */
import * as vscode from 'vscode';
import type { ChangeRiskEngine } from '../../core/engine';
import { PROVISIONAL_NOTE } from '../hovers/hoverProvider';
import type { QualityRequirement } from '../../core/team/schema';
import { DisposableStore } from '../disposables';
import type { LineMarksService } from '../lineMarks';
import { guardedSync } from '../log';
import { escapeMarkdown } from '../markdown';
import { barForFile } from '../../core/quality/qualityBar';
import { barText, ratingOf, requirementsText, statusBarAccessibleName, statusBarText, statusBarTooltip } from '../riskText';
import type { Settings } from '../settings';
import type { WorkspaceController } from '../workspace/controller';

export class RiskStatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  visible = false;
  private readonly store = new DisposableStore();

  constructor(private readonly controller: WorkspaceController, private readonly marks: LineMarksService, private readonly settings: Settings) {
    this.item = this.store.add(vscode.window.createStatusBarItem('changeRisk.fileRisk', vscode.StatusBarAlignment.Left, 50));
    this.item.name = 'Change Risk';
    const update = guardedSync('updating the status bar', () => this.update());
    this.store.add(vscode.window.onDidChangeActiveTextEditor(update));
    this.store.add(controller.onDidChange(update));
    this.store.add(marks.onDidChange(update));
    this.store.add(settings.onDidChange(update));
    update();
  }

  update(): void {
    const editor = vscode.window.activeTextEditor;
    const file = editor && this.controller.fileOf(editor.document.uri);
    if (!this.settings.value.statusBar.enabled || !file) {
      this.item.hide();
      this.visible = false;
      return;
    }
    const { repository } = file;
    this.item.command = undefined;
    this.item.accessibilityInformation = undefined;
    if (!repository.engine) {
      if (repository.status === 'restricted') {
        this.item.text = `$(shield) ${vscode.l10n.t('Risk: Restricted Mode')}`;
        this.item.tooltip = vscode.l10n.t('Change Risk reads git history only in a trusted workspace.');
        this.item.command = 'workbench.trust.manage';
      } else if (repository.status === 'cancelled') {
        this.item.text = `$(debug-pause) ${vscode.l10n.t('Risk: indexing cancelled')}`;
        this.item.tooltip = vscode.l10n.t('Indexing {0} was cancelled. Click to resume (Refresh Index).', repository.name);
        this.item.command = 'changeRisk.refreshIndex';
      } else if (repository.status === 'error') {
        this.item.text = `$(error) ${vscode.l10n.t('Risk: unavailable')}`;
        this.item.tooltip = repository.error ?? vscode.l10n.t('Indexing failed; see the Change Risk log.');
      } else {
        this.item.text = `$(sync~spin) ${vscode.l10n.t('Risk: indexing')}`;
        const reading = vscode.l10n.t('Reading the git history of {0}', repository.name);
        this.item.tooltip = this.marks.peek(editor.document)?.provisional ? `${reading}\n\n${PROVISIONAL_NOTE()}` : reading;
      }
      this.item.show();
      this.visible = true;
      return;
    }
    // A file of a role that is not rated (docs, manifests, postmortems…) shows its role, never a level.
    const rating = ratingOf(repository.engine.risk, file.path);
    const note = this.marks.peek(editor.document)?.note;
    const bar = barOf(repository.engine, file.path);
    this.item.text = `${statusBarText(rating)}${bar.length > 0 ? ` · ${barText(bar)}` : ''}${note ? ' $(circle-slash)' : ''}`;
    const tooltip = new vscode.MarkdownString('', true);
    tooltip.supportHtml = false;
    tooltip.appendMarkdown(statusBarTooltip(rating));
    if (bar.length > 0) tooltip.appendMarkdown(`\n${vscode.l10n.t('Quality bar for changes here: {0} (see the Quality Bar view).', escapeMarkdown(requirementsText(bar)))}\n`);
    if (note) tooltip.appendMarkdown(`\n$(circle-slash) ${escapeMarkdown(note)}\n`);
    if (repository.indexCancelled) tooltip.appendMarkdown(`\n$(debug-pause) ${escapeMarkdown(vscode.l10n.t('Indexing was cancelled: this is the previous index. Run Refresh Index to update it.'))}\n`);
    tooltip.appendMarkdown(`\n${vscode.l10n.t('Click to explain.')}`);
    this.item.tooltip = tooltip;
    // Without it a screen reader reads the Markdown tooltip, escapes and all.
    this.item.accessibilityInformation = { label: statusBarAccessibleName(rating, bar, note), role: 'button' };
    this.item.command = { title: vscode.l10n.t('Explain'), command: 'changeRisk.explainFile', arguments: [editor.document.uri] };
    this.item.show();
    this.visible = true;
  }

  dispose(): void {
    this.store.dispose();
  }
}

function barOf(engine: ChangeRiskEngine, path: string): QualityRequirement[] {
  try {
    return barForFile(engine, path).requirements;
  } catch {
    return [];
  }
}

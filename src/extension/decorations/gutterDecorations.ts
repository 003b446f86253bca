/** Applies the decoration plan of each visible editor: gutter icon and overview-ruler mark per category. */
import * as vscode from 'vscode';
import { DisposableStore } from '../disposables';
import type { LineMarksService } from '../lineMarks';
import { guardedSync } from '../log';
import type { Settings } from '../settings';
import { MARK_CATEGORIES, decorationPlan, emptyPlan, type DecorationPlan, type MarkCategory } from './decorationPlan';

/** Theme colour id per category (contributed in package.json). */
export const CATEGORY_COLOR: Record<MarkCategory, string> = {
  severe: 'changeRisk.severeIncidentForeground',
  incident: 'changeRisk.incidentForeground',
  minor: 'changeRisk.nearMissForeground',
  fix: 'changeRisk.fixForeground',
};

export class GutterDecorations implements vscode.Disposable {
  private readonly types: Record<MarkCategory, vscode.TextEditorDecorationType>;
  private readonly store = new DisposableStore();
  /** What was applied, per document: read by the test-state command. */
  readonly applied = new Map<string, DecorationPlan>();

  constructor(extensionUri: vscode.Uri, private readonly marks: LineMarksService, private readonly settings: Settings) {
    this.types = Object.fromEntries(
      MARK_CATEGORIES.map((category) => [
        category,
        this.store.add(
          vscode.window.createTextEditorDecorationType({
            // SVG gutter icons cannot use theme colours, so each theme kind gets its own: the light
            // ones in the darker shades of the contributed colours (high-contrast light uses them too).
            light: { gutterIconPath: vscode.Uri.joinPath(extensionUri, 'media', `gutter-${category}-light.svg`) },
            dark: { gutterIconPath: vscode.Uri.joinPath(extensionUri, 'media', `gutter-${category}-dark.svg`) },
            gutterIconSize: 'contain',
            overviewRulerColor: new vscode.ThemeColor(CATEGORY_COLOR[category]),
            overviewRulerLane: vscode.OverviewRulerLane.Left,
            isWholeLine: true,
          }),
        ),
      ]),
    ) as Record<MarkCategory, vscode.TextEditorDecorationType>;
    const refresh = guardedSync('updating gutter warnings', () => this.applyVisible());
    this.store.add(vscode.window.onDidChangeVisibleTextEditors(() => {
      refresh();
      marks.refreshVisible(false);
    }));
    this.store.add(marks.onDidChange(refresh));
    this.store.add(settings.onDidChangeValue((s) => s.gutterWarnings.enabled, refresh));
    this.store.add(vscode.workspace.onDidCloseTextDocument((document) => this.applied.delete(document.uri.toString())));
  }

  applyVisible(): void {
    for (const editor of vscode.window.visibleTextEditors) this.apply(editor);
  }

  private apply(editor: vscode.TextEditor): void {
    const document = editor.document;
    const current = this.marks.peek(document);
    // While a newer version is being blamed, keep what is shown rather than flicker.
    if (!current && this.applied.has(document.uri.toString()) && this.settings.value.gutterWarnings.enabled) return;
    const plan = current
      ? decorationPlan(current.marks, { enabled: this.settings.value.gutterWarnings.enabled, lineCount: document.lineCount })
      : emptyPlan();
    for (const category of MARK_CATEGORIES) {
      const options = plan[category].map((range) => ({
        range: new vscode.Range(range.start - 1, 0, range.end - 1, 0),
      }));
      editor.setDecorations(this.types[category], options);
    }
    this.applied.set(document.uri.toString(), plan);
  }

  dispose(): void {
    this.store.dispose();
  }
}

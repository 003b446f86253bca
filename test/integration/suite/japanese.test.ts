// Change Risk in a Japanese VS Code (group "japanese": the display language is ja). The manifest's texts
// come from package.nls.ja.json and the messages from l10n/bundle.l10n.ja.json, as a Japanese user sees them.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { arrangeSidebarForScreenshot, closeAllEditorsDiscarding, demoFacts, manifestOf, requestScreenshot, waitForActivation, waitForState, workspaceRoot } from './util';

describe('Change Risk in Japanese (display language ja)', function () {
  this.timeout(90_000);
  let root: string;
  let extension: vscode.Extension<unknown>;

  before(async () => {
    extension = await waitForActivation();
    root = workspaceRoot();
    await waitForState((s) => s.repositories[0]?.status === 'ready', 'the index', { timeoutMs: 60_000 });
  });

  after(async () => {
    await closeAllEditorsDiscarding();
    // Leave the window as a Japanese user sees it (runTests.js --screenshots): invoice.rb, the sidebar, and
    // the hover of a line INC-12 names.
    await vscode.commands.executeCommand('workbench.view.extension.changeRisk');
    if (process.env.CHANGE_RISK_SCREENSHOTS !== '1') return;
    await arrangeSidebarForScreenshot();
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(path.join(root, 'app/models/invoice.rb')));
    const inc12 = demoFacts().facts.inc12;
    editor.revealRange(new vscode.Range(inc12.startLine - 6, 0, inc12.endLine, 0), vscode.TextEditorRevealType.AtTop);
    editor.selection = new vscode.Selection(inc12.startLine, 8, inc12.startLine, 8); // the line below the first: the hover opens under it
    await waitForState((s) => s.qualityBar.some((item) => item.label === 'invoice.rb のルール') && (s.editors[0]?.decorations?.severe.length ?? 0) > 0, 'the views and INC-12’s marks in Japanese');
    await vscode.commands.executeCommand('editor.action.showHover');
    await requestScreenshot('workbench-japanese'); // at the tests' size: a resize would close the hover
  });

  it('runs with Japanese as the display language', () => {
    assert.equal(vscode.env.language, 'ja');
  });

  it('titles its commands from package.nls.ja.json (the English kept as the original), the product name as it is', () => {
    // VS Code localises a command title to { value, original }: the palette shows the value and matches both.
    type Localized = string | { value: string; original: string };
    const commands = (manifestOf(extension).contributes?.commands ?? []) as unknown as { command: string; title: Localized; category?: Localized }[];
    const text = (title: Localized | undefined) => (typeof title === 'object' ? title.value : title);
    const refresh = commands.find((c) => c.command === 'changeRisk.refreshIndex');
    assert.deepEqual(refresh?.title, { value: 'インデックスを更新', original: 'Refresh Index' });
    assert.equal(text(refresh?.category), 'Change Risk');
    assert.equal(text(commands.find((c) => c.command === 'changeRisk.recordIncident')?.title), 'インシデントまたはヒヤリハットを記録');
    assert.deepEqual(commands.filter((c) => /^%.*%$/.test(text(c.title) ?? '')).map((c) => c.command), [], 'no %key% left unresolved');
  });

  it('writes the status bar, the trees and the quality bar in Japanese', async () => {
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(root, 'app/models/invoice.rb')));
    const state = await waitForState(
      (s) => s.statusBar.visible && s.statusBar.text.includes('リスク') && s.incidentsTree.length > 0 && s.qualityBar.length > 0,
      'the status bar and views in Japanese',
    );
    assert.match(state.statusBar.text, /^\$\((flame|warning|shield)\) リスク: (高|中|低)/);
    assert.match(state.statusBar.tooltip ?? '', /クリックすると説明を表示します。/);
    const groups = state.incidentsTree.map((group) => group.label);
    assert.ok(groups.includes('リグレッション') && groups.includes('ヒヤリハット'), `kind groups in Japanese: ${groups.join(', ')}`);
    assert.ok(state.qualityBar.some((item) => item.label === 'invoice.rb のルール'), `quality bar: ${state.qualityBar.map((i) => i.label).join(', ')}`);
  });

  it('says in Japanese why the demo’s change has no change risk', async () => {
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(root, 'app/models/invoice.rb')));
    const state = await waitForState((s) => s.qualityBar[0]?.label === '変更リスク: 履歴がまだ足りません', 'the change risk row in Japanese', { timeoutMs: 60_000 });
    assert.match(state.qualityBar[0]!.description ?? '', /^修正を誘発した変更 \d 件／必要 10 件$/);
  });

  it('says what it did in a Japanese notification, and drafts the impact statement in Japanese', async () => {
    const outcome = (await vscode.commands.executeCommand('changeRisk.draftImpactStatement')) as { message: string; text?: string };
    assert.match(outcome.message, /^影響範囲の説明をクリップボードにコピーしました/);
    assert.match(outcome.text ?? '', /影響範囲の説明（下書き）/);
  });

  it('shows the failure rate by area in Japanese in the incident analysis', async () => {
    await vscode.commands.executeCommand('changeRisk.showIncidentAnalysis');
    const state = await waitForState((s) => (s.analysisHtml ?? '').includes('data-status="ready"'), 'the failure rate by area computed', { timeoutMs: 60_000 });
    const html = state.analysisHtml!;
    const start = html.indexOf('<section aria-labelledby="title-area-rates"');
    const section = html.slice(start, html.indexOf('</section>', start));
    assert.match(section, /<h2 id="title-area-rates">エリア別の不具合率<\/h2>/);
    assert.match(section, /<th scope="rowgroup" colspan="\d+">宣言されたエリア<\/th>/);
    assert.match(section, /<span class="rate">月 [\d.]+ 件の変更 · \d+ % が修正を誘発<\/span>/);
    assert.match(section, /<th scope="row" class="group-name">リポジトリ全体<\/th>/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});

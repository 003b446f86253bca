// Issue #5 and #6 in the editor: the impact statement draft, the Quality bar view and status bar, and
// the accuracy check (backtest) on the generated demo repository.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { closeAllEditorsDiscarding, demoFacts, requestScreenshot, tabsDescription, testState, waitForActivation, waitForMarkdownPreview, waitForState, workspaceRoot, type TreeItemState } from './util';

const INVOICE = 'app/models/invoice.rb';

function find(nodes: readonly TreeItemState[], predicate: (node: TreeItemState) => boolean): TreeItemState | undefined {
  for (const node of nodes) {
    if (predicate(node)) return node;
    const inner = find(node.children ?? [], predicate);
    if (inner) return inner;
  }
  return undefined;
}

describe('impact draft, quality bar and accuracy (demo repository)', function () {
  this.timeout(90_000);
  let root: string;

  before(async () => {
    await waitForActivation();
    root = workspaceRoot();
    await waitForState((s) => s.repositories[0]?.status === 'ready', 'the index of the demo repository', { timeoutMs: 60_000 });
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(root, INVOICE)));
  });

  after(async () => {
    await closeAllEditorsDiscarding();
  });

  it('drafts the impact statement into an untitled Markdown editor and the clipboard', async () => {
    const facts = demoFacts().facts.feature;
    await vscode.env.clipboard.writeText('before');
    const outcome = (await vscode.commands.executeCommand('changeRisk.draftImpactStatement')) as { text?: string; uri?: string; message: string } | undefined;
    assert.ok(outcome?.text, `the command drafted: ${JSON.stringify(outcome)}`);
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === outcome.uri);
    assert.ok(document, 'the draft is open');
    assert.equal(document.isUntitled, true);
    assert.equal(document.languageId, 'markdown');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), outcome.uri, 'the draft is the active editor');
    const text = document.getText();
    for (const expected of ['INC-12', facts.migration, facts.envVar]) assert.ok(text.includes(expected), `the draft names ${expected}`);
    // What a reviewer reads first: the touched lines with a history, then each file that needs a look, named once.
    assert.ok(text.indexOf('#### ⚠️ Lines with a history') < text.indexOf('#### Files to look at'), text);
    assert.match(text, /^- `app\/models\/invoice\.rb` lines \d+-\d+ — named by INC-12 \(/m);
    assert.equal(text.split('`app/models/invoice.rb` (billing, legacy)').length, 2, 'invoice.rb is described once');
    assert.match(text, /^- \[ \] Test changes — 1 file without one, see above/m, 'the same checklist as the Quality Bar view');
    assert.equal(await vscode.env.clipboard.readText(), text, 'the clipboard holds the same text');
    if (process.env.CHANGE_RISK_SCREENSHOTS === '1') {
      // The README shows the draft as a reviewer reads it: rendered, beside the Markdown, with the whole
      // window's width (the side bar has nothing to say about an untitled draft).
      await vscode.commands.executeCommand('markdown.showPreviewToSide');
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
      await new Promise((resolve) => setTimeout(resolve, 5000)); // the preview renders in its own webview
      await requestScreenshot('impact-statement');
      await vscode.commands.executeCommand('workbench.action.toggleSidebarVisibility');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('shows the quality bar of invoice.rb: default rules, budget line and the checklist of the change', async () => {
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(root, INVOICE)));
    const state = await waitForState((s) => {
      const checklist = find(s.qualityBar, (n) => n.label === 'Checklist for this change');
      return !!find(s.qualityBar, (n) => n.label === 'Rules for invoice.rb') && !!checklist && (checklist.children ?? []).length > 0;
    }, 'the quality bar of invoice.rb with its checklist');
    const rules = find(state.qualityBar, (n) => n.label === 'Rules for invoice.rb')!;
    const labels = (rules.children ?? []).map((n) => n.label);
    for (const requirement of ['Test changes', 'Impact statement', 'Monitoring plan']) assert.ok(labels.includes(requirement), `${requirement} in ${labels.join(', ')}`);
    // Its level comes from the evidence as of today (INC-12 ages); the declared legacy area sets the bar either way.
    const level = (await testState({ files: [path.join(root, INVOICE)] })).fileRisks[path.join(root, INVOICE)]!.level;
    assert.ok(labels.some((label) => label.startsWith('from: ') && label.includes('legacy files') && label.includes('high-risk files') === (level === 'high')), labels.join(', '));
    assert.equal(rules.description, `billing · ${level} risk · legacy`);
    // The change risk's row, once its background run is done, comes first; the team's stance follows it.
    const stance = state.qualityBar.find((n) => !n.label.startsWith('Change risk'))!;
    assert.equal(stance.label, 'Team rules: built-in', 'the demo configures no quality bar');
    assert.ok(find(stance.children ?? [], (n) => n.label === 'built-in rules apply'), 'the demo configures no quality bar: the built-in rules apply');
    assert.ok(find(state.qualityBar, (n) => /incident budget/i.test(n.label)), 'a budget line');
    const checklist = find(state.qualityBar, (n) => n.label === 'Checklist for this change')!;
    assert.match(checklist.description ?? '', /files against main/);
    const testChanges = (checklist.children ?? []).find((n) => n.label === 'Test changes');
    assert.ok(testChanges, JSON.stringify(checklist.children));
    assert.match(testChanges.description ?? '', /no test change for app\/models\/invoice\.rb/);
  });

  it('says why the demo’s change has no change risk: too few follow-up fixes in its history to learn from', async () => {
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(root, INVOICE)));
    // The change model needs 10 fix-inducing changes; the demo's history has fewer (the change-risk group has enough).
    const state = await waitForState((s) => s.qualityBar[0]?.label === 'Change risk: not enough history yet', 'the change risk row atop the Quality Bar view', { timeoutMs: 60_000 });
    assert.match(state.qualityBar[0]!.description ?? '', /^\d of 10 fix-inducing changes needed$/);
    assert.equal(state.changeRiskStatusBar.visible, false, 'no figure in the status bar');
    assert.ok(state.gitUse.includes('change risk'), 'computed after the checklist');
  });

  it('re-checks on save, debounced, not per keystroke', async () => {
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(path.join(root, INVOICE)));
    await waitForState((s) => !find(s.qualityBar, (n) => n.description === 'checking…'), 'no checklist running', { timeoutMs: 30_000 });
    const before = (await testState({ waitIdle: true })).checklistRuns;
    for (let i = 0; i < 5; i++) await editor.edit((b) => b.insert(new vscode.Position(0, 0), '#'));
    for (let i = 0; i < 5; i++) await editor.edit((b) => b.delete(new vscode.Range(0, 0, 0, 1)));
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal((await testState()).checklistRuns, before, 'typing alone does not re-check');
    await editor.document.save();
    await waitForState((s) => s.checklistRuns === before + 1, 'one re-check after save', { timeoutMs: 20_000 });
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal((await testState({ waitIdle: true })).checklistRuns, before + 1, 'exactly one');
  });

  it('shows the bar in force in the status bar', async () => {
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(root, INVOICE)));
    const invoice = path.join(root, INVOICE);
    const state = await waitForState((s) => s.statusBar.visible && s.statusBar.text.includes('bar:'), 'the bar in the status bar', { files: [invoice] });
    const level = state.fileRisks[invoice]!.level;
    assert.ok(state.statusBar.text.includes(`Risk: ${level} · billing · bar: impact statement + tests + monitoring`), state.statusBar.text);
  });

  it('checks accuracy on this repository from its open index: the backtest table and its sentence in a Markdown document', async () => {
    const outcome = (await vscode.commands.executeCommand('changeRisk.checkAccuracy')) as
      | { text?: string; uri?: string; summary?: string; ms?: number; shown?: string; steps?: string; pastFrom?: string }
      | undefined;
    assert.ok(outcome?.text && outcome.summary, JSON.stringify(outcome));
    // The index the engine was opened from, read from its cache and replayed: the history is not read from git again.
    assert.equal(outcome.pastFrom, 'index', outcome.steps);
    assert.match(outcome.steps ?? '', /^index read from its cache in \d+ ms, past replayed from the index in \d+ ms/);
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === outcome.uri);
    assert.ok(document, 'the report is open');
    // Rendered, read-only: a Markdown preview of a virtual document, never an Untitled one to save.
    assert.equal(document.uri.scheme, 'change-risk-report');
    assert.equal(outcome.shown, 'preview');
    assert.ok(await waitForMarkdownPreview(), `a Markdown preview is shown: ${tabsDescription()}`);
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.isUntitled && d.getText() === outcome.text), 'no Untitled copy of the report');
    const text = document.getText();
    assert.ok(text.includes('| Change Risk |'), 'a Change Risk row');
    assert.ok(text.includes('| commit count |'), 'the commit count baseline row');
    assert.ok(text.includes(outcome.summary), 'the summary sentence');
    assert.match(outcome.summary, /Change Risk's top 10% caught \d+% of the files fixed/);
    console.log(`      (backtest in the extension host: ${outcome.ms} ms: ${outcome.steps})`);
  });
});

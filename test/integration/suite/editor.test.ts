// Gutter warnings, hovers, CodeLens, status bar and explorer badges on the generated demo repository.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ROLE_LABELS, type FileRole } from '../../../src/core/files/roles';
import { demoFacts, linesOf, sleep, tabsDescription, testState, waitForActivation, waitForMarkdownPreview, waitForState, workspaceRoot, type TestState } from './util';

const INVOICE = 'app/models/invoice.rb';

function editorState(state: TestState, file: string) {
  return state.editors.find((e) => e.path === file);
}

function historyLines(state: TestState, file: string): Set<number> {
  return linesOf((editorState(state, file)?.marks?.marks ?? []).filter((m) => m.source === 'history'));
}

function decoratedLines(state: TestState, file: string): Set<number> {
  const decorations = editorState(state, file)?.decorations;
  return linesOf(decorations ? Object.values(decorations).flat() : []);
}

/** The Change Risk hover on a 1-based line, '' when there is none. */
async function hoverAt(file: string, line: number): Promise<string> {
  const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', vscode.Uri.file(file), new vscode.Position(line - 1, 0))) as vscode.Hover[];
  return hovers
    .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
    .filter((value) => value.includes('Change Risk'))
    .join('\n');
}

/** Hover Markdown as the user reads it: repository text is escaped with backslashes. */
function unescaped(markdown: string): string {
  return markdown.replace(/\\(.)/g, '$1');
}

/** Waits until the marks of the editor's current version are complete. */
function marksDone(file: string, version?: number) {
  return (state: TestState) => {
    const editor = editorState(state, file);
    return !!editor && editor.marks?.status === 'done' && (version === undefined || editor.version === version);
  };
}

describe('editor surfaces (demo repository)', function () {
  this.timeout(90_000);
  let root: string;
  let invoice: string;
  let editor: vscode.TextEditor;
  let original: string;

  before(async () => {
    await waitForActivation();
    root = workspaceRoot();
    invoice = path.join(root, INVOICE);
    original = fs.readFileSync(invoice, 'utf8');
    await waitForState((s) => s.repositories[0]?.status === 'ready', 'the index of the demo repository', { timeoutMs: 60_000 });
    editor = await vscode.window.showTextDocument(vscode.Uri.file(invoice));
  });

  /**
   * Back to the working copy as generated, saved (an auto-save may have written edits). Through the
   * document, not `editor.edit`: a TextEditor object is dropped when VS Code re-creates the editor
   * (on a loaded machine, between two steps of a test), and its edits then fail silently.
   */
  async function restoreInvoice(): Promise<void> {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(invoice));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), original);
    assert.ok(await vscode.workspace.applyEdit(edit), 'the restoring edit applies');
    if (document.isDirty) await document.save();
    assert.equal(fs.readFileSync(invoice, 'utf8'), original, 'invoice.rb is back as generated');
    editor = await vscode.window.showTextDocument(document);
  }

  it('activates quickly and indexes in a worker thread, in the background', async () => {
    const state = await testState();
    assert.ok(state.activationMs < 1000, `activation took ${state.activationMs} ms`);
    assert.ok(state.gitUse.includes('index worker'), `the history was read by the worker: ${state.gitUse.join(', ')}`);
    assert.deepEqual(state.repositories[0]!.index && { source: state.repositories[0]!.index.source, commitsRead: state.repositories[0]!.index.commitsRead }, { source: 'cache', commitsRead: 0 }, 'the main thread opened the engine from the cache the worker wrote');
    assert.equal(state.repositories.length, 1);
    assert.equal(fsReal(state.repositories[0]!.root), fsReal(root));
  });

  it('marks the uncommitted working copy of invoice.rb: the edited lines 41, 44, 52 are not history marks', async () => {
    const facts = demoFacts().facts;
    const state = await waitForState(marksDone(invoice), 'line marks of invoice.rb');
    const history = historyLines(state, invoice);
    for (const line of facts.feature.invoiceLinesTouched) assert.ok(!history.has(line), `line ${line} was edited in the working tree, so git history does not explain it`);
    for (const line of [45, 53, 58]) assert.ok(history.has(line), `line ${line} is still the INC-12 fix's`);
    const decorated = decoratedLines(state, invoice);
    // The postmortem names 40-58, so the whole block keeps a warning (from the ledger).
    for (let line = facts.inc12.startLine; line <= facts.inc12.endLine; line++) assert.ok(decorated.has(line), `line ${line} carries a gutter warning`);
    assert.ok(!decorated.has(2) && !decorated.has(20), 'lines outside marked ranges are not decorated');
  });

  it('marks lines 40-58 on the committed version, re-blamed after a pause while unsaved', async () => {
    const facts = demoFacts().facts;
    const committed = execFileSync('git', ['show', `HEAD:${INVOICE}`], { cwd: root, encoding: 'utf8' });
    const before = (await testState()).blameRuns;
    const document = editor.document;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), committed);
    assert.ok(await vscode.workspace.applyEdit(edit));
    const state = await waitForState(marksDone(invoice, document.version), 'marks of the committed contents');
    const history = historyLines(state, invoice);
    for (const line of [40, 42, 43, 45, 52, 58]) assert.ok(history.has(line), `line ${line} was last changed by the INC-12 fix (${facts.inc12.fixSha.slice(0, 7)}); history marks: ${JSON.stringify(editorState(state, invoice)?.marks)}`);
    const marks = editorState(state, invoice)!.marks!.marks.filter((m) => m.source === 'history' && m.start <= 45 && 45 <= m.end);
    assert.ok(marks.some((m) => m.commits.includes(facts.inc12.fixSha) && m.incidents.includes('INC-12')), 'the marks name the fix commit and INC-12');
    const decorated = decoratedLines(state, invoice);
    for (let line = 40; line <= 58; line++) assert.ok(decorated.has(line), `line ${line} decorated`);
    const severity = facts.incidents.find((i) => i.id === 'INC-12')!.severity;
    const expected = severity === 'critical' || severity === 'high' ? 'severe' : 'incident';
    assert.ok(linesOf(editorState(state, invoice)!.decorations![expected]).has(45), `INC-12 (${severity} regression) is drawn as ${expected}`);
    assert.ok(state.blameRuns - before <= 2, `one edit, at most two blame runs (got ${state.blameRuns - before})`);
  });

  it('does not start a git process per keystroke while typing', async () => {
    // Keystrokes reach the extension host slowly on a loaded machine: a pause longer than their spacing.
    const config = vscode.workspace.getConfiguration('changeRisk');
    await config.update('blame.debounceMs', 2500, vscode.ConfigurationTarget.Global);
    let state: TestState;
    try {
      const before = (await testState()).blameRuns;
      for (let i = 0; i < 8; i++) {
        await editor.edit((b) => b.insert(new vscode.Position(0, 0), '#'));
        await sleep(30);
      }
      state = await waitForState(marksDone(invoice, editor.document.version), 'marks after typing');
      assert.ok(state.blameRuns - before <= 2, `8 keystrokes started ${state.blameRuns - before} blame runs`);
    } finally {
      await config.update('blame.debounceMs', undefined, vscode.ConfigurationTarget.Global);
    }
    // Back to the working copy as generated (saved: an auto-save may have written the edits).
    await restoreInvoice();
    assert.equal(fs.readFileSync(invoice, 'utf8'), original);
    await waitForState((s) => !editorState(s, invoice)?.dirty && marksDone(invoice)(s), 'marks after restoring the file');
  });

  it('moves the postmortem\'s line range with the text: three lines inserted above INC-12\'s block move its marks down by three', async () => {
    const ledgerMarks = (state: TestState) => (editorState(state, invoice)?.marks?.marks ?? []).filter((m) => m.source === 'ledger' && m.incidents.includes('INC-12'));
    const before = ledgerMarks(await waitForState(marksDone(invoice, editor.document.version), 'marks'));
    assert.ok(before.length > 0, 'INC-12 names a range of invoice.rb');
    try {
      const insert = new vscode.WorkspaceEdit();
      insert.insert(editor.document.uri, new vscode.Position(0, 0), '# one\n# two\n# three\n');
      assert.ok(await vscode.workspace.applyEdit(insert));
      const state = await waitForState(marksDone(invoice, editor.document.version), 'marks after inserting three lines');
      assert.deepEqual(ledgerMarks(state).map((m) => [m.start, m.end]), before.map((m) => [m.start + 3, m.end + 3]));
      const decorated = decoratedLines(state, invoice);
      for (const mark of before) {
        assert.ok(decorated.has(mark.start + 3) && decorated.has(mark.end + 3), `the block's first and last lines (${mark.start + 3}, ${mark.end + 3}) carry the warning`);
      }
    } finally {
      await restoreInvoice();
    }
    const restored = await waitForState((s) => !editorState(s, invoice)?.dirty && marksDone(invoice)(s), 'marks after restoring the file');
    assert.deepEqual(ledgerMarks(restored).map((m) => [m.start, m.end]), before.map((m) => [m.start, m.end]));
  });

  it('shows the incident in a hover on a marked line, with escaped text and links to the postmortem and the commit', async () => {
    await waitForState(marksDone(invoice), 'marks');
    const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', vscode.Uri.file(invoice), new vscode.Position(44, 4))) as vscode.Hover[];
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /INC\\-12/, 'names the incident (escaped Markdown)');
    assert.match(text, /regression/);
    assert.match(text, /command:changeRisk\.openIncident\?/, 'links the postmortem');
    assert.match(text, /command:changeRisk\.showCommit\?/, 'links the fix commit');
    const mine = await hoverAt(invoice, 45);
    const [summary, gap] = mine.split('\n');
    assert.match(summary!, /^\$\(warning\) \*\*INC\\-\d+\*\* [a-z-]+( \(\+\d+ more\))? · fixed \d{4}-\d{2} by \[[0-9a-f]{7}\]\(command:changeRisk\.showCommit\?/, `a one-line summary first: ${summary}`);
    assert.equal(gap, '', 'the summary is a paragraph of its own');
    assert.doesNotMatch(mine, /^#/m, 'no Markdown heading');
    assert.doesNotMatch(mine, /\S\n(---|===)\n/, 'no text directly above a rule (which would render as a large heading)');
    const none = (await vscode.commands.executeCommand('vscode.executeHoverProvider', vscode.Uri.file(invoice), new vscode.Position(2, 0))) as vscode.Hover[];
    const ours = none.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).filter((v) => v.includes('Change Risk'));
    assert.deepEqual(ours, [], 'no hover on an unmarked line');
  });

  it('says in the hover why each commit counts: the fix by its subject, the revert, the commit reverted later', async () => {
    const { inc12, invoiceRevert } = demoFacts().facts;
    const state = await waitForState(marksDone(invoice), 'marks');
    const fix = unescaped(await hoverAt(invoice, 45));
    assert.ok(fix.includes(`${inc12.fixSha.slice(0, 7)}](`), 'the fix commit is listed');
    assert.ok(fix.includes("· fix (subject: 'Fix double rounding in invoice totals (INC-12)')"), `the fix counts by its subject: ${fix}`);
    assert.match(fix, /these lines are named in a postmortem and were last changed by a fix\./);

    const [revertLine] = invoiceRevert.revertLines;
    const [revertedLine] = invoiceRevert.revertedLines;
    const why = (line: number) => editorState(state, invoice)!.marks!.marks.filter((m) => m.start <= line && line <= m.end).flatMap((m) => m.why);
    assert.deepEqual(why(revertLine!), [`revert of ${invoiceRevert.revertedSha.slice(0, 7)}`], 'the marks carry the why');
    const revert = unescaped(await hoverAt(invoice, revertLine!));
    assert.match(revert, /these lines were last changed by a revert\./);
    assert.ok(revert.includes(`Revert "Memoize invoice subtotal for the PDF job" — Alice Archer, ${invoiceRevert.revertDate} · revert of ${invoiceRevert.revertedSha.slice(0, 7)}`), revert);
    const reverted = unescaped(await hoverAt(invoice, revertedLine!));
    assert.match(reverted, /these lines were last changed by a commit that was reverted later\./);
    assert.ok(reverted.includes(`Memoize invoice subtotal for the PDF job — Dave Okafor, 2026-08-10 · reverted by ${invoiceRevert.revertSha.slice(0, 7)} on ${invoiceRevert.revertDate}`), reverted);
  });

  it('never shows a bot: the line pre-commit.ci "auto fixes" has no mark and no hover', async () => {
    const { botLine } = demoFacts().facts;
    const file = path.join(root, botLine.path);
    const text = fs.readFileSync(file, 'utf8').split('\n');
    assert.equal(text[botLine.line - 1], '# frozen_string_literal: true');
    assert.match(execFileSync('git', ['log', '-1', '--format=%an %s', botLine.sha], { cwd: root, encoding: 'utf8' }), /^pre-commit-ci\[bot\] \[pre-commit\.ci\] auto fixes/, 'a fix by its subject, by a bot');
    try {
      await vscode.window.showTextDocument(vscode.Uri.file(file));
      const state = await waitForState((s) => marksDone(file)(s) && editorState(s, file)?.decorations !== undefined, 'marks of the file the bot changed');
      const marks = editorState(state, file)!.marks!.marks;
      assert.ok(!marks.some((m) => m.commits.includes(botLine.sha)), `no mark names the bot's commit: ${JSON.stringify(marks)}`);
      assert.ok(!decoratedLines(state, file).has(botLine.line), 'no gutter warning on its line');
      assert.equal(await hoverAt(file, botLine.line), '', 'no hover on its line');
      const risk = (await testState({ files: [file] })).fileRisks[file]!;
      assert.equal(risk.fixCommits, 0, 'its "fix" counts for nothing');
    } finally {
      await vscode.window.showTextDocument(vscode.Uri.file(invoice));
    }
  });

  it('opens the postmortem of a hover link, and nothing that is not a postmortem of the ledger', async () => {
    const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', vscode.Uri.file(invoice), new vscode.Position(44, 4))) as vscode.Hover[];
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    const link = /command:changeRisk\.openIncident\?([^)\s]+)/.exec(text);
    assert.ok(link, 'the hover links the postmortem');
    await vscode.commands.executeCommand('changeRisk.openIncident', ...(JSON.parse(decodeURIComponent(link[1]!)) as unknown[]));
    const opened = vscode.window.activeTextEditor?.document;
    assert.match(opened?.uri.fsPath ?? '', /[\\/]\.changerisk[\\/]incidents[\\/][^\\/]+\.md$/);
    assert.match(opened!.getText(), /^id: INC-12$/m);
    const repositoryRoot = (await testState()).repositories[0]!.root;
    const refused: unknown[][] = [
      ['/etc/hostname'], // the old form: one absolute path
      [path.join(root, '.changerisk/config.yaml'), 1],
      [repositoryRoot, '.changerisk/config.yaml'],
      [repositoryRoot, '../../../etc/hostname'],
      ['/etc', 'hostname'],
    ];
    for (const args of refused) {
      await vscode.commands.executeCommand('changeRisk.openIncident', ...args);
      assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), opened!.uri.toString(), `nothing opened for ${JSON.stringify(args)}`);
    }
    await vscode.window.showTextDocument(vscode.Uri.file(invoice));
  });

  it('draws nothing in a postmortem: no gutter warning, no hover, no blame; the status bar says it is a team file', async () => {
    const { incidents } = demoFacts().facts;
    const file = path.join(root, incidents.find((i) => i.id === 'INC-12')!.file);
    // Every line of it was last changed by a commit naming INC-12: as code, all of it would be marked.
    assert.match(execFileSync('git', ['log', '--format=%s', '--', path.relative(root, file)], { cwd: root, encoding: 'utf8' }), /INC-12/);
    const before = (await testState()).blameRuns;
    try {
      const shown = await vscode.window.showTextDocument(vscode.Uri.file(file));
      const state = await waitForState((s) => marksDone(file)(s) && editorState(s, file)?.decorations !== undefined && s.statusBar.text.includes('not rated'), 'the postmortem shown', { files: [file] });
      assert.deepEqual(editorState(state, file)!.marks!.marks, [], 'no line marks, from history or the ledger');
      assert.deepEqual(Object.values(editorState(state, file)!.decorations!).flat(), [], 'no gutter decoration');
      assert.equal(state.blameRuns, before, 'a postmortem is not blamed');
      const idLine = shown.document.getText().split('\n').indexOf('id: INC-12') + 1;
      for (const line of [1, idLine, shown.document.lineCount]) assert.equal(await hoverAt(file, line), '', `no hover on line ${line}`);
      assert.equal(state.fileRisks[file], undefined, 'the team’s own files are not in the risk model');
      assert.equal(state.fileDecorations[file], undefined, 'no badge');
      assert.ok(state.statusBar.text.includes(`Risk: ${ROLE_LABELS.team} — not rated`), state.statusBar.text);
    } finally {
      await vscode.window.showTextDocument(vscode.Uri.file(invoice));
    }
  });

  it('opens the commit of a hover link as a document', async () => {
    const facts = demoFacts().facts;
    await vscode.commands.executeCommand('changeRisk.showCommit', fsReal(root), facts.inc12.fixSha);
    const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'change-risk-commit');
    assert.ok(shown, 'a change-risk-commit: document is shown');
    assert.match(shown.document.getText(), new RegExp(`commit ${facts.inc12.fixSha}`));
    assert.match(shown.document.getText(), /invoice\.rb/);
    await vscode.window.showTextDocument(vscode.Uri.file(invoice));
  });

  it('puts a CodeLens at the top of the legacy file, linked to the explanation', async () => {
    const lenses = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', vscode.Uri.file(invoice))) as vscode.CodeLens[];
    const ours = lenses.filter((l) => l.command?.command === 'changeRisk.explainFile');
    assert.equal(ours.length, 1, JSON.stringify(lenses.map((l) => l.command?.title)));
    assert.equal(ours[0]!.range.start.line, 0);
    assert.match(ours[0]!.command!.title, /Legacy area billing ·/);
    assert.match(ours[0]!.command!.title, /1 incident/);
    assert.match(ours[0]!.command!.title, /quality bar: /);
  });

  it('shows the level and area in the status bar, and a badge in the explorer', async () => {
    const readme = path.join(root, 'README.md');
    const state = await waitForState((s) => s.statusBar.visible && s.statusBar.text.includes('Risk:'), 'status bar', { files: [invoice, readme] });
    const risk = state.fileRisks[invoice]!;
    assert.ok(risk, 'invoice.rb has a risk');
    assert.equal(risk.area, 'billing');
    assert.ok(state.statusBar.text.includes(`Risk: ${risk.level} · billing`), state.statusBar.text);
    const name = state.statusBar.accessibleName ?? '';
    assert.ok(name.startsWith(`Change Risk: ${risk.level} risk, billing for app/models/invoice.rb.`), `the screen reader hears plain text: ${name}`);
    assert.doesNotMatch(name, /[\\*`$]/, 'no Markdown escapes, emphasis or icons in the accessible name');
    const badge = state.fileDecorations[invoice];
    assert.equal(badge?.badge, { high: '▲', medium: '◆', low: '◇' }[risk.level], 'a shape, never one of Git\'s letters');
    assert.ok(badge?.tooltip?.startsWith(`Change Risk: ${risk.level} — `), badge?.tooltip);
    assert.ok(badge?.tooltip?.includes(risk.reasons[0]!), 'the tooltip gives the top reason');
    assert.equal(badge?.propagate, risk.level === 'high', 'only high marks the folders');
    assert.equal(badge?.color, `changeRisk.${risk.level}RiskForeground`);
    const readmeRisk = state.fileRisks[readme];
    if (!readmeRisk || readmeRisk.level === 'none') assert.equal(state.fileDecorations[readme], undefined, 'no badge without risk');
  });

  it('badges risky source files only: CHANGELOG.md, .rubocop.yml and the Gemfile have fixes and reverts, yet no badge, and say their role', async () => {
    const { unratedWithFixes } = demoFacts().facts;
    const unrated = unratedWithFixes.map((f) => ({ ...f, role: f.role as FileRole, file: path.join(root, f.path) }));
    const state = await testState({ files: [invoice, ...unrated.map((u) => u.file)] });
    const risk = state.fileRisks[invoice]!;
    assert.deepEqual([risk.role, risk.rated], ['source', true]);
    assert.notEqual(risk.level, 'none');
    assert.ok(state.fileDecorations[invoice]?.badge, 'the risky source file has a badge');
    try {
      for (const u of unrated) {
        const found = state.fileRisks[u.file];
        assert.ok(found, `${u.path} has a history`);
        assert.deepEqual([found.role, found.rated, found.level], [u.role, false, 'none'], u.path);
        assert.ok(found.fixCommits >= 2, `${u.path} has fixes or reverts in its history: ${JSON.stringify(found)}`);
        assert.equal(state.fileDecorations[u.file], undefined, `no badge on ${u.path}`);

        await vscode.window.showTextDocument(vscode.Uri.file(u.file));
        const lenses = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', vscode.Uri.file(u.file))) as vscode.CodeLens[];
        assert.ok(!lenses.some((l) => l.command?.command === 'changeRisk.explainFile'), `no CodeLens on ${u.path}`);
        const label = `${ROLE_LABELS[u.role]} — not rated`;
        const shown = await waitForState((s) => s.statusBar.text.includes(`Risk: ${label}`), `the status bar of ${u.path}`);
        assert.doesNotMatch(shown.statusBar.text, /Risk: (high|medium|low|none)\b/);
        assert.match(shown.statusBar.tooltip ?? '', /rates source code only/);
        assert.doesNotMatch(shown.statusBar.tooltip ?? '', /^- /m, 'no reasons listed');

        const uri = (await vscode.commands.executeCommand('changeRisk.explainFile', vscode.Uri.file(u.file))) as string;
        const text = (await vscode.workspace.openTextDocument(vscode.Uri.parse(uri))).getText();
        assert.ok(text.includes(`**${label}**`), text.slice(0, 400));
        assert.doesNotMatch(text, /\*\*(high|medium|low|none) risk\*\*/);
        assert.doesNotMatch(text, /^## Why/m, 'no reasons for a file that is not rated');
        assert.match(text, /^## Recent fixes and reverts/m, 'its history is there for reference');
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      }
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      editor = await vscode.window.showTextDocument(vscode.Uri.file(invoice));
    }
  });

  it('explains the file with the engine’s reasons', async () => {
    const state = await testState({ files: [invoice] });
    const uri = (await vscode.commands.executeCommand('changeRisk.explainFile', vscode.Uri.file(invoice))) as string;
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    // Shown rendered beside the file (the Markdown preview), never as raw escaped text or an Untitled document.
    assert.ok(await waitForMarkdownPreview(), `a Markdown preview is shown: ${tabsDescription()}`);
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs);
    assert.ok(!tabs.some((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === uri), 'the raw Markdown is not shown');
    const text = document.getText();
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.isUntitled && d.getText() === text), 'no Untitled copy of the explanation');
    assert.match(text, /## Why/);
    assert.match(text, /INC\\-12/);
    assert.match(text, /## Risky lines/);
    assert.ok(state.fileRisks[invoice]!.reasons.length > 0);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    editor = await vscode.window.showTextDocument(vscode.Uri.file(invoice));
  });

  it('applies settings live: gutter warnings off and on, the blame size limit with a visible note', async () => {
    const config = vscode.workspace.getConfiguration('changeRisk');
    await vscode.commands.executeCommand('changeRisk.toggleGutterWarnings');
    try {
      await waitForState((s) => decoratedLines(s, invoice).size === 0 && editorState(s, invoice)?.decorations !== undefined, 'decorations cleared');
    } finally {
      await vscode.commands.executeCommand('changeRisk.toggleGutterWarnings');
    }
    await waitForState((s) => decoratedLines(s, invoice).has(45), 'decorations back');
    await config.update('blame.maxFileSizeKB', 1, vscode.ConfigurationTarget.Global);
    try {
      const state = await waitForState((s) => editorState(s, invoice)?.marks?.status === 'too-large', 'blame skipped for size');
      assert.match(editorState(state, invoice)!.marks!.note!, /maxFileSizeKB/);
      const noted = await waitForState((s) => s.statusBar.text.includes('$(circle-slash)'), 'status bar note');
      assert.match(noted.statusBar.tooltip ?? '', /skipped/);
    } finally {
      await config.update('blame.maxFileSizeKB', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitForState((s) => decoratedLines(s, invoice).has(45), 'marks back after the limit is lifted');
  });

  it('re-indexes without reload when HEAD moves, adding the new commit to the open index', async () => {
    const before = (await testState()).repositories[0]!.generation;
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 't@example.com' } });
    git('commit', '--quiet', '--allow-empty', '-m', 'Fix nothing (integration test)');
    const head = git('rev-parse', 'HEAD').trim();
    const state = await waitForState((s) => s.repositories[0]!.index?.head === head && s.repositories[0]!.status === 'ready', 'a new engine after the commit', { timeoutMs: 30_000 });
    assert.ok(state.repositories[0]!.generation > before);
    assert.deepEqual(state.repositories[0]!.index, { source: 'incremental', commitsRead: 1, head });
    assert.ok(state.gitUse.includes('engine refresh'), `the open engine was refreshed: ${state.gitUse.join(', ')}`);
  });

  /** The first `count` tracked Ruby files other than invoice.rb, as absolute paths. */
  function otherRubyFiles(count: number): string[] {
    return execFileSync('git', ['ls-files', '--', '*.rb'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .filter((file) => file && file !== INVOICE)
      .slice(0, count)
      .map((file) => path.join(root, file));
  }

  it('blames a saved document only when it is shown: Save All over hidden edited files starts no blame', async () => {
    const files = otherRubyFiles(12);
    assert.ok(files.length >= 8, `enough tracked files to edit: ${files.length}`);
    const contents = files.map((file) => fs.readFileSync(file, 'utf8'));
    const documents = await Promise.all(files.map((file) => vscode.workspace.openTextDocument(file)));
    const start = await testState();
    const before = start.blameRuns;
    const insert = new vscode.WorkspaceEdit();
    for (const document of documents) insert.insert(document.uri, new vscode.Position(0, 0), '# saved by the test\n');
    assert.ok(await vscode.workspace.applyEdit(insert));
    assert.ok(await vscode.workspace.saveAll(false));
    const restore = new vscode.WorkspaceEdit();
    for (const document of documents) restore.delete(document.uri, new vscode.Range(0, 0, 1, 0));
    assert.ok(await vscode.workspace.applyEdit(restore));
    assert.ok(await vscode.workspace.saveAll(false));
    assert.deepEqual(files.map((file) => fs.readFileSync(file, 'utf8')), contents, 'the files are back as generated');
    await sleep(vscode.workspace.getConfiguration('changeRisk').get<number>('blame.debounceMs', 600) + 1000);
    const after = await testState();
    assert.equal(after.blameRuns - before, 0, `no blame for documents not shown in an editor: ${after.blamed.slice(before - after.blameRuns).join('; ')} (index generation ${start.repositories[0]!.generation} → ${after.repositories[0]!.generation})`);
  });

  it('runs at most two blames at once, and marks every visible editor', async () => {
    const files = otherRubyFiles(3);
    for (const [i, file] of files.entries()) await vscode.window.showTextDocument(vscode.Uri.file(file), { viewColumn: vscode.ViewColumn.One + i + 1, preview: false });
    const shown = [invoice, ...files];
    const config = vscode.workspace.getConfiguration('changeRisk');
    await waitForState((s) => shown.every((file) => marksDone(file)(s)), 'marks of the four visible editors');
    const before = (await testState()).blameRuns;
    try {
      // A new size limit re-reads the marks of every visible editor at once.
      await config.update('blame.maxFileSizeKB', 4096, vscode.ConfigurationTarget.Global);
      const state = await waitForState((s) => s.blameRuns - before >= shown.length && shown.every((file) => marksDone(file)(s)), 'the four visible editors blamed again', { timeoutMs: 60_000 });
      assert.ok(state.mostBlamesAtOnce <= 2, `${state.mostBlamesAtOnce} blames ran at once`);
    } finally {
      await config.update('blame.maxFileSizeKB', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      editor = await vscode.window.showTextDocument(vscode.Uri.file(invoice));
    }
  });
});

function fsReal(p: string): string {
  return fs.realpathSync(p);
}

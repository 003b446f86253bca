// Issue #16 in the editor: the change risk of the working change, in the Quality Bar view and the status
// bar, on a repository whose history the change model learns from (groups "change-risk" in English and
// "change-risk-ja" in Japanese: test/integration/lessonRepo.ts — 40 models each fixed ten days later).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { arrangeSidebarForScreenshot, closeAllEditorsDiscarding, requestScreenshot, sleep, testState, waitForActivation, waitForState, workspaceRoot, type TestState } from './util';

const ja = () => vscode.env.language === 'ja';
/** What a user reads, in the display language of the group. */
const TEXT = {
  en: {
    scored: /^Change risk: (\d+|<1|>99) %$/,
    average: /^average (\d+|<1|>99) %$/,
    status: /^\$\(git-compare\) change (\d+|<1|>99) %$/,
    sentence: /Changes like this one needed a follow-up fix within 60 days (\d+|<1|>99) % of the time here \(average change: (\d+|<1|>99) %\)/,
    linesReason: /^adds \d+ lines$/,
    notRated: 'Change risk: no source code changed',
  },
  ja: {
    scored: /^変更リスク: (\d+|<1|>99) %$/,
    average: /^平均 (\d+|<1|>99) %$/,
    status: /^\$\(git-compare\) 変更 (\d+|<1|>99) %$/,
    sentence: /このリポジトリでは、このような変更の (\d+|<1|>99) % が 60 日以内に追加の修正を必要としました（平均的な変更: (\d+|<1|>99) %）/,
    linesReason: /^\d+ 行を追加する$/,
    notRated: '変更リスク: ソース コードの変更なし',
  },
};
const text = () => (ja() ? TEXT.ja : TEXT.en);
const percent = (figure: string) => (figure === '<1' ? 0 : figure === '>99' ? 100 : Number(figure));

/** waitForState, with the Quality Bar view in full in the error (the state's own dump is cut at 3000 characters). */
async function waitForBar(predicate: (state: TestState) => boolean, what: string): Promise<TestState> {
  try {
    return await waitForState(predicate, what, { timeoutMs: 120_000 });
  } catch (error) {
    const state = await testState();
    throw new Error(`Timed out waiting for ${what}: the Quality Bar view shows ${JSON.stringify(state.qualityBar)}; the status bar item ${JSON.stringify(state.changeRiskStatusBar)}`);
  }
}

describe('the change risk of the working change (lesson repository)', function () {
  this.timeout(180_000);
  let root: string;
  const written: string[] = [];

  /** Writes `file`, opens it, edits it in the editor and saves: the save re-checks the change. */
  async function writeAndSave(file: string, content: string): Promise<void> {
    const absolute = path.join(root, file);
    fs.mkdirSync(path.dirname(absolute), { recursive: true });
    fs.writeFileSync(absolute, content);
    written.push(absolute);
    // A document open from an earlier test is reloaded from disk after the write; an edit racing that
    // reload is refused (edit() → false): edit once the editor holds what was written, again if refused.
    let editor: vscode.TextEditor | undefined;
    let applied = false;
    for (let attempt = 0; attempt < 10 && !applied; attempt++) {
      editor = await vscode.window.showTextDocument(vscode.Uri.file(absolute));
      if (editor.document.getText() !== content) {
        await sleep(200);
        continue;
      }
      const target = editor;
      applied = await target.edit((b) => b.insert(new vscode.Position(target.document.lineCount - 1, 0), ja() ? '# 追記\n' : '# one more line\n'));
    }
    assert.ok(applied && editor, `${file}: the editor took the edit (${editor?.document.getText().length ?? 0} characters shown, ${content.length} written)`);
    // VS Code in the browser saves after a delay by itself (files.autoSave): either save re-checks.
    if (editor.document.isDirty) await editor.document.save();
  }

  /**
   * Saves and closes the editors first: an open editor of a deleted file may write it back (auto-save),
   * and closing a dirty one stops at a "save?" dialog.
   */
  async function removeWritten(): Promise<void> {
    await vscode.workspace.saveAll(false);
    await closeAllEditorsDiscarding();
    for (const file of written.splice(0)) fs.rmSync(file, { force: true });
  }

  before(async () => {
    await waitForActivation();
    root = workspaceRoot();
    await waitForState((s) => s.repositories[0]?.status === 'ready', 'the index of the lesson repository', { timeoutMs: 60_000 });
  });

  after(async () => {
    await removeWritten();
  });

  it('shows the risk of a change like the ones that needed fixes: above the average, with its reasons, in the view and the status bar', async () => {
    await writeAndSave('app/models/invoice_export.rb', Array.from({ length: 30 }, (_, i) => `export ${i + 1}`).join('\n') + '\n');
    // The first run reads the history and fits the model: seconds, after the checklist.
    const state = await waitForBar(
      (s) => text().scored.test(s.qualityBar[0]?.label ?? '') && text().average.test(s.qualityBar[0]?.description ?? '') && s.changeRiskStatusBar.visible,
      'the change risk row and status bar item',
    );
    const row = state.qualityBar[0]!;
    const [, risk] = text().scored.exec(row.label)!;
    const [, average] = text().average.exec(row.description!)!;
    assert.ok(percent(risk!) > percent(average!), `a 30-line model is the kind of change that needed fixes here: ${row.label}`);
    assert.match(row.tooltip ?? '', text().sentence, 'the model’s sentence in the tooltip');
    const reasons = (row.children ?? []).map((child) => child.label);
    assert.ok(reasons.length >= 1 && reasons.length <= 3, `one to three reasons: ${reasons.join(' | ')}`);
    assert.match(reasons[0]!, text().linesReason, `its size pushed it up most: ${reasons.join(' | ')}`);
    assert.ok(state.qualityBar.slice(1).some((item) => item.label === (ja() ? 'この変更のチェックリスト' : 'Checklist for this change')), 'the checklist is still there, below');

    const bar = state.changeRiskStatusBar;
    assert.match(bar.text, text().status);
    assert.equal(text().status.exec(bar.text)![1], risk, 'the same figure as the view');
    assert.match(bar.tooltip ?? '', text().sentence);
    assert.ok(bar.accessibleName && !/\$\(|\\/.test(bar.accessibleName), `a plain accessible name: ${bar.accessibleName}`);
    assert.ok(bar.accessibleName.includes(`${risk} %`), bar.accessibleName);
    assert.ok(state.statusBar.visible, 'the file’s own risk item stays');

    // The draft opens with the same figure: the worker that computed it scores the change again.
    const outcome = (await vscode.commands.executeCommand('changeRisk.draftImpactStatement')) as { text?: string } | undefined;
    const head = new RegExp(`^\\*\\*${ja() ? '変更リスク' : 'Change risk'} ${risk} %\\*\\* — `, 'm');
    assert.match(outcome?.text ?? '', head, `the draft opens with the change risk: ${(outcome?.text ?? '').slice(0, 400)}`);
    const lineOfHead = (outcome?.text ?? '').split('\n').findIndex((line) => head.test(line));
    assert.ok(lineOfHead >= 0 && lineOfHead < 10, `among the first lines, under the title: line ${lineOfHead + 1}`);
    await closeAllEditorsDiscarding();
    if (process.env.CHANGE_RISK_SCREENSHOTS === '1') {
      // The README's picture: the changed file open, its change risk with the reasons in the Quality Bar
      // view and the figure in the status bar.
      await arrangeSidebarForScreenshot();
      await vscode.window.showTextDocument(vscode.Uri.file(path.join(root, 'app/models/invoice_export.rb')));
      await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
      await waitForBar((s) => s.qualityBar[0]?.label === row.label && s.changeRiskStatusBar.visible, 'the change risk row and status bar item for the screenshot');
      await requestScreenshot(ja() ? 'change-risk-japanese' : 'change-risk', { width: 1280, height: 900 });
    }
  });

  it('says a change to tests alone is not rated, and takes the figure out of the status bar', async () => {
    const before = await testState({ waitIdle: true });
    await removeWritten();
    await writeAndSave('spec/models/m1_spec.rb', 'describe "m1" do\nend\n');
    const state = await waitForBar((s) => s.qualityBar[0]?.label === text().notRated, 'the not-rated row');
    assert.equal(state.changeRiskStatusBar.visible, false, 'no figure for a change the model does not rate');
    // Saves (explicit and auto-save) re-check the change; each checklist starts at most one change risk run.
    const after = await testState({ waitIdle: true });
    assert.ok(after.changeRiskRuns > before.changeRiskRuns, 'the change was assessed again');
    assert.ok(after.changeRiskRuns - before.changeRiskRuns <= after.checklistRuns - before.checklistRuns, `${after.changeRiskRuns - before.changeRiskRuns} runs for ${after.checklistRuns - before.checklistRuns} checklists`);
  });

  it('checks the bar\'s maxChangeRisk in the checklist once the change risk comes in', async () => {
    await removeWritten();
    await writeAndSave('.changerisk/config.yaml', 'qualityBar:\n  rules:\n    - name: every change\n      maxChangeRisk: 5%\n');
    await writeAndSave('app/models/invoice_export.rb', Array.from({ length: 30 }, (_, i) => `export ${i + 1}`).join('\n') + '\n');
    const limitLabel = ja() ? '変更リスク 5 % 以下' : 'Change risk at most 5 %';
    const checklistOf = (s: TestState) => s.qualityBar.find((node) => node.label === (ja() ? 'この変更のチェックリスト' : 'Checklist for this change'));
    const itemOf = (s: TestState) => checklistOf(s)?.children?.find((child) => child.label === limitLabel);
    const over = ja() ? /^(\d+|>99) % は上限 5 % を超過$/ : /^(\d+|>99) % is over 5 %$/;
    const state = await waitForBar((s) => over.test(itemOf(s)?.description ?? ''), 'the limit judged in the checklist');
    const item = itemOf(state)!;
    assert.match(item.tooltip ?? '', ja() ? /every change/ : /over the 5 % the bar accepts \(every change\)/);
    const checklist = checklistOf(state)!;
    assert.match(checklist.description ?? '', ja() ? /未達/ : /unmet/, `the checklist counts it: ${checklist.description}`);
    await removeWritten();
  });

  it('shows no change risk row once the working tree is clean again', async () => {
    await removeWritten();
    // A save re-checks: README.md edited and saved, then restored and saved, leaves no change against main.
    const readme = path.join(root, 'README.md');
    const original = fs.readFileSync(readme, 'utf8');
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(readme));
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'x')));
    await vscode.workspace.saveAll(false);
    // Back to the committed text as one edit of the whole document (an auto-save may run in between).
    const restore = new vscode.WorkspaceEdit();
    restore.replace(editor.document.uri, new vscode.Range(0, 0, editor.document.lineCount, 0), original);
    assert.ok(await vscode.workspace.applyEdit(restore));
    await vscode.workspace.saveAll(false);
    const deadline = Date.now() + 10_000;
    while (fs.readFileSync(readme, 'utf8') !== original && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(fs.readFileSync(readme, 'utf8'), original);
    const state = await waitForBar((s) => s.qualityBar.length > 0 && !s.qualityBar.some((item) => item.label.startsWith(ja() ? '変更リスク' : 'Change risk')), 'no change risk row');
    assert.equal(state.changeRiskStatusBar.visible, false);
  });
});

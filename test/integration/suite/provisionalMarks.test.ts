// Issue #14 (2): while a repository's first index is read (made slow with the test-only worker delay),
// the open file's gutter marks come from its own history, marked provisional (hover, status bar), with
// no badge; once the whole history is read they are replaced by the final ones. A repository added to
// the multi-root workspace (group multi-root) is a cold start: nothing of it is cached.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { testState, updateFolders, waitForActivation, waitForState, type TestState } from './util';

const DATES = ['2024-01-10T10:00:00Z', '2024-03-14T10:00:00Z', '2024-05-01T10:00:00Z'];

function commit(repo: string, date: string, message: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
    fs.writeFileSync(path.join(repo, file), text);
  }
  const env = { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
  execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', 'add', '-A'], { cwd: repo, env });
  execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', 'commit', '--quiet', '-m', message], { cwd: repo, env });
}

const lines = (changed: Record<number, string> = {}) => Array.from({ length: 10 }, (_, i) => changed[i + 1] ?? `line ${i + 1}`).join('\n') + '\n';

describe('provisional gutter marks while the first index is read', function () {
  this.timeout(120_000);
  let folder: string;
  let repo: string;
  let invoice: string;

  before(async () => {
    await waitForActivation();
    await testState({ waitIdle: true });
    folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-it-cold-')));
    repo = path.join(folder, 'cold');
    fs.mkdirSync(repo);
    execFileSync('git', ['init', '--quiet', '--initial-branch=main'], { cwd: repo });
    commit(repo, DATES[0]!, 'Billing', { 'app/invoice.rb': lines(), 'app/other.rb': 'other\n' });
    commit(repo, DATES[1]!, 'Fix double rounding', { 'app/invoice.rb': lines({ 3: 'fixed 3', 4: 'fixed 4' }) });
    commit(repo, DATES[2]!, 'Other work', { 'app/other.rb': 'more\n' });
    invoice = path.join(repo, 'app', 'invoice.rb');
  });

  after(async () => {
    await testState({ indexTuning: { testDelayMs: 0 } });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const index = (vscode.workspace.workspaceFolders ?? []).findIndex((f) => f.uri.fsPath === repo);
    if (index >= 0) await updateFolders(index, 1);
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const cold = (state: TestState) => state.repositories.find((r) => r.root === repo);
  const marksOf = (state: TestState) => state.editors.find((e) => e.path === invoice)?.marks;

  it('shows the open file’s marks from its own history, provisional and without a badge, then the final ones', async () => {
    // The worker waits a minute before reading: the index cannot be done before the provisional marks.
    await testState({ indexTuning: { testDelayMs: 60_000 } });
    await updateFolders((vscode.workspace.workspaceFolders ?? []).length, 0, vscode.Uri.file(repo));
    await vscode.window.showTextDocument(vscode.Uri.file(invoice));

    const early = await waitForState(
      (s) => marksOf(s)?.status === 'done' && marksOf(s)?.provisional === true && s.editors.find((e) => e.path === invoice)?.decorations !== undefined,
      'provisional marks of the open file',
      { files: [invoice], timeoutMs: 30_000 },
    );
    assert.equal(cold(early)?.status, 'indexing', 'the whole history is still being read');
    assert.equal(cold(early)?.indexed, false);
    assert.deepEqual(marksOf(early)!.marks.map((m) => [m.start, m.end, m.source, m.why.length]), [[3, 4, 'history', 1]]);
    assert.equal(early.fileRisks[invoice], undefined, 'no level from the history of one file');
    assert.equal(early.fileDecorations[invoice], undefined, 'no badge from the history of one file');
    assert.ok(early.gitUse.includes('open files history'));
    const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', vscode.Uri.file(invoice), new vscode.Position(2, 0))) as vscode.Hover[];
    const hover = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(hover, /History still being read/, 'the hover says the marks are provisional');
    assert.match(hover, /Fix double rounding/);
    assert.match(early.statusBar.tooltip ?? '', /History still being read/, 'so does the status bar');

    // Refresh Index restarts the read without the delay: the final marks replace the provisional ones.
    await testState({ indexTuning: { testDelayMs: 0 } });
    await vscode.commands.executeCommand('changeRisk.refreshIndex');
    const final = await waitForState(
      (s) => cold(s)?.status === 'ready' && marksOf(s)?.status === 'done' && marksOf(s)?.provisional === false,
      'the final marks',
      { files: [invoice], timeoutMs: 60_000 },
    );
    assert.deepEqual(marksOf(final)!.marks.map((m) => [m.start, m.end, m.source, m.why.length]), [[3, 4, 'history', 1]]);
    assert.ok(final.fileRisks[invoice], 'the file is rated once the whole history is read');
    const after = (await vscode.commands.executeCommand('vscode.executeHoverProvider', vscode.Uri.file(invoice), new vscode.Position(2, 0))) as vscode.Hover[];
    assert.doesNotMatch(after.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n'), /History still being read/);
  });
});

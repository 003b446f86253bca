// A multi-root workspace (runTests.ts, group multi-root): notes/ (no git), a linked worktree of the
// repository, the repository, and its docs/ folder. Folders leave and come back as in the Explorer.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { sleep, testState, updateFolders, waitForActivation, waitForState, type TestState } from './util';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' }).trim();
}

function repositoryAt(state: TestState, root: string) {
  return state.repositories.find((repository) => repository.root === root);
}

function readyAt(root: string, head?: string) {
  return (state: TestState) => {
    const repository = repositoryAt(state, root);
    return repository?.status === 'ready' && (head === undefined || repository.index?.head === head);
  };
}

function checklistShown(state: TestState): boolean {
  const checklist = state.qualityBar.find((item) => item.label === 'Checklist for this change');
  return checklist !== undefined && checklist.description !== 'checking…' && checklist.description !== 'not checked yet';
}

/** The checklist runs 1.5 s after it is asked for: waits past that, then for the runs in flight. */
async function checklistSettled(): Promise<TestState> {
  await sleep(2500);
  return testState({ waitIdle: true });
}

describe('a multi-root workspace: a repository shared by two folders, a linked worktree', function () {
  this.timeout(120_000);
  let repo: string;
  let docs: string;
  let worktree: string;
  let notes: string;

  before(async () => {
    await waitForActivation();
    const folders = (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath);
    assert.deepEqual(folders.map((folder) => path.basename(folder)), ['notes', 'worktree', 'repo', 'docs']);
    [notes, worktree, repo, docs] = folders as [string, string, string, string];
    await waitForState((s) => readyAt(repo)(s) && readyAt(worktree)(s), 'the repository and the worktree indexed', { timeoutMs: 60_000 });
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens one repository for the repository’s folder and docs/ inside it, and one for the worktree', async () => {
    const state = await testState();
    assert.deepEqual(state.repositories.map((r) => r.root).sort(), [repo, worktree].sort());
    assert.equal(state.noRepository, false);
  });

  it('re-indexes a linked worktree (its .git is a file) when a commit there moves its HEAD', async () => {
    git(worktree, 'commit', '--quiet', '--allow-empty', '-m', 'Work on the feature');
    const head = git(worktree, 'rev-parse', 'HEAD');
    await waitForState(readyAt(worktree, head), 'the worktree indexed at its new HEAD', { timeoutMs: 20_000 });
  });

  it('keeps the repository for docs/ when the repository’s own folder is removed', async () => {
    await updateFolders(1, 2); // the worktree and the repository leave; docs/ stays
    const guide = path.join(docs, 'guide.md');
    await vscode.window.showTextDocument(vscode.Uri.file(guide));
    await sleep(1000);
    const state = await testState({ files: [guide], waitIdle: true });
    assert.equal(state.noRepository, false, 'the views do not say "No git repository"');
    assert.deepEqual(state.repositories.map((r) => [r.root, r.status]), [[repo, 'ready']]);
    assert.deepEqual(state.fileRisks[guide] && [state.fileRisks[guide].role, state.fileRisks[guide].rated], ['docs', false], 'docs/guide.md has a history, as documentation');
    assert.ok(state.statusBar.visible && state.statusBar.text.includes('Risk: documentation — not rated'), `the status bar says guide.md is documentation: ${state.statusBar.text}`);
  });

  it('checks the change of a repository removed and added back against its new index, once per HEAD move, not per editor switch', async () => {
    const kept = repositoryAt(await testState(), repo)!;
    await updateFolders(1, 1, vscode.Uri.file(repo)); // docs/ leaves, the repository's folder comes back
    const swapped = repositoryAt(await testState(), repo);
    assert.deepEqual(swapped && [swapped.status, swapped.generation], ['ready', kept.generation], 'one event that swaps two folders of the repository keeps its index');
    const app = vscode.Uri.file(path.join(repo, 'src', 'app.js'));
    await vscode.window.showTextDocument(app);
    await waitForState(checklistShown, 'the checklist of the change');

    await updateFolders(1, 1); // no folder uses the repository any more
    await waitForState((s) => s.repositories.length === 0, 'the repository closed');
    await updateFolders(1, 0, vscode.Uri.file(repo)); // and back
    await waitForState(readyAt(repo), 'the repository indexed again', { timeoutMs: 60_000 });
    await vscode.window.showTextDocument(app);

    git(repo, 'commit', '--quiet', '--allow-empty', '-m', 'Move HEAD');
    const head = git(repo, 'rev-parse', 'HEAD');
    await waitForState(readyAt(repo, head), 'the repository indexed at its new HEAD', { timeoutMs: 20_000 });
    const settled = await checklistSettled();
    for (let i = 0; i < 3; i++) {
      await vscode.window.showTextDocument(vscode.Uri.file(path.join(notes, 'README.md')));
      await vscode.window.showTextDocument(app);
      await checklistSettled();
    }
    const state = await testState({ waitIdle: true });
    assert.equal(state.checklistRuns - settled.checklistRuns, 0, 'switching editors runs no checklist (no git diff) when HEAD has not moved');
  });
});

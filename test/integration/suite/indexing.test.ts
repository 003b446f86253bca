// Issue #14 (3): an index that takes more than a moment shows a cancellable notification; Cancel stops
// the worker and leaves the repository in a clear state (never an error); Refresh Index resumes.
// The index is made slow deterministically with the test-only worker delay (IndexRequest.testDelayMs),
// and a changed .mailmap forces the full read in the worker (an incremental refresh would not use it).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { testState, waitForActivation, waitForState, workspaceRoot } from './util';

describe('cancellable indexing (demo repository)', function () {
  this.timeout(120_000);
  let root: string;
  let mailmap: string;

  before(async () => {
    await waitForActivation();
    root = workspaceRoot();
    mailmap = path.join(root, '.mailmap');
    await waitForState((s) => s.repositories[0]?.status === 'ready', 'the index of the demo repository', { timeoutMs: 60_000 });
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await testState({ indexTuning: { testDelayMs: 0 } });
    fs.rmSync(mailmap, { force: true });
    await vscode.commands.executeCommand('changeRisk.refreshIndex');
    await testState({ waitIdle: true });
  });

  it('shows a cancellable notification for a slow index; Cancel leaves no error and Refresh Index resumes', async () => {
    const workerRuns = (await testState({ waitIdle: true })).gitUse.filter((use) => use === 'index worker').length;
    fs.writeFileSync(mailmap, 'Alice Example <alice@example.com> <alice@old.example.com>\n');
    await testState({ indexTuning: { testDelayMs: 60_000 } });
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(root, 'app/models/invoice.rb')));
    const refreshing = vscode.commands.executeCommand('changeRisk.refreshIndex');

    // The notification may show before the worker's first message (a loaded machine starts it slowly).
    const slow = await waitForState((s) => s.repositories[0]?.indexProgress?.notification === true && s.repositories[0].indexProgress.message !== undefined, 'the cancellable indexing notification', { timeoutMs: 30_000 });
    assert.equal(slow.repositories[0]!.status, 'indexing');
    assert.equal(slow.repositories[0]!.indexProgress?.message, 'test delay', 'the notification mirrors the worker progress');

    await testState({ cancelIndexing: true });
    await refreshing;
    const cancelled = await waitForState((s) => s.repositories[0]?.status !== 'indexing', 'indexing to stop after Cancel', { timeoutMs: 10_000 });
    const repository = cancelled.repositories[0]!;
    assert.equal(repository.indexCancelled, true);
    assert.equal(repository.error, undefined, 'a cancel is not an error');
    assert.equal(repository.indexProgress, undefined, 'the notification is gone');
    // The engine from before stays (the demo was indexed); a first index would say 'cancelled'.
    assert.ok(repository.indexed ? repository.status === 'ready' : repository.status === 'cancelled', `status ${repository.status}`);
    assert.equal(cancelled.gitUse.filter((use) => use === 'index worker').length, workerRuns + 1, 'the worker was started once');
    assert.match(cancelled.statusBar.tooltip ?? '', /Indexing was cancelled/, 'the status bar says so');

    await testState({ indexTuning: { testDelayMs: 0 } });
    await vscode.commands.executeCommand('changeRisk.refreshIndex');
    const resumed = await testState({ waitIdle: true });
    assert.equal(resumed.repositories[0]!.status, 'ready');
    assert.equal(resumed.repositories[0]!.indexCancelled, false);
    assert.equal(resumed.gitUse.filter((use) => use === 'index worker').length, workerRuns + 2, 'Refresh Index read the history again in the worker');
    assert.doesNotMatch(resumed.statusBar.tooltip ?? '', /Indexing was cancelled/);
  });
});

// Timing probe (opt-in group first-marks-probe; see the header of test/integration/runTests.ts): on a
// real repository, the time from the extension's activation to the first badge of an open file and to
// its first gutter marks. Prints `[probe] {...}`; asserts only that both appear (no timing assertion).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { testState, waitForActivation, workspaceRoot, sleep } from './util';

describe('first marks probe', function () {
  this.timeout(600_000);

  it('measures activation → first badge → first gutter marks of an open file', async () => {
    await waitForActivation(120_000);
    const file = path.join(workspaceRoot(), process.env.CHANGE_RISK_PROBE_FILE ?? 'README.md');
    await vscode.window.showTextDocument(vscode.Uri.file(file));
    const opened = Date.now();
    let badgeAt: number | undefined;
    let marksAt: number | undefined;
    let state = await testState({ files: [file] });
    const deadline = Date.now() + 540_000;
    while ((badgeAt === undefined || marksAt === undefined) && Date.now() < deadline) {
      state = await testState({ files: [file] });
      const now = Date.now();
      if (badgeAt === undefined && state.fileRisks[file]) badgeAt = now;
      const editor = state.editors.find((e) => e.path === file);
      if (marksAt === undefined && editor?.decorations && editor.marks && editor.marks.status !== 'pending' && editor.marks.status !== 'partial') marksAt = now;
      await sleep(50);
    }
    const repository = state.repositories[0];
    const figures = {
      repository: workspaceRoot(),
      file: process.env.CHANGE_RISK_PROBE_FILE,
      activationMs: state.activationMs,
      openedAfterActivationMs: opened - state.activatedAt,
      firstBadgeMs: badgeAt && badgeAt - state.activatedAt,
      badge: state.fileDecorations[file]?.badge,
      level: state.fileRisks[file]?.level,
      firstGutterMarksMs: marksAt && marksAt - state.activatedAt,
      marks: state.editors.find((e) => e.path === file)?.marks?.marks.length,
      index: repository?.index,
    };
    // With the reporter's marker, so that the launcher copies the line to its output.
    console.log(`[change-risk-test] [probe] ${JSON.stringify(figures)}`);
    assert.ok(badgeAt !== undefined && marksAt !== undefined, `the badge and the gutter marks appeared: ${JSON.stringify(figures)}`);
  });
});

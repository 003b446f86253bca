// Timing probe (opt-in group first-marks-probe; see the header of test/integration/runTests.ts): on a
// real repository, the time from the extension's activation to the first badge of an open file and to
// its first gutter marks (provisional ones, from the open file's history alone, and final ones). Prints
// `[probe] {...}` and a `[probe timeline]` of what happened when (ms since activation); asserts only
// that the badge and the final marks appear (no timing assertion).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { testState, waitForActivation, workspaceRoot, sleep, type TestState } from './util';

describe('first marks probe', function () {
  this.timeout(600_000);

  it('measures activation → first badge → first gutter marks of an open file', async () => {
    await waitForActivation(120_000);
    const file = path.join(workspaceRoot(), process.env.CHANGE_RISK_PROBE_FILE ?? 'README.md');
    const brief = { files: [file], brief: true };
    const { activatedAt } = await testState(brief);
    const probe: { ms: number; what: string }[] = [];
    const note = (what: string, at = Date.now()) => {
      probe.push({ ms: at - activatedAt, what: `probe: ${what}` });
      return at;
    };
    note('test started');
    // A warm start usually restores the editors of the last session: then the file is already shown,
    // and its marks may be in before the test even starts.
    const restored = (await testState(brief)).editors.some((editor) => editor.path === file);
    if (!restored) await vscode.window.showTextDocument(vscode.Uri.file(file));
    const opened = restored ? activatedAt : note('showTextDocument returned');
    let badgeAt: number | undefined;
    let provisionalAt: number | undefined;
    let marksAt: number | undefined;
    let state: TestState = await testState(brief);
    const deadline = Date.now() + 540_000;
    while ((badgeAt === undefined || marksAt === undefined) && Date.now() < deadline) {
      state = await testState(brief);
      const now = Date.now();
      if (badgeAt === undefined && state.fileRisks[file]) badgeAt = note('badge', now);
      const editor = state.editors.find((e) => e.path === file);
      const shown = editor?.decorations && editor.marks;
      if (provisionalAt === undefined && shown && editor.marks!.provisional) provisionalAt = note(`provisional marks (${editor.marks!.status})`, now);
      if (marksAt === undefined && shown && !editor.marks!.provisional && editor.marks!.status !== 'pending' && editor.marks!.status !== 'partial') marksAt = note('final marks', now);
      await sleep(50);
    }
    const { hostProfile } = await testState({ ...brief, stopProfile: true });
    if (hostProfile) console.log(`[change-risk-test] [probe] extension host profile: ${hostProfile}`);
    const repository = state.repositories[0];
    const figures = {
      repository: workspaceRoot(),
      file: process.env.CHANGE_RISK_PROBE_FILE,
      activationMs: state.activationMs,
      restoredAtStartup: restored,
      openedAfterActivationMs: opened - activatedAt,
      firstBadgeMs: badgeAt && badgeAt - activatedAt,
      badge: state.fileDecorations[file]?.badge,
      level: state.fileRisks[file]?.level,
      firstProvisionalMarksMs: provisionalAt && provisionalAt - activatedAt,
      firstGutterMarksMs: marksAt && marksAt - activatedAt,
      marks: state.editors.find((e) => e.path === file)?.marks?.marks.length,
      index: repository?.index,
    };
    const timeline = [...state.timeline, ...probe].sort((a, b) => a.ms - b.ms);
    // With the reporter's marker, so that the launcher copies the lines to its output.
    console.log(`[change-risk-test] [probe] ${JSON.stringify(figures)}`);
    for (const event of timeline) console.log(`[change-risk-test] [probe timeline] ${String(event.ms).padStart(6)} ms  ${event.what}`);
    assert.ok(badgeAt !== undefined && marksAt !== undefined, `the badge and the gutter marks appeared: ${JSON.stringify(figures)}`);
  });
});

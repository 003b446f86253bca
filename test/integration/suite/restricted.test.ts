// Restricted Mode (Workspace Trust on, folder not trusted): no git at all; the ledger still works.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, manifestOf, sleep, testState, waitForActivation, waitForState } from './util';

describe('Restricted Mode', () => {
  before(async () => {
    await waitForActivation();
  });

  it('runs in an untrusted workspace', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('reads the ledger and shows the incidents tree, but never starts git', async () => {
    const state = await waitForState((s) => s.repositories[0]?.incidents.length === 10, 'the ledger read');
    await sleep(1500); // time for anything that would wrongly start
    const later = await testState();
    assert.deepEqual(later.gitUse, [], 'no git process was started');
    assert.equal(later.blameRuns, 0);
    assert.equal(later.repositories[0]!.status, 'restricted');
    assert.equal(later.repositories[0]!.indexed, false, 'the engine was never opened');
    assert.equal(state.incidentsTree.length, 4, 'incidents grouped by the four kinds');
    assert.deepEqual(later.riskyFiles, [], 'no risky files: the view shows its trust message');
  });

  it('tells what trusting the folder enables, with a button to manage trust', () => {
    const manifest = manifestOf(vscode.extensions.getExtension(EXTENSION_ID)!) as { contributes?: { viewsWelcome?: { view: string; contents: string; when?: string }[] } };
    const welcome = (manifest.contributes?.viewsWelcome ?? []).find((w) => w.when === '!isWorkspaceTrusted');
    assert.ok(welcome, 'a welcome view for untrusted workspaces');
    assert.match(welcome.contents, /command:workbench\.trust\.manage/);
    assert.match(welcome.contents, /git/);
  });

  it('shows no gutter warnings or hovers, and says why in the status bar', async () => {
    const root = vscode.workspace.workspaceFolders![0]!.uri;
    await vscode.window.showTextDocument(vscode.Uri.joinPath(root, 'app/models/invoice.rb'));
    const state = await waitForState((s) => s.statusBar.visible, 'status bar');
    assert.match(state.statusBar.text, /Restricted Mode/);
    const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', vscode.Uri.joinPath(root, 'app/models/invoice.rb'), new vscode.Position(44, 2))) as vscode.Hover[];
    assert.ok(!hovers.some((h) => h.contents.some((c) => (typeof c === 'string' ? c : c.value).includes('Change Risk'))));
    assert.deepEqual((await testState()).gitUse, []);
  });

  it('computes no change risk of a saved edit: no checklist, no change model, no status bar figure, no git', async () => {
    const root = vscode.workspace.workspaceFolders![0]!.uri;
    const editor = await vscode.window.showTextDocument(vscode.Uri.joinPath(root, 'app/models/invoice.rb'));
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), '# restricted\n'));
    await vscode.workspace.saveAll(false);
    await editor.edit((b) => b.delete(new vscode.Range(0, 0, 1, 0)));
    await vscode.workspace.saveAll(false);
    await sleep(2500); // past the checklist's debounce
    const state = await testState({ waitIdle: true });
    assert.equal(state.checklistRuns, 0);
    assert.equal(state.changeRiskRuns, 0, 'the change model never ran');
    assert.equal(state.changeRiskStatusBar.visible, false);
    assert.ok(!state.qualityBar.some((item) => item.label.startsWith('Change risk')), JSON.stringify(state.qualityBar));
    assert.deepEqual(state.gitUse, [], 'no git process was started');
  });

  it('drafting an impact statement says what trusting enables, and runs no git', async () => {
    const outcome = (await vscode.commands.executeCommand('changeRisk.draftImpactStatement')) as { text?: string; message: string } | undefined;
    assert.equal(outcome?.text, undefined, 'nothing drafted');
    assert.match(outcome?.message ?? '', /trusted workspace/);
    await sleep(500);
    assert.deepEqual((await testState()).gitUse, [], 'no git process was started');
  });
});

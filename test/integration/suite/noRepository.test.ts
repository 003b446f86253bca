// A folder with a ledger but no git repository: a clear empty state, no errors.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { declaredCommands, runClosingQuickInputs, testState, waitForActivation } from './util';

describe('a folder that is not a git repository', () => {
  it('activates and says there is no repository', async () => {
    const extension = await waitForActivation();
    const state = await testState();
    assert.equal(state.noRepository, true);
    assert.deepEqual(state.repositories, []);
    assert.deepEqual(state.incidentsTree, []);
    assert.deepEqual(state.riskyFiles, []);
    for (const command of declaredCommands(extension)) await runClosingQuickInputs(command);
    await vscode.workspace.getConfiguration('changeRisk').update('gutterWarnings.enabled', undefined, vscode.ConfigurationTarget.Global);
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, closeAllEditorsDiscarding, declaredCommands, manifestOf, runClosingQuickInputs, waitForActivation } from './util';

describe('activation (development host)', () => {
  it('opens the generated git repository as the workspace', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1, 'exactly one workspace folder');
    const root = folders[0]!.uri.fsPath;
    assert.ok(fs.existsSync(path.join(root, '.git')), `${root} is a git repository`);
    assert.ok(fs.existsSync(path.join(root, '.changerisk', 'config.yaml')), `${root} has .changerisk/config.yaml`);
  });

  it('runs in the Workspace Trust state the launcher asked for', () => {
    const restricted = process.env.CHANGE_RISK_RESTRICTED === '1';
    assert.equal(vscode.workspace.isTrusted, !restricted, restricted ? 'Restricted Mode' : 'trusted workspace');
  });

  it('activates by itself from its activation events', async () => {
    const extension = await waitForActivation();
    assert.ok(extension.isActive);
    const repoRoot = process.env.CHANGE_RISK_REPO_ROOT;
    if (repoRoot) assert.equal(fs.realpathSync(extension.extensionUri.fsPath), fs.realpathSync(repoRoot), 'loaded from the source tree');
  });

  it('declares narrow activation events (no "*")', () => {
    const events: string[] = manifestOf(vscode.extensions.getExtension(EXTENSION_ID)!).activationEvents ?? [];
    assert.ok(events.length > 0, 'has activation events');
    assert.ok(!events.includes('*'), `activationEvents must not contain "*": ${JSON.stringify(events)}`);
    assert.ok(!events.includes('onStartupFinished'), 'does not activate on every startup');
  });

  it('registers every command the manifest declares, and declares every command it registers', async () => {
    const extension = await waitForActivation();
    const declared = declaredCommands(extension);
    assert.ok(declared.length > 0, 'manifest declares commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declared.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `declared in package.json but not registered: ${missing.join(', ')}`);
    // VS Code itself registers `<view id>.focus`, `.open`, ... for each contributed view.
    const views = Object.values(manifestOf(extension).contributes?.views ?? {}).flat().map((v) => `${v.id}.`);
    const undeclared = [...registered].filter((c) => c.startsWith('changeRisk.') && !declared.includes(c) && !views.some((v) => c.startsWith(v)));
    assert.deepEqual(undeclared, [], `registered but not declared in package.json: ${undeclared.join(', ')}`);
  });

  it('runs every declared command without arguments, without throwing', async function () {
    // Draft Impact Statement and Check Accuracy read git (the diff; the index from its cache or git) when the index is ready.
    this.timeout(90_000);
    const extension = await waitForActivation();
    const timings: string[] = [];
    // Add the CI Check writes a workflow file into the workspace: removed afterwards unless it was there.
    const workflows = (vscode.workspace.workspaceFolders ?? []).map((f) => path.join(f.uri.fsPath, '.github', 'workflows', 'change-risk.yml')).filter((file) => !fs.existsSync(file));
    try {
      for (const command of declaredCommands(extension)) {
        const t0 = Date.now();
        // Record Incident asks questions: the quick inputs are closed, which cancels it.
        await runClosingQuickInputs(command);
        timings.push(`${command} ${Date.now() - t0} ms`);
      }
      console.log(`      (${timings.join(', ')})`);
    } finally {
      // The toggles change user settings; later suites expect the defaults.
      const config = vscode.workspace.getConfiguration('changeRisk');
      for (const key of ['gutterWarnings.enabled', 'incidents.groupBy', 'incidents.onlyActiveFile']) {
        await config.update(key, undefined, vscode.ConfigurationTarget.Global);
      }
      // Draft Impact Statement opens untitled Markdown: discarded, not saved.
      await closeAllEditorsDiscarding();
      for (const file of workflows) {
        fs.rmSync(file, { force: true });
        for (const folder of [path.dirname(file), path.dirname(path.dirname(file))]) if (fs.existsSync(folder) && fs.readdirSync(folder).length === 0) fs.rmdirSync(folder);
      }
    }
  });

  it('declares limited support for untrusted workspaces', () => {
    const manifest = manifestOf(vscode.extensions.getExtension(EXTENSION_ID)!);
    assert.equal(manifest.capabilities?.untrustedWorkspaces?.supported, 'limited');
    assert.ok(manifest.capabilities?.untrustedWorkspaces?.description, 'explains what Restricted Mode limits');
  });
});

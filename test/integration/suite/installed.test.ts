import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, declaredCommands, waitForActivation } from './util';

// Runs with the packaged .vsix installed into a fresh extensions folder and no extensionDevelopmentPath:
// the path a user takes.
describe('installed from the VSIX', () => {
  it('is installed from the extensions folder, not loaded from the source tree', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    const extensionsDir = process.env.CHANGE_RISK_EXTENSIONS_DIR;
    assert.ok(extensionsDir, 'the launcher passes CHANGE_RISK_EXTENSIONS_DIR');
    const installedAt = fs.realpathSync(extension.extensionUri.fsPath);
    assert.ok(
      installedAt.startsWith(fs.realpathSync(extensionsDir) + path.sep),
      `${installedAt} lies inside ${extensionsDir}`,
    );
  });

  it('ships only the bundle, not sources or dependencies', () => {
    const root = vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri.fsPath;
    assert.ok(fs.existsSync(path.join(root, 'dist', 'extension.js')), 'dist/extension.js is shipped');
    for (const unwanted of ['src', 'node_modules', 'test', 'tsconfig.json', 'esbuild.js', path.join('dist', 'test')]) {
      assert.ok(!fs.existsSync(path.join(root, unwanted)), `${unwanted} is not shipped`);
    }
    const maps = fs.readdirSync(path.join(root, 'dist')).filter((f) => f.endsWith('.map'));
    assert.deepEqual(maps, [], 'no source maps in the production package');
  });

  it('activates by itself and registers every declared command', async () => {
    const extension = await waitForActivation();
    assert.ok(extension.isActive);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declaredCommands(extension).filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `declared but not registered: ${missing.join(', ')}`);
  });
});

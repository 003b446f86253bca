import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GITHUB_WORKFLOW } from '../../../src/core/ci/githubWorkflow';
import { CONFIG_TEMPLATE, DEFAULT_CONFIG, parseConfig } from '../../../src/core/team';
import { createNewFile } from '../../../src/extension/commands/safeCreate';

describe('the walkthrough\'s starter files', () => {
  it('the starter config parses without a single warning and changes nothing until a line is uncommented', () => {
    const { config, diagnostics } = parseConfig(CONFIG_TEMPLATE);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(config, DEFAULT_CONFIG);
  });

  it('every example in the starter config is valid once uncommented', () => {
    // Example lines are the commented YAML keys and list items; prose comments stay comments.
    const uncommented = CONFIG_TEMPLATE.split('\n')
      .map((line) => (/^# (\s*[a-zA-Z-]+:|\s+- )/.test(line) ? line.slice(2) : line))
      .join('\n');
    const { config, diagnostics } = parseConfig(uncommented);
    assert.deepEqual(diagnostics, [], uncommented);
    assert.equal(config.areas[0]?.name, 'billing');
    assert.equal(config.qualityBar?.rules?.length, 2);
  });

  it('the workflow the editor writes is the recipe docs/ci-github.md documents first', () => {
    const doc = fs.readFileSync(path.join(__dirname, '../../../docs/ci-github.md'), 'utf8');
    const first = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    assert.equal(GITHUB_WORKFLOW, first);
  });

  it('creates a file inside the repository once and never replaces one, and refuses a team folder that links out', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-starter-'));
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-outside-'));
    try {
      assert.equal(await createNewFile(root, '.changerisk', 'config.yaml', 'version: 1\n'), true);
      assert.equal(await createNewFile(root, '.changerisk', 'config.yaml', 'version: 2\n'), false);
      assert.equal(fs.readFileSync(path.join(root, '.changerisk', 'config.yaml'), 'utf8'), 'version: 1\n');
      assert.deepEqual(fs.readdirSync(path.join(root, '.changerisk')), ['config.yaml'], 'no temporary file left behind');
      fs.symlinkSync(outside, path.join(root, '.github'));
      await assert.rejects(createNewFile(root, '.github/workflows', 'change-risk.yml', 'x'), /symbolic link out of the repository/);
      assert.deepEqual(fs.readdirSync(outside), [], 'nothing written outside');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ChangeRiskEngine } from '../../../src/core/engine';
import { analyseChange } from '../../../src/core/impact/analyse';
import { renderImpactMarkdown } from '../../../src/core/impact/markdown';
import { withCiEnv } from '../../helpers/ciEnv';
import { runChangeRisk } from '../../helpers/cli';
import { lessonRepo, LESSON_NOW } from '../../helpers/lessonRepo';
import { lines, type TestRepo } from '../../helpers/testRepo';

const CONFIG = '.changerisk/config.yaml';
const BIG_CHANGES = 'qualityBar:\n  rules:\n    - name: big changes\n      maxChangeRisk: 0.2\n';

/** The history pass's cache files (`<head>.changes`) under a cache folder: written only when the change risk is computed. */
function historyPassFiles(folder: string): string[] {
  if (!fs.existsSync(folder)) return [];
  return fs.readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.changes'));
}

describe('the change risk costs a CI run only when it is used', function () {
  this.timeout(180_000);
  let repo: TestRepo;
  let cache: string;
  const run = (...args: string[]) => withCiEnv({}, () => runChangeRisk(repo.root, ...args, '--now', '2024-06-01', '--base', 'main'));
  /** A fresh cache: whatever a run writes there, it wrote. */
  const freshCache = () => fs.rmSync(cache, { recursive: true, force: true });

  before(() => {
    repo = lessonRepo(24);
    cache = `${repo.root}-cache`;
    repo.write('app/models/new_model.rb', lines(30, 'new model'));
  });
  afterEach(() => fs.rmSync(path.join(repo.root, CONFIG), { force: true }));
  after(() => {
    repo.dispose();
    fs.rmSync(cache, { recursive: true, force: true });
  });

  it('check without a maxChangeRisk rule skips the history pass in text, github and sarif output', () => {
    freshCache();
    for (const format of ['text', 'github', 'sarif']) {
      const result = run('check', '--format', format);
      assert.equal(result.status, 0, result.stderr);
      if (format === 'sarif') assert.deepEqual(JSON.parse(result.stdout).runs[0].results, []);
      else assert.doesNotMatch(result.stdout, /changeRisk/);
    }
    assert.deepEqual(historyPassFiles(cache), [], 'no history pass was run');
  });

  it('--no-change-risk skips it for check --format json and impact, and the JSON says why there is no figure', () => {
    freshCache();
    const check = run('check', '--format', 'json', '--no-change-risk');
    assert.equal(check.status, 0, check.stderr);
    const checked = JSON.parse(check.stdout);
    assert.equal(checked.changeRisk.status, 'skipped');
    assert.equal(checked.changeRisk.probability, null);
    assert.match(checked.changeRisk.reason, /^not computed: turned off \(--no-change-risk/);

    const impact = run('impact', '--format', 'json', '--no-change-risk', '--lang', 'ja');
    assert.equal(impact.status, 0, impact.stderr);
    const drafted = JSON.parse(impact.stdout);
    assert.equal(drafted.changeRisk.status, 'skipped');
    assert.match(drafted.changeRisk.reason, /^算出していません：オフにされています/);
    assert.doesNotMatch(drafted.markdown, /\*\*変更リスク/);
    const markdown = run('impact', '--no-template', '--no-change-risk');
    assert.equal(markdown.status, 0, markdown.stderr);
    assert.doesNotMatch(markdown.stdout, /Change risk/);
    assert.deepEqual(historyPassFiles(cache), [], 'no history pass was run');
  });

  it('--no-change-risk turns a maxChangeRisk rule into a warning that says it was not computed', () => {
    freshCache();
    repo.write(CONFIG, BIG_CHANGES);
    const result = run('check', '--no-change-risk');
    assert.match(result.stdout, /^! changeRisk: change risk not checked against the bar's 20 % \(big changes\): not computed: turned off \(--no-change-risk/m);
    assert.doesNotMatch(result.stdout, /✗ changeRisk/);
    assert.deepEqual(historyPassFiles(cache), [], 'no history pass was run');
  });

  it('check computes it for --format json, and impact by default', () => {
    freshCache();
    const check = run('check', '--format', 'json');
    assert.equal(JSON.parse(check.stdout).changeRisk.status, 'scored', check.stderr);
    assert.equal(historyPassFiles(cache).length, 1, 'the history pass is cached');
    const impact = run('impact', '--no-template');
    assert.match(impact.stdout, /^\*\*Change risk (?:\d+|>99) %\*\*/m, impact.stderr);
  });

  it('analyseChange says why it skipped: no applying rule sets a limit, or turned off', async () => {
    const engine = await ChangeRiskEngine.open({ folder: repo.root, now: LESSON_NOW });
    const withLimitOnly = await analyseChange(engine, { base: 'main', changeRisk: { when: 'with-limit' } });
    assert.equal(withLimitOnly.changeRisk, undefined);
    assert.equal(withLimitOnly.changeRiskSkipped, 'no-limit');

    repo.write(CONFIG, BIG_CHANGES);
    const limited = await ChangeRiskEngine.open({ folder: repo.root, now: LESSON_NOW });
    const off = await analyseChange(limited, { base: 'main', changeRisk: { when: 'never' } });
    assert.equal(off.changeRiskSkipped, 'turned-off');
    assert.match(renderImpactMarkdown(off, 'en'), /^- \[ \] Change risk at most 20 % — not computed: turned off .* _big changes_$/m);
    const computed = await analyseChange(limited, { base: 'main', changeRisk: { when: 'with-limit' } });
    assert.equal(computed.changeRisk?.status, 'scored');
    assert.equal(computed.changeRiskSkipped, undefined);
  });
});

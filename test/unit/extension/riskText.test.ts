import * as assert from 'node:assert/strict';
import { ChangeRiskEngine } from '../../../src/core/engine';
import { explanationMarkdown } from '../../../src/extension/commands/explainMarkdown';
import { codeLensTitle, fileBadge, notRatedText, ratedRolesText, ratingOf, statusBarAccessibleName, statusBarText, statusBarTooltip, wantsCodeLens } from '../../../src/extension/riskText';
import { rulesNode } from '../../../src/extension/views/qualityBarModel';
import { alice, bob, lines, TestRepo } from '../../helpers/testRepo';

const NOW = new Date('2026-06-01T00:00:00Z');

/**
 * The editor's texts over a real engine: ten source files, one fixed again and again; a changelog, a
 * Gemfile and a lint configuration fixed and reverted just as often; a postmortem in the ledger.
 */
describe('what the editor says about a file’s risk (badges, status bar, CodeLens, explanation)', function () {
  this.timeout(60_000);
  let repo: TestRepo;
  let engine: ChangeRiskEngine;

  before(async () => {
    repo = TestRepo.create();
    const files: Record<string, string> = {
      'CHANGELOG.md': '# Changelog\n',
      Gemfile: 'source "https://rubygems.org"\ngem "rails"\n',
      '.rubocop.yml': 'AllCops:\n  NewCops: enable\n',
      '.changerisk/config.yaml': 'version: 1\n',
    };
    for (let i = 0; i < 10; i++) files[`app/models/model_${i}.rb`] = lines(20, `model ${i}`);
    repo.commit({ message: 'Initial commit', date: '2025-01-06T10:00:00Z', files });
    for (let k = 0; k < 3; k++) {
      const date = `2026-0${k + 2}-10T10:00:00Z`;
      repo.commit({ message: `Fix rounding in model 3 (take ${k + 1})`, date, author: bob, files: { 'app/models/model_3.rb': lines(20, `model 3 v${k + 1}`) } });
      repo.commit({ message: `Fix release notes for 2026.${k + 1}`, date, files: { 'CHANGELOG.md': `# Changelog\n\n## 2026.${k + 1}\n- fixed ${k}\n` } });
      repo.commit({ message: `Fix gem pins (${k + 1})`, date, files: { Gemfile: `source "https://rubygems.org"\ngem "rails", "~> 7.${k}"\n` } });
      repo.commit({ message: `Fix cop settings (${k + 1})`, date, author: bob, files: { '.rubocop.yml': `AllCops:\n  NewCops: enable\n  TargetRubyVersion: 3.${k}\n` } });
    }
    repo.commit({
      message: 'Add postmortem for INC-1',
      date: '2026-04-02T10:00:00Z',
      author: alice,
      files: {
        '.changerisk/incidents/INC-1.md': '---\nid: INC-1\ntitle: Rounding\ndate: 2026-04-01\nkind: regression\nseverity: high\naffected:\n  - path: app/models/model_3.rb\n    lines: "1-5"\n  - path: .changerisk/incidents/INC-1.md\n    lines: "1-8"\n---\n\nFixed by rounding once (INC-1).\n',
      },
    });
    engine = await ChangeRiskEngine.open({ folder: repo.root, now: NOW });
  });

  after(() => repo.dispose());

  it('badges the fixed source file and names the evidence first', () => {
    const rating = ratingOf(engine.risk, 'app/models/model_3.rb');
    assert.deepEqual([rating.role, rating.rated], ['source', true]);
    assert.notEqual(rating.risk?.level, 'none');
    const badge = fileBadge(rating)!;
    assert.equal(badge.badge, { high: '▲', medium: '◆', low: '◇' }[rating.risk!.level as 'high']);
    // Never one of Git's letters (M, A, D, U, R, C, I, S) or a letter at all.
    assert.doesNotMatch(badge.badge, /[A-Za-z]/);
    assert.equal(badge.tooltip, `Change Risk: ${rating.risk!.level} — ${rating.risk!.reasons[0]!.text}`);
    assert.equal(badge.propagate, rating.risk!.level === 'high', 'only high marks the folders');
    assert.match(rating.risk!.reasons[0]!.text, /INC-1 regression \(2026-04\)/);
    assert.match(statusBarText(rating), new RegExp(`^\\$\\((flame|warning|shield)\\) Risk: ${rating.risk!.level}$`));
    assert.match(statusBarTooltip(rating), /^\*\*app\/models\/model\\_3\\\.rb\*\*: \w+ risk \(#1\)\n\n- INC\\-1 regression/);
    assert.equal(
      statusBarAccessibleName(rating, ['testChanges'], undefined),
      `Change Risk: ${rating.risk!.level} risk for app/models/model_3.rb. Quality bar for changes here: tests. Click to explain.`,
      'the screen reader hears plain text: no escapes, no icons',
    );
  });

  it('gives a changelog, a Gemfile and a lint configuration with as many fixes no badge: the status bar names their role', () => {
    for (const [path, role, label] of [
      ['CHANGELOG.md', 'docs', 'documentation — not rated'],
      ['Gemfile', 'manifest', 'dependency manifest — not rated'],
      ['.rubocop.yml', 'lint', 'lint or editor configuration — not rated'],
    ] as const) {
      const rating = ratingOf(engine.risk, path);
      assert.deepEqual([rating.role, rating.rated, rating.risk?.level], [role, false, 'none'], path);
      assert.equal(engine.risk.file(path)!.stats.fixCommits, 3, `${path} was fixed as often as the source file`);
      assert.equal(fileBadge(rating), undefined, `no badge on ${path}`);
      assert.equal(notRatedText(role), label);
      assert.equal(statusBarText(rating), `$(shield) Risk: ${label}`);
      const tooltip = statusBarTooltip(rating);
      assert.ok(tooltip.includes('Change Risk rates source code only'), tooltip);
      assert.ok(!/^- /m.test(tooltip), 'no reasons listed');
      assert.equal(wantsCodeLens(rating), false);
      assert.ok(!engine.risk.hotspots(50).some((risk) => risk.path === path), `${path} is no hotspot`);
    }
  });

  it('says a postmortem is a team file, and a file of no history is rated by its role', () => {
    const postmortem = ratingOf(engine.risk, '.changerisk/incidents/INC-1.md');
    assert.deepEqual([postmortem.role, postmortem.rated], ['team', false]);
    assert.equal(statusBarText(postmortem), '$(shield) Risk: team file (.changerisk) — not rated');
    const untracked = ratingOf(engine.risk, 'docs/new-guide.md');
    assert.equal(untracked.risk, undefined);
    assert.equal(statusBarText(untracked), '$(shield) Risk: documentation — not rated');
    assert.equal(statusBarText(ratingOf(engine.risk, 'app/models/new_model.rb')), '$(shield) Risk: no history');
  });

  it('draws no line mark in a postmortem, not even the ones its own ledger entry names', async () => {
    assert.deepEqual(await engine.lineMarks('.changerisk/incidents/INC-1.md'), []);
    assert.ok((await engine.lineMarks('app/models/model_3.rb')).some((mark) => mark.source === 'ledger'), 'the ledger marks code');
  });

  it('lists the rated roles in words', () => {
    assert.equal(ratedRolesText(['source']), 'source code');
    assert.equal(ratedRolesText(['source', 'test']), 'source code and test');
    assert.equal(ratedRolesText(['source', 'test', 'build']), 'source code, test and build or CI configuration');
  });

  it('explains a rated file with its level and reasons, and a file that is not rated with its role and history only', async () => {
    const rated = explanationMarkdown((await engine.explain('app/models/model_3.rb'))!, [], ['source']);
    assert.match(rated, /^\*\*(high|medium|low) risk\*\* \(#1\)$/m);
    assert.match(rated, /^## Why\n\n- INC\\-1 regression \\\(2026\\-04\\\)$/m);
    assert.match(rated, /^\| role \| source code \|$/m);
    assert.match(rated, /^## Risky lines$/m);
    assert.ok(rated.replace(/\\(.)/g, '$1').includes("| Bob Builder | fix (subject: 'Fix rounding in model 3 (take 3)') |"), rated);

    const gemfile = explanationMarkdown((await engine.explain('Gemfile'))!, [], ['source']);
    assert.match(gemfile, /^\*\*dependency manifest — not rated\*\*$/m);
    assert.match(gemfile, /Change Risk rates source code only/);
    assert.doesNotMatch(gemfile, /\*\*(high|medium|low|none) risk\*\*/);
    assert.doesNotMatch(gemfile, /^## Why/m);
    assert.match(gemfile, /^\| role \| dependency manifest \|$/m);
    assert.match(gemfile, /^## Recent fixes and reverts$/m, 'the history stays, for reference');
    assert.match(gemfile, /^## Lines with a history$/m);

    const withTests = explanationMarkdown((await engine.explain('Gemfile'))!, [], ['source', 'manifest']);
    assert.match(withTests, /^\*\*none risk\*\*$/m, 'rated when the config rates manifests');
  });

  it('puts the CodeLens on rated files only, and the role in the quality bar view', () => {
    const rating = ratingOf(engine.risk, 'app/models/model_3.rb');
    const risk = rating.risk!;
    assert.equal(wantsCodeLens(rating), risk.level === 'high' || risk.legacy !== undefined);
    assert.ok(codeLensTitle(risk).includes(`${risk.level[0]!.toUpperCase()}${risk.level.slice(1)} risk`));
    assert.equal(wantsCodeLens({ ...rating, rated: false }), false, 'never on a file that is not rated, whatever its risk');
    const node = rulesNode({ path: 'CHANGELOG.md', level: 'none', owners: [], legacy: false, requirements: [], rules: [], defaults: true }, notRatedText('docs'));
    assert.equal(node.description, 'documentation — not rated');
    assert.equal(rulesNode({ path: 'a.rb', level: 'low', area: 'billing', owners: [], legacy: false, requirements: [], rules: [], defaults: true }).description, 'billing · low risk');
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyseChange } from '../../../src/core/impact/analyse';
import { draftImpactStatement } from '../../../src/core/impact/draft';
import { checkChange } from '../../../src/core/quality/check';
import { fillTemplate, findPullRequestTemplate } from '../../../src/core/impact/template';
import { ChangeRiskEngine } from '../../../src/core/engine';
import { alice, bob, carol, lines, TestRepo } from '../../helpers/testRepo';

const NOW = new Date('2025-06-01T00:00:00Z');

const CONFIG = `areas:
  - name: billing
    paths: ["app/models/invoice.rb", "app/services/**"]
    owners: ["@alice", "@payments-team"]
    legacy: true
coupling: { minCommits: 3, minSharedCommits: 3, minDegree: 30 }
`;

const INC7 = `---
id: INC-7
title: Totals off by a cent
date: 2025-02-01
kind: regression
severity: high
affected:
  - path: app/models/invoice.rb
    lines: "3-5"
links: ["https://tracker.example/INC-7"]
---
Rounding ran twice.
`;

/**
 * main: invoice.rb and services/calc.rb change together four times (Bob mostly); a fix of lines 3-5 names INC-7;
 * CODEOWNERS gives billing to @alice and the rest to @bob. The caller then branches and changes things.
 */
function baseRepo(): TestRepo {
  const repo = TestRepo.create();
  repo.commit({
    message: 'Billing',
    date: '2024-01-01T10:00:00Z',
    author: bob,
    // A deployed application: the default bar asks for a monitoring plan.
    files: { 'app/models/invoice.rb': lines(10), 'app/services/calc.rb': lines(6, 'calc'), 'spec/models/invoice_spec.rb': 'it\n', 'config/environments/production.rb': 'Rails.application.configure {}\n' },
  });
  for (let i = 1; i <= 3; i++) {
    repo.commit({ message: `Tune totals ${i}`, date: `2024-0${i + 1}-01T10:00:00Z`, author: bob, files: { 'app/models/invoice.rb': lines(10).replace('line 9', `nine ${i}`), 'app/services/calc.rb': lines(6, `calc${i}`) } });
  }
  repo.commit({ message: 'Fix rounding (INC-7)', date: '2025-02-02T10:00:00Z', author: bob, files: { 'app/models/invoice.rb': lines(10).replace('line 9', 'nine 3').replace('line 3\nline 4\nline 5', 'fixed 3\nfixed 4\nfixed 5') } });
  repo.commit({
    message: 'Team files',
    date: '2025-02-03T10:00:00Z',
    author: carol,
    files: {
      '.changerisk/config.yaml': CONFIG,
      '.changerisk/incidents/INC-7.md': INC7,
      '.github/CODEOWNERS': '*  @bob\n/app/models/invoice.rb  @alice\n',
      'README.md': 'readme\n',
    },
  });
  return repo;
}

function featureChange(repo: TestRepo): void {
  repo.git('checkout', '-q', '-b', 'feature/totals');
  repo.commit({
    message: 'Round per line',
    date: '2025-05-01T10:00:00Z',
    author: alice,
    files: { 'app/models/invoice.rb': repo.read('app/models/invoice.rb').replace('fixed 4', 'per line 4'), 'db/migrate/20250501_add_rounding.rb': 'class AddRounding; end\n' },
  });
  repo.write('config/initializers/rounding.rb', "MODE = ENV.fetch('ROUNDING_MODE')\n");
}

async function open(repo: TestRepo): Promise<ChangeRiskEngine> {
  return ChangeRiskEngine.open({ folder: repo.root, now: NOW });
}

describe('impact statement', function () {
  this.timeout(60_000);
  let repo: TestRepo;
  let engine: ChangeRiskEngine;

  before(async () => {
    repo = baseRepo();
    featureChange(repo);
    engine = await open(repo);
  });
  after(() => repo.dispose());

  it('analyses the change: risky lines touched, incidents, kinds, co-changes left out, missing tests, reviewers', async () => {
    const analysis = await analyseChange(engine);
    assert.deepEqual(analysis.change.files.map((f) => f.path), ['app/models/invoice.rb', 'config/initializers/rounding.rb', 'db/migrate/20250501_add_rounding.rb']);
    const invoice = analysis.riskyFiles.find((f) => f.path === 'app/models/invoice.rb')!;
    assert.equal(invoice.level, 'high');
    assert.deepEqual(
      invoice.touchedLines.map((t) => [t.source, t.ranges, t.incidents, t.commits.map((c) => c.subject)]),
      [
        ['ledger', [{ start: 3, end: 5 }], ['INC-7'], []],
        ['history', [{ start: 4, end: 4 }], ['INC-7'], ['Fix rounding (INC-7)']],
      ],
    );
    assert.deepEqual(analysis.incidents.map((i) => [i.id, i.linesTouched, i.links]), [['INC-7', true, ['https://tracker.example/INC-7']]]);
    assert.deepEqual(analysis.kinds.map((k) => k.kind), ['migration', 'config', 'env']);
    assert.deepEqual(analysis.kinds.find((k) => k.kind === 'env')!.details, ['ROUNDING_MODE']);
    assert.deepEqual(analysis.leftOutCoChanges.map((c) => [c.path, c.with.map((w) => w.path)]), [['app/services/calc.rb', ['app/models/invoice.rb']]]);
    assert.deepEqual(analysis.missingTests.map((m) => [m.path, m.existing]), [['app/models/invoice.rb', ['spec/models/invoice_spec.rb']]]);
    assert.deepEqual(
      analysis.reviewers.map((r) => [r.name, r.sources]),
      [
        ['@bob', ['codeowners']],
        ['@alice', ['codeowners', 'area-owner']],
        ['@payments-team', ['area-owner']],
        ['Bob Builder', ['main-author']],
      ],
    );
    assert.ok(analysis.bar.defaults);
    assert.deepEqual(
      analysis.checklist.map((item) => [item.requirement, item.status, item.missing]),
      [
        ['impactStatement', 'unchecked', []],
        ['testChanges', 'unmet', ['app/models/invoice.rb']],
        ['monitoring', 'unchecked', []],
      ],
    );
  });

  it('renders every section in Markdown, fills no template when there is none, and is byte-identical run to run', async () => {
    const first = await draftImpactStatement(engine);
    const second = await draftImpactStatement(await open(repo));
    assert.equal(first.body, second.body);
    assert.equal(first.template, undefined);
    assert.equal(first.body, first.markdown);
    const text = first.markdown;
    for (const expected of [
      '<!-- change-risk:impact-draft -->',
      '> ✍️ **Why this change:** …',
      '**1 commit, 3 files (+3 −1)**: 3 source  \nagainst `main` (detected) at merge-base',
      '`feature/totals` · includes uncommitted work',
      '#### ⚠️ Lines with a history',
      '- `app/models/invoice.rb` lines 3-5 — named by INC-7 (120 days ago)',
      '- `app/models/invoice.rb` line 4 — last changed by a fix 118 days ago: `',
      '#### Files to look at',
      '- **high** `app/models/invoice.rb` (billing, legacy) — INC-7 regression (2025-02); no test change (`spec/models/invoice_spec.rb` exists); usually changes with `app/services/calc.rb` (4 of its 5 commits), not in this change',
      '- INC-7 ⚠️ regression, high (2025-02-01): Totals off by a cent — [`.changerisk/incidents/INC-7.md`](<.changerisk/incidents/INC-7.md>) · <https://tracker.example/INC-7>',
      '- **Database migration**: `db/migrate/20250501_add_rounding.rb`',
      '- **New environment variables**: `ROUNDING_MODE` (`config/initializers/rounding.rb`)',
      '- Bob Builder — main author: `app/models/invoice.rb`',
      '_Default bar (no `qualityBar.rules`',
      '- [ ] Test changes — 1 file without one, see above _high-risk files (default), legacy files (default)_',
      '#### Monitoring after release (required)',
    ]) {
      assert.ok(text.includes(expected), `missing: ${expected}\n---\n${text}`);
    }
    assert.ok(!/Alice Archer/.test(text), 'the change author is not suggested');
    assert.ok(!text.includes('Background jobs'), 'no empty sections');
    assert.equal(text.split('`app/models/invoice.rb` (billing').length, 2, 'the file is named once with all that applies to it');
    assert.ok(text.indexOf('Lines with a history') < text.indexOf('Files to look at'), 'line warnings come first');
  });

  it('writes Japanese throughout with --lang ja: headings, prompts, reasons, line warnings', async () => {
    const { markdown } = await draftImpactStatement(engine, { lang: 'ja' });
    for (const expected of [
      '### 影響範囲の説明（下書き）',
      '#### 関連する過去のインシデント',
      '`app/models/invoice.rb` の 3-5 行目 — INC-7 が記録した行（120 日前）',
      '最後の変更は修正コミット 118 日前',
      'INC-7 リグレッション（2025-02）',
      'テストの変更なし（`spec/models/invoice_spec.rb` あり）',
      '**DB マイグレーション**',
      '> ✍️ **この変更の理由:** …',
    ]) {
      assert.ok(markdown.includes(expected), `missing: ${expected}\n---\n${markdown}`);
    }
    for (const english of ['Related past incidents', 'regression (2025', 'fixes', 'last changed', 'no test change', 'usually changes']) assert.ok(!markdown.includes(english), `English left: ${english}`);
  });

  it('leaves out the change author among main authors', async () => {
    const other = baseRepo();
    try {
      other.git('checkout', '-q', '-b', 'bobs-change');
      other.commit({ message: 'Tweak', date: '2025-05-01T10:00:00Z', author: bob, files: { 'app/models/invoice.rb': other.read('app/models/invoice.rb').replace('line 7', 'seven') } });
      other.git('config', 'user.name', bob.name);
      other.git('config', 'user.email', bob.email);
      const analysis = await analyseChange(await open(other));
      assert.deepEqual(analysis.reviewers.map((r) => r.name), ['@alice', '@payments-team']);
    } finally {
      other.dispose();
    }
  });

  it('says when the change is empty', async () => {
    const other = baseRepo();
    try {
      const draft = await draftImpactStatement(await open(other));
      assert.match(draft.markdown, /No changes against `main`: the branch and the work tree are at the merge-base `[0-9a-f]{7}`\./);
      assert.ok(!draft.markdown.includes('####'));
    } finally {
      other.dispose();
    }
  });

  it('applies configured rules instead of the defaults, with the team stance, tolerance and budget', async () => {
    const other = baseRepo();
    try {
      other.commit({
        message: 'Quality bar',
        date: '2025-02-04T10:00:00Z',
        files: {
          '.changerisk/config.yaml': `${CONFIG}qualityBar:
  summary: "Billing is slow and careful"
  tolerance: { incident: none }
  rules:
    - areas: [billing]
      ownerReview: true
      rollbackPlan: true
      featureFlag: true
      monitoring: { dashboards: ["Invoices"], days: 3 }
  budget: { period: month, regressions: 0 }
`,
        },
      });
      featureChange(other);
      const draft = await draftImpactStatement(await open(other), { base: 'main' });
      const text = draft.markdown;
      assert.ok(!text.includes('Default bar'));
      for (const expected of [
        '> Team stance: Billing is slow and careful',
        'Tolerance · incident — none',
        '- [ ] Behind a feature flag — no feature flag found in the change _areas billing_',
        '- [ ] Review by an owner — by one of `@alice`, `@payments-team`',
        '#### Rollout and rollback (required)',
        '- Dashboards: Invoices',
        '- for 3 days after release',
        '- 0 regressions in 2025-06, budget 0',
      ]) {
        assert.ok(text.includes(expected), `missing: ${expected}\n---\n${text}`);
      }
      // The draft lists the rules' dashboards; the author's plan is still to be written.
      const unmet = async (prBody: string) => (await checkChange(await open(other), { base: 'main', prBody })).findings.map((f) => f.requirement).filter(Boolean);
      assert.ok((await unmet(draft.body)).includes('monitoring'), 'the pasted draft alone is no monitoring plan');
      const planned = draft.body.replace('> ✍️ **What to watch:** …', '> ✍️ **What to watch:** invoice totals per currency, refunds');
      assert.notEqual(planned, draft.body, 'the prompt was filled');
      assert.ok(!(await unmet(planned)).includes('monitoring'), 'a written plan meets it');
    } finally {
      other.dispose();
    }
  });

  describe('pull request template', () => {
    const statement = '<!-- change-risk:impact-draft -->\n### Impact statement (draft)\n\nbody\n';

    it('replaces the marker, keeping the rest verbatim', () => {
      const template = '## What\n\n## Risk\n<!-- change-risk:impact -->\n<!-- keep me -->\n\n## Tests\n- [ ] specs\n';
      const { body, placement } = fillTemplate(template, statement);
      assert.equal(placement, 'marker');
      assert.equal(body, `## What\n\n## Risk\n${statement.trimEnd()}\n<!-- keep me -->\n\n## Tests\n- [ ] specs\n`);
    });

    it('goes under an Impact heading of any level, else is appended', () => {
      const under = fillTemplate('# Summary\n\n### Impact\n_describe_\n### Tests\n', statement);
      assert.equal(under.placement, 'heading');
      assert.equal(under.body, `# Summary\n\n### Impact\n\n${statement.trimEnd()}\n\n_describe_\n### Tests\n`);
      const appended = fillTemplate('# Summary\nWhat and why.\n', statement);
      assert.equal(appended.placement, 'appended');
      assert.equal(appended.body, `# Summary\nWhat and why.\n\n${statement}`);
    });

    it('finds the template where GitHub looks, first found, and fills it in the draft', async () => {
      const other = baseRepo();
      try {
        assert.equal(await findPullRequestTemplate(other.root), undefined);
        other.write('.github/PULL_REQUEST_TEMPLATE/b.md', 'B\n');
        other.write('.github/PULL_REQUEST_TEMPLATE/a.md', '## Impact\n');
        assert.equal((await findPullRequestTemplate(other.root))!.file, '.github/PULL_REQUEST_TEMPLATE/a.md');
        other.write('pull_request_template.md', 'root\n');
        assert.equal((await findPullRequestTemplate(other.root))!.file, 'pull_request_template.md');
        other.write('docs/pull_request_template.md', 'docs\n');
        assert.equal((await findPullRequestTemplate(other.root))!.file, 'docs/pull_request_template.md');
        other.write('.github/pull_request_template.md', '## Why\n\n## Risk\n<!-- change-risk:impact -->\n\n## Tests\n');
        const draft = await draftImpactStatement(await open(other));
        assert.deepEqual(draft.template, { file: '.github/pull_request_template.md', placement: 'marker' });
        assert.ok(draft.body.startsWith('## Why\n\n## Risk\n<!-- change-risk:impact-draft -->\n'));
        assert.ok(draft.body.endsWith('\n\n## Tests\n'));
      } finally {
        other.dispose();
      }
    });

    it('never uses a template or CODEOWNERS that links out of the repository, or a binary one: their text would reach the PR description', async () => {
      const other = baseRepo();
      const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-secret-'));
      try {
        fs.writeFileSync(path.join(outside, 'secret.md'), 'TOKEN=hunter2\n');
        fs.writeFileSync(path.join(outside, 'CODEOWNERS'), '* @secret-owner\n');
        fs.rmSync(path.join(other.root, '.github/CODEOWNERS'));
        fs.symlinkSync(path.join(outside, 'CODEOWNERS'), path.join(other.root, '.github/CODEOWNERS'));
        fs.mkdirSync(path.join(other.root, '.github'), { recursive: true });
        fs.symlinkSync(path.join(outside, 'secret.md'), path.join(other.root, '.github/pull_request_template.md'));
        other.write('docs/pull_request_template.md', 'binary\0template\n');
        other.write('pull_request_template.md', '## Impact\n');
        assert.equal((await findPullRequestTemplate(other.root))!.file, 'pull_request_template.md', 'the first usable template');
        fs.rmSync(path.join(other.root, 'pull_request_template.md'));
        assert.equal(await findPullRequestTemplate(other.root), undefined);
        other.write('README.md', 'readme, edited\n');
        const draft = await draftImpactStatement(await open(other));
        assert.equal(draft.template, undefined);
        assert.ok(!draft.body.includes('hunter2'));
        assert.ok(!draft.analysis.reviewers.some((r) => r.name === '@secret-owner'), 'no owner from outside');
      } finally {
        other.dispose();
        fs.rmSync(outside, { recursive: true, force: true });
      }
    });
  });
});

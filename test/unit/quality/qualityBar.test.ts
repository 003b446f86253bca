import * as assert from 'node:assert/strict';
import { budgetStatus } from '../../../src/core/quality/budget';
import { hasFilledSection, hasImpactSection, IMPACT_MARKER, MONITORING_HEADING, ROLLBACK_HEADING } from '../../../src/core/quality/prBody';
import { changeRiskFinding, changeRiskLimit, changeRiskPercent } from '../../../src/core/quality/changeRiskRule';
import { QualityBar, type FileSubject } from '../../../src/core/quality/qualityBar';
import { parseConfig, type Incident } from '../../../src/core/team';

const FILE = '.changerisk/config.yaml';

const CONFIGURED = `areas:
  - name: billing
    paths: ["app/models/invoice.rb"]
    owners: ["@alice"]
qualityBar:
  summary: "Ship fast, except money: billing changes are slow and careful."
  tolerance:
    incident: none
    regression: low
    user-inquiry: "accepted while the refactor runs"
  rules:
    - name: billing
      areas: [billing]
      testChanges: true
      ownerReview: true
      rollbackPlan: true
      monitoring: { dashboards: ["Billing / invoices"], alerts: ["invoice-total-mismatch"], days: 3 }
    - minLevel: medium
      impactStatement: true
      monitoring: { logs: ["billing.invoice"], days: 1 }
  budget:
    period: month
    incidents: 1
    regressions: 2
`;

function subject(fields: Partial<FileSubject>): FileSubject {
  return { path: 'x.rb', level: 'none', owners: [], legacy: false, ...fields };
}

function incident(id: string, date: string, kind: Incident['kind']): Incident {
  return { id, date, kind, title: id, severity: 'high', status: 'resolved', areas: [], affected: [], commits: { fix: [], introduced: [] }, links: [], actionItems: [], file: `.changerisk/incidents/${id}.md`, line: 2, body: '', bodyLine: 10, summary: '' };
}

describe('quality bar', () => {
  it('reads a configured bar without diagnostics', () => {
    const { config, diagnostics } = parseConfig(CONFIGURED, FILE);
    assert.deepEqual(diagnostics, []);
    assert.equal(config.qualityBar!.tolerance!['user-inquiry'], 'accepted while the refactor runs');
    assert.deepEqual(config.qualityBar!.budget, { period: 'month', incidents: 1, regressions: 2 });
    assert.equal(config.qualityBar!.rules![1]!.testChanges, false, 'requirements default to false');
  });

  it('reports bad values at file:line:col, warns about unknown keys and undeclared areas, and keeps the rest', () => {
    const { config, diagnostics } = parseConfig(
      ['qualityBar:', '  rules:', '    - areas: [payments]', '      minLevel: severe', '      testChange: true', '  budget:', '    period: fortnight', '    incidents: 1'].join('\n'),
      FILE,
    );
    assert.deepEqual(
      diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.field}`),
      ['3:15 warning qualityBar.rules[0].areas[0]', '4:17 error qualityBar.rules[0].minLevel', '5:7 warning qualityBar.rules[0].testChange', '7:13 error qualityBar.budget.period'],
    );
    assert.match(diagnostics[2]!.message, /did you mean "testChanges"/);
    assert.equal(config.qualityBar!.rules![0]!.minLevel, undefined);
    assert.deepEqual(config.qualityBar!.budget, { period: 'month', incidents: 1 }, 'the bad period falls back to its default');
  });

  it('applies the default rules, marked as defaults, when no rules are configured', () => {
    const bar = new QualityBar(parseConfig('qualityBar:\n  summary: "Careful"\n', FILE).config);
    assert.ok(bar.defaults);
    assert.ok(bar.configured);
    const high = bar.forFile(subject({ level: 'high' }));
    assert.deepEqual(high.requirements, ['impactStatement', 'testChanges', 'monitoring']);
    assert.deepEqual(high.rules.map((r) => r.label), ['high-risk files']);
    assert.ok(high.defaults);
    assert.deepEqual(bar.forFile(subject({ level: 'low', legacy: true })).requirements, ['impactStatement', 'testChanges', 'monitoring']);
    assert.deepEqual(bar.forFile(subject({ level: 'medium' })).requirements, []);
    assert.ok(!new QualityBar(parseConfig('', FILE).config).configured);
  });

  it('resolves configured rules by area and level, merging monitoring plans', () => {
    const bar = new QualityBar(parseConfig(CONFIGURED, FILE).config);
    assert.ok(!bar.defaults);
    const invoice = bar.forFile(subject({ path: 'app/models/invoice.rb', area: 'billing', level: 'high' }));
    assert.deepEqual(invoice.requirements, ['impactStatement', 'testChanges', 'ownerReview', 'rollbackPlan', 'monitoring']);
    assert.deepEqual(invoice.monitoring, { dashboards: ['Billing / invoices'], alerts: ['invoice-total-mismatch'], logs: ['billing.invoice'], days: 3 });
    assert.deepEqual(invoice.rules.map((r) => r.label), ['billing', 'medium risk or above']);
    assert.deepEqual(bar.forFile(subject({ area: 'billing', level: 'none' })).requirements, ['testChanges', 'ownerReview', 'rollbackPlan', 'monitoring']);
    assert.deepEqual(bar.forFile(subject({ level: 'medium' })).requirements, ['impactStatement', 'monitoring']);
    assert.deepEqual(bar.forFile(subject({ level: 'high', legacy: true })).requirements, ['impactStatement', 'monitoring'], 'configured rules replace the defaults');
  });

  describe('maxChangeRisk', () => {
    const rules = (values: string[]) => ['qualityBar:', '  rules:', ...values.flatMap((value, i) => [`    - name: rule ${i + 1}`, `      maxChangeRisk: ${value}`])].join('\n');

    it('takes a probability or a percentage', () => {
      const { config, diagnostics } = parseConfig(rules(['0.25', '"25%"', '12.5 %', '1']), FILE);
      assert.deepEqual(diagnostics, []);
      assert.deepEqual(config.qualityBar!.rules!.map((rule) => rule.maxChangeRisk), [0.25, 0.25, 0.125, 1]);
    });

    it('reports a value that is no probability at its line, field and with the forms it takes', () => {
      const { config, diagnostics } = parseConfig(rules(['1.5', '"abc"', '25', '0', 'true']), FILE);
      assert.deepEqual(
        diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.field}`),
        [4, 6, 8, 10, 12].map((line, i) => `${line}:22 error qualityBar.rules[${i}].maxChangeRisk`),
      );
      const expected = 'expected a probability above 0 and at most 1 (e.g. 0.25) or a percentage (e.g. "25%")';
      assert.deepEqual(diagnostics.slice(0, 4).map((d) => d.message), [expected, expected, `${expected}; for 25 %, write 0.25 or "25%"`, expected]);
      assert.ok(config.qualityBar!.rules!.every((rule) => rule.maxChangeRisk === undefined), 'a bad limit is dropped: no limit');
    });

    it('applies when any changed file matches the rule, the lowest limit of the applying rules counting', () => {
      const bar = new QualityBar(
        parseConfig(
          ['areas:', '  - name: billing', '    paths: ["app/models/**"]', 'qualityBar:', '  rules:', '    - name: all', '      maxChangeRisk: 40%', '    - name: billing', '      areas: [billing]', '      maxChangeRisk: 0.2', '    - name: risky', '      minLevel: high', '      maxChangeRisk: 0.2', '    - minLevel: medium', '      testChanges: true'].join('\n'),
          FILE,
        ).config,
      );
      const docs = bar.forFile(subject({ path: 'README.md' }));
      const invoice = bar.forFile(subject({ path: 'app/models/invoice.rb', area: 'billing' }));
      const risky = bar.forFile(subject({ path: 'lib/tax.rb', level: 'high' }));
      assert.deepEqual(changeRiskLimit(bar, [docs]), { max: 0.4, rules: ['all'], files: ['README.md'] });
      assert.deepEqual(changeRiskLimit(bar, [risky, docs, invoice]), { max: 0.2, rules: ['billing', 'risky'], files: ['app/models/invoice.rb', 'lib/tax.rb'] });
      assert.equal(changeRiskLimit(new QualityBar(parseConfig('', FILE).config), [bar.forFile(subject({ level: 'high', legacy: true }))]), undefined, 'the default bar sets no limit');
    });
  });

  it('turns an assessment into the finding the editor and the check show: an error over the limit, a warning when unknown', () => {
    const limit = { max: 0.2, rules: ['big changes'], files: ['app/models/invoice.rb'] };
    const scored = (probability: number) => ({
      status: 'scored' as const,
      score: { probability, baseRate: 0.07, contributions: [{ feature: 'linesAdded' as const, value: 310, contribution: 1.2 }] },
      windowDays: 60,
      trainedOn: { changes: 900, positives: 80 },
      ratedFiles: 1,
    });
    assert.equal(changeRiskFinding(limit, scored(0.2), 'en'), undefined, 'at the limit is within it');
    assert.equal(changeRiskFinding(undefined, scored(0.9), 'en'), undefined, 'no limit, no finding');
    assert.equal(changeRiskFinding(limit, { status: 'not-rated', ratedFiles: 0 }, 'en'), undefined);
    assert.deepEqual(changeRiskFinding(limit, scored(0.204), 'en'), {
      severity: 'error',
      requirement: 'changeRisk',
      message:
        'change risk 20.4 % is over the 20 % the bar accepts (big changes): changes like this one needed a follow-up fix within 60 days 20 % of the time here (average change: 7 %) — mostly because it adds 310 lines. Split it into smaller changes, add tests for what it changes, or ask a second reviewer',
    });
    assert.equal(changeRiskPercent(0.31, limit), '31 %');
    const unknown = changeRiskFinding(limit, { status: 'unavailable', cause: 'no-old-changes', reason: 'the history has no change old enough to know whether it needed a follow-up fix' }, 'ja')!;
    assert.equal(unknown.severity, 'warning');
    assert.equal(unknown.message, '変更リスクを品質基準の上限 20 %（big changes）と照合できません：追加の修正が必要だったかを判断できるほど古い変更が履歴にありません');
  });

  describe('incident budget', () => {
    const ledger = [
      incident('INC-40', '2026-10-02', 'incident'),
      incident('INC-41', '2026-10-20', 'incident'),
      incident('INC-42', '2026-10-21', 'regression'),
      incident('INC-39', '2026-09-30', 'incident'),
    ];

    it('compares the ledger with the budget of the current month as of now', () => {
      const status = budgetStatus({ period: 'month', incidents: 1, regressions: 2 }, ledger, new Date('2026-10-25T12:00:00Z'))!;
      assert.equal(status.label, '2026-10');
      assert.deepEqual([status.start, status.end], ['2026-10-01', '2026-11-01']);
      assert.deepEqual(status.lines, [
        { kind: 'incident', limit: 1, count: 2, incidentIds: ['INC-40', 'INC-41'], exceeded: true },
        { kind: 'regression', limit: 2, count: 1, incidentIds: ['INC-42'], exceeded: false },
      ]);
      assert.ok(status.exceeded);
      assert.equal(status.onExceeded, 'stop and hold a postmortem');
    });

    it('is within budget earlier in the month, and counts by week, quarter and year', () => {
      assert.ok(!budgetStatus({ period: 'month', incidents: 1 }, ledger, new Date('2026-10-10T00:00:00Z'))!.exceeded);
      const week = budgetStatus({ period: 'week', incidents: 0 }, ledger, new Date('2026-10-22T00:00:00Z'))!;
      assert.deepEqual([week.label, week.start, week.end, week.lines[0]!.incidentIds], ['2026-W43', '2026-10-19', '2026-10-26', ['INC-41']]);
      const quarter = budgetStatus({ period: 'quarter', incidents: 5, onExceeded: 'freeze' }, ledger, new Date('2026-11-01T00:00:00Z'))!;
      assert.deepEqual([quarter.label, quarter.lines[0]!.count, quarter.exceeded], ['2026-Q4', 2, false]);
      assert.equal(budgetStatus({ period: 'year', incidents: 2 }, ledger, new Date('2026-12-31T00:00:00Z'))!.lines[0]!.count, 3);
      assert.equal(budgetStatus({ period: 'month', incidents: 0 }, ledger, new Date('2026-10-15T00:00:00Z'))!.lines[0]!.count, 1, 'incidents after now do not count yet');
      assert.equal(budgetStatus(undefined, ledger, new Date()), undefined);
    });
  });

  describe('pull request body', () => {
    it('finds an impact section: a filled marker, a drafted statement or an Impact heading with content', () => {
      assert.ok(!hasImpactSection(`## Risk and impact\n${IMPACT_MARKER}\n<!-- fill me -->\n\n## Tests\nyes\n`), 'the bare marker');
      assert.ok(hasImpactSection(`## Notes\n${IMPACT_MARKER}\nTouches billing totals.\n`));
      assert.ok(hasImpactSection('<!-- change-risk:impact-draft -->\n### Impact statement (draft)\n\n**1 commit**\n'));
      assert.ok(hasImpactSection('# Impact\nRounding changes for EUR invoices.\n# Tests\n'));
      assert.ok(!hasImpactSection('# Impact\n\n# Tests\nall green\n'), 'an empty Impact section');
      assert.ok(!hasImpactSection('Just a description.\n'));
    });

    it('counts rollback and monitoring plans only when filled in', () => {
      const unfilled = '#### Rollout and rollback\n\n> ✍️ **Rollout:** …\n> ✍️ **Rollback plan:** …\n';
      assert.ok(!hasFilledSection(unfilled, ROLLBACK_HEADING));
      assert.ok(hasFilledSection(unfilled.replace('**Rollback plan:** …', '**Rollback plan:** revert the PR; the migration is additive'), ROLLBACK_HEADING));
      assert.ok(hasFilledSection('Rollback: feature flag off\n', ROLLBACK_HEADING));
      assert.ok(hasFilledSection('## 監視\nダッシュボードを3日間確認\n', MONITORING_HEADING));
      assert.ok(!hasFilledSection('## Monitoring\n<!-- which dashboards? -->\n', MONITORING_HEADING));
    });
  });
});

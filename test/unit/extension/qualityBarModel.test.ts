import * as assert from 'node:assert/strict';
import type { BudgetStatus } from '../../../src/core/quality/budget';
import type { CheckResult } from '../../../src/core/quality/check';
import type { FileBar } from '../../../src/core/quality/qualityBar';
import { langOf } from '../../../src/extension/impact/langOf';
import { barText } from '../../../src/extension/riskText';
import { budgetNode, budgetText, checklistNode, qualityBarNodes, rulesNode, stanceNode } from '../../../src/extension/views/qualityBarModel';

const invoiceBar: FileBar = {
  path: 'app/models/invoice.rb',
  level: 'high',
  area: 'billing',
  owners: ['@alice'],
  legacy: true,
  requirements: ['impactStatement', 'testChanges', 'monitoring'],
  monitoring: { dashboards: [], alerts: [], logs: [] },
  rules: [
    { index: 0, label: 'high-risk files' },
    { index: 1, label: 'legacy files' },
  ],
  defaults: true,
};

const budget: BudgetStatus = {
  period: 'month',
  label: '2026-11',
  start: '2026-11-01',
  end: '2026-12-01',
  lines: [
    { kind: 'incident', limit: 1, count: 2, incidentIds: ['INC-30', 'INC-31'], exceeded: true },
    { kind: 'near-miss', limit: 3, count: 1, incidentIds: ['INC-32'], exceeded: false },
  ],
  exceeded: true,
  onExceeded: 'stop and hold a postmortem',
};

describe('Quality bar view model', () => {
  it('lists the rules in force for a file, with where they come from', () => {
    const node = rulesNode(invoiceBar);
    assert.equal(node.label, 'Rules for invoice.rb');
    assert.equal(node.description, 'billing · high risk · legacy');
    const labels = node.children!.map((c) => c.label);
    assert.deepEqual(labels, ['Impact statement', 'Test changes', 'Monitoring plan', 'from: high-risk files, legacy files']);
    assert.equal(node.children!.at(-1)!.description, 'built-in rules');
    assert.match(node.children!.at(-1)!.tooltip ?? '', /has not written a quality bar, so the built-in rules apply/);
  });

  it('says when the bar asks nothing of a file', () => {
    const node = rulesNode({ ...invoiceBar, level: 'low', area: undefined as unknown as string, legacy: false, requirements: [], rules: [], monitoring: undefined as never });
    assert.deepEqual(node.children!.map((c) => c.label), ['no extra requirement for this file', 'no rule applies']);
  });

  it('names no level for a file without risk (a new file has none yet), rather than "none risk"', () => {
    assert.equal(rulesNode({ ...invoiceBar, level: 'none', legacy: false }).description, 'billing');
    assert.equal(rulesNode({ ...invoiceBar, level: 'none', area: undefined as unknown as string, legacy: false }).description, '');
  });

  it('shows the team stance and tolerances, or that defaults apply', () => {
    const stance = stanceNode({ summary: 'Ship fast, never break billing.', tolerance: { incident: 'none', 'near-miss': 'some' }, configured: true });
    assert.equal(stance.label, 'Ship fast, never break billing.');
    assert.deepEqual(stance.children!.map((c) => c.label), ['incident: none', 'near-miss: some']);
    const defaults = stanceNode({ tolerance: {}, configured: false });
    assert.equal(defaults.label, 'Team rules: built-in', 'words a developer reads without the docs');
    assert.equal(defaults.description, undefined, 'no config key in the row');
    assert.match(defaults.tooltip ?? '', /Add qualityBar to \.changerisk\/config\.yaml/, 'the tooltip says how to write your own');
    assert.deepEqual(defaults.children!.map((c) => c.label), ['built-in rules apply']);
    const unwritten = stanceNode({ tolerance: { incident: 'none' }, configured: true });
    assert.equal(unwritten.label, 'Team stance: not written');
    assert.match(unwritten.tooltip ?? '', /qualityBar\.summary/);
  });

  it('writes the budget line with what to do when it is exceeded', () => {
    assert.equal(budgetText(budget).label, 'Incident budget: 2 incidents in 2026-11, budget 1: stop and hold a postmortem');
    const node = budgetNode(budget);
    assert.equal(node.icon, 'warning');
    assert.deepEqual(node.children!.map((c) => c.label), ['2 incidents in 2026-11, budget 1: stop and hold a postmortem', '1 near-miss in 2026-11, budget 3']);
    const none = budgetNode(undefined);
    assert.equal(none.label, 'No incident budget');
    assert.equal(none.description, undefined, 'no config key in the row');
    assert.match(none.tooltip ?? '', /Set qualityBar\.budget in \.changerisk\/config\.yaml/);
  });

  it('shows the checklist of the change: met, unmet with the files missing tests', () => {
    const result = {
      analysis: {
        change: { base: { ref: 'main' }, files: [{ path: 'app/models/invoice.rb' }, { path: 'db/schema.rb' }] },
        bar: {},
        checklist: [
          { requirement: 'testChanges', status: 'unmet', files: ['app/models/invoice.rb'], missing: ['app/models/invoice.rb'], owners: [] },
          { requirement: 'impactStatement', status: 'unchecked', files: ['app/models/invoice.rb'], missing: [], owners: [] },
          { requirement: 'ownerReview', status: 'manual', files: ['app/models/invoice.rb'], missing: [], owners: ['@alice'] },
        ],
      },
      findings: [
        { severity: 'error', requirement: 'testChanges', message: 'x' },
        { severity: 'error', requirement: 'budget', message: '2 incidents in 2026-11, budget 1 (INC-30, INC-31): stop' },
      ],
      passed: false,
    } as unknown as CheckResult;
    const node = checklistNode({ state: 'ready', result });
    assert.equal(node.description, '2 files against main · 2 unmet');
    assert.deepEqual(
      node.children!.map((c) => [c.label, c.description, c.icon]),
      [
        ['Test changes', 'no test change for app/models/invoice.rb', 'error'],
        ['Impact statement', 'checked against the PR description', 'circle-outline'],
        ['Review by an owner', '@alice', 'person'],
        ['2 incidents in 2026-11, budget 1 (INC-30, INC-31): stop', undefined, 'warning'],
      ],
    );
    assert.equal(checklistNode({ state: 'running' }).description, 'checking…');
    assert.equal(checklistNode({ state: 'error', message: 'no base branch' }).children![0]!.label, 'no base branch');
    const empty = checklistNode({ state: 'ready', result: { ...result, analysis: { ...result.analysis, change: { ...result.analysis.change, files: [] } } } as CheckResult });
    assert.equal(empty.description, 'no changes against main');
  });

  it('judges the bar\'s limit on the change risk when the background assessment comes in', () => {
    const limit = { max: 0.2, rules: ['big changes'], files: ['app/models/invoice.rb'] };
    const result = {
      analysis: { change: { base: { ref: 'main' }, files: [{ path: 'app/models/invoice.rb' }] }, bar: { changeRiskLimit: limit }, checklist: [] },
      // The checklist ran without the change risk: its own "not checked" warning is replaced by the view's verdict.
      findings: [{ severity: 'warning', requirement: 'changeRisk', message: 'not checked' }],
      passed: true,
    } as unknown as CheckResult;
    const scored = (probability: number) => ({
      state: 'ready' as const,
      ratedRoles: ['source' as const],
      assessment: { status: 'scored' as const, windowDays: 60, trainedOn: { changes: 100, positives: 20 }, ratedFiles: 1, score: { probability, baseRate: 0.1, contributions: [{ feature: 'linesAdded' as const, value: 300, contribution: 1.2 }] } },
    });
    const item = (node: ReturnType<typeof checklistNode>) => node.children!.find((child) => child.id === 'checklist/changeRisk')!;

    const waiting = checklistNode({ state: 'ready', result }, 'en', { state: 'running', learning: true });
    assert.deepEqual([item(waiting).label, item(waiting).description, item(waiting).icon], ['Change risk at most 20 %', 'waiting for the change risk', 'circle-outline']);
    assert.equal(waiting.description, '1 file against main · passes');

    const over = checklistNode({ state: 'ready', result }, 'en', scored(0.31));
    assert.deepEqual([item(over).description, item(over).icon], ['31 % is over 20 %', 'error']);
    assert.match(item(over).tooltip ?? '', /over the 20 % the bar accepts \(big changes\).*adds 300 lines/);
    assert.equal(over.description, '1 file against main · 1 unmet');

    const within = checklistNode({ state: 'ready', result }, 'en', scored(0.12));
    assert.deepEqual([item(within).description, item(within).icon], ['12 % is within 20 %', 'pass']);
    assert.equal(within.description, '1 file against main · passes');
  });

  it('puts stance, rules, budget and checklist in that order', () => {
    const nodes = qualityBarNodes({ file: invoiceBar, stance: { tolerance: {}, configured: false }, checklist: { state: 'none' } });
    assert.deepEqual(nodes.map((n) => n.id), ['stance', 'rules', 'budget', 'checklist']);
  });

  it('status bar text of the bar, and the draft language from VS Code’s', () => {
    assert.equal(barText(['testChanges', 'monitoring']), 'bar: tests + monitoring');
    assert.equal(barText([]), '');
    assert.equal(langOf('ja'), 'ja');
    assert.equal(langOf('ja-JP'), 'ja');
    assert.equal(langOf('en-US'), 'en');
    assert.equal(langOf('fr'), 'en');
    assert.equal(langOf(undefined), 'en');
  });
});

import * as assert from 'node:assert/strict';
import { analyseIncidents, monthAxis, NO_AREA, NO_CAUSE, type IncidentAnalysis } from '../../../src/core/risk/incidentAnalysis';
import type { IncidentBudget } from '../../../src/core/team/schema';
import { generatedLedger } from './generatedLedger';

function analyse(budget?: IncidentBudget, now = '2025-03-31T12:00:00Z'): IncidentAnalysis {
  return analyseIncidents({ incidents: generatedLedger(), areasOf: (i) => i.areas, declaredAreas: ['billing', 'search', 'exports'], ...(budget ? { budget } : {}), now: new Date(now) });
}

describe('incident analysis (core)', () => {
  it('puts every month on the axis, from the first incident to now, empty months included', () => {
    const { months, monthTotals } = analyse();
    assert.equal(months[0], '2023-04', 'at least 24 months back from 2025-03');
    assert.equal(months.at(-1), '2025-03');
    assert.equal(months.length, 24);
    for (let i = 1; i < months.length; i++) assert.notEqual(months[i], months[i - 1]);
    const count = (month: string) => monthTotals[months.indexOf(month)]!.count;
    assert.deepEqual(['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2025-01', '2025-02'].map(count), [2, 3, 0, 1, 0, 0, 3]);
    assert.deepEqual(monthTotals[months.indexOf('2024-02')]!.incidentIds, ['INC-3', 'INC-4', 'INC-5']);
  });

  it('starts at the first incident when the ledger is older than 24 months, and reaches a later-dated incident', () => {
    assert.deepEqual(monthAxis(['2020-11'], '2021-01').slice(0, 2), ['2019-02', '2019-03']);
    const long = monthAxis(['2018-06', '2021-03'], '2021-01');
    assert.equal(long[0], '2018-06');
    assert.equal(long.at(-1), '2021-03');
    assert.equal(long.length, 34);
    assert.equal(monthAxis([], '2026-12').length, 24);
  });

  it('splits the months by kind, by area (declared areas and no area) and by cause', () => {
    const { groupings, months } = analyse();
    assert.deepEqual(groupings.kind.map((s) => [s.key, s.total]), [['incident', 3], ['regression', 3], ['user-inquiry', 3], ['near-miss', 3]]);
    const feb = months.indexOf('2024-02');
    assert.deepEqual(groupings.kind.map((s) => s.perMonth[feb]!.count), [0, 1, 1, 1]);
    assert.deepEqual(groupings.area.map((s) => [s.key, s.total]), [['billing', 9], ['search', 3], ['exports', 0], [NO_AREA, 3]], 'declared areas, even empty; no area last');
    assert.deepEqual(groupings.cause.map((s) => [s.key, s.total]), [['Missing tenant filter', 4], ['Rounding applied twice', 4], [NO_CAUSE, 4]]);
    assert.deepEqual(groupings.cause[1]!.incidentIds, ['INC-1', 'INC-4', 'INC-7', 'INC-10']);
  });

  it('counts action items open, in progress and done per incident and in all', () => {
    const analysis = analyse();
    const byId = new Map(analysis.incidents.map((i) => [i.id, i]));
    assert.deepEqual(byId.get('INC-1')!.actions, { open: 0, inProgress: 0, done: 0 });
    assert.deepEqual(byId.get('INC-2')!.actions, { open: 0, inProgress: 1, done: 0 });
    assert.deepEqual(byId.get('INC-3')!.actions, { open: 1, inProgress: 0, done: 1 });
    assert.deepEqual(analysis.actions, { open: 4, inProgress: 4, done: 4 });
  });

  it('names the files an incident affected, not its globs', () => {
    assert.deepEqual(analyse().incidents[0]!.files, ['app/models/invoice.rb']);
  });

  it('counts each budget period against its limit and flags the periods over budget', () => {
    const analysis = analyse({ period: 'month', regressions: 0, nearMisses: 1 });
    const budget = analysis.budget!;
    assert.equal(budget.onExceeded, 'stop and hold a postmortem');
    assert.deepEqual(budget.periods.map((p) => p.label), analysis.months);
    assert.deepEqual(budget.lines.map((l) => [l.kind, l.limit]), [['regression', 0], ['near-miss', 1]]);
    const over = (kind: string) => budget.lines.find((l) => l.kind === kind)!.overBudget.map((i) => budget.periods[i]!.label);
    assert.deepEqual(over('regression'), ['2024-01', '2024-02', '2025-02']);
    assert.deepEqual(over('near-miss'), [], 'one near-miss a month is within a budget of 1');
  });

  it('uses calendar quarters (and as-of-now counts) for a quarterly budget', () => {
    const budget = analyse({ period: 'quarter', incidents: 1 }, '2025-02-15T00:00:00Z').budget!;
    assert.equal(budget.periods[0]!.label, '2023-Q1');
    assert.equal(budget.periods.at(-1)!.label, '2025-Q1');
    const line = budget.lines[0]!;
    const q = (label: string) => line.perPeriod[budget.periods.findIndex((p) => p.label === label)]!;
    assert.deepEqual(q('2024-Q1').incidentIds, ['INC-2']);
    assert.deepEqual(q('2025-Q1').incidentIds, [], 'INC-10 (2025-03-19) is after now: not counted yet');
    assert.deepEqual(q('2024-Q2').incidentIds, ['INC-6']);
    assert.equal(analyse().budget, undefined, 'no budget, no budget analysis');
  });
});

import * as assert from 'node:assert/strict';
import { BACKTEST_MODELS, type BacktestReport } from '../../../src/core/backtest/backtest';
import type { Metrics } from '../../../src/core/backtest/metrics';
import { backtestMarkdown, backtestTables, markdownTable } from '../../../src/core/backtest/reportTables';

const metrics = (recall: number): Metrics => ({ recall, precision: recall / 4, effortRecall: recall / 2 });
const models = (recall: number) => Object.fromEntries(BACKTEST_MODELS.map((m, i) => [m, metrics(Math.max(0, recall - i * 0.05))])) as Record<(typeof BACKTEST_MODELS)[number], Metrics>;

function report(): BacktestReport {
  const evaluated = {
    cutoff: new Date(Date.UTC(2025, 3, 12)),
    windowEnd: new Date(Date.UTC(2025, 9, 12)),
    evaluated: true,
    commit: 'abcdef1234567890',
    commitsBefore: 100,
    commitsInWindow: 40,
    population: 100,
    lines: 3277,
    top: 10,
    warned: 8,
    truth: 25,
    truthFromFixes: 20,
    truthFromIncidents: 5,
    enoughTruth: true,
    notes: [],
    metrics: models(0.6),
  };
  const skipped = { ...evaluated, cutoff: new Date(Date.UTC(2024, 9, 12)), evaluated: false, reason: 'no commit | before the cutoff', metrics: undefined };
  return {
    root: '/repo',
    head: '85e302cafe',
    windowMonths: 6,
    topShare: 0.1,
    effortShare: 0.2,
    roles: ['source'],
    warnedShare: 0.08,
    minTruth: 20,
    cutoffs: [skipped, evaluated],
    average: models(0.6),
    averagedOver: [evaluated.cutoff],
    bestBaseline: 'fixCount',
    summary: "On average over 1 cutoff, Change Risk's top 10% caught 60% of the files fixed in the next 6 months.",
    warnings: ['thin'],
    timings: { history: 1, lines: 1, ranking: 1 },
    historySource: { from: 'index' },
  };
}

describe('backtest report tables (CLI and editor)', () => {
  it('builds the cutoff and model rows the CLI prints', () => {
    const tables = backtestTables(report());
    assert.equal(tables.headline, 'Backtest · HEAD 85e302c · 6-month windows · top 10% of the source files · effort: 20% of the lines · 8.0% of them warned about');
    assert.deepEqual(tables.cutoffs[0], ['CUTOFF', 'COMMIT', 'FILES', 'LINES', 'FIXED', 'TOP', 'WARNED', 'NOTE']);
    assert.deepEqual(tables.cutoffs[1], ['2024-10-12', '-', '-', '-', '-', '-', '-', 'skipped: no commit | before the cutoff']);
    assert.deepEqual(tables.cutoffs[2], ['2025-04-12', 'abcdef1', '100', '3277', '25', '10', '8', '']);
    assert.deepEqual(tables.cutoffNumeric, [2, 3, 4, 5, 6], 'FILES to WARNED are right-aligned');
    assert.deepEqual(tables.models![0], ['MODEL', '2025-04-12', 'RECALL', 'PRECISION', 'RECALL@20%LOC']);
    assert.deepEqual(tables.models![1], ['Change Risk', '60%', '60.0%', '15.0%', '30.0%']);
    assert.equal(tables.models![4]![0], 'commit count');
    assert.match(tables.footnote!, /averages over 1 cutoff\(s\)\.$/);
  });

  it('leaves the model table out when no cutoff was evaluated', () => {
    const r = report();
    r.cutoffs = [r.cutoffs[0]!];
    delete r.average;
    assert.equal(backtestTables(r).models, undefined);
    assert.doesNotMatch(backtestMarkdown(r, 'demo'), /## Models/);
  });

  it('renders Markdown tables with escaped cells and right-aligned numbers', () => {
    assert.deepEqual(markdownTable([['A', 'N'], ['x|y', '3'], ['a\\b\nc', '4']], [1]), ['| A | N |', '| --- | ---: |', '| x\\|y | 3 |', '| a\\\\b c | 4 |']);
    assert.deepEqual(markdownTable([]), []);
  });

  it('puts the sentence, both tables and the warnings in the editor page', () => {
    const text = backtestMarkdown(report(), 'billing-app');
    assert.match(text, /^# Change Risk: accuracy on billing-app/);
    assert.ok(text.includes(`**${report().summary}**`));
    assert.ok(text.includes('| Change Risk | 60% | 60.0% | 15.0% | 30.0% |'));
    assert.ok(text.includes('| 2025-04-12 | abcdef1 | 100 | 3277 | 25 | 10 | 8 |  |'), 'the cutoff row says how many files were warned about');
    assert.ok(text.includes('top 10% of the source files'), 'the headline names the rated roles');
    assert.ok(text.includes('| commit count |'));
    assert.ok(text.includes('skipped: no commit \\| before the cutoff'));
    assert.ok(text.includes('> ⚠️ thin'));
  });
});

import * as assert from 'node:assert/strict';
import { runBacktest, defaultCutoffs, type BacktestReport, type CutoffResult } from '../../../src/core/backtest/backtest';
import { isTestPath } from '../../../src/core/backtest/testPaths';
import type { TestRepo } from '../../helpers/testRepo';
import { buildRepo } from './knownFuture';

const CUTOFF = new Date('2025-01-01T00:00:00Z');

function only(report: BacktestReport): CutoffResult {
  assert.equal(report.cutoffs.length, 1);
  return report.cutoffs[0]!;
}

function close(actual: number | null, expected: number, message?: string): void {
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-9, `${message ?? ''} expected ${expected}, got ${actual}`);
}

describe('backtest', function () {
  this.timeout(60_000);
  let repo: TestRepo;
  let report: BacktestReport;

  before(async () => {
    repo = buildRepo();
    report = await runBacktest({ folder: repo.root, cutoffs: [CUTOFF], windowMonths: 6, topShare: 0.25 });
  });
  after(() => repo.dispose());

  it('ranks the files at the cutoff, ignored paths left out, lines counted from the cutoff commit', () => {
    const result = only(report);
    assert.equal(result.evaluated, true);
    assert.equal(result.commit, repo.git('rev-list', '-1', '--before=2025-01-01T00:00:00Z', 'HEAD'));
    assert.equal(result.population, 8);
    assert.equal(result.lines, 5 + 100 + 30 + 10 + 20 + 12 + 400 + 8);
    assert.equal(result.top, 2);
    assert.equal(result.commitsBefore, 12);
    assert.equal(result.commitsInWindow, 9);
  });

  it('finds the files fixed or hit by an incident in the window, under their names at the cutoff', () => {
    const result = only(report);
    // old_name.rb (renamed after the cutoff, then fixed), renamed_before.rb, hot.rb, busy.rb, hot_spec.rb by fixes;
    // big.rb by INC-7. Not Gemfile.lock (ignored), brand_new.rb (born after the cutoff), quiet.rb (fixed after the window).
    assert.equal(result.truthFromFixes, 5);
    assert.equal(result.truthFromIncidents, 1);
    assert.equal(result.truth, 6);
    assert.equal(result.enoughTruth, false);
    assert.deepEqual(result.notes, ['only 6 of the ranked files were fixed in the window: too few to judge (fewer than 20)']);
  });

  it('measures every model by hand-computed values', () => {
    const m = only(report).metrics!;
    // Budget: 20 % of 585 lines = 117.
    // Change Risk: quiet.rb (INC-3, high), then at low hot_spec.rb before hot.rb (hot.rb scores more, but
    // over 100 lines, not 30), then the rest at none. INC-7 is after the cutoff, so big.rb is not raised.
    close(m.changeRisk.recall, 1 / 6);
    close(m.changeRisk.precision, 1 / 2);
    close(m.changeRisk.effortRecall, (1 + 82 / 100) / 6, 'quiet 5 + hot_spec 30, then 82 of hot’s 100 lines');
    // Random, analytically.
    close(m.random.recall, 2 / 8);
    close(m.random.precision, 6 / 8);
    close(m.random.effortRecall, 0.2);
    // Fix count: hot.rb (2), hot_spec.rb (1), then six files with none.
    close(m.fixCount.recall, 2 / 6);
    close(m.fixCount.precision, 1);
    close(m.fixCount.effortRecall, (1 + 17 / 30) / 6);
    // Commit count: busy.rb (5), hot.rb (3), then hot_spec, fresh, renamed_before tied at 2 (62 lines, 2 fixed).
    close(m.commitCount.recall, 2 / 6);
    close(m.commitCount.precision, 1);
    close(m.commitCount.effortRecall, (2 + (2 * 7) / 62) / 6);
    // Last 6 months: fresh.rb (2), then hot.rb and hot_spec.rb tied at 1 (both fixed; 130 lines).
    close(m.recentCommits.recall, 1 / 6);
    close(m.recentCommits.precision, 1 / 2);
    close(m.recentCommits.effortRecall, ((2 * 97) / 130) / 6);
    // File size: big.rb (400), hot.rb (100).
    close(m.fileSize.recall, 2 / 6);
    close(m.fileSize.precision, 1);
    close(m.fileSize.effortRecall, (117 / 400) / 6);
    // Google's score: hot_spec.rb's fix is the latest, so it leads; then hot.rb.
    close(m.fixScore.recall, 2 / 6);
    close(m.fixScore.precision, 1);
    close(m.fixScore.effortRecall, (1 + 87 / 100) / 6);
  });

  it('averages over the cutoffs, names the best baseline and says it in one sentence', () => {
    assert.deepEqual(report.averagedOver, [CUTOFF]);
    close(report.average!.changeRisk.recall, 1 / 6);
    assert.equal(report.bestBaseline, 'fixCount');
    assert.equal(report.summary, "At one cutoff, Change Risk's top 25% caught 17% of the files fixed in the next 6 months; the best baseline (fix count) caught 33%. Read in its order, the first 20% of the lines held 30% of them; the best baseline (commit count) held 37%. Too few fixed files to judge.");
    assert.deepEqual(report.warnings, ['no window had at least 20 fixed files: the figures are too thin to judge the ranking by']);
  });

  it('leaves the tests out with includeTests: false', async () => {
    const result = only(await runBacktest({ folder: repo.root, cutoffs: [CUTOFF], windowMonths: 6, topShare: 0.25, includeTests: false }));
    assert.equal(result.population, 7);
    assert.equal(result.truth, 5);
    assert.equal(result.top, 2);
    close(result.metrics!.changeRisk.recall, 1 / 5);
    close(result.metrics!.fixCount.recall, (1 + 4 / 6) / 5, 'hot.rb, then one of six files without fixes, 4 of them fixed');
  });

  it('skips cutoffs before the first commit or after the last, saying why', async () => {
    const outside = await runBacktest({ folder: repo.root, cutoffs: [new Date('2026-01-01T00:00:00Z'), new Date('2020-01-01T00:00:00Z')], windowMonths: 6 });
    assert.deepEqual(
      outside.cutoffs.map((result) => [result.evaluated, result.reason]),
      [
        [false, '2020-01-01 is before the first commit (2023-01-01): there is no history to rank by'],
        [false, '2026-01-01 is after the last commit (2025-09-01): there is no future to compare with'],
      ],
    );
    assert.equal(outside.average, undefined);
    assert.equal(outside.summary, 'No cutoff had fixed files to compare with: nothing can be said about the warnings yet.');
  });

  it('evaluates a window without fixes, with no recall and a note', async () => {
    const result = only(await runBacktest({ folder: repo.root, cutoffs: [new Date('2025-08-02T00:00:00Z')], windowMonths: 1 }));
    assert.equal(result.evaluated, true);
    assert.equal(result.commitsInWindow, 1);
    assert.equal(result.truth, 0);
    assert.equal(result.metrics!.changeRisk.recall, null);
    assert.equal(result.metrics!.changeRisk.precision, 0);
    assert.ok(result.notes.includes('only 0 of the ranked files were fixed in the window: too few to judge (fewer than 20)'));
  });

  it('picks default cutoffs one window apart, each with a window of history before it and after it', () => {
    const times = (dates: string[]) => dates.map((date) => ({ sha: date, time: Date.parse(date) / 1000 }));
    const iso = (dates: Date[]) => dates.map((date) => date.toISOString().slice(0, 10));
    assert.deepEqual(iso(defaultCutoffs(times(['2025-09-01T10:00:00Z', '2023-01-01T10:00:00Z']), 6)), ['2023-09-01', '2024-03-01', '2024-09-01', '2025-03-01']);
    assert.deepEqual(iso(defaultCutoffs(times(['2025-09-01T10:00:00Z', '2024-09-01T10:00:00Z']), 6)), ['2025-03-01']);
    assert.throws(() => defaultCutoffs(times(['2025-09-01T10:00:00Z', '2025-05-01T10:00:00Z']), 6), /too short for a 6-month window/);
  });
});

describe('isTestPath', () => {
  it('knows the usual test folders and file names', () => {
    const tests = ['spec/models/a_spec.rb', 'test/a_test.rb', 'app/__tests__/a.js', 'src/a.test.ts', 'src/a.spec.tsx', 'pkg/test_a.py', 'pkg/a_test.go', 'packages/x/tests/helper.rb', 'src/FooTest.java'];
    const code = ['app/models/spectrum.rb', 'lib/testing.rb', 'src/contest.ts', 'latest/a.rb', 'src/attest.py'];
    for (const path of tests) assert.equal(isTestPath(path), true, path);
    for (const path of code) assert.equal(isTestPath(path), false, path);
  });
});

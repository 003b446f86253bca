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

  it('ranks the source files at the cutoff (no tests, no lockfile), lines counted from the cutoff commit', () => {
    const result = only(report);
    assert.equal(result.evaluated, true);
    assert.equal(result.commit, repo.git('rev-list', '-1', '--before=2025-01-01T00:00:00Z', 'HEAD'));
    assert.deepEqual(report.roles, ['source']);
    assert.equal(result.population, 7, 'spec/hot_spec.rb is a test and Gemfile.lock a lockfile');
    assert.equal(result.lines, 5 + 100 + 10 + 20 + 12 + 400 + 8);
    assert.equal(result.top, 2);
    assert.equal(result.warned, 1, 'no history level for 7 files (10 % of 7 is none); quiet.rb by INC-3');
    close(report.warnedShare ?? null, 1 / 7);
    assert.equal(result.commitsBefore, 12);
    assert.equal(result.commitsInWindow, 9);
  });

  it('finds the files fixed or hit by an incident in the window, under their names at the cutoff', () => {
    const result = only(report);
    // old_name.rb (renamed after the cutoff, then fixed), renamed_before.rb, hot.rb, busy.rb by fixes; big.rb by
    // INC-7. Not Gemfile.lock or hot_spec.rb (not source), brand_new.rb (born after the cutoff), quiet.rb (fixed after the window).
    assert.equal(result.truthFromFixes, 4);
    assert.equal(result.truthFromIncidents, 1);
    assert.equal(result.truth, 5);
    assert.equal(result.enoughTruth, false);
    assert.deepEqual(result.notes, ['only 5 of the ranked files were fixed in the window: too few to judge (fewer than 20)']);
  });

  it('measures every model by hand-computed values', () => {
    const m = only(report).metrics!;
    // Budget: 20 % of 555 lines = 111.
    // Change Risk: quiet.rb (INC-3 sets it high), then the files without a level by reach: hot.rb (two recent
    // fixes and three commits; 100 lines) before busy.rb (five old commits; 10 lines). INC-7 is after the
    // cutoff, so big.rb is not raised.
    close(m.changeRisk.recall, 1 / 5);
    close(m.changeRisk.precision, 1 / 2);
    close(m.changeRisk.effortRecall, (1 + 6 / 10) / 5, 'quiet 5 + hot 100, then 6 of busy’s 10 lines');
    // Random, analytically.
    close(m.random.recall, 2 / 7);
    close(m.random.precision, 5 / 7);
    close(m.random.effortRecall, 0.2);
    // Fix count: hot.rb (2), then six files with none (455 lines, 4 of them fixed).
    close(m.fixCount.recall, (1 + 4 / 6) / 5);
    close(m.fixCount.precision, (1 + 4 / 6) / 2);
    close(m.fixCount.effortRecall, (1 + (4 * 11) / 455) / 5);
    // Commit count: busy.rb (5), hot.rb (3), then fresh and renamed_before tied at 2 (32 lines, 1 fixed).
    close(m.commitCount.recall, 2 / 5);
    close(m.commitCount.precision, 1);
    close(m.commitCount.effortRecall, (2 + 1 / 32) / 5);
    // Last 6 months: fresh.rb (2), then hot.rb (1).
    close(m.recentCommits.recall, 1 / 5);
    close(m.recentCommits.precision, 1 / 2);
    close(m.recentCommits.effortRecall, 91 / 100 / 5);
    // File size: big.rb (400), hot.rb (100).
    close(m.fileSize.recall, 2 / 5);
    close(m.fileSize.precision, 1);
    close(m.fileSize.effortRecall, 111 / 400 / 5);
    // Google's score: only hot.rb has fixes; the rest tie, as for the fix count.
    close(m.fixScore.recall, (1 + 4 / 6) / 5);
    close(m.fixScore.precision, (1 + 4 / 6) / 2);
    close(m.fixScore.effortRecall, (1 + (4 * 11) / 455) / 5);
  });

  it('averages over the cutoffs, names the best baseline and says it in one sentence', () => {
    assert.deepEqual(report.averagedOver, [CUTOFF]);
    close(report.average!.changeRisk.recall, 1 / 5);
    assert.equal(report.bestBaseline, 'commitCount');
    assert.equal(report.summary, "At one cutoff, Change Risk's top 25% caught 20% of the files fixed in the next 6 months; the best baseline (commit count) caught 40%. Read in its order, the first 20% of the lines held 32% of them; the best baseline (commit count) held 41%. Too few fixed files to judge.");
    assert.deepEqual(report.warnings, ['no window had at least 20 fixed files: the figures are too thin to judge the ranking by']);
  });

  it('ranks the roles the team opts in: tests too with risk.roles [source, test]', async () => {
    repo.write('.changerisk/config.yaml', 'risk:\n  roles: [source, test]\n');
    try {
      const result = only(await runBacktest({ folder: repo.root, cutoffs: [CUTOFF], windowMonths: 6, topShare: 0.25 }));
      assert.equal(result.population, 8);
      assert.equal(result.truth, 5, '"Fix spec flake" mends a test, so it is no fix commit either');
    } finally {
      repo.git('clean', '-fdq', '.changerisk/config.yaml');
    }
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

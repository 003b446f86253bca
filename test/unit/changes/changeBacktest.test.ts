import * as assert from 'node:assert/strict';
import { auc, biasCorrectedInterval, calibration, compareModels, effortAwareRecall, seededScores, type ScoredChange } from '../../../src/core/backtest/changeBacktestMetrics';
import { runCliInProcess } from '../../helpers/inProcessCli';
import { alice, bob, lines, TestRepo } from '../../helpers/testRepo';

const cli = runCliInProcess;

/**
 * Two years of weekly changes: every third one adds a large model that bob fixes two weeks later (a
 * known fix-inducing change), the others add a small one nobody fixes.
 */
function buildRepo(): TestRepo {
  const repo = TestRepo.create();
  const start = Date.parse('2023-01-02T10:00:00Z');
  const at = (week: number, hours = 0) => new Date(start + week * 7 * 86_400_000 + hours * 3_600_000).toISOString();
  for (let w = 0; w < 104; w++) {
    if (w % 3 === 0) repo.commit({ message: `Add model ${w}`, date: at(w), author: alice, files: { [`app/models/m${w}.rb`]: lines(20, `m${w}`) } });
    else repo.commit({ message: `Add helper ${w}`, date: at(w), author: alice, files: { [`app/models/g${w}.rb`]: lines(2, `g${w}`) } });
    if (w % 3 === 2) {
      const model = w - 2;
      repo.commit({ message: `Fix model ${model}`, date: at(w, 1), author: bob, files: { [`app/models/m${model}.rb`]: lines(20, `m${model}`).replace(`m${model} 1\n`, 'fixed\n') } });
    }
  }
  return repo;
}

describe('change backtest metrics', () => {
  const change = (score: number, positive: boolean, effort = 1): ScoredChange => ({ score, positive, effort });

  it('computes AUC with ties as one half', () => {
    assert.equal(auc([change(0.9, true), change(0.1, false), change(0.5, false)]), 1);
    assert.equal(auc([change(0.1, true), change(0.9, false)]), 0);
    assert.equal(auc([change(0.5, true), change(0.5, false)]), 0.5);
    assert.equal(auc([change(0.5, true)]), null);
  });

  it('reviews by predicted risk per changed line until the share of lines is read', () => {
    // Total effort 100; 20 lines: the small risky change (10 lines) first, then half of the next (20 lines).
    const changes = [change(0.5, true, 10), change(0.6, true, 20), change(0.1, false, 70)];
    assert.equal(effortAwareRecall(changes, 0.2), (1 + 0.5) / 2);
    // In the order of the score itself (the random baseline): the 20-line one first, fully.
    assert.equal(effortAwareRecall(changes, 0.2, false), 1 / 2);
  });

  it('bins by decile and weighs the calibration error by bin size', () => {
    const changes = Array.from({ length: 20 }, (_, i) => change(i < 10 ? 0.1 : 0.9, i >= 18 || i === 0));
    const { bins, ece } = calibration(changes, 2);
    assert.deepEqual(
      bins.map((bin) => [bin.changes, bin.observed]),
      [
        [10, 0.1],
        [10, 0.2],
      ],
    );
    assert.ok(Math.abs(ece! - (0.5 * 0 + 0.5 * 0.7)) < 1e-12);
  });

  it('compares a model with baselines: the difference of the averages, a bootstrap interval, the cutoffs ahead', () => {
    const scores = seededScores(400, 7);
    // Three cutoffs of 40 changes, one in four fix-inducing, every change 10 lines.
    const cutoffs = [0, 1, 2].map((c) => {
      const positives = Array.from({ length: 40 }, (_, i) => i % 4 === 0);
      const perfect = positives.map((positive) => change(positive ? 0.9 : 0.1, positive, 10));
      const noisy = positives.map((positive, i) => change(scores[c * 40 + i]!, positive, 10));
      return { ours: perfect, same: perfect.map((scored) => ({ ...scored })), noisy };
    });
    const compared = compareModels(cutoffs, 'ours', ['same', 'noisy'], { effortShare: 0.2, perLine: () => true, replicates: 200 });
    assert.deepEqual(compared.same, { cutoffs: 3, auc: { difference: 0, low: 0, high: 0 }, effortRecall: { difference: 0, low: 0, high: 0 }, aucWins: 0, effortRecallWins: 0 });
    const { auc: aucDifference, effortRecall, aucWins, effortRecallWins } = compared.noisy;
    assert.ok(aucDifference!.difference > 0.2 && aucDifference!.low > 0 && aucDifference!.low <= aucDifference!.difference && aucDifference!.difference <= aucDifference!.high, JSON.stringify(aucDifference));
    // 20 % of the lines is 8 changes: the perfect order finds 8 of the 10 fix-inducing ones.
    assert.ok(effortRecall!.difference > 0.3 && effortRecall!.low > 0, JSON.stringify(effortRecall));
    assert.deepEqual([aucWins, effortRecallWins], [3, 3]);
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    assert.ok(Math.abs(aucDifference!.difference - mean(cutoffs.map((cutoff) => auc(cutoff.ours)! - auc(cutoff.noisy)!))) < 1e-12, 'the difference of the measures as reported');
    assert.ok(Math.abs(effortRecall!.difference - mean(cutoffs.map((cutoff) => effortAwareRecall(cutoff.ours, 0.2)! - effortAwareRecall(cutoff.noisy, 0.2)!))) < 1e-12);
    assert.deepEqual(compareModels(cutoffs, 'ours', ['noisy'], { effortShare: 0.2, perLine: () => true, replicates: 200 }), compareModels(cutoffs, 'ours', ['noisy'], { effortShare: 0.2, perLine: () => true, replicates: 200 }), 'the same on every run');
  });

  it('bias-corrects the bootstrap percentiles', () => {
    const replicates = Array.from({ length: 1001 }, (_, i) => i / 1000);
    // Observed at the replicates' median: the plain 2.5th and 97.5th percentiles.
    const [low, high] = biasCorrectedInterval(replicates, 0.5);
    assert.ok(Math.abs(low - 0.025) < 0.002 && Math.abs(high - 0.975) < 0.002, `${low} ${high}`);
    // Observed above most replicates (they centre below it): the interval moves up.
    const [shiftedLow, shiftedHigh] = biasCorrectedInterval(replicates, 0.7);
    assert.ok(shiftedLow > 0.1 && shiftedHigh > 0.99, `${shiftedLow} ${shiftedHigh}`);
    assert.deepEqual(biasCorrectedInterval([], 0.3), [0.3, 0.3]);
  });

  it('draws the same random scores from the same seed', () => {
    assert.deepEqual(seededScores(5, 1), seededScores(5, 1));
    assert.notDeepEqual(seededScores(5, 1), seededScores(5, 2));
  });
});

describe('change-risk backtest --changes', function () {
  this.timeout(120_000);
  let repo: TestRepo;

  before(() => {
    repo = buildRepo();
  });
  after(() => repo.dispose());

  it('prints the cutoffs, one row per model, the calibration and the sentence', async () => {
    const run = await cli('backtest', '--changes', '--repo', repo.root, '--at', '2024-06-01');
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.split('\n');
    assert.match(lines[0]!, /^Change backtest · HEAD [0-9a-f]{7} · \d+ changes to source files · 6-month windows · fix-inducing: a fix within 60 days · effort: 20% of the changed lines$/);
    assert.ok(lines.some((line) => /^CUTOFF +TRAINED ON +OF THEM FIX-INDUCING +SCORED +FIX-INDUCING +LINES +AUC +AUC \(LINES ADDED\) +NOTE$/.test(line)), run.stdout);
    assert.ok(lines.some((line) => /^2024-06-01 +\d+ +\d+ +\d+ +\d+ +\d+ +1\.000 +1\.000/.test(line)), run.stdout);
    assert.ok(lines.some((line) => /^MODEL +AUC +RECALL@20%LINES +ECE$/.test(line)), run.stdout);
    for (const label of ['Change Risk \\(all features\\)', "Kamei et al.'s 14 features", 'lines added alone', 'random \\(seed 1\\)']) {
      assert.ok(lines.some((line) => new RegExp(`^${label} +`).test(line)), label);
    }
    assert.ok(lines.some((line) => /^CHANGE RISK MINUS +AUC +95% INTERVAL +AHEAD ON +RECALL@20%LINES +95% INTERVAL +AHEAD ON$/.test(line)), run.stdout);
    assert.ok(lines.some((line) => /^lines added alone +[+-]\d\.\d{3} +\[[+-]\d\.\d{3}, [+-]\d\.\d{3}\] +\d+\/1 +[+-]\d+\.\d +\[[+-]\d+\.\d, [+-]\d+\.\d\] +\d+\/1$/.test(line)), run.stdout);
    assert.ok(lines.some((line) => /^DECILE +CHANGES +PREDICTED +OBSERVED$/.test(line)), run.stdout);
    assert.match(lines.at(-2)!, /^At one cutoff, the change model's AUC was 1\.00 /);
  });

  it('writes the JSON shape', async () => {
    const run = await cli('backtest', '--changes', '--repo', repo.root, '--at', '2024-06-01,2026-01-01', '--json');
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.deepEqual(Object.keys(report), [
      'schemaVersion', 'kind', 'repository', 'windowMonths', 'labelWindowDays', 'effortShare', 'halfLifeYears', 'l2', 'roles', 'changes', 'minPositives', 'models', 'cutoffs', 'average', 'comparison', 'averagedOver', 'positiveRate', 'calibration', 'lastModel', 'summary', 'warnings', 'timings',
    ]);
    assert.equal(report.kind, 'changes');
    assert.deepEqual(report.models.map((model: { id: string }) => model.id), ['changeRisk', 'kamei', 'linesAdded', 'random']);
    const [evaluated, skipped] = report.cutoffs;
    assert.deepEqual(Object.keys(evaluated), ['cutoff', 'windowEnd', 'evaluated', 'reason', 'trainedOn', 'changes', 'positives', 'lines', 'enoughPositives', 'models', 'calibration']);
    assert.deepEqual([evaluated.cutoff, evaluated.windowEnd, evaluated.evaluated], ['2024-06-01', '2024-12-01', true]);
    assert.ok(evaluated.trainedOn.positives > 0 && evaluated.positives > 0);
    assert.equal(evaluated.models.changeRisk.auc, 1);
    assert.deepEqual(Object.keys(evaluated.models.changeRisk), ['auc', 'effortRecall', 'ece']);
    assert.equal(evaluated.models.random.ece, null);
    assert.deepEqual([skipped.evaluated, skipped.models], [false, null]);
    assert.match(skipped.reason, /no change with a known label/);
    assert.deepEqual(report.averagedOver, ['2024-06-01']);
    assert.deepEqual(Object.keys(report.comparison), ['kamei', 'linesAdded', 'random']);
    assert.deepEqual(Object.keys(report.comparison.linesAdded), ['cutoffs', 'auc', 'effortRecall', 'aucWins', 'effortRecallWins']);
    assert.deepEqual(Object.keys(report.comparison.linesAdded.auc), ['difference', 'low', 'high']);
    assert.equal(report.comparison.linesAdded.cutoffs, 1);
    assert.deepEqual(Object.keys(report.lastModel.coefficients).slice(0, 3), ['ns', 'nd', 'nf']);
    assert.deepEqual(Object.keys(report.timings), ['history', 'lineData', 'features', 'models']);
  });

  it('refuses --top, which ranks files', async () => {
    const run = await cli('backtest', '--changes', '--repo', repo.root, '--top', '10%');
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--top ranks files/);
  });
});

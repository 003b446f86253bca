import * as assert from 'node:assert/strict';
import { FEATURE_COUNT, FEATURE_INDEX, type FeatureId } from '../../../src/core/changes/featureSet';
import type { ChangeFeatures } from '../../../src/core/changes/features';
import { fitLogistic } from '../../../src/core/changes/logistic';
import { decayWeight, earliestFixTimes, labelAt, probabilityOf, scoreChange, trainChangeModel, windowElapsed } from '../../../src/core/changes/model';

const DAY = 86_400;
const YEAR = 365.25 * DAY;
const CUTOFF = Date.parse('2025-01-01T00:00:00Z') / 1000;

interface Toy {
  time: number;
  values: Partial<Record<FeatureId, number>>;
  /** Seconds after the change when a fix linked to it was authored. */
  fixAfter?: number;
}

/** Changes with the given features, as `computeChangeFeatures` would give them; commit k is change k. */
function toyFeatures(changes: readonly Toy[]): { features: ChangeFeatures; earliest: Float64Array } {
  const values = new Float64Array(changes.length * FEATURE_COUNT);
  changes.forEach((change, k) => {
    for (const [id, value] of Object.entries(change.values)) values[k * FEATURE_COUNT + FEATURE_INDEX[id as FeatureId]] = value!;
  });
  const times = Uint32Array.from(changes, (change) => change.time);
  const features: ChangeFeatures = { commits: Uint32Array.from(changes, (_, k) => k), values, effort: new Float64Array(changes.length).fill(1), times };
  // Fix commits are appended behind the changes, at their own times.
  const fixed = changes.flatMap((change, k) => (change.fixAfter === undefined ? [] : [{ k, at: change.time + change.fixAfter }]));
  const allTimes = Uint32Array.from([...times, ...fixed.map((fix) => fix.at)]);
  const lines = {
    commitCount: allTimes.length,
    head: undefined,
    added: new Uint32Array(0),
    deleted: new Uint32Array(0),
    inducing: Uint32Array.from(fixed, (fix) => fix.k),
    fixing: Uint32Array.from(fixed, (_, i) => changes.length + i),
    blamedLines: Uint32Array.from(fixed, () => 1),
    recentlyFixedLinesTouched: new Uint32Array(allTimes.length),
    recentFixesTouched: new Uint32Array(allTimes.length),
  };
  return { features, earliest: earliestFixTimes(features, lines, allTimes) };
}

describe('the change model', () => {
  it('fits a separable toy set and ranks it perfectly', () => {
    const changes: Toy[] = [];
    for (let i = 0; i < 40; i++) {
      const big = i % 2 === 0;
      changes.push({ time: CUTOFF - 200 * DAY + i * DAY, values: { nf: big ? 8 + (i % 5) : 1 + (i % 3) }, ...(big ? { fixAfter: 10 * DAY } : {}) });
    }
    const { features, earliest } = toyFeatures(changes);
    const model = trainChangeModel(features, earliest, { cutoff: CUTOFF, features: ['nf'], l2: 0.001 });
    assert.deepEqual(model.trainedOn, { changes: 40, positives: 20 });
    assert.ok(model.coefficients[0]! > 0);
    for (let k = 0; k < changes.length; k++) {
      const p = probabilityOf(model, features, k);
      assert.ok(Number.isFinite(p));
      assert.equal(p > 0.5, k % 2 === 0, `change ${k}: ${p}`);
    }
    const small = scoreChange(model, { nf: 1 });
    const large = scoreChange(model, { nf: 12 });
    assert.ok(small.probability < 0.1 && large.probability > 0.9);
    assert.equal(large.contributions[0]!.feature, 'nf');
    assert.ok(Math.abs(model.baseRate - 0.5) < 0.05, 'the weighted share of positives');
  });

  it('keeps coefficients finite when an unpenalised feature separates the classes', () => {
    const x = Float64Array.from([-2, -1, 1, 2]);
    const fit = fitLogistic({ x, rows: 4, columns: 1, y: Uint8Array.from([0, 0, 1, 1]), l2: 0.3, penalties: Float64Array.of(0) });
    assert.ok(Number.isFinite(fit.coefficients[0]!) && fit.coefficients[0]! > 0);
  });

  it('weighs older changes less: a relation that flipped follows the recent changes', () => {
    assert.equal(decayWeight(0, 1), 1);
    assert.ok(Math.abs(decayWeight(YEAR, 1) - 0.5) < 1e-12);
    assert.ok(Math.abs(decayWeight(2 * YEAR, 1) - 0.25) < 1e-12);
    assert.equal(decayWeight(10 * YEAR, Infinity), 1);
    const changes: Toy[] = [];
    // Five years ago many files meant trouble; in the last year few files did. Twice as many old changes.
    for (let i = 0; i < 80; i++) {
      const many = i % 2 === 0;
      changes.push({ time: CUTOFF - 5 * YEAR + i * DAY, values: { nf: many ? 10 : 1 }, ...(many ? { fixAfter: 5 * DAY } : {}) });
    }
    for (let i = 0; i < 40; i++) {
      const many = i % 2 === 0;
      changes.push({ time: CUTOFF - 200 * DAY + i * DAY, values: { nf: many ? 10 : 1 }, ...(many ? {} : { fixAfter: 5 * DAY }) });
    }
    const { features, earliest } = toyFeatures(changes);
    const undecayed = trainChangeModel(features, earliest, { cutoff: CUTOFF, features: ['nf'], halfLifeYears: Infinity, l2: 0.001 });
    const decayed = trainChangeModel(features, earliest, { cutoff: CUTOFF, features: ['nf'], halfLifeYears: 1, l2: 0.001 });
    assert.ok(undecayed.coefficients[0]! > 0, 'without decay the old majority wins');
    assert.ok(decayed.coefficients[0]! < 0, 'with decay the recent changes win');
  });

  it('leaks nothing: a fix after the cutoff is no positive, and a change still in its window is left out', () => {
    const changes: Toy[] = [
      // Fixed 40 days later, after the cutoff: unknown at the cutoff (its window has not elapsed).
      { time: CUTOFF - 30 * DAY, values: { nf: 5 }, fixAfter: 40 * DAY },
      // Fixed before the cutoff, within 60 days: a positive.
      { time: CUTOFF - 100 * DAY, values: { nf: 5 }, fixAfter: 50 * DAY },
      // Window elapsed, fix only after 90 days: a negative.
      { time: CUTOFF - 200 * DAY, values: { nf: 1 }, fixAfter: 90 * DAY },
      // Still in its window, no fix yet: left out.
      { time: CUTOFF - 10 * DAY, values: { nf: 1 } },
      // After the cutoff: never trained on.
      { time: CUTOFF + 10 * DAY, values: { nf: 9 }, fixAfter: DAY },
    ];
    const { features, earliest } = toyFeatures(changes);
    assert.equal(labelAt(features, earliest, 0, CUTOFF), undefined);
    assert.equal(labelAt(features, earliest, 0, Infinity), true, 'known at the end of the history');
    assert.equal(labelAt(features, earliest, 1, CUTOFF), true);
    assert.equal(labelAt(features, earliest, 2, CUTOFF), false);
    assert.equal(labelAt(features, earliest, 3, CUTOFF), undefined);
    // Whether the whole window had elapsed: the backtest scores only such changes, fixed or not.
    assert.deepEqual([0, 1, 2, 3].map((k) => windowElapsed(features, k, CUTOFF)), [false, true, true, false]);
    const model = trainChangeModel(features, earliest, { cutoff: CUTOFF, features: ['nf'] });
    assert.deepEqual(model.trainedOn, { changes: 2, positives: 1 });
  });

  it('trains on the last five years only: older changes are left out, whatever their weight', () => {
    const changes: Toy[] = [];
    // Eight years of changes, one a month; the big ones needed a fix — until five and a half years ago, when the relation flipped.
    for (let month = 0; month < 96; month++) {
      const time = CUTOFF - 8 * YEAR + month * 30.4 * DAY;
      const big = month % 2 === 0;
      const recent = time >= CUTOFF - 5.5 * YEAR;
      changes.push({ time, values: { nf: big ? 9 : 1 }, ...(big !== recent ? { fixAfter: 5 * DAY } : {}) });
    }
    const { features, earliest } = toyFeatures(changes);
    const model = trainChangeModel(features, earliest, { cutoff: CUTOFF, features: ['nf'], l2: 0.001 });
    // Labelled at the cutoff: its 60 days are over, or its fix came before the cutoff.
    const labelled = (change: Toy) => change.time + 60 * DAY < CUTOFF || (change.fixAfter !== undefined && change.time + change.fixAfter < CUTOFF);
    assert.equal(model.trainedOn.changes, changes.filter((change) => change.time >= CUTOFF - 5 * YEAR && labelled(change)).length);
    const everything = trainChangeModel(features, earliest, { cutoff: CUTOFF, features: ['nf'], l2: 0.001, trainingYears: Infinity });
    assert.equal(everything.trainedOn.changes, changes.filter(labelled).length);
    assert.ok(model.coefficients[0]! < 0, 'the last five years: small changes are the risky ones');
    assert.ok(model.coefficients[0]! < everything.coefficients[0]!, 'the older years pull the other way when kept');
  });

  it('refuses to train on nothing', () => {
    const { features, earliest } = toyFeatures([{ time: CUTOFF + DAY, values: {} }]);
    assert.throws(() => trainChangeModel(features, earliest, { cutoff: CUTOFF, features: ['nf'] }), /no labelled changes/);
  });
});

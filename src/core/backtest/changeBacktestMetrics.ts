/**
 * How well change scores predict fix-inducing changes (docs/change-risk-evaluation.md):
 *
 * - AUC: the chance a fix-inducing change scores above a clean one (ties count one half);
 * - effort-aware recall: changes are reviewed in order of predicted risk per changed line
 *   (score / effort, Kamei et al. 2013's effort-aware ranking; effort = rated lines added + deleted,
 *   at least 1) until a share of all the changed lines is read; the share of the fix-inducing changes
 *   met by then. The change that crosses the budget counts in proportion to its lines read; ties are
 *   broken at random, in expectation (`expectedHitsWithinLines`);
 * - calibration: the changes in ten equal-count bins of predicted probability; per bin the mean
 *   predicted and the observed rate; the expected calibration error (ECE) is their absolute
 *   difference, weighted by the bins' sizes.
 */
import { expectedHitsWithinLines, groupsByValue } from './metrics';

export interface ScoredChange {
  score: number;
  effort: number;
  positive: boolean;
}

/** Mann–Whitney AUC with average ranks for ties; null without both classes. */
export function auc(changes: readonly ScoredChange[]): number | null {
  const sorted = [...changes].sort((a, b) => a.score - b.score);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j]!.score === sorted[i]!.score) j++;
    const averageRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if (sorted[k]!.positive) {
        positives++;
        rankSum += averageRank;
      }
    }
    i = j;
  }
  const negatives = sorted.length - positives;
  if (positives === 0 || negatives === 0) return null;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * Recall of the positives within `effortShare` of the total effort, reviewing by score per line (a
 * predicted probability per line is a predicted density of trouble) or, with `perLine` false, by the
 * score itself (the random order: dividing random numbers by the size would review small changes first).
 */
export function effortAwareRecall(changes: readonly ScoredChange[], effortShare: number, perLine = true): number | null {
  const positives = changes.filter((change) => change.positive).length;
  if (positives === 0) return null;
  const total = changes.reduce((sum, change) => sum + change.effort, 0);
  const groups = groupsByValue(changes, (change) => (perLine ? change.score / change.effort : change.score), (change) => ({ lines: change.effort, positive: change.positive }));
  return expectedHitsWithinLines(groups, total * effortShare) / positives;
}

export interface CalibrationBin {
  changes: number;
  /** Mean predicted probability. */
  predicted: number;
  /** Share that were fix-inducing. */
  observed: number;
}

export function calibration(changes: readonly ScoredChange[], binCount = 10): { bins: CalibrationBin[]; ece: number | null } {
  if (changes.length === 0) return { bins: [], ece: null };
  const sorted = [...changes].sort((a, b) => a.score - b.score);
  const bins: CalibrationBin[] = [];
  let ece = 0;
  for (let b = 0; b < binCount; b++) {
    const slice = sorted.slice(Math.floor((b * sorted.length) / binCount), Math.floor(((b + 1) * sorted.length) / binCount));
    if (slice.length === 0) continue;
    const predicted = slice.reduce((sum, change) => sum + change.score, 0) / slice.length;
    const observed = slice.filter((change) => change.positive).length / slice.length;
    bins.push({ changes: slice.length, predicted, observed });
    ece += (slice.length / sorted.length) * Math.abs(predicted - observed);
  }
  return { bins, ece };
}

/** Scores in [0, 1) from a fixed seed (mulberry32): the random baseline is the same on every run. */
export function seededScores(count: number, seed: number): Float64Array {
  const next = seededRandom(seed);
  return Float64Array.from({ length: count }, next);
}

/** A stream of numbers in [0, 1) from a fixed seed (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type ChangeMeasure = (changes: readonly ScoredChange[]) => number | null;

export interface DifferenceInterval {
  /** Mean over the cutoffs of ours − theirs. */
  difference: number;
  /** A 95 % bootstrap interval of that mean (bias-corrected percentiles). */
  low: number;
  high: number;
}

export interface ModelComparison {
  /** Cutoffs compared. */
  cutoffs: number;
  auc: DifferenceInterval | null;
  effortRecall: DifferenceInterval | null;
  /** Cutoffs where ours measured strictly higher. */
  aucWins: number;
  effortRecallWins: number;
}

/**
 * Our model against each baseline over the same cutoffs (each cutoff: every model's scored changes, in
 * the same order): the difference of the averaged AUC and effort-aware recall, how sure it is, and on
 * how many cutoffs ours was ahead. `perLine` says whether a model's effort-aware order is by score per
 * line (a probability) or by the score itself.
 *
 * How sure: a paired bootstrap that redraws each cutoff's scored changes with replacement (one draw for
 * every model, cutoffs kept apart) and averages the per-cutoff measures again, `replicates` times from a
 * fixed seed. A window holds a few dozen fix-inducing changes, so one more or less found moves an
 * effort-aware recall by points: an interval that straddles 0 says this history does not tell the two
 * models apart. The percentiles are bias-corrected (Efron's BC): the recall at a budget is not smooth,
 * and its replicates centre below the observed difference (solidus: 1.1 against 1.5 points), which
 * plain percentiles would carry into the interval.
 */
export function compareModels<M extends string, B extends M>(
  cutoffs: ReadonlyArray<Record<M, readonly ScoredChange[]>>,
  ours: NoInfer<M>,
  baselines: readonly B[],
  options: { effortShare: number; perLine: (model: M) => boolean; replicates?: number; seed?: number },
): Record<B, ModelComparison> {
  const models = [ours, ...baselines];
  const measures = {
    auc: (_model: M): ChangeMeasure => auc,
    effortRecall: (model: M): ChangeMeasure => (changes) => effortAwareRecall(changes, options.effortShare, options.perLine(model)),
  };
  type Measure = keyof typeof measures;
  /** Per measure, per model, per cutoff: the value (null: undefined there). */
  const valuesOf = (sample: ReadonlyArray<Record<M, readonly ScoredChange[]>>) =>
    Object.fromEntries((Object.keys(measures) as Measure[]).map((measure) => [measure, Object.fromEntries(models.map((model) => [model, sample.map((cutoff) => measures[measure](model)(cutoff[model]))]))])) as Record<Measure, Record<M, Array<number | null>>>;
  const observed = valuesOf(cutoffs);
  const draws: Array<Record<Measure, Record<M, Array<number | null>>>> = [];
  const random = seededRandom(options.seed ?? 1);
  for (let r = 0; r < (options.replicates ?? 300); r++) {
    const sample = cutoffs.map((cutoff) => {
      const size = cutoff[ours].length;
      const picks = Array.from({ length: size }, () => Math.floor(random() * size));
      return Object.fromEntries(models.map((model) => [model, picks.map((i) => cutoff[model][i]!)])) as Record<M, ScoredChange[]>;
    });
    draws.push(valuesOf(sample));
  }
  const comparisons = {} as Record<B, ModelComparison>;
  for (const baseline of baselines) {
    const intervalOf = (measure: Measure): DifferenceInterval | null => {
      const difference = meanDifference(observed[measure][ours], observed[measure][baseline]);
      if (difference === null) return null;
      const replicated = draws.map((draw) => meanDifference(draw[measure][ours], draw[measure][baseline])).filter((value): value is number => value !== null);
      const [low, high] = biasCorrectedInterval(replicated, difference);
      return { difference, low, high };
    };
    const wins = (measure: Measure) => observed[measure][ours].filter((value, c) => value !== null && observed[measure][baseline][c] !== null && value > observed[measure][baseline][c]!).length;
    comparisons[baseline] = { cutoffs: cutoffs.length, auc: intervalOf('auc'), effortRecall: intervalOf('effortRecall'), aucWins: wins('auc'), effortRecallWins: wins('effortRecall') };
  }
  return comparisons;
}

/** Mean over the cutoffs where both are defined of ours − theirs; null when none is. */
function meanDifference(ours: ReadonlyArray<number | null>, theirs: ReadonlyArray<number | null>): number | null {
  let sum = 0;
  let count = 0;
  ours.forEach((value, c) => {
    if (value === null || theirs[c] === null) return;
    sum += value - theirs[c]!;
    count++;
  });
  return count === 0 ? null : sum / count;
}

/**
 * Efron's bias-corrected percentile interval (95 %): the percentiles are moved by how far the share of
 * replicates below the observed value is from one half.
 */
export function biasCorrectedInterval(replicates: readonly number[], observed: number): [number, number] {
  if (replicates.length === 0) return [observed, observed];
  const sorted = [...replicates].sort((a, b) => a - b);
  const below = sorted.filter((value) => value < observed).length + sorted.filter((value) => value === observed).length / 2;
  const bias = normalQuantile(Math.min(1 - 0.5 / sorted.length, Math.max(0.5 / sorted.length, below / sorted.length)));
  const at = (z: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(normalCdf(2 * bias + z) * (sorted.length - 1))))]!;
  return [at(-1.959964), at(1.959964)];
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 for erf; error below 1.5e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** Its inverse, by bisection: a handful of calls per report, no need for a rational approximation. */
function normalQuantile(p: number): number {
  let low = -10;
  let high = 10;
  for (let i = 0; i < 80; i++) {
    const middle = (low + high) / 2;
    if (normalCdf(middle) < p) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

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
import { mulberry32 } from '../prng';
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
  return Float64Array.from({ length: count }, mulberry32(seed));
}

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
 * and its replicates centre nearer 0 than the observed difference (solidus: 1.1 against 1.5 points),
 * which plain percentiles would carry into the interval.
 */
export function compareModels<M extends string, B extends M>(
  cutoffs: ReadonlyArray<Record<M, readonly ScoredChange[]>>,
  ours: NoInfer<M>,
  baselines: readonly B[],
  options: { effortShare: number; perLine: (model: M) => boolean; replicates?: number; seed?: number },
): Record<B, ModelComparison> {
  const models = [ours, ...baselines];
  // Each model's two orders per cutoff, sorted once: a replicate only changes how many times each change counts.
  const orders = cutoffs.map((cutoff) => Object.fromEntries(models.map((model) => [model, ordersOf(cutoff[model], options.perLine(model))])) as Record<M, ChangeOrders>);
  type Values = Record<'auc' | 'effortRecall', Record<M, Array<number | null>>>;
  const valuesOf = (counts: readonly Uint32Array[]): Values => ({
    auc: Object.fromEntries(models.map((model) => [model, orders.map((order, c) => countedAuc(order[model], counts[c]!))])) as Record<M, Array<number | null>>,
    effortRecall: Object.fromEntries(models.map((model) => [model, orders.map((order, c) => countedRecall(order[model], counts[c]!, options.effortShare))])) as Record<M, Array<number | null>>,
  });
  const observed = valuesOf(cutoffs.map((cutoff) => new Uint32Array(cutoff[ours].length).fill(1)));
  const random = mulberry32(options.seed ?? 1);
  const draws: Values[] = [];
  for (let r = 0; r < (options.replicates ?? 300); r++) {
    draws.push(
      valuesOf(
        cutoffs.map((cutoff) => {
          const size = cutoff[ours].length;
          const counts = new Uint32Array(size);
          for (let i = 0; i < size; i++) counts[Math.floor(random() * size)]!++;
          return counts;
        }),
      ),
    );
  }
  const comparisons = {} as Record<B, ModelComparison>;
  for (const baseline of baselines) {
    const intervalOf = (measure: keyof Values): DifferenceInterval | null => {
      const difference = meanDifference(observed[measure][ours], observed[measure][baseline]);
      if (difference === null) return null;
      const replicated = draws.map((draw) => meanDifference(draw[measure][ours], draw[measure][baseline])).filter((value): value is number => value !== null);
      const [low, high] = biasCorrectedInterval(replicated, difference);
      return { difference, low, high };
    };
    const wins = (measure: keyof Values) => observed[measure][ours].filter((value, c) => value !== null && observed[measure][baseline][c] !== null && value > observed[measure][baseline][c]!).length;
    comparisons[baseline] = { cutoffs: cutoffs.length, auc: intervalOf('auc'), effortRecall: intervalOf('effortRecall'), aucWins: wins('auc'), effortRecallWins: wins('effortRecall') };
  }
  return comparisons;
}

/** A model's scored changes as tie groups of their indexes: by score ascending (AUC), and in review order. */
interface ChangeOrders {
  changes: readonly ScoredChange[];
  byScore: number[][];
  byReview: number[][];
}

function ordersOf(changes: readonly ScoredChange[], perLine: boolean): ChangeOrders {
  const indexes = changes.map((_, i) => i);
  const byScore = tieGroupsOf([...indexes].sort((a, b) => changes[a]!.score - changes[b]!.score), (i) => changes[i]!.score);
  const review = (i: number) => (perLine ? changes[i]!.score / changes[i]!.effort : changes[i]!.score);
  const byReview = tieGroupsOf([...indexes].sort((a, b) => review(b) - review(a)), review);
  return { changes, byScore, byReview };
}

function tieGroupsOf(sorted: readonly number[], key: (i: number) => number): number[][] {
  const groups: number[][] = [];
  sorted.forEach((i, k) => {
    if (k === 0 || key(i) !== key(sorted[k - 1]!)) groups.push([]);
    groups[groups.length - 1]!.push(i);
  });
  return groups;
}

/** `auc` of the changes, change i counted `counts[i]` times. */
function countedAuc(orders: ChangeOrders, counts: Uint32Array): number | null {
  let negativesBelow = 0;
  let sum = 0;
  let positives = 0;
  for (const group of orders.byScore) {
    let groupPositives = 0;
    let groupNegatives = 0;
    for (const i of group) {
      if (orders.changes[i]!.positive) groupPositives += counts[i]!;
      else groupNegatives += counts[i]!;
    }
    sum += groupPositives * (negativesBelow + groupNegatives / 2);
    negativesBelow += groupNegatives;
    positives += groupPositives;
  }
  return positives === 0 || negativesBelow === 0 ? null : sum / (positives * negativesBelow);
}

/** `effortAwareRecall` of the changes, change i counted `counts[i]` times. */
function countedRecall(orders: ChangeOrders, counts: Uint32Array, effortShare: number): number | null {
  let total = 0;
  let positives = 0;
  orders.changes.forEach((change, i) => {
    total += change.effort * counts[i]!;
    if (change.positive) positives += counts[i]!;
  });
  if (positives === 0) return null;
  // As expectedHitsWithinLines, with counted changes (no copies: this runs a few hundred times per cutoff).
  let left = total * effortShare;
  let hits = 0;
  for (const group of orders.byReview) {
    let lines = 0;
    let groupPositives = 0;
    for (const i of group) {
      lines += orders.changes[i]!.effort * counts[i]!;
      if (orders.changes[i]!.positive) groupPositives += counts[i]!;
    }
    if (lines > left) return (hits + (groupPositives * Math.max(0, left)) / lines) / positives;
    hits += groupPositives;
    left -= lines;
  }
  return hits / positives;
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

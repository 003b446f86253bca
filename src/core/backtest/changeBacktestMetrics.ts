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
  let state = seed >>> 0;
  const scores = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    scores[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  return scores;
}

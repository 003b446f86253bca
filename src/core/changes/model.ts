/**
 * The change-risk model (issue #16): a regularised logistic regression over the features of a change,
 * fitted on the repository's own labelled changes before a cutoff, older changes weighing less
 * (McIntosh & Kamei 2018: a just-in-time model goes stale as a project moves).
 *
 * Labels and leakage: a change is fix-inducing when an SZZ link ties it to a fix (or revert) authored
 * within `windowDays` after it. Training at a cutoff sees only what was known then: a change is a
 * positive only if such a fix was authored before the cutoff, and a negative only if its whole window
 * had elapsed before the cutoff without one; changes still inside their window are left out.
 */
import type { ChangeLineData } from './changeData';
import { FEATURE_COUNT, FEATURE_INDEX, transformed, type FeatureId } from './featureSet';
import type { ChangeFeatures } from './features';
import { fitLogistic, sigmoid } from './logistic';

export const DEFAULT_WINDOW_DAYS = 60;
export const DEFAULT_HALF_LIFE_YEARS = 1;
/**
 * Changes authored longer ago than this before the cutoff are not trained on: at a half-life of a year
 * they would weigh at most 1/32 each and about 3 % together, and leaving them out lets the product read
 * the diffs of the last years only (`historyPassStart`) instead of a whole long history's.
 */
export const DEFAULT_TRAINING_YEARS = 5;
/**
 * Strong: measured on the development corpora (docs/change-risk-evaluation.md), the features beyond
 * the size of the change add little each, and a weak penalty let their noise cost more than they
 * brought; the size itself is not penalised (`UNPENALISED_FEATURES`).
 */
export const DEFAULT_L2 = 0.3;
/**
 * Lines added: SZZ can only blame lines a change added, so the chance of being fix-inducing grows with
 * them in every repository; the model learns that slope freely and lets the other features adjust it.
 */
export const UNPENALISED_FEATURES: readonly FeatureId[] = ['linesAdded'];
const DAY = 24 * 3600;
const YEAR = 365.25 * DAY;
export const YEAR_SECONDS = YEAR;

export interface ModelOptions {
  /** Unix seconds: only what was known before it is used. */
  cutoff: number;
  features: readonly FeatureId[];
  windowDays?: number;
  /** Time-decay weight of a change: halves every this many years before the cutoff; Infinity: no decay. */
  halfLifeYears?: number;
  /** Only changes authored at most this many years before the cutoff are trained on; Infinity: all. */
  trainingYears?: number;
  l2?: number;
  /** Features fitted without penalty; default `UNPENALISED_FEATURES`. */
  unpenalised?: readonly FeatureId[];
}

export interface ChangeRiskModel {
  features: FeatureId[];
  /** Per feature (of `features`), the weighted mean and standard deviation of its transformed value. */
  means: Float64Array;
  scales: Float64Array;
  intercept: number;
  coefficients: Float64Array;
  /** The weighted share of the training changes that were fix-inducing: "the average change". */
  baseRate: number;
  windowDays: number;
  cutoff: number;
  trainedOn: { changes: number; positives: number };
}

export interface Contribution {
  feature: FeatureId;
  /** The raw value (before the log transform). */
  value: number;
  /** Coefficient × standardised value: how far it moved the log-odds from the average change's. */
  contribution: number;
}

export interface ChangeScore {
  probability: number;
  baseRate: number;
  /** Every feature's push, largest upward push first. */
  contributions: Contribution[];
}

/**
 * For each change (in `features.commits` order), the author time of the earliest fix or revert SZZ
 * links to it, at or after its own (a fix dated before its change, by a rebased clock, counts as
 * immediate); Infinity when none.
 */
export function earliestFixTimes(features: ChangeFeatures, lines: ChangeLineData, times: Uint32Array): Float64Array {
  const position = new Map<number, number>();
  features.commits.forEach((commit, k) => position.set(commit, k));
  const earliest = new Float64Array(features.commits.length).fill(Infinity);
  for (let l = 0; l < lines.inducing.length; l++) {
    const k = position.get(lines.inducing[l]!);
    if (k === undefined) continue;
    const at = Math.max(times[lines.fixing[l]!]!, features.times[k]!);
    if (at < earliest[k]!) earliest[k] = at;
  }
  return earliest;
}

/** Whether change k was fix-inducing, as known at `knownAt`: true, false, or undefined (not known yet). */
export function labelAt(features: ChangeFeatures, earliestFix: Float64Array, k: number, knownAt: number, windowDays = DEFAULT_WINDOW_DAYS): boolean | undefined {
  const time = features.times[k]!;
  const windowEnd = time + windowDays * DAY;
  const fix = earliestFix[k]!;
  if (fix <= windowEnd && fix < knownAt) return true;
  return windowElapsed(features, k, knownAt, windowDays) ? false : undefined;
}

/**
 * Whether change k's whole label window had elapsed by `knownAt`. Before that, a change can be known
 * fix-inducing (its fix came early) but not known clean: keeping the known ones alone would tilt a
 * sample of changes towards fix-inducing ones.
 */
export function windowElapsed(features: ChangeFeatures, k: number, knownAt: number, windowDays = DEFAULT_WINDOW_DAYS): boolean {
  return features.times[k]! + windowDays * DAY < knownAt;
}

export function trainChangeModel(features: ChangeFeatures, earliestFix: Float64Array, options: ModelOptions): ChangeRiskModel {
  const windowDays = options.windowDays ?? DEFAULT_WINDOW_DAYS;
  const halfLife = options.halfLifeYears ?? DEFAULT_HALF_LIFE_YEARS;
  const oldest = options.cutoff - (options.trainingYears ?? DEFAULT_TRAINING_YEARS) * YEAR;
  const ids = [...options.features];
  const columns = ids.length;
  const rows: number[] = [];
  const labels: number[] = [];
  for (let k = 0; k < features.commits.length; k++) {
    if (features.times[k]! >= options.cutoff || features.times[k]! < oldest) continue;
    const label = labelAt(features, earliestFix, k, options.cutoff, windowDays);
    if (label === undefined) continue;
    rows.push(k);
    labels.push(label ? 1 : 0);
  }
  const positives = labels.reduce((sum, label) => sum + label, 0);
  if (rows.length === 0) throw new RangeError('no labelled changes before the cutoff to train on');
  const weights = Float64Array.from(rows, (k) => decayWeight(options.cutoff - features.times[k]!, halfLife));
  const x = new Float64Array(rows.length * columns);
  rows.forEach((k, i) => {
    for (let j = 0; j < columns; j++) x[i * columns + j] = transformed(ids[j]!, features.values[k * FEATURE_COUNT + FEATURE_INDEX[ids[j]!]]!);
  });
  const { means, scales } = standardise(x, rows.length, columns, weights);
  const y = Uint8Array.from(labels);
  const weightSum = weights.reduce((sum, w) => sum + w, 0);
  const baseRate = rows.reduce((sum, _, i) => sum + (y[i] ? weights[i]! : 0), 0) / weightSum;
  const fit = positives === 0 || positives === rows.length ? undefined : fitLogistic({ x, rows: rows.length, columns, y, weights, l2: options.l2 ?? DEFAULT_L2, penalties: Float64Array.from(ids, (id) => ((options.unpenalised ?? UNPENALISED_FEATURES).includes(id) ? 0 : 1)) });
  return {
    features: ids,
    means,
    scales,
    intercept: fit ? fit.intercept : Math.log(Math.max(1e-6, baseRate) / Math.max(1e-6, 1 - baseRate)),
    coefficients: fit ? fit.coefficients : new Float64Array(columns),
    baseRate,
    windowDays,
    cutoff: options.cutoff,
    trainedOn: { changes: rows.length, positives },
  };
}

/** 1 at the cutoff, halving every `halfLifeYears` before it. */
export function decayWeight(ageSeconds: number, halfLifeYears: number): number {
  return Number.isFinite(halfLifeYears) ? Math.pow(0.5, Math.max(0, ageSeconds) / (halfLifeYears * YEAR)) : 1;
}

/** Centres and scales each column in place (weighted); a constant column is left at 0 with scale 1. */
function standardise(x: Float64Array, rows: number, columns: number, weights: Float64Array): { means: Float64Array; scales: Float64Array } {
  const means = new Float64Array(columns);
  const scales = new Float64Array(columns).fill(1);
  let total = 0;
  for (let i = 0; i < rows; i++) total += weights[i]!;
  for (let j = 0; j < columns; j++) {
    let mean = 0;
    for (let i = 0; i < rows; i++) mean += weights[i]! * x[i * columns + j]!;
    mean /= total;
    let variance = 0;
    for (let i = 0; i < rows; i++) variance += weights[i]! * (x[i * columns + j]! - mean) ** 2;
    const scale = Math.sqrt(variance / total);
    means[j] = mean;
    scales[j] = scale > 1e-12 ? scale : 1;
    for (let i = 0; i < rows; i++) x[i * columns + j] = (x[i * columns + j]! - mean) / scales[j]!;
  }
  return { means, scales };
}

/**
 * The model's verdict on one change, from its raw features (a row of `ChangeFeatures.values`, or the
 * features of a prospective change: a working-tree diff, a commit range). Missing features count as 0.
 */
export function scoreChange(model: ChangeRiskModel, raw: ArrayLike<number> | Partial<Record<FeatureId, number>>): ChangeScore {
  const valueOf = (id: FeatureId) => (isRow(raw) ? raw[FEATURE_INDEX[id]]! : (raw[id] ?? 0));
  let z = model.intercept;
  const contributions: Contribution[] = model.features.map((feature, j) => {
    const value = valueOf(feature);
    const contribution = (model.coefficients[j]! * (transformed(feature, value) - model.means[j]!)) / model.scales[j]!;
    z += contribution;
    return { feature, value, contribution };
  });
  contributions.sort((a, b) => b.contribution - a.contribution);
  return { probability: sigmoid(z), baseRate: model.baseRate, contributions };
}

/** The probability alone, for change k of `features` (the backtest scores thousands). */
export function probabilityOf(model: ChangeRiskModel, features: ChangeFeatures, k: number): number {
  let z = model.intercept;
  model.features.forEach((feature, j) => {
    z += (model.coefficients[j]! * (transformed(feature, features.values[k * FEATURE_COUNT + FEATURE_INDEX[feature]]!) - model.means[j]!)) / model.scales[j]!;
  });
  return sigmoid(z);
}

function isRow(raw: ArrayLike<number> | Partial<Record<FeatureId, number>>): raw is ArrayLike<number> {
  return typeof (raw as ArrayLike<number>).length === 'number';
}

/**
 * `change-risk backtest --changes`: does the change-risk model predict which changes need a follow-up
 * fix? For each cutoff (the file backtest's), the model is trained on the changes before it (labels as
 * known then: see model.ts) and scores the changes authored in the window after it, whose labels are
 * taken as known at the end of the history (a change whose 60 days run past the last commit and that
 * has no fix yet is left out). Baselines in the same run, on the same changes: the same model on lines
 * added alone, on Kamei et al.'s features alone, and random scores from a fixed seed.
 * Metrics: changeBacktestMetrics.ts and docs/change-risk-evaluation.md.
 */
import type { ChangeLineData } from '../changes/changeData';
import { FEATURES, KAMEI_FEATURES, type FeatureId } from '../changes/featureSet';
import { computeChangeFeatures, type ChangeFeatures } from '../changes/features';
import { DEFAULT_HALF_LIFE_YEARS, DEFAULT_L2, DEFAULT_WINDOW_DAYS, earliestFixTimes, labelAt, probabilityOf, trainChangeModel, windowElapsed, type ChangeRiskModel } from '../changes/model';
import { loadChangeLineData } from '../changes/loadChangeData';
import { roleClassifier, type FileRole } from '../files/roles';
import { CancelledError } from '../git/gitProcess';
import { openRepository, type Repository } from '../git/repository';
import { History, ruleSettingsFor } from '../history/history';
import { loadHistory, type IndexProgress } from '../history/historyLoader';
import { isoDate } from '../risk/format';
import { loadTeamFiles, type TeamFiles } from '../team';
import { addMonths, BacktestError, DEFAULT_CUTOFF_COUNT, DEFAULT_EFFORT_SHARE, DEFAULT_WINDOW_MONTHS, defaultCutoffs, firstParentLine } from './backtest';
import { auc, calibration, compareModels, effortAwareRecall, seededScores, type CalibrationBin, type ModelComparison, type ScoredChange } from './changeBacktestMetrics';
import { lastCommitTime } from '../history/historyData';

export const CHANGE_MODELS = ['changeRisk', 'kamei', 'linesAdded', 'random'] as const;
export type ChangeModel = (typeof CHANGE_MODELS)[number];
export const CHANGE_BASELINES = ['kamei', 'linesAdded', 'random'] as const satisfies readonly ChangeModel[];
export type ChangeBaseline = (typeof CHANGE_BASELINES)[number];

/**
 * Whether a model's effort-aware order is by its score per changed line: a predicted probability per
 * line is a predicted density of trouble. The random baseline reviews in its own random order
 * (dividing random numbers by the size would review small changes first, which is not random).
 */
const ranksPerLine = (model: ChangeModel) => model !== 'random';

export const CHANGE_MODEL_LABELS: Record<ChangeModel, string> = {
  changeRisk: 'Change Risk (all features)',
  kamei: "Kamei et al.'s 14 features",
  linesAdded: 'lines added alone',
  random: 'random (seed 1)',
};

const MODEL_FEATURES: Record<Exclude<ChangeModel, 'random'>, readonly FeatureId[]> = {
  changeRisk: FEATURES,
  kamei: KAMEI_FEATURES,
  linesAdded: ['linesAdded'],
};

/**
 * The file backtest's cutoffs (one window apart, the last a window before the last commit), but as
 * many as the history holds, not four: a six-month window holds a few dozen fix-inducing changes
 * where it holds hundreds of fixed files, so every window is needed for an average to mean something
 * (a rolling-origin evaluation). At most this many.
 */
export const MAX_CHANGE_CUTOFFS = 40;

function cutoffCountOf(firstParent: ReadonlyArray<{ time: number }>, windowMonths: number): number {
  if (firstParent.length === 0) return DEFAULT_CUTOFF_COUNT;
  const times = firstParent.map((commit) => commit.time);
  const months = (Math.max(...times) - Math.min(...times)) / (30.44 * 24 * 3600);
  return Math.max(1, Math.min(MAX_CHANGE_CUTOFFS, Math.floor(months / windowMonths)));
}

/** A test window with fewer fix-inducing changes than this is too small to judge by. */
export const MIN_POSITIVES = 10;
const RANDOM_SEED = 1;

export interface ChangeBacktestOptions {
  folder: string;
  cutoffs?: readonly Date[];
  /** How many default cutoffs, when `cutoffs` is not given. */
  cutoffCount?: number;
  windowMonths?: number;
  effortShare?: number;
  halfLifeYears?: number;
  /** Years of changes before a cutoff trained on (experiments); default the product's, `DEFAULT_TRAINING_YEARS`. */
  trainingYears?: number;
  l2?: number;
  signal?: AbortSignal;
  onProgress?: (progress: IndexProgress) => void;
  /** Line data already computed for this history (experiments); default: computed here. */
  lineData?: (history: History, repository: Repository, isRated: (path: string) => boolean) => Promise<ChangeLineData>;
}

export interface ChangeMetrics {
  auc: number | null;
  effortRecall: number | null;
  ece: number | null;
}

export interface ChangeCutoffResult {
  cutoff: Date;
  windowEnd: Date;
  evaluated: boolean;
  reason?: string;
  trainedOn: { changes: number; positives: number };
  /** Changes scored (authored in the window, label known). */
  changes: number;
  positives: number;
  /** Their rated lines added + deleted. */
  lines: number;
  enoughPositives: boolean;
  metrics?: Record<ChangeModel, ChangeMetrics>;
  /** The Change Risk model's calibration on the scored changes. */
  calibration?: CalibrationBin[];
  /** Every model's scored changes, in the same order: for the pooled calibration and the bootstrap. */
  scored?: Record<ChangeModel, ScoredChange[]>;
}

export interface ChangeBacktestReport {
  root: string;
  head: string | undefined;
  windowMonths: number;
  labelWindowDays: number;
  effortShare: number;
  halfLifeYears: number;
  l2: number;
  roles: string[];
  changes: number;
  cutoffs: ChangeCutoffResult[];
  averagedOver: Date[];
  average?: Record<ChangeModel, ChangeMetrics>;
  /**
   * The Change Risk model against each baseline over the averaged cutoffs: the difference of the
   * averages with a paired-bootstrap 95 % interval, and on how many cutoffs it was ahead.
   */
  comparison?: Record<ChangeBaseline, ModelComparison>;
  /** Mean share of fix-inducing changes among the scored ones, over the averaged cutoffs. */
  positiveRate?: number;
  /** The Change Risk model's calibration by decile over the scored changes of every averaged cutoff. */
  calibration?: { bins: CalibrationBin[]; ece: number | null };
  /** The last cutoff's model, for reading its coefficients. */
  lastModel?: ChangeRiskModel;
  summary: string;
  warnings: string[];
  /** Milliseconds. */
  timings: { history: number; lineData: number; features: number; models: number };
}

/**
 * The history pass's line data (changes/loadChangeData.ts): line counts per change and the SZZ links,
 * following the lines of source files only (the default roles; `isRated` is the team's rated roles, which
 * the features use). Cached beside the index when a cache folder is given.
 */
export async function changeLineDataFor(history: History, repository: Repository, _isRated: (path: string) => boolean, signal?: AbortSignal, cacheDir?: string): Promise<ChangeLineData> {
  const loaded = await loadChangeLineData({ repository, history, sourceOnly: true, ...(cacheDir ? { cacheDir } : {}), ...(signal ? { signal } : {}) });
  return loaded.data;
}

export async function runChangeBacktest(options: ChangeBacktestOptions): Promise<ChangeBacktestReport> {
  const windowMonths = options.windowMonths ?? DEFAULT_WINDOW_MONTHS;
  const effortShare = options.effortShare ?? DEFAULT_EFFORT_SHARE;
  const halfLifeYears = options.halfLifeYears ?? DEFAULT_HALF_LIFE_YEARS;
  const l2 = options.l2 ?? DEFAULT_L2;
  const { signal, onProgress } = options;
  const repository = await openRepository(options.folder, signal);
  if (!repository.head) throw new BacktestError(`${repository.root} has no commits yet: there is no history to backtest`);
  const team = await loadTeamFiles(repository.root);
  const firstParent = await firstParentLine(repository, signal);
  const cutoffs = [...(options.cutoffs ?? defaultCutoffs(firstParent, windowMonths, options.cutoffCount ?? cutoffCountOf(firstParent, windowMonths)))].sort((a, b) => a.getTime() - b.getTime());
  if (cutoffs.length === 0) throw new BacktestError('no cutoff dates given');
  const timings = { history: 0, lineData: 0, features: 0, models: 0 };

  let started = Date.now();
  const loaded = await loadHistory({ repository, ...(signal ? { signal } : {}), ...(onProgress ? { onProgress } : {}) });
  const lastTime = lastCommitTime(loaded.data);
  const history = new History(loaded.data, ruleSettingsFor(team.config.history, repository.root), new Date(lastTime * 1000));
  timings.history = Date.now() - started;

  started = Date.now();
  const isRated = ratedPaths(team);
  onProgress?.({ message: 'Linking fixes to the changes that needed them', done: 0 });
  const lines = options.lineData ? await options.lineData(history, repository, isRated) : await changeLineDataFor(history, repository, isRated, signal);
  timings.lineData = Date.now() - started;
  if (signal?.aborted) throw new CancelledError();

  started = Date.now();
  const features = computeChangeFeatures({ history, lines, config: team.config, incidents: team.incidents });
  const earliestFix = earliestFixTimes(features, lines, history.data.times);
  timings.features = Date.now() - started;

  started = Date.now();
  const settings = { windowMonths, effortShare, halfLifeYears, l2, lastTime, ...(options.trainingYears !== undefined ? { trainingYears: options.trainingYears } : {}) };
  const results: ChangeCutoffResult[] = [];
  let lastModel: ChangeRiskModel | undefined;
  for (const [i, cutoff] of cutoffs.entries()) {
    if (signal?.aborted) throw new CancelledError();
    onProgress?.({ message: `Training on the changes before ${isoDate(cutoff.getTime() / 1000)}`, done: i, total: cutoffs.length });
    const evaluated = evaluateCutoff(features, earliestFix, cutoff, settings);
    results.push(evaluated.result);
    lastModel = evaluated.model ?? lastModel;
  }
  timings.models = Date.now() - started;
  return summarise(repository, team, features, results, settings, timings, lastModel);
}

function ratedPaths(team: TeamFiles): (path: string) => boolean {
  const roleOf = roleClassifier(team.config.roles);
  const rated = new Set<FileRole>(team.config.risk.roles);
  return (path) => rated.has(roleOf(path));
}

interface Settings {
  windowMonths: number;
  effortShare: number;
  halfLifeYears: number;
  trainingYears?: number;
  l2: number;
  lastTime: number;
}

function evaluateCutoff(features: ChangeFeatures, earliestFix: Float64Array, cutoff: Date, settings: Settings): { result: ChangeCutoffResult; model?: ChangeRiskModel } {
  const from = cutoff.getTime() / 1000;
  const windowEnd = addMonths(cutoff, settings.windowMonths);
  const to = windowEnd.getTime() / 1000;
  const result: ChangeCutoffResult = { cutoff, windowEnd, evaluated: false, trainedOn: { changes: 0, positives: 0 }, changes: 0, positives: 0, lines: 0, enoughPositives: false };
  const tested: number[] = [];
  const positive: boolean[] = [];
  for (let k = 0; k < features.commits.length; k++) {
    const time = features.times[k]!;
    if (time < from || time >= to) continue;
    // Only changes whose whole window elapsed before the last commit: of the later ones, only those
    // already fixed would have a known label, and keeping them alone would inflate the fix-inducing share.
    if (!windowElapsed(features, k, settings.lastTime + 1)) continue;
    tested.push(k);
    positive.push(labelAt(features, earliestFix, k, settings.lastTime + 1)!);
  }
  const models: Partial<Record<ChangeModel, ChangeRiskModel>> = {};
  try {
    for (const [id, ids] of Object.entries(MODEL_FEATURES) as Array<[Exclude<ChangeModel, 'random'>, readonly FeatureId[]]>) {
      models[id] = trainChangeModel(features, earliestFix, { cutoff: from, features: ids, halfLifeYears: settings.halfLifeYears, l2: settings.l2, ...(settings.trainingYears !== undefined ? { trainingYears: settings.trainingYears } : {}) });
    }
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    result.reason = `nothing to train on before ${isoDate(from)}: ${error.message}`;
    return { result };
  }
  const trained = models.changeRisk!;
  result.trainedOn = trained.trainedOn;
  if (trained.trainedOn.positives === 0) return { result: { ...result, reason: `no fix-inducing change known before ${isoDate(from)}: nothing to learn from` } };
  if (tested.length === 0) return { result: { ...result, reason: `no change with a known label was authored in the window after ${isoDate(from)}` } };
  result.evaluated = true;
  result.changes = tested.length;
  result.positives = positive.filter(Boolean).length;
  result.lines = tested.reduce((sum, k) => sum + features.effort[k]!, 0);
  result.enoughPositives = result.positives >= MIN_POSITIVES;
  const random = seededScores(tested.length, RANDOM_SEED);
  const scoredBy = (score: (k: number, i: number) => number): ScoredChange[] => tested.map((k, i) => ({ score: score(k, i), effort: features.effort[k]!, positive: positive[i]! }));
  const metrics = {} as Record<ChangeModel, ChangeMetrics>;
  const scored = {} as Record<ChangeModel, ScoredChange[]>;
  for (const id of CHANGE_MODELS) {
    const model = models[id as Exclude<ChangeModel, 'random'>];
    const changes = model ? scoredBy((k) => probabilityOf(model, features, k)) : scoredBy((_, i) => random[i]!);
    metrics[id] = { auc: auc(changes), effortRecall: effortAwareRecall(changes, settings.effortShare, ranksPerLine(id)), ece: model ? calibration(changes).ece : null };
    scored[id] = changes;
  }
  result.calibration = calibration(scored.changeRisk).bins;
  result.metrics = metrics;
  result.scored = scored;
  return { result, model: trained };
}

function summarise(
  repository: Repository,
  team: TeamFiles,
  features: ChangeFeatures,
  results: ChangeCutoffResult[],
  settings: Settings,
  timings: ChangeBacktestReport['timings'],
  lastModel: ChangeRiskModel | undefined,
): ChangeBacktestReport {
  const evaluated = results.filter((result) => result.evaluated);
  const judged = evaluated.filter((result) => result.enoughPositives);
  const averaged = judged.length > 0 ? judged : evaluated;
  const warnings: string[] = [];
  if (repository.shallow) warnings.push('this is a shallow clone: the history before its boundary is missing');
  for (const result of results) if (!result.evaluated) warnings.push(`cutoff ${isoDate(result.cutoff.getTime() / 1000)} skipped: ${result.reason}`);
  if (evaluated.length > 0 && judged.length === 0) warnings.push(`no window had at least ${MIN_POSITIVES} fix-inducing changes: the figures are too thin to judge by`);
  else if (judged.length < evaluated.length) warnings.push(`${evaluated.length - judged.length} cutoff(s) with fewer than ${MIN_POSITIVES} fix-inducing changes are left out of the averages`);
  const mean = (values: (number | null)[]) => {
    const known = values.filter((value): value is number => value !== null);
    return known.length === 0 ? null : known.reduce((sum, value) => sum + value, 0) / known.length;
  };
  let average: Record<ChangeModel, ChangeMetrics> | undefined;
  if (averaged.length > 0) {
    average = {} as Record<ChangeModel, ChangeMetrics>;
    for (const id of CHANGE_MODELS) {
      const all = averaged.map((result) => result.metrics![id]);
      average[id] = { auc: mean(all.map((m) => m.auc)), effortRecall: mean(all.map((m) => m.effortRecall)), ece: mean(all.map((m) => m.ece)) };
    }
  }
  const positiveRate = averaged.length > 0 ? averaged.reduce((sum, result) => sum + result.positives / result.changes, 0) / averaged.length : undefined;
  return {
    root: repository.root,
    head: repository.head,
    windowMonths: settings.windowMonths,
    labelWindowDays: DEFAULT_WINDOW_DAYS,
    effortShare: settings.effortShare,
    halfLifeYears: settings.halfLifeYears,
    l2: settings.l2,
    roles: [...team.config.risk.roles],
    changes: features.commits.length,
    cutoffs: results,
    averagedOver: averaged.map((result) => result.cutoff),
    ...(average ? { average } : {}),
    ...(positiveRate !== undefined ? { positiveRate } : {}),
    ...(averaged.length > 0 ? { comparison: compareModels(averaged.map((result) => result.scored!), 'changeRisk', CHANGE_BASELINES, { effortShare: settings.effortShare, perLine: ranksPerLine }) } : {}),
    ...(averaged.length > 0 ? { calibration: calibration(averaged.flatMap((result) => result.scored?.changeRisk ?? [])) } : {}),
    ...(lastModel ? { lastModel } : {}),
    summary: summarySentence(average, settings.effortShare, averaged.length),
    warnings,
    timings,
  };
}

function percent(value: number | null, decimals = 0): string {
  return value === null ? '—' : `${(value * 100).toFixed(decimals)}%`;
}

function summarySentence(average: Record<ChangeModel, ChangeMetrics> | undefined, effortShare: number, cutoffCount: number): string {
  if (!average || average.changeRisk.auc === null) return 'No cutoff had fix-inducing changes to compare with: nothing can be said about the change model yet.';
  const ours = average.changeRisk;
  const baselines = CHANGE_MODELS.filter((id) => id !== 'changeRisk');
  const best = (measure: 'auc' | 'effortRecall') => baselines.reduce((a, b) => ((average[b][measure] ?? -1) > (average[a][measure] ?? -1) ? b : a));
  const bestAuc = best('auc');
  const bestRecall = best('effortRecall');
  const over = cutoffCount === 1 ? 'At one cutoff' : `On average over ${cutoffCount} cutoffs`;
  return (
    `${over}, the change model's AUC was ${ours.auc!.toFixed(2)} (best baseline, ${CHANGE_MODEL_LABELS[bestAuc]}: ${average[bestAuc].auc?.toFixed(2) ?? '—'}); ` +
    `reviewing in its order, ${percent(effortShare)} of the changed lines held ${percent(ours.effortRecall)} of the fix-inducing changes (best baseline, ${CHANGE_MODEL_LABELS[bestRecall]}: ${percent(average[bestRecall].effortRecall)}); ` +
    `calibration error ${percent(ours.ece, 1)}.`
  );
}

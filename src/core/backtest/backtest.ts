/**
 * `change-risk backtest`: does a warning mean anything? For each cutoff date, rank the files as the
 * tool would have ranked them then (history before the cutoff only, the ledger of incidents dated
 * before it, "now" = the cutoff), and check how many of the files fixed or hit by an incident in the
 * window after the cutoff were near the top — next to simple baselines on the same files.
 *
 * One pass over the history serves every cutoff: the index is snapshotted as each cutoff is passed
 * while its commits are applied oldest first — replayed from an open engine's history index
 * (`replayFromIndex.ts`: no git log), or, without one, streamed from git. File identities are stable
 * afterwards (ids are never reused; renames keep the id), so the files of later fix commits map
 * straight back to what the files were called at the cutoff.
 *
 * Time is author time. A cutoff's index holds the commits applied before the first commit authored
 * at or after the cutoff (in `commitOrder`, the order renames are applied in); the window
 * holds the commits authored in [cutoff, cutoff + window). The files ranked are those of the last
 * commit on HEAD's first-parent line authored before the cutoff; their lines of code are read from it.
 */
import type { ChangeRiskEngine } from '../engine';
import { CancelledError } from '../git/gitProcess';
import { openRepository, type Repository } from '../git/repository';
import { globMatcher, isGlob } from '../globs';
import { History, ruleSettingsFor, type FileStats, type HistoryRuleSettings } from '../history/history';
import { lastCommitTime, type HistoryData } from '../history/historyData';
import type { IndexProgress } from '../history/historyLoader';
import { isoDate, secondsOf } from '../risk/format';
import { commitsByIncidentId, RiskModel, type FileRisk } from '../risk/riskModel';
import { incidentIdKey, loadTeamFiles, type TeamFiles } from '../team';
import { groupsByValue, randomMetrics, rankingMetrics, tieGroups, topCount, type MetricInputs, type Metrics, type RankedFile, type TieGroups } from './metrics';
import { FileSizes } from '../git/fileSizes';
import { addMonths, BacktestError, DEFAULT_CUTOFF_COUNT, defaultCutoffs, firstParentLine, type FirstParentCommit } from './cutoffs';

export { addMonths, BacktestError, DEFAULT_CUTOFF_COUNT, defaultCutoffs, firstParentLine, type FirstParentCommit };
import { countBlobLines, listTree } from '../git/tree';
import { pastSnapshots, type PastSource } from './pastSnapshots';

export const BACKTEST_MODELS = ['changeRisk', 'random', 'fixCount', 'commitCount', 'recentCommits', 'fileSize', 'fixScore'] as const;
export type BacktestModel = (typeof BACKTEST_MODELS)[number];

export const MODEL_LABELS: Record<BacktestModel, string> = {
  changeRisk: 'Change Risk',
  random: 'random (expected)',
  fixCount: 'fix count',
  commitCount: 'commit count',
  recentCommits: 'commits in the last 6 months',
  fileSize: 'file size (lines)',
  fixScore: 'time-weighted fix score (Google)',
};

/** A window with fewer fixed files than this is too small to judge a ranking by. */
export const MIN_TRUTH = 20;
export const DEFAULT_WINDOW_MONTHS = 6;
export const DEFAULT_TOP_SHARE = 0.1;
export const DEFAULT_EFFORT_SHARE = 0.2;

export interface BacktestOptions {
  /** An open engine: its repository, team files and history index are used (the past is replayed from the index, not read from git again). */
  engine?: ChangeRiskEngine;
  /** Any folder inside the repository, when no engine is given. */
  folder?: string;
  /** Default: `defaultCutoffs` of the history. */
  cutoffs?: readonly Date[];
  windowMonths?: number;
  /** Share of the files counted as "flagged", 0..1. */
  topShare?: number;
  /** Share of the lines of code inspected for the effort-aware recall, 0..1. */
  effortShare?: number;
  signal?: AbortSignal;
  onProgress?: (progress: IndexProgress) => void;
}

export interface CutoffResult {
  cutoff: Date;
  windowEnd: Date;
  evaluated: boolean;
  /** Why the cutoff was not evaluated. */
  reason?: string;
  /** The commit whose files were ranked (HEAD's first-parent line, last authored before the cutoff). */
  commit?: string;
  commitsBefore: number;
  commitsInWindow: number;
  /** Files ranked. */
  population: number;
  /** Their lines of code at the cutoff. */
  lines: number;
  /** How many files the top share is. */
  top: number;
  /** Ranked files given any level: what the editor would have badged. */
  warned: number;
  /** Files of the population fixed or hit by a ledger incident in the window. */
  truth: number;
  truthFromFixes: number;
  truthFromIncidents: number;
  /** At least `MIN_TRUTH` files in the truth set. */
  enoughTruth: boolean;
  notes: string[];
  metrics?: Record<BacktestModel, Metrics>;
}

export interface BacktestReport {
  root: string;
  head: string | undefined;
  windowMonths: number;
  topShare: number;
  effortShare: number;
  /** The file roles ranked and judged (the config's `risk.roles`: source code by default). */
  roles: string[];
  /** Mean share of the ranked files given any level, over the averaged cutoffs. */
  warnedShare?: number;
  minTruth: number;
  cutoffs: CutoffResult[];
  /** Mean over the cutoffs in `averagedOver`; undefined when no cutoff was evaluated. */
  average?: Record<BacktestModel, Metrics>;
  /** The cutoffs averaged: those with enough fixed files, else every evaluated one. */
  averagedOver: Date[];
  /** The baseline with the highest average recall. */
  bestBaseline?: BacktestModel;
  /** One plain sentence with the result. */
  summary: string;
  warnings: string[];
  /** Where the time went, milliseconds. */
  timings: { history: number; lines: number; ranking: number };
  /** Where the past came from: replayed from the engine's history index, or read from git (no engine, or the replay failed: `reason`). */
  historySource: PastSource;
}

interface Context {
  repository: Repository;
  team: TeamFiles;
  rules: HistoryRuleSettings;
  final: History;
  /** Last author time in the history. */
  lastTime: number;
  firstParent: FirstParentCommit[];
  lineCache: Map<string, number>;
  commitsByIncidentId?: Map<string, number[]>;
  options: Required<Pick<BacktestOptions, 'windowMonths' | 'topShare' | 'effortShare'>> & Pick<BacktestOptions, 'signal' | 'onProgress'>;
  timings: BacktestReport['timings'];
  historySource: BacktestReport['historySource'];
}

export async function runBacktest(options: BacktestOptions): Promise<BacktestReport> {
  const windowMonths = options.windowMonths ?? DEFAULT_WINDOW_MONTHS;
  const topShare = options.topShare ?? DEFAULT_TOP_SHARE;
  const effortShare = options.effortShare ?? DEFAULT_EFFORT_SHARE;
  if (!Number.isInteger(windowMonths) || windowMonths < 1) throw new RangeError(`windowMonths must be a whole number of months ≥ 1, got ${windowMonths}`);
  if (!(topShare > 0 && topShare <= 1)) throw new RangeError(`topShare must be in (0, 1], got ${topShare}`);
  if (!(effortShare > 0 && effortShare <= 1)) throw new RangeError(`effortShare must be in (0, 1], got ${effortShare}`);
  const { signal, onProgress } = options;

  const repository = options.engine?.repository ?? (await openRepository(options.folder ?? process.cwd(), signal));
  if (!repository.head) throw new BacktestError(`${repository.root} has no commits yet: there is no history to backtest`);
  const team = options.engine?.team ?? (await loadTeamFiles(repository.root));
  const firstParent = await firstParentLine(repository, signal);
  const cutoffs = [...(options.cutoffs ?? defaultCutoffs(firstParent, windowMonths))].sort((a, b) => a.getTime() - b.getTime());
  if (cutoffs.length === 0) throw new BacktestError('no cutoff dates given');

  const timings = { history: 0, lines: 0, ranking: 0 };
  let started = Date.now();
  const { snapshots, historySource } = await pastSnapshots(options.engine?.load.data, repository, cutoffs, signal, onProgress);
  timings.history = Date.now() - started;
  const rules = ruleSettingsFor(team.config.history, repository.root);
  const finalData = snapshots.final;
  const lastTime = lastCommitTime(finalData);
  const context: Context = {
    repository,
    team,
    rules,
    final: new History(finalData, rules, new Date(lastTime * 1000)),
    lastTime,
    firstParent,
    lineCache: new Map(),
    options: { windowMonths, topShare, effortShare, ...(signal ? { signal } : {}), ...(onProgress ? { onProgress } : {}) },
    timings,
    historySource,
  };

  const results: CutoffResult[] = [];
  for (const [i, cutoff] of cutoffs.entries()) {
    if (signal?.aborted) throw new CancelledError();
    onProgress?.({ message: `Ranking the files as of ${isoDate(cutoff.getTime() / 1000)}`, done: i, total: cutoffs.length });
    started = Date.now();
    results.push(await evaluateCutoff(context, cutoff, snapshots.at.get(cutoff.getTime()) ?? finalData));
    timings.ranking += Date.now() - started;
  }
  timings.ranking -= timings.lines;
  return summarise(context, results);
}

interface PopulationFile {
  risk: FileRisk;
  stats: FileStats;
  lines: number;
  positive: boolean;
}

async function evaluateCutoff(context: Context, cutoff: Date, snapshot: HistoryData): Promise<CutoffResult> {
  const { final, lastTime, options } = context;
  const windowEnd = addMonths(cutoff, options.windowMonths);
  const from = cutoff.getTime() / 1000;
  const to = windowEnd.getTime() / 1000;
  const windowCommits: number[] = [];
  for (let i = 0; i < final.commitCount; i++) {
    const time = final.data.times[i]!;
    if (time >= from && time < to) windowCommits.push(i);
  }
  const result: CutoffResult = {
    cutoff,
    windowEnd,
    evaluated: false,
    commitsBefore: snapshot.commitCount,
    commitsInWindow: windowCommits.length,
    population: 0,
    lines: 0,
    top: 0,
    warned: 0,
    truth: 0,
    truthFromFixes: 0,
    truthFromIncidents: 0,
    enoughTruth: false,
    notes: [],
  };
  const firstTime = final.firstCommitTime;
  if (snapshot.commitCount === 0) return skip(result, `${isoDate(from)} is before the first commit (${isoDate(firstTime)}): there is no history to rank by`);
  if (from > lastTime) return skip(result, `${isoDate(from)} is after the last commit (${isoDate(lastTime)}): there is no future to compare with`);
  const commit = context.firstParent.find((candidate) => candidate.time < from);
  if (!commit) return skip(result, `no commit on HEAD's first-parent line was authored before ${isoDate(from)}`);
  result.commit = commit.sha;

  const history = new History(snapshot, context.rules, cutoff);
  const ledger = context.team.incidents.filter((incident) => secondsOf(incident.date) < from);
  const linesStarted = Date.now();
  const files = await listTree(context.repository.root, commit.sha, options.signal);
  const tree = new Map(files.map((file) => [file.path, file.blob]));
  const model = new RiskModel(history, context.team.config, ledger, FileSizes.ofTree(files, 'full'), new Set(tree.keys()));
  // The rated roles only (source code, by default): what the warnings are about.
  const rated = new Set<string>(context.team.config.risk.roles);
  const ranked = model.ranked.filter((risk) => tree.has(risk.path) && rated.has(risk.role));
  await countBlobLines(context.repository.root, ranked.map((risk) => tree.get(risk.path)!), context.lineCache, options.signal);
  context.timings.lines += Date.now() - linesStarted;
  if (ranked.length === 0) return skip(result, `no ${[...rated].join(' or ')} files to rank at ${isoDate(from)}`);

  const population: PopulationFile[] = ranked.map((risk) => ({ risk, stats: risk.stats, lines: context.lineCache.get(tree.get(risk.path)!) ?? 0, positive: false }));
  const truth = truthSets(context, history, population, windowCommits, from, to);
  for (const index of [...truth.fixes, ...truth.incidents]) population[index]!.positive = true;

  result.evaluated = true;
  result.population = population.length;
  result.lines = population.reduce((sum, file) => sum + file.lines, 0);
  result.top = topCount(population.length, options.topShare);
  result.warned = population.filter((file) => file.risk.level !== 'none').length;
  result.truthFromFixes = truth.fixes.size;
  result.truthFromIncidents = truth.incidents.size;
  result.truth = population.filter((file) => file.positive).length;
  result.enoughTruth = result.truth >= MIN_TRUTH;
  if (!result.enoughTruth) {
    result.notes.push(`only ${result.truth} of the ranked files were fixed in the window: too few to judge (fewer than ${MIN_TRUTH})`);
  }
  if (to > lastTime) result.notes.push(`the window ends after the last commit (${isoDate(lastTime)}): fixes after it are not known yet`);
  const inputs: MetricInputs = { population: result.population, truth: result.truth, top: result.top, totalLines: result.lines, effortShare: options.effortShare };
  result.metrics = modelMetrics(population, inputs);
  return result;
}

function skip(result: CutoffResult, reason: string): CutoffResult {
  result.reason = reason;
  return result;
}

/** Every model's ranking of the same files, measured the same way. */
function modelMetrics(population: readonly PopulationFile[], inputs: MetricInputs): Record<BacktestModel, Metrics> {
  const file = (entry: PopulationFile): RankedFile => ({ lines: entry.lines, positive: entry.positive });
  const by = (value: (entry: PopulationFile) => number): TieGroups => groupsByValue(population, value, file);
  // The model's own order (warned files by concentration, the others by reach), as `hotspots` shows it; equal keys tie.
  const changeRisk = tieGroups(population, (entry) => (entry.risk.level === 'none' ? `none ${entry.risk.reach}` : `warned ${entry.risk.concentration}`), file);
  return {
    changeRisk: rankingMetrics(changeRisk, inputs),
    random: randomMetrics(inputs),
    fixCount: rankingMetrics(by((entry) => entry.stats.fixCommits), inputs),
    commitCount: rankingMetrics(by((entry) => entry.stats.commits), inputs),
    recentCommits: rankingMetrics(by((entry) => entry.stats.recentCommits), inputs),
    fileSize: rankingMetrics(by((entry) => entry.lines), inputs),
    fixScore: rankingMetrics(by((entry) => entry.stats.fixScore), inputs),
  };
}

/**
 * Files of the population fixed in [from, to) — by fix commits (bulk and ignored revisions left out,
 * as the rules say) — and files of ledger incidents dated in it: affected paths (any name the file
 * ever had), fix and introducing commits, and commits from the cutoff on that name the incident.
 */
function truthSets(
  context: Context,
  history: History,
  population: readonly PopulationFile[],
  windowCommits: readonly number[],
  from: number,
  to: number,
): { fixes: Set<number>; incidents: Set<number> } {
  const { final } = context;
  const byId = new Map<number, number>();
  population.forEach((entry, index) => byId.set(history.record(entry.risk.path)!.id, index));
  const filesOf = (commit: number, into: Set<number>) => {
    const { commitFileOffsets, commitFileIds } = final.data;
    for (let k = commitFileOffsets[commit]!; k < commitFileOffsets[commit + 1]!; k++) {
      const index = byId.get(commitFileIds[k]!);
      if (index !== undefined) into.add(index);
    }
  };
  const fixes = new Set<number>();
  for (const commit of windowCommits) if (final.isFixCommit(commit)) filesOf(commit, fixes);

  const incidents = new Set<number>();
  const inWindow = context.team.incidents.filter((incident) => secondsOf(incident.date) >= from && secondsOf(incident.date) < to);
  if (inWindow.length === 0) return { fixes, incidents };
  const names = population.map((entry) => {
    const id = history.record(entry.risk.path)!.id;
    return [entry.risk.path, final.data.filePaths[id]!, ...(final.data.formerPaths.get(id) ?? [])];
  });
  const byIncidentId = (context.commitsByIncidentId ??= commitsByIncidentId(final));
  for (const incident of inWindow) {
    for (const affected of incident.affected) {
      const matches = isGlob(affected.path) ? globMatcher([affected.path]) : (name: string) => name === affected.path;
      names.forEach((list, index) => list.some(matches) && incidents.add(index));
    }
    for (const sha of [...incident.commits.fix, ...incident.commits.introduced]) {
      const commit = final.commitIndex(sha);
      if (commit !== undefined) filesOf(commit, incidents);
    }
    for (const commit of byIncidentId.get(incidentIdKey(incident.id)) ?? []) if (final.data.times[commit]! >= from) filesOf(commit, incidents);
  }
  return { fixes, incidents };
}

function summarise(context: Context, cutoffs: CutoffResult[]): BacktestReport {
  const { options } = context;
  const evaluated = cutoffs.filter((result) => result.evaluated);
  const judged = evaluated.filter((result) => result.enoughTruth);
  const averaged = judged.length > 0 ? judged : evaluated;
  const warnings: string[] = [];
  if (context.historySource.reason) warnings.push(`the history index could not be replayed (${context.historySource.reason}): the history was read from git instead`);
  if (context.repository.shallow) warnings.push('this is a shallow clone: the history before its boundary is missing, so past rankings are underestimated');
  for (const result of cutoffs) if (!result.evaluated) warnings.push(`cutoff ${isoDate(result.cutoff.getTime() / 1000)} skipped: ${result.reason}`);
  if (evaluated.length > 0 && judged.length === 0) {
    warnings.push(`no window had at least ${MIN_TRUTH} fixed files: the figures are too thin to judge the ranking by`);
  } else if (judged.length < evaluated.length) {
    warnings.push(`${evaluated.length - judged.length} cutoff(s) with fewer than ${MIN_TRUTH} fixed files are left out of the averages`);
  }
  const average = averaged.length > 0 ? averageMetrics(averaged) : undefined;
  const bestBaseline = average ? bestBaselineOf(average) : undefined;
  return {
    root: context.repository.root,
    head: context.repository.head,
    windowMonths: options.windowMonths,
    topShare: options.topShare,
    effortShare: options.effortShare,
    roles: [...context.team.config.risk.roles],
    ...(averaged.length > 0 ? { warnedShare: averaged.reduce((sum, result) => sum + result.warned / result.population, 0) / averaged.length } : {}),
    minTruth: MIN_TRUTH,
    cutoffs,
    ...(average ? { average } : {}),
    averagedOver: averaged.map((result) => result.cutoff),
    ...(bestBaseline ? { bestBaseline } : {}),
    summary: summarySentence(average, options, averaged.length, judged.length > 0),
    warnings,
    timings: context.timings,
    historySource: context.historySource,
  };
}

function averageMetrics(results: readonly CutoffResult[]): Record<BacktestModel, Metrics> {
  const mean = (values: (number | null)[]): number | null => {
    const known = values.filter((value): value is number => value !== null);
    return known.length === 0 ? null : known.reduce((sum, value) => sum + value, 0) / known.length;
  };
  const average = {} as Record<BacktestModel, Metrics>;
  for (const model of BACKTEST_MODELS) {
    const metrics = results.map((result) => result.metrics![model]);
    average[model] = {
      recall: mean(metrics.map((m) => m.recall)),
      precision: mean(metrics.map((m) => m.precision)),
      effortRecall: mean(metrics.map((m) => m.effortRecall)),
    };
  }
  return average;
}

function bestBaselineOf(average: Record<BacktestModel, Metrics>, measure: 'recall' | 'effortRecall' = 'recall'): BacktestModel | undefined {
  let best: BacktestModel | undefined;
  for (const model of BACKTEST_MODELS) {
    if (model === 'changeRisk' || average[model][measure] === null) continue;
    if (best === undefined || average[model][measure]! > average[best][measure]!) best = model;
  }
  return best;
}

export function formatShare(share: number | null, decimals = 0): string {
  return share === null ? '—' : `${(share * 100).toFixed(decimals)}%`;
}

/** What the recall says, then what the effort-aware recall says, in plain sentences. */
function summarySentence(average: Record<BacktestModel, Metrics> | undefined, options: Context['options'], cutoffCount: number, judged: boolean): string {
  if (!average || average.changeRisk.recall === null) return 'No cutoff had fixed files to compare with: nothing can be said about the warnings yet.';
  const over = cutoffCount === 1 ? 'At one cutoff' : `On average over ${cutoffCount} cutoffs`;
  const window = options.windowMonths === 1 ? 'month' : `${options.windowMonths} months`;
  const [caught, caughtByBest] = comparison(average, 'recall', 'caught');
  const [held, heldByBest] = comparison(average, 'effortRecall', 'held');
  const caveat = judged ? '' : ' Too few fixed files to judge.';
  return (
    `${over}, Change Risk's top ${formatShare(options.topShare)} caught ${caught} of the files fixed in the next ${window}${caughtByBest}. ` +
    `Read in its order, the first ${formatShare(options.effortShare)} of the lines held ${held} of them${heldByBest}.${caveat}`
  );
}

/** Change Risk's figure and the best baseline's clause, with one decimal when whole percents would hide which is ahead. */
function comparison(average: Record<BacktestModel, Metrics>, measure: 'recall' | 'effortRecall', verb: string): [string, string] {
  const ours = average.changeRisk[measure];
  const best = bestBaselineOf(average, measure);
  const theirs = best ? average[best][measure] : null;
  const decimals = theirs !== null && formatShare(ours) === formatShare(theirs) && ours !== theirs ? 1 : 0;
  return [formatShare(ours, decimals), best ? `; the best baseline (${MODEL_LABELS[best]}) ${verb} ${formatShare(theirs, decimals)}` : ''];
}

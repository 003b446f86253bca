import {
  BACKTEST_MODELS,
  BacktestError,
  DEFAULT_CUTOFF_COUNT,
  DEFAULT_EFFORT_SHARE,
  DEFAULT_TOP_SHARE,
  DEFAULT_WINDOW_MONTHS,
  MIN_TRUTH,
  MODEL_LABELS,
  runBacktest,
  type BacktestReport,
  type CutoffResult,
} from '../../core/backtest/backtest';
import type { Metrics } from '../../core/backtest/metrics';
import { backtestTables } from '../../core/backtest/reportTables';
import { runChangeBacktest } from '../../core/backtest/changeBacktest';
import { changeBacktestJson, changeBacktestTables } from '../../core/backtest/changeBacktestTables';
import type { IndexProgress } from '../../core/history/historyLoader';
import { calendarDate, isoDate } from '../../core/risk/format';
import { JSON_SCHEMA_VERSION } from '../../core/reportJson';
import { ExitCode, UsageError, type Command } from '../cliTypes';
import { painter, printError, printJson, printLines, table, writeProgress as writeStatus } from '../output';
import { ENGINE_OPTIONS, openEngine } from '../engineOptions';

export const backtestCommand: Command = {
  name: 'backtest',
  summary: "check the warnings on the repository's own history: were the flagged files where the next fixes landed?",
  usage: 'change-risk backtest [--at DATE[,DATE…]] [--window 6m] [--top 10%] [--json] [--changes]',
  details: `For each cutoff date, ranks the source files (the roles in risk.roles) as Change Risk would have
ranked them then (history before the cutoff, incidents dated before it), and counts how many of the
files fixed by a human fix or revert commit — or hit by a ledger incident — in the window after the
cutoff were in the top share, next to simple baselines ranked on the
same files: random, fix count, commit count, commits in the last 6 months, file size and the
time-weighted fix score used at Google. Dates are author dates. The past is replayed from the history
index (read from its cache like the other commands', or from git once when there is none).

With --changes, judges changes instead of files: for each cutoff, trains the change-risk model on the
changes before it and scores the changes of the window after it — were the changes that needed a fix
within 60 days (SZZ) the ones it rated risky? AUC, recall at 20% of the changed lines (effort-aware)
and calibration by decile, next to the same model on lines added alone, on Kamei et al.'s features
alone, and random scores (docs/change-risk-evaluation.md).

Options:
  --changes          judge the change-level model instead of the file ranking
  --at DATES         cutoff dates, comma-separated YYYY-MM-DD (default: ${DEFAULT_CUTOFF_COUNT} dates one window apart,
                     the last one a window before the last commit)
  --window N         how far after a cutoff to look for fixes: 6m, 12m, 1y (default ${DEFAULT_WINDOW_MONTHS}m)
  --top SHARE        share of the files counted as flagged: 10% or 0.1 (default ${DEFAULT_TOP_SHARE * 100}%)
  --json             machine-readable output (shape: docs/cli.md)
  --repo PATH        repository to analyse (default: the current folder)
  --cache-dir DIR    history index cache (as for the other commands)
  --no-cache         index from scratch and write no cache

Measures, per cutoff and averaged: recall and precision in the top share of the files, and the recall
when files are read in rank order until ${DEFAULT_EFFORT_SHARE * 100}% of the lines of code are read (effort-aware). Ties
count at random, in expectation. A window with fewer than ${MIN_TRUTH} fixed files is too few to judge and is
left out of the averages when others have enough.`,
  options: {
    at: { type: 'string' },
    window: { type: 'string' },
    top: { type: 'string' },
    json: { type: 'boolean' },
    repo: { type: 'string' },
    changes: { type: 'boolean' },
    'cache-dir': ENGINE_OPTIONS['cache-dir'],
    'no-cache': ENGINE_OPTIONS['no-cache'],
  },
  async run({ values }) {
    const cutoffs = typeof values.at === 'string' ? parseCutoffs(values.at) : undefined;
    const windowMonths = parseWindow(values.window);
    if (values.changes) return runChanges(values, cutoffs, windowMonths);
    const topShare = parseTop(values.top);
    // The index the other commands read (cached): the backtest replays it instead of reading git again.
    const engine = await openEngine({ values, positionals: [] });
    const report = await reportingErrors(writeProgress, (onProgress) => runBacktest({ engine, ...(cutoffs ? { cutoffs } : {}), windowMonths, topShare, ...onProgress }));
    if (!report) return ExitCode.failure;
    if (values.json) printJson(backtestJson(report));
    else printLines(renderReport(report));
    if (!report.cutoffs.some((result) => result.evaluated)) {
      if (!values.json) for (const result of report.cutoffs) printError(`change-risk: cutoff ${dateOf(result.cutoff)}: ${result.reason}`);
      printError('change-risk: no cutoff could be evaluated; choose dates inside the history with --at');
      return cutoffs ? ExitCode.usage : ExitCode.failure;
    }
    return ExitCode.ok;
  },
};

/** `backtest --changes`: the change-level model on the same cutoffs (`--top` does not apply). */
async function runChanges(values: Record<string, unknown>, cutoffs: Date[] | undefined, windowMonths: number): Promise<number> {
  if (values.top !== undefined) throw new UsageError('--top ranks files: it does not apply with --changes');
  const progress = (step: IndexProgress) => writeStatus('\r\x1b[K', `${step.message}: ${step.done}${step.total ? `/${step.total}` : ''}`);
  const report = await reportingErrors(progress, (onProgress) =>
    runChangeBacktest({ folder: typeof values.repo === 'string' ? values.repo : process.cwd(), ...(cutoffs ? { cutoffs } : {}), windowMonths, ...onProgress }),
  );
  if (!report) return ExitCode.failure;
  if (values.json) printJson(changeBacktestJson(report));
  else {
    const paint = painter(process.stdout);
    const tables = changeBacktestTables(report);
    const lines = [tables.headline, ''];
    const bold = (rows: string[]) => [paint.bold(rows[0]!), ...rows.slice(1)];
    lines.push(...bold(table(tables.cutoffs, tables.cutoffNumeric)));
    if (tables.models) lines.push('', ...bold(table(tables.models, [1, 2, 3])), paint.dim(tables.footnote!));
    if (tables.comparison) lines.push('', ...bold(table(tables.comparison, [1, 2, 3, 4, 5, 6])), paint.dim(tables.comparisonFootnote!));
    if (tables.calibration) lines.push('', 'Calibration of the Change Risk model (averaged cutoffs, by decile of predicted probability):', ...bold(table(tables.calibration, [0, 1, 2, 3])));
    for (const warning of tables.warnings) lines.push(`warning: ${warning}`);
    lines.push('', tables.summary);
    printLines(lines);
  }
  if (!report.cutoffs.some((result) => result.evaluated)) {
    printError('change-risk: no cutoff could be evaluated; choose dates inside the history with --at');
    return cutoffs ? ExitCode.usage : ExitCode.failure;
  }
  return ExitCode.ok;
}

/**
 * Runs a backtest with progress on stderr when it is a terminal (cleared at the end); a BacktestError is
 * printed and gives undefined.
 */
async function reportingErrors<T>(write: (progress: IndexProgress) => void, run: (onProgress: { onProgress?: (progress: IndexProgress) => void }) => Promise<T>): Promise<T | undefined> {
  const showProgress = Boolean(process.stderr.isTTY);
  try {
    return await run(showProgress ? { onProgress: write } : {});
  } catch (error) {
    if (!(error instanceof BacktestError)) throw error;
    printError(`change-risk: ${error.message}`);
    return undefined;
  } finally {
    if (showProgress) writeStatus('\r\x1b[K');
  }
}

function writeProgress(progress: IndexProgress): void {
  const total = progress.total ? `/${progress.total}` : '';
  const unit = progress.message.startsWith('Reading') || progress.message.startsWith('Replaying') ? ' commits' : ' cutoffs done';
  writeStatus('\r\x1b[K', `${progress.message}: ${progress.done}${total}${unit}`);
}

function parseCutoffs(value: string): Date[] {
  const parts = value.split(',').map((part) => part.trim()).filter(Boolean);
  if (parts.length === 0) throw new UsageError('--at takes one or more dates, YYYY-MM-DD[,YYYY-MM-DD…]');
  return parts.map((part) => {
    const date = calendarDate(part);
    if (!date) throw new UsageError(`--at: "${part}" is not a date (use YYYY-MM-DD)`);
    return date;
  });
}

function parseWindow(value: string | boolean | undefined): number {
  if (value === undefined) return DEFAULT_WINDOW_MONTHS;
  const match = typeof value === 'string' ? /^(\d+)\s*(m|mo|months?|y|years?)?$/i.exec(value.trim()) : null;
  const months = match ? Number(match[1]) * (match[2]?.toLowerCase().startsWith('y') ? 12 : 1) : NaN;
  if (!Number.isInteger(months) || months < 1) throw new UsageError(`--window takes a number of months or years, e.g. 6m or 1y; got "${String(value)}"`);
  return months;
}

function parseTop(value: string | boolean | undefined): number {
  if (value === undefined) return DEFAULT_TOP_SHARE;
  const text = String(value).trim();
  const share = text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
  if (text === '' || !(share > 0 && share <= 1)) throw new UsageError(`--top takes a share of the files, e.g. 10% or 0.1; got "${String(value)}"`);
  return share;
}

function dateOf(date: Date): string {
  return isoDate(date.getTime() / 1000);
}

function renderReport(report: BacktestReport): string[] {
  const paint = painter(process.stdout);
  const tables = backtestTables(report);
  const lines = [tables.headline, ''];
  const cutoffTable = table(tables.cutoffs, tables.cutoffNumeric);
  lines.push(paint.bold(cutoffTable[0]!), ...cutoffTable.slice(1));
  if (tables.models) {
    const modelTable = table(tables.models, tables.models[0]!.map((_, i) => i).slice(1));
    lines.push('', paint.bold(modelTable[0]!), ...modelTable.slice(1));
    lines.push(paint.dim(tables.footnote!));
  }
  for (const warning of tables.warnings) lines.push(`warning: ${warning}`);
  lines.push('', tables.summary);
  return lines;
}

const round = (value: number | null) => (value === null ? null : Number(value.toFixed(4)));

function metricsJson(metrics: Metrics) {
  return { recall: round(metrics.recall), precision: round(metrics.precision), effortRecall: round(metrics.effortRecall) };
}

function modelsJson(metrics: Record<(typeof BACKTEST_MODELS)[number], Metrics>) {
  return Object.fromEntries(BACKTEST_MODELS.map((model) => [model, metricsJson(metrics[model])]));
}

function cutoffJson(result: CutoffResult) {
  return {
    cutoff: dateOf(result.cutoff),
    windowEnd: dateOf(result.windowEnd),
    evaluated: result.evaluated,
    reason: result.reason ?? null,
    commit: result.commit ?? null,
    commitsBefore: result.commitsBefore,
    commitsInWindow: result.commitsInWindow,
    population: result.population,
    lines: result.lines,
    top: result.top,
    warned: result.warned,
    truth: result.truth,
    truthFromFixes: result.truthFromFixes,
    truthFromIncidents: result.truthFromIncidents,
    enoughTruth: result.enoughTruth,
    notes: result.notes,
    models: result.metrics ? modelsJson(result.metrics) : null,
  };
}

export function backtestJson(report: BacktestReport) {
  return {
    schemaVersion: JSON_SCHEMA_VERSION,
    repository: { root: report.root, head: report.head ?? null },
    windowMonths: report.windowMonths,
    topShare: report.topShare,
    effortShare: report.effortShare,
    roles: report.roles,
    warnedShare: report.warnedShare ?? null,
    minTruth: report.minTruth,
    models: BACKTEST_MODELS.map((model) => ({ id: model, label: MODEL_LABELS[model] })),
    cutoffs: report.cutoffs.map(cutoffJson),
    average: report.average ? modelsJson(report.average) : null,
    averagedOver: report.averagedOver.map(dateOf),
    bestBaseline: report.bestBaseline ?? null,
    summary: report.summary,
    warnings: report.warnings,
    timings: report.timings,
  };
}

/**
 * The change backtest's report as rows of text and as JSON, for the CLI (`backtest --changes`).
 * Pure: a report in, strings and plain objects out.
 */
import { JSON_SCHEMA_VERSION } from '../reportJson';
import { isoDate } from '../risk/format';
import { formatShare } from './backtest';
import { CHANGE_BASELINES, CHANGE_MODEL_LABELS, CHANGE_MODELS, MIN_POSITIVES, type ChangeBacktestReport, type ChangeCutoffResult, type ChangeMetrics, type ChangeModel } from './changeBacktest';
import type { CalibrationBin, DifferenceInterval, ModelComparison } from './changeBacktestMetrics';

export interface ChangeBacktestTables {
  headline: string;
  /** Header row first. */
  cutoffs: string[][];
  cutoffNumeric: number[];
  /** Header row first; undefined when no cutoff was evaluated. */
  models?: string[][];
  /** Header row first: the Change Risk model minus each baseline, with bootstrap intervals and cutoffs ahead. */
  comparison?: string[][];
  comparisonFootnote?: string;
  /** Header row first: the Change Risk model's calibration by decile over the averaged cutoffs. */
  calibration?: string[][];
  footnote?: string;
  warnings: string[];
  summary: string;
}

const date = (value: Date) => isoDate(value.getTime() / 1000);
const fixed = (value: number | null, digits = 3) => (value === null ? '—' : value.toFixed(digits));

export function changeBacktestTables(report: ChangeBacktestReport): ChangeBacktestTables {
  const effort = formatShare(report.effortShare);
  const headline =
    `Change backtest · HEAD ${report.head?.slice(0, 7) ?? '-'} · ${report.changes} changes to ${report.roles.join(' and ')} files · ${report.windowMonths}-month windows · ` +
    `fix-inducing: a fix within ${report.labelWindowDays} days · effort: ${effort} of the changed lines`;
  const cutoffs = [['CUTOFF', 'TRAINED ON', 'OF THEM FIX-INDUCING', 'SCORED', 'FIX-INDUCING', 'LINES', 'AUC', 'AUC (LINES ADDED)', 'NOTE']];
  for (const result of report.cutoffs) {
    if (!result.evaluated) {
      cutoffs.push([date(result.cutoff), String(result.trainedOn.changes), String(result.trainedOn.positives), '-', '-', '-', '-', '-', `skipped: ${result.reason}`]);
      continue;
    }
    const note = result.enoughPositives ? '' : `fewer than ${MIN_POSITIVES} fix-inducing: not averaged`;
    cutoffs.push([
      date(result.cutoff),
      String(result.trainedOn.changes),
      String(result.trainedOn.positives),
      String(result.changes),
      String(result.positives),
      String(result.lines),
      fixed(result.metrics!.changeRisk.auc),
      fixed(result.metrics!.linesAdded.auc),
      note,
    ]);
  }
  const tables: ChangeBacktestTables = { headline, cutoffs, cutoffNumeric: [1, 2, 3, 4, 5, 6, 7], warnings: [...report.warnings], summary: report.summary };
  if (report.average) {
    tables.models = [['MODEL', 'AUC', `RECALL@${effort}LINES`, 'ECE']];
    for (const model of CHANGE_MODELS) {
      const average = report.average[model];
      tables.models.push([CHANGE_MODEL_LABELS[model], fixed(average.auc), formatShare(average.effortRecall, 1), average.ece === null ? '—' : formatShare(average.ece, 1)]);
    }
    tables.footnote =
      `Averages over ${report.averagedOver.length} cutoff(s) with at least ${MIN_POSITIVES} fix-inducing changes. RECALL@${effort}LINES: changes reviewed in order of ` +
      `predicted risk per changed line until ${effort} of the lines are read (random: in random order). ECE: expected calibration error by decile. ` +
      `Fix-inducing among the scored changes: ${formatShare(report.positiveRate ?? null, 1)}.`;
  }
  if (report.comparison) {
    tables.comparison = [['CHANGE RISK MINUS', 'AUC', '95% INTERVAL', 'AHEAD ON', `RECALL@${effort}LINES`, '95% INTERVAL', 'AHEAD ON']];
    for (const baseline of CHANGE_BASELINES) {
      const comparison = report.comparison[baseline];
      tables.comparison.push([
        CHANGE_MODEL_LABELS[baseline],
        signed(comparison.auc?.difference ?? null, 3),
        interval(comparison.auc, 3),
        `${comparison.aucWins}/${comparison.cutoffs}`,
        signed(points(comparison.effortRecall?.difference), 1),
        interval(comparison.effortRecall, 1, 100),
        `${comparison.effortRecallWins}/${comparison.cutoffs}`,
      ]);
    }
    tables.comparisonFootnote =
      'Differences of the averages (recall in percentage points); 95% INTERVAL: a paired bootstrap over each cutoff\'s scored changes — an interval that includes 0 means this history does not tell the two apart. AHEAD ON: cutoffs where Change Risk measured higher.';
  }
  if (report.calibration && report.calibration.bins.length > 0) {
    tables.calibration = [['DECILE', 'CHANGES', 'PREDICTED', 'OBSERVED']];
    report.calibration.bins.forEach((bin, k) => tables.calibration!.push([String(k + 1), String(bin.changes), formatShare(bin.predicted, 1), formatShare(bin.observed, 1)]));
  }
  return tables;
}

const signed = (value: number | null, digits: number) => (value === null ? '—' : `${value >= 0 ? '+' : ''}${value.toFixed(digits)}`);
const points = (value: number | undefined) => (value === undefined ? null : value * 100);
const interval = (range: DifferenceInterval | null, digits: number, scale = 1) => (range ? `[${signed(range.low * scale, digits)}, ${signed(range.high * scale, digits)}]` : '—');

const round = (value: number | null) => (value === null ? null : Number(value.toFixed(4)));

function intervalJson(range: DifferenceInterval | null) {
  return range ? { difference: round(range.difference), low: round(range.low), high: round(range.high) } : null;
}

function comparisonJson(comparison: ModelComparison) {
  return { cutoffs: comparison.cutoffs, auc: intervalJson(comparison.auc), effortRecall: intervalJson(comparison.effortRecall), aucWins: comparison.aucWins, effortRecallWins: comparison.effortRecallWins };
}

function metricsJson(metrics: ChangeMetrics) {
  return { auc: round(metrics.auc), effortRecall: round(metrics.effortRecall), ece: round(metrics.ece) };
}

function modelsJson(metrics: Record<ChangeModel, ChangeMetrics>) {
  return Object.fromEntries(CHANGE_MODELS.map((model) => [model, metricsJson(metrics[model])]));
}

function binsJson(bins: readonly CalibrationBin[]) {
  return bins.map((bin) => ({ changes: bin.changes, predicted: round(bin.predicted), observed: round(bin.observed) }));
}

function cutoffJson(result: ChangeCutoffResult) {
  return {
    cutoff: date(result.cutoff),
    windowEnd: date(result.windowEnd),
    evaluated: result.evaluated,
    reason: result.reason ?? null,
    trainedOn: result.trainedOn,
    changes: result.changes,
    positives: result.positives,
    lines: result.lines,
    enoughPositives: result.enoughPositives,
    models: result.metrics ? modelsJson(result.metrics) : null,
    calibration: result.calibration ? binsJson(result.calibration) : null,
  };
}

export function changeBacktestJson(report: ChangeBacktestReport) {
  const model = report.lastModel;
  return {
    schemaVersion: JSON_SCHEMA_VERSION,
    kind: 'changes',
    repository: { root: report.root, head: report.head ?? null },
    windowMonths: report.windowMonths,
    labelWindowDays: report.labelWindowDays,
    effortShare: report.effortShare,
    halfLifeYears: report.halfLifeYears,
    l2: report.l2,
    roles: report.roles,
    changes: report.changes,
    minPositives: MIN_POSITIVES,
    models: CHANGE_MODELS.map((id) => ({ id, label: CHANGE_MODEL_LABELS[id] })),
    cutoffs: report.cutoffs.map(cutoffJson),
    average: report.average ? modelsJson(report.average) : null,
    comparison: report.comparison ? Object.fromEntries(CHANGE_BASELINES.map((baseline) => [baseline, comparisonJson(report.comparison![baseline])])) : null,
    averagedOver: report.averagedOver.map(date),
    positiveRate: round(report.positiveRate ?? null),
    calibration: report.calibration ? { bins: binsJson(report.calibration.bins), ece: round(report.calibration.ece) } : null,
    lastModel: model
      ? {
          cutoff: isoDate(model.cutoff),
          baseRate: round(model.baseRate),
          intercept: round(model.intercept),
          coefficients: Object.fromEntries(model.features.map((feature, j) => [feature, round(model.coefficients[j]!)])),
          trainedOn: model.trainedOn,
        }
      : null,
    summary: report.summary,
    warnings: report.warnings,
    timings: report.timings,
  };
}

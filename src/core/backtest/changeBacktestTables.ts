/**
 * The change backtest's report as rows of text and as JSON, for the CLI (`backtest --changes`).
 * Pure: a report in, strings and plain objects out.
 */
import { JSON_SCHEMA_VERSION } from '../reportJson';
import { isoDate } from '../risk/format';
import { formatShare } from './backtest';
import { CHANGE_MODEL_LABELS, CHANGE_MODELS, MIN_POSITIVES, type ChangeBacktestReport, type ChangeCutoffResult, type ChangeMetrics, type ChangeModel } from './changeBacktest';
import type { CalibrationBin } from './changeBacktestMetrics';

export interface ChangeBacktestTables {
  headline: string;
  /** Header row first. */
  cutoffs: string[][];
  cutoffNumeric: number[];
  /** Header row first; undefined when no cutoff was evaluated. */
  models?: string[][];
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
  if (report.calibration && report.calibration.bins.length > 0) {
    tables.calibration = [['DECILE', 'CHANGES', 'PREDICTED', 'OBSERVED']];
    report.calibration.bins.forEach((bin, k) => tables.calibration!.push([String(k + 1), String(bin.changes), formatShare(bin.predicted, 1), formatShare(bin.observed, 1)]));
  }
  return tables;
}

const round = (value: number | null) => (value === null ? null : Number(value.toFixed(4)));

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

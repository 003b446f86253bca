/**
 * The backtest report as rows of text, shared by the CLI (plain-text table) and the editor (Markdown).
 * Pure: a report in, strings out.
 */
import { isoDate } from '../risk/format';
import { BACKTEST_MODELS, MODEL_LABELS, formatShare, type BacktestReport } from './backtest';

export interface BacktestTables {
  /** "Backtest · HEAD 85e302c · 6-month windows · top 10% of the files · …" */
  headline: string;
  /** Header row first. */
  cutoffs: string[][];
  /** Right-aligned columns of `cutoffs`. */
  cutoffNumeric: number[];
  /** Header row first; undefined when no cutoff was evaluated. */
  models?: string[][];
  /** What the model columns mean; with `models`. */
  footnote?: string;
  warnings: string[];
  summary: string;
}

export function cutoffDate(date: Date): string {
  return isoDate(date.getTime() / 1000);
}

export function backtestTables(report: BacktestReport): BacktestTables {
  const top = formatShare(report.topShare, report.topShare * 100 < 1 ? 1 : 0);
  const headline = `Backtest · HEAD ${report.head?.slice(0, 7) ?? '-'} · ${report.windowMonths}-month windows · top ${top} of the ${report.roles.join(' and ')} files · effort: ${formatShare(report.effortShare)} of the lines${report.warnedShare !== undefined ? ` · ${formatShare(report.warnedShare, 1)} of them warned about` : ''}`;
  const cutoffs = [['CUTOFF', 'COMMIT', 'FILES', 'LINES', 'FIXED', 'TOP', 'WARNED', 'NOTE']];
  for (const result of report.cutoffs) {
    const note = result.evaluated ? result.notes.join('; ') : `skipped: ${result.reason}`;
    if (!result.evaluated) cutoffs.push([cutoffDate(result.cutoff), '-', '-', '-', '-', '-', '-', note]);
    else cutoffs.push([cutoffDate(result.cutoff), result.commit!.slice(0, 7), String(result.population), String(result.lines), String(result.truth), String(result.top), String(result.warned), note]);
  }
  const tables: BacktestTables = { headline, cutoffs, cutoffNumeric: [2, 3, 4, 5, 6], warnings: [...report.warnings], summary: report.summary };
  const evaluated = report.cutoffs.filter((result) => result.evaluated);
  if (evaluated.length > 0 && report.average) {
    const averaged = new Set(report.averagedOver.map((date) => date.getTime()));
    const effort = formatShare(report.effortShare);
    const models = [['MODEL', ...evaluated.map((result) => `${cutoffDate(result.cutoff)}${averaged.has(result.cutoff.getTime()) ? '' : '*'}`), 'RECALL', 'PRECISION', `RECALL@${effort}LOC`]];
    for (const model of BACKTEST_MODELS) {
      const average = report.average[model];
      models.push([
        MODEL_LABELS[model],
        ...evaluated.map((result) => formatShare(result.metrics![model].recall)),
        formatShare(average.recall, 1),
        formatShare(average.precision, 1),
        formatShare(average.effortRecall, 1),
      ]);
    }
    tables.models = models;
    tables.footnote = `Per cutoff: recall in the top ${top}. RECALL, PRECISION (top ${top}) and RECALL@${effort}LOC are averages over ${report.averagedOver.length} cutoff(s)${evaluated.length > report.averagedOver.length ? '; * = too few fixed files, not averaged' : ''}.`;
  }
  return tables;
}

/** A Markdown table; cells escaped for `|`, backslashes and line breaks. */
export function markdownTable(rows: readonly (readonly string[])[], numeric: readonly number[] = []): string[] {
  const [header, ...body] = rows;
  if (!header) return [];
  const cell = (text: string) => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const line = (row: readonly string[]) => `| ${row.map(cell).join(' | ')} |`;
  return [line(header), `|${header.map((_, i) => (numeric.includes(i) ? ' ---: ' : ' --- ')).join('|')}|`, ...body.map(line)];
}

/** The report as a Markdown page (the editor's "Check Accuracy" document). */
export function backtestMarkdown(report: BacktestReport, repositoryName: string): string {
  const tables = backtestTables(report);
  const lines = [`# Change Risk: accuracy on ${repositoryName}`, '', `**${tables.summary}**`, '', tables.headline, '', '## Cutoffs', '', ...markdownTable(tables.cutoffs, tables.cutoffNumeric)];
  if (tables.models) {
    lines.push('', '## Models', '', ...markdownTable(tables.models, tables.models[0]!.map((_, i) => i).slice(1)), '', `_${tables.footnote}_`);
  }
  if (tables.warnings.length > 0) lines.push('', ...tables.warnings.map((warning) => `> ⚠️ ${warning}`));
  lines.push(
    '',
    'How to read it: for each cutoff date, the files are ranked as Change Risk would have ranked them then, and the table counts how many of the files fixed in the following window were in the top share, next to simple baselines ranked on the same files. Same as `change-risk backtest`.',
    '',
  );
  return lines.join('\n');
}

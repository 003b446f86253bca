/**
 * Stacked bar charts as inline SVG, for the incident analysis webview. Pure: data in, markup out. The SVG
 * scales to the panel's width (a fixed viewBox); every category gets a bar slot, empty ones included, so the
 * x axis is a real time axis; labels are placed so none is cut at either edge. Colours are CSS classes
 * (media/analysis.css, VS Code theme variables): the CSP forbids style attributes.
 */
import * as l10n from '@vscode/l10n';
import type { Cell } from '../../core/risk/incidentAnalysis';
import { escapeHtml } from '../markdown';

export interface ChartStack {
  label: string;
  /** CSS class giving its colour. */
  cls: string;
  /** One per category. */
  cells: Cell[];
}

export interface BarChart {
  ariaLabel: string;
  /** Category keys along the x axis (months `YYYY-MM`, or budget period labels), none skipped. */
  categories: string[];
  stacks: ChartStack[];
  /** Label every k-th category only at these k (a month axis labels January, April…). */
  labelSteps?: number[];
  /** Which categories may carry a label when every k-th is labelled. */
  labelAt?: (index: number, step: number) => boolean;
  budget?: { limit: number; label: string; overBudget: readonly number[] };
  /** A shorter chart (the budget charts, one per kind). */
  compact?: boolean;
}

const WIDTH = 960;
const LEFT = 44;
const TOP = 18;
const FONT_WIDTH = 7.2; // average advance of the 12-unit font (media/analysis.css), to keep labels apart and inside the box
const DEFAULT_STEPS = [1, 2, 3, 4, 6, 12, 24, 48];

/** 1, 2 or 5 times a power of ten: gridlines a reader can count. */
export function niceStep(max: number): number {
  const rough = Math.max(max, 1) / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= rough)!;
  return Math.max(1, step);
}

export function incidentCount(count: number): string {
  return count === 1 ? l10n.t('1 incident') : l10n.t('{0} incidents', count);
}

function idsOf(cells: readonly Cell[]): string {
  return [...new Set(cells.flatMap((cell) => cell.incidentIds))].join(' ');
}

export function barChartSvg(chart: BarChart): string {
  const { categories, stacks, budget } = chart;
  const height = chart.compact ? 170 : 250;
  const bottom = height - 44;
  // A budget chart keeps room right of the plot for the budget line's label.
  const right = WIDTH - (budget ? 80 : 36);
  const totals = categories.map((_, i) => stacks.reduce((sum, stack) => sum + stack.cells[i]!.count, 0));
  const step = niceStep(Math.max(...totals, budget?.limit ?? 0, 1));
  const top = Math.ceil(Math.max(...totals, (budget?.limit ?? 0) + 0.5, 1) / step) * step;
  const y = (value: number) => bottom - (value / top) * (bottom - TOP);
  const band = (right - LEFT) / Math.max(categories.length, 1);
  const barWidth = Math.max(1, Math.min(band * 0.72, 48));
  const centre = (i: number) => LEFT + band * (i + 0.5);

  const grid: string[] = [];
  for (let value = 0; value <= top; value += step) {
    grid.push(`<line class="grid" x1="${LEFT}" x2="${right}" y1="${y(value).toFixed(1)}" y2="${y(value).toFixed(1)}"/>`);
    grid.push(`<text class="tick" x="${LEFT - 6}" y="${(y(value) + 4).toFixed(1)}" text-anchor="end">${value}</text>`);
  }

  const over = new Set(budget?.overBudget ?? []);
  const bars = categories.map((category, i) => {
    const cells = stacks.map((stack) => stack.cells[i]!);
    const label = escapeHtml(category);
    if (totals[i] === 0) return `<g class="bar empty" data-month="${label}"><title>${escapeHtml(l10n.t('{0}: no incidents', category))}</title></g>`;
    let base = 0;
    const segments = stacks
      .map((stack, s) => {
        const cell = cells[s]!;
        if (cell.count === 0) return '';
        const y0 = y(base + cell.count);
        const height = y(base) - y0;
        base += cell.count;
        const what = l10n.t('{0}: {1} × {2}', category, cell.count, stack.label);
        return `<rect class="${stack.cls}" x="${(centre(i) - barWidth / 2).toFixed(1)}" y="${y0.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${height.toFixed(1)}" data-ids="${escapeHtml(idsOf([cell]))}" data-label="${escapeHtml(`${category} · ${stack.label}`)}"><title>${escapeHtml(what)}</title></rect>`;
      })
      .join('');
    const parts = stacks.flatMap((stack, s) => (cells[s]!.count > 0 ? [`${cells[s]!.count} ${stack.label}`] : [])).join(', ');
    const isOver = over.has(i);
    const count = incidentCount(totals[i]!);
    const aria = isOver ? l10n.t('{0}: {1} ({2}), over budget. Show them.', category, count, parts) : l10n.t('{0}: {1} ({2}). Show them.', category, count, parts);
    const mark = isOver ? `<text class="over-mark" x="${centre(i).toFixed(1)}" y="${(y(totals[i]!) - 4).toFixed(1)}" text-anchor="middle" aria-hidden="true">▲</text>` : '';
    return `<g class="bar${isOver ? ' over' : ''}" data-month="${label}" role="button" tabindex="0" aria-label="${escapeHtml(aria)}" data-ids="${escapeHtml(idsOf(cells))}" data-label="${label}">${segments}${mark}</g>`;
  });

  const labels = axisLabels(chart, band).map(({ index, text }) => {
    const width = text.length * FONT_WIDTH;
    // Centred on its bar, but pulled in at either edge so it is never cut.
    const x = Math.min(Math.max(centre(index), width / 2 + 2), WIDTH - width / 2 - 2);
    return `<line class="axis" x1="${centre(index).toFixed(1)}" x2="${centre(index).toFixed(1)}" y1="${bottom}" y2="${bottom + 4}"/><text class="label" x="${x.toFixed(1)}" y="${bottom + 18}" text-anchor="middle">${escapeHtml(text)}</text>`;
  });

  let budgetLine = '';
  if (budget) {
    const at = y(budget.limit).toFixed(1);
    budgetLine = `<g class="budget"><line class="budget-line" x1="${LEFT}" x2="${right}" y1="${at}" y2="${at}"/><text class="budget-label" x="${right + 6}" y="${(Number(at) + 4).toFixed(1)}" text-anchor="start">${escapeHtml(budget.label)}</text></g>`;
  }

  return `<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" preserveAspectRatio="xMinYMin meet" role="group" aria-label="${escapeHtml(chart.ariaLabel)}">${grid.join('')}<line class="axis" x1="${LEFT}" x2="${right}" y1="${bottom}" y2="${bottom}"/><line class="axis" x1="${LEFT}" x2="${LEFT}" y1="${TOP}" y2="${bottom}"/>${bars.join('')}${budgetLine}${labels.join('')}</svg>`;
}

/** Every k-th category, k the smallest step at which labels do not overlap. */
function axisLabels(chart: BarChart, band: number): { index: number; text: string }[] {
  const widest = Math.max(...chart.categories.map((c) => c.length), 1) * FONT_WIDTH + 10;
  const steps = chart.labelSteps ?? DEFAULT_STEPS;
  const step = steps.find((k) => k * band >= widest) ?? steps[steps.length - 1]!;
  const at = chart.labelAt ?? ((index: number, k: number) => index % k === 0);
  return chart.categories.flatMap((text, index) => (at(index, step) ? [{ index, text }] : []));
}

/** A month axis labels months whose number is a multiple of the step: 2024-01, 2024-04, 2024-07… */
export function monthLabelAt(months: readonly string[]): (index: number, step: number) => boolean {
  return (index, step) => {
    const month = Number(months[index]!.slice(5, 7)) - 1;
    return step >= 12 ? month === 0 && Number(months[index]!.slice(0, 4)) % (step / 12) === 0 : month % step === 0;
  };
}

export const MONTH_LABEL_STEPS = [1, 2, 3, 6, 12, 24, 48];

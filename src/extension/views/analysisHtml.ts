/**
 * The Incident analysis page a team lead opens in a postmortem review: incidents per month on a real time
 * axis, by kind, area or root cause, against the budget, the action items of each incident, and the
 * incidents themselves, clickable through to their postmortems and files. Pure: data in, HTML out.
 * Every piece of repository text goes through escapeHtml; the only script is the extension's own
 * media/analysis.js, allowed by the CSP's nonce; every user-visible string goes through l10n's `t`.
 */
import * as l10n from '@vscode/l10n';
import {
  NO_AREA,
  NO_CAUSE,
  type AnalysedIncident,
  type AnalysisGrouping,
  type BudgetAnalysis,
  type Cell,
  type IncidentAnalysis,
  type Series,
} from '../../core/risk/incidentAnalysis';
import type { BudgetPeriod, IncidentKind } from '../../core/team/schema';
import { kindLabel } from '../../core/changes/areaFailureRateText';
import { areaRatesSection, type AreaRatesState } from './analysisAreaRates';
import { escapeHtml } from '../markdown';
import { barChartSvg, incidentCount, monthLabelAt, MONTH_LABEL_STEPS, type ChartStack } from './analysisChart';

export interface AnalysisData {
  repository: string;
  analysis: IncidentAnalysis;
  /** `rating`: "high risk", or the role of a file that is not rated ("dependency manifest — not rated"). */
  topFiles: { path: string; rating: string; incidents: number; reason?: string }[];
  /** The failure rate by area, when the page shows it (the panel computes it after the first render). */
  areaRates?: AreaRatesState;
}

export interface PageOptions {
  cspSource: string;
  nonce: string;
  /** webview URIs of media/analysis.css and media/analysis.js */
  styleUri: string;
  scriptUri: string;
  /** The display language, for the page's `lang`. */
  lang?: string;
}

/** Series drawn in their own colour; the rest of a long list (causes, say) is one "other" stack. */
const MAX_STACKS = 7;
const PALETTE_SIZE = 6;

function seriesLabel(grouping: AnalysisGrouping, key: string): string {
  if (grouping === 'kind') return kindLabel(key as IncidentKind);
  if (grouping === 'area' && key === NO_AREA) return l10n.t('no area');
  if (grouping === 'cause' && key === NO_CAUSE) return l10n.t('no root cause recorded');
  return key;
}

function periodName(period: BudgetPeriod): string {
  return { week: l10n.t('week'), month: l10n.t('month'), quarter: l10n.t('quarter'), year: l10n.t('year') }[period];
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return `default-src 'none'; style-src ${cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src ${cspSource}`;
}

/** The chart's stacks for a grouping: kinds keep their colours; a long tail is merged into "other". */
function stacksOf(grouping: AnalysisGrouping, series: readonly Series[]): ChartStack[] {
  const shown = series.filter((s) => s.total > 0 || grouping === 'kind');
  const own = shown.length > MAX_STACKS ? shown.slice(0, MAX_STACKS - 1) : shown;
  const stacks: ChartStack[] = own.map((s, i) => ({ label: seriesLabel(grouping, s.key), cls: grouping === 'kind' ? `k-${s.key}` : `s-${i % PALETTE_SIZE}`, cells: s.perMonth }));
  const rest = shown.slice(own.length);
  if (rest.length > 0) {
    const cells = rest[0]!.perMonth.map((_, m): Cell => {
      const ids = [...new Set(rest.flatMap((s) => s.perMonth[m]!.incidentIds))];
      return { count: rest.reduce((sum, s) => sum + s.perMonth[m]!.count, 0), incidentIds: ids };
    });
    stacks.push({ label: l10n.t('{0} others', rest.length), cls: 's-other', cells });
  }
  return stacks;
}

function legend(stacks: readonly ChartStack[]): string {
  return `<ul class="legend" aria-hidden="true">${stacks.map((s) => `<li><span class="swatch ${s.cls}"></span>${escapeHtml(s.label)}</li>`).join('')}</ul>`;
}

/** A count that lists its incidents when activated; a plain 0 otherwise. */
function countButton(cell: Cell, label: string): string {
  if (cell.count === 0) return '<span class="zero">0</span>';
  return `<button type="button" class="count" data-ids="${escapeHtml(cell.incidentIds.join(' '))}" data-label="${escapeHtml(label)}" aria-label="${escapeHtml(l10n.t('{0}: {1}. Show them.', label, incidentCount(cell.count)))}">${cell.count}</button>`;
}

const GROUPING_TITLES: Record<AnalysisGrouping, () => string> = {
  kind: () => l10n.t('Incidents per month, by kind'),
  area: () => l10n.t('Incidents per month, by area'),
  cause: () => l10n.t('Incidents per month, by root cause'),
};

function groupingSection(analysis: IncidentAnalysis, grouping: AnalysisGrouping): string {
  const { months, monthTotals } = analysis;
  const series = analysis.groupings[grouping];
  const stacks = stacksOf(grouping, series);
  const title = GROUPING_TITLES[grouping]();
  const chart = barChartSvg({ ariaLabel: title, categories: months, stacks, labelSteps: MONTH_LABEL_STEPS, labelAt: monthLabelAt(months) });
  const head = `<tr><th scope="col">${escapeHtml(l10n.t('Month'))}</th>${stacks.map((s) => `<th scope="col">${escapeHtml(s.label)}</th>`).join('')}<th scope="col">${escapeHtml(l10n.t('All'))}</th></tr>`;
  const rows = months
    .map((month, m) => `<tr data-month="${escapeHtml(month)}"><th scope="row">${escapeHtml(month)}</th>${stacks.map((s) => `<td>${countButton(s.cells[m]!, `${month} · ${s.label}`)}</td>`).join('')}<td>${countButton(monthTotals[m]!, month)}</td></tr>`)
    .join('');
  const byGroup = series
    .map((s) => {
      const label = seriesLabel(grouping, s.key);
      const cell = { count: s.total, incidentIds: s.incidentIds };
      const incidents = analysis.incidents.filter((incident) => s.incidentIds.includes(incident.id));
      const open = incidents.reduce((sum, incident) => sum + incident.actions.open + incident.actions.inProgress, 0);
      const last = incidents.at(-1)?.date ?? '—';
      return `<tr><th scope="row" class="group-name">${escapeHtml(label)}</th><td>${countButton(cell, label)}</td><td>${open}</td><td>${escapeHtml(last)}</td></tr>`;
    })
    .join('');
  const note = grouping === 'area' ? `<p class="note">${escapeHtml(l10n.t('An incident in two areas counts in each.'))}</p>` : grouping === 'cause' ? `<p class="note">${escapeHtml(l10n.t("Grouped by the postmortems' rootCause text: the same text is the same cause."))}</p>` : '';
  return `<section class="grouping" data-grouping="${grouping}"${grouping === 'kind' ? '' : ' hidden'} aria-labelledby="title-${grouping}">
<h2 id="title-${grouping}">${escapeHtml(title)}</h2>${note}
${legend(stacks)}<div class="chart-frame">${chart}</div>
<table class="groups"><caption>${escapeHtml(grouping === 'kind' ? l10n.t('By kind') : grouping === 'area' ? l10n.t('By area') : l10n.t('By root cause'))}</caption><thead><tr><th scope="col">${escapeHtml(grouping === 'kind' ? l10n.t('Kind') : grouping === 'area' ? l10n.t('Area') : l10n.t('Root cause'))}</th><th scope="col">${escapeHtml(l10n.t('Incidents'))}</th><th scope="col">${escapeHtml(l10n.t('Action items not done'))}</th><th scope="col">${escapeHtml(l10n.t('Last'))}</th></tr></thead><tbody>${byGroup}</tbody></table>
<details><summary>${escapeHtml(l10n.t('Table: {0}', title))}</summary><div class="table-frame"><table class="months"><caption>${escapeHtml(title)}</caption><thead>${head}</thead><tbody>${rows}</tbody></table></div></details>
</section>`;
}

function budgetSection(budget: BudgetAnalysis | undefined): string {
  const heading = `<h2 id="title-budget">${escapeHtml(l10n.t('Against the budget'))}</h2>`;
  if (!budget) return `<section aria-labelledby="title-budget">${heading}<p class="empty">${escapeHtml(l10n.t('No incident budget is set: add qualityBar.budget to .changerisk/config.yaml.'))}</p></section>`;
  const period = periodName(budget.period);
  const labels = budget.periods.map((p) => p.label);
  const lines = budget.lines
    .map((line) => {
      const kind = kindLabel(line.kind);
      const title = l10n.t('{0} per {1}, budget {2}', kind, period, line.limit);
      const chart = barChartSvg({
        ariaLabel: title,
        categories: labels,
        stacks: [{ label: kind, cls: `k-${line.kind}`, cells: line.perPeriod }],
        ...(budget.period === 'month' ? { labelSteps: MONTH_LABEL_STEPS, labelAt: monthLabelAt(labels) } : {}),
        budget: { limit: line.limit, label: l10n.t('budget {0}', line.limit), overBudget: line.overBudget },
        compact: true,
      });
      const over = line.overBudget.map((i) => labels[i]!);
      const verdict = over.length === 0 ? escapeHtml(l10n.t('Within budget in every {0}.', period)) : escapeHtml(l10n.t('Over budget in {0} of {1} periods: {2}.', over.length, labels.length, over.join(', ')));
      const rows = line.overBudget
        .map((i) => `<tr class="over"><th scope="row">${escapeHtml(labels[i]!)}</th><td>${countButton(line.perPeriod[i]!, `${labels[i]} · ${kind}`)}</td><td>${line.limit}</td></tr>`)
        .join('');
      const table = rows ? `<table class="over-budget"><caption>${escapeHtml(l10n.t('Periods over budget'))}</caption><thead><tr><th scope="col">${escapeHtml(l10n.t('Period'))}</th><th scope="col">${escapeHtml(kind)}</th><th scope="col">${escapeHtml(l10n.t('Budget'))}</th></tr></thead><tbody>${rows}</tbody></table>` : '';
      return `<h3>${escapeHtml(title)}</h3><p class="${over.length ? 'verdict over' : 'verdict'}">${verdict}</p><div class="chart-frame">${chart}</div>${table}`;
    })
    .join('');
  return `<section aria-labelledby="title-budget" class="budget-section">${heading}<p class="summary">${escapeHtml(l10n.t('When a count goes over: {0}.', budget.onExceeded))}</p>${lines || `<p class="empty">${escapeHtml(l10n.t('The budget sets no limit for any kind.'))}</p>`}</section>`;
}

function actionsText(incident: AnalysedIncident): string {
  const { open, inProgress, done } = incident.actions;
  if (open + inProgress + done === 0) return `<span class="zero">${escapeHtml(l10n.t('none'))}</span>`;
  const items = incident.actionItems
    .map((item) => `<li class="action-${item.status}">${escapeHtml(`${item.status === 'done' ? '✓' : item.status === 'in-progress' ? '…' : '○'} ${item.text}${item.owner ? ` (${item.owner})` : ''}`)}</li>`)
    .join('');
  return `<span class="action-counts">${escapeHtml(l10n.t('{0} open · {1} in progress · {2} done', open, inProgress, done))}</span><ul class="actions">${items}</ul>`;
}

function incidentsSection(analysis: IncidentAnalysis): string {
  const rows = analysis.incidents
    .map((incident) => {
      const files = incident.files.map((file) => `<li><button type="button" class="link path" data-open-file="${escapeHtml(file)}">${escapeHtml(file)}</button></li>`).join('');
      return `<tr data-id="${escapeHtml(incident.id)}"><th scope="row"><button type="button" class="link" data-open-incident="${escapeHtml(incident.file)}" aria-label="${escapeHtml(l10n.t('Open the postmortem of {0}: {1}', incident.id, incident.title))}">${escapeHtml(incident.id)}</button></th><td>${escapeHtml(incident.date)}</td><td><span class="swatch k-${incident.kind}"></span>${escapeHtml(kindLabel(incident.kind))}</td><td>${escapeHtml(incident.severity)} · ${escapeHtml(incident.status)}</td><td class="title">${escapeHtml(incident.title)}</td><td>${escapeHtml(incident.areas.join(', ') || l10n.t('no area'))}</td><td class="cause">${escapeHtml(incident.cause || l10n.t('no root cause recorded'))}</td><td>${actionsText(incident)}</td><td>${files ? `<ul class="files">${files}</ul>` : ''}</td></tr>`;
    })
    .join('');
  const all = l10n.t('All {0} incidents, oldest first.', analysis.incidents.length);
  return `<section aria-labelledby="title-incidents"><h2 id="title-incidents" tabindex="-1">${escapeHtml(l10n.t('Incidents'))}</h2>
<p id="selection" class="summary" role="status" aria-live="polite" data-all="${escapeHtml(all)}" data-one="${escapeHtml(l10n.t('1 incident of {0}.'))}" data-some="${escapeHtml(l10n.t('{0} incidents of {1}.'))}">${escapeHtml(all)}</p>
<button type="button" id="show-all" hidden>${escapeHtml(l10n.t('Show all incidents'))}</button>
<div class="table-frame"><table id="incidents" class="incidents"><thead><tr><th scope="col">${escapeHtml(l10n.t('ID'))}</th><th scope="col">${escapeHtml(l10n.t('Date'))}</th><th scope="col">${escapeHtml(l10n.t('Kind'))}</th><th scope="col">${escapeHtml(l10n.t('Severity · status'))}</th><th scope="col">${escapeHtml(l10n.t('Title'))}</th><th scope="col">${escapeHtml(l10n.t('Areas'))}</th><th scope="col">${escapeHtml(l10n.t('Root cause'))}</th><th scope="col">${escapeHtml(l10n.t('Action items'))}</th><th scope="col">${escapeHtml(l10n.t('Files'))}</th></tr></thead><tbody>${rows}</tbody></table></div></section>`;
}

function topFilesSection(topFiles: AnalysisData['topFiles']): string {
  if (topFiles.length === 0) return `<section aria-labelledby="title-files"><h2 id="title-files">${escapeHtml(l10n.t('Top files by incidents'))}</h2><p class="empty">${escapeHtml(l10n.t('No file is linked to an incident.'))}</p></section>`;
  const rows = topFiles
    .map((f) => `<tr><th scope="row"><button type="button" class="link path" data-open-file="${escapeHtml(f.path)}">${escapeHtml(f.path)}</button></th><td>${f.incidents}</td><td class="detail">${escapeHtml(`${f.rating}${f.reason ? ` · ${f.reason}` : ''}`)}</td></tr>`)
    .join('');
  return `<section aria-labelledby="title-files"><h2 id="title-files">${escapeHtml(l10n.t('Top files by incidents'))}</h2><table class="files-table"><thead><tr><th scope="col">${escapeHtml(l10n.t('File'))}</th><th scope="col">${escapeHtml(l10n.t('Incidents'))}</th><th scope="col">${escapeHtml(l10n.t('Risk'))}</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

export function analysisHtml(data: AnalysisData, options: PageOptions): string {
  const { analysis } = data;
  const { months, actions } = analysis;
  const groupingNames: Record<AnalysisGrouping, string> = { kind: l10n.t('Kind'), area: l10n.t('Area'), cause: l10n.t('Root cause') };
  const switcher = `<fieldset class="switch"><legend>${escapeHtml(l10n.t('Group by'))}</legend>${(['kind', 'area', 'cause'] as const)
    .map((g) => `<label><input type="radio" name="grouping" value="${g}"${g === 'kind' ? ' checked' : ''}> ${escapeHtml(groupingNames[g])}</label>`)
    .join('')}</fieldset>`;
  return `<!DOCTYPE html>
<html lang="${escapeHtml(options.lang ?? 'en')}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(options.cspSource, options.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(options.styleUri)}">
<title>${escapeHtml(l10n.t('Incident analysis'))}</title>
</head>
<body>
<header><h1>${escapeHtml(l10n.t('Incident analysis · {0}', data.repository))}</h1>
<p class="summary">${escapeHtml(l10n.t('{0} from {1} to {2}; action items: {3} open, {4} in progress, {5} done.', incidentCount(analysis.incidents.length), months[0]!, months.at(-1)!, actions.open, actions.inProgress, actions.done))}</p>
${switcher}</header>
<main>
${(['kind', 'area', 'cause'] as const).map((g) => groupingSection(analysis, g)).join('\n')}
${budgetSection(analysis.budget)}
${data.areaRates ? areaRatesSection(data.areaRates) : ''}
${incidentsSection(analysis)}
${topFilesSection(data.topFiles)}
</main>
<script nonce="${escapeHtml(options.nonce)}" src="${escapeHtml(options.scriptUri)}"></script>
</body>
</html>`;
}

/**
 * The Incident analysis page's "Failure rate by area" section: per declared area, top-level folder and
 * the whole repository, quarter by quarter, changes per month and the share of them that needed a fix,
 * next to the team's tolerance. A real table (row and column headers); each cell says its figures in
 * words, and a small bar repeats the share for the eye (never the only carrier, never by colour alone).
 * Pure: data in, HTML out; area and folder names and the tolerance are repository text, escaped.
 */
import * as l10n from '@vscode/l10n';
import type { QuarterRate, RateGroup } from '../../core/changes/areaFailureRate';
import { fixInducingDefinition, groupName, rateCounts, rateText, toleranceText } from '../../core/changes/areaFailureRateText';
import type { LoadedAreaFailureRates } from '../../core/changes/loadAreaFailureRates';
import { escapeHtml } from '../markdown';

/** What the panel knows of the rates: the history pass runs after the page is first shown. */
export type AreaRatesState = { status: 'loading' } | { status: 'ready'; rates: LoadedAreaFailureRates } | { status: 'error'; message: string } | { status: 'restricted' };

const BAR_WIDTH = 60;
const BAR_HEIGHT = 6;

/** The share as a bar: a track and its filled part (SVG attributes: the CSP forbids inline styles). */
function shareBar(share: number | null): string {
  if (share === null) return '';
  const filled = Math.round(Math.min(1, Math.max(0, share)) * BAR_WIDTH);
  return `<svg class="share-bar" width="${BAR_WIDTH}" height="${BAR_HEIGHT}" viewBox="0 0 ${BAR_WIDTH} ${BAR_HEIGHT}" aria-hidden="true" focusable="false"><rect class="share-track" width="${BAR_WIDTH}" height="${BAR_HEIGHT}"></rect><rect class="share-fill" width="${filled}" height="${BAR_HEIGHT}"></rect></svg>`;
}

function cell(rate: Omit<QuarterRate, 'quarter'>): string {
  if (rate.changes === 0) return `<td class="rate-cell"><span class="zero">${escapeHtml(rateText(rate))}</span></td>`;
  return `<td class="rate-cell"><span class="rate">${escapeHtml(rateText(rate))}</span>${shareBar(rate.share)}<span class="counts">${escapeHtml(rateCounts(rate))}</span></td>`;
}

function row(group: RateGroup): string {
  return `<tr data-group="${escapeHtml(`${group.kind}:${group.name}`)}"><th scope="row" class="group-name">${escapeHtml(groupName(group))}</th>${group.quarters.map(cell).join('')}${cell(group.total)}</tr>`;
}

function rowGroup(title: string, groups: readonly RateGroup[], columns: number, whenEmpty: string): string {
  const heading = `<tr class="row-group"><th scope="rowgroup" colspan="${columns}">${escapeHtml(title)}</th></tr>`;
  const rows = groups.length > 0 ? groups.map(row).join('') : `<tr><td colspan="${columns}" class="empty">${escapeHtml(whenEmpty)}</td></tr>`;
  return `<tbody>${heading}${rows}</tbody>`;
}

function ratesTable(rates: LoadedAreaFailureRates): string {
  const columns = rates.quarters.length + 2;
  const title = l10n.t('Changes per month and the share that needed a fix, by quarter');
  const head = `<tr><th scope="col">${escapeHtml(l10n.t('Area or folder'))}</th>${rates.quarters.map((q) => `<th scope="col">${escapeHtml(q)}</th>`).join('')}<th scope="col">${escapeHtml(l10n.t('All'))}</th></tr>`;
  return `<div class="table-frame"><table class="area-rates"><caption>${escapeHtml(title)}</caption><thead>${head}</thead>
${rowGroup(l10n.t('Declared areas'), rates.areas, columns, l10n.t('No areas declared: name them in .changerisk/config.yaml (areas, see docs/team-files.md).'))}
${rowGroup(l10n.t('Top-level folders'), rates.folders, columns, l10n.t('No rated file changed in these quarters.'))}
${rowGroup(l10n.t('Reference'), [rates.overall], columns, '')}
</table></div>`;
}

function body(state: AreaRatesState): string {
  switch (state.status) {
    case 'loading':
      return `<p class="empty" role="status">${escapeHtml(l10n.t('Reading which changes needed a fix…'))}</p>`;
    case 'restricted':
      return `<p class="empty">${escapeHtml(l10n.t('The failure rate reads the git history, which Change Risk does only in a trusted workspace.'))}</p>`;
    case 'error':
      return `<p class="empty">${escapeHtml(l10n.t('The failure rate could not be computed: {0}', state.message))}</p>`;
    case 'ready': {
      const { rates } = state;
      const tolerance = toleranceText(rates.tolerance);
      const stance = `<p class="tolerance">${escapeHtml(tolerance ? l10n.t("The team's tolerance (quality bar): {0}", tolerance) : l10n.t('No tolerance is written in the quality bar (qualityBar.tolerance).'))}</p>`;
      if (rates.quarters.length === 0) return `${stance}<p class="empty">${escapeHtml(l10n.t('No change to a rated file in the history yet: nothing to measure.'))}</p>`;
      return `${stance}<p class="note">${escapeHtml(fixInducingDefinition(rates.windowDays))}</p>${ratesTable(rates)}`;
    }
  }
}

export function areaRatesSection(state: AreaRatesState): string {
  return `<section aria-labelledby="title-area-rates" class="area-rates-section" data-status="${state.status}"><h2 id="title-area-rates">${escapeHtml(l10n.t('Failure rate by area'))}</h2>${body(state)}</section>`;
}

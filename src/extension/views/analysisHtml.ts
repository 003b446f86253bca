/**
 * The Incident analysis page: incidents per month stacked by kind, by area, and the top files. Pure:
 * data in, HTML out. Charts are plain SVG and CSS themed with VS Code's CSS variables; every piece
 * of repository text goes through escapeHtml; no script runs (the CSP allows only nonce'd ones).
 */
import type { IncidentTally } from '../../core/risk/incidentTally';
import { INCIDENT_KINDS, type IncidentKind } from '../../core/team';
import { escapeHtml } from '../markdown';

export interface AnalysisData {
  repository: string;
  byMonth: IncidentTally;
  byArea: IncidentTally;
  /** `rating`: "high risk", or the role of a file that is not rated ("dependency manifest — not rated"). */
  topFiles: { path: string; rating: string; incidents: number; reason?: string }[];
}

export interface PageOptions {
  cspSource: string;
  nonce: string;
  /** webview URI of media/analysis.css */
  styleUri: string;
}

/** CSS class per kind (colours in media/analysis.css): no style attributes, which the CSP forbids. */
function kindClass(kind: IncidentKind): string {
  return `k-${kind}`;
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return `default-src 'none'; style-src ${cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src ${cspSource}`;
}

function legend(): string {
  return `<ul class="legend">${INCIDENT_KINDS.map((kind) => `<li><svg class="swatch" width="10" height="10"><rect width="10" height="10" class="${kindClass(kind)}"/></svg>${escapeHtml(kind)}</li>`).join('')}</ul>`;
}

/** Vertical bars per month, each stacked by kind. */
function monthChart(tally: IncidentTally): string {
  if (tally.groups.length === 0) return '<p class="empty">No incidents recorded.</p>';
  const max = Math.max(...tally.groups.map((g) => g.total));
  const barWidth = 22;
  const gap = 8;
  const height = 160;
  const width = tally.groups.length * (barWidth + gap) + gap;
  const bars = tally.groups
    .map((group, i) => {
      const x = gap + i * (barWidth + gap);
      let y = height;
      const segments = INCIDENT_KINDS.filter((kind) => group.byKind[kind] > 0)
        .map((kind) => {
          const h = (group.byKind[kind] / max) * (height - 10);
          y -= h;
          return `<rect x="${x}" y="${y.toFixed(1)}" width="${barWidth}" height="${h.toFixed(1)}" class="${kindClass(kind)}"><title>${escapeHtml(`${group.key}: ${group.byKind[kind]} ${kind}`)}</title></rect>`;
        })
        .join('');
      const label = `<text x="${x + barWidth / 2}" y="${height + 14}" class="axis" text-anchor="end" transform="rotate(-45 ${x + barWidth / 2} ${height + 14})">${escapeHtml(group.key)}</text>`;
      return `<g class="bar" data-month="${escapeHtml(group.key)}">${segments}${label}</g>`;
    })
    .join('');
  return `<svg class="chart" role="img" aria-label="Incidents per month by kind" width="${width}" height="${height + 60}" viewBox="0 0 ${width} ${height + 60}">${bars}</svg>`;
}

/** Horizontal bars (HTML/CSS) for groups or files. */
function horizontalBars(rows: { label: string; value: number; detail?: string }[], empty: string): string {
  if (rows.length === 0) return `<p class="empty">${escapeHtml(empty)}</p>`;
  const max = Math.max(...rows.map((r) => r.value), 1);
  return `<table class="hbars">${rows
    .map(
      (row) =>
        `<tr><th scope="row">${escapeHtml(row.label)}</th><td><svg class="hbar" width="200" height="12"><rect height="12" width="${Math.max(2, Math.round((row.value / max) * 200))}"/></svg> <span class="value">${row.value}</span>${row.detail ? ` <span class="detail">${escapeHtml(row.detail)}</span>` : ''}</td></tr>`,
    )
    .join('')}</table>`;
}

export function analysisHtml(data: AnalysisData, options: PageOptions): string {
  const { byMonth, byArea, topFiles } = data;
  const kinds = INCIDENT_KINDS.map((kind) => `${byMonth.byKind[kind]} ${kind}`).join(', ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(options.cspSource, options.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(options.styleUri)}">
<title>Incident analysis</title>
</head>
<body>
<h1>Incident analysis · ${escapeHtml(data.repository)}</h1>
<p class="summary">${byMonth.total} incidents in the ledger: ${escapeHtml(kinds)}.</p>
<section><h2>Incidents per month, by kind</h2>${legend()}${monthChart(byMonth)}</section>
<section><h2>By area</h2>${horizontalBars(byArea.groups.map((g) => ({ label: g.key, value: g.total, detail: INCIDENT_KINDS.filter((k) => g.byKind[k]).map((k) => `${g.byKind[k]} ${k}`).join(', ') })), 'No incidents recorded.')}</section>
<section><h2>Top files by incidents</h2>${horizontalBars(topFiles.map((f) => ({ label: f.path, value: f.incidents, detail: `${f.rating}${f.reason ? ` · ${f.reason}` : ''}` })), 'No file is linked to an incident.')}</section>
</body>
</html>`;
}

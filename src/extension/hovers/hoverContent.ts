/**
 * Hover Markdown for the marks of one line: each incident (id, title, kind, severity, date, cause,
 * action items) and each fix commit, with links to the postmortem and the commit. Pure; all
 * repository text is escaped.
 */
import type { LineMark } from '../../core/engine';
import type { CommitSummary } from '../../core/history/history';
import { isoDate } from '../../core/risk/format';
import type { Incident } from '../../core/team';
import { escapeMarkdown } from '../markdown';

export interface HoverLinks {
  /** Link target that opens the incident's postmortem. */
  incident(incident: Incident): string;
  /** Link target that shows the commit. */
  commit(commit: CommitSummary): string;
}

const STATUS_ICON = { open: '$(circle-large-outline)', 'in-progress': '$(loading)', done: '$(pass)' } as const;

export function incidentLines(incident: Incident, links: HoverLinks): string[] {
  const e = escapeMarkdown;
  const lines = [
    `**[${e(incident.id)}](${links.incident(incident)})** ${e(incident.title)}`,
    '',
    `${e(incident.kind)} · severity ${e(incident.severity)} · ${e(incident.date)} · ${e(incident.status)}`,
  ];
  const cause = incident.rootCause ?? (incident.summary || undefined);
  if (cause) lines.push('', `${incident.rootCause ? 'Cause' : 'Summary'}: ${e(oneLine(cause))}`);
  if (incident.actionItems.length > 0) {
    lines.push('', 'Action items:');
    for (const item of incident.actionItems) {
      lines.push(`- ${STATUS_ICON[item.status]} ${e(item.status)}: ${e(oneLine(item.text))}${item.owner ? ` (${e(item.owner)})` : ''}`);
    }
  }
  return lines;
}

export function commitLine(commit: CommitSummary, links: HoverLinks): string {
  const e = escapeMarkdown;
  const ids = commit.incidentIds.length ? ` · names ${e(commit.incidentIds.join(', '))}` : '';
  return `[${commit.sha.slice(0, 7)}](${links.commit(commit)}) ${e(commit.subject)} — ${e(commit.author)}, ${isoDate(commit.time)}${commit.why ? ` · ${e(commit.why)}` : commit.fix ? ' · fix' : ''}${ids}`;
}

/** Markdown for the marks covering one line; '' when none. */
export function hoverMarkdown(marks: readonly LineMark[], links: HoverLinks): string {
  if (marks.length === 0) return '';
  const incidents = new Map<string, Incident>();
  const commits = new Map<string, CommitSummary>();
  let fromLedger = false;
  let fromHistory = false;
  for (const mark of marks) {
    for (const incident of mark.incidents) incidents.set(incident.id, incident);
    for (const commit of mark.commits) commits.set(commit.sha, commit);
    if (mark.source === 'ledger') fromLedger = true;
    else fromHistory = true;
  }
  const why = [
    ...(fromLedger ? ['named in a postmortem'] : []),
    ...(fromHistory ? ['last changed by a fix or incident-linked commit'] : []),
  ].join('; ');
  const sections: string[] = [`$(warning) **Change Risk**: these lines are ${why}.`];
  for (const incident of [...incidents.values()].sort((a, b) => b.date.localeCompare(a.date))) {
    sections.push('---', ...incidentLines(incident, links));
  }
  if (commits.size > 0) {
    sections.push('---', 'Commits:', '');
    for (const commit of [...commits.values()].sort((a, b) => b.time - a.time)) sections.push(`- ${commitLine(commit, links)}`);
  }
  return sections.join('\n');
}

function oneLine(text: string, max = 240): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * Hover Markdown for the marks of one line: each incident (id, title, kind, severity, date, cause,
 * action items) and each commit with why it counts (a fix by its subject, a revert, a commit reverted
 * later), with links to the postmortem and the commit. Bots' commits count for nothing and never
 * appear. Pure; all repository text is escaped.
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

/** One commit: link, subject, author, date, then why it counts ("fix (subject: '…')", "reverted by 3f2a9c1 on 2025-03-02"). */
export function commitLine(commit: CommitSummary, links: HoverLinks): string {
  const e = escapeMarkdown;
  const ids = commit.incidentIds.length ? ` · names ${e(commit.incidentIds.join(', '))}` : '';
  return `[${commit.sha.slice(0, 7)}](${links.commit(commit)}) ${e(commit.subject)} — ${e(commit.author)}, ${isoDate(commit.time)}${commit.why ? ` · ${e(commit.why)}` : commit.fix ? ' · fix' : ''}${ids}`;
}

const COMMIT_KINDS = ['a fix', 'a revert', 'a commit that was reverted later', 'a commit naming an incident'] as const;

/** What a commit that marks lines is, for the hover's first sentence. */
function commitKind(commit: CommitSummary): (typeof COMMIT_KINDS)[number] {
  if (commit.reverts) return 'a revert';
  if (commit.revertedBy) return 'a commit that was reverted later';
  if (commit.fix) return 'a fix';
  return 'a commit naming an incident';
}

/** "a fix", "a fix or a revert". */
function either(kinds: readonly string[]): string {
  return kinds.length <= 1 ? (kinds[0] ?? '') : `${kinds.slice(0, -1).join(', ')} or ${kinds[kinds.length - 1]}`;
}

/** Markdown for the marks covering one line; '' when none (or only bots' commits mark it). */
export function hoverMarkdown(marks: readonly LineMark[], links: HoverLinks): string {
  const incidents = new Map<string, Incident>();
  const commits = new Map<string, CommitSummary>();
  let fromLedger = false;
  for (const mark of marks) {
    const counted = mark.commits.filter((commit) => !commit.bot);
    // A history mark made by bots only says nothing: bots count for nothing.
    if (mark.source === 'history' && counted.length === 0) continue;
    for (const incident of mark.incidents) incidents.set(incident.id, incident);
    for (const commit of counted) commits.set(commit.sha, commit);
    if (mark.source === 'ledger') fromLedger = true;
  }
  if (!fromLedger && commits.size === 0) return '';
  const found = new Set([...commits.values()].map(commitKind));
  const kinds = COMMIT_KINDS.filter((kind) => found.has(kind));
  const why = [...(fromLedger ? ['are named in a postmortem'] : []), ...(commits.size > 0 ? [`were last changed by ${either(kinds)}`] : [])].join(' and ');
  const sections: string[] = [`$(warning) **Change Risk**: these lines ${why}.`];
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

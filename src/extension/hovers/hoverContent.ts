/**
 * Hover Markdown for the marks of one line: a one-line summary first ("INC-12 regression · fixed
 * 2024-03 by 1a2b3c4 — 2 fixes on these lines"), then each incident (id, title, kind, severity, date, cause,
 * action items) and each commit with why it counts (a fix by its subject, a revert, a commit reverted
 * later), with links to the postmortem and the commit. Bots' commits count for nothing and never
 * appear. Pure; all repository text is escaped.
 */
import * as l10n from '@vscode/l10n';
import type { LineMark } from '../../core/engine';
import type { CommitSummary } from '../../core/history/history';
import { isoDate } from '../../core/risk/format';
import type { Incident } from '../../core/team';
import { kindText, levelText, listSeparator, statusWord } from '../l10n';
import { escapeMarkdown } from '../markdown';

export interface HoverLinks {
  /** Link target that opens the incident's postmortem. */
  incident(incident: Incident): string;
  /** Link target that shows the commit. */
  commit(commit: CommitSummary): string;
}

/** Long lists are cut so the commits stay above the fold; the rest is one "…and N more" line. */
const MAX_INCIDENTS = 3;
const MAX_ACTION_ITEMS = 3;
const MAX_COMMITS = 5;

function moreLine(hidden: number): string | undefined {
  return hidden > 0 ? l10n.t('…and {0} more', hidden) : undefined;
}

const STATUS_ICON = { open: '$(circle-large-outline)', 'in-progress': '$(loading)', done: '$(pass)' } as const;

export function incidentLines(incident: Incident, links: HoverLinks): string[] {
  const e = escapeMarkdown;
  const lines = [
    `**[${e(incident.id)}](${links.incident(incident)})** ${e(incident.title)}`,
    '',
    `${e(kindText(incident.kind))} · ${l10n.t('severity {0}', e(levelText(incident.severity)))} · ${e(incident.date)} · ${e(statusWord(incident.status))}`,
  ];
  const cause = incident.rootCause ?? (incident.summary || undefined);
  if (cause) lines.push('', incident.rootCause ? l10n.t('Cause: {0}', e(oneLine(cause))) : l10n.t('Summary: {0}', e(oneLine(cause))));
  if (incident.actionItems.length > 0) {
    lines.push('', l10n.t('Action items:'));
    for (const item of incident.actionItems.slice(0, MAX_ACTION_ITEMS)) {
      lines.push(`- ${STATUS_ICON[item.status]} ${e(statusWord(item.status))}: ${e(oneLine(item.text))}${item.owner ? ` (${e(item.owner)})` : ''}`);
    }
    const more = moreLine(incident.actionItems.length - MAX_ACTION_ITEMS);
    if (more) lines.push(`- ${more}`);
  }
  return lines;
}

/** One commit: link, subject, author, date, then why it counts ("fix (subject: '…')", "reverted by 3f2a9c1 on 2025-03-02"). */
export function commitLine(commit: CommitSummary, links: HoverLinks): string {
  const e = escapeMarkdown;
  const ids = commit.incidentIds.length ? ` · ${l10n.t('names {0}', e(commit.incidentIds.join(', ')))}` : '';
  return `[${commit.sha.slice(0, 7)}](${links.commit(commit)}) ${e(commit.subject)} — ${e(commit.author)}, ${isoDate(commit.time)}${commit.why ? ` · ${e(commit.why)}` : commit.fix ? ` · ${l10n.t('fix')}` : ''}${ids}`;
}

const COMMIT_KINDS = ['fix', 'revert', 'reverted', 'incident'] as const;

/** What a commit that marks lines is, for the hover's first sentence. */
function commitKind(commit: CommitSummary): (typeof COMMIT_KINDS)[number] {
  if (commit.reverts) return 'revert';
  if (commit.revertedBy) return 'reverted';
  if (commit.fix) return 'fix';
  return 'incident';
}

function commitKindText(kind: (typeof COMMIT_KINDS)[number]): string {
  switch (kind) {
    case 'fix': return l10n.t('a fix');
    case 'revert': return l10n.t('a revert');
    case 'reverted': return l10n.t('a commit that was reverted later');
    case 'incident': return l10n.t('a commit naming an incident');
  }
}

/** "a fix", "a fix or a revert". */
function either(kinds: readonly string[]): string {
  return kinds.length <= 1 ? (kinds[0] ?? '') : l10n.t('{0} or {1}', kinds.slice(0, -1).join(listSeparator()), kinds[kinds.length - 1]!);
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
  const kinds = COMMIT_KINDS.filter((kind) => found.has(kind)).map(commitKindText);
  const lastChanged = commits.size > 0 ? either(kinds) : undefined;
  const why =
    fromLedger && lastChanged
      ? l10n.t('these lines are named in a postmortem and were last changed by {0}.', lastChanged)
      : fromLedger
        ? l10n.t('these lines are named in a postmortem.')
        : l10n.t('these lines were last changed by {0}.', lastChanged!);
  const byDate = [...incidents.values()].sort((a, b) => b.date.localeCompare(a.date));
  const byTime = [...commits.values()].sort((a, b) => b.time - a.time);
  // Paragraphs are separated by blank lines: text directly above '---' would become a large heading.
  const sections: string[] = [summaryLine(byDate, byTime, links), '', `*Change Risk*: ${why}`];
  for (const incident of byDate.slice(0, MAX_INCIDENTS)) sections.push('', '---', '', ...incidentLines(incident, links));
  const moreIncidents = moreLine(byDate.length - MAX_INCIDENTS);
  if (moreIncidents) sections.push('', moreIncidents);
  if (byTime.length > 0) {
    sections.push('', '---', '', l10n.t('Commits:'), '');
    for (const commit of byTime.slice(0, MAX_COMMITS)) sections.push(`- ${commitLine(commit, links)}`);
    const more = moreLine(byTime.length - MAX_COMMITS);
    if (more) sections.push(`- ${more}`);
  }
  return sections.join('\n');
}

/**
 * The first line, the whole story at a glance: the newest incident, the newest commit and what it
 * is, and how many commits mark these lines ("INC-12 regression · fixed 2024-03 by 1a2b3c4 — 2 fixes
 * on these lines").
 */
export function summaryLine(incidents: readonly Incident[], commits: readonly CommitSummary[], links: HoverLinks): string {
  const e = escapeMarkdown;
  const parts: string[] = [];
  const [incident] = incidents;
  if (incident) {
    const others = incidents.length > 1 ? ` ${l10n.t('(+{0} more)', incidents.length - 1)}` : '';
    parts.push(`**${e(incident.id)}** ${e(kindText(incident.kind))}${others}`);
  }
  const [latest] = commits;
  if (latest) {
    const month = isoDate(latest.time).slice(0, 7);
    const sha = `[${latest.sha.slice(0, 7)}](${links.commit(latest)})`;
    switch (commitKind(latest)) {
      case 'fix': parts.push(l10n.t('fixed {0} by {1}', month, sha)); break;
      case 'revert': parts.push(l10n.t('reverted {0} by {1}', month, sha)); break;
      case 'reverted': parts.push(l10n.t('changed {0} by {1}, reverted later', month, sha)); break;
      case 'incident': parts.push(l10n.t('changed {0} by {1}', month, sha)); break;
    }
  } else {
    parts.push(l10n.t('named in a postmortem'));
  }
  let line = `$(warning) ${parts.join(' · ')}`;
  if (commits.length > 1) {
    const fixes = commits.filter((commit) => commit.fix).length;
    line += ` — ${fixes === commits.length ? l10n.t('{0} fixes on these lines', commits.length) : l10n.t('{0} commits on these lines', commits.length)}`;
  }
  return line;
}

function oneLine(text: string, max = 240): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * Hover Markdown for the marks of one line: each incident (id, title, kind, severity, date, cause,
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
    for (const item of incident.actionItems) {
      lines.push(`- ${STATUS_ICON[item.status]} ${e(statusWord(item.status))}: ${e(oneLine(item.text))}${item.owner ? ` (${e(item.owner)})` : ''}`);
    }
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
  const sections: string[] = [`$(warning) **Change Risk**: ${why}`];
  for (const incident of [...incidents.values()].sort((a, b) => b.date.localeCompare(a.date))) {
    sections.push('---', ...incidentLines(incident, links));
  }
  if (commits.size > 0) {
    sections.push('---', l10n.t('Commits:'), '');
    for (const commit of [...commits.values()].sort((a, b) => b.time - a.time)) sections.push(`- ${commitLine(commit, links)}`);
  }
  return sections.join('\n');
}

function oneLine(text: string, max = 240): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

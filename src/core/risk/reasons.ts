/**
 * The sentences behind a file's level. The first one names the evidence that set it — the team's
 * override, an incident, reverts, fixes — with numbers and dates a developer can check against the
 * history; the others add what helps to read it (legacy, who knows the code, how busy it is).
 */
import type { FileStats, History } from '../history/history';
import type { Area, ChangeRiskConfig, Incident } from '../team';
import { duration, isoDate, isoMonth, percent, plural } from './format';

export type ReasonKind = 'override' | 'incidents' | 'unrecorded-incidents' | 'reverts' | 'fixes' | 'legacy-declared' | 'legacy-detected' | 'knowledge' | 'churn';

export interface RiskReason {
  kind: ReasonKind;
  /** One short sentence with numbers a developer can act on. */
  text: string;
}

/** What the reasons need of a file's risk. */
export interface ExplainedFile {
  stats: FileStats;
  incidents: readonly Incident[];
  unrecordedIncidentIds: readonly string[];
  area: Area | undefined;
  legacy: 'declared' | 'detected' | undefined;
}

/** The sentences in one language: the numbers and dates are the same in every one. */
export interface ReasonWords {
  override(level: string, reason: string | undefined): string;
  incident(id: string, kind: Incident['kind'], month: string): string;
  moreIncidents(count: number): string;
  unrecorded(ids: string): string;
  reverted(times: number, recent: number, last: string): string;
  recentFixes(recent: number, latest: string, fixes: number, commits: number): string;
  oldFixes(fixes: number, commits: number, latest: string): string;
  legacyDeclared(area: string, note: string | undefined): string;
  legacyDetected(since: number, author: string, share: string, away: number): string;
  knowledge(authors: number, author: string, away: number): string;
  churn(commits: number): string;
}

const TIMES = ['never', 'once', 'twice'];

export const EN_REASONS: ReasonWords = {
  override: (level, reason) => `marked ${level} by the team${reason ? `: ${reason}` : ''}`,
  incident: (id, kind, month) => `${id} ${kind} (${month})`,
  moreIncidents: (count) => `, +${count} more`,
  unrecorded: (ids) => `commits name ${ids}, with no postmortem in the ledger`,
  reverted: (times, recent, last) => {
    const text = TIMES[times] ?? `${times} times`;
    if (recent === 0) return `reverted ${text}, the last time on ${last}`;
    return recent === times ? `reverted ${text}${times > 1 ? ', all' : ','} in the last 6 months` : `reverted ${text}, ${recent} of them in the last 6 months`;
  },
  recentFixes: (recent, latest, fixes, commits) => `${plural(recent, 'fix', 'fixes')} in the last 12 months, the latest on ${latest} (${fixes} of its ${plural(commits, 'commit')} in all)`,
  oldFixes: (fixes, commits, latest) => `${fixes} of its ${plural(commits, 'commit')} ${fixes === 1 ? 'was a fix' : 'were fixes'}, the latest on ${latest}`,
  legacyDeclared: (area, note) => `in legacy area '${area}' (declared)${note ? `: ${note}` : ''}`,
  legacyDetected: (since, author, share, away) => `last changed ${duration(since)} ago; its main author (${author}, ${share} of commits) has not committed for ${duration(away)}`,
  knowledge: (authors, author, away) => `none of its ${plural(authors, 'author')} is still active; the main one (${author}) left ${duration(away)} ago`,
  churn: (commits) => `changed in ${commits} commits in the last 6 months`,
};

export function reasonsFor(
  risk: ExplainedFile,
  history: History,
  override: ChangeRiskConfig['risk']['overrides'][number] | undefined,
  words: ReasonWords = EN_REASONS,
): RiskReason[] {
  const { stats, incidents, area } = risk;
  const now = history.nowSeconds;
  const reasons: RiskReason[] = [];
  if (override) reasons.push({ kind: 'override', text: words.override(override.level, override.reason) });
  if (incidents.length > 0) {
    const listed = incidents.slice(0, 3).map((i) => words.incident(i.id, i.kind, isoMonth(i.date)));
    const more = incidents.length > 3 ? words.moreIncidents(incidents.length - 3) : '';
    reasons.push({ kind: 'incidents', text: `${listed.join(', ')}${more}` });
  }
  if (risk.unrecordedIncidentIds.length > 0) reasons.push({ kind: 'unrecorded-incidents', text: words.unrecorded(risk.unrecordedIncidentIds.join(', ')) });
  // Each revert is one time the file's change was undone; a reverted commit whose revert touched other files counts too.
  const reverted = stats.reverts > 0 ? stats.reverts : stats.reverted;
  if (reverted > 0) reasons.push({ kind: 'reverts', text: words.reverted(reverted, stats.recentReverts, isoDate(stats.lastRevert ?? stats.lastFix ?? stats.lastChange)) });
  if (stats.fixes > 0) {
    reasons.push({
      kind: 'fixes',
      text: stats.recentFixes > 0 ? words.recentFixes(stats.recentFixes, isoDate(stats.lastFix!), stats.fixes, stats.commits) : words.oldFixes(stats.fixes, stats.commits, isoDate(stats.lastFix!)),
    });
  }
  if (area?.legacy) reasons.push({ kind: 'legacy-declared', text: words.legacyDeclared(area.name, area.note) });
  const main = stats.mainAuthor;
  if (risk.legacy === 'detected' && main) {
    reasons.push({ kind: 'legacy-detected', text: words.legacyDetected(now - stats.lastChange, main.name, percent(stats.mainAuthorShare), now - main.lastCommit) });
  } else if (main && !main.active && stats.activeAuthors === 0) {
    reasons.push({ kind: 'knowledge', text: words.knowledge(stats.authors.length, main.name, now - main.lastCommit) });
  }
  if (stats.recentCommits >= 10) reasons.push({ kind: 'churn', text: words.churn(stats.recentCommits) });
  return reasons;
}

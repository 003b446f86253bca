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

const TIMES = ['never', 'once', 'twice'];

export function reasonsFor(risk: ExplainedFile, history: History, override: ChangeRiskConfig['risk']['overrides'][number] | undefined): RiskReason[] {
  const { stats, incidents, area } = risk;
  const now = history.nowSeconds;
  const reasons: RiskReason[] = [];
  if (override) reasons.push({ kind: 'override', text: `marked ${override.level} by the team${override.reason ? `: ${override.reason}` : ''}` });
  if (incidents.length > 0) {
    const listed = incidents.slice(0, 3).map((i) => `${i.id} ${i.kind} (${isoMonth(i.date)})`);
    const more = incidents.length > 3 ? `, +${incidents.length - 3} more` : '';
    reasons.push({ kind: 'incidents', text: `${listed.join(', ')}${more}` });
  }
  if (risk.unrecordedIncidentIds.length > 0) {
    reasons.push({ kind: 'unrecorded-incidents', text: `commits name ${risk.unrecordedIncidentIds.join(', ')}, with no postmortem in the ledger` });
  }
  // Each revert is one time the file's change was undone; a reverted commit whose revert touched other files counts too.
  const reverted = stats.reverts > 0 ? stats.reverts : stats.reverted;
  if (reverted > 0) {
    const times = TIMES[reverted] ?? `${reverted} times`;
    const recent = stats.recentReverts;
    reasons.push({
      kind: 'reverts',
      text:
        recent === 0
          ? `reverted ${times}, the last time on ${isoDate(stats.lastRevert ?? stats.lastFix ?? stats.lastChange)}`
          : recent === reverted
            ? `reverted ${times}${reverted > 1 ? ', all' : ','} in the last 6 months`
            : `reverted ${times}, ${recent} of them in the last 6 months`,
    });
  }
  if (stats.fixes > 0) {
    reasons.push({
      kind: 'fixes',
      text:
        stats.recentFixes > 0
          ? `${plural(stats.recentFixes, 'fix', 'fixes')} in the last 12 months, the latest on ${isoDate(stats.lastFix!)} (${stats.fixes} of its ${plural(stats.commits, 'commit')} in all)`
          : `${stats.fixes} of its ${plural(stats.commits, 'commit')} ${stats.fixes === 1 ? 'was a fix' : 'were fixes'}, the latest on ${isoDate(stats.lastFix!)}`,
    });
  }
  if (area?.legacy) reasons.push({ kind: 'legacy-declared', text: `in legacy area \`${area.name}\` (declared)${area.note ? `: ${area.note}` : ''}` });
  const main = stats.mainAuthor;
  if (risk.legacy === 'detected' && main) {
    reasons.push({
      kind: 'legacy-detected',
      text: `last changed ${duration(now - stats.lastChange)} ago; its main author (${main.name}, ${percent(stats.mainAuthorShare)} of commits) has not committed for ${duration(now - main.lastCommit)}`,
    });
  } else if (main && !main.active && stats.activeAuthors === 0) {
    reasons.push({
      kind: 'knowledge',
      text: `none of its ${plural(stats.authors.length, 'author')} is still active; the main one (${main.name}) left ${duration(now - main.lastCommit)} ago`,
    });
  }
  if (stats.recentCommits >= 10) reasons.push({ kind: 'churn', text: `changed in ${stats.recentCommits} commits in the last 6 months` });
  return reasons;
}

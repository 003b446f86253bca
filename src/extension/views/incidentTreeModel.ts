/**
 * The incidents tree as data: the ledger grouped by kind or area (the same groups and counts as
 * `engine.incidentTally`, which it is built from), then by month, newest first. Pure.
 */
import * as l10n from '@vscode/l10n';
import { tallyIncidents } from '../../core/risk/incidentTally';
import { globMatcher } from '../../core/globs';
import type { Area, Incident } from '../../core/team';
import type { IncidentGrouping } from '../settings';

export interface MonthGroup {
  month: string;
  incidents: Incident[];
}

export interface IncidentGroup {
  key: string;
  /** Incidents in the group (an incident in two areas is in both area groups). */
  count: number;
  months: MonthGroup[];
}

/** A group of the tree by kind, in the plural; a kind the ledger invented as it is. */
function kindGroupLabel(kind: string): string {
  switch (kind) {
    case 'incident': return l10n.t('Incidents');
    case 'regression': return l10n.t('Regressions');
    case 'user-inquiry': return l10n.t('User inquiries');
    case 'near-miss': return l10n.t('Near-misses');
    default: return kind;
  }
}

export function groupLabel(grouping: IncidentGrouping, key: string): string {
  return grouping === 'kind' ? kindGroupLabel(key) : key;
}

export function groupIncidents(incidents: readonly Incident[], grouping: IncidentGrouping, areasOf: (incident: Incident) => string[]): IncidentGroup[] {
  const byId = new Map(incidents.map((incident) => [incident.id, incident]));
  const tally = tallyIncidents(incidents, grouping, areasOf);
  return tally.groups.map((group) => {
    const months = new Map<string, Incident[]>();
    for (const id of group.incidentIds) {
      const incident = byId.get(id)!;
      const month = incident.date.slice(0, 7);
      months.set(month, [...(months.get(month) ?? []), incident]);
    }
    return {
      key: group.key,
      count: group.total,
      months: [...months.entries()]
        .sort(([a], [b]) => b.localeCompare(a))
        .map(([month, list]) => ({ month, incidents: list.sort((a, b) => b.date.localeCompare(a.date) || a.id.localeCompare(b.id)) })),
    };
  });
}

/** A row under a group: a month folder, or an incident alone in its month (a one-item folder is folded away). */
export type GroupChild = { month: MonthGroup } | { incident: Incident };

/** The rows under a group, newest first: months of two or more incidents as folders, lone incidents as they are. */
export function groupChildren(group: IncidentGroup): GroupChild[] {
  return group.months.map((month) => (month.incidents.length === 1 ? { incident: month.incidents[0]! } : { month }));
}

/** Areas of an incident without the history (Restricted Mode): the ones it names, else those of its affected paths. */
export function declaredAreasOf(areas: readonly Area[]): (incident: Incident) => string[] {
  const matchers = areas.map((area) => ({ name: area.name, matches: globMatcher(area.paths) }));
  return (incident) => {
    if (incident.areas.length > 0) return incident.areas;
    const names = new Set<string>();
    for (const affected of incident.affected) for (const { name, matches } of matchers) if (matches(affected.path)) names.add(name);
    return [...names].sort();
  };
}

/** Whether an incident names a file in its affected paths (or globs). */
export function affects(incident: Incident, path: string): boolean {
  return incident.affected.some((affected) => globMatcher([affected.path])(path));
}

import { INCIDENT_KINDS, type Incident, type IncidentKind } from '../team';

export type TallyGrouping = 'kind' | 'area' | 'month';

export interface TallyFilter {
  kind?: IncidentKind;
  /** `YYYY-MM-DD` or `YYYY-MM`: incidents on or after it. */
  since?: string;
}

export interface TallyGroup {
  key: string;
  total: number;
  byKind: Record<IncidentKind, number>;
  incidentIds: string[];
}

export interface IncidentTally {
  grouping: TallyGrouping;
  total: number;
  byKind: Record<IncidentKind, number>;
  groups: TallyGroup[];
}

export const NO_AREA = '(no area)';

/** INC-7 before INC-12: ids compared with their numbers as numbers, the same on every machine. */
const byIdNumber = new Intl.Collator('en', { numeric: true });

/**
 * The postmortem tally the team reviews: incidents counted by kind, area or month. An incident
 * in two areas counts once in each area's group, and once in the total.
 */
export function tallyIncidents(
  incidents: readonly Incident[],
  grouping: TallyGrouping,
  areasOf: (incident: Incident) => string[],
  filter: TallyFilter = {},
): IncidentTally {
  const selected = incidents.filter(
    (incident) => (!filter.kind || incident.kind === filter.kind) && (!filter.since || incident.date >= filter.since),
  );
  const groups = new Map<string, TallyGroup>();
  for (const incident of selected) {
    for (const key of keysOf(incident, grouping, areasOf)) {
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { key, total: 0, byKind: zeroByKind(), incidentIds: [] }));
      group.total++;
      group.byKind[incident.kind]++;
      group.incidentIds.push(incident.id);
    }
  }
  const byKind = zeroByKind();
  for (const incident of selected) byKind[incident.kind]++;
  for (const group of groups.values()) group.incidentIds.sort(byIdNumber.compare);
  return { grouping, total: selected.length, byKind, groups: [...groups.values()].sort(orderFor(grouping)) };
}

function keysOf(incident: Incident, grouping: TallyGrouping, areasOf: (incident: Incident) => string[]): string[] {
  switch (grouping) {
    case 'kind':
      return [incident.kind];
    case 'month':
      return [incident.date.slice(0, 7)];
    case 'area': {
      const areas = areasOf(incident);
      return areas.length > 0 ? areas : [NO_AREA];
    }
  }
}

function orderFor(grouping: TallyGrouping): (a: TallyGroup, b: TallyGroup) => number {
  switch (grouping) {
    case 'kind':
      return (a, b) => INCIDENT_KINDS.indexOf(a.key as IncidentKind) - INCIDENT_KINDS.indexOf(b.key as IncidentKind);
    case 'month':
      return (a, b) => byIdNumber.compare(a.key, b.key);
    case 'area':
      return (a, b) => b.total - a.total || byIdNumber.compare(a.key, b.key);
  }
}

function zeroByKind(): Record<IncidentKind, number> {
  return Object.fromEntries(INCIDENT_KINDS.map((kind) => [kind, 0])) as Record<IncidentKind, number>;
}

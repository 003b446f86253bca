/**
 * Which current files each ledger incident is linked to: by the paths it names, by its fix and
 * introducing commits, and by commits whose message names its id.
 */
import type { History } from '../history/history';
import { globMatcher, isGlob } from '../globs';
import { incidentIdKey, type Incident } from '../team';

/**
 * Which current files each incident touched: by the paths or globs its postmortem names (current
 * or former names of a file), by its fix and introducing commits, and by commits whose message
 * names its id.
 */
export function linkIncidents(history: History, incidents: readonly Incident[], livePaths: string[]): Map<Incident, Set<string>> {
  const links = new Map<Incident, Set<string>>();
  if (incidents.length === 0) return links;
  const live = new Set(livePaths);
  const commitsById = commitsByIncidentId(history);
  const formerToCurrent = new Map<string, string>();
  for (const path of livePaths) for (const former of history.record(path)!.formerPaths) formerToCurrent.set(former, path);

  for (const incident of incidents) {
    const files = new Set<string>();
    const add = (path: string) => live.has(path) && files.add(path);
    for (const affected of incident.affected) {
      if (isGlob(affected.path)) {
        const matches = globMatcher([affected.path]);
        for (const path of livePaths) if (matches(path) || history.record(path)!.formerPaths.some(matches)) files.add(path);
      } else {
        add(affected.path);
        const renamed = formerToCurrent.get(affected.path);
        if (renamed) add(renamed);
      }
    }
    const commits = [...incident.commits.fix, ...incident.commits.introduced].map((sha) => history.commitIndex(sha));
    for (const index of [...commits, ...(commitsById.get(incidentIdKey(incident.id)) ?? [])]) {
      if (index !== undefined) history.commitPaths(index).forEach(add);
    }
    links.set(incident, files);
  }
  return links;
}

export function commitsByIncidentId(history: History): Map<string, number[]> {
  const byId = new Map<string, number[]>();
  for (const [index, ids] of history.commitsNamingIncidents()) {
    for (const id of ids) {
      const commits = byId.get(id);
      if (commits) commits.push(index);
      else byId.set(id, [index]);
    }
  }
  return byId;
}

export function invert(links: Map<Incident, Set<string>>): Map<string, Incident[]> {
  const byPath = new Map<string, Incident[]>();
  for (const [incident, paths] of links) {
    for (const path of paths) {
      const incidents = byPath.get(path);
      if (incidents) incidents.push(incident);
      else byPath.set(path, [incident]);
    }
  }
  return byPath;
}

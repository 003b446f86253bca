import type { ChangeRiskEngine, FileExplanation, LineMark } from './engine';
import type { CommitSummary } from './history/history';
import { isoDate } from './risk/format';
import type { FileRisk } from './risk/riskModel';
import type { Incident } from './team';

/**
 * The documented, stable JSON shapes of `change-risk … --json` (see docs/cli.md). Bump
 * `schemaVersion` on any breaking change; adding fields is not breaking.
 */
export const JSON_SCHEMA_VERSION = 1;

export function repositoryJson(engine: ChangeRiskEngine) {
  return {
    schemaVersion: JSON_SCHEMA_VERSION,
    repository: { root: engine.repository.root, head: engine.repository.head ?? null, shallow: engine.repository.shallow },
    now: engine.history.now.toISOString(),
    index: { source: engine.load.source, commitsRead: engine.load.commitsRead, commits: engine.history.commitCount },
    warnings: engine.warnings,
  };
}

export function fileRiskJson(risk: FileRisk) {
  const { stats } = risk;
  return {
    path: risk.path,
    level: risk.level,
    score: Number(risk.score.toFixed(4)),
    concentration: Number(risk.concentration.toFixed(4)),
    reach: Number(risk.reach.toFixed(4)),
    role: risk.role,
    bytes: risk.bytes ?? null,
    rank: risk.rank,
    area: risk.area?.name ?? null,
    legacy: risk.legacy ?? null,
    reasons: risk.reasons,
    incidents: risk.incidents.map((incident) => incident.id),
    unrecordedIncidentIds: risk.unrecordedIncidentIds,
    stats: {
      commits: stats.commits,
      fixCommits: stats.fixCommits,
      fixScore: Number(stats.fixScore.toFixed(4)),
      recentCommits: stats.recentCommits,
      recentFixes: stats.recentFixes,
      reverts: stats.reverts,
      reverted: stats.reverted,
      firstChange: stats.firstChange ? isoDate(stats.firstChange) : null,
      lastChange: stats.lastChange ? isoDate(stats.lastChange) : null,
      authors: stats.authors.length,
      activeAuthors: stats.activeAuthors,
      mainAuthor: stats.mainAuthor
        ? { name: stats.mainAuthor.name, share: Number(stats.mainAuthorShare.toFixed(3)), active: stats.mainAuthor.active }
        : null,
      formerPaths: stats.formerPaths,
    },
  };
}

export function incidentJson(incident: Incident) {
  return {
    id: incident.id,
    title: incident.title,
    date: incident.date,
    kind: incident.kind,
    severity: incident.severity,
    status: incident.status,
    file: incident.file,
  };
}

export function commitJson(commit: CommitSummary) {
  return {
    sha: commit.sha,
    date: isoDate(commit.time),
    author: commit.author,
    subject: commit.subject,
    fix: commit.fix,
    why: commit.why ?? null,
    revertedBy: commit.revertedBy ? { sha: commit.revertedBy.sha, date: isoDate(commit.revertedBy.time) } : null,
    incidentIds: commit.incidentIds,
  };
}

export function lineMarkJson(mark: LineMark) {
  return {
    start: mark.start,
    end: mark.end,
    source: mark.source,
    commits: mark.commits.map(commitJson),
    incidents: mark.incidents.map((incident) => incident.id),
  };
}

export function explanationJson(explanation: FileExplanation) {
  return {
    ...fileRiskJson(explanation.risk),
    owners: explanation.owners,
    incidentDetails: explanation.risk.incidents.map(incidentJson),
    coChanges: explanation.coChanges,
    lineMarks: explanation.lineMarks.map(lineMarkJson),
    recentFixes: explanation.recentFixes.map(commitJson),
  };
}

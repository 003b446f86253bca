import { compareText, type FileSignals, type FileStats, type History } from '../history/history';
import { RISK_LEVELS, TEAM_DIR, type Area, type ChangeRiskConfig, type Incident, type RiskLevel } from '../team';
import { duration, isoDate, isoMonth, percent, plural, secondsOf } from './format';
import { globMatcher, isGlob, type PathMatcher } from '../globs';

export type ReasonKind = 'override' | 'incidents' | 'unrecorded-incidents' | 'legacy-declared' | 'legacy-detected' | 'fixes' | 'knowledge' | 'churn';

export interface RiskReason {
  kind: ReasonKind;
  /** One short sentence with numbers a developer can act on. */
  text: string;
}

/**
 * One file's risk. Level, score and links are settled when the model is built; the detailed
 * history (`stats`) and the sentences (`reasons`) are worked out when first read, so a model over
 * twenty thousand files costs only what the ranking needs.
 */
export class FileRisk {
  level: RiskLevel = 'none';
  /** 1-based position among scored files; 0 when unscored. */
  rank = 0;
  private detailedStats?: FileStats;
  private explained?: RiskReason[];

  constructor(
    private readonly model: RiskModel,
    readonly path: string,
    /** Ranking score: recency-weighted fixes and commits plus the weight of linked incidents. */
    readonly score: number,
    readonly area: Area | undefined,
    readonly legacy: 'declared' | 'detected' | undefined,
    /** Ledger incidents linked by affected paths, fix/introducing commits, or ids in commit messages; newest first. */
    readonly incidents: readonly Incident[],
    /** Incident ids named in commit messages with no postmortem in the ledger. */
    readonly unrecordedIncidentIds: readonly string[],
  ) {}

  get stats(): FileStats {
    return (this.detailedStats ??= this.model.history.stats(this.path)!);
  }

  get reasons(): RiskReason[] {
    return (this.explained ??= this.model.reasonsFor(this));
  }
}

/** Shared by the many files with no incidents, so twenty thousand of them allocate nothing. */
const NONE: never[] = [];

const SEVERITY_WEIGHT: Record<Incident['severity'], number> = { critical: 4, high: 3, medium: 2, low: 1 };
const KIND_WEIGHT: Record<Incident['kind'], number> = { incident: 1, regression: 1, 'user-inquiry': 0.5, 'near-miss': 0.5 };
const INCIDENT_HALF_LIFE_YEARS = 2;
const DETECTED_LEGACY_MIN_COMMITS = 3;
const YEAR = 365.25 * 24 * 3600;

const LEVEL_ORDER = Object.fromEntries(RISK_LEVELS.map((level, order) => [level, order])) as Record<RiskLevel, number>;

export function compareLevels(a: RiskLevel, b: RiskLevel): number {
  return LEVEL_ORDER[a] - LEVEL_ORDER[b];
}

function atLeast(level: RiskLevel, floor: RiskLevel): RiskLevel {
  return compareLevels(level, floor) >= 0 ? level : floor;
}

/**
 * Every file's risk level and reasons. Levels are relative to this repository's own distribution
 * (the top shares of files by score), raised by what the team declared and by linked incidents,
 * and fixed by explicit overrides.
 */
export class RiskModel {
  private readonly byPath = new Map<string, FileRisk>();
  /** Files in descending order of risk. */
  readonly ranked: FileRisk[];
  private readonly areaMatchers: { area: Area; matches: PathMatcher }[];
  private readonly overrideMatchers: { override: ChangeRiskConfig['risk']['overrides'][number]; matches: PathMatcher }[];
  private readonly incidentFiles: Map<Incident, Set<string>>;
  /** Files with at least one fix or incident: below the top ranks, the only ones that warn. */
  private readonly troubled = new Set<FileRisk>();

  constructor(
    readonly history: History,
    readonly config: ChangeRiskConfig,
    readonly incidents: readonly Incident[],
  ) {
    this.areaMatchers = config.areas.map((area) => ({ area, matches: globMatcher(area.paths) }));
    this.overrideMatchers = config.risk.overrides.map((override) => ({ override, matches: globMatcher(override.paths) }));
    // The team's own files are data about the code, not code at risk.
    const paths = history.livePaths().filter((path) => !path.startsWith(`${TEAM_DIR}/`));
    this.incidentFiles = linkIncidents(history, incidents, paths);
    const filesIncidents = invert(this.incidentFiles);
    const signals = history.fileSignals();
    const risks = paths.map((path) => this.assess(path, filesIncidents.get(path) ?? NONE, signals));
    this.assignLevels(risks);
    this.ranked = risks.sort(byRisk);
    for (const risk of this.ranked) this.byPath.set(risk.path, risk);
  }

  file(path: string): FileRisk | undefined {
    return this.byPath.get(path);
  }

  hotspots(top: number): FileRisk[] {
    return this.ranked.filter((risk) => risk.level !== 'none').slice(0, top);
  }

  areaOf(path: string): Area | undefined {
    return this.areaMatchers.find(({ matches }) => matches(path))?.area;
  }

  /** Current paths an incident is linked to. */
  filesOf(incident: Incident): string[] {
    return [...(this.incidentFiles.get(incident) ?? [])].sort();
  }

  /** Areas an incident belongs to: the ones it names, else the areas of the files it affected. */
  areasOf(incident: Incident): string[] {
    if (incident.areas.length > 0) return incident.areas;
    const names = new Set<string>();
    for (const path of this.filesOf(incident)) {
      const area = this.areaOf(path);
      if (area) names.add(area.name);
    }
    for (const affected of incident.affected) {
      const area = this.areaOf(affected.path);
      if (area) names.add(area.name);
    }
    return [...names].sort();
  }

  private assess(path: string, incidents: Incident[], signals: FileSignals): FileRisk {
    const id = this.history.fileId(path)!;
    const area = this.areaOf(path);
    const namedIds = signals.incidentIds.get(id);
    const unrecordedIncidentIds = namedIds ? [...namedIds].filter((named) => !incidents.some((incident) => incident.id === named)).sort() : NONE;
    const incidentWeight = incidents.reduce((sum, incident) => sum + weightOf(incident, this.history.nowSeconds), 0);
    const score = historyScore({ decayedFixes: signals.decayedFixes[id]!, decayedCommits: signals.decayedCommits[id]! }) + 3 * incidentWeight;
    const dormant = this.history.nowSeconds - signals.lastChange[id]! >= this.config.risk.dormantYears * YEAR;
    const newestFirst = incidents.length > 1 ? [...incidents].sort((a, b) => compareText(b.date, a.date) || compareText(a.id, b.id)) : incidents;
    // Only dormant files need their authors looked at, to tell whether the knowledge has left.
    // A file touched once or twice (a README, a config stub) is not legacy code, however old.
    const worked = signals.commits[id]! >= DETECTED_LEGACY_MIN_COMMITS;
    const legacy = area?.legacy ? 'declared' : dormant && worked && this.history.isMainAuthorActive(path) === false ? 'detected' : undefined;
    const risk = new FileRisk(this, path, score, area, legacy, newestFirst, unrecordedIncidentIds);
    if (signals.fixCommits[id]! > 0 || incidents.length > 0 || unrecordedIncidentIds.length > 0) this.troubled.add(risk);
    return risk;
  }

  /** The sentences behind a file's level (see `FileRisk.reasons`). */
  reasonsFor(risk: FileRisk): RiskReason[] {
    const { stats, incidents, area } = risk;
    const dormantFor = this.history.nowSeconds - stats.lastChange;
    const reasons: RiskReason[] = [];
    const override = this.override(risk.path);
    if (override) reasons.push({ kind: 'override', text: `marked ${override.level} by the team${override.reason ? `: ${override.reason}` : ''}` });
    if (incidents.length > 0) {
      const oldest = incidents[incidents.length - 1]!.date;
      const listed = incidents.slice(0, 3).map((i) => `${i.id} ${i.kind}`);
      const more = incidents.length > 3 ? `, +${incidents.length - 3} more` : '';
      reasons.push({ kind: 'incidents', text: `${plural(incidents.length, 'incident')} since ${isoMonth(oldest)} (${listed.join(', ')}${more})` });
    }
    if (risk.unrecordedIncidentIds.length > 0) {
      reasons.push({
        kind: 'unrecorded-incidents',
        text: `commits name ${risk.unrecordedIncidentIds.join(', ')}, with no postmortem in the ledger`,
      });
    }
    if (area?.legacy) reasons.push({ kind: 'legacy-declared', text: `in legacy area \`${area.name}\` (declared)${area.note ? `: ${area.note}` : ''}` });
    if (stats.fixCommits > 0) {
      reasons.push({
        kind: 'fixes',
        text: `${stats.fixCommits} of its ${plural(stats.commits, 'commit')} ${stats.fixCommits === 1 ? 'was a fix' : 'were fixes'}, the latest on ${isoDate(stats.lastFix!)}`,
      });
    }
    const main = stats.mainAuthor;
    if (risk.legacy === 'detected' && main) {
      reasons.push({
        kind: 'legacy-detected',
        text: `last changed ${duration(dormantFor)} ago; its main author (${main.name}, ${percent(stats.mainAuthorShare)} of commits) has not committed for ${duration(this.history.nowSeconds - main.lastCommit)}`,
      });
    } else if (knowledgeLeft(stats) && main && stats.activeAuthors === 0) {
      reasons.push({
        kind: 'knowledge',
        text: `none of its ${plural(stats.authors.length, 'author')} is still active; the main one (${main.name}) left ${duration(this.history.nowSeconds - main.lastCommit)} ago`,
      });
    }
    if (stats.recentCommits >= 10) {
      reasons.push({ kind: 'churn', text: `changed in ${stats.recentCommits} commits in the last 6 months` });
    }
    return reasons;
  }

  private override(path: string) {
    return this.overrideMatchers.find(({ matches }) => matches(path))?.override;
  }

  /** Relative levels from the score ranking, then the floors and overrides the team and the ledger set. */
  private assignLevels(risks: FileRisk[]): void {
    const { levels } = this.config.risk;
    const population = risks.length;
    const scored = risks.filter((risk) => risk.score > 0).sort(byScore);
    scored.forEach((risk, position) => {
      risk.rank = position + 1;
      const share = position / population;
      // The busiest files warn on activity alone; further down, a warning needs a fix or an incident behind it.
      risk.level = share < levels.high ? 'high' : share < levels.medium ? 'medium' : share < levels.low && this.troubled.has(risk) ? 'low' : 'none';
    });
    const now = this.history.nowSeconds;
    for (const risk of risks) {
      if (risk.legacy === 'declared') risk.level = atLeast(risk.level, 'medium');
      if (risk.legacy === 'detected' || risk.unrecordedIncidentIds.length > 0) risk.level = atLeast(risk.level, 'low');
      for (const incident of risk.incidents) risk.level = atLeast(risk.level, floorFor(incident, now));
      const override = this.override(risk.path);
      if (override) risk.level = override.level;
    }
  }
}

/**
 * The least level a linked incident implies: something broke here (incident, regression) → medium,
 * high when it was severe and recent; a near-miss or a user inquiry → low.
 */
function floorFor(incident: Incident, now: number): RiskLevel {
  if (incident.kind === 'near-miss' || incident.kind === 'user-inquiry') return 'low';
  const recent = now - secondsOf(incident.date) <= 2 * YEAR;
  return recent && SEVERITY_WEIGHT[incident.severity] >= SEVERITY_WEIGHT.high ? 'high' : 'medium';
}

/**
 * What the history says: each fix counts 1 (halving every year) and every commit ½ (halving every
 * three years), so a fix made today counts 1.5. Plain counts of changes and fixes predict the next
 * fixes as well as elaborate models, recent ones better than old ones (measured with `change-risk
 * backtest`). Linked incidents count three times their weight, which keeps their old balance against
 * a fresh fix (worth 0.5 in the time-weighted fix score this replaced).
 */
function historyScore(stats: Pick<FileStats, 'decayedFixes' | 'decayedCommits'>): number {
  return stats.decayedFixes + 0.5 * stats.decayedCommits;
}

/** Its main author no longer commits to the repository. */
function knowledgeLeft(stats: FileStats): boolean {
  return stats.mainAuthor !== undefined && !stats.mainAuthor.active;
}

function weightOf(incident: Incident, now: number): number {
  const ageYears = Math.max(0, now - secondsOf(incident.date)) / YEAR;
  return SEVERITY_WEIGHT[incident.severity] * KIND_WEIGHT[incident.kind] * 0.5 ** (ageYears / INCIDENT_HALF_LIFE_YEARS);
}

function byScore(a: FileRisk, b: FileRisk): number {
  return b.score - a.score || compareText(a.path, b.path);
}

function byRisk(a: FileRisk, b: FileRisk): number {
  return compareLevels(b.level, a.level) || byScore(a, b);
}

/**
 * Which current files each incident touched: by the paths or globs its postmortem names (current
 * or former names of a file), by its fix and introducing commits, and by commits whose message
 * names its id.
 */
function linkIncidents(history: History, incidents: readonly Incident[], livePaths: string[]): Map<Incident, Set<string>> {
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
    for (const index of [...commits, ...(commitsById.get(incident.id) ?? [])]) {
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

function invert(links: Map<Incident, Set<string>>): Map<string, Incident[]> {
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

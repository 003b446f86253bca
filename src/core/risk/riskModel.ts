import { compareText, type FileSignals, type FileStats, type History } from '../history/history';
import { incidentIdKey, RISK_LEVELS, TEAM_DIR, type Area, type ChangeRiskConfig, type Incident, type RiskLevel } from '../team';
import { duration, isoDate, isoMonth, percent, plural, secondsOf } from './format';
import type { FileSizes } from '../git/fileSizes';
import { globMatcher, isGlob, type PathMatcher } from '../globs';

export type ReasonKind = 'override' | 'incidents' | 'unrecorded-incidents' | 'legacy-declared' | 'legacy-detected' | 'fixes' | 'knowledge' | 'churn';

export interface RiskReason {
  kind: ReasonKind;
  /** One short sentence with numbers a developer can act on. */
  text: string;
}

/**
 * One file's risk, built when first asked for: level, rank and links come from the model's ranking;
 * the detailed history (`stats`) and the sentences (`reasons`) are worked out when first read, so a
 * model over twenty thousand files costs only what the ranking needs.
 */
export class FileRisk {
  private detailedStats?: FileStats;
  private explained?: RiskReason[];

  constructor(
    private readonly model: RiskModel,
    readonly path: string,
    /** What the history and the ledger say: recency-weighted fixes and commits plus the weight of linked incidents. Sets the level. */
    readonly score: number,
    /** The score per size, relative to the repository's median file: orders the files within a level. */
    readonly concentration: number,
    /** Size in HEAD, when known. */
    readonly bytes: number | undefined,
    readonly level: RiskLevel,
    /** 1-based position in the model's order among scored files; 0 when unscored. */
    readonly rank: number,
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
const NOT_RANKED = -1;
const DECLARED = 1;
const DETECTED = 2;

export function compareLevels(a: RiskLevel, b: RiskLevel): number {
  return LEVEL_ORDER[a] - LEVEL_ORDER[b];
}

/** The model's order: riskier first (level, then concentration), then by path. */
export function compareRisk(a: FileRisk, b: FileRisk): number {
  return compareLevels(b.level, a.level) || b.concentration - a.concentration || compareText(a.path, b.path);
}

/**
 * Every file's risk level and reasons. Levels are relative to this repository's own distribution
 * (the top shares of files by score), raised by what the team declared and by linked incidents,
 * and fixed by explicit overrides. Within a level, files where the score is concentrated in less
 * code come first: a reviewer's hour covers more of what goes wrong there. (Ordering by score alone
 * reads the biggest files first, and measured with `change-risk backtest` on real histories it
 * found fewer of the next fixes per line read than plain counts did.)
 *
 * The ranking is kept in typed arrays indexed by a file's position in path order; a `FileRisk` is
 * made only for the files someone asks about, which keeps a warm start of a large repository from
 * allocating (and garbage-collecting) an object per file.
 */
export class RiskModel {
  /** Ranked files in path order: a "position" indexes these and the arrays below. */
  private readonly paths: string[];
  /** History file identity → position, or NOT_RANKED (ignored paths, the team's own files). */
  private readonly positionOfFile: Int32Array;
  private readonly scores: Float64Array;
  private readonly concentrations: Float64Array;
  /** Size in HEAD by position; NaN where unknown. */
  private readonly bytes: Float64Array;
  private readonly levels: Uint8Array;
  private readonly ranks: Uint32Array;
  /** 0, DECLARED or DETECTED. */
  private readonly legacyKinds: Uint8Array;
  /** Positions in descending order of risk: level, then score, then path. */
  private readonly order: Uint32Array;
  private readonly incidentsByPath: Map<string, Incident[]>;
  private readonly unrecordedByPosition = new Map<number, string[]>();
  private readonly built: (FileRisk | undefined)[] = [];
  private everyFile?: FileRisk[];
  /** How many files are at each level. */
  readonly counts: Record<RiskLevel, number>;
  private readonly areaMatchers: { area: Area; matches: PathMatcher }[];
  private readonly overrideMatchers: { override: ChangeRiskConfig['risk']['overrides'][number]; matches: PathMatcher }[];
  private readonly incidentFiles: Map<Incident, Set<string>>;

  /** `sizes`: the files' sizes in HEAD (see `fileSizesAt`); a file missing from them counts as the repository's median size. */
  constructor(
    readonly history: History,
    readonly config: ChangeRiskConfig,
    readonly incidents: readonly Incident[],
    sizes: FileSizes,
  ) {
    this.areaMatchers = config.areas.map((area) => ({ area, matches: globMatcher(area.paths) }));
    this.overrideMatchers = config.risk.overrides.map((override) => ({ override, matches: globMatcher(override.paths) }));
    // The team's own files are data about the code, not code at risk.
    const live = history.liveFiles();
    const isCode = live.paths.map((path) => !path.startsWith(`${TEAM_DIR}/`));
    this.paths = live.paths.filter((_, k) => isCode[k]);
    const ids = live.ids.filter((_, k) => isCode[k]);
    this.incidentFiles = linkIncidents(history, incidents, this.paths);
    this.incidentsByPath = invert(this.incidentFiles);
    for (const linked of this.incidentsByPath.values()) linked.sort((a, b) => compareText(b.date, a.date) || compareText(a.id, b.id));
    const count = this.paths.length;
    this.positionOfFile = new Int32Array(history.data.filePaths.length).fill(NOT_RANKED);
    this.scores = new Float64Array(count);
    this.concentrations = new Float64Array(count);
    this.bytes = sizes.alignedTo(this.paths);
    this.levels = new Uint8Array(count);
    this.ranks = new Uint32Array(count);
    this.legacyKinds = new Uint8Array(count);
    const troubled = this.assess(history.fileSignals(), ids, new Uint8Array(count));
    this.concentrate();
    this.order = this.assignLevels(troubled);
    this.counts = Object.fromEntries(RISK_LEVELS.map((level) => [level, 0])) as Record<RiskLevel, number>;
    for (const level of this.levels) this.counts[RISK_LEVELS[level]!]++;
  }

  /** Files in descending order of risk (every file: prefer `hotspots` or `file` for a few). */
  get ranked(): FileRisk[] {
    return (this.everyFile ??= Array.from(this.order, (position) => this.riskAt(position)));
  }

  /** How many files are ranked. */
  get fileCount(): number {
    return this.paths.length;
  }

  file(path: string): FileRisk | undefined {
    const id = this.history.fileId(path);
    const position = id === undefined ? NOT_RANKED : this.positionOfFile[id]!;
    return position === NOT_RANKED ? undefined : this.riskAt(position);
  }

  /** The riskiest files above level none, at most `top`. */
  hotspots(top: number): FileRisk[] {
    const found: FileRisk[] = [];
    for (const position of this.order) {
      if (found.length >= top || this.levels[position] === 0) break;
      found.push(this.riskAt(position));
    }
    return found;
  }

  /** Files linked to at least one ledger incident, in descending order of risk. */
  filesWithIncidents(): FileRisk[] {
    return [...this.incidentsByPath.keys()]
      .map((path) => this.file(path)!)
      .sort(compareRisk);
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

  /**
   * Scores every file and marks declared and detected legacy; returns which files had a fix or an
   * incident (below the top ranks, only those warn).
   */
  private assess(signals: FileSignals, ids: readonly number[], troubled: Uint8Array): Uint8Array {
    const { history, paths } = this;
    const now = history.nowSeconds;
    const dormantSeconds = this.config.risk.dormantYears * YEAR;
    const hasAreas = this.areaMatchers.length > 0;
    for (let position = 0; position < paths.length; position++) {
      const path = paths[position]!;
      const id = ids[position]!;
      this.positionOfFile[id] = position;
      // Without links, no path is hashed for a lookup: this loop runs over every file on every start.
      const incidents = this.incidentsByPath.size > 0 ? (this.incidentsByPath.get(path) ?? NONE) : NONE;
      const namedIds = signals.incidentIds.size > 0 ? signals.incidentIds.get(id) : undefined;
      const unrecorded = namedIds ? [...namedIds].filter((named) => !incidents.some((incident) => incidentIdKey(incident.id) === named)).sort() : NONE;
      if (unrecorded.length > 0) this.unrecordedByPosition.set(position, unrecorded);
      let incidentWeight = 0;
      for (const incident of incidents) incidentWeight += weightOf(incident, now);
      this.scores[position] = historyScore(signals.decayedFixes[id]!, signals.decayedCommits[id]!) + 3 * incidentWeight;
      if (hasAreas && this.areaOf(path)?.legacy) this.legacyKinds[position] = DECLARED;
      // Only dormant files need their authors looked at, to tell whether the knowledge has left.
      // A file touched once or twice (a README, a config stub) is not legacy code, however old.
      else if (now - signals.lastChange[id]! >= dormantSeconds && signals.commits[id]! >= DETECTED_LEGACY_MIN_COMMITS && history.isMainAuthorActive(id) === false) {
        this.legacyKinds[position] = DETECTED;
      }
      if (signals.fixCommits[id]! > 0 || incidents.length > 0 || unrecorded.length > 0) troubled[position] = 1;
    }
    return troubled;
  }

  /**
   * Score per size: score / (1 + bytes / median bytes). The median makes it a ratio to the
   * repository's typical file, whatever the language, and keeps a tiny file from outranking
   * everything on a little activity.
   */
  private concentrate(): void {
    const { paths, scores, concentrations, bytes } = this;
    const known = bytes.filter((size) => !Number.isNaN(size)).sort();
    const median = Math.max(1, known.length > 0 ? known[known.length >> 1]! : 1);
    for (let position = 0; position < paths.length; position++) {
      const size = Number.isNaN(bytes[position]!) ? median : bytes[position]!;
      concentrations[position] = scores[position]! / (1 + size / median);
    }
  }

  private riskAt(position: number): FileRisk {
    let risk = this.built[position];
    if (!risk) {
      const path = this.paths[position]!;
      const legacy = this.legacyKinds[position] === DECLARED ? 'declared' : this.legacyKinds[position] === DETECTED ? 'detected' : undefined;
      const incidents = this.incidentsByPath.get(path) ?? NONE;
      const unrecorded = this.unrecordedByPosition.get(position) ?? NONE;
      const level = RISK_LEVELS[this.levels[position]!]!;
      risk = new FileRisk(this, path, this.scores[position]!, this.concentrations[position]!, Number.isNaN(this.bytes[position]!) ? undefined : this.bytes[position], level, this.ranks[position]!, this.areaOf(path), legacy, incidents, unrecorded);
      this.built[position] = risk;
    }
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

  /**
   * Relative levels from the score ranking, then the floors and overrides the team and the ledger
   * set. Returns the positions by level, then concentration, then path.
   */
  private assignLevels(troubled: Uint8Array): Uint32Array {
    const { levels: shares } = this.config.risk;
    const { scores, levels, paths } = this;
    const population = paths.length;
    const now = this.history.nowSeconds;
    const hasOverrides = this.overrideMatchers.length > 0;
    const byScore = descendingOrder(scores);
    const perLevel = new Uint32Array(RISK_LEVELS.length);
    for (let k = 0; k < population; k++) {
      const position = byScore[k]!;
      let level = 0;
      if (scores[position]! > 0) {
        const share = k / population;
        // The busiest files warn on activity alone; further down, a warning needs a fix or an incident behind it.
        level = share < shares.high ? 3 : share < shares.medium ? 2 : share < shares.low && troubled[position] ? 1 : 0;
      }
      if (this.legacyKinds[position] === DECLARED) level = Math.max(level, LEVEL_ORDER.medium);
      if (this.legacyKinds[position] === DETECTED || this.unrecordedByPosition.has(position)) level = Math.max(level, LEVEL_ORDER.low);
      for (const incident of this.incidentsByPath.get(paths[position]!) ?? NONE) level = Math.max(level, LEVEL_ORDER[floorFor(incident, now)]);
      const override = hasOverrides ? this.override(paths[position]!) : undefined;
      if (override) level = LEVEL_ORDER[override.level];
      levels[position] = level;
      perLevel[level]!++;
    }
    // A counting sort by level that keeps the concentration order within each level.
    const next = new Uint32Array(RISK_LEVELS.length);
    for (let level = RISK_LEVELS.length - 2; level >= 0; level--) next[level] = next[level + 1]! + perLevel[level + 1]!;
    const order = new Uint32Array(population);
    for (const position of descendingOrder(this.concentrations)) order[next[levels[position]!]!++] = position;
    let rank = 0;
    for (const position of order) if (scores[position]! > 0) this.ranks[position] = ++rank;
    return order;
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
function historyScore(decayedFixes: number, decayedCommits: number): number {
  return decayedFixes + 0.5 * decayedCommits;
}

/** Its main author no longer commits to the repository. */
function knowledgeLeft(stats: FileStats): boolean {
  return stats.mainAuthor !== undefined && !stats.mainAuthor.active;
}

function weightOf(incident: Incident, now: number): number {
  const ageYears = Math.max(0, now - secondsOf(incident.date)) / YEAR;
  return SEVERITY_WEIGHT[incident.severity] * KIND_WEIGHT[incident.kind] * 0.5 ** (ageYears / INCIDENT_HALF_LIFE_YEARS);
}

/**
 * Positions in descending order of score, equal scores in position order. Typed arrays sort natively,
 * without calling back into JavaScript for each of the few hundred thousand comparisons, so each
 * position is placed by a binary search over the sorted scores.
 */
function descendingOrder(scores: Float64Array): Uint32Array {
  const count = scores.length;
  const sorted = Float64Array.from(scores).sort().reverse();
  const placed = new Uint32Array(count);
  const order = new Uint32Array(count);
  for (let position = 0; position < count; position++) {
    const score = scores[position]!;
    let low = 0;
    let high = count;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (sorted[middle]! > score) low = middle + 1;
      else high = middle;
    }
    order[low + placed[low]!++] = position;
  }
  return order;
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

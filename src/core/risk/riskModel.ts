import { compareText, samePerson, type Person, type FileSignals, type FileStats, type History } from '../history/history';
import { incidentIdKey, RISK_LEVELS, TEAM_DIR, type Area, type ChangeRiskConfig, type Incident, type RiskLevel } from '../team';
import { secondsOf } from './format';
import type { FileSizes } from '../git/fileSizes';
import { globMatcher, type PathMatcher } from '../globs';
import { roleClassifier, type FileRole } from '../files/roles';
import { invert, linkIncidents } from './incidentLinks';
import { reasonsFor, type RiskReason } from './reasons';
import { JA_REASONS } from './reasonsJa';

export type { ReasonKind, RiskReason } from './reasons';

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
    /** What the history and the ledger hold against the file: recent fixes, reverts and incidents, plus a little activity. Orders the files. */
    readonly score: number,
    /** The score per size, relative to the repository's median file: sets the level among warned files and orders them within it. */
    readonly concentration: number,
    /** The score weighed up by size: which files with evidence are warned about, and the order of the rest. */
    readonly reach: number,
    /** Size in HEAD, when known. */
    readonly bytes: number | undefined,
    readonly level: RiskLevel,
    /** 1-based position in the model's order among rated files with a score; 0 otherwise. */
    readonly rank: number,
    readonly area: Area | undefined,
    readonly legacy: 'declared' | 'detected' | undefined,
    /** Ledger incidents linked by affected paths, fix/introducing commits, or ids in commit messages; newest first. */
    readonly incidents: readonly Incident[],
    /** Incident ids named in commit messages with no postmortem in the ledger. */
    readonly unrecordedIncidentIds: readonly string[],
    /** What the file is (source, test, docs…): only the rated roles (source, by default) get a level. */
    readonly role: FileRole,
    /** Of a rated role (`risk.roles`): it may get a level, a badge and a place among the risky files. */
    readonly rated: boolean,
  ) {}

  get stats(): FileStats {
    return (this.detailedStats ??= this.model.history.stats(this.path)!);
  }

  get reasons(): RiskReason[] {
    return (this.explained ??= reasonsFor(this, this.model.history, this.model.override(this.path)));
  }

  /** The same reasons (of the same kinds: `presentFor` may have dropped some) in another language. */
  reasonsIn(lang: 'en' | 'ja'): RiskReason[] {
    if (lang === 'en') return this.reasons;
    const kinds = new Set(this.reasons.map((reason) => reason.kind));
    return reasonsFor(this, this.model.history, this.model.override(this.path), JA_REASONS).filter((reason) => kinds.has(reason.kind));
  }

  /**
   * The file as a change by `people` sees it: nobody whose commit is in the change under review has
   * left, so when one of them is its main author it is no detected legacy and its knowledge is there.
   */
  presentFor(people: readonly Person[]): FileRisk {
    const main = this.stats.mainAuthor;
    if (!main || !people.some((person) => samePerson(person, main))) return this;
    const gone = (reason: RiskReason) => reason.kind === 'legacy-detected' || reason.kind === 'knowledge';
    if (this.legacy !== 'detected' && !this.reasons.some(gone)) return this;
    const legacy = this.legacy === 'detected' ? undefined : this.legacy;
    const present = new FileRisk(this.model, this.path, this.score, this.concentration, this.reach, this.bytes, this.level, this.rank, this.area, legacy, this.incidents, this.unrecordedIncidentIds, this.role, this.rated);
    present.detailedStats = this.stats;
    present.explained = this.reasons.filter((reason) => !gone(reason));
    return present;
  }
}

/** Shared by the many files with no incidents, so twenty thousand of them allocate nothing. */
const NONE: never[] = [];

const SEVERITY_WEIGHT: Record<Incident['severity'], number> = { critical: 4, high: 3, medium: 2, low: 1 };
const KIND_WEIGHT: Record<Incident['kind'], number> = { incident: 1, regression: 1, 'user-inquiry': 0.5, 'near-miss': 0.5 };
const INCIDENT_HALF_LIFE_YEARS = 2;
const DETECTED_LEGACY_MIN_COMMITS = 3;
const YEAR = 365.25 * 24 * 3600;

/*
 * The weights below were chosen with `change-risk backtest` on the development corpora (see
 * docs/model-evaluation.md for what was tried and the figures). Evidence (fixes, reverts, incidents)
 * decides whether a file may be warned about at all; among files with evidence, the one still being
 * changed, and the larger one, is the one the next fix lands in.
 */
/** How much recency-weighted activity counts next to the evidence in a file's score. */
const ACTIVITY_WEIGHT = 1;
/**
 * Which files with evidence are warned about: score × (1 + size / median)^0.5. A large file that
 * keeps being fixed holds more of the next fixes than a small one with the same record.
 */
const REACH_SIZE_EXPONENT = 0.5;
/** The least evidence (fixes weighted by recency, halving yearly, plus incidents) for high and for medium. */
const HIGH_EVIDENCE = 1;
const MEDIUM_EVIDENCE = 0.5;

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

type Override = ChangeRiskConfig['risk']['overrides'][number];

/**
 * Every file's risk level and reasons. Only files of the rated roles (source code, by default) get a
 * level: a changelog or a Gemfile changes often and says nothing about fragile code.
 *
 * A level needs evidence a developer can check — fixes, reverts and incidents, recent ones counting
 * more — and at most a small share of the rated files (10 % by default) gets one, so a badge is rare
 * enough to be read. Linked ledger incidents and the team's overrides set floors above that.
 * The level says how strong the record is; the order is where to look first: files where the score
 * sits in less code come first, since a reviewer's hour covers more of what goes wrong there.
 *
 * The ranking is kept in typed arrays indexed by a file's position in path order; a `FileRisk` is
 * made only for the files someone asks about, which keeps a warm start of a large repository from
 * allocating (and garbage-collecting) an object per file.
 */
export class RiskModel {
  /** Live files in path order: a "position" indexes these and the arrays below. */
  private readonly paths: string[];
  /** History file identity → position, or NOT_RANKED (ignored paths). */
  private readonly positionOfFile: Int32Array;
  private readonly roles: FileRole[];
  /** 1 where the file's role gets a level. */
  private readonly rated: Uint8Array;
  /** Fixes, reverts and incidents, time-weighted: 0 means no evidence, and no level from history. */
  private readonly evidence: Float64Array;
  private readonly scores: Float64Array;
  private readonly concentrations: Float64Array;
  private readonly reaches: Float64Array;
  /** Size in HEAD by position; NaN where unknown. */
  private readonly bytes: Float64Array;
  private readonly levels: Uint8Array;
  private readonly ranks: Uint32Array;
  /** 0, DECLARED or DETECTED. */
  private readonly legacyKinds: Uint8Array;
  /** Positions in the model's order: rated files by level then concentration, then the others. */
  private readonly order: Uint32Array;
  private readonly incidentsByPath: Map<string, Incident[]>;
  private readonly unrecordedByPosition = new Map<number, string[]>();
  private readonly built: (FileRisk | undefined)[] = [];
  private everyFile?: FileRisk[];
  /** How many rated files are at each level. */
  readonly counts: Record<RiskLevel, number>;
  private readonly areaMatchers: { area: Area; matches: PathMatcher }[];
  private readonly overrideMatchers: { override: Override; matches: PathMatcher }[];
  private readonly incidentFiles: Map<Incident, Set<string>>;
  /** How many files are rated (of the roles that get a level). */
  readonly fileCount: number;
  /** The role of any path: the team's `roles` overrides, then the conventions. */
  readonly roleOf: (path: string) => FileRole;

  /** `sizes`: the files' sizes in HEAD (see `fileSizesAt`); a file missing from them counts as the repository's median size. */
  constructor(
    readonly history: History,
    readonly config: ChangeRiskConfig,
    readonly incidents: readonly Incident[],
    sizes: FileSizes,
    /** Rate only these paths (the backtest: the files of the commit it ranks); default every live file. */
    ratedPaths?: ReadonlySet<string>,
  ) {
    this.areaMatchers = config.areas.map((area) => ({ area, matches: globMatcher(area.paths) }));
    this.overrideMatchers = config.risk.overrides.map((override) => ({ override, matches: globMatcher(override.paths) }));
    // The team's own files are data about the code, not code at risk.
    const everyLive = history.liveFiles();
    const isCode = everyLive.paths.map((path) => !path.startsWith(`${TEAM_DIR}/`));
    const live = { paths: everyLive.paths.filter((_, k) => isCode[k]), ids: everyLive.ids.filter((_, k) => isCode[k]) };
    this.paths = live.paths;
    const roleOf = (this.roleOf = roleClassifier(config.roles));
    const ratedRoles = new Set<FileRole>(config.risk.roles);
    this.roles = live.paths.map(roleOf);
    this.rated = Uint8Array.from(this.roles, (role, k) => (ratedRoles.has(role) && (!ratedPaths || ratedPaths.has(live.paths[k]!)) ? 1 : 0));
    this.fileCount = this.rated.reduce((sum, rated) => sum + rated, 0);
    this.incidentFiles = linkIncidents(history, incidents, this.paths);
    this.incidentsByPath = invert(this.incidentFiles);
    for (const linked of this.incidentsByPath.values()) linked.sort((a, b) => compareText(b.date, a.date) || compareText(a.id, b.id));
    const count = this.paths.length;
    this.positionOfFile = new Int32Array(history.data.filePaths.length).fill(NOT_RANKED);
    this.evidence = new Float64Array(count);
    this.scores = new Float64Array(count);
    this.concentrations = new Float64Array(count);
    this.reaches = new Float64Array(count);
    this.bytes = sizes.alignedTo(this.paths);
    this.levels = new Uint8Array(count);
    this.ranks = new Uint32Array(count);
    this.legacyKinds = new Uint8Array(count);
    this.assess(history.fileSignals(), live.ids);
    this.concentrate();
    this.order = this.assignLevels();
    this.counts = Object.fromEntries(RISK_LEVELS.map((level) => [level, 0])) as Record<RiskLevel, number>;
    this.levels.forEach((level, position) => this.rated[position] && this.counts[RISK_LEVELS[level]!]++);
  }

  /** Files in the model's order (every file: prefer `hotspots` or `file` for a few). */
  get ranked(): FileRisk[] {
    return (this.everyFile ??= Array.from(this.order, (position) => this.riskAt(position)));
  }

  file(path: string): FileRisk | undefined {
    const id = this.history.fileId(path);
    const position = id === undefined ? NOT_RANKED : this.positionOfFile[id]!;
    return position === NOT_RANKED ? undefined : this.riskAt(position);
  }

  /** The riskiest rated files above level none, at most `top`. */
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

  override(path: string): Override | undefined {
    return this.overrideMatchers.length === 0 ? undefined : this.overrideMatchers.find(({ matches }) => matches(path))?.override;
  }

  /** Evidence, score and legacy of every file. */
  private assess(signals: FileSignals, ids: readonly number[]): void {
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
      // An incident id in a commit with no postmortem is as much evidence as a fix.
      const evidence = signals.decayedFixes[id]! + 3 * incidentWeight + (unrecorded.length > 0 ? 1 : 0);
      this.evidence[position] = evidence;
      this.scores[position] = evidence + ACTIVITY_WEIGHT * signals.decayedCommits[id]!;
      if (hasAreas && this.areaOf(path)?.legacy) this.legacyKinds[position] = DECLARED;
      // Only dormant files need their authors looked at, to tell whether the knowledge has left.
      // A file touched once or twice (a README, a config stub) is not legacy code, however old.
      else if (this.rated[position] && now - signals.lastChange[id]! >= dormantSeconds && signals.commits[id]! >= DETECTED_LEGACY_MIN_COMMITS && history.isMainAuthorActive(id) === false) {
        this.legacyKinds[position] = DETECTED;
      }
    }
  }

  /**
   * Score per size, score / (1 + bytes / median bytes), and reach, score × (1 + bytes / median)^0.5.
   * The median makes them ratios to the repository's typical file, whatever the language, and keeps
   * a tiny file from outranking everything on a little activity.
   */
  private concentrate(): void {
    const { paths, scores, concentrations, reaches, bytes } = this;
    const known = bytes.filter((size) => !Number.isNaN(size)).sort();
    const median = Math.max(1, known.length > 0 ? known[known.length >> 1]! : 1);
    for (let position = 0; position < paths.length; position++) {
      const relative = 1 + (Number.isNaN(bytes[position]!) ? median : bytes[position]!) / median;
      concentrations[position] = scores[position]! / relative;
      reaches[position] = scores[position]! * Math.pow(relative, REACH_SIZE_EXPONENT);
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
      const bytes = Number.isNaN(this.bytes[position]!) ? undefined : this.bytes[position];
      risk = new FileRisk(this, path, this.scores[position]!, this.concentrations[position]!, this.reaches[position]!, bytes, level, this.ranks[position]!, this.areaOf(path), legacy, incidents, unrecorded, this.roles[position]!, this.rated[position] === 1);
      this.built[position] = risk;
    }
    return risk;
  }

  /**
   * Levels from the evidence. The rated files with any evidence are taken by reach, and the first
   * `low` share of all rated files (10 % by default) is warned about; the rest stay none. Among the
   * warned, the level says how strong the record is: the first `high` share of all rated files by
   * evidence is high when it is worth about a fix in the last months, up to `medium` medium when worth
   * one in the last year, the others low. Then the floors the ledger and the team set (linked
   * incidents, incident ids in commits, declared legacy) and the overrides.
   *
   * Returns the positions in the model's order, which is where to look first: the files the team marked
   * with an override, the files with a level by concentration (a record of trouble in little code
   * first, whatever its level), the rated files without one by reach, then the files of other roles.
   */
  private assignLevels(): Uint32Array {
    const shares = this.config.risk.levels;
    const { evidence, levels, paths, rated, reaches, concentrations } = this;
    const [high, medium, low] = [shares.high, shares.medium, shares.low].map((share) => Math.floor(share * this.fileCount + 1e-9)) as [number, number, number];
    const now = this.history.nowSeconds;
    const byReach = descendingOrder(reaches);
    const byConcentration = descendingOrder(concentrations);
    const warned = new Uint8Array(paths.length);
    let taken = 0;
    for (const position of byReach) {
      if (taken >= low) break;
      if (rated[position] && evidence[position]! > 0) warned[position] = 1, taken++;
    }
    // How strong the warning is comes from the record alone: the first `high` share of all rated files
    // by evidence is high if it is worth about a recent fix or two, up to `medium` medium if worth a fix
    // in the last year; old, single fixes stay low.
    let stronger = 0;
    for (const position of descendingOrder(evidence)) {
      if (!warned[position]) continue;
      const record = evidence[position]!;
      levels[position] = stronger < high && record >= HIGH_EVIDENCE ? 3 : stronger < medium && record >= MEDIUM_EVIDENCE ? 2 : 1;
      stronger++;
    }
    for (let position = 0; position < paths.length; position++) {
      if (!rated[position]) continue;
      let level = levels[position]!;
      // A commit named an incident with no postmortem: something broke here, whatever the share.
      if (this.unrecordedByPosition.has(position)) level = Math.max(level, LEVEL_ORDER.low);
      // The team said so: a declared legacy area is worth a look even without a fix on record.
      if (this.legacyKinds[position] === DECLARED) level = Math.max(level, evidence[position]! > 0 ? LEVEL_ORDER.medium : LEVEL_ORDER.low);
      for (const incident of this.incidentsByPath.get(paths[position]!) ?? NONE) level = Math.max(level, LEVEL_ORDER[floorFor(incident, now)]);
      const override = this.override(paths[position]!);
      if (override) level = LEVEL_ORDER[override.level];
      levels[position] = level;
    }
    // Buckets: files of other roles lowest, then rated ones without a level, then the warned ones, and
    // first what the team marked with an override; each filled in the order that applies to it.
    const buckets = 4;
    const overridden = new Uint8Array(paths.length);
    if (this.overrideMatchers.length > 0) for (let position = 0; position < paths.length; position++) overridden[position] = this.override(paths[position]!) ? 1 : 0;
    const bucketOf = (position: number) => (!rated[position] ? 0 : levels[position] === 0 ? 1 : overridden[position] ? 3 : 2);
    const perBucket = new Uint32Array(buckets);
    for (let position = 0; position < paths.length; position++) perBucket[bucketOf(position)]!++;
    const start = new Uint32Array(buckets);
    for (let bucket = buckets - 2; bucket >= 0; bucket--) start[bucket] = start[bucket + 1]! + perBucket[bucket + 1]!;
    const order = new Uint32Array(paths.length);
    for (const position of byConcentration) if (bucketOf(position) > 1) order[start[bucketOf(position)]!++] = position;
    for (const position of byReach) if (bucketOf(position) <= 1) order[start[bucketOf(position)]!++] = position;
    let rank = 0;
    for (const position of order) if (rated[position] && this.scores[position]! > 0) this.ranks[position] = ++rank;
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

export { commitsByIncidentId } from './incidentLinks';

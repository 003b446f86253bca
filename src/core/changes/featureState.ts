/**
 * What the history knows just before a change, per file and per person, kept up to date one commit
 * at a time (`advance`), and the features of a change read from it (`describe`) — a commit of the
 * history, or a prospective change (a working-tree diff, a commit range) described against the state
 * after the whole history. See features.ts for what a change is and which files count.
 */
import type { ChangedFile } from '../change/change';
import { isNamedTest, isTestFile, needsTestChange, testStem } from '../change/tests';
import { roleClassifier, type FileRole } from '../files/roles';
import { globMatcher, type PathMatcher } from '../globs';
import type { History } from '../history/history';
import { FOCUSED_COMMIT_FILES, MIN_CONFIDENCE } from '../impact/coChanges';
import type { ChangeRiskConfig } from '../team';
import { FEATURE_COUNT, FEATURE_INDEX as F } from './featureSet';

const DAY = 24 * 3600;
const YEAR = 365.25 * DAY;
const MONTH = YEAR / 12;
/** The prior commits of a file looked at for NUC: enough for any file a change touches. */
const NUC_COMMITS_PER_FILE = 1000;
/** As in the file ranking: a file touched once or twice is not legacy code, however old. */
const LEGACY_MIN_COMMITS = 3;
/** How far back the fixes of the touched files count for `priorFixes`. */
const PRIOR_FIX_SECONDS = YEAR;

export interface ChangeInput {
  /** Author time, unix seconds. */
  time: number;
  /** The author's person (`History.personOf`); undefined for someone the history does not know. */
  person: number | undefined;
  fix: boolean;
  /**
   * Every file of the change: its identity in the history (undefined: a new file), path, lines; and,
   * for a prospective change whose own commits are in the history, its lines before them (default:
   * the state's count, right for a commit of the history).
   */
  files: ReadonlyArray<{ file: number | undefined; path: string; added: number; deleted: number; linesBefore?: number }>;
  recentFixLines: number;
  recentFixes: number;
}

interface FileState {
  lines: number;
  lastTime: number;
  counted: number;
  devs: number[];
  /** Person → counted commits, for the main author. */
  authors: Map<number, number>;
  /** Counted commits, oldest first (for NUC) and fix commits with their times (for priorFixes). */
  commits: number[];
  fixes: Array<[commit: number, time: number]>;
  /** Focused commits and the files they shared with this one. */
  focused: number;
  partners: Map<number, number>;
  incident: boolean;
}

const fresh = (): FileState => ({ lines: 0, lastTime: 0, counted: 0, devs: [], authors: new Map(), commits: [], fixes: [], focused: 0, partners: new Map(), incident: false });

export class ChangeFeatureState {
  private readonly files = new Map<number, FileState>();
  private readonly roles = new Map<string, FileRole>();
  private readonly ratedRoles: Set<FileRole>;
  private readonly roleOf: (path: string) => FileRole;
  private readonly legacyAreas: PathMatcher[];
  private readonly personChanges = new Map<number, number>();
  private readonly personYears = new Map<number, Map<number, number>>();
  private readonly personSubsystems = new Map<number, Map<string, number>>();
  private readonly personLast = new Map<number, number>();
  private readonly seenTestStems = new Set<string>();
  private stampValue = 0;
  /** Per key, the last change (stamp) that counted it: the distinct commits and people of one change. */
  private readonly counted = new Map<number, number>();
  private readonly countedFixes = new Map<number, number>();

  constructor(
    private readonly history: History,
    private readonly config: ChangeRiskConfig,
  ) {
    this.roleOf = roleClassifier(config.roles);
    this.ratedRoles = new Set(config.risk.roles);
    this.legacyAreas = config.areas.filter((area) => area.legacy).map((area) => globMatcher(area.paths));
  }

  /** Whether a file counts for the features: not ignored by the history rules, of a rated role. */
  isRated(path: string): boolean {
    return !this.history.isIgnored(path) && this.ratedRoles.has(this.role(path));
  }

  /** The lines of a file after the commits passed so far (0 for one the history does not know). */
  linesOf(file: number | undefined): number {
    return file === undefined ? 0 : (this.files.get(file)?.lines ?? 0);
  }

  /** The files' lines as they stand now, read from their blobs (where a pass that started late begins). */
  setLines(files: ArrayLike<number>, lines: ArrayLike<number>): void {
    for (let k = 0; k < files.length; k++) this.state(files[k]!).lines = lines[k]!;
  }

  /** Marks files as linked to an incident from now on (a ledger incident reached its date). */
  markIncident(files: Iterable<number>): void {
    for (const file of files) this.state(file).incident = true;
  }

  /** The change's raw features (before `transformed`), or undefined when it touches no rated file. */
  describe(change: ChangeInput): Float64Array | undefined {
    const rated = change.files.filter((entry) => this.isRated(entry.path));
    if (rated.length === 0) return undefined;
    const row = new Float64Array(FEATURE_COUNT);
    const { time } = change;
    const changed = new Set(rated.flatMap((entry) => (entry.file === undefined ? [] : [entry.file])));
    const changedTestStems = new Set(change.files.filter((entry) => isTestFile(entry.path)).map((entry) => testStem(entry.path)));
    const subsystems = new Set<string>();
    const directories = new Set<string>();
    const stamp = ++this.stampValue;
    let added = 0;
    let deleted = 0;
    let linesBefore = 0;
    let ageSum = 0;
    const partnersSeen = new Set<number>();
    for (const entry of rated) {
      const s = entry.file === undefined ? fresh() : this.state(entry.file);
      subsystems.add(topFolder(entry.path));
      directories.add(entry.path.slice(0, Math.max(0, entry.path.lastIndexOf('/'))));
      added += entry.added;
      deleted += entry.deleted;
      linesBefore += entry.linesBefore ?? s.lines;
      if (s.counted > 0) ageSum += Math.max(0, time - s.lastTime) / DAY;
      for (const dev of s.devs) if (firstTime(this.counted, -1 - dev, stamp)) row[F.ndev]!++;
      for (let p = Math.max(0, s.commits.length - NUC_COMMITS_PER_FILE); p < s.commits.length; p++) if (firstTime(this.counted, s.commits[p]!, stamp)) row[F.nuc]!++;
      for (const [commit, at] of s.fixes) if (time - at <= PRIOR_FIX_SECONDS && firstTime(this.countedFixes, commit, stamp)) row[F.priorFixes]!++;
      if (s.incident) row[F.incidentFiles]!++;
      if (this.legacyAreas.some((matches) => matches(entry.path)) || this.isDetectedLegacy(s, time)) row[F.legacyFiles]!++;
      if (this.role(entry.path) === 'source' && s.focused >= this.config.coupling.minCommits) {
        for (const [partner, shared] of s.partners) {
          if (changed.has(partner) || partnersSeen.has(partner) || shared < this.config.coupling.minSharedCommits || (shared * 100) / s.focused < MIN_CONFIDENCE) continue;
          partnersSeen.add(partner);
          row[F.missingPartners]!++;
        }
      }
      // Covered: a changed test is named after it, or tests changed and none was ever named after it.
      const stem = testStem(entry.path);
      const covered = changedTestStems.has(stem) || (changedTestStems.size > 0 && !this.seenTestStems.has(stem));
      if (!covered && needsTest(entry.path, this.role(entry.path), entry.added)) row[F.missingTests]!++;
    }
    const nf = rated.length;
    row[F.ns] = subsystems.size;
    row[F.nd] = directories.size;
    row[F.nf] = nf;
    row[F.entropy] = entropy(rated.map((entry) => entry.added + entry.deleted));
    row[F.la] = added / Math.max(1, linesBefore);
    row[F.ld] = deleted / Math.max(1, linesBefore);
    row[F.lt] = linesBefore / nf;
    row[F.fix] = change.fix ? 1 : 0;
    row[F.age] = ageSum / nf;
    const person = change.person;
    if (person !== undefined) {
      row[F.exp] = this.personChanges.get(person) ?? 0;
      row[F.rexp] = recentExperience(this.personYears.get(person), time);
      const bySubsystem = this.personSubsystems.get(person);
      for (const subsystem of subsystems) row[F.sexp]! += bySubsystem?.get(subsystem) ?? 0;
    }
    row[F.linesAdded] = added;
    row[F.linesDeleted] = deleted;
    row[F.recentFixLines] = change.recentFixLines;
    row[F.recentFixes] = change.recentFixes;
    return row;
  }

  /** Moves the state past commit `commit` of the history (`change` is that commit as `describe` reads it). */
  advance(commit: number, change: ChangeInput): void {
    const counted = this.history.isCounted(commit);
    const person = change.person;
    for (const entry of change.files) {
      if (entry.file === undefined) continue;
      const s = this.state(entry.file);
      s.lines = Math.max(0, s.lines + entry.added - entry.deleted);
      if (isNamedTest(entry.path)) this.seenTestStems.add(testStem(entry.path));
      if (!counted) continue;
      s.lastTime = Math.max(s.lastTime, change.time);
      s.counted++;
      s.commits.push(commit);
      if (change.fix) s.fixes.push([commit, change.time]);
      if (person !== undefined) {
        if (!s.devs.includes(person)) s.devs.push(person);
        s.authors.set(person, (s.authors.get(person) ?? 0) + 1);
      }
    }
    if (!counted) return;
    if (this.history.commitIncidentIds(commit).length > 0) this.markIncident(change.files.flatMap((entry) => (entry.file === undefined ? [] : [entry.file])));
    if (change.files.length <= FOCUSED_COMMIT_FILES) {
      const sources = change.files.filter((entry) => entry.file !== undefined && this.role(entry.path) === 'source' && !this.history.isIgnored(entry.path)).map((entry) => entry.file!);
      for (const file of sources) {
        const s = this.state(file);
        s.focused++;
        for (const other of sources) if (other !== file) s.partners.set(other, (s.partners.get(other) ?? 0) + 1);
      }
    }
    if (person === undefined) return;
    const rated = change.files.filter((entry) => this.isRated(entry.path));
    if (rated.length > 0) {
      this.personChanges.set(person, (this.personChanges.get(person) ?? 0) + 1);
      const years = this.personYears.get(person) ?? new Map<number, number>();
      const year = calendarYear(change.time);
      years.set(year, (years.get(year) ?? 0) + 1);
      this.personYears.set(person, years);
      const subsystems = this.personSubsystems.get(person) ?? new Map<string, number>();
      for (const subsystem of new Set(rated.map((entry) => topFolder(entry.path)))) subsystems.set(subsystem, (subsystems.get(subsystem) ?? 0) + 1);
      this.personSubsystems.set(person, subsystems);
    }
    this.personLast.set(person, Math.max(this.personLast.get(person) ?? 0, change.time));
  }

  private state(file: number): FileState {
    let found = this.files.get(file);
    if (!found) this.files.set(file, (found = fresh()));
    return found;
  }

  private role(path: string): FileRole {
    let role = this.roles.get(path);
    if (role === undefined) this.roles.set(path, (role = this.roleOf(path)));
    return role;
  }

  /** Detected legacy at `time`: dormant for the configured years, with enough history, its main author inactive then. */
  private isDetectedLegacy(s: FileState, time: number): boolean {
    if (s.counted < LEGACY_MIN_COMMITS || time - s.lastTime < this.config.risk.dormantYears * YEAR) return false;
    let main = -1;
    let most = 0;
    for (const [person, count] of s.authors) if (count > most || (count === most && person < main)) [main, most] = [person, count];
    return main >= 0 && time - (this.personLast.get(main) ?? 0) > this.config.history.activeAuthorMonths * MONTH;
  }
}

/** True the first time `key` is seen for the change `stamp` (commits as themselves, people as -1 - person). */
function firstTime(seen: Map<number, number>, key: number, stamp: number): boolean {
  if (seen.get(key) === stamp) return false;
  seen.set(key, stamp);
  return true;
}

function calendarYear(time: number): number {
  return new Date(time * 1000).getUTCFullYear();
}

function topFolder(path: string): string {
  const slash = path.indexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** Shannon entropy of the changed lines over the files, divided by its maximum log2(files): 0 for one file. */
export function entropy(linesPerFile: readonly number[]): number {
  const total = linesPerFile.reduce((sum, lines) => sum + lines, 0);
  if (linesPerFile.length < 2 || total === 0) return 0;
  let h = 0;
  for (const lines of linesPerFile) if (lines > 0) h -= (lines / total) * Math.log2(lines / total);
  return h / Math.log2(linesPerFile.length);
}

/** Kamei's REXP: the author's changes per calendar year, a year n years back weighing 1/(n + 1). */
function recentExperience(years: Map<number, number> | undefined, time: number): number {
  if (!years) return 0;
  const now = calendarYear(time);
  let sum = 0;
  for (const [year, count] of years) sum += count / (1 + Math.max(0, now - year));
  return sum;
}

/** Source with behaviour whose change adds lines: `needsTestChange` on what the index knows of it. */
function needsTest(path: string, role: FileRole, added: number): boolean {
  const file: ChangedFile = { path, status: 'modified', binary: false, added, removed: 0, oldHunks: [], newHunks: [], addedLines: [], removedLines: [] };
  return needsTestChange(file, role);
}

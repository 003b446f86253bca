/**
 * Features of every change in one forward pass over the history (issue #16): the state per file
 * (lines, last change, developers, prior changes, co-change partners) and per person (experience)
 * is updated as the commits go by, so each change is described by what was known just before it —
 * never by anything later.
 *
 * A change is a counted commit (not a merge, a bot's, a bulk or an ignored one) touching at least
 * one rated file (the roles in `risk.roles`: source code by default). Only rated files count for the
 * size, diffusion and history features: a lockfile rewrite or a regenerated schema adds thousands of
 * lines nobody reviews as code, and Kamei's features were defined on code. The effort of reviewing a
 * change is its rated lines added + deleted (at least 1).
 */
import { isNamedTest, isTestFile, needsTestChange, testStem } from '../change/tests';
import type { ChangedFile } from '../change/change';
import { roleClassifier, type FileRole } from '../files/roles';
import { globMatcher } from '../globs';
import type { History } from '../history/history';
import type { ChangeRiskConfig, Incident } from '../team';
import { FOCUSED_COMMIT_FILES, MIN_CONFIDENCE } from '../impact/coChanges';
import type { ChangeLineData } from './changeData';
import { FEATURE_COUNT, FEATURE_INDEX as F } from './featureSet';

const DAY = 24 * 3600;
const YEAR = 365.25 * DAY;
const MONTH = YEAR / 12;
/** The prior commits of a file looked at for NUC: enough for any file a change touches. */
const NUC_COMMITS_PER_FILE = 1000;
/** As in the file ranking: a file touched once or twice is not legacy code, however old. */
const LEGACY_MIN_COMMITS = 3;

export interface ChangeFeatures {
  /** Commit indexes of the changes, in index order. */
  commits: Uint32Array;
  /** Row-major raw values: change k's feature j is `values[k * FEATURE_COUNT + j]` (before `transformed`). */
  values: Float64Array;
  /** Rated lines added + deleted, at least 1: the effort of reviewing the change. */
  effort: Float64Array;
  /** Author time, unix seconds. */
  times: Uint32Array;
}

export interface FeatureInputs {
  history: History;
  lines: ChangeLineData;
  config: ChangeRiskConfig;
  /** The ledger: an incident marks its files from its date on. */
  incidents?: readonly Incident[];
}

/** Per-file state carried along the pass. */
interface FileState {
  lines: number;
  lastTime: number;
  counted: number;
  devs: number[];
  /** Person → counted commits, for the main author. */
  authors: Map<number, number>;
  /** Focused commits and the files they shared with this one. */
  focused: number;
  partners: Map<number, number>;
  incident: boolean;
}

export function computeChangeFeatures(inputs: FeatureInputs): ChangeFeatures {
  const { history, lines, config } = inputs;
  const data = history.data;
  const { commitFileOffsets: offsets, commitFileIds: fileIds, times, authorOfCommit } = data;
  if (lines.commitCount !== data.commitCount) throw new RangeError(`line data covers ${lines.commitCount} commits, the history ${data.commitCount}`);
  const roleOf = roleClassifier(config.roles);
  const ratedRoles = new Set<FileRole>(config.risk.roles);
  const ignored = history.classification.ignoredFiles;
  const roles: (FileRole | undefined)[] = [];
  const roleOfFile = (file: number) => (roles[file] ??= roleOf(data.filePaths[file]!));
  const isRated = (file: number) => ignored[file] === 0 && ratedRoles.has(roleOfFile(file));
  const legacyAreas = config.areas.filter((area) => area.legacy).map((area) => globMatcher(area.paths));
  const declaredLegacy: (boolean | undefined)[] = [];
  const isDeclaredLegacy = (file: number) => (declaredLegacy[file] ??= legacyAreas.some((matches) => matches(data.filePaths[file]!)));
  const dormantSeconds = config.risk.dormantYears * YEAR;
  const activeSeconds = config.history.activeAuthorMonths * MONTH;
  const { minCommits, minSharedCommits } = config.coupling;
  const ledger = ledgerEvents(history, inputs.incidents ?? []);
  let nextLedger = 0;

  const files = new Map<number, FileState>();
  const state = (file: number): FileState => {
    let found = files.get(file);
    if (!found) files.set(file, (found = { lines: 0, lastTime: 0, counted: 0, devs: [], authors: new Map(), focused: 0, partners: new Map(), incident: false }));
    return found;
  };
  const filePosition = new Uint32Array(data.filePaths.length);
  const personChanges = new Map<number, number>();
  const personYears = new Map<number, Map<number, number>>();
  const personSubsystems = new Map<number, Map<string, number>>();
  const personLast = new Map<number, number>();
  const seenTestStems = new Set<string>();
  const stamp = new Uint32Array(data.commitCount);
  const personStamp = new Map<number, number>();
  let stampValue = 0;

  const commits: number[] = [];
  const values: number[] = [];
  const effort: number[] = [];
  const changeTimes: number[] = [];
  const row = new Float64Array(FEATURE_COUNT);

  for (let commit = 0; commit < data.commitCount; commit++) {
    const time = times[commit]!;
    while (nextLedger < ledger.length && ledger[nextLedger]!.time <= time) for (const file of ledger[nextLedger++]!.files) state(file).incident = true;
    const from = offsets[commit]!;
    const to = offsets[commit + 1]!;
    const counted = history.isCounted(commit);
    const person = history.personOf(authorOfCommit[commit]!);
    const rated: number[] = [];
    for (let k = from; k < to; k++) if (isRated(fileIds[k]!)) rated.push(k);

    if (counted && rated.length > 0) {
      row.fill(0);
      const subsystems = new Set<string>();
      const directories = new Set<string>();
      let added = 0;
      let deleted = 0;
      let linesBefore = 0;
      let ageSum = 0;
      stampValue++;
      let nuc = 0;
      let ndev = 0;
      const changed = new Set<number>();
      for (const k of rated) changed.add(fileIds[k]!);
      const hasTests = [...changed].some((file) => isTestFile(data.filePaths[file]!));
      const changedTestStems = new Set([...changed].filter((file) => isTestFile(data.filePaths[file]!)).map((file) => testStem(data.filePaths[file]!)));
      for (let k = from; k < to; k++) {
        const path = data.filePaths[fileIds[k]!]!;
        if (isTestFile(path)) changedTestStems.add(testStem(path));
      }
      const changedAnyTest = hasTests || changedTestStems.size > 0;
      let missingPartners = 0;
      const partnersSeen = new Set<number>();
      for (const k of rated) {
        const file = fileIds[k]!;
        const path = data.filePaths[file]!;
        const s = state(file);
        const slash = path.indexOf('/');
        subsystems.add(slash < 0 ? '' : path.slice(0, slash));
        directories.add(path.slice(0, Math.max(0, path.lastIndexOf('/'))));
        added += lines.added[k]!;
        deleted += lines.deleted[k]!;
        linesBefore += s.lines;
        if (s.counted > 0) ageSum += Math.max(0, time - s.lastTime) / DAY;
        for (const dev of s.devs) {
          if (personStamp.get(dev) === stampValue) continue;
          personStamp.set(dev, stampValue);
          ndev++;
        }
        const start = filePosition[file]!;
        const firstOwn = data.fileCommitOffsets[file]!;
        for (let p = Math.max(firstOwn, firstOwn + start - NUC_COMMITS_PER_FILE); p < firstOwn + start; p++) {
          const earlier = data.fileCommitIds[p]!;
          if (stamp[earlier] === stampValue || !history.isCounted(earlier)) continue;
          stamp[earlier] = stampValue;
          nuc++;
        }
        if (s.incident) row[F.incidentFiles]!++;
        if (isDeclaredLegacy(file) || isDetectedLegacy(s, time, personLast, dormantSeconds, activeSeconds)) row[F.legacyFiles]!++;
        if (roleOfFile(file) === 'source' && s.focused >= minCommits) {
          for (const [partner, shared] of s.partners) {
            if (changed.has(partner) || partnersSeen.has(partner) || shared < minSharedCommits || (shared * 100) / s.focused < MIN_CONFIDENCE) continue;
            partnersSeen.add(partner);
            missingPartners++;
          }
        }
        if (needsTest(path, roleOfFile(file), lines.added[k]!) && !changedTestStems.has(testStem(path)) && !(changedAnyTest && !seenTestStems.has(testStem(path)))) row[F.missingTests]!++;
      }
      const nf = rated.length;
      row[F.ns] = subsystems.size;
      row[F.nd] = directories.size;
      row[F.nf] = nf;
      row[F.entropy] = entropy(rated.map((k) => lines.added[k]! + lines.deleted[k]!));
      row[F.la] = added / Math.max(1, linesBefore);
      row[F.ld] = deleted / Math.max(1, linesBefore);
      row[F.lt] = linesBefore / nf;
      row[F.fix] = history.isFixCommit(commit) ? 1 : 0;
      row[F.ndev] = ndev;
      row[F.age] = ageSum / nf;
      row[F.nuc] = nuc;
      row[F.exp] = personChanges.get(person) ?? 0;
      row[F.rexp] = recentExperience(personYears.get(person), time);
      const bySubsystem = personSubsystems.get(person);
      for (const subsystem of subsystems) row[F.sexp]! += bySubsystem?.get(subsystem) ?? 0;
      row[F.linesAdded] = added;
      row[F.linesDeleted] = deleted;
      row[F.recentFixLines] = lines.recentlyFixedLinesTouched[commit]!;
      row[F.recentFixes] = lines.recentFixesTouched[commit]!;
      row[F.missingPartners] = missingPartners;
      commits.push(commit);
      for (let j = 0; j < FEATURE_COUNT; j++) values.push(row[j]!);
      effort.push(Math.max(1, added + deleted));
      changeTimes.push(time);
    }

    // The state moves past this commit.
    for (let k = from; k < to; k++) {
      const file = fileIds[k]!;
      const s = state(file);
      s.lines = Math.max(0, s.lines + lines.added[k]! - lines.deleted[k]!);
      filePosition[file]!++;
      const path = data.filePaths[file]!;
      if (isNamedTest(path)) seenTestStems.add(testStem(path));
      if (!counted) continue;
      s.lastTime = Math.max(s.lastTime, time);
      s.counted++;
      if (!s.devs.includes(person)) s.devs.push(person);
      s.authors.set(person, (s.authors.get(person) ?? 0) + 1);
    }
    if (counted) {
      for (const id of history.commitIncidentIds(commit).length > 0 ? fileIdsOf(data, commit) : []) state(id).incident = true;
      if (to - from <= FOCUSED_COMMIT_FILES) {
        const sources = [];
        for (let k = from; k < to; k++) if (roleOfFile(fileIds[k]!) === 'source' && ignored[fileIds[k]!] === 0) sources.push(fileIds[k]!);
        for (const file of sources) {
          const s = state(file);
          s.focused++;
          for (const other of sources) if (other !== file) s.partners.set(other, (s.partners.get(other) ?? 0) + 1);
        }
      }
      if (rated.length > 0) {
        personChanges.set(person, (personChanges.get(person) ?? 0) + 1);
        const years = personYears.get(person) ?? new Map<number, number>();
        const year = calendarYear(time);
        years.set(year, (years.get(year) ?? 0) + 1);
        personYears.set(person, years);
        const subsystems = personSubsystems.get(person) ?? new Map<string, number>();
        for (const subsystem of new Set(rated.map((k) => topFolder(data.filePaths[fileIds[k]!]!)))) subsystems.set(subsystem, (subsystems.get(subsystem) ?? 0) + 1);
        personSubsystems.set(person, subsystems);
      }
      personLast.set(person, Math.max(personLast.get(person) ?? 0, time));
    }
  }
  return { commits: Uint32Array.from(commits), values: Float64Array.from(values), effort: Float64Array.from(effort), times: Uint32Array.from(changeTimes) };
}

function calendarYear(time: number): number {
  return new Date(time * 1000).getUTCFullYear();
}

function topFolder(path: string): string {
  const slash = path.indexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

function fileIdsOf(data: History['data'], commit: number): Uint32Array {
  return data.commitFileIds.subarray(data.commitFileOffsets[commit], data.commitFileOffsets[commit + 1]);
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

/** Detected legacy at `time`: dormant for the configured years, with enough history, its main author inactive then. */
function isDetectedLegacy(s: FileState, time: number, personLast: Map<number, number>, dormantSeconds: number, activeSeconds: number): boolean {
  if (s.counted < LEGACY_MIN_COMMITS || time - s.lastTime < dormantSeconds) return false;
  let main = -1;
  let most = 0;
  for (const [person, count] of s.authors) if (count > most || (count === most && person < main)) [main, most] = [person, count];
  return main >= 0 && time - (personLast.get(main) ?? 0) > activeSeconds;
}

/** Source with behaviour whose change adds lines: `needsTestChange` on what the index knows of it. */
function needsTest(path: string, role: FileRole, added: number): boolean {
  const file: ChangedFile = { path, status: 'modified', binary: false, added, removed: 0, oldHunks: [], newHunks: [], addedLines: [], removedLines: [] };
  return needsTestChange(file, role);
}

/** Ledger incidents as (date, files): the files of their fix and introducing commits and their affected paths. */
function ledgerEvents(history: History, incidents: readonly Incident[]): Array<{ time: number; files: number[] }> {
  const data = history.data;
  const events = incidents.map((incident) => {
    const files = new Set<number>();
    for (const sha of [...incident.commits.fix, ...incident.commits.introduced]) {
      const commit = history.commitIndex(sha);
      if (commit !== undefined) for (const file of fileIdsOf(data, commit)) files.add(file);
    }
    for (const affected of incident.affected) {
      const matches = globMatcher([affected.path]);
      data.filePaths.forEach((path, file) => {
        if (matches(path) || (data.formerPaths.get(file) ?? []).some(matches)) files.add(file);
      });
    }
    return { time: Date.parse(`${incident.date}T00:00:00Z`) / 1000, files: [...files] };
  });
  return events.filter((event) => Number.isFinite(event.time)).sort((a, b) => a.time - b.time);
}

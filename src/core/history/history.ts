import type { CompiledHistoryRules } from '../team/historyRules';
import { readIgnoreRevs } from '../git/repository';
import { compileHistoryRules } from '../team/historyRules';
import type { HistoryRules } from '../team';
import { classificationKey, classify, type Classification } from './classification';
import type { HistoryData } from './historyData';
import { ShaLookup } from './shaLookup';
import { findPath } from './indexContainers';
import { peopleOf } from './people';
import { COMMIT_HALF_LIFE_YEARS, decayed, FIX_HALF_LIFE_YEARS, SECONDS_PER_MONTH } from './decay';
import { fileStatsOf, type FileStats, type StatsSource } from './fileStats';

export type { AuthorShare, FileStats } from './fileStats';

export { samePerson, type Person } from './people';

export interface HistoryRuleSettings {
  classifier: CompiledHistoryRules;
  /** Identifies the message rules, to reuse a cached classification (see `classificationKey`). */
  classificationKey: string;
  /** A commit touching more files than this is a bulk change: left out of scores and coupling. */
  bulkCommitFiles: number;
  /** Commits listed in `.git-blame-ignore-revs`: left out like bulk changes. */
  ignoreRevs: ReadonlySet<string>;
  /**
   * Full object names of commits read as if they had not happened yet: a change's own commits, so that its risk
   * comes from the history before it (its merge-base), never from itself.
   */
  excludedCommits?: ReadonlySet<string>;
  activeAuthorMonths: number;
}

/** The settings for reading a repository's history under the team's `history` rules. */
export function ruleSettingsFor(rules: HistoryRules, repositoryRoot: string): HistoryRuleSettings {
  return {
    classifier: compileHistoryRules(rules),
    classificationKey: classificationKey(rules),
    bulkCommitFiles: rules.bulkCommitFiles,
    activeAuthorMonths: rules.activeAuthorMonths,
    ignoreRevs: readIgnoreRevs(repositoryRoot),
  };
}

export interface CouplingSettings {
  minCommits: number;
  minSharedCommits: number;
  /** Percent. */
  minDegree: number;
}

export interface CoChange {
  path: string;
  sharedCommits: number;
  /** shared commits / mean of both files' commits × 100. */
  degree: number;
}

/** Per file identity (index = file id), what `History.fileSignals` computes in one pass. */
export interface FileSignals {
  commits: Uint32Array;
  fixCommits: Uint32Array;
  decayedFixes: Float64Array;
  decayedCommits: Float64Array;
  /** Unix seconds. */
  lastChange: Uint32Array;
  /** Incident ids named in the messages of each file's commits, without repeats (files with none are absent). */
  incidentIds: Map<number, string[]>;
}

/** One file identity as it stands at the indexed HEAD. */
export interface FileRecord {
  id: number;
  path: string;
  /** Earlier paths, oldest first. */
  formerPaths: readonly string[];
  /** Indices of the commits that touched it, oldest first. */
  commits: Uint32Array;
}

export interface CommitSummary {
  sha: string;
  time: number;
  author: string;
  subject: string;
  /** A fix by the rules (its subject, a `Fixes:` trailer, or a revert), or a commit that was reverted later. */
  fix: boolean;
  incidentIds: string[];
  /** Why the commit counts as trouble, in words: "fix (subject: 'Fix rounding…')", "reverted by 3f2a9c1 on 2025-03-02". */
  why?: string;
  /** The commit this one reverts, when it is a revert. */
  reverts?: string;
  /** The first revert of this commit, when it was reverted. */
  revertedBy?: { sha: string; time: number };
  /** Written by a bot: counts for nothing. */
  bot?: boolean;
}

const NO_PATHS: readonly string[] = [];

/** The indexed history read through the team's rules, at a given "now" (an input, so results are reproducible). */
export class History implements StatsSource {
  /** 1 where a commit counts for scores and coupling (not bulk, not a bot's, not an ignored revision). */
  private readonly counted: Uint8Array;
  /** 1 where a counted commit is a fix (a revert is one). */
  private readonly fix: Uint8Array;
  /** 1 where a counted commit is trouble: a fix, or a commit reverted later (its files and lines count like a fix's). */
  private readonly trouble: Uint8Array;
  /** Reverted commit → its first revert; revert → the commit it reverts. */
  private readonly revertedBy = new Map<number, number>();
  private readonly revertOf = new Map<number, number>();
  /** Per author index: 1 for bots. */
  private readonly botAuthor: Uint8Array;
  /** Per author index: the person (the lowest author index of the same name or e-mail local part). */
  private readonly personOfAuthor: Uint32Array;
  /** Per person: unix seconds of the latest human commit. */
  private readonly personLastCommit: Uint32Array;
  private readonly incidentIdsByCommit = new Map<number, string[]>();
  private readonly decoder = new TextDecoder();
  private signals?: FileSignals;
  private shaLookupMade: ShaLookup | undefined;
  /** Position in `data.liveFileIds` of the path `fileId` found last. */
  private lastFound = -1;
  /** Scratch counts per author, reused across files so a scan allocates nothing. */
  private authorCounts?: Uint32Array;
  readonly firstCommitTime: number;
  /** The message rules' verdict on every commit; cache it with the index to skip the rules next time. */
  readonly classification: Classification;

  constructor(
    readonly data: HistoryData,
    readonly rules: HistoryRuleSettings,
    readonly now: Date,
    cachedClassification?: Classification,
  ) {
    const { commitCount, times, authorOfCommit, commitFileOffsets } = data;
    this.classification = classify(data, rules.classifier, rules.classificationKey, cachedClassification);
    const excluded = new Uint8Array(commitCount);
    for (const sha of rules.excludedCommits ?? []) {
      const index = this.commitIndexOfFullSha(sha);
      if (index !== undefined) excluded[index] = 1;
    }
    const { incidentCommits, incidentIds, reverts } = this.classification;
    incidentCommits.forEach((commit, k) => {
      if (excluded[commit] === 0) this.incidentIdsByCommit.set(commit, incidentIds[k]!.split('\n'));
    });
    const bots = (this.botAuthor = Uint8Array.from(data.authorNames, (name, author) => (rules.classifier.isBot(name, data.authorEmails[author]!) ? 1 : 0)));
    this.personOfAuthor = peopleOf(data.authorNames, data.authorEmails);
    // One pass, over locals rather than fields: it runs once per start, mostly before the optimiser has seen it.
    const counted = (this.counted = new Uint8Array(commitCount));
    const fix = (this.fix = new Uint8Array(commitCount));
    const classifiedFix = this.classification.fix;
    const { bulkCommitFiles } = rules;
    const personOf = this.personOfAuthor;
    const personLastCommit = (this.personLastCommit = new Uint32Array(data.authorNames.length));
    let firstCommitTime = commitCount > 0 ? times[0]! : 0;
    for (let i = 0; i < commitCount; i++) {
      const author = authorOfCommit[i]!;
      counted[i] = commitFileOffsets[i + 1]! - commitFileOffsets[i]! <= bulkCommitFiles && bots[author] === 0 && excluded[i] === 0 ? 1 : 0;
      fix[i] = counted[i]! & classifiedFix[i]!;
      const time = times[i]!;
      if (bots[author] === 0 && excluded[i] === 0 && time > personLastCommit[personOf[author]!]!) personLastCommit[personOf[author]!] = time;
      if (time < firstCommitTime) firstCommitTime = time;
    }
    for (const rev of rules.ignoreRevs) {
      const index = this.commitIndexOfFullSha(rev);
      if (index !== undefined) counted[index] = fix[index] = 0;
    }
    const trouble = (this.trouble = Uint8Array.from(fix));
    for (let k = 0; k < reverts.length; k += 2) {
      const revert = reverts[k]!;
      const reverted = reverts[k + 1]!;
      // A bot's revert (or a revert of a bot's bump, or of a bulk change) is no revert on record.
      if (!counted[reverted] || !counted[revert]) continue;
      this.revertOf.set(revert, reverted);
      if (!this.revertedBy.has(reverted)) this.revertedBy.set(reverted, revert);
      trouble[reverted] = 1;
    }
    this.firstCommitTime = firstCommitTime;
  }

  get nowSeconds(): number {
    return Math.floor(this.now.getTime() / 1000);
  }

  get commitCount(): number {
    return this.data.commitCount;
  }

  /** The files in HEAD that the team's rules do not ignore, sorted by path, with their identities. */
  liveFiles(): { paths: string[]; ids: number[] } {
    const { liveFileIds, filePaths } = this.data;
    const { ignoredFiles } = this.classification;
    const paths: string[] = [];
    const ids: number[] = [];
    for (const id of liveFileIds) {
      if (ignoredFiles[id]) continue;
      paths.push(filePaths[id]!);
      ids.push(id);
    }
    return { paths, ids };
  }

  isIgnored(path: string): boolean {
    return this.rules.classifier.isIgnoredPath(path);
  }

  record(path: string): FileRecord | undefined {
    const id = this.fileId(path);
    return id === undefined ? undefined : this.recordOf(id);
  }

  isAuthorActive(lastCommit: number): boolean {
    return this.nowSeconds - lastCommit <= this.rules.activeAuthorMonths * SECONDS_PER_MONTH;
  }

  /** Everything the history says about the file at `path` in HEAD (see `fileStatsOf`). */
  stats(path: string): FileStats | undefined {
    const record = this.record(path);
    return record && fileStatsOf(this, path, record.formerPaths, record.commits);
  }

  personOf(author: number): number {
    return this.personOfAuthor[author]!;
  }

  lastCommitOfPersonIndex(person: number): number {
    return this.personLastCommit[person]!;
  }

  /**
   * The per-file numbers the risk ranking needs, for every file identity in one pass over the
   * commits (a hundred times cheaper than `stats` for each of twenty thousand files).
   */
  fileSignals(): FileSignals {
    if (this.signals) return this.signals;
    const files = this.data.filePaths.length;
    const signals: FileSignals = {
      commits: new Uint32Array(files),
      fixCommits: new Uint32Array(files),
      decayedFixes: new Float64Array(files),
      decayedCommits: new Float64Array(files),
      lastChange: new Uint32Array(files),
      incidentIds: new Map(),
    };
    const { commitFileOffsets, commitFileIds, times } = this.data;
    const { counted, trouble: fix } = this;
    const { commits, fixCommits, decayedFixes, decayedCommits, lastChange } = signals;
    const now = this.nowSeconds;
    for (let commit = 0; commit < this.data.commitCount; commit++) {
      const time = times[commit]!;
      const isCounted = counted[commit] === 1;
      const isFix = fix[commit] === 1;
      const commitWeight = isCounted ? decayed(now - time, COMMIT_HALF_LIFE_YEARS) : 0;
      const fixWeight = isFix ? decayed(now - time, FIX_HALF_LIFE_YEARS) : 0;
      for (let k = commitFileOffsets[commit]!; k < commitFileOffsets[commit + 1]!; k++) {
        const file = commitFileIds[k]!;
        if (time > lastChange[file]!) lastChange[file] = time;
        if (!isCounted) continue;
        commits[file]!++;
        decayedCommits[file]! += commitWeight;
        if (isFix) {
          fixCommits[file]!++;
          decayedFixes[file]! += fixWeight;
        }
      }
    }
    for (const [commit, ids] of this.incidentIdsByCommit) {
      for (let k = commitFileOffsets[commit]!; k < commitFileOffsets[commit + 1]!; k++) {
        const named = signals.incidentIds.get(commitFileIds[k]!);
        if (named) addAbsent(named, ids);
        else signals.incidentIds.set(commitFileIds[k]!, [...ids]);
      }
    }
    return (this.signals = signals);
  }

  /**
   * Whether the author with most counted commits to the file still commits to the repository;
   * undefined without one. Asked for thousands of dormant files on every start, so it reads the
   * flat arrays directly.
   */
  isMainAuthorActive(fileId: number): boolean | undefined {
    const { fileCommitOffsets, fileCommitIds, authorOfCommit, authorNames } = this.data;
    const personOf = this.personOfAuthor;
    const counts = (this.authorCounts ??= new Uint32Array(authorNames.length));
    const end = fileCommitOffsets[fileId + 1]!;
    let main = -1;
    for (let k = fileCommitOffsets[fileId]!; k < end; k++) {
      const commit = fileCommitIds[k]!;
      if (!this.counted[commit]) continue;
      const person = personOf[authorOfCommit[commit]!]!;
      counts[person]!++;
      if (main === -1 || counts[person]! > counts[main]! || (counts[person] === counts[main] && compareText(authorNames[person]!, authorNames[main]!) < 0)) main = person;
    }
    for (let k = fileCommitOffsets[fileId]!; k < end; k++) counts[personOf[authorOfCommit[fileCommitIds[k]!]!]!] = 0;
    return main === -1 ? undefined : this.isAuthorActive(this.personLastCommit[main]!);
  }

  /** The identity of the file at `path` in the indexed HEAD. */
  fileId(path: string): number | undefined {
    const { liveFileIds, filePaths } = this.data;
    // The ranking asks for every live path in order: the one after the last found is tried before a search.
    const next = this.lastFound + 1;
    const position = next < liveFileIds.length && filePaths[liveFileIds[next]!] === path ? next : findPath(liveFileIds, filePaths, path);
    if (position < 0) return undefined;
    this.lastFound = position;
    return liveFileIds[position];
  }

  /** Files that usually change together with `path` (bulk commits left out). */
  coChanges(path: string, settings: CouplingSettings): CoChange[] {
    const record = this.record(path);
    if (!record) return [];
    const own = this.countedCommits(record);
    if (own.length < settings.minCommits) return [];
    const shared = new Map<number, number>();
    for (const index of own) {
      for (const id of this.filesOfCommit(index)) if (id !== record.id) shared.set(id, (shared.get(id) ?? 0) + 1);
    }
    const result: CoChange[] = [];
    for (const [id, count] of shared) {
      const other = this.recordOf(id);
      if (!this.data.fileAlive[id] || count < settings.minSharedCommits || this.isIgnored(other.path)) continue;
      const otherCommits = this.countedCommits(other).length;
      if (otherCommits < settings.minCommits) continue;
      const degree = (count / ((own.length + otherCommits) / 2)) * 100;
      if (degree >= settings.minDegree) result.push({ path: other.path, sharedCommits: count, degree: Math.round(degree) });
    }
    return result.sort((a, b) => b.degree - a.degree || b.sharedCommits - a.sharedCommits || compareText(a.path, b.path));
  }

  /** Indices of the commits to `record` that count (neither bulk nor ignored). */
  countedCommits(record: FileRecord): number[] {
    return Array.from(record.commits).filter((index) => this.counted[index]);
  }

  ignoredRevisions(): ReadonlySet<string> {
    return this.rules.ignoreRevs;
  }

  isFixCommit(index: number): boolean {
    return this.fix[index] === 1;
  }

  /** A fix, or a commit that was reverted later: what marks lines and files as troubled. */
  isTroubleCommit(index: number): boolean {
    return this.trouble[index] === 1;
  }

  /** Whether a commit counts at all (not bulk, not a bot's, not an ignored revision). */
  isCounted(index: number): boolean {
    return this.counted[index] === 1;
  }

  /**
   * Whether the lines a commit last changed are marked: a fix, a revert, a commit reverted later, or one
   * naming an incident; never a bot's, a bulk or an ignored commit, whatever it names.
   */
  marksLines(index: number): boolean {
    return this.counted[index] === 1 && (this.trouble[index] === 1 || this.incidentIdsByCommit.has(index));
  }

  /** The first revert of a commit, when it was reverted. */
  revertOfCommit(index: number): number | undefined {
    return this.revertedBy.get(index);
  }

  /** The commit a revert reverts. */
  commitRevertedBy(index: number): number | undefined {
    return this.revertOf.get(index);
  }

  /** Commits whose message names incident ids, with the ids. */
  commitsNamingIncidents(): ReadonlyMap<number, string[]> {
    return this.incidentIdsByCommit;
  }

  commitIncidentIds(index: number): string[] {
    return this.incidentIdsByCommit.get(index) ?? [];
  }

  /** The commit for a full or abbreviated sha (at least 4 digits), if indexed and not ambiguous. */
  commitIndex(sha: string): number | undefined {
    return this.shaLookup.find(sha);
  }

  private commitIndexOfFullSha(sha: string): number | undefined {
    return sha.length === this.data.shaLength ? this.shaLookup.find(sha) : undefined;
  }

  /** Made on first use: most uses of a history look up no sha at all. */
  private get shaLookup(): ShaLookup {
    return (this.shaLookupMade ??= new ShaLookup(this.data));
  }

  private get shaBytes(): number {
    return this.data.shaLength / 2;
  }

  sha(index: number): string {
    const bytes = this.shaBytes;
    return Buffer.from(this.data.shas.buffer, this.data.shas.byteOffset + index * bytes, bytes).toString('hex');
  }

  message(index: number): string {
    return this.decoder.decode(this.data.messages.subarray(this.data.messageOffsets[index], this.data.messageOffsets[index + 1]));
  }

  commitSummary(index: number): CommitSummary {
    const subject = this.message(index).split('\n', 1)[0]!;
    const revertedBy = this.revertedBy.get(index);
    const reverts = this.revertOf.get(index);
    const summary: CommitSummary = {
      sha: this.sha(index),
      time: this.data.times[index]!,
      author: this.data.authorNames[this.data.authorOfCommit[index]!]!,
      subject,
      fix: this.isTroubleCommit(index),
      incidentIds: this.commitIncidentIds(index),
      ...(reverts !== undefined ? { reverts: this.sha(reverts) } : {}),
      ...(revertedBy !== undefined ? { revertedBy: { sha: this.sha(revertedBy), time: this.data.times[revertedBy]! } } : {}),
      ...(this.botAuthor[this.data.authorOfCommit[index]!] ? { bot: true } : {}),
    };
    const why = troubleReason(summary, this.isFixCommit(index), this.isTroubleCommit(index));
    return why ? { ...summary, why } : summary;
  }

  /** Paths (current) of the live files a commit touched. */
  commitPaths(index: number): string[] {
    return Array.from(this.filesOfCommit(index))
      .filter((id) => this.data.fileAlive[id])
      .map((id) => this.data.filePaths[id]!);
  }

  private filesOfCommit(index: number): Uint32Array {
    return this.data.commitFileIds.subarray(this.data.commitFileOffsets[index], this.data.commitFileOffsets[index + 1]);
  }

  private recordOf(id: number): FileRecord {
    return {
      id,
      path: this.data.filePaths[id]!,
      formerPaths: this.data.formerPaths.get(id) ?? NO_PATHS,
      commits: this.data.fileCommitIds.subarray(this.data.fileCommitOffsets[id], this.data.fileCommitOffsets[id + 1]),
    };
  }
}

/** Why a commit counts as trouble, in words a reviewer can check against the commit itself. */
function troubleReason(commit: CommitSummary, fix: boolean, trouble: boolean): string | undefined {
  if (!trouble) return undefined;
  const reasons: string[] = [];
  if (commit.reverts) reasons.push(`revert of ${commit.reverts.slice(0, 7)}`);
  else if (fix) reasons.push(`fix (subject: '${truncate(commit.subject, 60)}')`);
  if (commit.revertedBy) reasons.push(`reverted by ${commit.revertedBy.sha.slice(0, 7)} on ${new Date(commit.revertedBy.time * 1000).toISOString().slice(0, 10)}`);
  return reasons.join('; ');
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

/** Adds the values `list` does not have yet: lists of a few ids cost less as arrays than as sets. */
function addAbsent<T>(list: T[], values: readonly T[]): void {
  for (const value of values) if (!list.includes(value)) list.push(value);
}

/** Plain code-unit order: deterministic and far cheaper than `localeCompare` over thousands of files. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}


import type { CompiledHistoryRules } from '../team/historyRules';
import type { FileRecord, HistoryData } from './historyIndex';

export interface HistoryRuleSettings {
  classifier: CompiledHistoryRules;
  /** A commit touching more files than this is a bulk change: left out of scores and coupling. */
  bulkCommitFiles: number;
  /** Commits listed in `.git-blame-ignore-revs`: left out like bulk changes. */
  ignoreRevs: ReadonlySet<string>;
  activeAuthorMonths: number;
}

export interface CouplingSettings {
  minCommits: number;
  minSharedCommits: number;
  /** Percent. */
  minDegree: number;
}

export interface AuthorShare {
  name: string;
  email: string;
  commits: number;
  /** Unix seconds of the author's latest commit anywhere in the repository. */
  lastCommit: number;
  active: boolean;
}

export interface FileStats {
  path: string;
  formerPaths: string[];
  commits: number;
  fixCommits: number;
  /** Incident ids named in the messages of commits to this file. */
  incidentIds: string[];
  /** Unix seconds. */
  firstChange: number;
  lastChange: number;
  lastFix?: number;
  /** Commits in the last six months: the default churn measure (no `--numstat` needed). */
  recentCommits: number;
  /** Sum over fix commits of 1/(1+e^(−12t+12)), t the commit time normalised from the first commit to now. */
  fixScore: number;
  authors: AuthorShare[];
  mainAuthor?: AuthorShare;
  /** Share of commits by the main author, 0..1. */
  mainAuthorShare: number;
  activeAuthors: number;
}

export interface CoChange {
  path: string;
  sharedCommits: number;
  /** shared commits / mean of both files' commits × 100. */
  degree: number;
}

export interface CommitSummary {
  sha: string;
  time: number;
  author: string;
  subject: string;
  fix: boolean;
  incidentIds: string[];
}

const SECONDS_PER_MONTH = 30.44 * 24 * 3600;
const CHURN_MONTHS = 6;

/** The indexed history read through the team's rules, at a given "now" (an input, so results are reproducible). */
export class History {
  /** 1 where a commit counts for scores and coupling (not bulk, not an ignored revision). */
  private readonly counted: Uint8Array;
  private readonly fix: Uint8Array;
  private readonly incidentIdsByCommit = new Map<number, string[]>();
  private readonly authorLastCommit: number[];
  private shaIndex?: Map<string, number>;
  readonly firstCommitTime: number;

  constructor(
    readonly data: HistoryData,
    private readonly rules: HistoryRuleSettings,
    readonly now: Date,
  ) {
    const { sha, message, files, time, author } = data.commits;
    this.counted = new Uint8Array(sha.length);
    this.fix = new Uint8Array(sha.length);
    this.authorLastCommit = new Array<number>(data.authors.email.length).fill(0);
    for (let i = 0; i < sha.length; i++) {
      this.counted[i] = files[i]!.length <= rules.bulkCommitFiles && !rules.ignoreRevs.has(sha[i]!) ? 1 : 0;
      this.fix[i] = this.counted[i] && rules.classifier.isFix(message[i]!) ? 1 : 0;
      const ids = rules.classifier.incidentIds(message[i]!);
      if (ids.length > 0) this.incidentIdsByCommit.set(i, ids);
      const a = author[i]!;
      if (time[i]! > this.authorLastCommit[a]!) this.authorLastCommit[a] = time[i]!;
    }
    this.firstCommitTime = sha.length > 0 ? time.reduce((min, t) => Math.min(min, t)) : 0;
  }

  get nowSeconds(): number {
    return Math.floor(this.now.getTime() / 1000);
  }

  get commitCount(): number {
    return this.data.commits.sha.length;
  }

  /** Paths in HEAD that the team's rules do not ignore. */
  livePaths(): string[] {
    return [...this.data.livePaths.keys()].filter((path) => !this.rules.classifier.isIgnoredPath(path)).sort();
  }

  isIgnored(path: string): boolean {
    return this.rules.classifier.isIgnoredPath(path);
  }

  record(path: string): FileRecord | undefined {
    const id = this.data.livePaths.get(path);
    return id === undefined ? undefined : this.data.files[id];
  }

  isAuthorActive(lastCommit: number): boolean {
    return this.nowSeconds - lastCommit <= this.rules.activeAuthorMonths * SECONDS_PER_MONTH;
  }

  stats(path: string): FileStats | undefined {
    const record = this.record(path);
    if (!record) return undefined;
    const { time, author } = this.data.commits;
    const now = this.nowSeconds;
    const span = Math.max(1, now - this.firstCommitTime);
    const byAuthor = new Map<number, number>();
    const incidentIds = new Set<string>();
    let commits = 0;
    let fixCommits = 0;
    let fixScore = 0;
    let recentCommits = 0;
    let lastFix: number | undefined;
    let firstChange = Number.POSITIVE_INFINITY;
    let lastChange = 0;
    for (const index of record.commits) {
      const t = time[index]!;
      firstChange = Math.min(firstChange, t);
      lastChange = Math.max(lastChange, t);
      for (const id of this.incidentIdsByCommit.get(index) ?? []) incidentIds.add(id);
      if (!this.counted[index]) continue;
      commits++;
      byAuthor.set(author[index]!, (byAuthor.get(author[index]!) ?? 0) + 1);
      if (now - t <= CHURN_MONTHS * SECONDS_PER_MONTH) recentCommits++;
      if (this.fix[index]) {
        fixCommits++;
        lastFix = Math.max(lastFix ?? 0, t);
        fixScore += 1 / (1 + Math.exp(-12 * ((t - this.firstCommitTime) / span) + 12));
      }
    }
    const authors = [...byAuthor.entries()]
      .map(([index, count]): AuthorShare => {
        const lastCommit = this.authorLastCommit[index]!;
        return {
          name: this.data.authors.name[index]!,
          email: this.data.authors.email[index]!,
          commits: count,
          lastCommit,
          active: this.isAuthorActive(lastCommit),
        };
      })
      .sort((a, b) => b.commits - a.commits || a.name.localeCompare(b.name));
    const mainAuthor = authors[0];
    return {
      path,
      formerPaths: record.formerPaths,
      commits,
      fixCommits,
      incidentIds: [...incidentIds].sort(),
      firstChange: Number.isFinite(firstChange) ? firstChange : 0,
      lastChange,
      ...(lastFix !== undefined ? { lastFix } : {}),
      recentCommits,
      fixScore,
      authors,
      ...(mainAuthor ? { mainAuthor } : {}),
      mainAuthorShare: mainAuthor && commits > 0 ? mainAuthor.commits / commits : 0,
      activeAuthors: authors.filter((a) => a.active).length,
    };
  }

  /** Files that usually change together with `path` (bulk commits left out). */
  coChanges(path: string, settings: CouplingSettings): CoChange[] {
    const record = this.record(path);
    if (!record) return [];
    const own = this.countedCommits(record);
    if (own.length < settings.minCommits) return [];
    const shared = new Map<number, number>();
    const selfId = this.data.livePaths.get(path);
    for (const index of own) {
      for (const id of this.data.commits.files[index]!) {
        if (id !== selfId) shared.set(id, (shared.get(id) ?? 0) + 1);
      }
    }
    const result: CoChange[] = [];
    for (const [id, count] of shared) {
      const other = this.data.files[id]!;
      if (!other.alive || count < settings.minSharedCommits || this.isIgnored(other.path)) continue;
      const otherCommits = this.countedCommits(other).length;
      if (otherCommits < settings.minCommits) continue;
      const degree = (count / ((own.length + otherCommits) / 2)) * 100;
      if (degree >= settings.minDegree) result.push({ path: other.path, sharedCommits: count, degree: Math.round(degree) });
    }
    return result.sort((a, b) => b.degree - a.degree || b.sharedCommits - a.sharedCommits || a.path.localeCompare(b.path));
  }

  /** Indices of the commits to `record` that count (neither bulk nor ignored). */
  countedCommits(record: FileRecord): number[] {
    return record.commits.filter((index) => this.counted[index]);
  }

  ignoredRevisions(): ReadonlySet<string> {
    return this.rules.ignoreRevs;
  }

  isFixCommit(index: number): boolean {
    return this.fix[index] === 1;
  }

  commitIncidentIds(index: number): string[] {
    return this.incidentIdsByCommit.get(index) ?? [];
  }

  /** The commit for a full or abbreviated sha, if indexed. */
  commitIndex(sha: string): number | undefined {
    if (!this.shaIndex) {
      this.shaIndex = new Map();
      this.data.commits.sha.forEach((full, index) => this.shaIndex!.set(full, index));
    }
    const lower = sha.toLowerCase();
    const exact = this.shaIndex.get(lower);
    if (exact !== undefined || lower.length >= 40) return exact;
    const matches = this.data.commits.sha.flatMap((full, index) => (full.startsWith(lower) ? [index] : []));
    return matches.length === 1 ? matches[0] : undefined;
  }

  commitSummary(index: number): CommitSummary {
    const { sha, time, author, message } = this.data.commits;
    return {
      sha: sha[index]!,
      time: time[index]!,
      author: this.data.authors.name[author[index]!]!,
      subject: message[index]!.split('\n', 1)[0]!,
      fix: this.isFixCommit(index),
      incidentIds: this.commitIncidentIds(index),
    };
  }

  /** Paths (current) of the live files a commit touched. */
  commitPaths(index: number): string[] {
    return this.data.commits.files[index]!.map((id) => this.data.files[id]!).filter((f) => f.alive).map((f) => f.path);
  }
}

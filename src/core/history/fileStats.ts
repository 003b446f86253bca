/**
 * Everything the history says about one file, for `explain`, hovers and reasons: counts of commits,
 * fixes and reverts, recency, and who wrote it. Worked out on demand for the few files someone looks
 * at; the ranking of every file uses `History.fileSignals` instead.
 */
import type { HistoryData } from './historyData';
import { COMMIT_HALF_LIFE_YEARS, decayed, FIX_HALF_LIFE_YEARS, SECONDS_PER_MONTH } from './decay';

const CHURN_MONTHS = 6;
const FIX_RECENT_MONTHS = 12;
const REVERT_RECENT_MONTHS = 6;

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
  /** Fix commits (by subject, trailer, or a revert), without the commits reverted later. */
  fixes: number;
  /** Of those, in the last twelve months. */
  recentFixes: number;
  /** Reverts of commits to this file, and its commits that were reverted. */
  reverts: number;
  reverted: number;
  /** Reverts in the last six months. */
  recentReverts: number;
  /** Unix seconds of the latest revert. */
  lastRevert?: number;
  /** Fix commits include reverts and commits reverted later. Sum over them of 1/(1+e^(−12t+12)), t the commit time normalised from the first commit to now. */
  fixScore: number;
  /** Fix commits weighted by recency: each counts 1 now, halving every year. */
  decayedFixes: number;
  /** Counted commits weighted by recency: each counts 1 now, halving every three years. */
  decayedCommits: number;
  authors: AuthorShare[];
  mainAuthor?: AuthorShare;
  /** Share of commits by the main author, 0..1. */
  mainAuthorShare: number;
  activeAuthors: number;
}

/** What `fileStatsOf` needs of a history: the `History` class provides it. */
export interface StatsSource {
  readonly data: HistoryData;
  readonly nowSeconds: number;
  readonly firstCommitTime: number;
  isCounted(commit: number): boolean;
  isFixCommit(commit: number): boolean;
  isTroubleCommit(commit: number): boolean;
  /** The first revert of a commit, when it was reverted. */
  revertOfCommit(commit: number): number | undefined;
  /** The commit a revert reverts. */
  commitRevertedBy(commit: number): number | undefined;
  commitIncidentIds(commit: number): readonly string[];
  /** The person (an author index standing for all their names and addresses) behind an author. */
  personOf(author: number): number;
  lastCommitOfPersonIndex(person: number): number;
  isAuthorActive(lastCommit: number): boolean;
}

/** The file's numbers; `path` and `formerPaths` as the caller names them, `fileCommits` its commit indices, oldest first. */
export function fileStatsOf(source: StatsSource, path: string, formerPaths: readonly string[], fileCommits: Uint32Array): FileStats {
  const { times, authorOfCommit } = source.data;
  const now = source.nowSeconds;
  const span = Math.max(1, now - source.firstCommitTime);
  const byAuthor = new Map<number, number>();
  let incidentIds: Set<string> | undefined;
  let commits = 0;
  let fixCommits = 0;
  let fixScore = 0;
  let decayedFixes = 0;
  let decayedCommits = 0;
  let recentCommits = 0;
  let fixes = 0;
  let recentFixes = 0;
  let reverts = 0;
  let reverted = 0;
  let recentReverts = 0;
  let lastRevert: number | undefined;
  let lastFix: number | undefined;
  let firstChange = Number.POSITIVE_INFINITY;
  let lastChange = 0;
  for (const index of fileCommits) {
    const t = times[index]!;
    firstChange = Math.min(firstChange, t);
    lastChange = Math.max(lastChange, t);
    const ids = source.commitIncidentIds(index);
    if (ids) for (const id of ids) (incidentIds ??= new Set()).add(id);
    if (!source.isCounted(index)) continue;
    commits++;
    const person = source.personOf(authorOfCommit[index]!);
    byAuthor.set(person, (byAuthor.get(person) ?? 0) + 1);
    if (now - t <= CHURN_MONTHS * SECONDS_PER_MONTH) recentCommits++;
    decayedCommits += decayed(now - t, COMMIT_HALF_LIFE_YEARS);
    if (source.revertOfCommit(index) !== undefined) reverted++;
    if (source.commitRevertedBy(index) !== undefined) {
      reverts++;
      if (now - t <= REVERT_RECENT_MONTHS * SECONDS_PER_MONTH) recentReverts++;
      lastRevert = Math.max(lastRevert ?? 0, t);
    }
    if (source.isFixCommit(index)) {
      fixes++;
      if (now - t <= FIX_RECENT_MONTHS * SECONDS_PER_MONTH) recentFixes++;
      lastFix = Math.max(lastFix ?? 0, t);
    }
    if (source.isTroubleCommit(index)) {
      fixCommits++;
      decayedFixes += decayed(now - t, FIX_HALF_LIFE_YEARS);
      fixScore += 1 / (1 + Math.exp(-12 * ((t - source.firstCommitTime) / span) + 12));
    }
  }
  const authors = [...byAuthor.entries()]
    .map(([index, count]): AuthorShare => {
      const lastCommit = source.lastCommitOfPersonIndex(index);
      return { name: source.data.authorNames[index]!, email: source.data.authorEmails[index]!, commits: count, lastCommit, active: source.isAuthorActive(lastCommit) };
    })
    .sort((a, b) => b.commits - a.commits || compareText(a.name, b.name));
  const mainAuthor = authors[0];
  return {
    path,
    formerPaths: [...formerPaths],
    commits,
    fixCommits,
    incidentIds: incidentIds ? [...incidentIds].sort() : [],
    firstChange: Number.isFinite(firstChange) ? firstChange : 0,
    lastChange,
    ...(lastFix !== undefined ? { lastFix } : {}),
    recentCommits,
    fixes,
    recentFixes,
    reverts,
    reverted,
    recentReverts,
    ...(lastRevert !== undefined ? { lastRevert } : {}),
    fixScore,
    decayedFixes,
    decayedCommits,
    authors,
    ...(mainAuthor ? { mainAuthor } : {}),
    mainAuthorShare: mainAuthor && commits > 0 ? mainAuthor.commits / commits : 0,
    activeAuthors: authors.filter((a) => a.active).length,
  };
}

/** Plain code-unit order, as `compareText` in history.ts (which imports this module). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

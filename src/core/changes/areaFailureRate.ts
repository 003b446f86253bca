/**
 * Per-area failure rate (issue #16, "the talk's steps 1 and 2 in numbers"): for each declared area, each
 * top-level folder and the whole repository, per calendar quarter (UTC), how many changes were made, how
 * many per month, and which share of them were fix-inducing — a fix or revert within the label window
 * (60 days) changed the lines they wrote (SZZ, see model.ts `labelAt`).
 *
 * Pure: the changes come in already labelled (`areaRateChanges`); loadAreaFailureRates.ts reads them
 * from a repository. A change counts once in every area and folder it touches, so the rows of one kind
 * do not add up to the repository's. Only changes whose window has run its course by the last commit
 * count toward the share: a recent change without a fix yet is not "clean" yet; they are counted as
 * `open`, and a quarter with none complete has no share (null), never 0 %.
 */
import { globMatcher } from '../globs';
import type { History } from '../history/history';
import type { Area } from '../team';
import { DEFAULT_WINDOW_DAYS, labelAt } from './model';
import type { ChangeFeatures } from './features';
import { lastCommitTime } from '../history/historyData';

const DAY = 24 * 3600;
/** A mean Gregorian month: "changes per month" in a quarter of 90 to 92 days. */
const MONTH_SECONDS = 30.436875 * DAY;
export const DEFAULT_QUARTERS = 4;
/** The folder name of files at the top level of the repository (a path component is never "."). */
export const TOP_LEVEL_FOLDER = '.';

export interface LabelledChange {
  /** Author time, unix seconds. */
  time: number;
  /** Its rated files, by their latest path in the history. */
  paths: readonly string[];
  /** Fix-inducing or not once its window is complete; undefined while the window is still open. */
  fixInducing: boolean | undefined;
}

export interface AreaRateInput {
  /** Every change of the history (any order). */
  changes: readonly LabelledChange[];
  /** The declared areas; a file belongs to the first whose globs match it (as for file risk). */
  areas: ReadonlyArray<Pick<Area, 'name' | 'paths'>>;
  /** Unix seconds of the last commit: the end of the last quarter shown. */
  lastTime: number;
  /** Only changes at or after this time (unix seconds). */
  since?: number;
  /** How many quarters up to the last commit's, at most; default 4, or all since `since` when given. */
  quarters?: number;
  windowDays?: number;
}

export interface QuarterRate {
  /** `2025-Q3`. */
  quarter: string;
  /** The span of the quarter the figures cover (YYYY-MM-DD, inclusive): a quarter cut by the first change, `since` or the last commit is shorter. */
  from: string;
  to: string;
  /** Its length in months (a quarter is about 3). */
  months: number;
  changes: number;
  perMonth: number;
  /** Changes whose window is complete: the share's denominator. */
  labelled: number;
  fixInducing: number;
  /** fixInducing / labelled; null when no change's window is complete. */
  share: number | null;
  /** Changes whose window is still open at the last commit. */
  open: number;
}

export type RateGroupKind = 'area' | 'folder' | 'repository';

export interface RateGroup {
  kind: RateGroupKind;
  /** The area's name, the folder's (`.` for top-level files), or `` for the repository. */
  name: string;
  quarters: QuarterRate[];
  /** Over every quarter shown. */
  total: Omit<QuarterRate, 'quarter'>;
}

export interface AreaFailureRates {
  windowDays: number;
  /** YYYY-MM-DD of the last commit; null without changes. */
  lastCommit: string | null;
  /** The quarters shown, oldest first, consecutive (a quarter without changes is shown). */
  quarters: string[];
  /** Declared areas, in the config's order (an area without changes too). */
  areas: RateGroup[];
  /** Top-level folders of the rated files changed in the quarters shown, most changes first. */
  folders: RateGroup[];
  /** The whole repository, every change: the reference row (kind `repository`). */
  overall: RateGroup;
}

/** The changes of the history pass's features, their rated files and their labels as of the last commit. */
export function areaRateChanges(history: History, features: ChangeFeatures, earliestFix: Float64Array, isRated: (path: string) => boolean, windowDays = DEFAULT_WINDOW_DAYS): { changes: LabelledChange[]; lastTime: number } {
  const data = history.data;
  const lastTime = lastCommitTime(data);
  const changes: LabelledChange[] = [];
  for (let k = 0; k < features.commits.length; k++) {
    const commit = features.commits[k]!;
    const paths = new Set<string>();
    for (let i = data.commitFileOffsets[commit]!; i < data.commitFileOffsets[commit + 1]!; i++) {
      const path = data.filePaths[data.commitFileIds[i]!]!;
      if (isRated(path)) paths.add(path);
    }
    const time = features.times[k]!;
    const complete = time + windowDays * DAY <= lastTime;
    changes.push({ time, paths: [...paths], fixInducing: complete ? labelAt(features, earliestFix, k, lastTime + 1, windowDays) : undefined });
  }
  return { changes, lastTime };
}

export function areaFailureRates(input: AreaRateInput): AreaFailureRates {
  const windowDays = input.windowDays ?? DEFAULT_WINDOW_DAYS;
  const kept = input.changes.filter((change) => input.since === undefined || change.time >= input.since);
  const empty: AreaFailureRates = { windowDays, lastCommit: null, quarters: [], areas: input.areas.map((area) => group('area', area.name, [])), folders: [], overall: group('repository', '', []) };
  if (input.changes.length === 0) return empty;
  const lastCommit = isoDay(input.lastTime);
  const firstTime = input.changes.reduce((earliest, change) => Math.min(earliest, change.time), Infinity);
  const start = Math.max(firstTime, input.since ?? -Infinity);
  const last = quarterOf(input.lastTime);
  let first = input.since === undefined ? last - (input.quarters ?? DEFAULT_QUARTERS) + 1 : quarterOf(start);
  if (input.quarters !== undefined) first = Math.max(first, last - input.quarters + 1);
  first = Math.max(first, quarterOf(start));
  if (first > last) return { ...empty, lastCommit };
  const spans = Array.from({ length: last - first + 1 }, (_, i) => span(first + i, start, input.lastTime));

  const matchers = input.areas.map((area) => ({ name: area.name, matches: globMatcher(area.paths) }));
  const areaOf = memo((path: string) => matchers.find(({ matches }) => matches(path))?.name);
  const tallies = new Map<string, Tally[]>();
  const tallyOf = (key: string) => {
    let found = tallies.get(key);
    if (!found) tallies.set(key, (found = spans.map(() => ({ changes: 0, labelled: 0, fixInducing: 0, open: 0 }))));
    return found;
  };
  for (const change of kept) {
    const q = quarterOf(change.time) - first;
    if (q < 0 || q >= spans.length) continue;
    const keys = new Set<string>(['repository:']);
    for (const path of change.paths) {
      const area = areaOf(path);
      if (area !== undefined) keys.add(`area:${area}`);
      keys.add(`folder:${topFolder(path)}`);
    }
    for (const key of keys) count(tallyOf(key)[q]!, change);
  }
  const groupOf = (kind: RateGroupKind, name: string) => group(kind, name, spans, tallies.get(`${kind}:${name}`));
  const folders = [...tallies.keys()]
    .filter((key) => key.startsWith('folder:'))
    .map((key) => groupOf('folder', key.slice('folder:'.length)))
    .sort((a, b) => b.total.changes - a.total.changes || (a.name < b.name ? -1 : 1));
  return {
    windowDays,
    lastCommit,
    quarters: spans.map((s) => s.quarter),
    areas: input.areas.map((area) => groupOf('area', area.name)),
    folders,
    overall: groupOf('repository', ''),
  };
}

interface Tally {
  changes: number;
  labelled: number;
  fixInducing: number;
  open: number;
}

interface Span {
  quarter: string;
  from: number;
  /** Exclusive. */
  to: number;
}

function count(tally: Tally, change: LabelledChange): void {
  tally.changes++;
  if (change.fixInducing === undefined) tally.open++;
  else {
    tally.labelled++;
    if (change.fixInducing) tally.fixInducing++;
  }
}

function group(kind: RateGroupKind, name: string, spans: readonly Span[], tallies?: readonly Tally[]): RateGroup {
  const quarters = spans.map((s, i) => ({ quarter: s.quarter, ...rate(s, tallies?.[i]) }));
  const whole = spans.length > 0 ? { quarter: '', from: spans[0]!.from, to: spans.at(-1)!.to } : undefined;
  const sum = (field: keyof Tally) => (tallies ?? []).reduce((total, tally) => total + tally[field], 0);
  const total = whole ? rate(whole, { changes: sum('changes'), labelled: sum('labelled'), fixInducing: sum('fixInducing'), open: sum('open') }) : { from: '', to: '', months: 0, changes: 0, perMonth: 0, labelled: 0, fixInducing: 0, share: null, open: 0 };
  return { kind, name, quarters, total };
}

function rate(s: Span, tally: Tally = { changes: 0, labelled: 0, fixInducing: 0, open: 0 }): Omit<QuarterRate, 'quarter'> {
  const months = Math.max(0, s.to - s.from) / MONTH_SECONDS;
  return {
    from: isoDay(s.from),
    to: isoDay(Math.max(s.from, s.to - 1)),
    months: round(months, 2),
    changes: tally.changes,
    perMonth: months > 0 ? round(tally.changes / months, 2) : 0,
    labelled: tally.labelled,
    fixInducing: tally.fixInducing,
    share: tally.labelled === 0 ? null : round(tally.fixInducing / tally.labelled, 4),
    open: tally.open,
  };
}

/** The whole days of quarter `q` from the day of `start` to the day of the last commit, both included. */
function span(q: number, start: number, lastTime: number): Span {
  const from = Math.max(quarterStart(q), Math.floor(start / DAY) * DAY);
  const to = Math.min(quarterStart(q + 1), (Math.floor(lastTime / DAY) + 1) * DAY);
  return { quarter: quarterLabel(q), from, to: Math.max(from, to) };
}

/** Quarters counted from year 0: 2025-Q3 is 2025 * 4 + 2. */
export function quarterOf(seconds: number): number {
  const date = new Date(seconds * 1000);
  return date.getUTCFullYear() * 4 + Math.floor(date.getUTCMonth() / 3);
}

export function quarterLabel(q: number): string {
  return `${Math.floor(q / 4)}-Q${(q % 4) + 1}`;
}

function quarterStart(q: number): number {
  return Date.UTC(Math.floor(q / 4), (q % 4) * 3, 1) / 1000;
}

function topFolder(path: string): string {
  const slash = path.indexOf('/');
  return slash < 0 ? TOP_LEVEL_FOLDER : path.slice(0, slash);
}

function isoDay(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

function memo<T>(compute: (key: string) => T): (key: string) => T {
  const known = new Map<string, T>();
  return (key) => {
    if (!known.has(key)) known.set(key, compute(key));
    return known.get(key)!;
  };
}

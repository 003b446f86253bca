/**
 * Ranking metrics for the backtest. A ranking is a list of tie groups, best first; inside a group the
 * order is unknown, so every metric is the expected value when ties are broken at random.
 */

export interface RankedFile {
  /** Lines of code at the cutoff: the effort of inspecting the file. */
  lines: number;
  /** In the truth set: fixed, or hit by an incident, in the window after the cutoff. */
  positive: boolean;
}

export type TieGroups = RankedFile[][];

export interface Metrics {
  /** Share of the truth set found in the top files; null when the truth set is empty. */
  recall: number | null;
  /** Share of the top files in the truth set. */
  precision: number | null;
  /** Recall when files are inspected in rank order until the effort budget (a share of all lines) is spent. */
  effortRecall: number | null;
}

/** How many files "the top share" is: at least one. */
export function topCount(population: number, topShare: number): number {
  return population === 0 ? 0 : Math.max(1, Math.ceil(population * topShare - 1e-9));
}

/** Groups files with equal keys (already sorted best first) into tie groups. */
export function tieGroups<T>(sorted: readonly T[], key: (item: T) => string | number, file: (item: T) => RankedFile): TieGroups {
  const groups: TieGroups = [];
  let previous: string | number | undefined;
  for (const item of sorted) {
    const k = key(item);
    if (groups.length === 0 || k !== previous) groups.push([]);
    groups[groups.length - 1]!.push(file(item));
    previous = k;
  }
  return groups;
}

/** Sorts by a numeric value, highest first, and groups equal values. */
export function groupsByValue<T>(items: readonly T[], value: (item: T) => number, file: (item: T) => RankedFile): TieGroups {
  const keyed = items.map((item) => ({ item, v: value(item) })).sort((a, b) => b.v - a.v);
  return tieGroups(keyed, (entry) => entry.v, (entry) => file(entry.item));
}

/** Expected number of positives among the first `k` files: a partly taken tie group contributes in proportion. */
export function expectedHitsAtTop(groups: TieGroups, k: number): number {
  let hits = 0;
  let left = k;
  for (const group of groups) {
    if (left <= 0) break;
    const positives = countPositives(group);
    if (group.length <= left) hits += positives;
    else hits += (positives * left) / group.length;
    left -= group.length;
  }
  return hits;
}

/**
 * Expected positives found when `budget` lines are inspected in rank order. The file (or tie group)
 * that crosses the budget counts in proportion to the share of its lines inspected.
 */
export function expectedHitsWithinLines(groups: TieGroups, budget: number): number {
  let hits = 0;
  let left = budget;
  for (const group of groups) {
    const lines = group.reduce((sum, file) => sum + file.lines, 0);
    const positives = countPositives(group);
    if (lines <= left) {
      hits += positives;
      left -= lines;
      continue;
    }
    if (left > 0) hits += (positives * left) / lines;
    break;
  }
  return hits;
}

export interface MetricInputs {
  population: number;
  truth: number;
  top: number;
  totalLines: number;
  effortShare: number;
}

export function rankingMetrics(groups: TieGroups, inputs: MetricInputs): Metrics {
  const { truth, top, totalLines, effortShare } = inputs;
  const atTop = expectedHitsAtTop(groups, top);
  const withinLines = expectedHitsWithinLines(groups, totalLines * effortShare);
  return {
    recall: truth > 0 ? atTop / truth : null,
    precision: top > 0 ? atTop / top : null,
    effortRecall: truth > 0 ? withinLines / truth : null,
  };
}

/**
 * A random ranking, analytically: the top k files hold k/N of the truth set in expectation, and the
 * precision is the share of positives. Inspecting a random order until a share of the lines is read
 * reaches about that share of the files, so about that share of the truth set.
 */
export function randomMetrics(inputs: MetricInputs): Metrics {
  const { population, truth, top, effortShare } = inputs;
  return {
    recall: truth > 0 && population > 0 ? top / population : null,
    precision: population > 0 && top > 0 ? truth / population : null,
    effortRecall: truth > 0 ? effortShare : null,
  };
}

function countPositives(group: readonly RankedFile[]): number {
  let count = 0;
  for (const file of group) if (file.positive) count++;
  return count;
}

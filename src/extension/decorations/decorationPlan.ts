/**
 * Decorations as data: a pure function from line marks and settings to the line ranges of each
 * decoration type. No vscode here, so it is unit-tested directly.
 */
import type { LineMark } from '../../core/engine';
import type { Incident } from '../../core/team';

/** Decoration types, worst first: a line covered by several marks takes the worst. */
export const MARK_CATEGORIES = ['severe', 'incident', 'minor', 'fix'] as const;
export type MarkCategory = (typeof MARK_CATEGORIES)[number];

export const CATEGORY_LABEL: Record<MarkCategory, string> = {
  severe: 'critical or high-severity incident',
  incident: 'incident or regression',
  minor: 'near-miss or user inquiry',
  fix: 'fix commit',
};

/** 1-based inclusive line range. */
export interface LineRange {
  start: number;
  end: number;
}

export type DecorationPlan = Record<MarkCategory, LineRange[]>;

const BREAKAGE = new Set<Incident['kind']>(['incident', 'regression']);

export function incidentCategory(incident: Incident): MarkCategory {
  if (!BREAKAGE.has(incident.kind)) return 'minor';
  return incident.severity === 'critical' || incident.severity === 'high' ? 'severe' : 'incident';
}

/** The worst category among a mark's incidents; a mark with commits only is a fix. */
export function markCategory(mark: Pick<LineMark, 'incidents'>): MarkCategory {
  let worst: MarkCategory = 'fix';
  for (const incident of mark.incidents) {
    const category = incidentCategory(incident);
    if (MARK_CATEGORIES.indexOf(category) < MARK_CATEGORIES.indexOf(worst)) worst = category;
  }
  return worst;
}

export function emptyPlan(): DecorationPlan {
  return { severe: [], incident: [], minor: [], fix: [] };
}

/**
 * Ranges per decoration type: each line gets the worst category of the marks covering it, then
 * consecutive lines of one category are merged. Lines past `lineCount` are dropped (the ledger may
 * name lines a shorter edited file no longer has). Disabled: every type empty (so applying clears).
 */
export function decorationPlan(marks: readonly LineMark[], options: { enabled: boolean; lineCount: number }): DecorationPlan {
  const plan = emptyPlan();
  if (!options.enabled || marks.length === 0) return plan;
  const worst = new Map<number, number>();
  for (const mark of marks) {
    const rank = MARK_CATEGORIES.indexOf(markCategory(mark));
    for (let line = Math.max(1, mark.start); line <= Math.min(mark.end, options.lineCount); line++) {
      const seen = worst.get(line);
      if (seen === undefined || rank < seen) worst.set(line, rank);
    }
  }
  const lines = [...worst.keys()].sort((a, b) => a - b);
  let open: { category: MarkCategory; range: LineRange } | undefined;
  for (const line of lines) {
    const category = MARK_CATEGORIES[worst.get(line)!]!;
    if (open && open.category === category && open.range.end === line - 1) {
      open.range.end = line;
      continue;
    }
    open = { category, range: { start: line, end: line } };
    plan[category].push(open.range);
  }
  return plan;
}

/** The marks covering a 1-based line. */
export function marksAt(marks: readonly LineMark[], line: number): LineMark[] {
  return marks.filter((mark) => mark.start <= line && line <= mark.end);
}

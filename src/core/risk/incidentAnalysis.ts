/**
 * The postmortem review's numbers: incidents per month on a real time axis (empty months included), split by
 * kind, area or root cause, the incident budget per period, and the action items of each incident. Pure: the
 * ledger, the areas and `now` in, plain data out; the views draw it.
 */
import { BUDGET_KEYS, DEFAULT_ON_EXCEEDED, periodOf } from '../quality/budget';
import { INCIDENT_KINDS, type ActionItem, type BudgetPeriod, type Incident, type IncidentBudget, type IncidentKind, type IncidentStatus, type Severity } from '../team/schema';
import { NO_AREA } from './incidentTally';

export const ANALYSIS_GROUPINGS = ['kind', 'area', 'cause'] as const;
export type AnalysisGrouping = (typeof ANALYSIS_GROUPINGS)[number];

/** Key of the cause group of incidents whose postmortem has no `rootCause`. */
export const NO_CAUSE = '';
export { NO_AREA };

/** Months shown at least, ending with the current one, however young the ledger. */
export const MIN_MONTHS = 24;

export interface ActionCounts {
  open: number;
  inProgress: number;
  done: number;
}

export interface AnalysedIncident {
  id: string;
  title: string;
  date: string;
  /** `YYYY-MM` */
  month: string;
  kind: IncidentKind;
  severity: Severity;
  status: IncidentStatus;
  /** The postmortem, repo-relative. */
  file: string;
  line: number;
  /** Declared, or derived from the files it affected; empty: no area. */
  areas: string[];
  /** The postmortem's `rootCause`, on one line; NO_CAUSE when it has none. */
  cause: string;
  /** Files the postmortem names (`affected` entries that are paths, not globs). */
  files: string[];
  actions: ActionCounts;
  actionItems: ActionItem[];
}

/** Incidents of one bar: a month, or a budget period. */
export interface Cell {
  count: number;
  incidentIds: string[];
}

/** One group (a kind, an area, a cause) over the months. An incident in two areas counts in both. */
export interface Series {
  key: string;
  total: number;
  incidentIds: string[];
  perMonth: Cell[];
}

export interface Period {
  /** `2026-10`, `2026-Q4`, `2026-W41` or `2026`, as `change-risk check` says it. */
  label: string;
  /** First day, and first day after, YYYY-MM-DD. */
  start: string;
  end: string;
}

export interface BudgetSeries {
  kind: IncidentKind;
  limit: number;
  perPeriod: Cell[];
  /** Indexes into `periods` of the periods over budget. */
  overBudget: number[];
}

export interface BudgetAnalysis {
  period: BudgetPeriod;
  onExceeded: string;
  periods: Period[];
  /** One per kind that has a budget, in the ledger's kind order. */
  lines: BudgetSeries[];
}

export interface IncidentAnalysis {
  /** The day the analysis is as of, YYYY-MM-DD. */
  today: string;
  /** Every month from the first shown to the last, `YYYY-MM`, none skipped. */
  months: string[];
  /** All incidents of each month, whatever the grouping. */
  monthTotals: Cell[];
  /** Oldest first. */
  incidents: AnalysedIncident[];
  groupings: Record<AnalysisGrouping, Series[]>;
  budget?: BudgetAnalysis;
  actions: ActionCounts;
}

export interface AnalysisInput {
  incidents: readonly Incident[];
  areasOf: (incident: Incident) => string[];
  /** Declared area names: each gets a row, with or without incidents. */
  declaredAreas: readonly string[];
  budget?: IncidentBudget;
  now: Date;
}

const byIdNumber = new Intl.Collator('en', { numeric: true });
const GLOB_CHARACTERS = /[*?[\]{}!]/;

export function analyseIncidents(input: AnalysisInput): IncidentAnalysis {
  const today = input.now.toISOString().slice(0, 10);
  const incidents = input.incidents
    .map((incident) => analysed(incident, input.areasOf(incident)))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : byIdNumber.compare(a.id, b.id)));
  const months = monthAxis(incidents.map((incident) => incident.month), today.slice(0, 7));
  const monthIndex = new Map(months.map((month, i) => [month, i]));
  const monthTotals = months.map(emptyCell);
  for (const incident of incidents) addTo(monthTotals[monthIndex.get(incident.month)!]!, incident.id);

  const seriesOf = (keys: readonly string[], keysOf: (incident: AnalysedIncident) => string[]): Series[] => {
    const series = new Map(keys.map((key) => [key, { key, total: 0, incidentIds: [] as string[], perMonth: months.map(emptyCell) }]));
    for (const incident of incidents) {
      for (const key of keysOf(incident)) {
        let entry = series.get(key);
        if (!entry) series.set(key, (entry = { key, total: 0, incidentIds: [], perMonth: months.map(emptyCell) }));
        entry.total++;
        entry.incidentIds.push(incident.id);
        addTo(entry.perMonth[monthIndex.get(incident.month)!]!, incident.id);
      }
    }
    return [...series.values()];
  };
  const mostFirst = (a: Series, b: Series) => b.total - a.total || byIdNumber.compare(a.key, b.key);
  const groupings: Record<AnalysisGrouping, Series[]> = {
    kind: seriesOf(INCIDENT_KINDS, (incident) => [incident.kind]),
    // "No area" last: it is what is left once the declared areas are counted.
    area: seriesOf([...input.declaredAreas, NO_AREA], (incident) => (incident.areas.length > 0 ? incident.areas : [NO_AREA])).sort(
      (a, b) => Number(a.key === NO_AREA) - Number(b.key === NO_AREA) || mostFirst(a, b),
    ),
    cause: seriesOf([], (incident) => [incident.cause]).sort((a, b) => Number(a.key === NO_CAUSE) - Number(b.key === NO_CAUSE) || mostFirst(a, b)),
  };
  const actions = { open: 0, inProgress: 0, done: 0 };
  for (const incident of incidents) {
    actions.open += incident.actions.open;
    actions.inProgress += incident.actions.inProgress;
    actions.done += incident.actions.done;
  }
  const budget = input.budget && budgetAnalysis(input.budget, incidents, months[0]!, today);
  return { today, months, monthTotals, incidents, groupings, ...(budget ? { budget } : {}), actions };
}

function analysed(incident: Incident, areas: string[]): AnalysedIncident {
  const actions = { open: 0, inProgress: 0, done: 0 };
  for (const item of incident.actionItems) {
    if (item.status === 'done') actions.done++;
    else if (item.status === 'in-progress') actions.inProgress++;
    else actions.open++;
  }
  return {
    id: incident.id,
    title: incident.title,
    date: incident.date,
    month: incident.date.slice(0, 7),
    kind: incident.kind,
    severity: incident.severity,
    status: incident.status,
    file: incident.file,
    line: incident.line,
    areas,
    cause: incident.rootCause?.replace(/\s+/g, ' ').trim() ?? NO_CAUSE,
    files: [...new Set(incident.affected.map((affected) => affected.path).filter((path) => !GLOB_CHARACTERS.test(path)))],
    actions,
    actionItems: incident.actionItems,
  };
}

/**
 * From the first incident's month, or MIN_MONTHS before the current month when that is later, to the current
 * month (or a later incident's): a real time axis, so a quiet year shows as a gap and not as nothing.
 */
export function monthAxis(incidentMonths: readonly string[], currentMonth: string): string[] {
  const earliest = addMonths(currentMonth, -(MIN_MONTHS - 1));
  const first = incidentMonths.reduce((min, month) => (month < min ? month : min), earliest);
  const last = incidentMonths.reduce((max, month) => (month > max ? month : max), currentMonth);
  const months: string[] = [];
  for (let month = first; month <= last; month = addMonths(month, 1)) months.push(month);
  return months;
}

function addMonths(month: string, count: number): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, monthNumber - 1 + count, 1)).toISOString().slice(0, 7);
}

/** The budget's calendar periods from the first shown month to today's; incidents dated after today do not count yet. */
function budgetAnalysis(budget: IncidentBudget, incidents: readonly AnalysedIncident[], firstMonth: string, today: string): BudgetAnalysis {
  const periods: Period[] = [];
  for (let day = `${firstMonth}-01`; day <= today; ) {
    const period = periodOf(budget.period, new Date(`${day}T00:00:00Z`));
    periods.push(period);
    day = period.end;
  }
  const lines: BudgetSeries[] = [];
  for (const [key, kind] of BUDGET_KEYS) {
    const limit = budget[key];
    if (typeof limit !== 'number') continue;
    const perPeriod = periods.map(emptyCell);
    for (const incident of incidents) {
      if (incident.kind !== kind || incident.date > today) continue;
      const index = periods.findIndex((period) => incident.date >= period.start && incident.date < period.end);
      if (index >= 0) addTo(perPeriod[index]!, incident.id);
    }
    lines.push({ kind, limit, perPeriod, overBudget: perPeriod.flatMap((cell, i) => (cell.count > limit ? [i] : [])) });
  }
  lines.sort((a, b) => INCIDENT_KINDS.indexOf(a.kind) - INCIDENT_KINDS.indexOf(b.kind));
  return { period: budget.period, onExceeded: budget.onExceeded ?? DEFAULT_ON_EXCEEDED, periods, lines };
}

function emptyCell(): Cell {
  return { count: 0, incidentIds: [] };
}

function addTo(cell: Cell, id: string): void {
  cell.count++;
  cell.incidentIds.push(id);
}

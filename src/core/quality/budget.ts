/** The incident budget (`qualityBar.budget`) against the ledger, for the calendar period (UTC) that contains `now`. */
import { compareText } from '../history/history';
import type { BudgetPeriod, Incident, IncidentBudget, IncidentKind } from '../team/schema';

export const DEFAULT_ON_EXCEEDED = 'stop and hold a postmortem';

/** Budget keys and the incident kind each counts. */
export const BUDGET_KEYS = [
  ['incidents', 'incident'],
  ['regressions', 'regression'],
  ['userInquiries', 'user-inquiry'],
  ['nearMisses', 'near-miss'],
] as const satisfies ReadonlyArray<readonly [keyof IncidentBudget, IncidentKind]>;

export interface BudgetLine {
  kind: IncidentKind;
  limit: number;
  count: number;
  /** Incidents of this kind in the period, sorted by date then id. */
  incidentIds: string[];
  exceeded: boolean;
}

export interface BudgetStatus {
  period: BudgetPeriod;
  /** `2026-10`, `2026-Q4`, `2026-W41` or `2026`. */
  label: string;
  /** First day of the period and first day after it, YYYY-MM-DD. */
  start: string;
  end: string;
  lines: BudgetLine[];
  exceeded: boolean;
  onExceeded: string;
}

export function budgetStatus(budget: IncidentBudget | undefined, incidents: readonly Incident[], now: Date): BudgetStatus | undefined {
  if (!budget) return undefined;
  const { start, end, label } = periodOf(budget.period, now);
  // As of now: incidents dated later (a ledger read with an earlier --now) do not count yet.
  const today = now.toISOString().slice(0, 10);
  const inPeriod = incidents.filter((incident) => incident.date >= start && incident.date < end && incident.date <= today);
  const lines: BudgetLine[] = [];
  for (const [key, kind] of BUDGET_KEYS) {
    const limit = budget[key];
    if (typeof limit !== 'number') continue;
    const matching = inPeriod.filter((incident) => incident.kind === kind).sort((a, b) => compareText(a.date, b.date) || compareText(a.id, b.id));
    lines.push({ kind, limit, count: matching.length, incidentIds: matching.map((incident) => incident.id), exceeded: matching.length > limit });
  }
  return { period: budget.period, label, start, end, lines, exceeded: lines.some((line) => line.exceeded), onExceeded: budget.onExceeded ?? DEFAULT_ON_EXCEEDED };
}

/** The calendar period (UTC) of `period` that contains `now`: its first day, the first day after it, and its label. */
export function periodOf(period: BudgetPeriod, now: Date): { start: string; end: string; label: string } {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  const day = (y: number, m: number, d = 1) => new Date(Date.UTC(y, m, d)).toISOString().slice(0, 10);
  switch (period) {
    case 'year':
      return { start: day(year, 0), end: day(year + 1, 0), label: String(year) };
    case 'quarter': {
      const first = month - (month % 3);
      return { start: day(year, first), end: day(year, first + 3), label: `${year}-Q${first / 3 + 1}` };
    }
    case 'week': {
      // ISO weeks: Monday to Sunday, numbered by the year of their Thursday.
      const midnight = Date.UTC(year, month, now.getUTCDate());
      const monday = midnight - ((new Date(midnight).getUTCDay() + 6) % 7) * 86_400_000;
      const thursday = new Date(monday + 3 * 86_400_000);
      const week = Math.floor((thursday.getTime() - Date.UTC(thursday.getUTCFullYear(), 0, 1)) / (7 * 86_400_000)) + 1;
      return {
        start: new Date(monday).toISOString().slice(0, 10),
        end: new Date(monday + 7 * 86_400_000).toISOString().slice(0, 10),
        label: `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`,
      };
    }
    default:
      return { start: day(year, month), end: day(year, month + 1), label: day(year, month).slice(0, 7) };
  }
}

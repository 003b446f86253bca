import type { LineMark } from '../../../src/core/engine';
import type { CommitSummary } from '../../../src/core/history/history';
import { parseIncident, type Incident } from '../../../src/core/team';

/** An incident as the ledger loads it, from front-matter fields. */
export function incident(fields: Record<string, string>, body = 'Summary paragraph.'): Incident {
  const yaml = Object.entries(fields)
    .map(([key, value]) => `${key}: ${value}`)
    .join('\n');
  const { incident: parsed, diagnostics } = parseIncident(`---\n${yaml}\n---\n\n${body}\n`, `.changerisk/incidents/${fields.id}.md`);
  if (!parsed) throw new Error(`fixture does not parse: ${JSON.stringify(diagnostics)}`);
  return parsed;
}

export function commit(overrides: Partial<CommitSummary> = {}): CommitSummary {
  return { sha: 'a'.repeat(40), time: Date.UTC(2024, 2, 15) / 1000, author: 'Alice', subject: 'Fix rounding', fix: true, incidentIds: [], ...overrides };
}

export function mark(start: number, end: number, overrides: Partial<LineMark> = {}): LineMark {
  return { start, end, source: 'history', commits: [], incidents: [], ...overrides };
}

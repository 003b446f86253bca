import * as crypto from 'node:crypto';
import type { CompiledHistoryRules } from '../team/historyRules';
import type { HistoryRules } from '../team';
import type { HistoryData } from './historyIndex';

/**
 * What the team's message rules say of each commit: fix or not, and the incident ids it names.
 * Running the rules over a hundred thousand messages is the slowest part of a warm start, so the
 * result is cached with the index, under a key of the rules that produced it.
 */
export interface Classification {
  key: string;
  /** 1 where the message reads as a fix (before bulk and ignored commits are set aside). */
  fix: Uint8Array;
  /** Commits that name incident ids, and the ids (newline-separated), in the same order. */
  incidentCommits: Uint32Array;
  incidentIds: string[];
}

export function classificationKey(rules: Pick<HistoryRules, 'fixPatterns' | 'nonFixPatterns' | 'incidentIdPatterns'>): string {
  const material = JSON.stringify([rules.fixPatterns, rules.nonFixPatterns, rules.incidentIdPatterns]);
  return crypto.createHash('sha256').update(material).digest('hex').slice(0, 16);
}

/**
 * Classifies every commit, reusing `previous` for the commits it covers when it was made with the
 * same rules (commits are only ever appended to an index).
 */
export function classify(data: HistoryData, rules: CompiledHistoryRules, key: string, previous?: Classification): Classification {
  const reusable = previous?.key === key && previous.fix.length <= data.commitCount ? previous : undefined;
  if (reusable && reusable.fix.length === data.commitCount) return reusable;
  const start = reusable?.fix.length ?? 0;
  const fix = new Uint8Array(data.commitCount);
  if (reusable) fix.set(reusable.fix);
  const incidentCommits: number[] = reusable ? Array.from(reusable.incidentCommits) : [];
  const incidentIds: string[] = reusable ? [...reusable.incidentIds] : [];
  const decoder = new TextDecoder();
  for (let i = start; i < data.commitCount; i++) {
    const message = decoder.decode(data.messages.subarray(data.messageOffsets[i], data.messageOffsets[i + 1]));
    if (rules.isFix(message)) fix[i] = 1;
    const ids = rules.incidentIds(message);
    if (ids.length > 0) {
      incidentCommits.push(i);
      incidentIds.push(ids.join('\n'));
    }
  }
  return { key, fix, incidentCommits: Uint32Array.from(incidentCommits), incidentIds };
}

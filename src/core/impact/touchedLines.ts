/**
 * The lines a change touches that carry history: ranges a postmortem names (free) and, for the riskiest touched
 * files with fix history, the changed lines blamed at the merge-base — the one costly step of the analysis, so it
 * is capped and run a few files at a time.
 */
import * as os from 'node:os';
import { oldLineSpans, touchesOldLines, type Change, type ChangedFile } from '../change/change';
import type { ChangeRiskEngine } from '../engine';
import { blameLinesAt } from '../git/blameLines';
import { globMatcher } from '../globs';
import { compareText } from '../history/history';
import { compareRisk, type FileRisk } from '../risk/riskModel';
import type { TouchedLines } from './overview';

/** Blame is the one costly step (≈0.5 s per file on a 100k-commit repository): only the riskiest files get it. */
export const MAX_BLAMED_FILES = 8;
const BLAME_CONCURRENCY = Math.max(2, Math.min(8, os.cpus().length));

/**
 * Touched lines with history, per file: ledger ranges (free) and, for the riskiest files with fix history, the
 * changed lines blamed at the merge-base (the base version's line numbers, which the ledger uses too).
 */
export async function touchedLines(
  engine: ChangeRiskEngine,
  change: Change,
  riskOf: (file: ChangedFile) => FileRisk | undefined,
  signal: AbortSignal | undefined,
): Promise<{ byFile: Map<string, TouchedLines[]>; lineHistory: { checked: number; candidates: number } }> {
  const byFile = new Map<string, TouchedLines[]>();
  const add = (path: string, lines: TouchedLines) => {
    const list = byFile.get(path);
    if (list) list.push(lines);
    else byFile.set(path, [lines]);
  };
  const inBase = change.files.filter((file) => file.oldHunks.length > 0 && file.status !== 'added' && file.status !== 'untracked');
  const ledgerRanges = engine.team.incidents.flatMap((incident) =>
    incident.affected.filter((affected) => affected.lines.length > 0).map((affected) => ({ incident, matches: globMatcher([affected.path]), lines: affected.lines })),
  );
  for (const file of inBase) {
    const names = [file.oldPath ?? file.path, file.path, ...(engine.history.record(file.oldPath ?? file.path)?.formerPaths ?? [])];
    for (const { incident, matches, lines } of ledgerRanges) {
      if (!names.some(matches)) continue;
      for (const range of lines) {
        if (touchesOldLines(file, range.start, range.end)) add(file.path, { ranges: [{ start: range.start, end: range.end }], source: 'ledger', incidents: [incident.id], commits: [] });
      }
    }
  }

  const candidates = inBase
    .map((file) => ({ file, risk: riskOf(file) }))
    .filter(({ risk }) => risk !== undefined && (risk.stats.fixCommits > 0 || risk.stats.incidentIds.length > 0))
    .sort((a, b) => compareRisk(a.risk!, b.risk!) || compareText(a.file.path, b.file.path));
  const chosen = candidates.slice(0, MAX_BLAMED_FILES);
  const ignoreRevs = [...engine.history.ignoredRevisions()].filter((sha) => engine.history.commitIndex(sha) !== undefined);
  const ownCommits = new Set(change.commits.map((commit) => commit.sha));
  const blamed = await mapLimit(chosen, BLAME_CONCURRENCY, ({ file }) =>
    blameLinesAt(change.root, change.mergeBase, file.oldPath ?? file.path, oldLineSpans(file), {
      ignoreRevs,
      ancestry: fileAncestry(engine, change.mergeBase, file, ownCommits),
      ...(signal ? { signal } : {}),
    }),
  );
  chosen.forEach(({ file }, i) => {
    const bySha = new Map<string, Array<{ start: number; end: number }>>();
    for (const range of mergeBySha(blamed[i]!)) {
      const index = engine.history.commitIndex(range.sha);
      if (index === undefined || !engine.history.marksLines(index)) continue;
      bySha.set(range.sha, [...(bySha.get(range.sha) ?? []), { start: range.start, end: range.end }]);
    }
    for (const [sha, ranges] of bySha) {
      const summary = engine.history.commitSummary(engine.history.commitIndex(sha)!);
      const kind = summary.reverts ? 'revert' : summary.revertedBy ? 'reverted' : summary.fix ? 'fix' : 'incident';
      add(file.path, { ranges, source: 'history', incidents: incidentIdsOfCommit(engine, summary.sha, summary.incidentIds), commits: [{ sha: summary.sha, subject: summary.subject, time: summary.time, kind }] });
    }
  });
  for (const [path, list] of byFile) byFile.set(path, dedupeLines(list));
  return { byFile, lineHistory: { checked: chosen.length, candidates: candidates.length } };
}

/**
 * The merge-base, then the indexed commits that touched the file before it, newest first: all blame needs to walk.
 * The index holds HEAD's history, so the change's own commits are the only ones to leave out.
 */
function fileAncestry(engine: ChangeRiskEngine, mergeBase: string, file: ChangedFile, ownCommits: ReadonlySet<string>): string[] {
  const record = engine.history.record(file.path) ?? (file.oldPath ? engine.history.record(file.oldPath) : undefined);
  if (!record) return [];
  const chain = [mergeBase];
  for (let i = record.commits.length - 1; i >= 0; i--) {
    const sha = engine.history.sha(record.commits[i]!);
    if (!ownCommits.has(sha) && sha !== mergeBase) chain.push(sha);
  }
  return chain;
}

/** Ledger incidents a commit belongs to: ids named in its message, or listed as its fix or introducing commit. */
function incidentIdsOfCommit(engine: ChangeRiskEngine, sha: string, named: string[]): string[] {
  const ids = new Set(named.flatMap((id) => engine.incident(id)?.id ?? []));
  for (const incident of engine.team.incidents) {
    if ([...incident.commits.fix, ...incident.commits.introduced].some((prefix) => sha.startsWith(prefix))) ids.add(incident.id);
  }
  return [...ids].sort(compareText);
}

function mergeBySha(ranges: Array<{ start: number; end: number; sha: string }>): Array<{ start: number; end: number; sha: string }> {
  const merged: Array<{ start: number; end: number; sha: string }> = [];
  for (const range of ranges) {
    const previous = merged[merged.length - 1];
    if (previous && previous.sha === range.sha && previous.end + 1 >= range.start) previous.end = Math.max(previous.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}

function dedupeLines(list: TouchedLines[]): TouchedLines[] {
  const seen = new Map<string, TouchedLines>();
  for (const lines of list) {
    const key = `${lines.source}:${lines.ranges.map((r) => `${r.start}-${r.end}`).join(',')}:${lines.commits.map((c) => c.sha).join(',')}`;
    const existing = seen.get(key);
    if (existing) existing.incidents = [...new Set([...existing.incidents, ...lines.incidents])].sort(compareText);
    else seen.set(key, { ...lines, incidents: [...lines.incidents].sort(compareText) });
  }
  const first = (lines: TouchedLines) => lines.ranges[0]?.start ?? 0;
  return [...seen.values()].sort((a, b) => Number(a.source === 'history') - Number(b.source === 'history') || first(a) - first(b));
}

async function mapLimit<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index]!);
    }
  });
  await Promise.all(workers);
  return results;
}

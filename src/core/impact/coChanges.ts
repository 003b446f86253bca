/**
 * Files that history changes together with the change's files, left out of it — only where the record makes a case
 * a reviewer would follow. On real changes three of four such rows were noise: a manifest and its lockfile (the
 * package manager writes both), a source and its test (the missing-tests list says that, once), siblings in old mass
 * edits, and release commits that bump versions everywhere. So only source files pair, only focused commits count
 * (release commits never), and the partner must have come along in at least half of the file's commits.
 */
import type { Change } from '../change/change';
import type { ChangeRiskEngine } from '../engine';
import { compareText } from '../history/history';

export interface LeftOutCoChange {
  /** The file not in the change. */
  path: string;
  /** Changed files it usually changes with, strongest first. */
  with: Array<{
    path: string;
    /** Percent of the changed file's focused commits that also changed `path`. */
    degree: number;
    sharedCommits: number;
    /** The changed file's focused commits. */
    commits: number;
  }>;
}

/** A commit touching more files than this is a sweep (a rename, a lint run), not a sign two files belong together. */
export const FOCUSED_COMMIT_FILES = 15;
/** The share of a file's focused commits a partner must share: "usually", not "sometimes". */
export const MIN_CONFIDENCE = 50;
const RELEASE_SUBJECT = /^(?:release\b|releasing\b|prepare (?:for )?(?:release|v?\d)|bump(?:ed)? (?:the )?version|version bump|v?\d+\.\d+(?:\.\d+)?(?:[-.][0-9a-z.]+)?\s*$)/i;

export function leftOutCoChanges(engine: ChangeRiskEngine, change: Change): LeftOutCoChange[] {
  const { history, risk } = engine;
  const settings = engine.team.config.coupling;
  const inChange = new Set(change.files.flatMap((file) => (file.oldPath ? [file.path, file.oldPath] : [file.path])));
  const leftOut = new Map<string, LeftOutCoChange['with']>();
  for (const file of change.files) {
    if (file.status === 'deleted' || risk.roleOf(file.path) !== 'source') continue;
    const record = history.record(file.path) ?? (file.oldPath ? history.record(file.oldPath) : undefined);
    if (!record) continue;
    // Each commit's paths are read once: to judge it focused and to count its partners.
    const focused = history
      .countedCommits(record)
      .map((index) => ({ index, paths: history.commitPaths(index) }))
      .filter(({ index, paths }) => paths.length <= FOCUSED_COMMIT_FILES && !RELEASE_SUBJECT.test(history.message(index).split('\n', 1)[0]!.trim()));
    if (focused.length < settings.minCommits) continue;
    const shared = new Map<string, number>();
    for (const { paths } of focused) {
      for (const path of paths) if (path !== record.path) shared.set(path, (shared.get(path) ?? 0) + 1);
    }
    for (const [path, count] of shared) {
      if (inChange.has(path) || count < settings.minSharedCommits || risk.roleOf(path) !== 'source' || history.isIgnored(path)) continue;
      const degree = Math.round((count / focused.length) * 100);
      if (degree < MIN_CONFIDENCE) continue;
      const list = leftOut.get(path) ?? [];
      list.push({ path: file.path, degree, sharedCommits: count, commits: focused.length });
      leftOut.set(path, list);
    }
  }
  const strongest = (entry: LeftOutCoChange['with']) => Math.max(...entry.map((w) => w.degree));
  return [...leftOut.entries()]
    .map(([path, withFiles]) => ({ path, with: withFiles.sort((a, b) => b.degree - a.degree || compareText(a.path, b.path)) }))
    .sort((a, b) => strongest(b.with) - strongest(a.with) || compareText(a.path, b.path));
}

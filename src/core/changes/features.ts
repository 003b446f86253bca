/**
 * Features of every change in one forward pass over the history (issue #16): the state per file and
 * per person (featureState.ts) moves one commit at a time, so each change is described by what was
 * known just before it — never by anything later.
 *
 * A change is a counted commit (not a merge, a bot's, a bulk or an ignored one) touching at least
 * one rated file (the roles in `risk.roles`: source code by default). Only rated files count for the
 * size, diffusion and history features: a lockfile rewrite or a regenerated schema adds thousands of
 * lines nobody reviews as code, and Kamei's features were defined on code. The effort of reviewing a
 * change is its rated lines added + deleted (at least 1).
 */
import { globMatcher } from '../globs';
import type { History } from '../history/history';
import { samePerson, type Person } from '../history/people';
import type { ChangeRiskConfig, Incident } from '../team';
import type { ChangeLineData } from './changeData';
import { FEATURE_COUNT, FEATURE_INDEX } from './featureSet';
import { ChangeFeatureState, type ChangeInput } from './featureState';

export { entropy, type ChangeInput } from './featureState';

export interface ChangeFeatures {
  /** Commit indexes of the changes, in index order. */
  commits: Uint32Array;
  /** Row-major raw values: change k's feature j is `values[k * FEATURE_COUNT + j]` (before `transformed`). */
  values: Float64Array;
  /** Rated lines added + deleted, at least 1: the effort of reviewing the change. */
  effort: Float64Array;
  /** Author time, unix seconds. */
  times: Uint32Array;
}

export interface FeatureInputs {
  history: History;
  lines: ChangeLineData;
  config: ChangeRiskConfig;
  /** The ledger: an incident marks its files from its date on. */
  incidents?: readonly Incident[];
}

/** The features of every change, and the state after the whole history (to describe a prospective change). */
export function computeChangeFeatures(inputs: FeatureInputs): ChangeFeatures & { state: ChangeFeatureState } {
  const { history, lines, config } = inputs;
  const data = history.data;
  if (lines.commitCount !== data.commitCount) throw new RangeError(`the line data covers ${lines.commitCount} commits, the history index ${data.commitCount}`);
  const state = new ChangeFeatureState(history, config);
  const ledger = ledgerEvents(history, inputs.incidents ?? []);
  let nextLedger = 0;
  const commits: number[] = [];
  const values: number[] = [];
  const effort: number[] = [];
  const times: number[] = [];
  // A pass that started late (`ChangeLineData.firstCommit`) knows no lines before: those commits still
  // move the state (experience, file history), but are no changes to learn from.
  const firstCommit = lines.firstCommit ?? 0;
  for (let commit = 0; commit < data.commitCount; commit++) {
    const time = data.times[commit]!;
    while (nextLedger < ledger.length && ledger[nextLedger]!.time <= time) state.markIncident(ledger[nextLedger++]!.files);
    if (commit === firstCommit && lines.startLines) state.setLines(lines.startLines.files, lines.startLines.lines);
    const change = commitInput(history, lines, commit);
    const row = history.isCounted(commit) && commit >= firstCommit ? state.describe(change) : undefined;
    if (row) {
      commits.push(commit);
      for (let j = 0; j < FEATURE_COUNT; j++) values.push(row[j]!);
      effort.push(Math.max(1, row[FEATURE_INDEX.linesAdded]! + row[FEATURE_INDEX.linesDeleted]!));
      times.push(time);
    }
    state.advance(commit, change);
  }
  return { commits: Uint32Array.from(commits), values: Float64Array.from(values), effort: Float64Array.from(effort), times: Uint32Array.from(times), state };
}

/** Commit `commit` of the history as a change to describe. */
function commitInput(history: History, lines: ChangeLineData, commit: number): ChangeInput {
  const data = history.data;
  const files: Array<ChangeInput['files'][number]> = [];
  for (let k = data.commitFileOffsets[commit]!; k < data.commitFileOffsets[commit + 1]!; k++) {
    const file = data.commitFileIds[k]!;
    files.push({ file, path: data.filePaths[file]!, added: lines.added[k]!, deleted: lines.deleted[k]! });
  }
  return {
    time: data.times[commit]!,
    person: history.personOf(data.authorOfCommit[commit]!),
    fix: history.isFixCommit(commit),
    files,
    recentFixLines: lines.recentlyFixedLinesTouched[commit]!,
    recentFixes: lines.recentFixesTouched[commit]!,
  };
}

export interface ProspectiveChange {
  author: Person;
  /** Unix seconds; default: the history's "now". */
  time?: number;
  fix?: boolean;
  /** `linesBefore`: the file's lines before the change, when the history already holds some of it (a branch's commits). */
  files: ReadonlyArray<{ path: string; added: number; deleted: number; linesBefore?: number }>;
  /** From the history pass's line ownership of the lines the change deletes or rewrites. */
  recentFixLines?: number;
  recentFixes?: number;
}

/**
 * The raw features of a change not in the history (a working-tree diff, a commit range), against the
 * state after the whole history; undefined when it touches no rated file. `scoreChange` scores them.
 */
export function prospectiveChangeFeatures(history: History, state: ChangeFeatureState, change: ProspectiveChange): Float64Array | undefined {
  return state.describe({
    time: change.time ?? history.nowSeconds,
    person: personOf(history, change.author),
    fix: change.fix ?? false,
    files: change.files.map((entry) => ({ ...entry, file: history.fileId(entry.path) })),
    recentFixLines: change.recentFixLines ?? 0,
    recentFixes: change.recentFixes ?? 0,
  });
}

/** The history's person for an author (by the identity rules of `samePerson`), if it committed before. */
function personOf(history: History, author: Person): number | undefined {
  const { authorNames, authorEmails } = history.data;
  for (let index = 0; index < authorNames.length; index++) {
    if (samePerson(author, { name: authorNames[index]!, email: authorEmails[index]! })) return history.personOf(index);
  }
  return undefined;
}

/** Ledger incidents as (date, files): the files of their fix and introducing commits and their affected paths. */
function ledgerEvents(history: History, incidents: readonly Incident[]): Array<{ time: number; files: number[] }> {
  const data = history.data;
  const filesOf = (commit: number) => data.commitFileIds.subarray(data.commitFileOffsets[commit], data.commitFileOffsets[commit + 1]);
  const events = incidents.map((incident) => {
    const files = new Set<number>();
    for (const sha of [...incident.commits.fix, ...incident.commits.introduced]) {
      const commit = history.commitIndex(sha);
      if (commit !== undefined) for (const file of filesOf(commit)) files.add(file);
    }
    for (const affected of incident.affected) {
      const matches = globMatcher([affected.path]);
      data.filePaths.forEach((path, file) => {
        if (matches(path) || (data.formerPaths.get(file) ?? []).some(matches)) files.add(file);
      });
    }
    return { time: Date.parse(`${incident.date}T00:00:00Z`) / 1000, files: [...files] };
  });
  return events.filter((event) => Number.isFinite(event.time)).sort((a, b) => a.time - b.time);
}

/**
 * The change-level risk of a change in front of a reviewer (issue #16): the model of model.ts, fitted
 * on the repository's own history as of now, scoring a prospective change (a branch's commits since
 * the merge-base plus the working tree, as `readChange` reads it).
 *
 * The costly parts — the history pass (cached on disk beside the index), the features of every past
 * change and the fit — are kept per history and per set of the change's own commits, so scoring the
 * same working change again after an edit only describes it anew (a few milliseconds).
 *
 * The change's own commits are left out of the history it is judged by, as the impact statement's file
 * risk does (`ChangeRiskEngine.withoutCommits`): a branch's commits would otherwise make its author
 * "experienced in these files" and its files "changed a moment ago".
 */
import type { Change, ChangedFile } from '../change/change';
import type { ChangeRiskEngine } from '../engine';
import type { History } from '../history/history';
import type { LineWarning } from '../impact/overview';
import type { ChangeLineData } from './changeData';
import { RECENT_FIX_SECONDS } from './lineHistory';
import { loadChangeLineData } from './loadChangeData';
import { FEATURES } from './featureSet';
import { computeChangeFeatures, prospectiveChangeFeatures } from './features';
import type { ChangeFeatureState } from './featureState';
import { earliestFixTimes, scoreChange, trainChangeModel, type ChangeRiskModel, type ChangeScore } from './model';
import { productPassStart } from './passStart';
import { CancelledError } from '../git/gitProcess';
import { SharedRun } from '../sharedRun';

/**
 * Below this many fix-inducing changes known in the history the model has nothing to learn from: it
 * would only repeat the average. The backtest judges a window by the same number.
 */
export const MIN_TRAINING_POSITIVES = 10;

export type ChangeRiskAssessment =
  | {
      status: 'scored';
      score: ChangeScore;
      /** The follow-up window the probability speaks of, in days. */
      windowDays: number;
      trainedOn: { changes: number; positives: number };
      /** The change's files the model rates (source code by default), of all its files. */
      ratedFiles: number;
    }
  /** Nothing the model rates changed: only tests, docs, configuration or generated files. */
  | { status: 'not-rated'; ratedFiles: 0 }
  /**
   * No score: the history has no change old enough to judge, too few fix-inducing ones to learn from, or
   * the assessment failed. `cause` is for wording it in a language; `reason` says it in English.
   */
  | { status: 'unavailable'; cause: UnavailableCause; reason: string; trainedOn?: { changes: number; positives: number } };

export type UnavailableCause = 'no-old-changes' | 'too-few-fixes' | 'failed';

export interface AssessChangeRiskOptions {
  /** The history index's cache folder: the history pass is cached beside it. */
  cacheDir?: string;
  signal?: AbortSignal;
  /** The impact statement's warnings on touched lines (fix history blamed at the merge-base), for "touches lines fixed recently". */
  lineWarnings?: readonly LineWarning[];
}

interface Trained {
  model: ChangeRiskModel;
  state: ChangeFeatureState;
  history: History;
  /** Per file, the lines the change's own commits added minus those they deleted: the state counts them, the change's "before" must not. */
  ownNetLines: Map<number, number>;
}

type Unfit = { cause: UnavailableCause; reason: string; trainedOn?: { changes: number; positives: number } };

/**
 * Per history at HEAD (one per engine refresh or team-file edit): its line data and the models fitted on it, each
 * shared by the calls that ask for it while it is computed (the editor's background run and the Draft command ask
 * at once) and cancelled only when all of them gave up.
 */
interface Kept {
  lines: SharedRun<ChangeLineData>;
  /** Keyed by the change's own commits (left out of the history) and the moment. */
  models: Map<string, SharedRun<Trained | Unfit>>;
}

const kept = new WeakMap<History, Kept>();
/** A few branches' worth: switching back and forth between two changes stays warm. */
const MODELS_KEPT = 4;
let fits = 0;

/** How many times a change model was fitted in this process: for the tests, which check that concurrent calls share one fit. */
export function changeRiskFitCount(): number {
  return fits;
}

export async function assessChangeRisk(engineAtHead: ChangeRiskEngine, change: Change, options: AssessChangeRiskOptions = {}): Promise<ChangeRiskAssessment> {
  const roleOf = (path: string) => engineAtHead.risk.roleOf(path);
  const rated = new Set(engineAtHead.team.config.risk.roles);
  const ratedFiles = change.files.filter((file) => !file.binary && file.submodule === undefined && rated.has(roleOf(file.path)));
  if (ratedFiles.length === 0) return { status: 'not-rated', ratedFiles: 0 };

  const trained = await trainedFor(engineAtHead, change, options);
  if ('reason' in trained) return { status: 'unavailable', ...trained };
  const { model, state, history, ownNetLines } = trained;
  const recent = recentFixesTouched(options.lineWarnings ?? [], history.nowSeconds);
  const row = prospectiveChangeFeatures(history, state, {
    author: authorOf(engineAtHead, change),
    fix: change.commits.some((commit) => {
      const index = engineAtHead.history.commitIndex(commit.sha);
      return index !== undefined && engineAtHead.history.isFixCommit(index);
    }),
    files: ratedFiles.map((file) => {
      const path = knownPath(history, file);
      const fileId = history.fileId(path);
      const own = fileId === undefined ? undefined : ownNetLines.get(fileId);
      return { path, added: file.added, deleted: file.removed, ...(own !== undefined ? { linesBefore: Math.max(0, state.linesOf(fileId) - own) } : {}) };
    }),
    recentFixLines: recent.lines,
    recentFixes: recent.fixes,
  });
  if (!row) return { status: 'not-rated', ratedFiles: 0 };
  return { status: 'scored', score: scoreChange(model, row), windowDays: model.windowDays, trainedOn: model.trainedOn, ratedFiles: ratedFiles.length };
}

async function trainedFor(engineAtHead: ChangeRiskEngine, change: Change, options: AssessChangeRiskOptions): Promise<Trained | Unfit> {
  // Cancelled already: start nothing that nobody would wait for.
  if (options.signal?.aborted) throw new CancelledError();
  const entry = keptFor(engineAtHead, options.cacheDir);
  const own = change.commits.map((commit) => commit.sha).sort();
  const key = `${engineAtHead.history.nowSeconds}\n${own.join(',')}`;
  let model = entry.models.get(key);
  if (!model || model.abandoned) {
    const run = new SharedRun(async (signal) => {
      try {
        return fitFor(engineAtHead, own, await entry.lines.join(signal));
      } catch (error) {
        // A cancelled or failed fit is not kept: the next call tries again.
        if (entry.models.get(key) === run) entry.models.delete(key);
        throw error;
      }
    });
    model = run;
    entry.models.delete(key);
    entry.models.set(key, model);
    for (const old of [...entry.models.keys()].slice(0, Math.max(0, entry.models.size - MODELS_KEPT))) entry.models.delete(old);
  }
  return model.join(options.signal);
}

/** The history pass of the history at HEAD, shared by every call on it; a cancelled or failed pass is forgotten. */
function keptFor(engineAtHead: ChangeRiskEngine, cacheDir: string | undefined): Kept {
  const headHistory = engineAtHead.history;
  const known = kept.get(headHistory);
  if (known && !known.lines.abandoned) return known;
  const entry: Kept = {
    lines: new SharedRun(async (signal) => {
      try {
        // The model trains on the last years only: the diffs before them are not read (see passStart.ts).
        const from = productPassStart(headHistory);
        const loaded = await loadChangeLineData({ repository: engineAtHead.repository, history: headHistory, sourceOnly: true, from, ...(cacheDir ? { cacheDir } : {}), signal });
        return loaded.data;
      } catch (error) {
        if (kept.get(headHistory) === entry) kept.delete(headHistory);
        throw error;
      }
    }),
    models: new Map(),
  };
  kept.set(headHistory, entry);
  return entry;
}

/** Fits the model on the history at HEAD without the change's own commits (synchronous: seconds on a big history). */
function fitFor(engineAtHead: ChangeRiskEngine, own: readonly string[], lines: ChangeLineData): Trained | Unfit {
  const engine = engineAtHead.withoutCommits(own);
  const { history, team } = engine;
  const features = computeChangeFeatures({ history, lines, config: team.config, incidents: team.incidents });
  const earliestFix = earliestFixTimes(features, lines, history.data.times);
  fits++;
  let model: ChangeRiskModel;
  try {
    model = trainChangeModel(features, earliestFix, { cutoff: history.nowSeconds, features: FEATURES });
  } catch (error) {
    if (error instanceof RangeError) return { cause: 'no-old-changes', reason: 'the history has no change old enough to know whether it needed a follow-up fix' };
    throw error;
  }
  if (model.trainedOn.positives < MIN_TRAINING_POSITIVES) {
    return { cause: 'too-few-fixes', reason: `the history knows ${model.trainedOn.positives} change(s) that needed a follow-up fix; at least ${MIN_TRAINING_POSITIVES} are needed to learn from`, trainedOn: model.trainedOn };
  }
  return { model, state: features.state, history, ownNetLines: netLinesOf(history, lines, own) };
}

function netLinesOf(history: History, lines: ChangeLineData, commits: readonly string[]): Map<number, number> {
  const { commitFileOffsets, commitFileIds } = history.data;
  const net = new Map<number, number>();
  for (const sha of commits) {
    const commit = history.commitIndex(sha);
    if (commit === undefined) continue;
    for (let k = commitFileOffsets[commit]!; k < commitFileOffsets[commit + 1]!; k++) {
      net.set(commitFileIds[k]!, (net.get(commitFileIds[k]!) ?? 0) + lines.added[k]! - lines.deleted[k]!);
    }
  }
  return net;
}

/** Whose change it is: its first author who is no bot (a dependency bump's bot knows nothing), else the first. */
function authorOf(engine: ChangeRiskEngine, change: Change): Change['authors'][number] {
  const { isBot } = engine.history.rules.classifier;
  return change.authors.find((author) => !isBot(author.name, author.email)) ?? change.authors[0] ?? { name: '', email: '' };
}

/** A renamed file is the same file to the history under its former name until the rename is committed. */
function knownPath(history: History, file: ChangedFile): string {
  return history.record(file.path) === undefined && file.oldPath !== undefined ? file.oldPath : file.path;
}

/**
 * Lines the change rewrites that a fix or revert wrote in the 180 days before now, and how many such
 * fixes: the history pass's `recentFixLines` / `recentFixes` for a past change, read here from the
 * impact statement's blame of the riskiest touched files (at most `MAX_BLAMED_FILES` of them).
 */
function recentFixesTouched(warnings: readonly LineWarning[], now: number): { lines: number; fixes: number } {
  const ranges = new Set<string>();
  const fixes = new Set<string>();
  let lines = 0;
  for (const warning of warnings) {
    if (warning.source !== 'history' || !warning.commit || (warning.kind !== 'fix' && warning.kind !== 'revert') || now - warning.commit.time > RECENT_FIX_SECONDS) continue;
    fixes.add(warning.commit.sha);
    // One warning per commit of a range: its lines count once.
    for (const range of warning.ranges) {
      const key = `${warning.path}:${range.start}-${range.end}`;
      if (ranges.has(key)) continue;
      ranges.add(key);
      lines += range.end - range.start + 1;
    }
  }
  return { lines, fixes: fixes.size };
}

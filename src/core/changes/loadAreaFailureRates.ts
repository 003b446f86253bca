/**
 * The per-area failure rate of an open repository (areaFailureRate.ts): the history pass's SZZ links
 * (cached beside the history index when a cache folder is given), the counted changes of the features
 * pass, and their labels as of the last commit — the same changes and labels `backtest --changes` uses.
 * Runs git (the diffs, once per new commit): never call it in Restricted Mode.
 */
import type { Repository } from '../git/repository';
import type { History } from '../history/history';
import type { TeamFiles } from '../team';
import { areaFailureRates, areaRateChanges, DEFAULT_QUARTERS, type AreaFailureRates } from './areaFailureRate';
import { computeChangeFeatures } from './features';
import { loadChangeLineData } from './loadChangeData';
import { earliestFixTimes } from './model';
import { productPassStart } from './passStart';
import { lastCommitTime } from '../history/historyData';

/** What an engine holds: the repository, its history under the team's rules, the team files. */
export interface AreaRateSources {
  repository: Repository;
  history: History;
  team: TeamFiles;
}

export interface AreaRateOptions {
  cacheDir?: string;
  signal?: AbortSignal;
  /** Unix seconds. */
  since?: number;
  quarters?: number;
}

export interface LoadedAreaFailureRates extends AreaFailureRates {
  /** The quality bar's tolerance per incident kind, in the team's words (empty when none is written). */
  tolerance: Record<string, string>;
  /** Changes to rated files in the whole history. */
  changesInHistory: number;
}

export async function loadAreaFailureRates(sources: AreaRateSources, options: AreaRateOptions = {}): Promise<LoadedAreaFailureRates> {
  const { repository, history, team } = sources;
  const tolerance = Object.fromEntries(Object.entries(team.config.qualityBar?.tolerance ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  const range = { ...(options.since !== undefined ? { since: options.since } : {}), ...(options.quarters !== undefined ? { quarters: options.quarters } : {}) };
  if (history.commitCount === 0) return { ...areaFailureRates({ changes: [], areas: team.config.areas, lastTime: 0, ...range }), tolerance, changesInHistory: 0 };
  // The diffs of the quarters shown (and of the model's training years: one pass serves both) are read, not the whole history's (see passStart.ts).
  const from = productPassStart(history, options.since ?? lastCommitTime(history.data) - ((options.quarters ?? DEFAULT_QUARTERS) + 1) * QUARTER_SECONDS);
  const loaded = await loadChangeLineData({ repository, history, sourceOnly: true, from, ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}), ...(options.signal ? { signal: options.signal } : {}) });
  const features = computeChangeFeatures({ history, lines: loaded.data, config: team.config, incidents: team.incidents });
  const earliestFix = earliestFixTimes(features, loaded.data, history.data.times);
  const { changes, lastTime } = areaRateChanges(history, features, earliestFix, (path) => features.state.isRated(path));
  return { ...areaFailureRates({ changes, areas: team.config.areas, lastTime, ...range }), tolerance, changesInHistory: changesInHistory(history, (path) => features.state.isRated(path)) };
}

/** A calendar quarter at its longest, in seconds. */
const QUARTER_SECONDS = 92 * 86_400;

/** The changes of the whole history (counted commits touching a rated file), from the index alone. */
function changesInHistory(history: History, isRated: (path: string) => boolean): number {
  const { commitCount, commitFileOffsets, commitFileIds, filePaths } = history.data;
  let changes = 0;
  for (let commit = 0; commit < commitCount; commit++) {
    if (!history.isCounted(commit)) continue;
    for (let k = commitFileOffsets[commit]!; k < commitFileOffsets[commit + 1]!; k++) {
      if (isRated(filePaths[commitFileIds[k]!]!)) {
        changes++;
        break;
      }
    }
  }
  return changes;
}

import { loadChangeLineData, type LoadedChangeLines } from '../../../src/core/changes/loadChangeData';
import { openRepository } from '../../../src/core/git/repository';
import { classify } from '../../../src/core/history/classification';
import { History, ruleSettingsFor } from '../../../src/core/history/history';
import { loadHistory } from '../../../src/core/history/historyLoader';
import { DEFAULT_CONFIG } from '../../../src/core/team';
import type { TestRepo } from '../../helpers/testRepo';

export const NOW = new Date('2026-01-01T00:00:00Z');

/** The history pass over a test repository, with its index read under the default rules (some overridable). */
export async function changeLines(
  repo: TestRepo,
  options: { bulkCommitFiles?: number; cacheDir?: string; parallelThreshold?: number; sourceOnly?: boolean } = {},
): Promise<{ history: History; loaded: LoadedChangeLines; links: Array<[string, string, number]> }> {
  const repository = await openRepository(repo.root);
  const rules = ruleSettingsFor({ ...DEFAULT_CONFIG.history, ...(options.bulkCommitFiles ? { bulkCommitFiles: options.bulkCommitFiles } : {}) }, repo.root);
  const load = await loadHistory({ repository, classify: (data, previous) => classify(data, rules.classifier, rules.classificationKey, previous) });
  const history = new History(load.data, rules, NOW, load.classification);
  const loaded = await loadChangeLineData({
    repository,
    history,
    ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
    ...(options.parallelThreshold ? { parallelThreshold: options.parallelThreshold } : {}),
    sourceOnly: options.sourceOnly ?? false,
  });
  const { inducing, fixing, blamedLines } = loaded.data;
  const links = Array.from(inducing, (commit, k): [string, string, number] => [history.sha(commit), history.sha(fixing[k]!), blamedLines[k]!]);
  return { history, loaded, links };
}

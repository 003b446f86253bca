/**
 * `npx tsx bench/changeScoreBench.ts --repo PATH [--runs 3]`
 *
 * Whether scoring one change can stay within 200 ms once the history is cached (issue #16): builds the
 * history index and the history pass into a temporary cache folder (not timed, removed at the end),
 * then times, `--runs` times each, what a warm scoring does: read the cached index and the cached line
 * data, compute every change's features, fit the model at HEAD, and describe and score one prospective
 * change (HEAD's own files, as if uncommitted). Reports the median of each step, in milliseconds.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { FEATURES } from '../src/core/changes/featureSet';
import { computeChangeFeatures, prospectiveChangeFeatures } from '../src/core/changes/features';
import { loadChangeLineData } from '../src/core/changes/loadChangeData';
import { earliestFixTimes, scoreChange, trainChangeModel } from '../src/core/changes/model';
import { productPassStart } from '../src/core/changes/passStart';
import { openRepository } from '../src/core/git/repository';
import { History, ruleSettingsFor } from '../src/core/history/history';
import { loadHistory } from '../src/core/history/historyLoader';
import { DEFAULT_CONFIG } from '../src/core/team';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { repo: { type: 'string' }, runs: { type: 'string' } } });
  if (!values.repo) throw new Error('--repo PATH is required');
  const runs = Number(values.runs ?? 3);
  const repository = await openRepository(values.repo);
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-score-bench-'));
  const settings = ruleSettingsFor(DEFAULT_CONFIG.history, repository.root);
  try {
    const cold = performance.now();
    const first = await loadHistory({ repository, cacheDir });
    const firstHistory = new History(first.data, settings, new Date(), first.classification);
    // Where the product starts the pass (changeRisk.ts): the training years and the 180 days before.
    const from = productPassStart(firstHistory);
    await loadChangeLineData({ repository, history: firstHistory, cacheDir, sourceOnly: true, from });
    console.log(`${repository.root}: cold build (index + history pass, cached) ${((performance.now() - cold) / 1000).toFixed(1)} s`);

    const steps = ['read cached index', 'read cached line data', 'features of every change', 'fit the model at HEAD', 'score one change', 'total'] as const;
    const times = new Map<string, number[]>(steps.map((step) => [step, []]));
    for (let run = 0; run < runs; run++) {
      const spent: number[] = [];
      let started = performance.now();
      const lap = () => {
        const now = performance.now();
        spent.push(now - started);
        started = now;
      };
      const load = await loadHistory({ repository, cacheDir });
      const history = new History(load.data, settings, new Date(), load.classification);
      lap();
      const lines = await loadChangeLineData({ repository, history, cacheDir, sourceOnly: true, from });
      if (lines.source !== 'cache') throw new Error(`the line data was not read from the cache (${lines.source})`);
      lap();
      const features = computeChangeFeatures({ history, lines: lines.data, config: DEFAULT_CONFIG });
      const earliestFix = earliestFixTimes(features, lines.data, history.data.times);
      lap();
      const model = trainChangeModel(features, earliestFix, { cutoff: history.nowSeconds, features: [...FEATURES] });
      lap();
      const head = history.commitCount - 1;
      const { commitFileOffsets, commitFileIds, filePaths, authorNames, authorEmails, authorOfCommit } = history.data;
      const files = Array.from({ length: commitFileOffsets[head + 1]! - commitFileOffsets[head]! }, (_, k) => {
        const at = commitFileOffsets[head]! + k;
        return { path: filePaths[commitFileIds[at]!]!, added: lines.data.added[at]!, deleted: lines.data.deleted[at]! };
      });
      const author = { name: authorNames[authorOfCommit[head]!]!, email: authorEmails[authorOfCommit[head]!]! };
      const raw = prospectiveChangeFeatures(history, features.state, { author, files });
      const score = raw ? scoreChange(model, raw) : undefined;
      lap();
      spent.push(spent.reduce((sum, ms) => sum + ms, 0));
      steps.forEach((step, k) => times.get(step)!.push(spent[k]!));
      if (run === 0) console.log(`${history.commitCount} commits, ${features.commits.length} changes, model trained on ${model.trainedOn.changes}; HEAD's files scored ${score ? score.probability.toFixed(3) : 'not rated'}`);
    }
    console.log(`step | median ms of ${runs} | runs`);
    for (const step of steps) {
      const spent = times.get(step)!;
      console.log(`${step} | ${median(spent).toFixed(0)} | ${spent.map((ms) => ms.toFixed(0)).join(', ')}`);
    }
  } finally {
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

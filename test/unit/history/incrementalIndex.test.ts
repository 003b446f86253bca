import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openRepository } from '../../../src/core/git/repository';
import { classify } from '../../../src/core/history/classification';
import { History, ruleSettingsFor } from '../../../src/core/history/history';
import { mergeShaAt, type HistoryData } from '../../../src/core/history/historyData';
import { cacheWritesSettled, loadHistory } from '../../../src/core/history/historyLoader';
import { DEFAULT_CONFIG } from '../../../src/core/team';
import { prng } from '../../helpers/prng';
import { generate } from '../../helpers/randomHistory';
import { TestRepo } from '../../helpers/testRepo';

const NOW = new Date('2026-01-01T00:00:00Z');

async function index(repo: TestRepo, options: { cacheDir?: string; singleProcess?: boolean } = {}) {
  const repository = await openRepository(repo.root);
  const rules = ruleSettingsFor(DEFAULT_CONFIG.history, repo.root);
  const load = await loadHistory({ repository, classify: (data, previous) => classify(data, rules.classifier, rules.classificationKey, previous), ...options });
  await cacheWritesSettled();
  const history = new History(load.data, rules, NOW, load.classification);
  const stats = Object.fromEntries(history.liveFiles().paths.map((file) => [file, history.stats(file)]));
  return { load, stats };
}

/**
 * The index records every merge of HEAD's history where it stands in the index's order: after each
 * (non-merge) commit it merged, before every commit that has it as an ancestor.
 */
function assertMergesPlaced(repo: TestRepo, data: HistoryData): void {
  const merges = repo.git('rev-list', '--merges', 'HEAD').split('\n').filter(Boolean);
  assert.ok(merges.length >= 3, `the history has merges (${merges.length})`);
  const bytes = data.shaLength / 2;
  const recorded = Array.from(data.mergePositions, (at, k) => ({ sha: mergeShaAt(data, k), at }));
  assert.deepEqual(recorded.map((merge) => merge.sha).sort(), [...merges].sort(), 'every merge, once');
  const position = new Map(Array.from({ length: data.commitCount }, (_, k) => [Buffer.from(data.shas.subarray(k * bytes, (k + 1) * bytes)).toString('hex'), k]));
  for (const { sha, at } of recorded) {
    const merged = repo.git('rev-list', '--no-merges', sha).split('\n').filter(Boolean);
    assert.ok(merged.every((commit) => position.get(commit)! < at), `${sha} comes after what it merged`);
    const later = repo.git('rev-list', '--no-merges', '--ancestry-path', `${sha}..HEAD`).split('\n').filter(Boolean);
    assert.ok(later.every((commit) => position.get(commit)! >= at), `${sha} comes before what was built on it`);
  }
}

describe('incremental index ≡ full index (property)', function () {
  this.timeout(300_000);

  for (const seed of [1, 3]) {
    it(`extends an index cached at random commits to exactly a fresh read of HEAD (seed ${seed})`, async () => {
      const repo = TestRepo.create();
      const random = prng(seed * 7919);
      try {
        const made = generate(repo, seed, 26);
        // A rewrite: main's last commits replaced, so some cached commits are no ancestor of HEAD.
        const before = repo.git('rev-parse', 'HEAD');
        repo.git('reset', '--quiet', '--hard', 'HEAD~2');
        made.push(...generate(repo, seed + 1000, 3, 'rewrite').slice(1));
        const head = repo.git('rev-parse', 'HEAD');
        assert.notEqual(head, before);
        const line = repo.git('rev-list', '--first-parent', 'HEAD').split('\n');
        const full = await index(repo, { singleProcess: true });
        const split = await index(repo);
        assert.deepEqual(split.load.data, full.load.data, 'one git process or two');
        assertMergesPlaced(repo, full.load.data);
        let extended = 0;
        // Mostly commits of HEAD's first-parent line (what a pull leaves cached), some from anywhere.
        const cuts = [...Array.from({ length: 6 }, () => line[1 + Math.floor(random() * (line.length - 1))]!), ...Array.from({ length: 3 }, () => made[Math.floor(random() * made.length)]!)];
        for (const cut of cuts) {
          const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-property-'));
          try {
            repo.git('checkout', '--quiet', '--detach', cut);
            await index(repo, { cacheDir });
            repo.git('checkout', '--quiet', 'main');
            const incremental = await index(repo, { cacheDir });
            if (incremental.load.source === 'incremental') extended++;
            assert.deepEqual(incremental.load.data, full.load.data, `cut at ${cut}`);
            assert.deepEqual(incremental.load.classification, full.load.classification, `cut at ${cut}`);
            assert.deepEqual(incremental.stats, full.stats, `cut at ${cut}`);
          } finally {
            fs.rmSync(cacheDir, { recursive: true, force: true });
          }
        }
        assert.ok(extended >= 4, `${extended} of ${cuts.length} cuts were extended rather than rebuilt`);
      } finally {
        repo.dispose();
      }
    });
  }
});

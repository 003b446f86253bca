import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { computeChangeFeatures } from '../../../src/core/changes/features';
import { FEATURE_COUNT, FEATURE_INDEX } from '../../../src/core/changes/featureSet';
import { RECENT_FIX_SECONDS } from '../../../src/core/changes/lineHistory';
import { DEFAULT_TRAINING_YEARS, YEAR_SECONDS } from '../../../src/core/changes/model';
import { historyPassStart, productPassStart } from '../../../src/core/changes/passStart';
import { DEFAULT_CONFIG } from '../../../src/core/team';
import { alice, bob, carol, TestRepo } from '../../helpers/testRepo';
import { changeLines, generate } from './szzPass';

const RECENT_FIX_FEATURES: number[] = [FEATURE_INDEX.recentFixLines, FEATURE_INDEX.recentFixes];

describe('history pass that starts late (the training years only)', function () {
  this.timeout(300_000);

  it('counts, links and describes every change from its start exactly as the whole-history pass does', async () => {
    const repo = TestRepo.create();
    try {
      // A straight history of 30 steps, 20 days apart: line edits, fixes, reverts, renames, a binary file.
      generate(repo, 3, 30, { branchShare: 0, daysPerStep: 20 });
      const whole = await changeLines(repo, { sourceOnly: true });
      const { history } = whole;
      const config = DEFAULT_CONFIG;
      const wholeFeatures = computeChangeFeatures({ history, lines: whole.loaded.data, config });
      let compared = 0;
      for (const start of [5, Math.floor(history.commitCount / 2), history.commitCount - 4]) {
        const late = await changeLines(repo, { sourceOnly: true, from: start });
        const data = late.loaded.data;
        assert.equal(data.firstCommit, start);
        const { commitFileOffsets } = history.data;
        const before = commitFileOffsets[start]!;
        assert.deepEqual([...data.added.subarray(before)], [...whole.loaded.data.added.subarray(before)], `lines added from commit ${start} on`);
        assert.deepEqual([...data.deleted.subarray(before)], [...whole.loaded.data.deleted.subarray(before)], `lines deleted from commit ${start} on`);
        assert.ok(data.added.subarray(0, before).every((count) => count === 0), 'nothing is known before the start');
        const wholeLinks = whole.links.filter(([inducing]) => history.commitIndex(inducing)! >= start);
        assert.deepEqual(late.links, wholeLinks, `SZZ links of the changes from commit ${start} on`);

        // Features: the same rows from the start on (the recent-fix pair only once its 180 days are read), none before.
        const lateFeatures = computeChangeFeatures({ history, lines: data, config });
        assert.ok(lateFeatures.commits.every((commit) => commit >= start));
        const startTime = history.data.times[start]!;
        lateFeatures.commits.forEach((commit, k) => {
          const j = wholeFeatures.commits.indexOf(commit);
          const lateRow = [...lateFeatures.values.subarray(k * FEATURE_COUNT, (k + 1) * FEATURE_COUNT)];
          const wholeRow = [...wholeFeatures.values.subarray(j * FEATURE_COUNT, (j + 1) * FEATURE_COUNT)];
          if (history.data.times[commit]! < startTime + RECENT_FIX_SECONDS) for (const f of RECENT_FIX_FEATURES) lateRow[f] = wholeRow[f]!;
          assert.deepEqual(lateRow, wholeRow, `features of commit ${commit} (pass from ${start})`);
          compared++;
        });
        // The lines of every file now, untouched since the start or not: what a working change is described against.
        for (const id of history.data.liveFileIds) assert.equal(lateFeatures.state.linesOf(id), wholeFeatures.state.linesOf(id), `lines of ${history.data.filePaths[id]} (pass from ${start})`);
      }
      assert.ok(compared > 20, `${compared} changes compared`);
      assert.ok(whole.links.length > 3, 'the history has fix-inducing changes');
    } finally {
      repo.dispose();
    }
  });

  it('extends a late pass cached at an earlier commit to exactly a fresh late pass, files it never met included', async () => {
    const repo = TestRepo.create();
    try {
      generate(repo, 3, 30, { branchShare: 0, daysPerStep: 20 });
      const fresh = await changeLines(repo, { sourceOnly: true, from: 10 });
      const line = repo.git('rev-list', '--first-parent', 'HEAD').split('\n');
      for (const back of [3, 9]) {
        const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-late-'));
        try {
          repo.git('checkout', '--quiet', '--detach', line[back]!);
          assert.equal((await changeLines(repo, { sourceOnly: true, cacheDir, from: 10 })).loaded.source, 'full');
          repo.git('checkout', '--quiet', 'main');
          const extended = await changeLines(repo, { sourceOnly: true, cacheDir, from: 10 });
          assert.equal(extended.loaded.source, 'incremental', `cached ${back} commits back`);
          assert.deepEqual(extended.loaded.data, fresh.loaded.data, `cached ${back} commits back`);
        } finally {
          fs.rmSync(cacheDir, { recursive: true, force: true });
        }
      }
    } finally {
      repo.dispose();
    }
  });

  it('extending a late pass follows a file it never met from where the start left it', async () => {
    const repo = TestRepo.create();
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-late-'));
    try {
      const body = (lines: string[]) => `class Tax\n${lines.map((line) => `  ${line}\n`).join('')}end\n`;
      const rates = Array.from({ length: 12 }, (_, k) => `rate_${k} = ${k}`);
      repo.commit({ message: 'Add taxes', date: '2024-01-01T10:00:00Z', author: alice, files: { 'app/models/tax.rb': body(rates), 'app/models/cart.rb': body(['a = 1']) } });
      for (let k = 2; k <= 6; k++) repo.commit({ message: `Cart ${k}`, date: `2024-0${k}-01T10:00:00Z`, author: alice, files: { 'app/models/cart.rb': body(Array.from({ length: k }, (_, n) => `a${n} = ${n}`)) } });
      // The pass starts at the fourth commit; tax.rb stands untouched until after the cached pass's last commit.
      assert.equal((await changeLines(repo, { sourceOnly: true, cacheDir, from: 3 })).loaded.source, 'full');
      // Bob's change writes a second line with the text of line 3; Carol's fix then rewrites line 3 itself,
      // written before the start: no one's, so no link — unless the pass lost where line 3 stands.
      const changed = [...rates];
      changed[9] = 'rate_3 = 3';
      const change = repo.commit({ message: 'Rate 9 as rate 3', date: '2024-08-01T10:00:00Z', author: bob, files: { 'app/models/tax.rb': body(changed) } });
      changed[3] = 'rate_3 = 3.5';
      repo.commit({ message: 'Fix rate 3', date: '2024-08-05T10:00:00Z', author: carol, files: { 'app/models/tax.rb': body(changed) } });
      changed[9] = 'rate_9 = 9';
      const fix = repo.commit({ message: 'Fix rate 9', date: '2024-08-09T10:00:00Z', author: carol, files: { 'app/models/tax.rb': body(changed) } });
      const extended = await changeLines(repo, { sourceOnly: true, cacheDir, from: 3 });
      assert.equal(extended.loaded.source, 'incremental');
      assert.deepEqual(extended.links, [[change, fix, 1]], "only the fix of Bob's line is linked to Bob's change");
      const fresh = await changeLines(repo, { sourceOnly: true, from: 3 });
      assert.deepEqual(extended.loaded.data, fresh.loaded.data);
    } finally {
      fs.rmSync(cacheDir, { recursive: true, force: true });
      repo.dispose();
    }
  });

  it('starts where the changes to describe need it: 180 days before them, in the index order', async () => {
    const repo = TestRepo.create();
    try {
      generate(repo, 4, 12, { branchShare: 0, daysPerStep: 30 });
      const { history } = await changeLines(repo, { sourceOnly: true });
      const times = history.data.times;
      const since = times[8]!;
      const start = historyPassStart(history, since);
      assert.ok(times[start]! >= since - RECENT_FIX_SECONDS && (start === 0 || times[start - 1]! < since - RECENT_FIX_SECONDS));
      assert.ok(start > 0 && start < 8, `starts at ${start}`);
      assert.equal(historyPassStart(history, times[0]!), 0, 'a history younger than that is read whole');
      // What shows the change risk: the model's five training years, or earlier when the area rates need it.
      const fiveYears = history.nowSeconds - DEFAULT_TRAINING_YEARS * YEAR_SECONDS;
      assert.equal(productPassStart(history), historyPassStart(history, fiveYears));
      assert.equal(productPassStart(history, since), historyPassStart(history, Math.min(since, fiveYears)));
    } finally {
      repo.dispose();
    }
  });

  it('uses a cached pass that started no later, and never one that started later than asked', async () => {
    const repo = TestRepo.create();
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-late-'));
    try {
      generate(repo, 9, 14, { branchShare: 0, daysPerStep: 20 });
      const late = await changeLines(repo, { sourceOnly: true, cacheDir, from: 8 });
      assert.equal(late.loaded.source, 'full');
      const again = await changeLines(repo, { sourceOnly: true, cacheDir, from: 10 });
      assert.equal(again.loaded.source, 'cache', 'a pass from commit 8 serves one from commit 10');
      assert.deepEqual(again.loaded.data, late.loaded.data, 'read back as written');
      const earlier = await changeLines(repo, { sourceOnly: true, cacheDir, from: 4 });
      assert.equal(earlier.loaded.source, 'full', 'a pass from commit 8 cannot serve one from commit 4');
      assert.equal(earlier.loaded.data.firstCommit, 4);
      const whole = await changeLines(repo, { sourceOnly: true, cacheDir });
      assert.equal(whole.loaded.source, 'full');
      assert.equal(whole.loaded.data.firstCommit, undefined, 'the whole history');
      const served = await changeLines(repo, { sourceOnly: true, cacheDir, from: 6 });
      assert.equal(served.loaded.source, 'cache', 'the whole-history pass serves any start');
      assert.deepEqual(served.loaded.data, whole.loaded.data);
    } finally {
      fs.rmSync(cacheDir, { recursive: true, force: true });
      repo.dispose();
    }
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { prng } from '../../helpers/prng';
import { TestRepo } from '../../helpers/testRepo';
import { changeLines, generate } from './szzPass';

/** `git log --numstat` per commit: its "added/deleted" pairs, sorted (binary files as 0/0). */
function numstat(repo: TestRepo): Map<string, string[]> {
  const counts = new Map<string, string[]>();
  let sha = '';
  for (const line of repo.git('log', '--no-merges', '-M', '--numstat', '--format=@%H').split('\n')) {
    if (line.startsWith('@')) counts.set((sha = line.slice(1)), []);
    else if (line.trim()) {
      const [added, deleted] = line.split('\t');
      counts.get(sha)!.push(added === '-' ? '0/0' : `${added}/${deleted}`);
    }
  }
  for (const pairs of counts.values()) pairs.sort();
  return counts;
}

describe('SZZ history pass: counts, cache and incremental extension', function () {
  this.timeout(300_000);

  it('counts the lines each commit added and deleted per file as git log --numstat does', async () => {
    const repo = TestRepo.create();
    try {
      generate(repo, 5, 12);
      const { history, loaded } = await changeLines(repo);
      const expected = numstat(repo);
      const { commitFileOffsets } = history.data;
      for (let commit = 0; commit < history.commitCount; commit++) {
        const pairs: string[] = [];
        for (let k = commitFileOffsets[commit]!; k < commitFileOffsets[commit + 1]!; k++) pairs.push(`${loaded.data.added[k]}/${loaded.data.deleted[k]}`);
        assert.deepEqual(pairs.sort(), expected.get(history.sha(commit)), `commit ${history.sha(commit)}`);
      }
      assert.ok(loaded.data.inducing.length > 0, 'the generated history has fix-inducing commits');
    } finally {
      repo.dispose();
    }
  });

  for (const seed of [2, 7]) {
    it(`extends a pass cached at earlier commits to exactly a fresh pass (seed ${seed})`, async () => {
      const repo = TestRepo.create();
      try {
        generate(repo, seed, 22);
        const fresh = await changeLines(repo);
        assert.equal(fresh.loaded.source, 'full');
        const split = await changeLines(repo, { parallelThreshold: 4 });
        assert.deepEqual(split.loaded.data, fresh.loaded.data, 'one git process or two');
        const line = repo.git('rev-list', '--first-parent', 'HEAD').split('\n');
        const random = prng(seed);
        for (const cut of Array.from({ length: 4 }, () => line[1 + Math.floor(random() * (line.length - 2))]!)) {
          const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-szz-'));
          try {
            repo.git('checkout', '--quiet', '--detach', cut);
            assert.equal((await changeLines(repo, { cacheDir })).loaded.source, 'full');
            repo.git('checkout', '--quiet', 'main');
            const extended = await changeLines(repo, { cacheDir });
            assert.equal(extended.loaded.source, 'incremental', `cached at ${cut}`);
            assert.deepEqual(extended.loaded.data, fresh.loaded.data, `cached at ${cut}`);
          } finally {
            fs.rmSync(cacheDir, { recursive: true, force: true });
          }
        }
      } finally {
        repo.dispose();
      }
    });
  }

  it('reads a cached pass, discards a damaged one (and says so), and does not reuse one made under other rules', async () => {
    const repo = TestRepo.create();
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-szz-'));
    try {
      generate(repo, 11, 6);
      const first = await changeLines(repo, { cacheDir });
      assert.equal(first.loaded.source, 'full');
      const cached = await changeLines(repo, { cacheDir });
      assert.equal(cached.loaded.source, 'cache');
      assert.deepEqual(cached.loaded.data, first.loaded.data);

      const [folder] = fs.readdirSync(cacheDir);
      const file = path.join(cacheDir, folder!, `${repo.git('rev-parse', 'HEAD')}.changes`);
      const bytes = fs.readFileSync(file);
      bytes[bytes.length - 3]! ^= 0x10;
      fs.writeFileSync(file, bytes);
      const rebuilt = await changeLines(repo, { cacheDir });
      assert.equal(rebuilt.loaded.source, 'full');
      assert.match(rebuilt.loaded.rebuildReason ?? '', /discarded because it is damaged \(checksum mismatch\)/);
      assert.deepEqual(rebuilt.loaded.data, first.loaded.data);

      fs.truncateSync(file, 100);
      const cut = await changeLines(repo, { cacheDir });
      assert.match(cut.loaded.rebuildReason ?? '', /damaged/);
      assert.equal((await changeLines(repo, { cacheDir })).loaded.source, 'cache', 'rewritten after the rebuild');

      const otherRules = await changeLines(repo, { cacheDir, bulkCommitFiles: 1 });
      assert.equal(otherRules.loaded.source, 'full', 'a pass made under another bulk size is not reused');
    } finally {
      fs.rmSync(cacheDir, { recursive: true, force: true });
      repo.dispose();
    }
  });
});

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ChangeRiskEngine } from '../../../src/core/engine';
import { ensureCacheFolder } from '../../../src/core/git/repository';
import { cacheWritesSettled } from '../../../src/core/history/historyLoader';
import { fileRiskJson } from '../../../src/core/reportJson';
import { runChangeRisk } from '../../helpers/cli';
import { bob, carol, lines, TestRepo } from '../../helpers/testRepo';

const NOW = new Date('2026-01-01T00:00:00Z');
const BIN = path.resolve(__dirname, '../../../src/cli/bin.ts');

/** A small history with fixes, a rename, a deletion and a merge: enough for every section of the index to hold something. */
function buildRepo(): TestRepo {
  const repo = TestRepo.create();
  repo.commit({ message: 'Add billing and search', date: '2024-01-01T10:00:00Z', files: { 'app/billing.rb': lines(40), 'app/search.rb': lines(12), 'app/old.rb': '1\n' } });
  repo.commit({ message: 'Fix rounding (INC-1)', date: '2024-02-01T10:00:00Z', author: bob, files: { 'app/billing.rb': lines(40, 'fixed') } });
  repo.git('checkout', '--quiet', '-b', 'feature');
  repo.commit({ message: 'Fix search paging', date: '2024-03-01T10:00:00Z', author: carol, files: { 'app/search.rb': lines(14) } });
  repo.git('checkout', '--quiet', 'main');
  repo.commit({ message: 'Move billing', date: '2024-04-01T10:00:00Z', renames: { 'app/billing.rb': 'lib/billing.rb' }, files: { 'app/old.rb': null } });
  repo.merge('feature', '2024-05-01T10:00:00Z');
  repo.commit({ message: 'Hotfix billing again', date: '2024-06-01T10:00:00Z', author: bob, files: { 'lib/billing.rb': lines(41, 'fixed') } });
  return repo;
}

function cacheFile(cacheDir: string, suffix: string): string {
  const [folder] = fs.readdirSync(cacheDir);
  const name = fs.readdirSync(path.join(cacheDir, folder!)).find((file) => file.endsWith(suffix));
  assert.ok(name, `a ${suffix} file in the cache`);
  return path.join(cacheDir, folder!, name);
}

/** Everything a user is shown about every rated file. */
async function open(repo: TestRepo, cacheDir?: string) {
  const engine = await ChangeRiskEngine.open({ folder: repo.root, now: NOW, ...(cacheDir ? { cacheDir } : {}) });
  await cacheWritesSettled();
  return { files: engine.risk.hotspots(1000).map(fileRiskJson), warnings: engine.warnings, source: engine.load.source, sizes: engine.sizes.source };
}

describe('cache integrity', function () {
  this.timeout(180_000);
  let repo: TestRepo;
  let cacheDir: string;
  let fresh: Awaited<ReturnType<typeof open>>;

  before(async () => {
    repo = buildRepo();
    fresh = await open(repo);
    assert.ok(fresh.files.some((file) => file.stats.fixCommits > 0), 'the history has scores a flipped bit could change');
  });
  after(() => repo.dispose());
  beforeEach(() => (cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-integrity-'))));
  afterEach(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

  for (const [suffix, every] of [
    ['.index', 29],
    ['.sizes', 7],
  ] as const) {
    it(`never uses a ${suffix} cache file with one flipped bit, at every ${every}th byte: same results as a fresh run, said once, never a crash`, async () => {
      await open(repo, cacheDir);
      const file = cacheFile(cacheDir, suffix);
      const intact = fs.readFileSync(file);
      let flips = 0;
      for (let at = 0; at < intact.length; at += every) {
        const damaged = Buffer.from(intact);
        damaged[at]! ^= 1 << (at % 8);
        fs.writeFileSync(file, damaged);
        const run = await open(repo, cacheDir);
        assert.deepEqual(run.files, fresh.files, `byte ${at}`);
        const said = run.warnings.filter((warning) => warning.includes(`${file} was discarded because`));
        assert.equal(said.length, 1, `byte ${at}: ${run.warnings.join(' | ')}`);
        assert.match(said[0]!, /because it (is damaged|was written by another version)/);
        if (flips++ === 0) {
          // Discarded and rebuilt: the next run reads the rebuilt cache and has nothing to say.
          const next = await open(repo, cacheDir);
          assert.deepEqual(next.warnings, []);
          assert.equal(suffix === '.index' ? next.source : next.sizes, 'cache');
          assert.deepEqual(fs.readFileSync(file), intact);
        }
      }
      assert.ok(flips >= 10, `${flips} positions tried`);
    });
  }

  it('discards a cut-short, empty, foreign-format or other-commit index file with the reason, and rebuilds', async () => {
    await open(repo, cacheDir);
    const file = cacheFile(cacheDir, '.index');
    const intact = fs.readFileSync(file);
    const otherFormat = Buffer.from(intact);
    otherFormat.writeUInt32LE(otherFormat.readUInt32LE(4) + 1, 4);
    // Another commit's index under this commit's name: the header says which commit it indexed.
    const parentHead = repo.git('rev-parse', 'HEAD~1');
    repo.git('checkout', '--quiet', parentHead);
    const parentCache = fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-integrity-'));
    await open(repo, parentCache);
    const otherCommit = fs.readFileSync(cacheFile(parentCache, '.index'));
    fs.rmSync(parentCache, { recursive: true, force: true });
    repo.git('checkout', '--quiet', 'main');
    const cases: Array<[Buffer, RegExp]> = [
      [intact.subarray(0, intact.length - 3), /damaged \(cut short\)/],
      [intact.subarray(0, 20), /damaged \(cut short\)/],
      [Buffer.alloc(0), /damaged \(empty file\)/],
      [Buffer.concat([intact, Buffer.from('x')]), /damaged \(unexpected bytes at the end\)/],
      [otherFormat, /written by another version of Change Risk/],
      [otherCommit, new RegExp(`index of another commit \\(${parentHead.slice(0, 12)}\\)`)],
    ];
    for (const [bytes, reason] of cases) {
      fs.writeFileSync(file, bytes);
      const run = await open(repo, cacheDir);
      assert.deepEqual(run.files, fresh.files);
      assert.equal(run.source, 'full');
      assert.match(run.warnings.join('\n'), reason);
      assert.deepEqual(fs.readFileSync(file), intact);
    }
  });

  it('reports a damaged index on stderr once and prints what a fresh run prints', () => {
    const args = ['hotspots', '--now', '2026-01-01'];
    const first = runChangeRisk(repo.root, ...args);
    assert.equal(first.status, 0, first.stderr);
    const fresh = runChangeRisk(repo.root, ...args, '--no-cache');
    const file = cacheFile(`${repo.root}-cache`, '.index');
    try {
      const bytes = fs.readFileSync(file);
      bytes[bytes.length - 1]! ^= 0x10;
      fs.writeFileSync(file, bytes);
      const damaged = runChangeRisk(repo.root, ...args);
      assert.equal(damaged.status, 0, damaged.stderr);
      assert.equal(damaged.stdout, fresh.stdout);
      assert.equal(damaged.stderr, `warning: The history index was rebuilt: the cache file ${file} was discarded because it is damaged (checksum mismatch).\n`);
      const after = runChangeRisk(repo.root, ...args);
      assert.equal(after.stderr, '');
      assert.equal(after.stdout, fresh.stdout);
    } finally {
      fs.rmSync(`${repo.root}-cache`, { recursive: true, force: true });
    }
  });

  it('runs without a cache, saying so once, when the cache folder cannot be created (under /proc Node would retry forever)', function () {
    if (process.platform !== 'linux') this.skip();
    for (const cacheDir of ['/proc/self/x', '/dev/null/cache']) {
      const run = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), BIN, 'hotspots', '--now', '2026-01-01'], {
        cwd: repo.root,
        encoding: 'utf8',
        env: { ...process.env, CHANGE_RISK_CACHE_DIR: cacheDir, NO_COLOR: '1' },
        // A hang is a failure, not a test that never ends.
        timeout: 60_000,
      });
      assert.equal(run.signal, null, `${cacheDir}: the CLI did not finish`);
      assert.equal(run.status, 0, run.stderr);
      const said = run.stderr.split('\n').filter(Boolean);
      assert.equal(said.length, 1, run.stderr);
      assert.match(said[0]!, new RegExp(`^warning: No cache: the cache folder ${cacheDir}/[^ ]+ cannot be created \\(.+\\): running without a cache\\.$`));
      assert.ok(run.stdout.length > 0);
    }
  });

  it('creates a cache folder a level at a time, once, and fails fast where it cannot', () => {
    const nested = path.join(cacheDir, 'a', 'b', 'c');
    ensureCacheFolder(nested);
    ensureCacheFolder(nested);
    assert.ok(fs.statSync(nested).isDirectory());
    fs.writeFileSync(path.join(cacheDir, 'file'), '');
    assert.throws(() => ensureCacheFolder(path.join(cacheDir, 'file', 'x')), /ENOTDIR/);
    assert.throws(() => ensureCacheFolder(path.join(cacheDir, 'file')), /is not a folder/);
    if (process.platform === 'linux') assert.throws(() => ensureCacheFolder('/proc/self/x/y'), /ENOENT/);
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runBacktest, type BacktestReport } from '../../../src/core/backtest/backtest';
import { readWithSnapshots } from '../../../src/core/backtest/pastSnapshots';
import { replaySnapshots } from '../../../src/core/backtest/replayFromIndex';
import { ChangeRiskEngine } from '../../../src/core/engine';
import { openRepository, repositoryCacheFolder } from '../../../src/core/git/repository';
import { PathEvent, type HistoryData } from '../../../src/core/history/historyData';
import { cacheWritesSettled, loadHistory } from '../../../src/core/history/historyLoader';
import { DamagedCacheFileError, INDEX_FORMAT, readIndexFile, writeIndexFile } from '../../../src/core/history/indexFile';
import { generate } from '../../helpers/randomHistory';
import { alice, bob, lines, TestRepo } from '../../helpers/testRepo';
import { buildRepo } from './knownFuture';

const renamedAlice = { name: 'Alice Archer-Smith', email: alice.email };

/**
 * A generated history (renames, deletes, copies, reverts, branches merged late), then what the
 * backtest reads besides: a path deleted and added again, an author who changed her name, a bulk
 * commit, a revision in `.git-blame-ignore-revs`, fixes and a ledger incident.
 */
function buildHistory(seed: number): TestRepo {
  const repo = TestRepo.create('change-risk-replay-');
  generate(repo, seed, 30);
  const date = (month: number, day = 1) => `2020-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T10:00:00Z`;
  repo.commit({ message: 'Add again', date: date(3), files: { 'app/again.rb': lines(5) } });
  repo.commit({ message: 'Drop again', date: date(3, 2), files: { 'app/again.rb': null } });
  repo.commit({ message: 'Fix: bring again back', date: date(3, 3), author: renamedAlice, files: { 'app/again.rb': lines(7) } });
  const bulk: Record<string, string> = {};
  for (let k = 0; k < 60; k++) bulk[`gen/file${k}.rb`] = lines(3);
  repo.commit({ message: 'Fix generated files', date: date(3, 4), files: bulk });
  const ignored = repo.commit({ message: 'Fix formatting', date: date(3, 5), author: bob, files: { 'app/again.rb': lines(8) } });
  repo.commit({
    message: 'Ignore the formatting; ledger',
    date: date(3, 6),
    author: renamedAlice,
    files: {
      '.git-blame-ignore-revs': `${ignored}\n`,
      '.changerisk/incidents/INC-1.md': '---\nid: INC-1\ntitle: Outage\ndate: 2020-02-10\nkind: incident\nseverity: high\naffected: [app/again.rb]\n---\nWhat happened.\n',
    },
  });
  return repo;
}

/** The report without what differs between two runs of the same backtest (time, and where the history came from). */
function comparable(report: BacktestReport): Omit<BacktestReport, 'timings' | 'historySource'> {
  const { timings: _timings, historySource: _source, ...rest } = report;
  return rest;
}

/** Cutoffs at every commit's author time and half a day after, in order (as the backtest passes them): every snapshot a backtest can take. */
function everyCutoff(data: HistoryData): Date[] {
  const times = [...new Set(data.times)];
  return [...new Set(times.flatMap((time) => [time * 1000, time * 1000 + 43_200_000]))].sort((a, b) => a - b).map((ms) => new Date(ms));
}

describe('backtest replayed from the history index', function () {
  this.timeout(300_000);
  const repos: TestRepo[] = [];
  const tempDirs: string[] = [];
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-replay-cache-'));
    tempDirs.push(dir);
    return dir;
  };
  after(() => {
    for (const repo of repos) repo.dispose();
    for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const seed of [2, 5]) {
    it(`passes through every state a read from git passes through, from memory and from the cache file (seed ${seed})`, async () => {
      const repo = buildHistory(seed);
      repos.push(repo);
      const repository = await openRepository(repo.root);
      const fresh = await loadHistory({ repository });
      assert.ok(fresh.data.authorRenames.length > 0, 'an author changed her name');
      assert.ok(fresh.data.pathEvents.some((event) => (event & 3) === PathEvent.renamed), 'files were renamed');
      const cutoffs = everyCutoff(fresh.data);
      const fromGit = await readWithSnapshots(repository, cutoffs, undefined, undefined);
      assert.deepEqual(await replaySnapshots(fresh.data, cutoffs), fromGit);

      const cacheDir = tempDir();
      await loadHistory({ repository, cacheDir });
      await cacheWritesSettled();
      const cached = await loadHistory({ repository, cacheDir });
      assert.equal(cached.source, 'cache');
      assert.deepEqual(await replaySnapshots(cached.data, cutoffs), fromGit);
    });

    it(`gives the report a read from git gives, fix and trouble classification, ranked files and metrics alike (seed ${seed})`, async () => {
      const repo = buildHistory(seed);
      repos.push(repo);
      const engine = await ChangeRiskEngine.open({ folder: repo.root, cacheDir: tempDir() });
      const options = { cutoffs: [new Date('2020-01-20T00:00:00Z'), new Date('2020-02-05T00:00:00Z')], windowMonths: 1, topShare: 0.2 };
      const fromGit = await runBacktest({ folder: repo.root, ...options });
      const fromIndex = await runBacktest({ engine, ...options });
      assert.deepEqual(fromGit.historySource, { from: 'git' });
      assert.deepEqual(fromIndex.historySource, { from: 'index' });
      assert.ok(fromGit.cutoffs.some((result) => result.evaluated && result.truth > 0), 'a cutoff with fixed files');
      assert.deepEqual(comparable(fromIndex), comparable(fromGit));
    });
  }

  it('gives the report a read from git gives on the known-future history (renames before and after the cutoff, ledger incidents)', async () => {
    const repo = buildRepo();
    repos.push(repo);
    const engine = await ChangeRiskEngine.open({ folder: repo.root, cacheDir: tempDir() });
    const options = { cutoffs: [new Date('2025-01-01T00:00:00Z')], windowMonths: 6, topShare: 0.25 };
    const fromIndex = await runBacktest({ engine, ...options });
    assert.equal(fromIndex.historySource.from, 'index');
    assert.equal(fromIndex.cutoffs[0]!.truth, 5);
    assert.deepEqual(comparable(fromIndex), comparable(await runBacktest({ folder: repo.root, ...options })));
  });

  describe('a cache that cannot be trusted', () => {
    let repo: TestRepo;
    let fresh: HistoryData;
    before(async () => {
      repo = buildHistory(7);
      repos.push(repo);
      fresh = (await loadHistory({ repository: await openRepository(repo.root) })).data;
    });

    it('reads an index cached by an earlier format afresh: it has no path events to replay', async () => {
      const cacheDir = tempDir();
      await ChangeRiskEngine.open({ folder: repo.root, cacheDir });
      await cacheWritesSettled();
      const file = path.join(repositoryCacheFolder(cacheDir, await openRepository(repo.root)), `${fresh.head}.index`);
      const bytes = fs.readFileSync(file);
      assert.equal(bytes.readUInt32LE(4), INDEX_FORMAT);
      bytes.writeUInt32LE(INDEX_FORMAT - 1, 4);
      fs.writeFileSync(file, bytes);
      assert.equal(readIndexFile(file), undefined);
      const engine = await ChangeRiskEngine.open({ folder: repo.root, cacheDir });
      assert.equal(engine.load.source, 'full');
      assert.match(engine.load.rebuildReason ?? '', /another version/);
      assert.equal((await runBacktest({ engine, cutoffs: [new Date('2020-02-01T00:00:00Z')], windowMonths: 1 })).historySource.from, 'index');
    });

    it('refuses a cache file whose path events do not hold together (a rename without its target)', () => {
      const file = path.join(tempDir(), 'index');
      const renamed = fresh.pathEvents.findIndex((event) => (event & 3) === PathEvent.renamed);
      const pathEvents = fresh.pathEvents.slice();
      pathEvents[renamed] = (pathEvents[renamed]! & ~3) | PathEvent.retired;
      writeIndexFile(file, { data: { ...fresh, formerPaths: fresh.formerPaths, renamedAway: fresh.renamedAway, pathEvents } });
      assert.throws(() => readIndexFile(file), (error: unknown) => error instanceof DamagedCacheFileError && error.reason === 'inconsistent sections');
    });

    it('reads git instead, and says so, when the cached events do not replay to the index', async () => {
      const cacheDir = tempDir();
      await ChangeRiskEngine.open({ folder: repo.root, cacheDir });
      await cacheWritesSettled();
      const file = path.join(repositoryCacheFolder(cacheDir, await openRepository(repo.root)), `${fresh.head}.index`);
      const stored = readIndexFile(file)!;
      // Held together, but wrong: a retirement moved to another file.
      const retired = stored.data.pathEvents.findIndex((event) => (event & 3) === PathEvent.retired);
      const pathEvents = stored.data.pathEvents.slice();
      pathEvents[retired] = (((pathEvents[retired]! >>> 2) + 1) % stored.data.filePaths.length) * 4 + PathEvent.retired;
      writeIndexFile(file, { ...stored, data: { ...stored.data, formerPaths: stored.data.formerPaths, renamedAway: stored.data.renamedAway, pathEvents } });
      const engine = await ChangeRiskEngine.open({ folder: repo.root, cacheDir });
      assert.equal(engine.load.source, 'cache');
      const options = { cutoffs: [new Date('2020-02-01T00:00:00Z')], windowMonths: 1 };
      const report = await runBacktest({ engine, ...options });
      assert.equal(report.historySource.from, 'git');
      assert.match(report.warnings[0] ?? '', /could not be replayed .*read from git instead/);
      const fromGit = await runBacktest({ folder: repo.root, ...options });
      assert.deepEqual({ ...comparable(report), warnings: report.warnings.slice(1) }, comparable(fromGit));
    });
  });
});

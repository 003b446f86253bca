import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { CancelledError } from '../../../src/core/git/gitProcess';
import { openRepository } from '../../../src/core/git/repository';
import { blameRiskRanges } from '../../../src/core/history/blameRanges';
import { classify, judgeMessage } from '../../../src/core/history/classification';
import { History, ruleSettingsFor } from '../../../src/core/history/history';
import { HistoryBuilder } from '../../../src/core/history/historyIndex';
import type { HistoryData } from '../../../src/core/history/historyData';
import { cacheWritesSettled, loadHistory, type LoadedHistory } from '../../../src/core/history/historyLoader';
import { readIndexFile, writeIndexFile } from '../../../src/core/history/indexFile';
import type { FileChange, LogInputs } from '../../../src/core/history/logStream';
import { DEFAULT_CONFIG } from '../../../src/core/team';
import { alice, bob, carol, lines, TestRepo } from '../../helpers/testRepo';

const NOW = new Date('2026-01-01T00:00:00Z');

/** A complete clone without a .mailmap. */
const PLAIN_LOG: LogInputs = { shallowBoundary: '', mailmap: '' };

async function indexRepo(repo: TestRepo, options: { cacheDir?: string; singleProcess?: boolean; now?: Date } = {}) {
  const repository = await openRepository(repo.root);
  const rules = ruleSettingsFor(DEFAULT_CONFIG.history, repo.root);
  const load = await loadHistory({ repository, classify: (data, previous) => classify(data, rules.classifier, rules.classificationKey, previous), ...options });
  const history = new History(load.data, ruleSettingsFor(DEFAULT_CONFIG.history, repo.root), options.now ?? NOW);
  return { repository, load, history };
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-cache-'));
}

function cacheFiles(cacheDir: string): string[] {
  return fs.readdirSync(cacheDir).flatMap((folder) => fs.readdirSync(path.join(cacheDir, folder)).map((name) => path.join(cacheDir, folder, name)));
}

describe('history index', () => {
  let repo: TestRepo;
  beforeEach(() => (repo = TestRepo.create()));
  afterEach(() => repo.dispose());

  it('follows a file through renames and keeps its whole history', async () => {
    repo.commit({ message: 'Add invoice', date: '2020-01-01T10:00:00Z', files: { 'app/invoice.rb': 'v1\n' } });
    repo.commit({ message: 'Fix rounding', date: '2020-02-01T10:00:00Z', files: { 'app/invoice.rb': 'v2\n' } });
    repo.commit({ message: 'Move to billing', date: '2021-01-01T10:00:00Z', renames: { 'app/invoice.rb': 'app/billing/invoice.rb' } });
    repo.commit({ message: 'Rename again', date: '2022-01-01T10:00:00Z', renames: { 'app/billing/invoice.rb': 'packs/billing/invoice.rb' } });
    repo.commit({ message: 'Tweak', date: '2022-02-01T10:00:00Z', files: { 'packs/billing/invoice.rb': 'v3\n' } });

    const { history } = await indexRepo(repo);
    assert.deepEqual(history.liveFiles().paths, ['packs/billing/invoice.rb']);
    const stats = history.stats('packs/billing/invoice.rb')!;
    assert.equal(stats.commits, 5);
    assert.equal(stats.fixCommits, 1);
    assert.deepEqual(stats.formerPaths, ['app/invoice.rb', 'app/billing/invoice.rb']);
    assert.equal(stats.firstChange, Date.parse('2020-01-01T10:00:00Z') / 1000);
    assert.equal(history.stats('app/invoice.rb'), undefined);
  });

  it('follows paths with spaces and non-ASCII characters', async () => {
    repo.commit({ message: 'Add notes', date: '2020-01-01T10:00:00Z', files: { 'docs/Ünïcödé file.md': 'a\n' } });
    repo.commit({ message: 'Fix notes', date: '2020-01-02T10:00:00Z', files: { 'docs/Ünïcödé file.md': 'b\n' } });
    repo.commit({ message: 'Move', date: '2020-01-03T10:00:00Z', renames: { 'docs/Ünïcödé file.md': 'docs/neue Datei ß.md' } });
    const { history } = await indexRepo(repo);
    const stats = history.stats('docs/neue Datei ß.md')!;
    assert.equal(stats.commits, 3);
    assert.equal(stats.fixCommits, 1);
    assert.deepEqual(stats.formerPaths, ['docs/Ünïcödé file.md']);
  });

  it('keeps a newline that starts a file name', async () => {
    repo.commit({ message: 'Add', date: '2020-01-01T10:00:00Z', files: { '\nlead.rb': 'a\n', 'plain.rb': 'a\n' } });
    repo.commit({ message: 'Move', date: '2020-01-02T10:00:00Z', renames: { '\nlead.rb': '\nmoved.rb' } });
    const { history } = await indexRepo(repo);
    assert.deepEqual(history.liveFiles().paths, ['\nmoved.rb', 'plain.rb']);
    assert.deepEqual(history.stats('\nmoved.rb')!.formerPaths, ['\nlead.rb']);
    assert.equal(history.stats('\nmoved.rb')!.commits, 2);
  });

  it('counts branch commits once and never the merge commit', async () => {
    repo.commit({ message: 'Start', date: '2020-01-01T10:00:00Z', files: { 'a.rb': '1\n', 'b.rb': '1\n' } });
    repo.git('checkout', '--quiet', '-b', 'feature');
    repo.commit({ message: 'Feature work', date: '2020-01-02T10:00:00Z', author: bob, files: { 'a.rb': '2\n' } });
    repo.commit({ message: 'Fix feature', date: '2020-01-03T10:00:00Z', author: bob, files: { 'a.rb': '3\n' } });
    repo.git('checkout', '--quiet', 'main');
    repo.commit({ message: 'Main work', date: '2020-01-04T10:00:00Z', files: { 'b.rb': '2\n' } });
    repo.merge('feature', '2020-01-05T10:00:00Z');

    const { history } = await indexRepo(repo);
    assert.equal(history.commitCount, 4);
    assert.equal(history.stats('a.rb')!.commits, 3);
    assert.equal(history.stats('a.rb')!.fixCommits, 1);
    assert.equal(history.stats('b.rb')!.commits, 2);
    assert.deepEqual(history.stats('a.rb')!.authors.map((a) => [a.name, a.commits]), [[bob.name, 2], [alice.name, 1]]);
  });

  it('judges each commit as git hands it over exactly as a judgement after the read would (verdicts land on their own commits)', async () => {
    // Branches with dates out of order: the commits reach the index in another order than git lists them.
    repo.commit({ message: 'Start', date: '2020-01-01T10:00:00Z', files: { 'a.rb': '1\n', 'b.rb': '1\n' } });
    repo.git('checkout', '--quiet', '-b', 'feature');
    repo.commit({ message: 'Fix INC-7 on the feature', date: '2020-01-09T10:00:00Z', author: bob, files: { 'a.rb': '2\n' } });
    const late = repo.commit({ message: 'Feature work', date: '2020-01-02T10:00:00Z', author: bob, files: { 'c.rb': '1\n' } });
    repo.git('checkout', '--quiet', 'main');
    repo.commit({ message: 'Main work for INC-8', date: '2020-01-03T10:00:00Z', files: { 'b.rb': '2\n' } });
    repo.merge('feature', '2020-01-10T10:00:00Z');
    repo.revert(late, '2020-01-11T10:00:00Z');
    repo.commit({ message: 'Tidy', date: '2020-01-12T10:00:00Z', files: { 'b.rb': '3\n' } });
    repo.commit({ message: 'Revert "Tidy"', date: '2020-01-13T10:00:00Z', files: { 'b.rb': '2\n' } });

    const repository = await openRepository(repo.root);
    const rules = ruleSettingsFor(DEFAULT_CONFIG.history, repo.root);
    const classifyWith = (data: HistoryData, previous: Parameters<typeof classify>[3], judged?: Parameters<typeof classify>[4]) =>
      classify(data, rules.classifier, rules.classificationKey, previous, judged);
    const afterwards = await loadHistory({ repository, classify: classifyWith });
    for (const singleProcess of [false, true]) {
      const judged = await loadHistory({ repository, classify: classifyWith, judgeMessage: (message) => judgeMessage(rules.classifier, message), singleProcess });
      assert.deepEqual(judged.classification, afterwards.classification);
    }
    const classification = afterwards.classification!;
    const subjects = Array.from({ length: afterwards.data.commitCount }, (_, i) =>
      Buffer.from(afterwards.data.messages.subarray(afterwards.data.messageOffsets[i], afterwards.data.messageOffsets[i + 1])).toString('utf8').split('\n')[0],
    );
    assert.deepEqual(subjects.filter((_, i) => classification.fix[i] === 1).sort(), ['Fix INC-7 on the feature', 'Revert "Feature work"', 'Revert "Tidy"']);
    assert.deepEqual([...classification.incidentIds].sort(), ['INC-7', 'INC-8']);
    assert.equal(classification.reverts.length, 4);
  });

  it('keeps changes made on a branch to a path that main renamed meanwhile', async () => {
    repo.commit({ message: 'Start', date: '2020-01-01T10:00:00Z', files: { 'old.rb': lines(10) } });
    repo.git('checkout', '--quiet', '-b', 'feature');
    repo.commit({ message: 'Fix on the old path', date: '2020-01-03T10:00:00Z', files: { 'old.rb': lines(10).replace('line 9', 'fixed 9') } });
    repo.git('checkout', '--quiet', 'main');
    repo.commit({ message: 'Rename', date: '2020-01-02T10:00:00Z', renames: { 'old.rb': 'new.rb' } });
    repo.merge('feature', '2020-01-04T10:00:00Z');

    const { history } = await indexRepo(repo);
    assert.deepEqual(history.liveFiles().paths, ['new.rb']);
    assert.equal(history.stats('new.rb')!.commits, 3);
    assert.equal(history.stats('new.rb')!.fixCommits, 1);
  });

  it('recognises fix commits by word start, not inside words, and leaves out typo and lint commits', async () => {
    const messages = [
      ['Fix crash on empty cart', true],
      ['fix(billing): currency', true],
      ['Hotfix for login', true],
      ['Add fixture for invoices', false],
      ['Add prefix to cache keys', false],
      ['debug logging', false],
      ['Fix typo in README', false],
      ['Revert "Add caching"', true],
    ] as const;
    messages.forEach(([message], i) =>
      repo.commit({ message, date: `2020-01-${String(i + 1).padStart(2, '0')}T10:00:00Z`, files: { 'f.rb': `${i}\n` } }),
    );
    const { history } = await indexRepo(repo);
    const record = history.record('f.rb')!;
    assert.deepEqual(
      Array.from(record.commits, (index) => history.isFixCommit(index)),
      messages.map(([, fix]) => fix),
    );
  });

  it('leaves bulk commits and ignored revisions out of scores and coupling, but still follows their renames', async () => {
    const many = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`lib/file${i}.rb`, `${i}\n`]));
    repo.commit({ message: 'Vendor everything', date: '2020-01-01T10:00:00Z', files: { ...many, 'app/a.rb': '1\n' } });
    repo.commit({ message: 'Fix a', date: '2020-01-02T10:00:00Z', files: { 'app/a.rb': '2\n' } });
    const reformat = repo.commit({ message: 'Fix formatting everywhere', date: '2020-01-03T10:00:00Z', files: { 'app/a.rb': '2 \n', 'app/b.rb': 'x\n' } });
    repo.commit({ message: 'Bulk move', date: '2020-01-04T10:00:00Z', renames: Object.fromEntries(Object.keys(many).map((f) => [f, f.replace('lib/', 'src/')])) });
    repo.commit({ message: 'Ignore the reformat', date: '2020-01-05T10:00:00Z', files: { '.git-blame-ignore-revs': `# reformat\n${reformat}\n` } });

    const { history } = await indexRepo(repo);
    assert.equal(history.stats('app/a.rb')!.commits, 1, 'only "Fix a" counts: the bulk commit and the ignored revision do not');
    assert.equal(history.stats('app/a.rb')!.fixCommits, 1);
    assert.equal(history.stats('src/file0.rb')!.commits, 0);
    assert.deepEqual(history.stats('src/file0.rb')!.formerPaths, ['lib/file0.rb']);
  });

  it('computes the time-weighted fix score over the history up to now', async () => {
    repo.commit({ message: 'Start', date: '2020-01-01T00:00:00Z', files: { 'a.rb': '1\n' } });
    repo.commit({ message: 'Fix one', date: '2023-01-01T00:00:00Z', files: { 'a.rb': '2\n' } });
    repo.commit({ message: 'Fix two', date: '2025-07-01T00:00:00Z', files: { 'a.rb': '3\n' } });
    const { history } = await indexRepo(repo);
    const first = Date.parse('2020-01-01T00:00:00Z') / 1000;
    const now = NOW.getTime() / 1000;
    const weight = (iso: string) => 1 / (1 + Math.exp(-12 * ((Date.parse(iso) / 1000 - first) / (now - first)) + 12));
    const expected = weight('2023-01-01T00:00:00Z') + weight('2025-07-01T00:00:00Z');
    assert.ok(Math.abs(history.stats('a.rb')!.fixScore - expected) < 1e-9);
    assert.ok(expected > 0.26 && expected < 0.28, `the 2025 fix weighs about 0.27, the 2023 one almost nothing: ${expected}`);
  });

  it('reports authors who are still active and the main author share', async () => {
    repo.commit({ message: 'Old work', date: '2019-01-01T10:00:00Z', author: carol, files: { 'a.rb': '1\n' } });
    repo.commit({ message: 'Old work 2', date: '2019-02-01T10:00:00Z', author: carol, files: { 'a.rb': '2\n' } });
    repo.commit({ message: 'Old work 3', date: '2019-03-01T10:00:00Z', author: carol, files: { 'a.rb': '3\n' } });
    repo.commit({ message: 'Recent elsewhere', date: '2025-12-01T10:00:00Z', author: bob, files: { 'b.rb': '1\n' } });
    repo.commit({ message: 'Touch a', date: '2019-04-01T10:00:00Z', author: bob, files: { 'a.rb': '4\n' } });
    const { history } = await indexRepo(repo);
    const stats = history.stats('a.rb')!;
    assert.equal(stats.mainAuthor!.name, carol.name);
    assert.equal(stats.mainAuthorShare, 0.75);
    assert.equal(stats.mainAuthor!.active, false);
    assert.equal(stats.activeAuthors, 1, 'Bob committed elsewhere last month, so he is still active');
  });

  it('finds files that usually change together, with the coupling degree', async () => {
    for (let i = 0; i < 6; i++) repo.commit({ message: `Pair ${i}`, date: `2020-01-0${i + 1}T10:00:00Z`, files: { 'a.rb': `${i}\n`, 'b.rb': `${i}\n` } });
    for (let i = 0; i < 2; i++) repo.commit({ message: `Solo ${i}`, date: `2020-02-0${i + 1}T10:00:00Z`, files: { 'a.rb': `solo ${i}\n` } });
    for (let i = 0; i < 4; i++) repo.commit({ message: `Rare ${i}`, date: `2020-03-0${i + 1}T10:00:00Z`, files: { 'a.rb': `r${i}\n`, 'c.rb': `${i}\n` } });
    const { history } = await indexRepo(repo);
    const settings = { minCommits: 5, minSharedCommits: 5, minDegree: 30 };
    // a: 12 commits, b: 6, shared 6 → 6 / 9 = 67 %; c shares only 4 (< 5).
    assert.deepEqual(history.coChanges('a.rb', settings), [{ path: 'b.rb', sharedCommits: 6, degree: 67 }]);
    assert.deepEqual(history.coChanges('b.rb', settings), [{ path: 'a.rb', sharedCommits: 6, degree: 67 }]);
  });

  it('reads the history identically with one git process or two', async () => {
    const paths = ['a.rb', 'b.rb', 'c.rb', 'd.rb'];
    for (let i = 0; i < 40; i++) {
      const day = String((i % 28) + 1).padStart(2, '0');
      const files = { [paths[i % 4]!]: `${i}\n`, [paths[(i * 3) % 4]!]: `${i}x\n` };
      repo.commit({ message: i % 5 === 0 ? `Fix ${i}` : `Work ${i}`, date: `202${Math.floor(i / 12)}-0${(i % 9) + 1}-${day}T10:00:00Z`, files, ...(i === 20 ? { renames: { 'd.rb': 'e.rb' } } : {}) });
      if (i === 20) paths[3] = 'e.rb';
    }
    const single = await indexRepo(repo, { singleProcess: true });
    const split = await indexRepo(repo);
    assert.deepEqual(split.history.liveFiles().paths, single.history.liveFiles().paths);
    for (const file of single.history.liveFiles().paths) assert.deepEqual(split.history.stats(file), single.history.stats(file), file);
  });

  describe('cache', () => {
    let cacheDir: string;
    beforeEach(() => (cacheDir = tempDir()));
    afterEach(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

    const expectSource = (load: LoadedHistory, source: LoadedHistory['source'], commitsRead: number) => {
      assert.equal(load.source, source);
      assert.equal(load.commitsRead, commitsRead);
    };

    it('reuses the cache, then reads only new commits', async () => {
      repo.commit({ message: 'One', date: '2020-01-01T10:00:00Z', files: { 'a.rb': lines(10) } });
      repo.commit({ message: 'Two', date: '2020-01-02T10:00:00Z', files: { 'a.rb': lines(10, 'two') } });
      expectSource((await indexRepo(repo, { cacheDir })).load, 'full', 2);
      expectSource((await indexRepo(repo, { cacheDir })).load, 'cache', 0);
      const renamedAndEdited = lines(10, 'two').replace('two 10', 'three 10');
      repo.commit({ message: 'Fix three', date: '2020-01-03T10:00:00Z', renames: { 'a.rb': 'b.rb' }, files: { 'b.rb': renamedAndEdited } });
      const updated = await indexRepo(repo, { cacheDir });
      expectSource(updated.load, 'incremental', 1);
      assert.equal(updated.history.stats('b.rb')!.commits, 3);
      assert.equal(updated.history.stats('b.rb')!.fixCommits, 1);
    });

    it('rebuilds when history was rewritten, and says why', async () => {
      repo.commit({ message: 'One', date: '2020-01-01T10:00:00Z', files: { 'a.rb': '1\n' } });
      repo.commit({ message: 'Two', date: '2020-01-02T10:00:00Z', files: { 'a.rb': '2\n' } });
      await indexRepo(repo, { cacheDir });
      repo.git('reset', '--quiet', '--hard', 'HEAD~1');
      repo.commit({ message: 'Fix two, rewritten', date: '2020-01-03T10:00:00Z', files: { 'a.rb': '2b\n' } });
      const rebuilt = await indexRepo(repo, { cacheDir });
      expectSource(rebuilt.load, 'full', 2);
      assert.match(rebuilt.load.rebuildReason!, /rebase or force-push/);
      assert.equal(rebuilt.history.stats('a.rb')!.fixCommits, 1);
    });

    it('extends the cached index to exactly what a full read gives', async () => {
      repo.commit({ message: 'Start', date: '2020-01-01T10:00:00Z', files: { 'a.rb': lines(10), 'b.rb': '1\n', 'c.rb': '1\n' } });
      repo.commit({ message: 'Fix a (INC-1)', date: '2020-01-02T10:00:00Z', files: { 'a.rb': lines(10, 'fixed') } });
      await indexRepo(repo, { cacheDir });
      repo.commit({ message: 'Move a', date: '2020-01-03T10:00:00Z', renames: { 'a.rb': 'lib/a.rb' } });
      repo.commit({ message: 'Drop b, add d', date: '2020-01-04T10:00:00Z', files: { 'b.rb': null, 'd.rb': '1\n' } });
      repo.commit({ message: 'Fix c and d (INC-2)', date: '2020-01-05T10:00:00Z', author: bob, files: { 'c.rb': '2\n', 'd.rb': '2\n' } });
      const extended = await indexRepo(repo, { cacheDir });
      expectSource(extended.load, 'incremental', 3);
      const full = await indexRepo(repo);
      expectSource(full.load, 'full', 5);
      assert.deepEqual(extended.load.data, full.load.data);
      assert.deepEqual(extended.load.classification, full.load.classification);
      await cacheWritesSettled();
      const reread = await indexRepo(repo, { cacheDir });
      expectSource(reread.load, 'cache', 0);
      assert.deepEqual(reread.load.data, full.load.data);
      assert.deepEqual(reread.history.liveFiles().paths, ['c.rb', 'd.rb', 'lib/a.rb']);
      assert.deepEqual(reread.history.stats('lib/a.rb')!.formerPaths, ['a.rb']);
      assert.deepEqual(reread.history.stats('d.rb')!.incidentIds, ['INC-2']);
    });

    it('reads a cache file that is damaged or of another format afresh, and replaces it', async () => {
      repo.commit({ message: 'One', date: '2020-01-01T10:00:00Z', files: { 'a.rb': '1\n' } });
      repo.commit({ message: 'Fix two', date: '2020-01-02T10:00:00Z', files: { 'a.rb': '2\n' } });
      await indexRepo(repo, { cacheDir });
      await cacheWritesSettled();
      const [file] = cacheFiles(cacheDir);
      const intact = fs.readFileSync(file!);
      const damaged = [
        intact.subarray(0, intact.length - 5),
        Buffer.concat([intact.subarray(0, 40), Buffer.alloc(intact.length - 40, 0xff)]),
        v8.serialize({ format: 5, data: {} }),
        Buffer.alloc(0),
      ];
      for (const bytes of damaged) {
        fs.writeFileSync(file!, bytes);
        const load = (await indexRepo(repo, { cacheDir })).load;
        expectSource(load, 'full', 2);
        assert.equal(load.data.commitCount, 2);
        await cacheWritesSettled();
        assert.deepEqual(fs.readFileSync(file!), intact);
      }
    });

    it("rebuilds a shallow clone's index once a fetch deepened it, and says why", async () => {
      for (let i = 1; i <= 4; i++) repo.commit({ message: `c${i}`, date: `2020-01-0${i}T10:00:00Z`, files: { 'a.rb': `${i}\n` } });
      const clone = TestRepo.shallowClone(repo, 1);
      try {
        expectSource((await indexRepo(clone, { cacheDir })).load, 'full', 1);
        await cacheWritesSettled();
        clone.git('fetch', '--quiet', '--deepen=1');
        const deepened = (await indexRepo(clone, { cacheDir })).load;
        expectSource(deepened, 'full', 2);
        assert.match(deepened.rebuildReason!, /depth changed/);
      } finally {
        clone.dispose();
      }
    });

    it('reads author names anew when the .mailmap changed, as a read without the cache does', async () => {
      repo.commit({ message: 'One', date: '2020-01-01T10:00:00Z', author: bob, files: { 'a.rb': '1\n' } });
      await indexRepo(repo, { cacheDir });
      await cacheWritesSettled();
      const rob = { name: 'Rob Builder', email: 'rob@example.com' };
      repo.commit({ message: 'Two', date: '2020-01-02T10:00:00Z', author: rob, files: { 'a.rb': '2\n', '.mailmap': `${rob.name} <${rob.email}> <${bob.email}>\n` } });
      const cached = await indexRepo(repo, { cacheDir });
      expectSource(cached.load, 'full', 2);
      assert.match(cached.load.rebuildReason!, /\.mailmap changed/);
      const uncached = await indexRepo(repo);
      assert.deepEqual(cached.history.stats('a.rb')!.authors, uncached.history.stats('a.rb')!.authors);
      assert.deepEqual(uncached.history.stats('a.rb')!.authors.map((author) => [author.name, author.commits]), [[rob.name, 2]]);
    });

    it('skips a cached entry it cannot stat (a dangling link, or removed by another process)', async () => {
      repo.commit({ message: 'One', date: '2020-01-01T10:00:00Z', files: { 'a.rb': '1\n' } });
      await indexRepo(repo, { cacheDir });
      await cacheWritesSettled();
      const [file] = cacheFiles(cacheDir);
      fs.symlinkSync(path.join(cacheDir, 'missing'), path.join(path.dirname(file!), `${'f'.repeat(40)}.index`));
      repo.commit({ message: 'Two', date: '2020-01-02T10:00:00Z', files: { 'a.rb': '2\n' } });
      expectSource((await indexRepo(repo, { cacheDir })).load, 'incremental', 1);
    });

    it('goes back to a cached branch without re-reading history', async () => {
      repo.commit({ message: 'One', date: '2020-01-01T10:00:00Z', files: { 'a.rb': '1\n' } });
      await indexRepo(repo, { cacheDir });
      repo.git('checkout', '--quiet', '-b', 'feature');
      repo.commit({ message: 'Feature', date: '2020-01-02T10:00:00Z', files: { 'a.rb': '2\n' } });
      expectSource((await indexRepo(repo, { cacheDir })).load, 'incremental', 1);
      repo.git('checkout', '--quiet', 'main');
      expectSource((await indexRepo(repo, { cacheDir })).load, 'cache', 0);
    });
  });

  it('marks a shallow clone as incomplete history', async () => {
    for (let i = 1; i <= 4; i++) repo.commit({ message: `c${i}`, date: `2020-01-0${i}T10:00:00Z`, files: { 'a.rb': `${i}\n` } });
    const clone = fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-shallow-'));
    try {
      repo.git('clone', '--quiet', '--depth', '2', `file://${repo.root}`, clone);
      const repository = await openRepository(clone);
      assert.equal(repository.shallow, true);
      const load = await loadHistory({ repository });
      assert.equal(load.data.commitCount, 2);
    } finally {
      fs.rmSync(clone, { recursive: true, force: true });
    }
  });

  it('indexes a repository without commits as empty', async () => {
    const { repository, history } = await indexRepo(repo);
    assert.equal(repository.head, undefined);
    assert.equal(history.commitCount, 0);
    assert.deepEqual(history.liveFiles().paths, []);
  });

  it('stops git when cancelled', async () => {
    repo.commit({ message: 'One', date: '2020-01-01T10:00:00Z', files: { 'a.rb': '1\n' } });
    const repository = await openRepository(repo.root);
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(loadHistory({ repository, signal: controller.signal }), CancelledError);
  });

  it('blames the lines last touched by fix commits, seeing through ignored revisions', async () => {
    const base = lines(20);
    repo.commit({ message: 'Add', date: '2020-01-01T10:00:00Z', files: { 'a.rb': base } });
    const fixed = base.replace('line 5\nline 6\nline 7', 'fixed 5\nfixed 6\nfixed 7');
    const fix = repo.commit({ message: 'Fix overflow (INC-7)', date: '2020-02-01T10:00:00Z', files: { 'a.rb': fixed } });
    const reformatted = fixed.replace(/^/gm, '  ').replace(/ {2}$/, '');
    const reformat = repo.commit({ message: 'Reformat', date: '2020-03-01T10:00:00Z', files: { 'a.rb': reformatted } });
    repo.commit({ message: 'Ignore reformat', date: '2020-03-02T10:00:00Z', files: { '.git-blame-ignore-revs': `${reformat}\n` } });

    const { history } = await indexRepo(repo);
    const ranges = await blameRiskRanges(history, { root: repo.root, file: 'a.rb' });
    assert.deepEqual(
      ranges.map((r) => ({ start: r.start, end: r.end, sha: history.commitSummary(r.commits[0]!).sha })),
      [{ start: 5, end: 7, sha: fix }],
    );
    const unsaved = `new top line\n${reformatted}`;
    const shifted = await blameRiskRanges(history, { root: repo.root, file: 'a.rb', contents: unsaved });
    assert.deepEqual(shifted.map((r) => [r.start, r.end]), [[6, 8]]);
  });
});

describe('HistoryBuilder', () => {
  const commit = (n: number, changes: FileChange[]) => ({ sha: n.toString(16).padStart(40, '0'), time: 1_600_000_000 + n, authorName: 'A', authorEmail: 'a@example.com', message: `c${n}`, changes });
  /** What the stored list must equal: every alive identity under its current path, in path order. */
  const derivedLiveIds = (data: HistoryData) => data.filePaths.flatMap((path, id): [string, number][] => (data.fileAlive[id] ? [[path, id]] : [])).sort();
  const storedLiveIds = (data: HistoryData) => Array.from(data.liveFileIds, (id): [string, number] => [data.filePaths[id]!, id]);

  it('keeps one live path per file when a rename made on another branch arrives after main renamed it', () => {
    const builder = new HistoryBuilder(PLAIN_LOG);
    builder.apply(commit(1, [{ status: 'A', path: 'old.rb' }, { status: 'A', path: 'keep.rb' }]));
    builder.apply(commit(2, [{ status: 'R', from: 'old.rb', path: 'new.rb' }]));
    builder.apply(commit(3, [{ status: 'R', from: 'old.rb', path: 'other.rb' }]));
    const data = builder.build('f'.repeat(40));
    assert.deepEqual(storedLiveIds(data), derivedLiveIds(data));
    assert.deepEqual(storedLiveIds(data).map(([path]) => path), ['keep.rb', 'other.rb']);
    assert.deepEqual(data.formerPaths.get(storedLiveIds(data)[1]![1]), ['old.rb', 'old.rb']);
  });

  it('continues from a built index exactly as if it had never stopped', () => {
    const commits = [
      commit(1, [{ status: 'A', path: 'a.rb' }, { status: 'A', path: 'b.rb' }]),
      commit(2, [{ status: 'R', from: 'a.rb', path: 'c.rb' }, { status: 'D', path: 'b.rb' }]),
      commit(3, [{ status: 'A', path: 'b.rb' }, { status: 'M', path: 'a.rb' }]),
      commit(4, [{ status: 'M', path: 'c.rb' }]),
    ];
    const straight = new HistoryBuilder(PLAIN_LOG);
    commits.forEach((c) => straight.apply(c));
    const first = new HistoryBuilder(PLAIN_LOG);
    commits.slice(0, 2).forEach((c) => first.apply(c));
    const resumed = new HistoryBuilder(PLAIN_LOG, first.build('1'.repeat(40)));
    commits.slice(2).forEach((c) => resumed.apply(c));
    assert.deepEqual(resumed.build('2'.repeat(40)), straight.build('2'.repeat(40)));
  });

  it('resumes from its cache file, in place, exactly as if it had never stopped', () => {
    const commits = [
      commit(1, [{ status: 'A', path: 'p.rb' }, { status: 'A', path: 'keep.rb' }]),
      commit(2, [{ status: 'R', from: 'p.rb', path: 'q.rb' }, { status: 'A', path: 'x.rb' }]),
      commit(3, [{ status: 'R', from: 'x.rb', path: 'y.rb' }]),
      commit(4, [{ status: 'R', from: 'q.rb', path: 'x.rb' }]),
      commit(5, [{ status: 'R', from: 'x.rb', path: 'w.rb' }, { status: 'D', path: 'keep.rb' }]),
      // A change made on an old branch to x.rb belongs to the file renamed away from it last (p.rb's).
      commit(6, [{ status: 'M', path: 'x.rb' }, { status: 'A', path: 'keep.rb' }]),
      commit(7, [{ status: 'M', path: 'y.rb' }]),
    ];
    const straight = new HistoryBuilder(PLAIN_LOG);
    commits.forEach((c) => straight.apply(c));
    const first = new HistoryBuilder(PLAIN_LOG);
    commits.slice(0, 5).forEach((c) => first.apply(c));
    const file = path.join(tempDir(), 'index');
    try {
      writeIndexFile(file, { data: first.build('1'.repeat(40)) });
      const resumed = new HistoryBuilder(PLAIN_LOG, readIndexFile(file)!.data, true);
      commits.slice(5).forEach((c) => resumed.apply(c));
      const data = resumed.build('2'.repeat(40));
      assert.deepEqual(data, straight.build('2'.repeat(40)));
      assert.equal(data.fileCommitIds[data.fileCommitOffsets[1]! - 1], 5, 'the file that started as p.rb has the change to x.rb');
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });

  it('leaves an index it built alone while it goes on applying commits', () => {
    const builder = new HistoryBuilder(PLAIN_LOG);
    builder.apply(commit(1, [{ status: 'A', path: 'a.rb' }]));
    builder.apply(commit(2, [{ status: 'R', from: 'a.rb', path: 'b.rb' }]));
    const snapshot = builder.build(undefined);
    const before = structuredClone(snapshot);
    for (let n = 3; n < 2000; n++) builder.apply(commit(n, [{ status: 'A', path: `f${n}.rb` }, { status: 'R', from: 'b.rb', path: `b${n}.rb` }]));
    builder.build(undefined);
    assert.deepEqual(snapshot, before);
  });
});

describe('History', () => {
  it('finds commits by full or abbreviated sha, not by ambiguous or too short ones', () => {
    const shas = ['1234567890abcdef1234567890abcdef12345678', '1234507890abcdef1234567890abcdef12345678', 'abcdef0123456789abcdef0123456789abcdef01'];
    const builder = new HistoryBuilder(PLAIN_LOG);
    shas.forEach((sha, n) => builder.apply({ sha, time: 1_600_000_000 + n, authorName: 'A', authorEmail: 'a@example.com', message: `c${n}`, changes: [{ status: 'A', path: `f${n}.rb` }] }));
    const history = new History(builder.build(shas[2]), ruleSettingsFor(DEFAULT_CONFIG.history, os.tmpdir()), NOW);
    assert.deepEqual(
      ['1234567890ABCDEF1234567890abcdef12345678', '123456', '1234567', '12345078', '1234507', 'abcd', '12345', 'abc', 'abcdefg', 'fedcba'].map((sha) => history.commitIndex(sha)),
      [0, 0, 0, 1, 1, 2, undefined, undefined, undefined, undefined],
    );
    assert.deepEqual(shas.map((_, index) => history.sha(index)), shas);
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ChangeRiskEngine, type LineMark } from '../../../src/core/engine';
import { openRepository } from '../../../src/core/git/repository';
import { cacheWritesSettled, loadHistory, NotCachedError } from '../../../src/core/history/historyLoader';
import { bob, lines, TestRepo } from '../../helpers/testRepo';

const NOW = new Date('2026-06-01T00:00:00Z');

/** Marks as the editor shows them: lines, source, and the commits and incidents behind them. */
function summary(marks: LineMark[]) {
  return marks.map((m) => ({ lines: `${m.start}-${m.end}`, source: m.source, commits: m.commits.map((c) => [c.sha, c.fix, c.why ?? '']), incidents: m.incidents.map((i) => i.id) }));
}

/**
 * invoice.rb: fixed twice (once naming INC-12, which the ledger records), then a bulk "fix" of 60
 * files that the full index leaves out of the marks (a bulk change); `app/[id].rb` (a name that is a
 * glob pattern) renamed from old.rb and fixed; other files fixed without touching either.
 */
function buildRepo(): TestRepo {
  const repo = TestRepo.create();
  repo.commit({ message: 'Billing', date: '2022-01-10T10:00:00Z', files: { 'app/invoice.rb': lines(10), 'app/old.rb': lines(6, 'old'), 'app/other.rb': lines(5) } });
  repo.commit({ message: 'Fix double rounding (INC-12)', date: '2023-03-14T10:00:00Z', files: { 'app/invoice.rb': lines(10).replace('line 3\n', 'fixed 3\n') } });
  repo.commit({ message: 'Fix other thing', date: '2023-04-14T10:00:00Z', author: bob, files: { 'app/other.rb': lines(5, 'fixed') } });
  repo.commit({ message: 'Move old', date: '2023-05-01T10:00:00Z', renames: { 'app/old.rb': 'app/[id].rb' } });
  repo.commit({ message: 'Fix id lookup', date: '2023-06-01T10:00:00Z', author: bob, files: { 'app/[id].rb': lines(6, 'old').replace('old 2\n', 'fixed 2\n') } });
  repo.commit({ message: 'Fix currency symbol', date: '2024-05-01T10:00:00Z', author: bob, files: { 'app/invoice.rb': lines(10).replace('line 3\n', 'fixed 3\n').replace('line 9\n', 'fixed 9\n') } });
  const bulk = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`lib/gen_${i}.rb`, `generated ${i}\n`]));
  repo.commit({
    message: 'Fix headers everywhere',
    date: '2025-01-01T10:00:00Z',
    files: { ...bulk, 'app/invoice.rb': lines(10).replace('line 3\n', 'fixed 3\n').replace('line 9\n', 'fixed 9\n').replace('line 6\n', 'header 6\n') },
  });
  repo.commit({ message: 'Unrelated', date: '2025-02-01T10:00:00Z', files: { 'README.md': 'readme\n' } });
  fs.mkdirSync(path.join(repo.root, '.changerisk', 'incidents'), { recursive: true });
  fs.writeFileSync(
    path.join(repo.root, '.changerisk', 'incidents', 'INC-12.md'),
    '---\nid: INC-12\ntitle: Double rounding\ndate: 2023-03-13\nkind: incident\nseverity: high\naffected:\n  - path: app/invoice.rb\n    lines: [3]\n---\n## What happened\nInvoices were off by a cent.\n',
  );
  repo.commit({ message: 'Ledger', date: '2025-03-01T10:00:00Z', files: { '.changerisk/incidents/INC-12.md': fs.readFileSync(path.join(repo.root, '.changerisk', 'incidents', 'INC-12.md'), 'utf8') } });
  return repo;
}

describe('the history of the open files alone (provisional line marks)', function () {
  this.timeout(60_000);
  let repo: TestRepo;
  let full: ChangeRiskEngine;

  before(async () => {
    repo = buildRepo();
    full = await ChangeRiskEngine.open({ folder: repo.root, now: NOW });
  });

  after(() => repo.dispose());

  it('gives the open files the same line marks as the whole history, bulk changes and ledger included', async () => {
    const provisional = await ChangeRiskEngine.openForPaths({ folder: repo.root, now: NOW, paths: ['app/invoice.rb', 'app/[id].rb'] });
    for (const file of ['app/invoice.rb', 'app/[id].rb']) {
      assert.deepEqual(summary(await provisional.lineMarks(file)), summary(await full.lineMarks(file)), file);
    }
    const invoice = summary(await provisional.lineMarks('app/invoice.rb'));
    assert.deepEqual(invoice.map((m) => [m.lines, m.source, m.incidents]), [
      ['3-3', 'ledger', ['INC-12']],
      ['3-3', 'history', ['INC-12']],
      ['9-9', 'history', []],
    ], 'the bulk change marks no line, as in the full index');
    assert.deepEqual(summary(await provisional.lineMarks('app/[id].rb')).map((m) => m.lines), ['2-2'], 'a file name that is a glob pattern is read as a name');
  });

  it('reads only the commits that touched the files, each with all its files', async () => {
    const provisional = await ChangeRiskEngine.openForPaths({ folder: repo.root, now: NOW, paths: ['app/invoice.rb'] });
    assert.equal(provisional.load.source, 'paths');
    // Billing, the INC-12 fix, the currency fix, the bulk change.
    assert.equal(provisional.load.commitsRead, 4);
    assert.equal(provisional.history.record('app/other.rb')?.commits.length, 1, 'a file of a listed commit is there, with that commit only');
    assert.equal(provisional.history.record('README.md'), undefined);
  });

  it('opens from the cache only when it holds the index of HEAD, reading no history otherwise', async () => {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-cache-'));
    try {
      assert.equal(await ChangeRiskEngine.openCached({ folder: repo.root, cacheDir, now: NOW }), undefined, 'an empty cache');
      await assert.rejects(loadHistory({ repository: await openRepository(repo.root), cacheDir, cacheOnly: true }), NotCachedError);
      await ChangeRiskEngine.open({ folder: repo.root, cacheDir, now: NOW });
      await cacheWritesSettled();
      const cached = await ChangeRiskEngine.openCached({ folder: repo.root, cacheDir, now: NOW });
      assert.equal(cached?.load.source, 'cache');
      assert.deepEqual(summary(await cached!.lineMarks('app/invoice.rb')), summary(await full.lineMarks('app/invoice.rb')));
      repo.commit({ message: 'Later', date: '2025-04-01T10:00:00Z', files: { 'README.md': 'more\n' } });
      assert.equal(await ChangeRiskEngine.openCached({ folder: repo.root, cacheDir, now: NOW }), undefined, 'HEAD moved on: the index of HEAD is not cached (an incremental read is for the worker)');
    } finally {
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});

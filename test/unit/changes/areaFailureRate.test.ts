import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { areaFailureRates, type RateGroup } from '../../../src/core/changes/areaFailureRate';
import { loadAreaFailureRates } from '../../../src/core/changes/loadAreaFailureRates';
import { ChangeRiskEngine } from '../../../src/core/engine';
import { runCliInProcess as cli } from '../../helpers/inProcessCli';
import { alice, bob, lines, TestRepo } from '../../helpers/testRepo';

const CONFIG = `areas:
  - name: billing
    paths: ["app/models/billing/**"]
  - name: search
    paths: ["app/models/search/**"]
  - name: reports
    paths: ["app/reports/**"]
qualityBar:
  tolerance:
    regression: "low: one a quarter"
    incident: none
`;

/**
 * A year whose fix-inducing changes are known by construction, areas declared:
 * - 2024-Q1: billing gets invoice.rb (fix-inducing: bob fixes its lines three weeks later, in Q1 too);
 *   search gets index.rb and a clean extension of it.
 * - 2024-Q2: nothing at all.
 * - 2024-Q3: billing changes again (clean); lib/ gets a tool (clean).
 * - 2024-Q4: search changes on 2024-12-01, less than 60 days before the last commit: still open.
 * The last commit (2024-12-20) is a README edit: no rated file, not a change, but the end of history.
 */
function buildRepo(withConfig = true): TestRepo {
  const repo = TestRepo.create();
  if (withConfig) repo.commit({ message: 'Team config', date: '2024-01-02T09:00:00Z', files: { '.changerisk/config.yaml': CONFIG } });
  repo.commit({ message: 'Add invoices', date: '2024-01-10T10:00:00Z', author: alice, files: { 'app/models/billing/invoice.rb': lines(12, 'invoice') } });
  repo.commit({ message: 'Add search index', date: '2024-01-15T10:00:00Z', author: alice, files: { 'app/models/search/index.rb': lines(8, 'index') } });
  repo.commit({ message: 'Fix invoice rounding', date: '2024-02-01T10:00:00Z', author: bob, files: { 'app/models/billing/invoice.rb': lines(12, 'invoice').replace('invoice 3\ninvoice 4\n', 'rounded 3\nrounded 4\n') } });
  repo.commit({ message: 'Extend the search index', date: '2024-02-20T10:00:00Z', author: alice, files: { 'app/models/search/index.rb': `${lines(8, 'index')}${lines(4, 'more')}` } });
  repo.commit({ message: 'Add invoice notes', date: '2024-07-05T10:00:00Z', author: alice, files: { 'app/models/billing/invoice.rb': `${lines(12, 'invoice').replace('invoice 3\ninvoice 4\n', 'rounded 3\nrounded 4\n')}${lines(3, 'note')}` } });
  repo.commit({ message: 'Add a tool', date: '2024-07-10T10:00:00Z', author: bob, files: { 'lib/tool.rb': lines(6, 'tool') } });
  repo.commit({ message: 'Rank search results', date: '2024-12-01T10:00:00Z', author: alice, files: { 'app/models/search/index.rb': `${lines(8, 'index')}${lines(4, 'more')}${lines(2, 'rank')}` } });
  repo.commit({ message: 'Document', date: '2024-12-20T10:00:00Z', author: alice, files: { 'README.md': 'readme\n' } });
  return repo;
}

/** [quarter, changes, fix-inducing, labelled, open, share] per quarter. */
function figures(group: RateGroup): Array<[string, number, number, number, number, number | null]> {
  return group.quarters.map((q) => [q.quarter, q.changes, q.fixInducing, q.labelled, q.open, q.share]);
}

describe('per-area failure rate', function () {
  this.timeout(60_000);
  let repo: TestRepo;
  let cacheDir: string;

  before(() => {
    repo = buildRepo();
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-areas-cache-'));
  });
  after(() => {
    repo.dispose();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  it('counts the changes and the fix-inducing share per area, folder and quarter, the empty quarter shown', async () => {
    const engine = await ChangeRiskEngine.open({ folder: repo.root, cacheDir });
    const rates = await loadAreaFailureRates(engine, { cacheDir });
    assert.deepEqual(rates.quarters, ['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4']);
    assert.equal(rates.lastCommit, '2024-12-20');
    assert.equal(rates.changesInHistory, 7);
    assert.deepEqual(rates.tolerance, { regression: 'low: one a quarter', incident: 'none' });
    const [billing, search, reports] = rates.areas;
    assert.deepEqual(figures(billing!), [
      ['2024-Q1', 2, 1, 2, 0, 0.5],
      ['2024-Q2', 0, 0, 0, 0, null],
      ['2024-Q3', 1, 0, 1, 0, 0],
      ['2024-Q4', 0, 0, 0, 0, null],
    ]);
    assert.deepEqual(figures(search!), [
      ['2024-Q1', 2, 0, 2, 0, 0],
      ['2024-Q2', 0, 0, 0, 0, null],
      ['2024-Q3', 0, 0, 0, 0, null],
      ['2024-Q4', 1, 0, 0, 1, null],
    ]);
    assert.equal(reports!.total.changes, 0, 'a declared area without changes is still listed');
    assert.deepEqual(
      rates.folders.map((folder) => [folder.name, folder.total.changes]),
      [
        ['app', 6],
        ['lib', 1],
      ],
      'top-level folders of rated files only (no README, no .changerisk), most changes first',
    );
    assert.deepEqual(figures(rates.overall), [
      ['2024-Q1', 4, 1, 4, 0, 0.25],
      ['2024-Q2', 0, 0, 0, 0, null],
      ['2024-Q3', 2, 0, 2, 0, 0],
      ['2024-Q4', 1, 0, 0, 1, null],
    ]);
    assert.deepEqual({ ...rates.overall.total, months: Math.round(rates.overall.total.months) }, { from: '2024-01-10', to: '2024-12-20', months: 11, changes: 7, perMonth: rates.overall.total.perMonth, labelled: 6, fixInducing: 1, share: 0.1667, open: 1 });
    // Q1 is covered from the day of the first change (2024-01-10) to its end: 82 days; 4 changes.
    assert.equal(rates.overall.quarters[0]!.from, '2024-01-10');
    assert.equal(rates.overall.quarters[0]!.perMonth, Number((4 / (82 / 30.436875)).toFixed(2)));
    assert.equal(rates.overall.quarters[1]!.months, 2.99, 'a whole quarter: 91 days');
  });

  it('limits the quarters with --quarters and starts them at --since', async () => {
    const engine = await ChangeRiskEngine.open({ folder: repo.root, cacheDir });
    const lastTwo = await loadAreaFailureRates(engine, { cacheDir, quarters: 2 });
    assert.deepEqual(lastTwo.quarters, ['2024-Q3', '2024-Q4']);
    const since = await loadAreaFailureRates(engine, { cacheDir, since: Date.parse('2024-02-01T00:00:00Z') / 1000 });
    assert.deepEqual(since.quarters, ['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4']);
    assert.deepEqual(figures(since.areas[0]!)[0], ['2024-Q1', 1, 0, 1, 0, 0], 'only the fix of February counts in billing');
    assert.equal(since.overall.quarters[0]!.from, '2024-02-01');
  });

  it('keeps every quarter of a long range, consecutive, and none after the last commit', () => {
    const day = (iso: string) => Date.parse(`${iso}T12:00:00Z`) / 1000;
    const rates = areaFailureRates({
      changes: [
        { time: day('2022-11-02'), paths: ['app/a.rb'], fixInducing: true },
        { time: day('2023-08-15'), paths: ['Rakefile', 'app/a.rb'], fixInducing: false },
      ],
      areas: [],
      lastTime: day('2023-08-20'),
      since: day('2020-01-01'),
    });
    assert.deepEqual(rates.quarters, ['2022-Q4', '2023-Q1', '2023-Q2', '2023-Q3']);
    assert.deepEqual(rates.areas, []);
    assert.deepEqual(
      rates.folders.map((folder) => [folder.name, folder.total.changes, folder.total.fixInducing]),
      [
        ['app', 2, 1],
        ['.', 1, 0],
      ],
    );
    assert.equal(rates.overall.quarters.at(-1)!.to, '2023-08-20');
  });

  it('says when there is nothing to measure: no commits, no areas, outside a repository', async () => {
    const empty = TestRepo.create();
    const plain = buildRepo(false);
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-not-a-repo-'));
    try {
      const none = await cli('areas', '--repo', empty.root, '--cache-dir', cacheDir);
      assert.equal(none.status, 0, none.stderr);
      assert.match(none.stdout, /No change to a rated file in the history yet: nothing to measure\./);
      const noAreas = await cli('areas', '--repo', plain.root, '--cache-dir', cacheDir);
      assert.equal(noAreas.status, 0, noAreas.stderr);
      assert.match(noAreas.stdout, /No areas declared: name them in \.changerisk\/config\.yaml/);
      assert.match(noAreas.stdout, /No tolerance is written in the quality bar/);
      const notRepo = await cli('areas', '--repo', outside);
      assert.equal(notRepo.status, 3);
      assert.match(notRepo.stderr, /^change-risk: .* is not inside a git repository/);
      const bad = await cli('areas', '--repo', plain.root, '--quarters', '0');
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /--quarters takes a whole number/);
    } finally {
      empty.dispose();
      plain.dispose();
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('prints a table per kind of group with the tolerance, in English and in Japanese, and a documented JSON', async () => {
    const text = await cli('areas', '--repo', repo.root, '--cache-dir', cacheDir);
    assert.equal(text.status, 0, text.stderr);
    const out = text.stdout.split('\n');
    assert.match(out[0]!, /^Failure rate by area · HEAD [0-9a-f]{7} · 7 changes to rated files, the last on 2024-12-20$/);
    assert.ok(out.includes("The team's tolerance (quality bar): incident: none · regression: low: one a quarter"), text.stdout);
    assert.ok(out.some((line) => /^AREA +QUARTER +CHANGES +RATE +COUNTS$/.test(line)), text.stdout);
    assert.ok(out.some((line) => /^billing +2024-Q1 +2 +0\.7 changes\/month · 50 % fix-inducing +1 of 2 fix-inducing$/.test(line)), text.stdout);
    assert.ok(out.some((line) => /^ +2024-Q2 +0 +no changes$/.test(line)), 'the empty quarter is shown');
    assert.ok(out.some((line) => /^ +2024-Q4 +1 +0\.4 changes\/month · fix-inducing share not known yet +1 still open$/.test(line)), text.stdout);
    assert.ok(out.some((line) => /^lib\/ +2024-Q1 +0 +no changes$/.test(line)), text.stdout);
    assert.ok(out.some((line) => /^whole repository +2024-Q1 +4 +1\.5 changes\/month · 25 % fix-inducing +1 of 4 fix-inducing$/.test(line)), text.stdout);

    const ja = await cli('areas', '--repo', repo.root, '--cache-dir', cacheDir, '--lang', 'ja');
    assert.equal(ja.status, 0, ja.stderr);
    assert.match(ja.stdout, /^エリア別の不具合率 · HEAD [0-9a-f]{7} · /);
    assert.match(ja.stdout, /チームの許容度（品質基準）: インシデント: none · リグレッション: low: one a quarter/);
    assert.match(ja.stdout, /billing +2024-Q1 +2 +月 0\.7 件の変更 · 50 % が修正を誘発/);

    const json = await cli('areas', '--repo', repo.root, '--cache-dir', cacheDir, '--json', '--quarters', '2');
    assert.equal(json.status, 0, json.stderr);
    const report = JSON.parse(json.stdout);
    assert.equal(report.schemaVersion, 1);
    assert.deepEqual(Object.keys(report).slice(5), ['windowDays', 'lastCommit', 'quarters', 'areas', 'folders', 'overall', 'tolerance', 'changesInHistory']);
    assert.deepEqual(report.quarters, ['2024-Q3', '2024-Q4']);
    assert.deepEqual(report.areas[1], {
      kind: 'area',
      name: 'search',
      quarters: [
        { quarter: '2024-Q3', from: '2024-07-01', to: '2024-09-30', months: 3.02, changes: 0, perMonth: 0, labelled: 0, fixInducing: 0, share: null, open: 0 },
        { quarter: '2024-Q4', from: '2024-10-01', to: '2024-12-20', months: 2.66, changes: 1, perMonth: 0.38, labelled: 0, fixInducing: 0, share: null, open: 1 },
      ],
      total: { from: '2024-07-01', to: '2024-12-20', months: 5.68, changes: 1, perMonth: 0.18, labelled: 0, fixInducing: 0, share: null, open: 1 },
    });
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCliInProcess } from '../../helpers/inProcessCli';
import { TestRepo } from '../../helpers/testRepo';
import { buildRepo } from './knownFuture';

/** The history index cache of these runs (none under the user's home). */
const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-backtest-cache-'));

/** `change-risk backtest …` in this process. */
const backtest = (...args: string[]) => runCliInProcess('backtest', ...args, '--cache-dir', cacheDir);

describe('change-risk backtest', function () {
  this.timeout(60_000);
  let repo: TestRepo;

  before(() => {
    repo = buildRepo();
  });
  after(() => {
    repo.dispose();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  it('has --help like the other commands', async () => {
    const run = await backtest('--help');
    assert.equal(run.status, 0);
    assert.match(run.stdout, /^change-risk backtest \[--at DATE\[,DATE…\]\] \[--window 6m\] \[--top 10%\] \[--json\]/);
    for (const option of ['--at', '--window', '--top', '--json', '--repo']) assert.match(run.stdout, new RegExp(`^  ${option} `, 'm'), option);
  });

  it('prints the cutoffs, one row per model and the sentence', async () => {
    const run = await backtest('--repo', repo.root, '--at', '2025-01-01', '--top', '25%');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, '');
    const lines = run.stdout.split('\n');
    assert.match(lines[0]!, /^Backtest · HEAD [0-9a-f]{7} · 6-month windows · top 25% of the source files · effort: 20% of the lines · 14\.3% of them warned about$/);
    assert.ok(lines.some((line) => /^2025-01-01 +[0-9a-f]{7} +7 +555 +5 +2 +1 +only 5 of the ranked files/.test(line)), run.stdout);
    assert.ok(lines.some((line) => /^MODEL +2025-01-01 +RECALL +PRECISION +RECALL@20%LOC$/.test(line)), run.stdout);
    assert.ok(lines.some((line) => /^Change Risk +20% +20\.0% +50\.0% +32\.0%$/.test(line)), run.stdout);
    assert.ok(lines.some((line) => /^commit count +40% +40\.0% +100\.0% +40\.6%$/.test(line)), run.stdout);
    assert.equal(lines.at(-2), "At one cutoff, Change Risk's top 25% caught 20% of the files fixed in the next 6 months; the best baseline (commit count) caught 40%. Read in its order, the first 20% of the lines held 32% of them; the best baseline (commit count) held 41%. Too few fixed files to judge.");
  });

  it('writes the documented JSON shape', async () => {
    const run = await backtest('--repo', repo.root, '--at', '2025-01-01,2026-01-01', '--window', '6m', '--top', '0.25', '--json');
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.deepEqual(Object.keys(report), [
      'schemaVersion', 'repository', 'windowMonths', 'topShare', 'effortShare', 'roles', 'warnedShare', 'minTruth', 'models', 'cutoffs', 'average', 'averagedOver', 'bestBaseline', 'summary', 'warnings', 'timings',
    ]);
    assert.deepEqual(report.roles, ['source']);
    assert.equal(report.warnedShare, 1 / 7);
    assert.deepEqual(report.models.map((m: { id: string }) => m.id), ['changeRisk', 'random', 'fixCount', 'commitCount', 'recentCommits', 'fileSize', 'fixScore']);
    const [evaluated, skipped] = report.cutoffs;
    assert.deepEqual(Object.keys(evaluated), [
      'cutoff', 'windowEnd', 'evaluated', 'reason', 'commit', 'commitsBefore', 'commitsInWindow', 'population', 'lines', 'top', 'warned', 'truth', 'truthFromFixes', 'truthFromIncidents', 'enoughTruth', 'notes', 'models',
    ]);
    assert.deepEqual([evaluated.cutoff, evaluated.windowEnd, evaluated.population, evaluated.truth], ['2025-01-01', '2025-07-01', 7, 5]);
    // Budget 20 % of 555 lines = 111: quiet.rb (5), hot.rb (100), then 6 of busy.rb's 10 lines.
    assert.deepEqual(evaluated.models.changeRisk, { recall: 0.2, precision: 0.5, effortRecall: (1 + 0.6) / 5 });
    assert.deepEqual([skipped.evaluated, skipped.reason, skipped.models], [false, '2026-01-01 is after the last commit (2025-09-01): there is no future to compare with', null]);
    assert.deepEqual(report.averagedOver, ['2025-01-01']);
    assert.deepEqual(Object.keys(report.average), report.models.map((m: { id: string }) => m.id));
  });

  it('replays the history index it reads through the cache, as the other commands do, with the same report as without one', async () => {
    const args = ['--repo', repo.root, '--at', '2025-01-01', '--json'];
    const first = await backtest(...args);
    const indexFiles = fs.readdirSync(cacheDir, { recursive: true }).filter((file) => String(file).endsWith(`${repo.git('rev-parse', 'HEAD')}.index`));
    assert.equal(indexFiles.length, 1, 'the index is cached for HEAD');
    const cached = await backtest(...args);
    const uncached = await backtest(...args, '--no-cache');
    const withoutTimings = (run: { stdout: string }) => ({ ...JSON.parse(run.stdout), timings: undefined });
    assert.deepEqual(withoutTimings(cached), withoutTimings(first));
    assert.deepEqual(withoutTimings(uncached), withoutTimings(first));
  });

  it('exits 2 on bad values and when no given cutoff can be evaluated', async () => {
    for (const args of [['--window', '0'], ['--window', 'soon'], ['--top', '200%'], ['--top', '0'], ['--at', '2025-13-45'], ['--at', 'yesterday'], ['extra']]) {
      const run = await backtest('--repo', repo.root, ...args);
      assert.equal(run.status, 2, args.join(' '));
      assert.match(run.stderr, /^change-risk: .*\nusage: change-risk backtest/, args.join(' '));
    }
    const outside = await backtest('--repo', repo.root, '--at', '2020-01-01');
    assert.equal(outside.status, 2);
    assert.match(outside.stderr, /cutoff 2020-01-01: 2020-01-01 is before the first commit \(2023-01-01\): there is no history to rank by\n/);
    assert.match(outside.stderr, /no cutoff could be evaluated; choose dates inside the history with --at\n$/);
  });

  it('exits 3 outside a repository and in one without commits', async () => {
    const empty = TestRepo.create('change-risk-backtest-empty-');
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-nogit-'));
    try {
      const none = await backtest('--repo', empty.root);
      assert.equal(none.status, 3);
      assert.match(none.stderr, /has no commits yet: there is no history to backtest\n$/);
      const notGit = await backtest('--repo', outside);
      assert.equal(notGit.status, 3);
      assert.match(notGit.stderr, /is not inside a git repository/);
    } finally {
      empty.dispose();
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});

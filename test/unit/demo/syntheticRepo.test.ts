import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { appendCommits, ensureSyntheticRepo, resetToBase, syntheticRepoPath } from '../../../bench/syntheticRepo';

function git(root: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'core.quotepath=false', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' }, maxBuffer: 64 * 1024 * 1024 }).trimEnd();
}

describe('ensureSyntheticRepo (small size)', function () {
  this.timeout(120_000);
  const options = { commits: 500, files: 200, progress: () => undefined };
  let tmp: string;
  let root: string;

  before(async () => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-synthetic-')));
    const repo = await ensureSyntheticRepo({ ...options, cacheDir: path.join(tmp, 'a') });
    assert.equal(repo.built, true);
    root = repo.root;
  });

  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('honours the requested numbers of commits and files', () => {
    assert.equal(root, syntheticRepoPath({ ...options, cacheDir: path.join(tmp, 'a') }));
    assert.match(root, /synthetic-500-200-v1$/);
    assert.equal(git(root, 'rev-list', '--count', 'HEAD'), '500');
    assert.equal(git(root, 'ls-files').split('\n').length, 200);
    assert.equal(git(root, 'status', '--porcelain'), '');
  });

  it('is deterministic: a second build elsewhere has the same HEAD', async () => {
    const other = await ensureSyntheticRepo({ ...options, cacheDir: path.join(tmp, 'b') });
    assert.equal(other.built, true);
    assert.equal(git(other.root, 'rev-parse', 'HEAD'), git(root, 'rev-parse', 'HEAD'));
  });

  it('reuses a complete cached build', async () => {
    const again = await ensureSyntheticRepo({ ...options, cacheDir: path.join(tmp, 'a') });
    assert.deepEqual(again, { root, commits: 500, files: 200, built: false });
  });

  it('has the shape of a real history: hot files, bulk commits, renames, fixes, a large file', () => {
    const log = git(root, 'log', '-M', '--name-status', '--format=@%s').split('@').filter(Boolean);
    const entries = log.map((entry) => {
      const [subject, ...rest] = entry.split('\n');
      return { subject: subject as string, changes: rest.filter(Boolean) };
    });
    assert.ok(entries.some((e) => e.changes.length >= 60), 'a bulk commit');
    assert.ok(entries.filter((e) => e.changes.some((c) => c.startsWith('R'))).length >= 3, 'renames');
    assert.ok(entries.some((e) => e.changes.some((c) => c.startsWith('D'))), 'deletions');
    const fixes = entries.filter((e) => /^(Fix|hotfix|Revert)/.test(e.subject)).length;
    assert.ok(fixes >= 20 && fixes <= 100, `fix-like: ${fixes}`);
    assert.ok(entries.some((e) => /\bINC-\d+\b/.test(e.subject)));
    const counts = new Map<string, number>();
    for (const e of entries) for (const c of e.changes) if (c.startsWith('M')) counts.set(c.slice(2), (counts.get(c.slice(2)) ?? 0) + 1);
    const sorted = [...counts.values()].sort((a, b) => b - a);
    assert.ok((sorted[0] as number) >= 10 * (sorted[Math.floor(sorted.length / 2)] as number), `hot ${sorted[0]} vs median ${sorted[Math.floor(sorted.length / 2)]}`);
    const largest = git(root, 'show', 'HEAD:apps/billing/app/models/general_ledger.rb').split('\n').length;
    assert.ok(largest >= 3000, `largest file has ${largest} lines`);
    assert.ok(new Set(git(root, 'log', '--format=%ae', 'HEAD').split('\n')).size >= 20, 'many authors');
  });

  it('appends deterministic commits and resets to the base', async () => {
    const base = git(root, 'rev-parse', 'HEAD');
    const one = await appendCommits(root, 3, 42);
    assert.equal(git(root, 'rev-list', '--count', `${base}..HEAD`), '3');
    assert.equal(git(root, 'status', '--porcelain'), '');
    assert.equal(await resetToBase(root), base);
    assert.equal(git(root, 'rev-parse', 'HEAD'), base);
    assert.equal(git(root, 'status', '--porcelain'), '');
    assert.equal(await appendCommits(root, 3, 42), one);
    assert.notEqual(await appendCommits(root, 1, 43), one);
    await resetToBase(root);
    assert.equal(git(root, 'rev-parse', 'HEAD'), base);
  });
});

/**
 * Files a pushed branch controls, made hostile: links to /dev/zero, named pipes, a huge untracked file.
 * Every command runs in a child process with a time limit and a memory cap, so a regression fails here
 * (killed or out of memory) instead of hanging the suite or filling the machine.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runChangeRiskLimited, type LimitedRun } from '../../helpers/cli';
import { TestRepo, lines } from '../../helpers/testRepo';

const LIMITS = { timeoutMs: 60_000, maxDataMiB: 2048 };
const MiB = 1024 * 1024;

function assertFinished(run: LimitedRun): void {
  assert.equal(run.signal, null, `the command was killed (${run.signal}); stderr: ${run.stderr.slice(0, 500)}`);
  assert.equal(run.status, 0, run.stderr);
}

/** Commits a symbolic link (git stores the target as the blob). */
function commitLink(repo: TestRepo, name: string, target: string, date: string): void {
  fs.symlinkSync(target, path.join(repo.root, name));
  repo.git('add', '--', name);
  repo.commit({ message: `Add ${name}`, date });
}

(process.platform === 'win32' ? describe.skip : describe)('hostile files in the repository (POSIX)', function () {
  this.timeout(LIMITS.timeoutMs * 2);
  let repo: TestRepo;

  beforeEach(() => {
    repo = TestRepo.create();
    repo.commit({ message: 'Add billing', date: '2024-01-10T10:00:00Z', files: { 'app/billing.rb': lines(20) } });
    repo.commit({ message: 'Fix rounding in billing', date: '2024-02-10T10:00:00Z', files: { 'app/billing.rb': lines(21) } });
  });

  afterEach(() => {
    repo.dispose();
    fs.rmSync(`${repo.root}-cache`, { recursive: true, force: true });
  });

  it('hotspots finishes when a committed .mailmap is a link to /dev/zero', () => {
    commitLink(repo, '.mailmap', '/dev/zero', '2024-03-01T10:00:00Z');
    const run = runChangeRiskLimited(repo.root, LIMITS, 'hotspots');
    assertFinished(run);
    assert.match(run.stdout, /3 commits indexed/);
    // A warm start digests the .mailmap again to check the index: it must finish too.
    assertFinished(runChangeRiskLimited(repo.root, LIMITS, 'hotspots'));
  });

  it('hotspots finishes when a committed .git-blame-ignore-revs is a link to /dev/zero', () => {
    commitLink(repo, '.git-blame-ignore-revs', '/dev/zero', '2024-03-01T10:00:00Z');
    const run = runChangeRiskLimited(repo.root, LIMITS, 'hotspots');
    assertFinished(run);
    assert.match(run.stdout, /3 commits indexed/);
  });

  it('validate names a named pipe as the config file and as a postmortem, and does not wait on them', () => {
    fs.mkdirSync(path.join(repo.root, '.changerisk/incidents'), { recursive: true });
    execFileSync('mkfifo', [path.join(repo.root, '.changerisk/config.yaml'), path.join(repo.root, '.changerisk/incidents/2024-02-11-outage.md')]);
    const run = runChangeRiskLimited(repo.root, LIMITS, 'validate');
    assert.equal(run.signal, null, 'validate finished by itself');
    assert.match(run.stdout, /^\.changerisk\/config\.yaml:1:1: error: not a regular file \(a named pipe\); not read$/m);
    assert.match(run.stdout, /^\.changerisk\/incidents\/2024-02-11-outage\.md:1:1: error: not a regular file \(a named pipe\); not read$/m);
  });

  it('impact passes over a named pipe as CODEOWNERS and as the PR template, saying why', () => {
    repo.git('checkout', '--quiet', '-b', 'feature');
    repo.write('app/billing.rb', lines(22));
    execFileSync('mkfifo', [path.join(repo.root, 'CODEOWNERS'), path.join(repo.root, 'pull_request_template.md')]);
    const run = runChangeRiskLimited(repo.root, LIMITS, 'impact', '--base', 'main');
    assertFinished(run);
    assert.match(run.stderr, /^warning: CODEOWNERS:1:1: error: not a regular file \(a named pipe\); not read$/m);
    assert.match(run.stderr, /^warning: pull_request_template\.md:1:1: error: not a regular file \(a named pipe\); not read$/m);
    assert.match(run.stdout, /Impact statement/);
  });

  it('impact counts a huge untracked file without reading it: it says so, and memory stays far below the file size', () => {
    const size = 512 * MiB;
    repo.git('checkout', '--quiet', '-b', 'feature');
    const big = path.join(repo.root, 'dump.bin');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, size); // sparse: no disk, but reading it yields every byte
    const run = runChangeRiskLimited(repo.root, LIMITS, 'impact', '--base', 'main', '--format', 'json');
    assertFinished(run);
    assert.match(run.stderr, /^warning: dump\.bin:1:1: warning: the file is 524288 KiB, over the 1024 KiB limit for untracked files; counted but not read$/m);
    const file = (JSON.parse(run.stdout) as { change: { files: Array<{ path: string; status: string; added: number }> } }).change.files.find((f) => f.path === 'dump.bin');
    assert.deepEqual(file && { status: file.status, added: file.added }, { status: 'untracked', added: 0 });
    assert.ok(run.maxRss !== undefined, 'the child reported its peak memory');
    assert.ok(run.maxRss < size / 2, `peak memory ${Math.round(run.maxRss / MiB)} MiB for a ${size / MiB} MiB untracked file`);
  });

  it("the editor's HEAD watcher does not wait on a .git file that is a named pipe", () => {
    const folder = path.join(repo.root, 'nested');
    fs.mkdirSync(folder);
    execFileSync('mkfifo', [path.join(folder, '.git')]);
    // In a child: a blocked synchronous read cannot be interrupted by a mocha timeout.
    const discovery = path.resolve(__dirname, '../../../src/extension/workspace/discovery.ts');
    const script = `process.stdout.write(JSON.stringify(require(${JSON.stringify(discovery)}).headFilesOf(${JSON.stringify(folder)})));`;
    const run = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), '-e', script], { encoding: 'utf8', timeout: 20_000, killSignal: 'SIGKILL' });
    assert.equal(run.signal, null, 'headFilesOf finished by itself');
    assert.equal(run.stdout, '[]', run.stderr);
  });
});

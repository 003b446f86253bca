import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { readChange } from '../../../src/core/change/change';
import { runChangeRisk } from '../../helpers/cli';
import { bob, TestRepo } from '../../helpers/testRepo';

/**
 * Issue #17, finding 6: a change that bumps a submodule (a gitlink, mode 160000) whose path has fix history made
 * `impact` and `check` fail, blaming the gitlink as if it were a file. The bump is now reported as such.
 */
describe('a change that bumps a submodule', function () {
  this.timeout(120_000);
  let library: TestRepo;
  let repo: TestRepo;
  const versions: string[] = [];

  /** Points the submodule's work tree at `sha` and, with a message, commits the bump. */
  const bump = (sha: string, message?: string, date = '2024-01-01T10:00:00Z') => {
    repo.git('-C', 'lib', 'checkout', '-q', sha);
    if (message) {
      repo.git('add', 'lib');
      repo.commit({ message, date, author: bob });
    }
  };

  before(() => {
    library = TestRepo.create('change-risk-library-');
    for (let i = 1; i <= 5; i++) versions.push(library.commit({ message: `Version ${i}`, date: `2023-0${i}-01T10:00:00Z`, files: { 'lib.rb': `v${i}\n` } }));
    repo = TestRepo.create('change-risk-superproject-');
    repo.commit({ message: 'Start', date: '2023-12-01T10:00:00Z', files: { 'README.md': 'app\n' } });
    repo.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '--quiet', library.root, 'lib');
    repo.git('-C', 'lib', 'checkout', '-q', versions[0]!);
    repo.git('add', 'lib');
    repo.commit({ message: 'Add the library', date: '2024-01-01T10:00:00Z' });
    bump(versions[1]!, 'Fix crash on start: bump lib', '2024-02-01T10:00:00Z');
    bump(versions[2]!, 'Fix memory leak: bump lib', '2024-03-01T10:00:00Z');
    repo.git('checkout', '-q', '-b', 'feature');
  });
  after(() => {
    for (const folder of [library.root, repo.root, `${repo.root}-cache`]) fs.rmSync(folder, { recursive: true, force: true });
  });
  afterEach(() => {
    repo.git('checkout', '-q', 'feature');
    repo.git('reset', '-q', '--hard', 'main');
    repo.git('-C', 'lib', 'checkout', '-q', versions[2]!);
  });

  const short = (sha: string) => sha.slice(0, 7);

  const assertReported = (from: string, to: string) => {
    const impact = runChangeRisk(repo.root, 'impact', '--now', '2024-06-01');
    assert.equal(impact.status, 0, impact.stderr);
    assert.match(impact.stdout, new RegExp(`^- \\*\\*Submodule bumps\\*\\*: \`lib\` \`${short(from)}\` → \`${short(to)}\`$`, 'm'));
    const check = runChangeRisk(repo.root, 'check', '--now', '2024-06-01');
    assert.equal(check.status, 0, check.stdout + check.stderr);
    const json = runChangeRisk(repo.root, 'check', '--now', '2024-06-01', '--format', 'json');
    assert.equal(json.status, 0, json.stderr);
    const files = JSON.parse(json.stdout).change.files;
    assert.deepEqual(files, [{ path: 'lib', oldPath: null, status: 'modified', binary: false, added: 0, removed: 0, submodule: { from, to } }]);
  };

  it('committed: impact and check pass and name the bump', () => {
    bump(versions[4]!, 'Update the library', '2024-04-01T10:00:00Z');
    assertReported(versions[2]!, versions[4]!);
  });

  it('in the work tree (not committed): impact and check pass and name the bump', () => {
    bump(versions[3]!);
    assertReported(versions[2]!, versions[3]!);
  });

  it('the change lists the gitlink with no lines to blame', async () => {
    bump(versions[0]!);
    const change = await readChange(repo.root);
    assert.deepEqual(
      change.files.map((file) => ({ path: file.path, submodule: file.submodule, oldHunks: file.oldHunks, addedLines: file.addedLines })),
      [{ path: 'lib', submodule: { from: versions[2], to: versions[0] }, oldHunks: [], addedLines: [] }],
    );
  });
});

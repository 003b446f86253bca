import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { dependencyChanges } from '../../../../src/core/change/dependencies';
import { blobTextAt, workTreeText } from '../../../../src/core/git/blobText';
import { TestRepo } from '../../../helpers/testRepo';

const lock = (rack: string) => `GEM
  remote: https://rubygems.org/
  specs:
    rack (${rack})
    rack-test (2.1.0)
      rack (>= 1.3)

PLATFORMS
  ruby

DEPENDENCIES
  rack (~> ${rack.split('.')[0]}.0)
  rack-test

BUNDLED WITH
   2.5.16
`;

describe('dependencies: old and new lock text from a real repository (blobText)', function () {
  this.timeout(30_000);
  let repo: TestRepo;
  let first: string;
  let second: string;
  before(() => {
    repo = TestRepo.create();
    first = repo.commit({ message: 'Add rack', date: '2024-01-01T10:00:00Z', files: { 'Gemfile.lock': lock('2.2.8') } });
    second = repo.commit({ message: 'Bump rack from 2.2.8 to 3.0.9', date: '2024-02-01T10:00:00Z', files: { 'Gemfile.lock': lock('3.0.9'), 'logo.png': 'PNG\u0000\u0001binary' } });
  });
  after(() => repo.dispose());

  it('reads the lock at the base and at HEAD and reports the gem bump as major and direct', async () => {
    const oldText = await blobTextAt(repo.root, first, 'Gemfile.lock');
    const newText = await blobTextAt(repo.root, 'HEAD', 'Gemfile.lock');
    assert.equal(oldText.text, lock('2.2.8'));
    assert.equal(newText.text, lock('3.0.9'));
    const report = dependencyChanges({ path: 'Gemfile.lock', oldText: oldText.text, newText: newText.text });
    assert.deepEqual(report.problems, []);
    assert.deepEqual(report.changes.map((c) => [c.name, c.from, c.to, c.major, c.direct]), [['rack', ['2.2.8'], ['3.0.9'], true, true]]);
    assert.equal((await blobTextAt(repo.root, second, 'Gemfile.lock')).text, newText.text);
  });

  it('says why instead of reading: missing path, a folder, over the size cap, binary, a revision that looks like an option', async () => {
    assert.deepEqual(await blobTextAt(repo.root, first, 'logo.png'), { text: undefined, reason: `logo.png is not in ${first}` });
    repo.write('sub/file.txt', 'x');
    const third = repo.commit({ message: 'Add folder', date: '2024-03-01T10:00:00Z', files: { 'sub/file.txt': 'x\n' } });
    assert.deepEqual(await blobTextAt(repo.root, third, 'sub'), { text: undefined, reason: `sub at ${third} is a tree, not a file` });
    const capped = await blobTextAt(repo.root, 'HEAD', 'Gemfile.lock', { maxBytes: 10 });
    assert.deepEqual(capped, { text: undefined, reason: `Gemfile.lock at HEAD is ${Buffer.byteLength(lock('3.0.9'))} bytes, over the 10-byte limit` });
    assert.deepEqual(await blobTextAt(repo.root, 'HEAD', 'logo.png'), { text: undefined, reason: 'logo.png at HEAD is binary' });
    const marker = path.join(repo.root, 'written-by-git');
    const sneaky = await blobTextAt(repo.root, `--output=${marker}`, 'Gemfile.lock');
    assert.equal(sneaky.text, undefined);
    assert.ok(!fs.existsSync(marker), 'the revision is data, never an option');
  });

  it('reads the work tree text, refusing symlinks, paths outside and files over the cap', async () => {
    repo.write('Gemfile.lock', lock('3.1.0'));
    assert.equal((await workTreeText(repo.root, 'Gemfile.lock')).text, lock('3.1.0'));
    assert.match((await workTreeText(repo.root, 'Gemfile.lock', 5)).reason!, /over the 5 B limit/);
    assert.deepEqual(await workTreeText(repo.root, '../outside.lock'), { text: undefined, reason: '../outside.lock is outside the work tree' });
    fs.symlinkSync('/etc/hostname', path.join(repo.root, 'linked.lock'));
    assert.deepEqual(await workTreeText(repo.root, 'linked.lock'), { text: undefined, reason: 'linked.lock in the work tree was not read: symbolic link to a location outside the repository; skipped' });
    assert.deepEqual(await workTreeText(repo.root, 'absent.lock'), { text: undefined, reason: 'absent.lock is not in the work tree' });
  });
});

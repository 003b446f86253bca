import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BaseNotFoundError, readChange, touchesOldLines } from '../../../src/core/change/change';
import { detectBaseRef } from '../../../src/core/git/diff';
import { bob, lines, TestRepo } from '../../helpers/testRepo';

describe('the change under review', function () {
  this.timeout(30_000);
  const repos: TestRepo[] = [];
  const make = () => {
    const repo = TestRepo.create();
    repos.push(repo);
    return repo;
  };
  after(() => repos.forEach((repo) => repo.dispose()));

  describe('base detection', () => {
    it('prefers the remote HEAD (origin/HEAD) over a local main', async () => {
      const upstream = make();
      upstream.git('checkout', '-q', '-b', 'trunk');
      upstream.commit({ message: 'Start', date: '2024-01-01T10:00:00Z', files: { 'a.txt': 'a\n' } });
      const repo = make();
      repo.git('remote', 'add', 'origin', upstream.root);
      repo.git('fetch', '-q', 'origin');
      repo.git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/trunk');
      repo.git('checkout', '-q', '-b', 'feature', 'origin/trunk');
      repo.git('branch', 'main', 'origin/trunk');
      assert.deepEqual(await detectBaseRef(repo.root), { ref: 'origin/trunk', source: 'origin-head' });
    });

    it('falls back to main, then master, and says when there is neither', async () => {
      const repo = make();
      repo.commit({ message: 'Start', date: '2024-01-01T10:00:00Z', files: { 'a.txt': 'a\n' } });
      assert.deepEqual(await detectBaseRef(repo.root), { ref: 'main', source: 'main' });
      repo.git('branch', '-m', 'main', 'master');
      assert.deepEqual(await detectBaseRef(repo.root), { ref: 'master', source: 'master' });
      repo.git('branch', '-m', 'master', 'dev');
      await assert.rejects(detectBaseRef(repo.root), BaseNotFoundError);
      await assert.rejects(readChange(repo.root), /no base branch found.*--base REF/);
    });

    it('uses --base when given, and refuses a ref that names no commit', async () => {
      const repo = make();
      const first = repo.commit({ message: 'One', date: '2024-01-01T10:00:00Z', files: { 'a.txt': 'a\n' } });
      repo.commit({ message: 'Two', date: '2024-01-02T10:00:00Z', files: { 'b.txt': 'b\n' } });
      const change = await readChange(repo.root, { base: first });
      assert.equal(change.base.source, 'option');
      assert.equal(change.mergeBase, first);
      assert.deepEqual(change.files.map((f) => f.path), ['b.txt']);
      await assert.rejects(readChange(repo.root, { base: 'no-such-branch' }), /"no-such-branch" names no commit/);
    });
  });

  it('reads a branch without upstream: commits since the merge-base, staged, unstaged and untracked work', async () => {
    const repo = make();
    repo.commit({ message: 'Base', date: '2024-01-01T10:00:00Z', files: { 'app/a.rb': lines(10), 'app/b.rb': lines(5), 'gone.txt': 'x\n' } });
    repo.git('checkout', '-q', '-b', 'feature');
    repo.commit({ message: 'Feature work', date: '2024-01-02T10:00:00Z', author: bob, files: { 'app/a.rb': lines(10).replace('line 3\n', 'three\n') } });
    repo.git('checkout', '-q', 'main');
    repo.commit({ message: 'Main moves on', date: '2024-01-03T10:00:00Z', files: { 'main-only.txt': 'm\n' } });
    repo.git('checkout', '-q', 'feature');
    repo.write('app/b.rb', lines(5).replace('line 5\n', 'line 5\nline 6\n'));
    repo.git('add', 'app/b.rb');
    repo.write('app/a.rb', repo.read('app/a.rb').replace('line 8\n', 'eight\n'));
    repo.git('rm', '-q', 'gone.txt');
    repo.write('notes/new.md', 'one\ntwo\n');
    repo.write('.gitignore', 'ignored.log\n');
    repo.write('ignored.log', 'noise\n');

    const change = await readChange(repo.root);
    assert.equal(change.branch, 'feature');
    assert.equal(change.base.ref, 'main');
    assert.deepEqual(change.commits.map((c) => c.subject), ['Feature work']);
    assert.ok(change.uncommitted);
    assert.deepEqual(
      change.files.map((f) => [f.path, f.status, f.added, f.removed]),
      [
        ['.gitignore', 'untracked', 1, 0],
        ['app/a.rb', 'modified', 2, 2],
        ['app/b.rb', 'modified', 1, 0],
        ['gone.txt', 'deleted', 0, 1],
        ['notes/new.md', 'untracked', 2, 0],
      ],
      'main-only.txt is not part of the change; ignored.log is ignored',
    );
    const a = change.files.find((f) => f.path === 'app/a.rb')!;
    assert.deepEqual(a.oldHunks, [{ start: 3, count: 1 }, { start: 8, count: 1 }]);
    assert.deepEqual(a.addedLines, ['three', 'eight']);
    assert.ok(touchesOldLines(a, 1, 3) && touchesOldLines(a, 8, 9) && !touchesOldLines(a, 4, 7));
    const b = change.files.find((f) => f.path === 'app/b.rb')!;
    assert.deepEqual(b.oldHunks, [{ start: 5, count: 0 }], 'an insertion after line 5');
    assert.ok(touchesOldLines(b, 4, 6) && !touchesOldLines(b, 1, 5));
    assert.deepEqual(change.totals, { files: 5, added: 6, removed: 3 });
    assert.deepEqual(change.authors.map((p) => p.email), ['alice@example.com', 'bob@example.com'], 'commit authors and the configured identity');
  });

  it('works on a detached HEAD and reports an empty diff as no files', async () => {
    const repo = make();
    const sha = repo.commit({ message: 'Base', date: '2024-01-01T10:00:00Z', files: { 'a.txt': 'a\n' } });
    repo.git('checkout', '-q', '--detach', sha);
    const change = await readChange(repo.root);
    assert.equal(change.branch, undefined);
    assert.equal(change.head, sha);
    assert.equal(change.mergeBase, sha);
    assert.deepEqual(change.files, []);
    assert.equal(change.uncommitted, false);
    assert.deepEqual(change.totals, { files: 0, added: 0, removed: 0 });
  });

  it('reads file names with spaces exactly (git ends their --- and +++ lines with a tab)', async () => {
    const repo = make();
    repo.commit({ message: 'Base', date: '2024-01-01T10:00:00Z', files: { 'app/models/order item.rb': lines(5), 'app/models/gone item.rb': lines(3) } });
    repo.git('checkout', '-q', '-b', 'feature');
    repo.commit({ message: 'Edit', date: '2024-01-02T10:00:00Z', files: { 'app/models/order item.rb': lines(6), 'app/models/gone item.rb': null, 'app/models/new item.rb': 'x\n' } });
    const change = await readChange(repo.root);
    assert.deepEqual(change.files.map((f) => [f.path, f.status]).sort(), [
      ['app/models/gone item.rb', 'deleted'],
      ['app/models/new item.rb', 'added'],
      ['app/models/order item.rb', 'modified'],
    ]);
  });

  it('reports binary files without line counts and renames with their old path', async () => {
    const repo = make();
    repo.commit({ message: 'Base', date: '2024-01-01T10:00:00Z', files: { 'lib/old_name.rb': lines(30), 'logo.png': 'x' } });
    repo.git('checkout', '-q', '-b', 'feature');
    repo.commit({ message: 'Move', date: '2024-01-02T10:00:00Z', renames: { 'lib/old_name.rb': 'lib/new_name.rb' } });
    fs.writeFileSync(path.join(repo.root, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 0]));
    fs.writeFileSync(path.join(repo.root, 'blob.bin'), Buffer.from([0, 1, 2, 3]));
    repo.write('lib/new_name.rb', lines(30).replace('line 30\n', 'thirty\n'));
    const change = await readChange(repo.root);
    const byPath = new Map(change.files.map((f) => [f.path, f]));
    assert.deepEqual(
      [...byPath.values()].map((f) => [f.path, f.status, f.binary]),
      [
        ['blob.bin', 'untracked', true],
        ['lib/new_name.rb', 'renamed', false],
        ['logo.png', 'modified', true],
      ],
    );
    const renamed = byPath.get('lib/new_name.rb')!;
    assert.equal(renamed.oldPath, 'lib/old_name.rb');
    assert.deepEqual([renamed.added, renamed.removed], [1, 1]);
    assert.deepEqual(renamed.oldHunks, [{ start: 30, count: 1 }]);
    assert.deepEqual([byPath.get('logo.png')!.added, byPath.get('blob.bin')!.added], [0, 0]);
  });
});

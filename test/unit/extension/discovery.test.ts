import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { headFilesOf, type HeadFiles } from '../../../src/extension/workspace/discovery';
import { TestRepo } from '../../helpers/testRepo';

/** Files under the watched folders (objects aside) with their contents, by absolute path. */
function snapshot(watched: HeadFiles[]): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'objects') visit(full);
      } else files.set(full, fs.readFileSync(full, 'latin1'));
    }
  };
  for (const { folder } of watched) visit(folder);
  return files;
}

/** The files `action` wrote that a watcher on `watched` sees. */
function watchedWrites(watched: HeadFiles[], action: () => void): string[] {
  const before = snapshot(watched);
  action();
  const written = [...snapshot(watched)].filter(([file, text]) => before.get(file) !== text).map(([file]) => file);
  return written.filter((file) =>
    watched.some(({ folder, pattern }) => {
      const relative = path.relative(folder, file);
      return !relative.startsWith('..') && picomatch(pattern, { dot: true })(relative.split(path.sep).join('/'));
    }),
  );
}

function gitDirs(repo: TestRepo, at: string): string[] {
  const dirs = repo.git('-C', at, 'rev-parse', '--path-format=absolute', '--git-dir', '--git-common-dir').split('\n');
  return [...new Set(dirs.map((dir) => fs.realpathSync(dir)))].sort();
}

describe('the files that show HEAD moves (no git process)', () => {
  let repo: TestRepo;
  let outside: string;

  beforeEach(() => {
    repo = TestRepo.create();
    repo.commit({ message: 'Initial', date: '2024-01-01T10:00:00Z', files: { 'a.txt': 'a\n' } });
    outside = fs.realpathSync(fs.mkdtempSync(path.join(path.dirname(repo.root), 'change-risk-worktree-')));
  });

  afterEach(() => {
    repo.dispose();
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it('are in .git for a repository, and a commit writes one of them', () => {
    const watched = headFilesOf(repo.root);
    assert.deepEqual(watched.map((w) => w.folder).sort(), gitDirs(repo, repo.root));
    assert.ok(watchedWrites(watched, () => repo.commit({ message: 'Second', date: '2024-01-02T10:00:00Z' })).length > 0);
  });

  it('are where git keeps them for a linked worktree (its .git is a file), and a commit there writes one of them', () => {
    const worktree = path.join(outside, 'feature');
    repo.git('worktree', 'add', '--quiet', '-b', 'feature', worktree);
    assert.ok(fs.statSync(path.join(worktree, '.git')).isFile());
    const watched = headFilesOf(worktree);
    assert.deepEqual(watched.map((w) => w.folder).sort(), gitDirs(repo, worktree));
    const written = watchedWrites(watched, () => repo.git('-C', worktree, 'commit', '--quiet', '--allow-empty', '-m', 'On the feature'));
    assert.ok(written.length > 0, 'a commit in the worktree is seen');
    assert.ok(watchedWrites(watched, () => repo.git('-C', worktree, 'checkout', '--quiet', '-b', 'other')).length > 0, 'a checkout in the worktree is seen');
  });

  it('are in the superproject’s .git/modules for a submodule (a relative gitdir)', () => {
    const library = TestRepo.create();
    try {
      library.commit({ message: 'Library', date: '2024-01-01T10:00:00Z', files: { 'lib.txt': 'lib\n' } });
      repo.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '--quiet', library.root, 'lib');
      const submodule = path.join(repo.root, 'lib');
      assert.match(fs.readFileSync(path.join(submodule, '.git'), 'utf8'), /^gitdir: \.\.\//);
      const watched = headFilesOf(submodule);
      assert.deepEqual(watched.map((w) => w.folder).sort(), gitDirs(repo, submodule));
      assert.ok(watchedWrites(watched, () => repo.git('-C', submodule, 'commit', '--quiet', '--allow-empty', '-m', 'In the submodule')).length > 0);
    } finally {
      library.dispose();
    }
  });

  it('are none for a folder without git, or whose .git file names no directory', () => {
    assert.deepEqual(headFilesOf(outside), []);
    fs.writeFileSync(path.join(outside, '.git'), `gitdir: ${path.join(outside, 'missing')}\n`);
    assert.deepEqual(headFilesOf(outside), []);
    fs.writeFileSync(path.join(outside, '.git'), 'not a gitdir line\n');
    assert.deepEqual(headFilesOf(outside), []);
  });
});

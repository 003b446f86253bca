import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileSizesAt, type FileSizes } from '../../../src/core/git/fileSizes';
import { openRepository } from '../../../src/core/git/repository';
import { TestRepo } from '../../helpers/testRepo';

/** Sizes as the work tree has them after a checkout of HEAD. */
function sizesOnDisk(repo: TestRepo): Map<string, number> {
  const files = repo.git('ls-files', '-z').split('\0').filter(Boolean);
  return new Map(files.map((file) => [file, fs.statSync(path.join(repo.root, file)).size]));
}

function asMap(sizes: FileSizes): Map<string, number> {
  return new Map(sizes.paths.map((file, i) => [file, sizes.bytes[i]!]));
}

describe('fileSizesAt', function () {
  this.timeout(30_000);
  let repo: TestRepo;
  let cacheDir: string;

  beforeEach(() => {
    repo = TestRepo.create();
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-sizes-'));
    repo.commit({
      message: 'Add',
      date: '2025-01-01T10:00:00Z',
      files: { 'app/a.rb': 'a\n', 'app/b.rb': 'bb\n', 'docs/read me ü.md': 'hello\n', 'gone.rb': 'x\n', 'old/name.rb': 'renamed\n' },
    });
  });
  afterEach(() => {
    repo.dispose();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  const sizes = async () => fileSizesAt(await openRepository(repo.root), cacheDir);

  it('lists every file of HEAD with its bytes, then reads them from the cache', async () => {
    const first = await sizes();
    assert.equal(first.source, 'full');
    assert.deepEqual(asMap(first), sizesOnDisk(repo));
    assert.equal(first.get('docs/read me ü.md'), 6, 'paths with spaces and non-ASCII characters are read as they are');
    const again = await sizes();
    assert.equal(again.source, 'cache');
    assert.deepEqual(asMap(again), asMap(first));
    assert.deepEqual([...again.alignedTo(['app/a.rb', 'app/c.rb', 'gone.rb'])], [2, Number.NaN, 2], 'sizes line up with a sorted list, NaN where unknown');
  });

  it('brings cached sizes to a new HEAD by asking only for the files that changed', async () => {
    await sizes();
    repo.write(':colon.rb', 'named like a diff header\n');
    repo.git('--literal-pathspecs', 'add', '--', ':colon.rb');
    repo.commit({
      message: 'Change',
      date: '2025-02-01T10:00:00Z',
      files: { 'app/a.rb': 'a longer file\n', 'new.rb': 'new\n', 'gone.rb': null },
      renames: { 'old/name.rb': 'new/name.rb' },
    });
    const updated = await sizes();
    assert.equal(updated.source, 'incremental');
    assert.deepEqual(asMap(updated), sizesOnDisk(repo));
  });

  it('starts from any cached tree, an ancestor of HEAD or not (after a rebase)', async () => {
    repo.git('checkout', '--quiet', '-b', 'topic');
    repo.commit({ message: 'Topic', date: '2025-02-01T10:00:00Z', files: { 'topic.rb': 'topic only\n' } });
    await sizes();
    repo.git('checkout', '--quiet', 'main');
    repo.commit({ message: 'Main', date: '2025-02-02T10:00:00Z', files: { 'app/b.rb': 'changed on main\n' } });
    const updated = await sizes();
    assert.equal(updated.source, 'incremental');
    assert.deepEqual(asMap(updated), sizesOnDisk(repo));
    assert.equal(updated.get('topic.rb'), undefined);
  });

  it('skips a cached entry it cannot stat (a dangling link, or removed by another process)', async () => {
    await sizes();
    fs.symlinkSync(path.join(cacheDir, 'missing'), path.join(cacheDir, `${'f'.repeat(40)}.sizes`));
    repo.commit({ message: 'Change', date: '2025-02-01T10:00:00Z', files: { 'app/a.rb': 'a longer file\n' } });
    const updated = await sizes();
    assert.equal(updated.source, 'incremental');
    assert.deepEqual(asMap(updated), sizesOnDisk(repo));
  });

  it('lists the whole tree again when the cache file is damaged', async () => {
    await sizes();
    const [file] = fs.readdirSync(cacheDir);
    fs.writeFileSync(path.join(cacheDir, file!), 'not a cache');
    const reread = await sizes();
    assert.equal(reread.source, 'full');
    assert.deepEqual(asMap(reread), sizesOnDisk(repo));
  });

  it('has nothing to list in a repository without commits', async () => {
    const empty = TestRepo.create();
    try {
      const result = await fileSizesAt(await openRepository(empty.root), cacheDir);
      assert.equal(result.paths.length, 0);
    } finally {
      empty.dispose();
    }
  });
});

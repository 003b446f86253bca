import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { replaceCacheFile } from '../../../src/core/git/repository';

describe('cache files', () => {
  let folder: string;
  beforeEach(() => (folder = fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-cachefile-'))));
  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('replaces a cache file whole, and a failed write leaves the old file and no temporary one', () => {
    const target = path.join(folder, 'head.index');
    replaceCacheFile(target, (temporary) => fs.writeFileSync(temporary, 'first'));
    assert.throws(
      () =>
        replaceCacheFile(target, (temporary) => {
          fs.writeFileSync(temporary, 'half');
          throw new Error('disk full');
        }),
      /disk full/,
    );
    assert.equal(fs.readFileSync(target, 'utf8'), 'first');
    assert.deepEqual(fs.readdirSync(folder), ['head.index']);
  });

  it('gives each write its own temporary file, so two writers of one HEAD never interleave', () => {
    const target = path.join(folder, 'head.index');
    const names: string[] = [];
    // The second write starts while the first is still filling its file, as a worker thread and the main thread may.
    replaceCacheFile(target, (first) => {
      names.push(first);
      fs.writeFileSync(first, 'from the worker');
      replaceCacheFile(target, (second) => {
        names.push(second);
        fs.writeFileSync(second, 'from the main thread');
      });
    });
    assert.notEqual(names[0], names[1]);
    assert.equal(fs.readFileSync(target, 'utf8'), 'from the worker');
    assert.deepEqual(fs.readdirSync(folder), ['head.index']);
  });
});

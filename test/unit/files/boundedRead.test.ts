import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readBounded, type BoundedRead } from '../../../src/core/files/boundedRead';

const posix = process.platform !== 'win32';

function text(read: BoundedRead): string {
  assert.equal(read.status, 'read', JSON.stringify(read));
  return read.status === 'read' ? read.bytes.toString('utf8') : '';
}

/** readBounded in a separate process, killed after 20 s: a hang fails the test instead of stalling the suite. */
function readInChild(root: string, files: string[], maxBytes: number): unknown {
  const reader = path.resolve(__dirname, '../../../src/core/files/boundedRead.ts');
  const script = `const { readBounded } = require(${JSON.stringify(reader)});
process.stdout.write(JSON.stringify(${JSON.stringify(files)}.map((file) => readBounded(${JSON.stringify(root)}, file, ${maxBytes}))));`;
  const out = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), '-e', script], { encoding: 'utf8', timeout: 20_000, killSignal: 'SIGKILL' });
  assert.equal(out.signal, null, 'the reader finished by itself');
  assert.equal(out.status, 0, out.stderr);
  return JSON.parse(out.stdout);
}

describe('readBounded: the one reader of files found in a repository', () => {
  let root: string;
  let outside: string;

  beforeEach(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-bounded-')));
    outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-outside-')));
    fs.mkdirSync(path.join(root, 'docs'));
    fs.writeFileSync(path.join(root, 'docs/notes.md'), 'notes\n');
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'secret\n');
  });

  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it('reads a regular file inside the folder, by a posix relative path', () => {
    assert.equal(text(readBounded(root, 'docs/notes.md', 100)), 'notes\n');
  });

  it('reads a file of exactly the cap, and refuses one byte more before reading it', () => {
    fs.writeFileSync(path.join(root, 'ten'), '0123456789');
    assert.equal(text(readBounded(root, 'ten', 10)), '0123456789');
    assert.deepEqual(readBounded(root, 'ten', 9), { status: 'refused', reason: 'too-large', size: 10, limit: 9 });
  });

  it('says missing for an absent file and for a path through a file', () => {
    assert.deepEqual(readBounded(root, 'nothing.md', 100), { status: 'missing' });
    assert.deepEqual(readBounded(root, 'docs/notes.md/below', 100), { status: 'missing' });
  });

  it('refuses a folder', () => {
    assert.deepEqual(readBounded(root, 'docs', 100), { status: 'refused', reason: 'not-a-file', kind: 'folder' });
    assert.deepEqual(readBounded(root, '', 100), { status: 'refused', reason: 'not-a-file', kind: 'folder' });
  });

  it('refuses a path that climbs out of the folder', () => {
    const name = path.basename(outside);
    assert.deepEqual(readBounded(root, `../${name}/secret.txt`, 100), { status: 'refused', reason: 'outside' });
  });

  (posix ? describe : describe.skip)('links and special files (POSIX)', () => {
    it('follows a link to a file inside the folder', () => {
      fs.symlinkSync('docs/notes.md', path.join(root, 'link.md'));
      assert.equal(text(readBounded(root, 'link.md', 100)), 'notes\n');
    });

    it('refuses a link to a file outside the folder, and one through a linked folder', () => {
      fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'secret.txt'));
      fs.symlinkSync(outside, path.join(root, 'elsewhere'));
      assert.deepEqual(readBounded(root, 'secret.txt', 100), { status: 'refused', reason: 'outside' });
      assert.deepEqual(readBounded(root, 'elsewhere/secret.txt', 100), { status: 'refused', reason: 'outside' });
    });

    it('refuses a link to /dev/zero without reading it', () => {
      fs.symlinkSync('/dev/zero', path.join(root, '.mailmap'));
      assert.deepEqual(readBounded(root, '.mailmap', 100), { status: 'refused', reason: 'outside' });
    });

    it('refuses a device even when it is inside the folder given', function () {
      if (!fs.existsSync('/dev/zero')) this.skip();
      assert.deepEqual(readBounded('/dev', 'zero', 100), { status: 'refused', reason: 'not-a-file', kind: 'device' });
    });

    it('refuses a broken link, saying so', () => {
      fs.symlinkSync('gone.md', path.join(root, 'broken.md'));
      const read = readBounded(root, 'broken.md', 100);
      assert.equal(read.status === 'refused' && read.reason, 'broken-link');
    });

    it('refuses a named pipe without opening it for reading (which would wait for a writer forever)', () => {
      execFileSync('mkfifo', [path.join(root, 'pipe.md')]);
      fs.symlinkSync('pipe.md', path.join(root, 'to-pipe.md'));
      // In a child process: a reader that blocked on the pipe would block this one beyond any mocha timeout.
      const reads = readInChild(root, ['pipe.md', 'to-pipe.md'], 100);
      assert.deepEqual(reads, [
        { status: 'refused', reason: 'not-a-file', kind: 'named pipe' },
        { status: 'refused', reason: 'not-a-file', kind: 'named pipe' },
      ]);
    });

    it('bounds a file that claims size 0 but has content (/proc): reads it under the cap, refuses it over', function () {
      const proc = '/proc/self';
      if (!fs.existsSync(path.join(proc, 'status')) || fs.statSync(path.join(proc, 'status')).size !== 0) this.skip();
      const read = readBounded(proc, 'status', 1024 * 1024);
      assert.match(text(read), /^Name:/);
      const capped = readBounded(proc, 'status', 16);
      assert.equal(capped.status === 'refused' && capped.reason, 'too-large');
      assert.equal(capped.status === 'refused' && capped.reason === 'too-large' && capped.size, 17, 'it stops one byte past the cap');
    });
  });
});

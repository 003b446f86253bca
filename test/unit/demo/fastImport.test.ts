import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FastImportWriter, quotePath } from '../../../src/demo/fastImport';

function git(root: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'core.quotepath=false', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } }).trimEnd();
}

const who = (time: number) => ({ name: 'Ada Lovelace', email: 'ada@example.com', time, tz: '+0100' });

describe('FastImportWriter', () => {
  let root: string;

  beforeEach(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-fi-')));
    git(root, 'init', '--quiet', '--initial-branch=main');
  });

  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('quotes paths C-style for fast-import', () => {
    assert.equal(quotePath('docs/a b.md'), '"docs/a b.md"');
    assert.equal(quotePath('x"y\\z'), '"x\\"y\\\\z"');
    assert.equal(quotePath('line\nbreak'), '"line\\nbreak"');
    assert.equal(quotePath('Ünï'), '"Ünï"');
  });

  it('writes paths with spaces and non-ASCII characters, including a rename', async () => {
    const writer = FastImportWriter.start(root);
    const first = await writer.commit({
      ref: 'refs/heads/main',
      author: who(1_600_000_000),
      message: 'Add notes\n',
      changes: [
        { op: 'M', path: 'docs/Ünïcödé file.md', content: '# Notes\n\nÄrger mit Umlauten.\n' },
        { op: 'M', path: 'odd/quote"and\\slash.txt', content: 'x\n' },
      ],
    });
    await writer.commit({
      ref: 'refs/heads/main',
      author: who(1_600_000_600),
      message: 'Move notes\n',
      changes: [{ op: 'R', from: 'docs/Ünïcödé file.md', to: 'docs/archive 2020/Ünïcödé file.md' }],
    });
    const firstSha = await writer.getMark(first);
    await writer.finish();

    assert.equal(git(root, 'rev-parse', 'main~1'), firstSha);
    assert.equal(git(root, 'log', '-1', '--format=%s', 'main'), 'Move notes');
    assert.equal(git(root, 'show', 'main:docs/archive 2020/Ünïcödé file.md'), '# Notes\n\nÄrger mit Umlauten.');
    assert.equal(git(root, 'show', 'main:odd/quote"and\\slash.txt'), 'x');
    assert.equal(git(root, 'log', '-1', '-M', '--name-status', '--format=', 'main'), 'R100\tdocs/Ünïcödé file.md\tdocs/archive 2020/Ünïcödé file.md');
    assert.equal(git(root, 'log', '-1', '--format=%an <%ae> %at %ad', '--date=format:%z', 'main'), 'Ada Lovelace <ada@example.com> 1600000600 +0100');
  });

  it('creates branches, merges them and deletes files', async () => {
    const writer = FastImportWriter.start(root);
    const base = await writer.commit({ ref: 'refs/heads/main', author: who(1_600_000_000), message: 'base\n', changes: [{ op: 'M', path: 'a.txt', content: 'a\n' }, { op: 'M', path: 'b.txt', content: 'b\n' }] });
    await writer.reset('refs/heads/topic', base);
    const topic = await writer.commit({ ref: 'refs/heads/topic', author: who(1_600_000_100), message: 'topic\n', changes: [{ op: 'M', path: 'c.txt', content: 'c\n' }] });
    await writer.commit({ ref: 'refs/heads/main', author: who(1_600_000_200), message: 'main\n', changes: [{ op: 'D', path: 'b.txt' }] });
    const merge = await writer.commit({ ref: 'refs/heads/main', author: who(1_600_000_300), message: 'Merge topic\n', merge: [topic], changes: [{ op: 'M', path: 'c.txt', content: 'c\n' }] });
    const mergeSha = await writer.getMark(merge);
    await writer.finish();

    assert.equal(git(root, 'rev-parse', 'main'), mergeSha);
    assert.equal(git(root, 'rev-list', '--parents', '-1', 'main').split(' ').length, 3);
    assert.equal(git(root, 'ls-tree', '--name-only', 'main'), 'a.txt\nc.txt');
    assert.equal(git(root, 'rev-parse', 'main^2'), git(root, 'rev-parse', 'topic'));
  });

  it('streams large contents with backpressure', async () => {
    const writer = FastImportWriter.start(root, { bufferBytes: 1024 });
    const big = 'x'.repeat(1024 * 1024) + '\n';
    for (let i = 0; i < 8; i++) {
      await writer.commit({ ref: 'refs/heads/main', author: who(1_600_000_000 + i), message: `big ${i}\n`, changes: [{ op: 'M', path: `big/${i}.txt`, content: big }] });
    }
    await writer.finish();
    assert.equal(git(root, 'rev-list', '--count', 'main'), '8');
    assert.equal(git(root, 'cat-file', '-s', 'main:big/7.txt'), String(big.length));
  });

  it("rejects with git's stderr when the stream is invalid", async () => {
    const writer = FastImportWriter.start(root);
    await writer.commit({ ref: 'refs/heads/main', author: who(1_600_000_000), message: 'bad parent\n', from: 999, changes: [{ op: 'M', path: 'a.txt', content: 'a\n' }] });
    await assert.rejects(
      async () => writer.finish(),
      (error: Error) => /git fast-import/.test(error.message) && /mark :999/.test(error.message),
    );
  });
});

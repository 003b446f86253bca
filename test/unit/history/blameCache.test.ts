/**
 * What git blame said of a file is kept with the index, for the same HEAD, path and text: a window
 * reopened on the same commit marks its files without blaming them again. Real repositories; the
 * proof that the kept answer is used is that git could not have given it (its objects moved away).
 */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ChangeRiskEngine } from '../../../src/core/engine';
import type { LineMark } from '../../../src/core/engine';
import { lines, TestRepo } from '../../helpers/testRepo';

const NOW = new Date('2026-06-01T00:00:00Z');
const FILE = 'app/billing/invoice.rb';

function summary(marks: LineMark[]): string[] {
  return marks.map((mark) => `${mark.start}-${mark.end} ${mark.source} ${mark.commits.map((commit) => commit.subject).join(',')}`);
}

function keptBlames(cacheDir: string): string[] {
  return fs
    .readdirSync(cacheDir)
    .flatMap((repository) => {
      const folder = path.join(cacheDir, repository, 'blame');
      return fs.existsSync(folder) ? fs.readdirSync(folder).map((name) => path.join(folder, name)) : [];
    })
    .sort();
}

describe('blame kept between runs', () => {
  let repo: TestRepo;
  let cacheDir: string;

  beforeEach(() => {
    repo = TestRepo.create();
    repo.commit({ message: 'Add invoice', date: '2025-01-10T10:00:00Z', files: { [FILE]: lines(10), 'app/other.rb': lines(3) } });
    repo.commit({ message: 'Fix rounding', date: '2025-03-14T10:00:00Z', files: { [FILE]: lines(10).replace('line 3\nline 4\nline 5', 'fixed 3\nfixed 4\nfixed 5') } });
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-blame-cache-'));
  });

  afterEach(() => {
    repo.dispose();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  /** Runs `work` while the repository's objects are out of git's reach: any git blame fails. */
  async function withoutObjects<T>(work: () => Promise<T>): Promise<T> {
    const objects = path.join(repo.root, '.git', 'objects');
    fs.renameSync(objects, `${objects}-away`);
    try {
      return await work();
    } finally {
      fs.renameSync(`${objects}-away`, objects);
    }
  }

  it('marks a file from the kept blame on the next start, and blames again when its text differs', async () => {
    const first = await ChangeRiskEngine.open({ folder: repo.root, cacheDir, now: NOW });
    const marks = summary(await first.lineMarks(FILE));
    assert.deepEqual(marks, ['3-5 history Fix rounding']);
    assert.equal(keptBlames(cacheDir).length, 1);

    const second = await ChangeRiskEngine.open({ folder: repo.root, cacheDir, now: NOW });
    assert.deepEqual(await withoutObjects(async () => summary(await second.lineMarks(FILE))), marks, 'the same marks, with no git blame possible');

    // An unsaved line above the fix: another text, so git is asked (and cannot answer without its objects).
    const edited = `new line\n${fs.readFileSync(path.join(repo.root, FILE), 'utf8')}`;
    await assert.rejects(withoutObjects(() => second.lineMarks(FILE, { contents: edited })));
    assert.deepEqual(summary(await second.lineMarks(FILE, { contents: edited })), ['4-6 history Fix rounding']);
    assert.equal(keptBlames(cacheDir).length, 2);
    assert.deepEqual(await withoutObjects(async () => summary(await second.lineMarks(FILE, { contents: edited }))), ['4-6 history Fix rounding']);

    // The file saved with other text: its kept blame is for the old text.
    fs.writeFileSync(path.join(repo.root, FILE), `# header\n${fs.readFileSync(path.join(repo.root, FILE), 'utf8')}`);
    await assert.rejects(withoutObjects(() => second.lineMarks(FILE)));
    assert.deepEqual(summary(await second.lineMarks(FILE)), ['4-6 history Fix rounding']);
  });

  it('asks git again after HEAD moves', async () => {
    const first = await ChangeRiskEngine.open({ folder: repo.root, cacheDir, now: NOW });
    await first.lineMarks(FILE);
    repo.commit({ message: 'Fix other', date: '2025-04-01T10:00:00Z', files: { 'app/other.rb': lines(4) } });
    const moved = (await first.refresh({ cacheDir, now: NOW }))!;
    await assert.rejects(withoutObjects(() => moved.lineMarks(FILE)));
    assert.deepEqual(summary(await moved.lineMarks(FILE)), ['3-5 history Fix rounding']);
    assert.equal(keptBlames(cacheDir).length, 2);
  });

  it('ignores and removes a kept blame that is damaged or does not fit the text, and blames instead', async () => {
    const first = await ChangeRiskEngine.open({ folder: repo.root, cacheDir, now: NOW });
    await first.lineMarks(FILE);
    const [kept] = keptBlames(cacheDir);
    const valid = JSON.parse(fs.readFileSync(kept!, 'utf8')) as { format: number; digest: string; entries: [string, number, number][] };
    /** The entries changed, with a checksum that fits them: only the other checks can catch these. */
    const resealed = (entries: unknown[]) => JSON.stringify({ ...valid, entries, digest: crypto.createHash('sha256').update(JSON.stringify(entries)).digest('hex') });
    const otherSha = valid.entries.map(([sha, start, count]) => [`${sha.slice(0, -1)}${sha.endsWith('0') ? '1' : '0'}`, start, count]);
    const damaged = [
      '{"format": 1, "entries": [',
      JSON.stringify({ ...valid, format: 99 }),
      JSON.stringify({ ...valid, entries: otherSha }),
      resealed(valid.entries.map(([sha, start, count]) => [sha, start + 20, count])),
      resealed(valid.entries.map(([sha, start, count]) => [`${sha.slice(1)}x`, start, count])),
      resealed([['a'.repeat(40), 0, 2]]),
    ];
    for (const text of damaged) {
      fs.writeFileSync(kept!, text);
      const engine = await ChangeRiskEngine.open({ folder: repo.root, cacheDir, now: NOW });
      await assert.rejects(withoutObjects(() => engine.lineMarks(FILE)), `not used: ${text}`);
      assert.equal(fs.existsSync(kept!), false, `removed: ${text}`);
      assert.deepEqual(summary(await engine.lineMarks(FILE)), ['3-5 history Fix rounding'], `blamed again: ${text}`);
      assert.deepEqual(JSON.parse(fs.readFileSync(kept!, 'utf8')), valid, 'and kept anew');
    }
  });

  it('keeps nothing without a cache folder', async () => {
    const engine = await ChangeRiskEngine.open({ folder: repo.root, now: NOW });
    assert.deepEqual(summary(await engine.lineMarks(FILE)), ['3-5 history Fix rounding']);
    await assert.rejects(withoutObjects(() => engine.lineMarks(FILE)));
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseIncident } from '../../../src/core/team';
import { incidentMarkdown, nextIncidentId, parseAffected, slugify, writeIncidentFile, type IncidentDraft } from '../../../src/extension/commands/incidentFile';
import { loadTeamFiles } from '../../../src/core/team';

const draft: IncidentDraft = {
  id: 'INC-36',
  title: 'Migration: almost "locked" #invoices <b>— täglich',
  kind: 'near-miss',
  severity: 'low',
  date: '2026-01-02',
  affected: [{ path: 'app/models/invoice.rb', lines: [{ start: 41, end: 44 }] }, { path: 'db/migrate/**' }],
  fixCommits: ['abcdef1234'],
};

describe('incident file writer', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-record-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('slugs titles to safe file names', () => {
    assert.equal(slugify(draft.title), 'migration-almost-locked-invoices-b-taglich');
    assert.equal(slugify('   '), 'untitled');
    assert.equal(slugify('../../etc/passwd'), 'etc-passwd');
    assert.ok(slugify('x'.repeat(200)).length <= 60);
  });

  it('writes front matter that the ledger parser loads without any diagnostic', () => {
    const { incident, diagnostics } = parseIncident(incidentMarkdown(draft), '.changerisk/incidents/x.md', { declaredAreas: [] });
    assert.deepEqual(diagnostics, []);
    assert.equal(incident?.title, draft.title);
    assert.equal(incident?.kind, 'near-miss');
    assert.equal(incident?.severity, 'low');
    assert.equal(incident?.date, '2026-01-02');
    assert.deepEqual(incident?.affected, [
      { path: 'app/models/invoice.rb', lines: [{ start: 41, end: 44 }] },
      { path: 'db/migrate/**', lines: [] },
    ]);
    assert.deepEqual(incident?.commits.fix, ['abcdef1234']);
  });

  /** Titles and paths with every character that a line-oriented reader or YAML treats specially. */
  const ODD = ['\u2028', '\u2029', '\u0085', '\r', '\r\n', '\n', '\v', '\f', '\0', '\x1b', '\x7f', '\x9f', '\t', '\ufeff', '\u200b', '\u202e', '\ufffe', '\uffff', '"', "'", '\\', '#', ' #', ': ', ':', '---', '...', '- ', '? ', '|', '>', '!', '&a', '*a', '%', '@', '`', '{', '[', ',', ' ', '😀'];
  const PREFIXES = ['', '\ufeff---'];
  const SUFFIXES = ['\n---', '\u2028---', '\u2029...\n', '\u0085--- ', '\r---'];

  it('writes a postmortem that loads back with the same title and path, whatever characters they hold', async () => {
    const titles = new Set<string>(['a\u2028---\nkind: incident', '\u2028---', '---', '...', 'null', 'true', '123', '~', '0x1F', '2026-01-02']);
    for (const odd of ODD) for (const prefix of PREFIXES) for (const suffix of SUFFIXES) titles.add(`${prefix}${odd}x${odd}${suffix}`);
    let checked = 0;
    for (const title of titles) {
      if (title.trim() === '') continue;
      const written = { ...draft, title, affected: [{ path: `app/${title.replaceAll('\\', '/')}.rb`, lines: [{ start: 3, end: 4 }] }] }; // a backslash is refused in paths (tested below)
      const text = incidentMarkdown(written);
      const { incident, diagnostics } = parseIncident(text, '.changerisk/incidents/x.md');
      assert.deepEqual(diagnostics, [], JSON.stringify(title));
      assert.equal(incident?.title, title);
      assert.equal(incident?.affected[0]?.path, written.affected[0]!.path);
      assert.equal(incident?.kind, 'near-miss', JSON.stringify(title));
      assert.doesNotMatch(text, /[\u2028\u2029\u0085\r\v\f\0\ufeff]/, `no raw odd character written for ${JSON.stringify(title)}`);
      checked++;
    }
    assert.ok(checked > 400, `${checked} titles checked`);
    // And through the file system and the ledger loader the engine uses.
    const file = await writeIncidentFile(dir, { ...draft, title: 'Rounding\u2028---\nkind: incident\u2029...' });
    const loaded = await loadTeamFiles(dir);
    assert.deepEqual(loaded.diagnostics, []);
    assert.equal(loaded.incidents.length, 1, path.basename(file));
    assert.equal(loaded.incidents[0]!.title, 'Rounding\u2028---\nkind: incident\u2029...');
  });

  it('refuses a title or path it cannot represent, naming the field, and writes nothing', async () => {
    await assert.rejects(writeIncidentFile(dir, { ...draft, title: 'lone \ud800 surrogate' }), /^IncidentDraftError: the incident's title cannot be written: it contains an unpaired UTF-16 surrogate/);
    await assert.rejects(writeIncidentFile(dir, { ...draft, affected: [{ path: 'a\udc00.rb' }] }), /^IncidentDraftError: the incident's affected\[0\] cannot be written/);
    await assert.rejects(writeIncidentFile(dir, { ...draft, title: ' \n ' }), /title cannot be written: a title is required/);
    await assert.rejects(writeIncidentFile(dir, { ...draft, affected: [{ path: 'app\\a.rb' }] }), /affected\[0\] cannot be written: the ledger would not load it \(use "\/" as the path separator\)/);
    assert.throws(() => incidentMarkdown({ ...draft, id: 'INC 1' }), /the incident's id cannot be written/);
    assert.equal(fs.existsSync(path.join(dir, '.changerisk')), false);
  });

  it('never overwrites: a taken name gets a suffix, the existing file is untouched', async () => {
    const first = await writeIncidentFile(dir, draft);
    assert.equal(path.relative(fs.realpathSync(dir), first), path.join('.changerisk', 'incidents', '2026-01-02-migration-almost-locked-invoices-b-taglich.md'));
    const before = fs.readFileSync(first, 'utf8');
    const second = await writeIncidentFile(dir, { ...draft, id: 'INC-37' });
    assert.equal(path.basename(second), '2026-01-02-migration-almost-locked-invoices-b-taglich-2.md');
    assert.equal(fs.readFileSync(first, 'utf8'), before);
    assert.deepEqual(fs.readdirSync(path.dirname(first)).sort(), [path.basename(first), path.basename(second)].sort(), 'no temporary file left');
  });

  it('refuses a date that is not a calendar date, such as one that would leave the ledger folder, and writes nothing', async () => {
    for (const date of ['../../x', '2024-01-01/../../..', '2024-01-01/../../../escaped', '/tmp/x', '2024-02-30', '2024-1-1', '']) {
      await assert.rejects(writeIncidentFile(dir, { ...draft, date }), /^IncidentDraftError: the incident's date cannot be written: .* is not a calendar date like 2024-03-14/, date);
    }
    assert.equal(fs.existsSync(path.join(dir, '.changerisk')), false, 'no folder created either');
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('never deletes or truncates a file it did not create: one at the old temporary name survives', async () => {
    const incidents = path.join(dir, '.changerisk', 'incidents');
    fs.mkdirSync(incidents, { recursive: true });
    const name = '2026-01-02-migration-almost-locked-invoices-b-taglich.md';
    // The names the writer used to take for its temporary file (`.<name>.<pid>.tmp`): someone's file there is left alone.
    const squatter = path.join(incidents, `.${name}.${process.pid}.tmp`);
    fs.writeFileSync(squatter, 'not yours');
    const written = await writeIncidentFile(dir, draft);
    assert.equal(fs.readFileSync(squatter, 'utf8'), 'not yours');
    assert.equal(path.basename(written), name);
    assert.deepEqual(fs.readdirSync(incidents).sort(), [path.basename(squatter), name].sort(), 'no temporary file of its own left');
  });

  it('never overwrites an existing postmortem of the same name, not even an empty one', async () => {
    const incidents = path.join(dir, '.changerisk', 'incidents');
    fs.mkdirSync(incidents, { recursive: true });
    const name = '2026-01-02-migration-almost-locked-invoices-b-taglich';
    fs.writeFileSync(path.join(incidents, `${name}.md`), 'theirs');
    fs.writeFileSync(path.join(incidents, `${name}-2.md`), '');
    const written = await writeIncidentFile(dir, draft);
    assert.equal(path.basename(written), `${name}-3.md`);
    assert.equal(fs.readFileSync(path.join(incidents, `${name}.md`), 'utf8'), 'theirs');
    assert.equal(fs.readFileSync(path.join(incidents, `${name}-2.md`), 'utf8'), '');
    await assert.rejects(writeIncidentFile(dir, draft, 3), /^IncidentFileExistsError: .* already exists/);
    assert.equal(fs.readdirSync(incidents).length, 3, 'a refused write leaves nothing behind');
  });

  it('writes nothing through a ledger folder that links out of the repository, and says which folder', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-outside-'));
    try {
      fs.symlinkSync(outside, path.join(dir, '.changerisk'));
      await assert.rejects(writeIncidentFile(dir, draft), /^IncidentFolderOutsideError: \.changerisk is a symbolic link out of the repository or to nothing; nothing was written/);
      fs.rmSync(path.join(dir, '.changerisk'));
      fs.mkdirSync(path.join(dir, '.changerisk'));
      fs.symlinkSync(outside, path.join(dir, '.changerisk', 'incidents'));
      await assert.rejects(writeIncidentFile(dir, draft), /\.changerisk\/incidents is a symbolic link out of the repository/);
      assert.deepEqual(fs.readdirSync(outside), [], 'nothing written outside');
      fs.rmSync(path.join(dir, '.changerisk', 'incidents'));
      fs.symlinkSync(path.join(dir, 'missing'), path.join(dir, '.changerisk', 'incidents'));
      await assert.rejects(writeIncidentFile(dir, draft), /^IncidentFolderOutsideError: \.changerisk\/incidents is a symbolic link out of the repository or to nothing/);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('names the new file under the repository as the editor opened it, through a link', async () => {
    const link = `${dir}-link`;
    fs.symlinkSync(dir, link);
    try {
      const written = await writeIncidentFile(link, draft);
      assert.equal(written, path.join(link, '.changerisk', 'incidents', '2026-01-02-migration-almost-locked-invoices-b-taglich.md'));
      assert.ok(fs.existsSync(path.join(dir, '.changerisk', 'incidents', path.basename(written))));
    } finally {
      fs.rmSync(link);
    }
  });

  it('follows a ledger folder linked elsewhere inside the repository', async () => {
    fs.mkdirSync(path.join(dir, 'docs', 'ledger'), { recursive: true });
    fs.mkdirSync(path.join(dir, '.changerisk'));
    fs.symlinkSync(path.join(dir, 'docs', 'ledger'), path.join(dir, '.changerisk', 'incidents'));
    await writeIncidentFile(dir, draft);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'docs', 'ledger')), ['2026-01-02-migration-almost-locked-invoices-b-taglich.md']);
  });

  it('refuses with a clear error when no free name is left', async () => {
    await writeIncidentFile(dir, draft, 1);
    await assert.rejects(writeIncidentFile(dir, draft, 1), /already exists .* nothing was written/);
  });

  it('picks the next id in the ledger’s scheme and reads affected lines', () => {
    assert.equal(nextIncidentId(['INC-7', 'INC-35', 'INC-12', 'odd']), 'INC-36');
    assert.equal(nextIncidentId([]), 'INC-1');
    assert.deepEqual(parseAffected('app/a.rb:41-52, lib/b.rb:7, README.md'), [
      { path: 'app/a.rb', lines: [{ start: 41, end: 52 }] },
      { path: 'lib/b.rb', lines: [{ start: 7, end: 7 }] },
      { path: 'README.md' },
    ]);
  });
});

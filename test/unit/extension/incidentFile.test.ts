import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseIncident } from '../../../src/core/team';
import { incidentMarkdown, nextIncidentId, parseAffected, slugify, writeIncidentFile, type IncidentDraft } from '../../../src/extension/commands/incidentFile';

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

  it('never overwrites: a taken name gets a suffix, the existing file is untouched', async () => {
    const first = await writeIncidentFile(dir, draft);
    assert.equal(path.relative(fs.realpathSync(dir), first), path.join('.changerisk', 'incidents', '2026-01-02-migration-almost-locked-invoices-b-taglich.md'));
    const before = fs.readFileSync(first, 'utf8');
    const second = await writeIncidentFile(dir, { ...draft, id: 'INC-37' });
    assert.equal(path.basename(second), '2026-01-02-migration-almost-locked-invoices-b-taglich-2.md');
    assert.equal(fs.readFileSync(first, 'utf8'), before);
    assert.deepEqual(fs.readdirSync(path.dirname(first)).sort(), [path.basename(first), path.basename(second)].sort(), 'no temporary file left');
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

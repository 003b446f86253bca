import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CONFIG, INCIDENT_KINDS, loadTeamFiles, TEAM_DIR } from '../../../src/core/team';
import { TestRepo } from '../../helpers/testRepo';
import { TempRepo, text, where } from './helpers';

const CONFIG = '.changerisk/config.yaml';
const incidentFile = (name: string) => `.changerisk/incidents/${name}.md`;

function incident(id: string, kind = 'incident', extra: string[] = []): string {
  return text('---', `id: ${id}`, `title: ${id} title`, 'date: 2024-03-14', `kind: ${kind}`, ...extra, '---', `What happened in ${id}.`);
}

describe('loadTeamFiles', () => {
  let repo: TempRepo;
  beforeEach(() => (repo = new TempRepo()));
  afterEach(() => repo.dispose());

  it('uses the defaults when the repository has no .changerisk folder', async () => {
    const team = await loadTeamFiles(repo.root);
    assert.equal(TEAM_DIR, '.changerisk');
    assert.deepEqual(team, { config: DEFAULT_CONFIG, incidents: [], diagnostics: [] });
    assert.ok(!('configFile' in team));
  });

  it('loads a git repository with a config and a ledger of every kind', async () => {
    const git = TestRepo.create();
    try {
      git.write(CONFIG, text('areas:', '  - name: billing', '    paths: ["app/billing/**"]', '    legacy: true'));
      INCIDENT_KINDS.forEach((kind, i) => git.write(incidentFile(`INC-${i + 1}`), incident(`INC-${i + 1}`, kind, ['areas: [billing]'])));
      git.write('.changerisk/incidents/README.txt', 'not an incident');
      git.commit({ message: 'Add team files', date: '2024-04-01T10:00:00Z', files: {} });
      const team = await loadTeamFiles(git.root);
      assert.deepEqual(team.diagnostics, []);
      assert.equal(team.configFile, CONFIG);
      assert.deepEqual(team.config.areas, [{ name: 'billing', paths: ['app/billing/**'], owners: [], legacy: true }]);
      assert.deepEqual(
        team.incidents.map((i) => [i.id, i.kind, i.file, i.line, i.summary]),
        INCIDENT_KINDS.map((kind, i) => [`INC-${i + 1}`, kind, incidentFile(`INC-${i + 1}`), 2, `What happened in INC-${i + 1}.`]),
      );
    } finally {
      git.dispose();
    }
  });

  it('skips an invalid incident and still loads the others', async () => {
    repo.write(incidentFile('a'), incident('INC-1'));
    repo.write(incidentFile('b'), text('---', 'id: INC-2', 'title: broken', 'date: 2024-03-14', 'kind: outage', '---'));
    repo.write(incidentFile('c'), incident('INC-3'));
    const team = await loadTeamFiles(repo.root);
    assert.deepEqual(team.incidents.map((i) => i.id), ['INC-1', 'INC-3']);
    assert.deepEqual(team.diagnostics.map(where), [`${incidentFile('b')}:5:7 error kind`]);
  });

  it('reports a duplicate id on the second file, at its id line, and keeps the first', async () => {
    repo.write(incidentFile('2024-03-first'), incident('INC-12'));
    repo.write(incidentFile('2024-04-second'), text('---', '# copied from the first', 'id: INC-12', 'title: again', 'date: 2024-04-01', 'kind: incident', '---'));
    const team = await loadTeamFiles(repo.root);
    assert.deepEqual(team.incidents.map((i) => i.file), [incidentFile('2024-03-first')]);
    assert.deepEqual(team.diagnostics.map(where), [`${incidentFile('2024-04-second')}:3:1 error id`]);
    assert.match(team.diagnostics[0].message, /duplicate id "INC-12", already used by \.changerisk\/incidents\/2024-03-first\.md/);
  });

  it('keeps valid config sections when one field is invalid', async () => {
    repo.write(CONFIG, text('areas:', '  - name: billing', 'coupling:', '  minDegree: -5'));
    const team = await loadTeamFiles(repo.root);
    assert.deepEqual(team.diagnostics.map(where), [`${CONFIG}:4:14 error coupling.minDegree`]);
    assert.deepEqual(team.config.areas.map((a) => a.name), ['billing']);
    assert.equal(team.config.coupling.minDegree, 30);
  });

  it('warns about incident areas the config does not declare', async () => {
    repo.write(CONFIG, text('areas:', '  - name: billing'));
    repo.write(incidentFile('a'), incident('INC-1', 'incident', ['areas:', '  - billing', '  - payments']));
    const team = await loadTeamFiles(repo.root);
    assert.equal(team.incidents.length, 1);
    assert.deepEqual(team.diagnostics.map(where), [`${incidentFile('a')}:8:5 warning areas[1]`]);
  });

  it('reports files that are not UTF-8 text at the first bad byte, binary, empty or over 1 MiB, and skips them', async () => {
    repo.write(incidentFile('latin1'), Buffer.concat([Buffer.from('---\nid: INC-1\ntitle: caf'), Buffer.from([0xe9]), Buffer.from('\n---\n')]));
    repo.write(incidentFile('binary'), Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0x00, 0x01]));
    repo.write(incidentFile('empty'), '');
    repo.write(incidentFile('huge'), incident('INC-9') + 'x'.repeat(1024 * 1024));
    repo.write(incidentFile('ok'), incident('INC-2'));
    const team = await loadTeamFiles(repo.root);
    assert.deepEqual(team.incidents.map((i) => i.id), ['INC-2']);
    assert.deepEqual(team.diagnostics.map(where), [
      `${incidentFile('binary')}:1:1 error `,
      `${incidentFile('empty')}:1:1 error `,
      `${incidentFile('huge')}:1:1 error `,
      `${incidentFile('latin1')}:3:11 error `,
    ]);
    assert.deepEqual(
      team.diagnostics.map((d) => d.message.split(/[;(]/)[0].trim()),
      ['binary file', 'the file is empty', 'the file is 1025 KiB, over the 1024 KiB limit for this file', 'not valid UTF-8 text'],
    );
  });

  it('reports a config that cannot be read and uses the defaults', async () => {
    repo.write(CONFIG, Buffer.from([0xff, 0xfe, 0x00, 0x61]));
    const team = await loadTeamFiles(repo.root);
    assert.deepEqual(team.config, DEFAULT_CONFIG);
    assert.equal(team.configFile, CONFIG);
    assert.deepEqual(team.diagnostics.map(where), [`${CONFIG}:1:1 error `]);
  });

  it('does not follow symbolic links out of the repository', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-outside-'));
    try {
      fs.writeFileSync(path.join(outside, 'secret.md'), incident('INC-66'));
      fs.writeFileSync(path.join(outside, 'config.yaml'), 'areas: [{ name: stolen }]\n');
      repo.write(incidentFile('inside'), incident('INC-1'));
      fs.symlinkSync(path.join(outside, 'secret.md'), path.join(repo.root, incidentFile('escape')));
      fs.symlinkSync(path.join(outside, 'config.yaml'), path.join(repo.root, CONFIG));
      fs.symlinkSync(path.join(repo.root, incidentFile('inside')), path.join(repo.root, incidentFile('alias')));
      fs.symlinkSync(path.join(repo.root, 'nowhere.md'), path.join(repo.root, incidentFile('broken')));
      const team = await loadTeamFiles(repo.root);
      assert.deepEqual(team.config, DEFAULT_CONFIG);
      assert.deepEqual(team.incidents.map((i) => i.file), [incidentFile('alias')], 'a link inside the repository is followed, once per id');
      assert.deepEqual(team.diagnostics.map(where), [
        `${CONFIG}:1:1 error `,
        `${incidentFile('broken')}:1:1 error `,
        `${incidentFile('escape')}:1:1 error `,
        `${incidentFile('inside')}:2:1 error id`,
      ]);
      assert.match(team.diagnostics[0].message, /outside the repository/);
      assert.match(team.diagnostics[1].message, /broken symbolic link/);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('does not follow a symlinked incidents folder out of the repository', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-outside-'));
    try {
      fs.writeFileSync(path.join(outside, 'a.md'), incident('INC-1'));
      fs.mkdirSync(path.join(repo.root, TEAM_DIR));
      fs.symlinkSync(outside, path.join(repo.root, '.changerisk/incidents'));
      const team = await loadTeamFiles(repo.root);
      assert.deepEqual(team.incidents, []);
      assert.deepEqual(team.diagnostics.map(where), ['.changerisk/incidents:1:1 error ']);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('points out a config.yml that is not read', async () => {
    repo.write('.changerisk/config.yml', 'version: 1\n');
    const team = await loadTeamFiles(repo.root);
    assert.deepEqual(team.diagnostics.map(where), ['.changerisk/config.yml:1:1 warning ']);
    assert.deepEqual(team.config, DEFAULT_CONFIG);
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ChangeRiskEngine, PathOutsideRepositoryError } from '../../../src/core/engine';
import type { FileRisk } from '../../../src/core/risk/riskModel';
import { loadTeamFiles } from '../../../src/core/team';
import { alice, bob, carol, lines, TestRepo } from '../../helpers/testRepo';

const NOW = new Date('2026-06-01T00:00:00Z');

const CONFIG = `version: 1
areas:
  - name: billing
    paths: ["app/billing/**"]
    owners: ["@alice"]
    note: "Hand-rolled rounding"
    legacy: true
  - name: search
    paths: ["app/search/**"]
    owners: ["@bob"]
risk:
  overrides:
    - paths: ["config/secrets.rb"]
      level: high
      reason: "credentials live here"
`;

function incident(fields: Record<string, string>): string {
  const body = Object.entries(fields)
    .map(([key, value]) => `${key}: ${value}`)
    .join('\n');
  return `---\n${body}\n---\n## What happened\nSomething broke.\n`;
}

/**
 * A small repository whose risk is known by construction (twenty source files, with fifteen quiet models):
 * - app/billing/invoice.rb: declared legacy, three fixes (one names INC-12), ledger INC-12 (lines 3-5) and INC-31;
 * - app/search/query.rb: one fix naming INC-40, which has no postmortem;
 * - lib/old_parser.rb: last changed in 2019 by Carol, who left in 2019 (detected legacy);
 * - config/secrets.rb: overridden to high;
 * - app/search/index.rb was app/search/old_index.rb, named by INC-50 under its old name.
 */
function buildRepo(): { repo: TestRepo; fixSha: string } {
  const repo = TestRepo.create();
  // Fifteen quiet models make twenty source files: at most 10 %, two, get a level from history.
  const quiet = Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`app/models/quiet_${i}.rb`, lines(20, `quiet ${i}`)]));
  repo.commit({ message: 'Models', date: '2018-06-10T10:00:00Z', author: bob, files: quiet });
  repo.commit({ message: 'Parser', date: '2019-01-10T10:00:00Z', author: carol, files: { 'lib/old_parser.rb': lines(10) } });
  repo.commit({ message: 'Parser tweaks', date: '2019-02-10T10:00:00Z', author: carol, files: { 'lib/old_parser.rb': lines(12) } });
  repo.commit({ message: 'Parser options', date: '2019-03-10T10:00:00Z', author: carol, files: { 'lib/old_parser.rb': lines(14), 'lib/README.md': 'Parser notes\n' } });
  repo.commit({ message: 'Billing', date: '2022-01-10T10:00:00Z', files: { 'app/billing/invoice.rb': lines(10), 'config/secrets.rb': 'x\n' } });
  repo.commit({ message: 'Search', date: '2022-02-10T10:00:00Z', author: bob, files: { 'app/search/query.rb': lines(8), 'app/search/old_index.rb': lines(30) } });
  const fixSha = repo.commit({
    message: 'Fix double rounding (INC-12)',
    date: '2024-03-14T10:00:00Z',
    files: { 'app/billing/invoice.rb': lines(10).replace('line 3\nline 4\nline 5', 'fixed 3\nfixed 4\nfixed 5') },
  });
  repo.commit({ message: 'Fix currency symbol', date: '2025-05-01T10:00:00Z', author: bob, files: { 'app/billing/invoice.rb': lines(10).replace('line 3\nline 4\nline 5', 'fixed 3\nfixed 4\nfixed 5').replace('line 9', 'fixed 9') } });
  repo.commit({ message: 'Hotfix: search timeout INC-40', date: '2026-02-01T10:00:00Z', author: bob, files: { 'app/search/query.rb': lines(8, 'q') } });
  repo.commit({ message: 'Move index', date: '2026-03-01T10:00:00Z', author: bob, renames: { 'app/search/old_index.rb': 'app/search/index.rb' } });
  repo.commit({
    message: 'Team files',
    date: '2026-04-01T10:00:00Z',
    files: {
      '.changerisk/config.yaml': CONFIG,
      '.changerisk/incidents/2024-03-14-double-rounding.md': incident({
        id: 'INC-12',
        title: 'Invoice totals rounded twice',
        date: '2024-03-14',
        kind: 'regression',
        severity: 'high',
        affected: '\n  - path: app/billing/invoice.rb\n    lines: "3-5"',
        actionItems: '\n  - text: Add a rounding spec\n    owner: "@alice"\n    status: done',
      }),
      '.changerisk/incidents/2025-05-02-currency.md': incident({
        id: 'INC-31',
        title: 'Wrong currency symbol',
        date: '2025-05-02',
        kind: 'incident',
        severity: 'medium',
        commits: `\n  fix: [${'PLACEHOLDER'}]`,
      }),
      '.changerisk/incidents/2026-03-02-index.md': incident({
        id: 'INC-50',
        title: 'Index rebuild slow',
        date: '2026-03-02',
        kind: 'near-miss',
        severity: 'low',
        affected: '\n  - app/search/old_index.rb',
      }),
      '.changerisk/incidents/2026-05-01-inquiry.md': incident({
        id: 'INC-60',
        title: 'Customer asked about totals',
        date: '2026-05-01',
        kind: 'user-inquiry',
        severity: 'low',
        areas: '[billing]',
      }),
    },
  });
  return { repo, fixSha };
}

describe('engine', () => {
  let repo: TestRepo;
  let engine: ChangeRiskEngine;
  let fixSha: string;

  before(async () => {
    ({ repo, fixSha } = buildRepo());
    // INC-31 names the currency fix by its abbreviated sha, as a team would paste it.
    const currencyFix = repo.git('log', '--format=%h', '-1', '--grep=currency symbol');
    repo.write('.changerisk/incidents/2025-05-02-currency.md', repo.read('.changerisk/incidents/2025-05-02-currency.md').replace('PLACEHOLDER', currencyFix));
    repo.commit({ message: 'Link INC-31 fix', date: '2026-04-02T10:00:00Z', files: {} });
    repo.git('add', '-A');
    repo.commit({ message: 'Link INC-31 fix commit', date: '2026-04-02T11:00:00Z' });
    engine = await ChangeRiskEngine.open({ folder: repo.root, now: NOW });
  });
  after(() => repo.dispose());

  it('loads the team files without diagnostics', () => {
    assert.deepEqual(engine.team.diagnostics, []);
    assert.equal(engine.team.incidents.length, 4);
  });

  it('explains a declared legacy file with its incidents, in sentences with numbers', () => {
    const risk = engine.risk.file('app/billing/invoice.rb')!;
    assert.equal(risk.level, 'medium', 'incidents (INC-12 is over two years old) and a declared legacy area with fixes make it medium');
    assert.equal(risk.legacy, 'declared');
    assert.deepEqual(
      risk.reasons.map((r) => r.text),
      [
        'INC-31 incident (2025-05), INC-12 regression (2024-03)',
        '2 of its 3 commits were fixes, the latest on 2025-05-01',
        "in legacy area 'billing' (declared): Hand-rolled rounding",
      ],
    );
  });

  it('links incidents by id in messages, by fix commit sha, and by a former path', () => {
    assert.deepEqual(engine.risk.file('app/billing/invoice.rb')!.incidents.map((i) => i.id), ['INC-31', 'INC-12']);
    assert.deepEqual(engine.risk.file('app/search/index.rb')!.incidents.map((i) => i.id), ['INC-50']);
    assert.equal(engine.risk.file('app/search/index.rb')!.level, 'low', 'a near-miss makes it at least low; its score ranks it low too');
  });

  it('reports incident ids from commit messages that have no postmortem', () => {
    const risk = engine.risk.file('app/search/query.rb')!;
    assert.deepEqual(risk.unrecordedIncidentIds, ['INC-40']);
    assert.ok(risk.reasons.some((r) => r.text === 'commits name INC-40, with no postmortem in the ledger'));
  });

  it('detects legacy code whose knowledge has left, but not a file touched once; without a fix it is no warning', () => {
    assert.equal(engine.risk.file('lib/README.md')!.legacy, undefined);
    assert.equal(engine.risk.file('lib/README.md')!.level, 'none');
    assert.equal(engine.risk.file('lib/README.md')!.role, 'docs');
    const risk = engine.risk.file('lib/old_parser.rb')!;
    assert.equal(risk.legacy, 'detected');
    assert.equal(risk.level, 'none', 'no fix, revert or incident: nothing a developer could check');
    assert.deepEqual(risk.reasons.map((r) => r.text), ['last changed 7 years ago; its main author (Carol Chen, 100% of commits) has not committed for 7 years']);
  });

  it('applies the team overrides', () => {
    const risk = engine.risk.file('config/secrets.rb')!;
    assert.equal(risk.level, 'high');
    assert.equal(risk.reasons[0]!.text, 'marked high by the team: credentials live here');
  });

  it('lists hotspots overrides first, then by score per size, leaving out the team files, other roles and files without evidence', () => {
    // Twenty source files: two may get a level from history. invoice.rb and index.rb have the most
    // evidence by reach; invoice.rb is medium (its incidents and legacy area say at least that), index.rb
    // low (a near-miss). query.rb's commits name INC-40, which makes it low whatever the share; within
    // low, query.rb (8 lines) comes before index.rb (30 lines). secrets.rb is high by the team's override.
    assert.deepEqual(
      engine.risk.hotspots(10).map((r) => [r.path, r.level]),
      [
        ['config/secrets.rb', 'high'],
        ['app/billing/invoice.rb', 'medium'],
        ['app/search/query.rb', 'low'],
        ['app/search/index.rb', 'low'],
      ],
    );
    assert.equal(engine.risk.ranked.length, 21, 'every live file, lib/README.md (docs) included');
    assert.deepEqual(engine.risk.ranked.map((r) => r.path).slice(0, 4), engine.risk.hotspots(10).map((r) => r.path), 'the whole ranking starts with the hotspots');
    assert.equal(engine.risk.ranked.at(-1)!.path, 'lib/README.md', 'files of roles that are not rated come last');
    assert.equal(engine.risk.fileCount, 20);
    assert.deepEqual(engine.risk.counts, { none: 16, low: 2, medium: 1, high: 1 });
    assert.equal(engine.risk.file('.changerisk/config.yaml'), undefined, 'the team files are not ranked');
    assert.deepEqual(engine.risk.filesWithIncidents().map((r) => [r.path, r.incidents.length]), [
      ['app/billing/invoice.rb', 2],
      ['app/search/index.rb', 1],
    ]);
  });

  it('marks the lines of fix commits and of ledger ranges', async () => {
    const marks = await engine.lineMarks('app/billing/invoice.rb');
    const summary = marks.map((m) => ({ lines: `${m.start}-${m.end}`, source: m.source, incidents: m.incidents.map((i) => i.id), commits: m.commits.map((c) => c.subject) }));
    assert.deepEqual(summary, [
      { lines: '3-5', source: 'ledger', incidents: ['INC-12'], commits: [] },
      { lines: '3-5', source: 'history', incidents: ['INC-12'], commits: ['Fix double rounding (INC-12)'] },
      { lines: '9-9', source: 'history', incidents: ['INC-31'], commits: ['Fix currency symbol'] },
    ]);
    assert.equal(marks[1]!.commits[0]!.sha, fixSha);
  });

  it('tallies incidents by kind, area and month, with filters', () => {
    assert.deepEqual(engine.incidentTally('kind').groups.map((g) => [g.key, g.total]), [
      ['incident', 1],
      ['regression', 1],
      ['user-inquiry', 1],
      ['near-miss', 1],
    ]);
    assert.deepEqual(engine.incidentTally('area').groups.map((g) => [g.key, g.incidentIds]), [
      ['billing', ['INC-12', 'INC-31', 'INC-60']],
      ['search', ['INC-50']],
    ]);
    const since = engine.incidentTally('month', { since: '2026-01' });
    assert.deepEqual(since.groups.map((g) => [g.key, g.total]), [
      ['2026-03', 1],
      ['2026-05', 1],
    ]);
    assert.equal(engine.incidentTally('kind', { kind: 'regression' }).total, 1);
  });

  it('refuses paths outside the repository', () => {
    assert.throws(() => engine.relativePath('../etc/passwd', repo.root), PathOutsideRepositoryError);
    assert.equal(engine.relativePath('app/billing/invoice.rb', repo.root), 'app/billing/invoice.rb');
    assert.equal(engine.relativePath('..env.rb', repo.root), '..env.rb', 'a name that starts with two dots is inside');
    const link = `${repo.root}-link`;
    fs.symlinkSync(repo.root, link);
    try {
      assert.equal(engine.relativePath('app/billing/invoice.rb', link), 'app/billing/invoice.rb', 'through a link to the repository');
      assert.equal(engine.relativePath('gone/old.rb', link), 'gone/old.rb', 'through a link, in a folder deleted from the work tree');
      fs.symlinkSync('/etc', path.join(repo.root, 'etc-link'));
      assert.throws(() => engine.relativePath('etc-link/hostname', repo.root), PathOutsideRepositoryError);
    } finally {
      fs.rmSync(link);
      fs.rmSync(path.join(repo.root, 'etc-link'), { force: true });
    }
  });

  it('keeps working with a broken ledger file, reporting it', async () => {
    repo.write('.changerisk/incidents/broken.md', '---\nid: INC-99\nkind: meltdown\n---\n');
    try {
      const team = await loadTeamFiles(repo.root);
      const updated = engine.withTeamFiles(team);
      assert.equal(updated.team.incidents.length, 4);
      const errors = team.diagnostics.filter((d) => d.file === '.changerisk/incidents/broken.md' && d.severity === 'error');
      assert.ok(errors.some((d) => d.field === 'kind' && d.line === 3), JSON.stringify(errors));
      assert.equal(updated.risk.file('app/billing/invoice.rb')!.level, 'medium');
    } finally {
      repo.git('clean', '-fq', '.changerisk');
    }
  });

  it('says so when the repository is a shallow clone', async () => {
    const shallow = TestRepo.create();
    try {
      shallow.git('clone', '--quiet', '--depth', '1', `file://${repo.root}`, 'clone');
      const cloneEngine = await ChangeRiskEngine.open({ folder: `${shallow.root}/clone`, now: NOW });
      assert.match(cloneEngine.warnings.join('\n'), /shallow clone/);
    } finally {
      shallow.dispose();
    }
  });
});

describe('engine refresh', () => {
  /** What a user sees of a ranking, to compare two engines by. */
  const ranking = (engine: ChangeRiskEngine) =>
    engine.risk.ranked.map((r) => [r.path, r.level, r.rank, r.score.toFixed(9), r.bytes, r.stats.commits, r.stats.fixCommits, r.stats.formerPaths.join(',')]);

  it('adds new commits to the open index, leaving the old engine as it was, and equals a fresh open', async () => {
    const repo = TestRepo.create();
    try {
      repo.commit({ message: 'Add', date: '2025-01-01T10:00:00Z', author: alice, files: { 'a.rb': lines(3), 'b.rb': lines(5), 'c.rb': lines(7) } });
      repo.commit({ message: 'Fix a crash', date: '2025-02-01T10:00:00Z', files: { 'a.rb': lines(4) } });
      const before = await ChangeRiskEngine.open({ folder: repo.root, now: NOW });
      assert.equal((await before.refresh({ now: NOW }))!.load, before.load, 'HEAD has not moved: the same index');
      const beforeRanking = ranking(before);

      repo.commit({ message: 'Fix b overflow', date: '2025-03-01T10:00:00Z', author: bob, files: { 'b.rb': lines(50) } });
      repo.commit({ message: 'Move c', date: '2025-03-02T10:00:00Z', renames: { 'c.rb': 'lib/c.rb' } });
      repo.commit({ message: 'Fix c', date: '2025-03-03T10:00:00Z', files: { 'lib/c.rb': lines(8), 'd.rb': lines(2) } });
      const after = (await before.refresh({ now: NOW }))!;
      assert.equal(after.load.source, 'incremental');
      assert.equal(after.load.commitsRead, 3);
      assert.equal(after.sizes.get('b.rb'), Buffer.byteLength(lines(50)));
      assert.equal(after.sizes.get('c.rb'), undefined);
      assert.deepEqual(ranking(after), ranking(await ChangeRiskEngine.open({ folder: repo.root, now: NOW })));
      assert.deepEqual(ranking(before), beforeRanking, 'the old engine still reads its own index');
      assert.deepEqual(after.risk.file('lib/c.rb')!.stats.formerPaths, ['c.rb']);
    } finally {
      repo.dispose();
    }
  });

  it('can extend one open engine twice, each result keeping its own commits', async () => {
    const repo = TestRepo.create();
    try {
      repo.commit({ message: 'Add', date: '2025-01-01T10:00:00Z', author: alice, files: { 'a.rb': lines(3), 'b.rb': lines(5) } });
      const base = await ChangeRiskEngine.open({ folder: repo.root, now: NOW });
      repo.commit({ message: 'Fix a crash', date: '2025-02-01T10:00:00Z', files: { 'a.rb': lines(4) } });
      const first = (await base.refresh({ now: NOW }))!;
      const firstRanking = ranking(first);
      // A second line of history from the same base: its commits must not land over the first one's.
      repo.git('reset', '--quiet', '--hard', 'HEAD~1');
      repo.commit({ message: 'Fix b overflow', date: '2025-02-02T10:00:00Z', author: bob, files: { 'b.rb': lines(6) } });
      const second = (await base.refresh({ now: NOW }))!;
      assert.deepEqual(ranking(second), ranking(await ChangeRiskEngine.open({ folder: repo.root, now: NOW })));
      assert.deepEqual(ranking(first), firstRanking);
      assert.equal(first.history.commitSummary(first.history.commitCount - 1).subject, 'Fix a crash', 'read afresh from its arrays');
      assert.deepEqual([first.risk.file('a.rb')!.stats.fixCommits, first.risk.file('b.rb')!.stats.fixCommits], [1, 0]);
      assert.deepEqual([second.risk.file('a.rb')!.stats.fixCommits, second.risk.file('b.rb')!.stats.fixCommits], [0, 1]);
    } finally {
      repo.dispose();
    }
  });

  it('leaves it to a full open when HEAD is no descendant of the open index (a rebase)', async () => {
    const repo = TestRepo.create();
    try {
      repo.commit({ message: 'Add', date: '2025-01-01T10:00:00Z', author: alice, files: { 'a.rb': lines(3), 'b.rb': lines(5) } });
      repo.commit({ message: 'Fix a crash', date: '2025-02-01T10:00:00Z', files: { 'a.rb': lines(4) } });
      const before = await ChangeRiskEngine.open({ folder: repo.root, now: NOW });
      repo.git('reset', '--quiet', '--hard', 'HEAD~1');
      repo.commit({ message: 'Fix b instead', date: '2025-02-02T10:00:00Z', files: { 'b.rb': lines(6) } });
      assert.equal(await before.refresh({ now: NOW }), undefined);
      assert.equal(before.risk.file('a.rb')!.stats.fixCommits, 1, 'the open engine is left as it was');
      assert.equal(before.risk.file('b.rb')!.stats.fixCommits, 0);
    } finally {
      repo.dispose();
    }
  });

  it('leaves it to a full open when a fetch deepened the shallow clone under the open index', async () => {
    const repo = TestRepo.create();
    let clone: TestRepo | undefined;
    try {
      repo.commit({ message: 'Add', date: '2025-01-01T10:00:00Z', files: { 'a.rb': lines(3) } });
      repo.commit({ message: 'Fix a crash', date: '2025-02-01T10:00:00Z', files: { 'a.rb': lines(4) } });
      clone = TestRepo.shallowClone(repo, 1);
      const before = await ChangeRiskEngine.open({ folder: clone.root, now: NOW });
      clone.git('fetch', '--quiet', '--deepen=1');
      assert.equal(await before.refresh({ now: NOW }), undefined, 'the same HEAD, with more history');
    } finally {
      repo.dispose();
      clone?.dispose();
    }
  });

  it('leaves it to a full open when a new commit brings a .mailmap that renames earlier authors', async () => {
    const repo = TestRepo.create();
    try {
      repo.commit({ message: 'Add', date: '2025-01-01T10:00:00Z', author: bob, files: { 'a.rb': lines(3) } });
      const before = await ChangeRiskEngine.open({ folder: repo.root, now: NOW });
      repo.commit({ message: 'Map Bob', date: '2025-03-01T10:00:00Z', files: { '.mailmap': `Robert <${bob.email}>\n` } });
      assert.equal(await before.refresh({ now: NOW }), undefined);
    } finally {
      repo.dispose();
    }
  });
});

describe('a submodule', () => {
  it('is explained from its history, with no lines to blame', async () => {
    const library = TestRepo.create();
    const repo = TestRepo.create();
    try {
      library.commit({ message: 'Library', date: '2024-01-01T10:00:00Z', files: { 'lib.txt': 'lib\n' } });
      repo.commit({ message: 'Add', date: '2024-01-02T10:00:00Z', files: { 'a.rb': '1\n' } });
      repo.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '--quiet', library.root, 'lib');
      repo.commit({ message: 'Fix: pin the library', date: '2024-01-03T10:00:00Z' });
      const engine = await ChangeRiskEngine.open({ folder: repo.root, now: NOW });
      const explanation = await engine.explain('lib');
      assert.equal(explanation?.risk.stats.fixCommits, 1);
      assert.deepEqual(explanation?.lineMarks, []);
    } finally {
      repo.dispose();
      library.dispose();
    }
  });
});

describe('incident ids in commit messages', () => {
  it('link a commit naming "inc-7" to the ledger\'s INC-7, as the case-insensitive id patterns found it', async () => {
    const repo = TestRepo.create();
    try {
      repo.commit({
        message: 'Add',
        date: '2025-01-01T10:00:00Z',
        author: alice,
        files: {
          'a.rb': '1\n',
          '.changerisk/incidents/2025-02-01-crash.md': incident({ id: 'INC-7', title: 'Crash', date: '2025-02-01', kind: 'incident', severity: 'medium' }),
        },
      });
      repo.commit({ message: 'fix inc-7 crash', date: '2025-02-02T10:00:00Z', author: bob, files: { 'a.rb': '2\n' } });
      const engine = await ChangeRiskEngine.open({ folder: repo.root, now: NOW });
      const risk = engine.risk.file('a.rb')!;
      assert.deepEqual(risk.incidents.map((i) => i.id), ['INC-7']);
      assert.deepEqual(risk.unrecordedIncidentIds, []);
      assert.equal(engine.incident('inc-7')?.id, 'INC-7');
    } finally {
      repo.dispose();
    }
  });
});

describe('engine on a repository without team files', () => {
  it('is useful with defaults: fixes alone make hotspots', async () => {
    const repo = TestRepo.create();
    try {
      const quiet = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`lib/q${i}.js`, `${i}\n`]));
      repo.commit({ message: 'Add', date: '2025-01-01T10:00:00Z', author: alice, files: { ...quiet, 'a.js': '1\n', 'package-lock.json': '{}\n', 'CHANGELOG.md': '1\n' } });
      repo.commit({ message: 'Fix a crash', date: '2025-06-01T10:00:00Z', files: { 'a.js': '2\n', 'package-lock.json': '{"a":1}\n', 'CHANGELOG.md': '2\n' } });
      const engine = await ChangeRiskEngine.open({ folder: repo.root, now: NOW });
      assert.equal(engine.team.configFile, undefined);
      assert.deepEqual(engine.risk.hotspots(5).map((r) => r.path), ['a.js'], 'one of ten source files; the changelog is docs');
      assert.equal(engine.risk.file('CHANGELOG.md')!.level, 'none');
      assert.equal(engine.risk.file('package-lock.json'), undefined, 'lockfiles are ignored by default');
    } finally {
      repo.dispose();
    }
  });

  it('ranks files with equal scores in path order, and unscored files last', async () => {
    const repo = TestRepo.create();
    try {
      repo.commit({ message: 'Add', date: '2025-01-01T10:00:00Z', author: alice, files: { 'c.js': '1\n', 'b.js': '1\n', 'a.js': '1\n' } });
      repo.commit({ message: 'Fix a crash', date: '2025-06-01T10:00:00Z', files: { 'c.js': '2\n', 'b.js': '2\n' } });
      repo.commit({ message: 'Bulk rename', date: '2025-07-01T10:00:00Z', files: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`gen/${i}.js`, '1\n'])) });
      const engine = await ChangeRiskEngine.open({ folder: repo.root, now: NOW });
      const ranked = engine.risk.ranked;
      assert.deepEqual(ranked.slice(0, 3).map((r) => [r.path, r.rank]), [['b.js', 1], ['c.js', 2], ['a.js', 3]]);
      assert.equal(ranked[0]!.score, ranked[1]!.score);
      assert.deepEqual(ranked.slice(3, 5).map((r) => [r.path, r.rank, r.score]), [['gen/0.js', 0, 0], ['gen/1.js', 0, 0]], 'files only touched by a bulk commit are unscored, in path order');
    } finally {
      repo.dispose();
    }
  });

  it('grades the warned files by their record and lists them by score per size', async () => {
    const repo = TestRepo.create();
    try {
      // 60 files added by one bulk commit (unscored), then fixes: big.rb 3, small.rb 2, mid.rb 1, all on the same days.
      const fillers = Object.fromEntries(Array.from({ length: 56 }, (_, i) => [`gen/${i}.js`, '1\n']));
      repo.commit({ message: 'Import', date: '2020-01-01T10:00:00Z', author: alice, files: { ...fillers, 'big.rb': lines(1000), 'small.rb': lines(10), 'mid.rb': lines(100), 'old.rb': lines(10) } });
      repo.commit({ message: 'Fix old crash', date: '2020-02-01T10:00:00Z', files: { 'old.rb': lines(10, 'old') } });
      for (let fix = 1; fix <= 3; fix++) {
        const files = { 'big.rb': lines(1000, `fix${fix}`), ...(fix <= 2 ? { 'small.rb': lines(10, `fix${fix}`) } : {}), ...(fix <= 1 ? { 'mid.rb': lines(100, `fix${fix}`) } : {}) };
        repo.commit({ message: `Fix crash ${fix}`, date: `2026-0${fix + 1}-01T10:00:00Z`, files });
      }
      const engine = await ChangeRiskEngine.open({ folder: repo.root, now: NOW });
      const hotspots = engine.risk.hotspots(5);
      // Sixty source files: up to 6 warned, 1 high, 3 medium or above. The four fixed files are warned. By
      // their record big.rb (3 recent fixes) is high, small.rb (2) and mid.rb (1) medium, old.rb (one fix six
      // years ago) low. Listed by score per size: small.rb's fixes sit in 10 lines, big.rb's in 1000.
      assert.deepEqual(hotspots.map((r) => [r.path, r.level]), [['small.rb', 'medium'], ['old.rb', 'low'], ['mid.rb', 'medium'], ['big.rb', 'high']]);
      const [small, , mid, big] = hotspots as [FileRisk, FileRisk, FileRisk, FileRisk];
      assert.ok(big.score > small.score && small.score > mid.score, 'by score alone big.rb would lead');
      assert.equal(engine.sizes.get('big.rb'), fs.statSync(path.join(repo.root, 'big.rb')).size);
      const median = 2; // '1\n', the 56 fillers
      assert.equal(small.concentration, small.score / (1 + engine.sizes.get('small.rb')! / median));
      assert.equal(big.reach, big.score * Math.sqrt(1 + engine.sizes.get('big.rb')! / median));
    } finally {
      repo.dispose();
    }
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runChangeRisk } from '../../helpers/cli';
import { bob, lines, TestRepo } from '../../helpers/testRepo';

/** Runs the CLI in `cwd`; the cache lives beside the repository and is removed with it. */
const changeRisk = runChangeRisk;

describe('change-risk CLI', function () {
  this.timeout(60_000);
  let repo: TestRepo;

  before(() => {
    repo = TestRepo.create();
    repo.commit({ message: 'Add billing', date: '2024-01-01T10:00:00Z', files: { 'app/billing.rb': lines(20), 'app/search.rb': lines(5) } });
    repo.commit({ message: 'Fix rounding INC-1', date: '2025-03-01T10:00:00Z', author: bob, files: { 'app/billing.rb': lines(20).replace('line 4', 'fixed 4') } });
    repo.commit({
      message: 'Ledger',
      date: '2025-03-02T10:00:00Z',
      files: {
        '.changerisk/config.yaml': 'areas:\n  - name: billing\n    paths: ["app/billing.rb"]\n    legacy: true\n',
        '.changerisk/incidents/inc-1.md': '---\nid: INC-1\ntitle: Rounding\ndate: 2025-03-01\nkind: regression\nseverity: high\n---\nBody.\n',
      },
    });
  });
  after(() => {
    repo.dispose();
    fs.rmSync(`${repo.root}-cache`, { recursive: true, force: true });
  });

  it('prints help and exits 2 without a command, 0 with --help', () => {
    const bare = changeRisk(repo.root);
    assert.equal(bare.status, 2);
    assert.match(bare.stdout, /Usage: change-risk <command>/);
    const help = changeRisk(repo.root, '--help');
    assert.equal(help.status, 0);
    for (const command of ['hotspots', 'explain', 'incidents', 'validate']) {
      assert.match(help.stdout, new RegExp(`^  ${command} `, 'm'));
      const commandHelp = changeRisk(repo.root, command, '--help');
      assert.equal(commandHelp.status, 0, command);
      assert.match(commandHelp.stdout, new RegExp(`^change-risk ${command}`), command);
    }
  });

  it('exits 2 on an unknown command, option or bad value', () => {
    assert.equal(changeRisk(repo.root, 'hotspot').status, 2);
    const badOption = changeRisk(repo.root, 'hotspots', '--topp', '3');
    assert.equal(badOption.status, 2);
    assert.match(badOption.stderr, /--topp/);
    const badValue = changeRisk(repo.root, 'hotspots', '--top', 'many');
    assert.equal(badValue.status, 2);
    assert.match(badValue.stderr, /--top takes a whole number/);
    assert.equal(changeRisk(repo.root, 'incidents', '--by', 'team').status, 2);
  });

  it('exits 2 on arguments a command does not take and on dates or numbers that are not what they look like', () => {
    const cases: Array<[args: string[], message: RegExp]> = [
      [['hotspots', 'app'], /hotspots takes no arguments, got "app"/],
      [['explain'], /explain takes exactly one path/],
      [['hotspots', '--top', '0x10'], /--top takes a whole number/],
      [['hotspots', '--now', '2025-02-30'], /--now: "2025-02-30" is not a date/],
      [['hotspots', '--now', 'April 1, 2025'], /--now: "April 1, 2025" is not a date/],
      [['hotspots', '--now', '5'], /is not a date/],
      [['incidents', '--since', '2025-99'], /--since takes YYYY-MM-DD or YYYY-MM/],
      [['backtest', '--at', '2025-02-30'], /--at: "2025-02-30" is not a date/],
    ];
    for (const [args, message] of cases) {
      const run = changeRisk(repo.root, ...args);
      assert.equal(run.status, 2, args.join(' '));
      assert.match(run.stderr, message);
    }
    assert.equal(changeRisk(repo.root, 'hotspots', '--now', '2025-06-01T12:00:00+09:00', '--json').status, 0, 'a date and time with its zone');
  });

  it('exits 3 outside a git repository, saying so', () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-nogit-'));
    try {
      const run = changeRisk(outside, 'hotspots');
      assert.equal(run.status, 3);
      assert.match(run.stderr, /is not inside a git repository/);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('exits 3 with git\'s own message, not a stack trace, when the repository is damaged', () => {
    const damaged = TestRepo.create();
    try {
      const first = damaged.commit({ message: 'Add', date: '2024-01-01T10:00:00Z', files: { 'a.rb': '1\n' } });
      damaged.commit({ message: 'Change', date: '2024-02-01T10:00:00Z', files: { 'a.rb': '2\n' } });
      fs.rmSync(path.join(damaged.root, '.git', 'objects', first.slice(0, 2), first.slice(2)));
      const run = changeRisk(damaged.root, 'hotspots', '--no-cache');
      assert.equal(run.status, 3, run.stderr);
      assert.match(run.stderr, /^change-risk: git .* failed/);
      assert.doesNotMatch(run.stderr, /unexpected error|\n\s+at /);
    } finally {
      damaged.dispose();
    }
  });

  it('ranks hotspots with reasons, aligned, and no progress output when not on a terminal', () => {
    const run = changeRisk(repo.root, 'hotspots', '--now', '2025-06-01');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, '');
    const lines = run.stdout.split('\n');
    assert.match(lines[0]!, /^1 of 2 source files at risk · HEAD [0-9a-f]{7} · 3 commits indexed$/);
    const header = lines.find((line) => line.includes('FILE'))!;
    const first = lines[lines.indexOf(header) + 1]!;
    assert.equal(first.indexOf('app/billing.rb'), header.indexOf('FILE'), 'columns line up');
    assert.match(header, /^# +LEVEL +SCORE +SIZE +FILE$/);
    const bytes = fs.statSync(path.join(repo.root, 'app/billing.rb')).size;
    assert.match(first, new RegExp(`^1 +\\S+ +[\\d.]+ +${bytes < 1024 ? `${bytes} B` : `${Math.ceil(bytes / 1024)} KiB`} +app/billing\\.rb$`), 'its size in HEAD');
    assert.ok(lines.includes('The level says how strong the record is; the order, where to look first: the most trouble per line of code.'));
    assert.ok(run.stdout.includes('· INC-1 regression (2025-03)'), 'the first reason names the evidence');
    assert.ok(run.stdout.includes("· in legacy area 'billing' (declared)"), 'no Markdown backticks in plain text');
  });

  it('prints the documented JSON shape', () => {
    const run = changeRisk(repo.root, 'hotspots', '--json', '--top', '1', '--now', '2025-06-01');
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.equal(report.schemaVersion, 1);
    assert.equal(report.repository.root, repo.root);
    assert.equal(report.now, '2025-06-01T00:00:00.000Z');
    assert.equal(report.files.length, 1);
    const [file] = report.files;
    assert.deepEqual(Object.keys(file), ['path', 'level', 'score', 'concentration', 'reach', 'role', 'bytes', 'rank', 'area', 'legacy', 'reasons', 'incidents', 'unrecordedIncidentIds', 'stats']);
    assert.equal(file.path, 'app/billing.rb');
    assert.equal(file.level, 'high');
    assert.deepEqual(file.incidents, ['INC-1']);
    assert.equal(file.stats.fixCommits, 1);
    assert.equal(file.role, 'source');
    assert.deepEqual(report.rated, { roles: ['source'], files: 2, levels: { none: 1, low: 0, medium: 0, high: 1 } });
  });

  it('explains one file given relative to the current folder, and refuses paths outside the repository', () => {
    const run = changeRisk(path.join(repo.root, 'app'), 'explain', 'billing.rb', '--now', '2025-06-01');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^app\/billing\.rb {2}high risk/);
    assert.match(run.stdout, /INC-1 +2025-03-01 +regression +high +Rounding/);
    assert.match(run.stdout, /Risky lines\n {2}4 +history +INC-1 regression; [0-9a-f]{7} fix \(subject: 'Fix rounding INC-1'\)/, 'each commit says why it counts');

    const json = JSON.parse(changeRisk(repo.root, 'explain', 'app/billing.rb', '--json').stdout);
    assert.deepEqual(json.file.lineMarks.map((m: { start: number; end: number }) => [m.start, m.end]), [[4, 4]]);

    const outside = changeRisk(repo.root, 'explain', '../../etc/passwd');
    assert.equal(outside.status, 3);
    assert.match(outside.stderr, /outside the repository/);
  });

  it('explains a file of a role that is not rated by its role, and a postmortem as a team file', () => {
    const postmortem = changeRisk(repo.root, 'explain', '.changerisk/incidents/inc-1.md');
    assert.equal(postmortem.status, 3);
    assert.match(postmortem.stderr, /it is a team file \(\.changerisk\/\): the record of incidents, not code at risk/);
    repo.commit({ message: 'Fix the changelog', date: '2025-04-01T10:00:00Z', files: { 'CHANGELOG.md': '## 1.0\n' } });
    try {
      const run = changeRisk(repo.root, 'explain', 'CHANGELOG.md', '--now', '2025-06-01');
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /^CHANGELOG\.md {2}documentation — not rated\n/);
      assert.doesNotMatch(run.stdout, /\nWhy\n/);
      assert.match(run.stdout, /Only source files get a risk level/);
    } finally {
      repo.git('reset', '--quiet', '--hard', 'HEAD~1');
    }
  });

  it('tallies incidents and filters them', () => {
    const run = changeRisk(repo.root, 'incidents', '--by', 'area');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^1 of 1 incidents: 0 incident, 1 regression, 0 user-inquiry, 0 near-miss/);
    assert.match(run.stdout, /billing +1 +1 +INC-1/);
    const json = JSON.parse(changeRisk(repo.root, 'incidents', '--kind', 'near-miss', '--json').stdout);
    assert.equal(json.tally.total, 0);
  });

  it('validates team files: file:line:col messages and exit 1 on errors, 0 when clean', () => {
    assert.equal(changeRisk(repo.root, 'validate').status, 0);
    repo.write('.changerisk/incidents/bad.md', '---\nid: INC-2\ntitle: Bad\ndate: 2025-13-01\nkind: regression\n---\n');
    try {
      const run = changeRisk(repo.root, 'validate');
      assert.equal(run.status, 1);
      assert.match(run.stdout, /^\.changerisk\/incidents\/bad\.md:4:7: error: date: /m);
      assert.match(run.stdout, /1 incidents loaded; 1 errors/);
    } finally {
      fs.rmSync(path.join(repo.root, '.changerisk/incidents/bad.md'));
    }
  });
});

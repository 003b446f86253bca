import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { runChangeRisk, type CliRun } from '../../helpers/cli';
import { lines, TestRepo } from '../../helpers/testRepo';

/**
 * Issue #17, finding 7: repository text reaches the terminal. An OSC 52 sequence sets the clipboard in a
 * terminal that allows it; CSI (U+009B) is a C1 control some terminals act on; U+202E reverses what follows.
 */
const OSC = '\x1b]52;c;cHduZWQ=\x07';
const CSI = '\u009b8m';
const RLO = '\u202e';
const HOSTILE = `${OSC}${CSI}${RLO}`;
/** The same three in a YAML double-quoted string. */
const YAML_HOSTILE = '\\e]52;c;cHduZWQ=\\a\\x9b8m\\u202E';

const FILE = `app/models/in${HOSTILE}voice.rb`;
/** Git allows a newline in a file name; printed raw, the rest would be a line of its own, here a GitHub Actions workflow command. */
const NEWLINE_FILE = 'app/models/line\n::warning::injected.rb';
const AUTHOR = { name: `Mal${HOSTILE}lory`, email: 'mallory@example.com' };
const SUBJECT = `Fix totals ${HOSTILE} (INC-7)`;
const TITLE = `Totals ${HOSTILE} off`;
const AREA = `bill${HOSTILE}ing`;
const KEY = `bogus${HOSTILE}key`;

/** What no text output may carry: C0 but newline and tab, DEL, C1, bidi controls. */
const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

function assertTerminalSafe(run: CliRun, what: string): void {
  for (const [stream, text] of [['stdout', run.stdout], ['stderr', run.stderr]] as const) {
    const match = UNSAFE.exec(text);
    assert.equal(match, null, `${what}: ${stream} carries U+${match?.[0].charCodeAt(0).toString(16).padStart(4, '0')}: ${JSON.stringify(text)}`);
  }
}

describe('CLI output of hostile repository text', function () {
  this.timeout(300_000);
  let repo: TestRepo;
  const run = (...args: string[]) => runChangeRisk(repo.root, ...args);

  before(() => {
    repo = TestRepo.create();
    repo.commit({ message: 'Billing', date: '2024-01-01T10:00:00Z', author: AUTHOR, files: { [FILE]: lines(10), [NEWLINE_FILE]: lines(3) } });
    repo.commit({ message: SUBJECT, date: '2025-02-02T10:00:00Z', author: AUTHOR, files: { [FILE]: lines(10).replace('line 4', 'fixed 4'), [NEWLINE_FILE]: 'fixed\n' } });
    repo.commit({
      message: 'Team files',
      date: '2025-02-03T10:00:00Z',
      files: {
        '.changerisk/config.yaml': `areas:\n  - name: "bill${YAML_HOSTILE}ing"\n    paths: ["app/models/**"]\n"bogus${YAML_HOSTILE}key": 1\n`,
        '.changerisk/incidents/INC-7.md': `---\nid: INC-7\ntitle: "Totals ${YAML_HOSTILE} off"\ndate: 2025-02-01\nkind: regression\nseverity: high\naffected:\n  - path: "app/models/in${YAML_HOSTILE}voice.rb"\n    lines: "3-5"\n---\nBody.\n`,
      },
    });
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write(FILE, repo.read(FILE).replace('fixed 4', 'per line 4'));
    repo.write(NEWLINE_FILE, 'changed\n');
  });
  after(() => {
    repo.dispose();
    fs.rmSync(`${repo.root}-cache`, { recursive: true, force: true });
  });

  it('hotspots: the file name is shown with visible escapes, and --json keeps it exact', () => {
    const text = run('hotspots', '--now', '2025-06-01');
    assert.equal(text.status, 0, text.stderr);
    assertTerminalSafe(text, 'hotspots');
    assert.ok(text.stdout.includes('in␛]52;c;cHduZWQ=␇\\u{9b}8m\\u{202e}voice.rb'), text.stdout);
    const json = run('hotspots', '--now', '2025-06-01', '--json');
    assert.ok(!UNSAFE.test(json.stdout), 'JSON writes them as \\u escapes');
    assert.ok(JSON.parse(json.stdout).files.some((file: { path: string }) => file.path === FILE));
  });

  it('keeps a file name with a newline on its line: no line of output starts with its second half', () => {
    for (const args of [['hotspots'], ['check'], ['check', '--format', 'github'], ['impact']]) {
      const result = run(...args, '--now', '2025-06-01');
      assert.ok(!/^::warning::injected/m.test(result.stdout), `${args.join(' ')}:\n${result.stdout}`);
      assertTerminalSafe(result, args.join(' '));
    }
    assert.ok(run('hotspots', '--now', '2025-06-01').stdout.includes('line␊::warning::injected.rb'), 'shown as ␊');
  });

  it('explain: path, area, author, incident title and commit subject, in text and exact in --json', () => {
    const text = run('explain', FILE, '--now', '2025-06-01');
    assert.equal(text.status, 0, text.stderr);
    assertTerminalSafe(text, 'explain');
    for (const visible of ['Mal␛]52', 'Totals ␛]52', 'bill␛]52', 'Fix totals ␛]52']) assert.ok(text.stdout.includes(visible), `${visible} in ${text.stdout}`);
    const json = run('explain', FILE, '--now', '2025-06-01', '--json');
    assert.ok(!UNSAFE.test(json.stdout));
    const parsed = JSON.stringify(JSON.parse(json.stdout));
    for (const exact of [FILE, AUTHOR.name, TITLE, AREA, SUBJECT]) assert.ok(parsed.includes(JSON.stringify(exact).slice(1, -1)), `exact ${JSON.stringify(exact)}`);
  });

  it('explain: an error on stderr quoting a path is terminal-safe too', () => {
    const missing = run('explain', `gone${HOSTILE}.rb`, '--now', '2025-06-01');
    assert.equal(missing.status, 3);
    assert.match(missing.stderr, /no history for gone␛/);
    assertTerminalSafe(missing, 'explain (missing)');
  });

  it('incidents: the area name, in text and exact in --json', () => {
    const text = run('incidents', '--by', 'area', '--now', '2025-06-01');
    assert.equal(text.status, 0, text.stderr);
    assertTerminalSafe(text, 'incidents');
    const json = run('incidents', '--by', 'area', '--now', '2025-06-01', '--json');
    assert.deepEqual(JSON.parse(json.stdout).tally.groups.map((group: { key: string }) => group.key), [AREA]);
  });

  it('validate: the config key in the diagnostic, in text and exact in --json', () => {
    const text = run('validate');
    assert.equal(text.status, 0, text.stderr);
    assertTerminalSafe(text, 'validate');
    assert.match(text.stdout, /bogus␛\]52/);
    const json = run('validate', '--json');
    assert.ok(JSON.parse(json.stdout).diagnostics.some((d: { message: string }) => d.message.includes(KEY)));
  });

  it('impact: the Markdown draft and its warnings, and the exact path in --format json', () => {
    const text = run('impact', '--now', '2025-06-01');
    assert.equal(text.status, 0, text.stderr);
    assertTerminalSafe(text, 'impact');
    const json = run('impact', '--now', '2025-06-01', '--format', 'json');
    assert.ok(JSON.stringify(JSON.parse(json.stdout)).includes(JSON.stringify(FILE).slice(1, -1)));
  });

  it('check: text, GitHub annotations (escaped by its rules, then made terminal-safe) and exact --format json', () => {
    const text = run('check', '--now', '2025-06-01');
    assert.equal(text.status, 1, text.stderr);
    assertTerminalSafe(text, 'check');
    const github = run('check', '--now', '2025-06-01', '--format', 'github');
    assertTerminalSafe(github, 'check --format github');
    assert.match(github.stdout, /^::error file=app\/models\/in␛\]52;c;cHduZWQ=␇\\u\{9b\}8m\\u\{202e\}voice\.rb,line=4,title=change-risk%3A testChanges::/m);
    const json = run('check', '--now', '2025-06-01', '--format', 'json');
    assert.ok(JSON.parse(json.stdout).findings.some((finding: { file?: string }) => finding.file === FILE));
  });
});

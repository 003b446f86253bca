import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateDemoRepo, type DemoRepoInfo } from '../../../src/demo/demoRepo';
import { runChangeRisk } from '../../helpers/cli';
import { bob, lines, TestRepo } from '../../helpers/testRepo';

const run = runChangeRisk;

describe('change-risk impact and check', function () {
  this.timeout(120_000);
  let repo: TestRepo;
  let tmp: string;

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-check-'));
    repo = TestRepo.create();
    repo.commit({
      message: 'Billing',
      date: '2024-01-01T10:00:00Z',
      author: bob,
      files: { 'app/models/invoice.rb': lines(10), 'spec/models/invoice_spec.rb': 'it\n', 'config/environments/production.rb': 'Rails.application.configure {}\n' },
    });
    repo.commit({ message: 'Fix totals (INC-7)', date: '2025-02-02T10:00:00Z', author: bob, files: { 'app/models/invoice.rb': lines(10).replace('line 4', 'fixed 4') } });
    repo.commit({
      message: 'Team files',
      date: '2025-02-03T10:00:00Z',
      files: {
        '.changerisk/config.yaml': 'areas:\n  - name: billing\n    paths: ["app/models/**"]\n    legacy: true\n',
        '.changerisk/incidents/INC-7.md': '---\nid: INC-7\ntitle: Totals\ndate: 2025-02-01\nkind: regression\nseverity: high\n---\nBody.\n',
      },
    });
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('app/models/invoice.rb', repo.read('app/models/invoice.rb').replace('fixed 4', 'per line 4'));
  });
  after(() => {
    repo.dispose();
    fs.rmSync(`${repo.root}-cache`, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const body = (name: string, text: string) => {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, text);
    return file;
  };

  it('lists commands with help and documents exit codes', () => {
    const help = run(repo.root, '--help');
    assert.match(help.stdout, /^ {2}impact /m);
    assert.match(help.stdout, /^ {2}check /m);
    const check = run(repo.root, 'check', '--help');
    assert.equal(check.status, 0);
    assert.match(check.stdout, /^change-risk check/);
    assert.match(check.stdout, /1 {2}findings: at least one requirement is unmet/);
    assert.equal(run(repo.root, 'check', '--format', 'xml').status, 2);
    assert.equal(run(repo.root, 'impact', '--lang', 'fr').status, 2);
  });

  it('check exits 1 listing unmet requirements (text), with PR-body requirements as warnings without --pr-body', () => {
    const result = run(repo.root, 'check', '--now', '2025-06-01');
    assert.equal(result.status, 1, result.stderr);
    assert.match(
      result.stdout,
      /^✗ testChanges: no test change for app\/models\/invoice\.rb \(high-risk files \(default\), legacy files \(default\)\): update spec\/models\/invoice_spec\.rb or add a test {2}\(app\/models\/invoice\.rb:4\)$/m,
    );
    assert.match(result.stdout, /^! impactStatement: Impact statement not checked: pass --pr-body FILE$/m);
    assert.match(result.stdout, /^! monitoring: Monitoring plan not checked/m);
    assert.match(result.stdout, /^Default bar \(no `qualityBar.rules` in `.changerisk\/config.yaml`\): changed high-risk or legacy source needs a test change and an impact statement, and a plan for what to watch after release\.$/m);
    assert.match(result.stdout, /^1 unmet requirement, 2 warnings$/m);
  });

  it('check --format github prints workflow annotations, escaped', () => {
    const result = run(repo.root, 'check', '--now', '2025-06-01', '--format', 'github', '--pr-body', body('empty.md', 'Just a fix.\n'));
    assert.equal(result.status, 1);
    const annotations = result.stdout.split('\n').filter((line) => line.startsWith('::'));
    assert.deepEqual(annotations, [
      '::error title=change-risk%3A impactStatement::the PR body has no impact section (fill the change-risk marker or write under an "Impact" heading)',
      '::error file=app/models/invoice.rb,line=4,title=change-risk%3A testChanges::no test change for app/models/invoice.rb (high-risk files (default), legacy files (default)): update spec/models/invoice_spec.rb or add a test',
      '::error title=change-risk%3A monitoring::the PR body has no monitoring plan (high-risk files (default), legacy files (default)): answer "What to watch" under "Monitoring after release"',
    ]);
  });

  it('check --format json has the documented shape', () => {
    const result = run(repo.root, 'check', '--now', '2025-06-01', '--format', 'json');
    assert.equal(result.status, 1);
    const report = JSON.parse(result.stdout);
    assert.equal(report.schemaVersion, 1);
    assert.equal(report.passed, false);
    assert.equal(report.defaults, true);
    assert.deepEqual(report.change.files.map((f: { path: string }) => f.path), ['app/models/invoice.rb']);
    assert.deepEqual(report.findings[0], { severity: 'warning', requirement: 'impactStatement', message: 'Impact statement not checked: pass --pr-body FILE' });
    assert.deepEqual(
      report.checklist.map((item: { requirement: string; status: string }) => [item.requirement, item.status]),
      [['impactStatement', 'unchecked'], ['testChanges', 'unmet'], ['monitoring', 'unchecked']],
    );
  });

  it('check exits 0 when the bar is met: test change, impact section and monitoring plan in the PR body', () => {
    repo.write('spec/models/invoice_spec.rb', 'it\nit again\n');
    try {
      const prBody = body('good.md', '## Impact\nPer-line rounding for invoices.\n\n## Monitoring\nInvoices dashboard for 2 days.\n');
      const result = run(repo.root, 'check', '--now', '2025-06-01', '--pr-body', prBody);
      assert.equal(result.status, 0, result.stdout);
      assert.match(result.stdout, /^The quality bar is met\.$/m);
    } finally {
      repo.git('checkout', '-q', '--', 'spec/models/invoice_spec.rb');
    }
  });

  it('check in a GitHub Actions job reads the PR body and base commit from the event payload', () => {
    repo.write('spec/models/invoice_spec.rb', 'it\nit again\n');
    const saved = { actions: process.env.GITHUB_ACTIONS, path: process.env.GITHUB_EVENT_PATH };
    try {
      const mainSha = repo.git('rev-parse', 'main').trim();
      const event = (prBody: string) =>
        body('event.json', JSON.stringify({ action: 'synchronize', number: 42, pull_request: { number: 42, body: prBody, base: { ref: 'main', sha: mainSha } } }));
      process.env.GITHUB_ACTIONS = 'true';
      process.env.GITHUB_EVENT_PATH = event('## Impact\nPer-line rounding for invoices.\n\n## Monitoring\nInvoices dashboard for 2 days.\n');
      const met = run(repo.root, 'check', '--now', '2025-06-01');
      assert.equal(met.status, 0, met.stdout + met.stderr);
      assert.match(met.stderr, /pull request #42 read from .*event\.json/);
      process.env.GITHUB_EVENT_PATH = event('Just a title, no sections.');
      const unmet = run(repo.root, 'check', '--now', '2025-06-01');
      assert.equal(unmet.status, 1, unmet.stdout);
      assert.match(unmet.stdout, /^✗ impactStatement: /m);
      delete process.env.GITHUB_ACTIONS;
      assert.doesNotMatch(run(repo.root, 'check', '--now', '2025-06-01').stdout, /^✗ impactStatement/m, 'outside Actions the payload is not read');
    } finally {
      for (const [key, value] of [['GITHUB_ACTIONS', saved.actions], ['GITHUB_EVENT_PATH', saved.path]] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      repo.git('checkout', '-q', '--', 'spec/models/invoice_spec.rb');
    }
  });

  it('check exits 1 when the incident budget of the current period is exceeded', () => {
    const config = repo.read('.changerisk/config.yaml');
    repo.write('.changerisk/config.yaml', `${config}qualityBar:\n  rules: []\n  budget: { period: month, regressions: 0, onExceeded: "freeze risky merges" }\n`);
    try {
      const inFebruary = run(repo.root, 'check', '--now', '2025-02-20');
      assert.equal(inFebruary.status, 1);
      assert.match(inFebruary.stdout, /^✗ budget: 1 regression in 2025-02, budget 0 \(INC-7\): freeze risky merges$/m);
      assert.equal(run(repo.root, 'check', '--now', '2025-03-20').status, 0, 'a new month, a new budget; rules: [] requires nothing');
    } finally {
      repo.write('.changerisk/config.yaml', config);
    }
  });

  it('impact --format json carries the analysis and the Markdown; a missing base exits 3', () => {
    const result = run(repo.root, 'impact', '--now', '2025-06-01', '--format', 'json');
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout);
    assert.deepEqual(Object.keys(report).slice(5), [
      'change',
      'changeRisk',
      'overview',
      'lineWarnings',
      'areas',
      'riskyFiles',
      'incidents',
      'kinds',
      'migrations',
      'featureFlags',
      'dependencies',
      'leftOutCoChanges',
      'missingTests',
      'reviewers',
      'codeOwnersFile',
      'qualityBar',
      'lineHistory',
      'template',
      'markdown',
    ]);
    assert.equal(report.change.base.ref, 'main');
    assert.deepEqual(report.riskyFiles[0].touchedLines[0].ranges, [{ start: 4, end: 4 }]);
    assert.deepEqual(
      report.lineWarnings.map((w: { path: string; kind: string; ranges: unknown; commit: { subject: string } | null }) => [w.path, w.kind, w.ranges, w.commit?.subject ?? null]),
      [['app/models/invoice.rb', 'fix', [{ start: 4, end: 4 }], 'Fix totals (INC-7)']],
    );
    assert.deepEqual(report.overview.groups.map((g: { role: string; files: string[] }) => [g.role, g.files]), [['source', ['app/models/invoice.rb']]]);
    assert.equal(report.qualityBar.deployable, true);
    assert.match(report.markdown, /^<!-- change-risk:impact-draft -->/);
    const noBase = run(repo.root, 'impact', '--base', 'origin/nowhere');
    assert.equal(noBase.status, 3);
    assert.match(noBase.stderr, /"origin\/nowhere" names no commit/);
  });

  it('impact and check say which PR template or CODEOWNERS they passed over, and why, on stderr', () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-outside-'));
    const template = path.join(repo.root, 'pull_request_template.md');
    const owners = path.join(repo.root, 'CODEOWNERS');
    try {
      fs.writeFileSync(path.join(outside, 'secret.md'), 'TOKEN=hunter2\n');
      fs.symlinkSync(path.join(outside, 'secret.md'), template);
      fs.symlinkSync(path.join(outside, 'secret.md'), owners);
      const impact = run(repo.root, 'impact', '--now', '2025-06-01');
      assert.equal(impact.status, 0, impact.stderr);
      assert.ok(!impact.stdout.includes('hunter2'));
      assert.match(impact.stderr, /^warning: CODEOWNERS:1:1: error: symbolic link to a location outside the repository; skipped$/m);
      assert.match(impact.stderr, /^warning: pull_request_template\.md:1:1: error: symbolic link to a location outside the repository; skipped$/m);
      const check = run(repo.root, 'check', '--now', '2025-06-01');
      assert.match(check.stderr, /^warning: CODEOWNERS:1:1: error: symbolic link/m);
    } finally {
      fs.rmSync(template, { force: true });
      fs.rmSync(owners, { force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  describe('on the demo repository', () => {
    let demo: DemoRepoInfo;
    let markdown: string;

    before(async () => {
      demo = await generateDemoRepo(path.join(tmp, 'demo'));
      const result = run(demo.root, 'impact', '--now', '2026-10-15');
      assert.equal(result.status, 0, result.stderr);
      markdown = result.stdout;
    });

    it('drafts a statement that names what a reviewer must know, inside the PR template', () => {
      const { feature, inc12 } = demo.facts;
      assert.ok(markdown.startsWith('## What changed\n\n## Why\n\n## Risk and impact\n<!-- change-risk:impact-draft -->\n'), 'fills the template at its marker');
      assert.ok(markdown.endsWith('- [ ] Migrations are reversible and safe for large tables\n'), 'keeps the template after the marker');
      assert.ok(markdown.includes(`- \`app/models/invoice.rb\` lines ${inc12.startLine}-${inc12.endLine} — named by INC-12 (`), markdown);
      assert.match(markdown, /^- INC-12 ⚠️ regression, high \(2024-03-14\): /m);
      assert.ok(markdown.includes(`- **Database migration**: \`${feature.migration}\``));
      assert.ok(markdown.includes('- **Database schema**: `db/schema.rb`'));
      assert.ok(markdown.includes('- **Routes**: `config/routes.rb`'));
      assert.ok(markdown.includes(`- **New environment variables**: \`${feature.envVar}\` (\`config/initializers/money.rb\`)`));
      assert.match(markdown, new RegExp(`^- \\*\\*Dependencies\\*\\*: \`${feature.bumpedGem}\` [0-9.]+ → [0-9.]+$`, 'm'), 'the bumped gem by name with its versions');
      assert.match(
        markdown,
        new RegExp(`^- \\*\\*medium\\*\\* \`app/models/invoice\\.rb\` \\(billing, legacy\\) — .*no test change \\(\`spec/models/invoice_spec\\.rb\` exists\\); usually changes with \`${feature.missingCoChange.replace(/\./g, '\\.')}\` \\(\\d+ of its \\d+ commits\\), not in this change$`, 'm'),
      );
      assert.ok(!/Erin Park/.test(markdown), 'the branch author is not suggested as a reviewer');
    });

    it('fails the check for the missing spec and the empty impact section of the untouched template', () => {
      const template = fs.readFileSync(path.join(demo.root, '.github/pull_request_template.md'), 'utf8');
      const result = run(demo.root, 'check', '--now', '2026-10-15', '--format', 'github', '--pr-body', body('template.md', template));
      assert.equal(result.status, 1);
      assert.match(result.stdout, /^::error title=change-risk%3A impactStatement::/m);
      assert.match(result.stdout, /^::error file=app\/models\/invoice\.rb,line=\d+,title=change-risk%3A testChanges::no test change for app\/models\/invoice\.rb \(/m);
    });
  });
});

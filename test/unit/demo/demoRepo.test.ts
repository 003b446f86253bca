import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateDemoRepo, type DemoRepoInfo } from '../../../src/demo/demoRepo';

function git(root: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'core.quotepath=false', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', TZ: 'UTC' },
    maxBuffer: 64 * 1024 * 1024,
  }).trimEnd();
}

function frontMatter(text: string): Record<string, string> {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  assert.ok(match, 'front matter');
  return Object.fromEntries(
    (match[1] as string)
      .split('\n')
      .filter((l) => /^[a-zA-Z]+:/.test(l))
      .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]),
  );
}

describe('generateDemoRepo', function () {
  this.timeout(60_000);
  let tmp: string;
  let first: DemoRepoInfo;
  let second: DemoRepoInfo;

  before(async () => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-demo-')));
    first = await generateDemoRepo(path.join(tmp, 'one'));
    second = await generateDemoRepo(path.join(tmp, 'two'));
  });

  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('is deterministic: two runs give the same commits, branches and facts', () => {
    const all = (root: string) => git(root, 'log', '--all', '--format=%H %T %P');
    assert.equal(all(first.root), all(second.root));
    assert.equal(first.headSha, second.headSha);
    assert.equal(git(first.root, 'rev-parse', 'main'), git(second.root, 'rev-parse', 'main'));
    assert.equal(git(first.root, 'diff', 'main'), git(second.root, 'diff', 'main'));
    assert.deepEqual(first.facts, second.facts);
    assert.equal(first.commitCount, second.commitCount);
  });

  it('has main as the base branch and the feature branch checked out on top of it', () => {
    const root = first.root;
    assert.equal(first.baseBranch, 'main');
    assert.equal(git(root, 'symbolic-ref', '--short', 'HEAD'), 'feature/multi-currency-invoices');
    assert.equal(git(root, 'rev-parse', 'HEAD'), first.headSha);
    assert.equal(git(root, 'merge-base', 'main', 'HEAD'), git(root, 'rev-parse', 'main'));
    assert.equal(git(root, 'rev-parse', 'main'), first.facts.mainHeadSha);
    assert.equal(git(root, 'rev-list', '--count', 'main..HEAD'), String(first.facts.feature.commits.length));
    assert.ok(first.facts.feature.commits.length >= 2 && first.facts.feature.commits.length <= 3);
    assert.equal(git(root, 'branch', '--format=%(refname:short)'), 'feature/multi-currency-invoices\nmain');
    assert.equal(Number(git(root, 'rev-list', '--count', 'HEAD')), first.commitCount);
    assert.ok(first.commitCount >= 200 && first.commitCount <= 600, `commits: ${first.commitCount}`);
    const files = git(root, 'ls-files').split('\n');
    assert.ok(files.length >= 60 && files.length <= 130, `files: ${files.length}`);
    for (const expected of ['Gemfile', 'Gemfile.lock', 'package.json', 'config/routes.rb', 'db/schema.rb', 'config/locales/de.yml', 'lib/legacy/csv_exporter.rb', 'vendor/javascript/chart.js', 'app/graphql/types/query_type.rb', 'app/jobs/invoice_reminder_job.rb']) {
      assert.ok(files.includes(expected), expected);
    }
  });

  it('spans several years with authors who left long ago', () => {
    const root = first.root;
    const dates = git(root, 'log', '--format=%ad', '--date=short', 'main').split('\n');
    assert.ok((dates[dates.length - 1] as string).startsWith('2017-01'));
    assert.ok((dates[0] as string).startsWith('2026-'));
    assert.equal(first.facts.authors.length, 6);
    assert.deepEqual(first.facts.inactiveAuthors, ['greg.hollis@example.com', 'hannah.ito@example.com']);
    for (const email of first.facts.inactiveAuthors) {
      const last = git(root, 'log', '-1', '--format=%ad', '--date=short', `--author=${email}`, 'main');
      assert.ok(last < '2022-01-01', `${email} last committed ${last}`);
    }
    // The legacy code is still mostly Greg's.
    const blame = git(root, 'blame', '--line-porcelain', 'main', '--', 'lib/legacy/ledger_sync.rb');
    const greg = blame.split('\n').filter((l) => l === 'author-mail <greg.hollis@example.com>').length;
    const total = blame.split('\n').filter((l) => l.startsWith('author-mail ')).length;
    assert.ok(greg / total > 0.5, `greg wrote ${greg} of ${total} lines`);
  });

  it('blames the INC-12 range of invoice.rb on the fix commit', () => {
    const { inc12 } = first.facts;
    assert.deepEqual([inc12.startLine, inc12.endLine], [40, 58]);
    const blame = git(first.root, 'blame', '--porcelain', '-L', `${inc12.startLine},${inc12.endLine}`, 'main', '--', inc12.path);
    const shas = blame.split('\n').filter((l) => /^[0-9a-f]{40} \d+ \d+/.test(l)).map((l) => l.slice(0, 40));
    assert.equal(shas.length, 19);
    assert.deepEqual([...new Set(shas)], [inc12.fixSha]);
    assert.match(git(first.root, 'log', '-1', '--format=%s', inc12.fixSha), /INC-12/);
    assert.match(git(first.root, 'log', '-1', '--format=%s', inc12.introducedSha), /Refactor invoice totals/);
    const inc21 = git(first.root, 'blame', '--porcelain', '-L', '12,24', 'main', '--', first.facts.inc21.path);
    assert.deepEqual([...new Set(inc21.split('\n').filter((l) => /^[0-9a-f]{40} \d+ \d+/.test(l)).map((l) => l.slice(0, 40)))], [first.facts.inc21.fixSha]);
  });

  it('follows renamed files back to their old paths', () => {
    for (const rename of first.facts.renames) {
      const log = git(first.root, 'log', '--follow', '--name-only', '--format=', 'main', '--', rename.to).split('\n');
      assert.ok(log.includes(rename.from), `${rename.to} ← ${rename.from}`);
      assert.match(git(first.root, 'show', '-M', '--name-status', '--format=', rename.sha), new RegExp(`^R\\d+\\t${rename.from}\\t${rename.to}$`, 'm'));
    }
    assert.ok(first.facts.renames.some((r) => r.from === 'lib/legacy/money_format.rb'));
  });

  it('has a merged feature branch, fix commits, decoys and one bulk commit listed in .git-blame-ignore-revs', () => {
    const root = first.root;
    const { facts } = first;
    assert.equal(git(root, 'rev-list', '--parents', '-1', facts.merge.sha).split(' ').length, 3);
    assert.equal(git(root, 'rev-parse', `${facts.merge.sha}^2`), facts.merge.branchCommits[facts.merge.branchCommits.length - 1]);
    const subjects = git(root, 'log', '--format=%s', 'main').split('\n');
    for (const expected of ['Fix double rounding in invoice totals (INC-12)', 'Revert "Bump graphql to 2.3"', 'hotfix: guard reminder job against duplicate enqueue', 'Add fixture for invoices with discounts', 'Add prefix to cache keys', 'debug logging for webhook retries', 'Rubocop autocorrect']) {
      assert.ok(subjects.includes(expected), expected);
    }
    assert.match(git(root, 'log', '-1', '--format=%s', facts.typoCommit), /typo/i);
    assert.match(git(root, 'log', '-1', '--format=%s', facts.lintCommit), /^Lint/);
    const revert = git(root, 'log', '-1', '--format=%b', facts.fixCommits['INC-23'] as string);
    assert.match(revert, new RegExp(`This reverts commit ${facts.incidents.find((i) => i.id === 'INC-23')?.introducedShas[0]}`));
    const bulkFiles = git(root, 'show', '--name-only', '--format=', facts.bulkCommit.sha).split('\n');
    assert.ok(bulkFiles.length > 50, `bulk commit touches ${bulkFiles.length}`);
    assert.equal(bulkFiles.length, facts.bulkCommit.fileCount);
    assert.ok(git(root, 'show', 'main:.git-blame-ignore-revs').split('\n').includes(facts.bulkCommit.sha));
    const ignored = git(root, 'blame', '--ignore-revs-file', '.git-blame-ignore-revs', '--porcelain', 'main', '--', 'app/models/invoice.rb');
    assert.ok(!ignored.includes(facts.bulkCommit.sha));
  });

  it('has bots, a partial revert in invoice.rb, and non-code files with fixes and reverts', () => {
    const root = first.root;
    const { facts } = first;
    // Bots commit with fix-like subjects, and are no demo author.
    assert.deepEqual(facts.botCommits.map((c) => c.author).sort(), ['pre-commit-ci[bot]', 'renovate[bot]']);
    for (const bot of facts.botCommits) {
      assert.match(bot.message, /\bfix/i, `${bot.message} looks like a fix to a naive reader`);
      assert.equal(git(root, 'log', '-1', '--format=%an', bot.sha), bot.author);
      assert.ok(!facts.authors.some((a) => a.name === bot.author));
    }
    const blamedBot = git(root, 'blame', '--porcelain', '-L', `${facts.botLine.line},${facts.botLine.line}`, '--', facts.botLine.path);
    assert.ok(blamedBot.startsWith(facts.botLine.sha), 'the bot line is the bot commit’s in the working tree');
    // The revert of invoice.rb restores `subtotal` and keeps what the reverted commit added.
    const { invoiceRevert } = facts;
    assert.match(git(root, 'log', '-1', '--format=%s%n%b', invoiceRevert.revertSha), new RegExp(`^Revert "Memoize invoice subtotal for the PDF job"\nThis reverts commit ${invoiceRevert.revertedSha}\\.`));
    assert.equal(git(root, 'log', '-1', '--format=%ad', '--date=short', invoiceRevert.revertSha), invoiceRevert.revertDate);
    const blameLine = (line: number) => git(root, 'blame', '--porcelain', '-L', `${line},${line}`, '--', invoiceRevert.path).slice(0, 40);
    for (const line of invoiceRevert.revertLines) assert.equal(blameLine(line), invoiceRevert.revertSha, `line ${line} is the revert's`);
    for (const line of invoiceRevert.revertedLines) assert.equal(blameLine(line), invoiceRevert.revertedSha, `line ${line} is the reverted commit's`);
    assert.ok(invoiceRevert.revertLines.every((l) => l < facts.inc12.startLine) && invoiceRevert.revertedLines.every((l) => l > facts.inc12.endLine), 'outside the INC-12 block');
    // A changelog, the lint configuration and the Gemfile: fixes and reverts in the history of files that are no code.
    assert.deepEqual(facts.unratedWithFixes.map((f) => f.path), ['CHANGELOG.md', '.rubocop.yml', 'Gemfile']);
    for (const file of facts.unratedWithFixes) {
      assert.ok(file.troubleShas.length >= 2, `${file.path} has fixes or reverts`);
      for (const sha of file.troubleShas) assert.ok(git(root, 'show', '--name-only', '--format=', sha).split('\n').includes(file.path), `${sha} touches ${file.path}`);
    }
    assert.match(git(root, 'log', '--format=%s', '--', '.rubocop.yml'), /^Revert "Enable Style\/FrozenStringLiteralComment"$/m);
    assert.match(git(root, 'log', '--format=%s', '--', 'CHANGELOG.md'), /^Fix /m);
    // "fixes" only in the body: no fix by its subject.
    const body = facts.decoyCommits.find((c) => c.message === 'Boost recent invoices in search ranking');
    assert.ok(body, JSON.stringify(facts.decoyCommits));
    assert.match(git(root, 'log', '-1', '--format=%b', body.sha), /fixes/);
  });

  it('makes invoice.rb and invoice_calculator.rb change together', () => {
    const log = git(first.root, 'log', '--name-only', '--format=@%H', 'main').split('@').filter(Boolean);
    const touching = log.map((entry) => entry.split('\n')).filter((lines) => lines.includes('app/models/invoice.rb'));
    const together = touching.filter((lines) => lines.some((l) => /^app\/services\/(billing|payments)\/invoice_calculator\.rb$/.test(l)));
    assert.equal(together.length, first.facts.coChange.commitsTogether);
    assert.equal(touching.length, first.facts.coChange.commitsWithFirst);
    assert.ok(together.length >= 10 && together.length / touching.length > 0.6, `${together.length}/${touching.length}`);
  });

  it('keeps a ledger with every kind of incident and real fix shas', () => {
    const dir = path.join(first.root, '.changerisk', 'incidents');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.md'));
    assert.ok(files.length >= 8);
    const parsed = files.map((f) => ({ file: f, text: fs.readFileSync(path.join(dir, f), 'utf8') })).map((f) => ({ ...f, fm: frontMatter(f.text) }));
    assert.deepEqual([...new Set(parsed.map((p) => p.fm.kind))].sort(), ['incident', 'near-miss', 'regression', 'user-inquiry']);
    assert.deepEqual([...new Set(parsed.map((p) => p.fm.severity))].sort(), ['critical', 'high', 'low', 'medium']);
    const months = parsed.map((p) => (p.fm.date as string).slice(0, 7));
    assert.ok(new Set(months).size < months.length, 'some incidents share a month');
    assert.ok(months.every((m) => m >= '2023-01' && m <= '2026-12'));
    for (const incident of first.facts.incidents) {
      const text = fs.readFileSync(path.join(first.root, incident.file), 'utf8');
      for (const sha of incident.fixShas) {
        assert.ok(text.includes(sha), `${incident.id} lists ${sha}`);
        assert.equal(git(first.root, 'merge-base', '--is-ancestor', sha, 'main'), '');
      }
    }
    assert.ok(Object.keys(first.facts.fixCommits).length >= 5);
    const inc12 = fs.readFileSync(path.join(first.root, first.facts.incidents.find((i) => i.id === 'INC-12')?.file as string), 'utf8');
    assert.match(inc12, /lines: "40-58"/);
    assert.match(inc12, new RegExp(`fix: \\[${first.facts.inc12.fixSha}\\]`));
    const config = fs.readFileSync(path.join(first.root, '.changerisk', 'config.yaml'), 'utf8');
    assert.match(config, /incidentIdPatterns: \['\\bINC-\\d\+\\b'\]/);
    assert.match(fs.readFileSync(path.join(first.root, '.github', 'pull_request_template.md'), 'utf8'), /<!-- change-risk:impact -->/);
    assert.match(fs.readFileSync(path.join(first.root, '.github', 'CODEOWNERS'), 'utf8'), /\/app\/services\/payments\/ +@alice/);
  });

  it('leaves a risky diff on the feature branch', () => {
    const root = first.root;
    const { feature, inc12 } = first.facts;
    const changed = git(root, 'diff', '--name-only', 'main').split('\n');
    for (const expected of ['app/models/invoice.rb', 'db/schema.rb', 'config/routes.rb', 'Gemfile', 'Gemfile.lock', 'config/initializers/money.rb', feature.migration]) {
      assert.ok(changed.includes(expected), expected);
    }
    assert.match(feature.migration, /^db\/migrate\/2026\d{10}_add_currency_to_invoices\.rb$/);
    assert.ok(!changed.includes(feature.missingCoChange));
    assert.ok(!changed.includes('spec/models/invoice_spec.rb'));
    assert.deepEqual(git(root, 'status', '--porcelain').split('\n').map((l) => l.slice(3)).sort(), feature.uncommittedFiles);
    assert.match(git(root, 'diff', '--', 'config/initializers/money.rb'), /^\+.*ENV\.fetch\('EXCHANGE_RATES_API_KEY'\)/m);
    const hunks = [...git(root, 'diff', '-U0', 'main', '--', 'app/models/invoice.rb').matchAll(/^@@ -(\d+)(?:,(\d+))? /gm)];
    assert.ok(hunks.length > 0);
    for (const hunk of hunks) {
      const start = Number(hunk[1]);
      assert.ok(start >= inc12.startLine && start <= inc12.endLine, `hunk at ${start}`);
    }
    assert.ok(feature.invoiceLinesTouched.length >= 2 && feature.invoiceLinesTouched.every((l) => l >= 40 && l <= 58));
    assert.match(git(root, 'diff', 'main', '--', 'Gemfile'), /^\+gem "money-rails", "~> 1.15"/m);
  });

  it('refuses to overwrite a folder that is not a demo repository, and regenerates a demo repository', async () => {
    const foreign = path.join(tmp, 'foreign');
    fs.mkdirSync(foreign);
    fs.writeFileSync(path.join(foreign, 'keep.txt'), 'mine\n');
    await assert.rejects(generateDemoRepo(foreign), /not empty and is not a Change Risk demo repository/);
    assert.equal(fs.readFileSync(path.join(foreign, 'keep.txt'), 'utf8'), 'mine\n');

    fs.writeFileSync(path.join(second.root, 'scratch.txt'), 'left over\n');
    const again = await generateDemoRepo(second.root);
    assert.equal(again.headSha, first.headSha);
    assert.ok(!fs.existsSync(path.join(second.root, 'scratch.txt')));

    const forced = await generateDemoRepo(foreign, { force: true });
    assert.equal(forced.headSha, first.headSha);
    assert.ok(!fs.existsSync(path.join(foreign, 'keep.txt')));
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { pullRequestEvent, runActionEntry, type ActionRun } from '../../helpers/actionRun';
import { buildBundle } from '../../helpers/bundle';
import { bob, lines, TestRepo } from '../../helpers/testRepo';


/** A workflow command line as GitHub reads it: `::name key=value,key=value::message`, properties escaped. */
const ANNOTATION = /^::(error|warning)(?: ((?:file|line|title)=[^,:\r\n]*(?:,(?:file|line|title)=[^,:\r\n]*)*))?::([^\r\n]*)$/;

/** The change: 28 legacy models without a test change, one with a name that is hostile in Markdown and in workflow commands. */
// (No space in it: git ends a `+++ b/name` header with a tab when the name has a space, which the diff reader keeps.)
const HOSTILE = 'app/models/a<b>,x:y%25@mallory.rb';
const MODELS = [...Array.from({ length: 27 }, (_, i) => `app/models/model_${String(i + 1).padStart(2, '0')}.rb`), HOSTILE];

describe('the GitHub Action', function () {
  this.timeout(180_000);
  let repo: TestRepo;
  let tmp: string;
  let entry: string;
  let mainSha: string;

  before(async () => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-action-')));
    // The bundle the action runs (action.yml runs.main), built as esbuild.js builds it, into a folder of its own.
    entry = await buildBundle('action', path.join(tmp, 'dist'));

    repo = TestRepo.create();
    repo.commit({
      message: 'Billing',
      date: '2024-01-01T10:00:00Z',
      author: bob,
      files: {
        ...Object.fromEntries(MODELS.map((file) => [file, lines(6)])),
        'config/environments/production.rb': 'Rails.application.configure {}\n',
        '.changerisk/config.yaml': [
          'areas:',
          '  - name: billing',
          '    paths: ["app/models/**"]',
          '    legacy: true',
          '    owners: ["@alice", "@payments-team"]',
          'qualityBar:',
          '  rules:',
          '    - name: billing',
          '      areas: [billing]',
          '      testChanges: true',
          '      impactStatement: true',
          '      ownerReview: true',
          '      rollbackPlan: true',
          '      monitoring: { dashboards: ["Billing / invoice totals"], days: 2 }',
          '',
        ].join('\n'),
      },
    });
    mainSha = repo.git('rev-parse', 'HEAD');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.commit({
      message: 'Per-line rounding',
      date: '2025-05-30T10:00:00Z',
      files: Object.fromEntries(MODELS.map((file) => [file, `${lines(6)}def rounded\n  total.round(2)\nend\n`])),
    });
  });
  after(() => {
    repo.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const run = (inputs: Record<string, string>, env: Record<string, string> = {}, cwd = repo.root): Promise<ActionRun> =>
    runActionEntry(entry, { cwd, tmp, inputs: { now: '2025-06-01', ...inputs }, env: { GITHUB_EVENT_PATH: pullRequestEvent(tmp, mainSha, 'Rounds each line.\r\n\r\nFixes #41'), ...env } });

  it('writes the check and the impact statement to the job summary, annotates within the caps and exits 1', async () => {
    const result = await run({});
    assert.equal(result.status, 1, result.stdout + result.stderr);
    // 28 models without a test change, no impact section, rollback or monitoring plan: 31 errors; owner review: 1 warning.
    assert.deepEqual(result.outputs, { result: 'fail', errors: '31', warnings: '1', 'comment-url': '', 'report-file': '' });

    const annotations = result.stdout.split('\n').filter((line) => line.startsWith('::'));
    for (const line of annotations) assert.match(line, ANNOTATION);
    const severities = annotations.map((line) => ANNOTATION.exec(line)![1]);
    assert.deepEqual(severities, [...Array<string>(10).fill('error'), 'warning'], 'the 10 errors first, then the warning: GitHub shows 10 of each per step');
    assert.equal(annotations[0], '::error title=change-risk%3A impactStatement::the PR body has no impact section (fill the change-risk marker or write under an "Impact" heading)');
    assert.equal(annotations[2], '::error file=app/models/model_01.rb,line=7,title=change-risk%3A testChanges::no test change for app/models/model_01.rb (billing): update spec/models/model_01_spec.rb or add a test');
    assert.match(result.stdout, /^change-risk: 21 more errors not shown as annotations — see the job summary$/m);
    assert.match(result.stdout, /^✗ testChanges: no test change for app\/models\/model_27\.rb /m, 'what is not annotated is in the log');
    assert.equal(
      annotations[10],
      '::warning file=app/models/a<b>%2Cx%3Ay%2525@mallory.rb,line=7,title=change-risk%3A ownerReview::needs review by one of @alice, @payments-team (app/models/a<b>,x:y%2525@mallory.rb, app/models/model_01.rb, app/models/model_02.rb, app/models/model_03.rb, app/models/model_04.rb …and 23 more)',
      'a file name cannot end a property or add one',
    );
    assert.match(result.stdout, /^change-risk: pull request #42 read from .*event\.json$/m);

    const summary = result.summary;
    assert.match(summary, /^## ❌ Change Risk: 31 unmet requirements, 1 warning$/m);
    assert.equal(summary.split('\n').filter((line) => line.startsWith('- ❌ ')).length, 31, 'every error is listed');
    assert.equal(summary.split('\n').filter((line) => line.startsWith('- ⚠️ ')).length, 1);
    assert.match(summary, /^> 21 more errors not shown as annotations \(GitHub shows at most 10 per step\): every finding is listed here\.$/m);
    assert.match(summary, /^<!-- change-risk:impact-draft -->\n### Impact statement \(draft\)$/m, 'the impact statement follows');
    assert.doesNotMatch(summary, /Change risk/, 'too young a history to rate: no line nobody can act on');
    assert.match(summary, /^- ⚠️ \*\*ownerReview\*\*: needs review by one of @&#8203;alice, @&#8203;payments-team /m, 'handles mention nobody');
    assert.doesNotMatch(summary.replace(/`[^`\n]*`/g, ''), /<b>/, 'a file name renders as text, not HTML (code spans show it literally)');
    assert.ok(summary.includes('(app/models/a\\<b\\>,x:y%25@&#8203;mallory.rb, app/models/model\\_01.rb'));
  });

  it('with annotations off writes none, and the summary counts nothing as left out', async () => {
    const result = await run({ annotations: 'false' });
    assert.equal(result.status, 1);
    assert.deepEqual(result.stdout.split('\n').filter((line) => line.startsWith('::')), []);
    assert.doesNotMatch(result.summary, /not shown as annotations/);
    assert.match(result.summary, /^## ❌ Change Risk: 31 unmet requirements, 1 warning$/m);
  });

  it('passes (exit 0) on an empty change, run from another folder with working-directory', async () => {
    const result = await run({ base: 'feature', 'working-directory': path.relative(tmp, repo.root) }, {}, tmp);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.deepEqual(result.outputs, { result: 'pass', errors: '0', warnings: '0', 'comment-url': '', 'report-file': '' });
    assert.match(result.summary, /^## ✅ Change Risk: The quality bar is met\.$/m);
    assert.match(result.summary, /^No changes against the base: nothing to check\.$/m);
  });

  it('with bar: advisory reports the same findings and passes; with format: sarif writes the SARIF log for code scanning', async () => {
    const result = await run({ bar: 'advisory', format: 'sarif' });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    const report = path.join(repo.root, 'change-risk.sarif');
    try {
      assert.deepEqual(result.outputs, { result: 'fail', errors: '31', warnings: '1', 'comment-url': '', 'report-file': report }, 'the result still says what the bar found');
      assert.match(result.stdout, /^change-risk: bar: advisory — the unmet requirements above do not fail the step$/m);
      assert.equal(result.stdout.split('\n').filter((line) => line.startsWith('::error')).length, 10, 'annotated as before');
      const sarif = JSON.parse(fs.readFileSync(report, 'utf8')) as { version: string; runs: { results: { ruleId: string; level: string }[] }[] };
      assert.equal(sarif.version, '2.1.0');
      assert.equal(sarif.runs[0]!.results.length, 32, 'every finding, not only the annotated ones');
      assert.equal(sarif.runs[0]!.results.filter((r) => r.level === 'error').length, 31);
    } finally {
      fs.rmSync(report, { force: true });
    }
    const bad = await run({ bar: 'lenient' });
    assert.equal(bad.status, 2);
    assert.match(bad.stdout, /^::error title=change-risk::input "bar": "lenient" is not enforce or advisory$/m);
    const noFormat = await run({ 'report-file': 'x.json' });
    assert.equal(noFormat.status, 2);
    assert.match(noFormat.stdout, /input "report-file": set "format" too/);
  });

  it('refuses a bad input with exit 2 and a missing base with exit 3, as error annotations', async () => {
    const badInput = await run({ lang: 'fr' });
    assert.equal(badInput.status, 2);
    assert.match(badInput.stdout, /^::error title=change-risk::input "lang": "fr" is not en or ja$/m);
    assert.equal(badInput.outputs.result, 'error');
    assert.match(badInput.summary, /^## ⚠️ Change Risk could not run$/m);
    const noBase = await run({ base: 'origin/nowhere' });
    assert.equal(noBase.status, 3);
    assert.match(noBase.stdout, /^::error title=change-risk::--base: "origin\/nowhere" names no commit \(actions\/checkout needs `fetch-depth: 0`/m);
    assert.equal(noBase.outputs.result, 'error');
  });

  it('in the default shallow checkout, says to fetch the whole history (exit 3)', async () => {
    const shallow = TestRepo.shallowClone(repo, 1);
    try {
      const result = await run({}, {}, shallow.root);
      assert.equal(result.status, 3, result.stdout + result.stderr);
      assert.match(result.stdout, /^::warning title=change-risk::This is a shallow clone: .* \(actions\/checkout needs `fetch-depth: 0`/m);
      assert.match(result.stdout, /^::error title=change-risk::--base: "[0-9a-f]{40}" names no commit \(actions\/checkout needs `fetch-depth: 0`/m);
      assert.equal(result.outputs.result, 'error');
    } finally {
      shallow.dispose();
    }
  });

  describe('the sticky pull request comment', () => {
    interface Received {
      method: string;
      url: string;
      authorization?: string;
      body?: { body: string };
    }
    let server: http.Server;
    let received: Received[];
    let comments: { id: number; body: string; user: { login: string; type: string }; html_url: string }[];
    let failPosts: boolean;
    let api: string;

    before(async () => {
      server = http.createServer((request, response) => {
        let data = '';
        request.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
        request.on('end', () => {
          const entry: Received = { method: request.method!, url: request.url!, ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}), ...(data ? { body: JSON.parse(data) } : {}) };
          received.push(entry);
          const reply = (status: number, payload: unknown) => {
            response.writeHead(status, { 'content-type': 'application/json' });
            response.end(JSON.stringify(payload));
          };
          const list = /^\/repos\/acme\/billing\/issues\/42\/comments\?per_page=100&page=(\d+)$/.exec(entry.url);
          const edit = /^\/repos\/acme\/billing\/issues\/comments\/(\d+)$/.exec(entry.url);
          if (entry.method === 'GET' && list) return reply(200, list[1] === '1' ? comments : []);
          if (entry.method === 'POST' && entry.url === '/repos/acme/billing/issues/42/comments') {
            if (failPosts) return reply(403, { message: 'Resource not accessible by integration' });
            const comment = { id: 9000 + comments.length, body: entry.body!.body, user: { login: 'github-actions[bot]', type: 'Bot' }, html_url: `https://github.com/acme/billing/pull/42#issuecomment-${9000 + comments.length}` };
            comments.push(comment);
            return reply(201, comment);
          }
          const existing = edit && comments.find((comment) => comment.id === Number(edit[1]));
          if (entry.method === 'PATCH' && existing) {
            existing.body = entry.body!.body;
            return reply(200, existing);
          }
          return reply(404, { message: 'Not Found' });
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    beforeEach(() => {
      received = [];
      comments = [];
      failPosts = false;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('is created on the first run and updated (the same comment) on the next', async () => {
      const env = { GITHUB_API_URL: api, GITHUB_SERVER_URL: 'https://github.com', GITHUB_RUN_ID: '777' };
      const first = await run({ comment: 'true', 'github-token': 'token-1' }, env);
      assert.equal(first.status, 1, first.stdout + first.stderr);
      assert.deepEqual(received.map((r) => `${r.method} ${r.url}`), ['GET /repos/acme/billing/issues/42/comments?per_page=100&page=1', 'POST /repos/acme/billing/issues/42/comments']);
      assert.ok(received.every((r) => r.authorization === 'Bearer token-1'));
      const body = received[1]!.body!.body;
      assert.match(body, /^<!-- change-risk:action-comment [0-9a-f]{12} -->\n### ❌ Change Risk: 31 unmet requirements, 1 warning\n/);
      assert.match(body, /^\[Job summary and annotations\]\(https:\/\/github\.com\/acme\/billing\/actions\/runs\/777\)$/m);
      assert.match(body, /^<details>\n<summary>Impact statement \(draft\)<\/summary>\n\n<!-- change-risk:impact-draft -->$/m);
      assert.ok(body.length <= 65_536);
      assert.equal(first.outputs['comment-url'], 'https://github.com/acme/billing/pull/42#issuecomment-9000');

      received = [];
      // Someone quoting the comment: theirs starts with the marker too, but the bot's comment is the one to edit.
      comments.unshift({ id: 8000, body: `${body.split('\n')[0]}\n> quoted by a person`, user: { login: 'erin-park', type: 'User' }, html_url: '' });
      const second = await run({ comment: 'true', 'github-token': 'token-1' }, env);
      assert.equal(second.status, 1);
      assert.deepEqual(received.map((r) => `${r.method} ${r.url}`), ['GET /repos/acme/billing/issues/42/comments?per_page=100&page=1', 'PATCH /repos/acme/billing/issues/comments/9000']);
      assert.equal(comments.filter((comment) => comment.user.type === 'Bot').length, 1, 'still one comment of the action');
      assert.match(second.stdout, /^change-risk: pull request comment updated: https:\/\/github\.com\/acme\/billing\/pull\/42#issuecomment-9000$/m);
    });

    it('is not requested at all when comment is off, even with a token', async () => {
      const result = await run({ 'github-token': 'token-1' }, { GITHUB_API_URL: api });
      assert.equal(result.status, 1);
      assert.deepEqual(received, []);
    });

    it('that cannot be posted is a warning annotation, not a failed step, and takes its place within the cap', async () => {
      failPosts = true;
      const result = await run({ comment: 'true', 'github-token': 'read-only' }, { GITHUB_API_URL: api });
      assert.equal(result.status, 1, 'the exit code is the check\'s: 1 for its findings, not 3');
      const warnings = result.stdout.split('\n').filter((line) => line.startsWith('::warning'));
      assert.equal(warnings.length, 2);
      assert.match(warnings[0]!, /^::warning title=change-risk::No pull request comment: POST \/repos\/acme\/billing\/issues\/42\/comments: 403 Forbidden \(Resource not accessible by integration\)/);
      assert.equal(result.outputs['comment-url'], '');
    });
  });
});

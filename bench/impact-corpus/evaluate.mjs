#!/usr/bin/env node
// Runs `change-risk impact` and `change-risk check` on every real merged change in changes.txt and
// reports what a reviewer would meet: how long the draft is, how often the default bar fails and why,
// and how many "missing test" claims are wrong (a test for the file exists in the repository).
//
//   bash bench/corpora/fetch.sh && npm run build && node bench/impact-corpus/evaluate.mjs > report.md
//
// Options (environment): CHANGE_RISK_CORPORA (where fetch.sh put the histories), IMPACT_ONLY=<corpus>
// to run one corpus, IMPACT_JSON=<file> to also write the raw results. Each change is checked out as
// a detached worktree of its corpus under $TMPDIR/change-risk-impact (removed at the end).
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const CORPORA = process.env.CHANGE_RISK_CORPORA ?? path.join(os.homedir(), '.cache', 'change-risk-corpora');
const WORK = path.join(os.tmpdir(), 'change-risk-impact');
const CACHE = path.join(WORK, 'cache');

const changes = fs
  .readFileSync(path.join(import.meta.dirname, 'changes.txt'), 'utf8')
  .split('\n')
  .filter((line) => line && !line.startsWith('#'))
  .map((line) => {
    const [corpus, base, head, kind, date, subject] = line.split('\t');
    return { corpus, base, head, kind, date, subject };
  })
  .filter((change) => !process.env.IMPACT_ONLY || change.corpus === process.env.IMPACT_ONLY);

const git = (cwd, ...args) => execFileSync('git', ['-C', cwd, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });

function cli(cwd, ...args) {
  const started = performance.now();
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, CHANGE_RISK_CACHE_DIR: CACHE, NO_COLOR: '1' } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, ms: performance.now() - started };
}

/** Words a reviewer reads: HTML comments (the draft marker, hidden hints) and table rules left out. */
export function wordCount(markdown) {
  return markdown
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .split(/\s+/)
    .filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

/** Test files in the head tree, by the stem of the source they test (`invoice` for `invoice_spec.rb`). */
function testsByStem(worktree) {
  const byStem = new Map();
  for (const file of git(worktree, 'ls-files', '-z').split('\0')) {
    const match = /(?:^|\/)([^/]+?)(?:_test|_spec|\.test|\.spec|Test|Spec)\.[a-z]+$/.exec(file);
    if (!match) continue;
    const stem = match[1].toLowerCase();
    if (!byStem.has(stem)) byStem.set(stem, []);
    byStem.get(stem).push(file);
  }
  return byStem;
}

const stemOf = (file) => path.basename(file).replace(/\..*$/, '').toLowerCase();

const results = [];
fs.mkdirSync(WORK, { recursive: true });
for (const change of changes) {
  const repo = path.join(CORPORA, change.corpus);
  const worktree = path.join(WORK, `${change.corpus}-${change.head.slice(0, 10)}`);
  if (!fs.existsSync(worktree)) git(repo, 'worktree', 'add', '--quiet', '--detach', worktree, change.head);
  const common = ['--base', change.base, '--now', change.date];
  const first = cli(worktree, 'impact', ...common, '--format', 'json', '--no-template');
  const warm = cli(worktree, 'impact', ...common, '--format', 'json', '--no-template');
  const result = { ...change, impactStatus: warm.status, impactMs: Math.round(warm.ms), coldMs: Math.round(first.ms) };
  if (warm.status !== 0) {
    result.error = warm.stderr.trim().split('\n').slice(-3).join(' / ');
    results.push(result);
    continue;
  }
  const impact = JSON.parse(warm.stdout);
  result.files = impact.change.totals.files;
  result.words = wordCount(impact.markdown);
  const draftFile = path.join(WORK, 'draft.md');
  fs.writeFileSync(draftFile, impact.markdown);
  // The author who pasted the draft and answered its ✍️ prompts (one sentence each): what the bar should then accept.
  const answeredFile = path.join(WORK, 'answered.md');
  fs.writeFileSync(answeredFile, impact.markdown.replace(/(> ✍️ \*\*[^*]+:\*\*) …/g, '$1 answered by the author in one sentence.'));
  for (const [key, extra] of [['check', []], ['checkWithDraft', ['--pr-body', draftFile]], ['checkAnswered', ['--pr-body', answeredFile]]]) {
    const run = cli(worktree, 'check', ...common, '--format', 'json', ...extra);
    const parsed = run.stdout ? JSON.parse(run.stdout) : undefined;
    result[key] = {
      status: run.status,
      errors: (parsed?.findings ?? []).filter((f) => f.severity === 'error').map((f) => `${f.requirement}${f.file ? ` ${f.file}` : ''}: ${f.message}`),
    };
  }
  const tests = testsByStem(worktree);
  const changed = new Set(impact.change.files.map((file) => file.path));
  result.missingTests = (impact.missingTests ?? []).map((claim) => {
    // The tests a person would call this file's: named after it, and either the only one of that name or in a folder
    // of the same name (`models/x_test.rb` for `models/x.rb`). Independent of how the tool learns its layout.
    // A monorepo's packages (solidus's core/, admin/…) keep their own tests.
    const packageOf = (file) => (/^(?:app|lib|spec|test|src)\//.test(file) || !file.includes('/') ? '' : file.slice(0, file.indexOf('/')));
    const named = (tests.get(stemOf(claim.path)) ?? []).filter((test) => packageOf(test) === packageOf(claim.path));
    const folder = path.basename(path.dirname(claim.path));
    const real = named.length === 1 ? named : named.filter((test) => path.basename(path.dirname(test)) === folder);
    const existing = claim.existing ?? [];
    const wrong =
      real.some((test) => changed.has(test)) || // its test did change: no claim should be made
      (real.length > 0 && existing.length === 0) || // "none yet" for a test that exists
      (real.length > 0 && !existing.some((test) => real.includes(test))) || // names another file's test
      (real.length === 0 && existing.some((test) => named.length > 1 && !real.includes(test))); // picks one of many same-named tests
    return { path: claim.path, existing, real, wrong };
  });
  results.push(result);
  process.stderr.write(`${change.corpus} ${change.head.slice(0, 8)} ${change.kind}: ${result.words} words, check ${result.check.status}/${result.checkWithDraft.status}\n`);
}
for (const change of changes) {
  const worktree = path.join(WORK, `${change.corpus}-${change.head.slice(0, 10)}`);
  if (fs.existsSync(worktree)) git(path.join(CORPORA, change.corpus), 'worktree', 'remove', '--force', worktree);
}
if (process.env.IMPACT_JSON) fs.writeFileSync(process.env.IMPACT_JSON, JSON.stringify(results, null, 2));

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.floor((sorted.length - 1) / 2)];
};
const ok = results.filter((r) => r.impactStatus === 0);
const failed = (key) => ok.filter((r) => r[key].status !== 0);
const claims = ok.flatMap((r) => r.missingTests);
const pct = (n, d) => (d === 0 ? '–' : `${((100 * n) / d).toFixed(0)} %`);
const lines = [
  `# Impact statement and check on ${results.length} real merged changes`,
  '',
  `- drafts: ${ok.length} of ${results.length} (${results.length - ok.length} failed to run)`,
  `- median draft: ${median(ok.map((r) => r.words))} words (largest ${Math.max(0, ...ok.map((r) => r.words))}); median \`impact\` on a warm index: ${median(ok.map((r) => r.impactMs))} ms`,
  `- \`check\` without a PR body fails ${failed('check').length} of ${ok.length} (${pct(failed('check').length, ok.length)})`,
  `- \`check --pr-body <the draft>\` fails ${failed('checkWithDraft').length} of ${ok.length} (${pct(failed('checkWithDraft').length, ok.length)})`,
  `- \`check --pr-body <the draft, prompts answered>\` fails ${failed('checkAnswered').length} of ${ok.length} (${pct(failed('checkAnswered').length, ok.length)})`,
  `- missing-test claims: ${claims.length}, of which ${claims.filter((c) => c.wrong).length} name a file whose test exists (${pct(claims.filter((c) => c.wrong).length, claims.length)})`,
  '',
  '| corpus | change | kind | files | words | check | with draft | draft answered | missing tests (wrong) |',
  '| --- | --- | --- | ---: | ---: | --- | --- | --- | --- |',
  ...results.map((r) =>
    r.impactStatus !== 0
      ? `| ${r.corpus} | ${r.head.slice(0, 8)} | ${r.kind} | | | impact failed: ${r.error} | | |`
      : `| ${r.corpus} | ${r.head.slice(0, 8)} ${r.subject.slice(0, 50).replace(/\|/g, '\\|')} | ${r.kind} | ${r.files} | ${r.words} | ${r.check.status === 0 ? 'pass' : `fail ${r.check.errors.length}`} | ${r.checkWithDraft.status === 0 ? 'pass' : `fail ${r.checkWithDraft.errors.length}`} | ${r.checkAnswered.status === 0 ? 'pass' : `fail ${r.checkAnswered.errors.length}`} | ${r.missingTests.length} (${r.missingTests.filter((c) => c.wrong).length}) |`,
  ),
  '',
  '## Every failure of `check` (no PR body)',
  '',
  ...failed('check').flatMap((r) => [`- ${r.corpus} ${r.head.slice(0, 8)} (${r.kind}) ${r.subject.slice(0, 60)}`, ...r.check.errors.map((e) => `  - ${e}`)]),
  '',
  '## Every failure of `check --pr-body <the draft>`',
  '',
  ...failed('checkWithDraft').flatMap((r) => [`- ${r.corpus} ${r.head.slice(0, 8)} (${r.kind}) ${r.subject.slice(0, 60)}`, ...r.checkWithDraft.errors.map((e) => `  - ${e}`)]),
  '',
  '## Wrong missing-test claims',
  '',
  ...ok.flatMap((r) => r.missingTests.filter((c) => c.wrong).map((c) => `- ${r.corpus} ${r.head.slice(0, 8)}: \`${c.path}\` (claimed: ${c.existing.join(', ') || 'none yet'}; in the tree: ${c.real.slice(0, 3).join(', ')})`)),
];
console.log(lines.join('\n'));

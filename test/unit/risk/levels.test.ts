/**
 * "Signal, not noise": which files get a risk level, how many, and what their first reason says,
 * on real git repositories built commit by commit (no mocked git).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ChangeRiskEngine } from '../../../src/core/engine';
import { FastImportWriter } from '../../../src/demo/fastImport';
import type { ReasonKind } from '../../../src/core/risk/riskModel';
import { loadTeamFiles } from '../../../src/core/team';
import { alice, bob, carol, lines, TestRepo, type Person } from '../../helpers/testRepo';

const NOW = new Date('2026-06-01T00:00:00Z');

async function open(repo: TestRepo): Promise<ChangeRiskEngine> {
  return ChangeRiskEngine.open({ folder: repo.root, now: NOW });
}

/** `2026-01-01T10:00:00Z` plus `days`. */
function day(days: number, start = '2026-01-01T10:00:00Z'): string {
  return new Date(Date.parse(start) + days * 24 * 3600 * 1000).toISOString().replace('.000Z', 'Z');
}

/** `count` source files `app/models/<prefix>NN.rb` of the same size, so sizes do not decide the order. */
function models(count: number, prefix = 'model'): Record<string, string> {
  return Object.fromEntries(Array.from({ length: count }, (_, k) => [`app/models/${prefix}${String(k + 1).padStart(2, '0')}.rb`, lines(20, `${prefix} ${k + 1}`)]));
}

/** Writes files and commits everything in two git processes (add, commit), for repositories with many files. */
function commitAll(repo: TestRepo, message: string, date: string, files: Record<string, string>, author: Person = alice): string {
  for (const [file, content] of Object.entries(files)) repo.write(file, content);
  repo.git('add', '-A');
  return repo.commit({ message, date, author });
}

interface HistoryCommit {
  message: string;
  date: string;
  author?: Person;
  files: Record<string, string>;
}

/**
 * Writes a long history onto `main` of a fresh TestRepo in one `git fast-import` process (commit by commit
 * costs three git processes each), then checks it out. The same fixed dates and authors as `TestRepo.commit`.
 */
async function importHistory(repo: TestRepo, commits: readonly HistoryCommit[]): Promise<void> {
  const writer = FastImportWriter.start(repo.root);
  try {
    for (const commit of commits) {
      const author = commit.author ?? alice;
      await writer.commit({
        ref: 'refs/heads/main',
        author: { name: author.name, email: author.email, time: Date.parse(commit.date) / 1000 },
        message: `${commit.message}\n`,
        changes: Object.entries(commit.files).map(([file, content]) => ({ op: 'M' as const, path: file, content })),
      });
    }
    await writer.finish();
  } catch (error) {
    writer.abort();
    throw error;
  }
  repo.git('reset', '--hard', '--quiet');
}

/** Changes tracked files and commits with `git commit -a`: one git process per commit, for long histories. */
function commitTracked(repo: TestRepo, message: string, date: string, files: Record<string, string>, author: Person = alice): void {
  for (const [file, content] of Object.entries(files)) repo.write(file, content);
  const env = { GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email, GIT_AUTHOR_DATE: date, GIT_COMMITTER_NAME: author.name, GIT_COMMITTER_EMAIL: author.email, GIT_COMMITTER_DATE: date };
  repo.gitWithEnv(env, 'commit', '--quiet', '-a', '-m', message);
}

/** The engine's history re-read under a config written to the working tree, as the editor does when the file is edited. */
async function withConfig(engine: ChangeRiskEngine, repo: TestRepo, config: string): Promise<ChangeRiskEngine> {
  repo.write('.changerisk/config.yaml', config);
  try {
    const team = await loadTeamFiles(repo.root);
    assert.deepEqual(team.diagnostics, []);
    return engine.withTeamFiles(team);
  } finally {
    fs.rmSync(path.join(repo.root, '.changerisk'), { recursive: true, force: true });
  }
}

function levelOf(engine: ChangeRiskEngine, path: string): string {
  return engine.risk.file(path)?.level ?? 'none';
}

function warned(engine: ChangeRiskEngine): number {
  const { low, medium, high } = engine.risk.counts;
  return low + medium + high;
}

/** The files that change often and are fixed often, but are not code. */
const NOISE: Record<string, string> = {
  'CHANGELOG.md': '# Changelog\n',
  Gemfile: 'source "https://rubygems.org"\n',
  'package.json': '{}\n',
  '.rubocop.yml': 'AllCops: {}\n',
  '.github/workflows/ci.yml': 'on: push\n',
  'Gemfile.lock': 'GEM\n',
  'spec/models/x_spec.rb': 'describe X do\nend\n',
  'docs/guide.md': '# Guide\n',
};

/** Twenty models (two with fixes) and the noise files, each noise file fixed in six commits: more than any model. */
async function rolesRepo(): Promise<TestRepo> {
  const repo = TestRepo.create();
  const commits: HistoryCommit[] = [{ message: 'Initial', date: '2025-06-01T10:00:00Z', files: { ...models(20), ...NOISE } }];
  for (let k = 0; k < 6; k++) {
    const files = Object.fromEntries(Object.entries(NOISE).map(([file, content]) => [file, `${content}# fix ${k}\n`]));
    commits.push({ message: `Fix checkout crash ${k + 1}`, date: day(10 * k), author: k % 2 ? bob : alice, files });
  }
  commits.push(
    { message: 'Fix rounding in totals', date: day(70), files: { 'app/models/model01.rb': lines(21, 'model 1') } },
    { message: 'Fix tax on refunds', date: day(80), author: bob, files: { 'app/models/model01.rb': lines(22, 'model 1') } },
    { message: 'Fix currency symbol', date: day(90), author: carol, files: { 'app/models/model02.rb': lines(21, 'model 2') } },
  );
  await importHistory(repo, commits);
  return repo;
}

const EVIDENCE_KINDS: readonly ReasonKind[] = ['override', 'incidents', 'unrecorded-incidents', 'reverts', 'fixes', 'legacy-declared'];

describe('risk levels: signal, not noise', () => {
  const repos: TestRepo[] = [];
  const track = (repo: TestRepo) => (repos.push(repo), repo);
  after(() => repos.forEach((repo) => repo.dispose()));

  describe('roles', () => {
    let repo: TestRepo;
    let engine: ChangeRiskEngine;
    before(async () => {
      repo = track(await rolesRepo());
      engine = await open(repo);
    });

    it('rates only source code: changelogs, manifests, lint, CI, lockfiles and specs never get a level', () => {
      assert.equal(engine.risk.fileCount, 20, 'only the twenty models are rated');
      const roles = Object.fromEntries(Object.keys(NOISE).map((file) => [file, engine.risk.file(file)?.role]));
      assert.deepEqual(roles, {
        'CHANGELOG.md': 'docs',
        Gemfile: 'manifest',
        'package.json': 'manifest',
        '.rubocop.yml': 'lint',
        '.github/workflows/ci.yml': 'build',
        'Gemfile.lock': undefined, // ignored by the history rules altogether
        'spec/models/x_spec.rb': 'test',
        'docs/guide.md': 'docs',
      });
      assert.equal(engine.history.stats('CHANGELOG.md')!.fixCommits, 6, 'the noise files do have fixes on record');
      for (const file of Object.keys(NOISE)) assert.equal(levelOf(engine, file), 'none', file);
      assert.deepEqual(
        engine.risk.hotspots(20).map((risk) => risk.path),
        ['app/models/model01.rb', 'app/models/model02.rb'],
      );
    });

    it('rates a docs file the team declares source code', async () => {
      const configured = await withConfig(engine, repo, "version: 1\nroles:\n  - paths: ['docs/**']\n    role: source\n");
      assert.equal(configured.risk.file('docs/guide.md')?.role, 'source');
      assert.equal(configured.risk.fileCount, 21);
      assert.notEqual(levelOf(configured, 'docs/guide.md'), 'none');
      assert.ok(configured.risk.hotspots(20).some((risk) => risk.path === 'docs/guide.md'));
      assert.equal(levelOf(configured, 'CHANGELOG.md'), 'none');
    });

    it('rates specs when the team rates the test role', async () => {
      const configured = await withConfig(engine, repo, 'version: 1\nrisk:\n  roles: [source, test]\n');
      assert.equal(configured.risk.fileCount, 21);
      assert.notEqual(levelOf(configured, 'spec/models/x_spec.rb'), 'none');
      assert.ok(configured.risk.hotspots(20).some((risk) => risk.path === 'spec/models/x_spec.rb'));
      assert.equal(levelOf(configured, 'Gemfile'), 'none');
    });
  });

  describe('evidence', () => {
    it('leaves the busiest file without a level when nothing was ever fixed in it; one fix gives a level', async () => {
      const repo = track(TestRepo.create());
      const commits: HistoryCommit[] = [{ message: 'Initial', date: '2025-06-01T10:00:00Z', files: { ...models(10), 'app/models/busy.rb': lines(20, 'busy') } }];
      for (let k = 0; k < 40; k++) commits.push({ message: `Add checkout step ${k + 1}`, date: day(3 * k), author: k % 2 ? bob : alice, files: { 'app/models/busy.rb': lines(21 + k, 'busy') } });
      commits.push({ message: 'Fix rounding in totals', date: day(125), files: { 'app/models/model03.rb': lines(21, 'model 3') } });
      await importHistory(repo, commits);
      const engine = await open(repo);
      assert.equal(engine.risk.fileCount, 11);
      const busy = engine.risk.file('app/models/busy.rb')!;
      const fixed = engine.risk.file('app/models/model03.rb')!;
      assert.equal(busy.stats.commits, 41);
      assert.equal(busy.stats.fixCommits, 0);
      assert.ok(busy.score > fixed.score, `the busy file has the highest score (${busy.score} vs ${fixed.score})`);
      assert.equal(busy.level, 'none');
      assert.notEqual(fixed.level, 'none');
      assert.deepEqual(engine.risk.hotspots(20).map((risk) => risk.path), ['app/models/model03.rb']);
    });

    describe('the visible share', () => {
      let repo: TestRepo;
      let engine: ChangeRiskEngine;
      const files = models(30);
      before(async () => {
        repo = track(TestRepo.create());
        await importHistory(repo, [
          { message: 'Initial', date: '2025-06-01T10:00:00Z', files },
          ...Object.keys(files).map((file, k) => ({ message: `Fix edge case ${k + 1}`, date: day(k * 4), author: k % 2 ? bob : alice, files: { [file]: lines(21 + (k % 5), `fixed ${k}`) } })),
        ]);
        engine = await open(repo);
      });

      it('warns about at most 10% of the rated files by default', () => {
        assert.equal(engine.risk.fileCount, 30);
        for (const file of Object.keys(files)) assert.equal(engine.history.stats(file)!.fixCommits, 1, file);
        assert.equal(warned(engine), 3, JSON.stringify(engine.risk.counts));
        assert.equal(engine.risk.hotspots(20).length, 3);
      });

      it('warns about a larger share when the team raises risk.levels.low', async () => {
        const configured = await withConfig(engine, repo, 'version: 1\nrisk:\n  levels:\n    low: 0.5\n');
        assert.equal(configured.team.config.risk.levels.low, 0.5);
        assert.equal(configured.risk.fileCount, 30);
        assert.equal(warned(configured), 15, JSON.stringify(configured.risk.counts));
        assert.equal(configured.risk.hotspots(20).length, 15);
      });
    });
  });

  describe('reasons', () => {
    let engine: ChangeRiskEngine;
    let repo: TestRepo;

    /**
     * Ten models, warned up to half by the config: a fixed one, a reverted one, one reverted twice (long ago and
     * recently), one whose fix names an incident with no postmortem, one with a ledger incident, a declared
     * legacy one without fixes and an overridden one; the rest only busy.
     */
    before(async () => {
      repo = track(TestRepo.create());
      const config = `version: 1
areas:
  - name: billing
    paths: ["app/models/billing/**"]
    legacy: true
risk:
  levels:
    low: 0.5
  overrides:
    - paths: ["app/models/secrets.rb"]
      level: high
      reason: "credentials live here"
`;
      const incident = `---
id: INC-2
title: Orders lost
date: 2026-02-01
kind: incident
severity: medium
affected:
  - app/models/order.rb
---
## What happened
Orders were lost.
`;
      commitAll(repo, 'Initial', '2024-01-01T10:00:00Z', {
        ...models(3, 'plain'),
        'app/models/fixed.rb': lines(20),
        'app/models/currency.rb': lines(20),
        'app/models/tax.rb': lines(20),
        'app/models/timeout.rb': lines(20),
        'app/models/order.rb': lines(20),
        'app/models/billing/ledger.rb': lines(20),
        'app/models/secrets.rb': lines(20),
        '.changerisk/config.yaml': config,
        '.changerisk/incidents/INC-2-orders.md': incident,
      });
      // tax.rb: reverted long ago, and again recently.
      const oldTax = repo.commit({ message: 'Add tax table', date: '2024-03-01T10:00:00Z', author: bob, files: { 'app/models/tax.rb': lines(22) } });
      repo.commit({ message: `Revert "Add tax table"\n\nThis reverts commit ${oldTax}.`, date: '2024-03-02T10:00:00Z', author: bob, files: { 'app/models/tax.rb': lines(20) } });
      for (let k = 0; k < 12; k++) commitTracked(repo, `Add plain feature ${k + 1}`, day(5 * k, '2025-11-01T10:00:00Z'), { 'app/models/plain01.rb': lines(21 + k, 'plain 1') });
      repo.commit({ message: 'Keep orders', date: '2026-02-02T10:00:00Z', files: { 'app/models/order.rb': lines(21) } });
      repo.commit({ message: 'Fix rounding in totals', date: '2026-02-10T10:00:00Z', files: { 'app/models/fixed.rb': lines(21) } });
      const newTax = repo.commit({ message: 'Add tax rules', date: '2026-03-01T10:00:00Z', author: bob, files: { 'app/models/tax.rb': lines(23) } });
      repo.commit({ message: `Revert "Add tax rules"\n\nThis reverts commit ${newTax}.`, date: '2026-03-02T10:00:00Z', author: bob, files: { 'app/models/tax.rb': lines(20) } });
      const currency = repo.commit({ message: 'Add currency field', date: '2026-03-04T10:00:00Z', author: carol, files: { 'app/models/currency.rb': lines(22) } });
      repo.commit({ message: `Revert "Add currency field"\n\nThis reverts commit ${currency}.`, date: '2026-03-05T10:00:00Z', author: carol, files: { 'app/models/currency.rb': lines(20) } });
      repo.commit({ message: 'Fix search timeout (INC-7)', date: '2026-04-01T10:00:00Z', author: bob, files: { 'app/models/timeout.rb': lines(21) } });
      engine = await open(repo);
    });

    it('opens every warned file with the evidence behind its level', () => {
      const hotspots = engine.risk.hotspots(20);
      assert.deepEqual(
        hotspots.map((risk) => risk.path).sort(),
        ['app/models/billing/ledger.rb', 'app/models/currency.rb', 'app/models/fixed.rb', 'app/models/order.rb', 'app/models/secrets.rb', 'app/models/tax.rb', 'app/models/timeout.rb'],
      );
      for (const risk of hotspots) {
        const first = risk.reasons[0];
        assert.ok(first, `${risk.path} has reasons`);
        assert.ok(EVIDENCE_KINDS.includes(first.kind), `${risk.path}: first reason ${first.kind}: ${first.text}`);
        if (first.kind !== 'override' && first.kind !== 'legacy-declared') assert.match(first.text, /\d/, `${risk.path}: ${first.text}`);
      }
      const firstKinds = Object.fromEntries(hotspots.map((risk) => [risk.path, risk.reasons[0]!.kind]));
      assert.deepEqual(firstKinds, {
        'app/models/billing/ledger.rb': 'legacy-declared',
        'app/models/currency.rb': 'reverts',
        'app/models/fixed.rb': 'fixes',
        'app/models/order.rb': 'incidents',
        'app/models/secrets.rb': 'override',
        'app/models/tax.rb': 'reverts',
        'app/models/timeout.rb': 'unrecorded-incidents',
      });
      assert.equal(levelOf(engine, 'app/models/plain01.rb'), 'none', 'the busiest file has no evidence');
    });

    it('says how often and how recently a file was reverted', () => {
      const currency = engine.risk.file('app/models/currency.rb')!;
      assert.deepEqual(
        currency.reasons.filter((r) => r.kind === 'reverts').map((r) => r.text),
        ['reverted once, in the last 6 months'],
      );
      assert.deepEqual(
        engine.risk.file('app/models/fixed.rb')!.reasons.map((r) => r.text),
        ['1 fix in the last 12 months, the latest on 2026-02-10 (1 of its 2 commits in all)'],
      );
    });

    it('does not say all reverts were recent when one was two years ago', () => {
      const tax = engine.risk.file('app/models/tax.rb')!;
      assert.deepEqual([tax.stats.reverts, tax.stats.reverted], [2, 2]);
      const text = tax.reasons.find((r) => r.kind === 'reverts')?.text ?? '';
      assert.match(text, /^reverted twice/);
      assert.doesNotMatch(text, /all in the last 6 months/, text);
    });
  });

  describe('line marks', () => {
    it('marks no lines in a postmortem, while the code its fix commits changed is marked', async () => {
      const repo = track(TestRepo.create());
      const postmortem = (extra: string) => `---
id: INC-1
title: Totals rounded twice
date: 2026-03-04
kind: incident
severity: high
---
## What happened
Totals were rounded twice.
${extra}`;
      repo.commit({ message: 'Add invoice', date: '2026-01-04T10:00:00Z', files: { 'app/models/invoice.rb': lines(6) } });
      const first = repo.commit({
        message: 'Fix double rounding (INC-1)',
        date: '2026-03-04T10:00:00Z',
        files: { 'app/models/invoice.rb': lines(6).replace('line 3', 'fixed 3'), '.changerisk/incidents/INC-1-x.md': postmortem('') },
      });
      const second = repo.commit({
        message: 'Fix rounding of refunds (INC-1)',
        date: '2026-03-05T10:00:00Z',
        files: { 'app/models/invoice.rb': lines(6).replace('line 3', 'fixed 3').replace('line 5', 'fixed 5'), '.changerisk/incidents/INC-1-x.md': postmortem('## Follow-up\nRefunds too.\n') },
      });
      const engine = await open(repo);
      assert.deepEqual(engine.team.incidents.map((i) => i.id), ['INC-1']);
      assert.equal(engine.risk.roleOf('.changerisk/incidents/INC-1-x.md'), 'team');
      assert.deepEqual(await engine.lineMarks('.changerisk/incidents/INC-1-x.md'), []);

      const marks = await engine.lineMarks('app/models/invoice.rb');
      assert.deepEqual(
        marks.map((m) => [m.start, m.end, m.source, m.commits.map((c) => c.sha), m.incidents.map((i) => i.id)]),
        [
          [3, 3, 'history', [first], ['INC-1']],
          [5, 5, 'history', [second], ['INC-1']],
        ],
      );
    });
  });
});

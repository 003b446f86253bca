/**
 * "Signal, not noise": which commits count as fixes, reverts, bots and people, read from real git
 * repositories through the engine (no mocked git).
 */
import * as assert from 'node:assert/strict';
import { ChangeRiskEngine } from '../../../src/core/engine';
import { loadTeamFiles } from '../../../src/core/team';
import { alice, bob, carol, lines, TestRepo, type Person } from '../../helpers/testRepo';

const NOW = new Date('2026-06-01T00:00:00Z');

const dependabot: Person = { name: 'dependabot[bot]', email: '49699333+dependabot[bot]@users.noreply.github.com' };
const githubActions: Person = { name: 'github-actions[bot]', email: '41898282+github-actions[bot]@users.noreply.github.com' };

async function open(repo: TestRepo): Promise<ChangeRiskEngine> {
  return ChangeRiskEngine.open({ folder: repo.root, now: NOW });
}

function indexOf(engine: ChangeRiskEngine, sha: string): number {
  const index = engine.history.commitIndex(sha);
  assert.notEqual(index, undefined, `commit ${sha} is indexed`);
  return index!;
}

/** `git revert --no-edit <sha>` at a fixed date. */
function gitRevert(repo: TestRepo, sha: string, date: string, author: Person = alice): string {
  return repo.revert(sha, date, author);
}

describe('commit rules: signal, not noise', () => {
  let repo: TestRepo;
  beforeEach(() => (repo = TestRepo.create()));
  afterEach(() => repo.dispose());

  describe('fixes are read from the subject line', () => {
    const cases: Array<[message: string, fix: boolean]> = [
      ['Add invoice scope\n\nmanually fix up the specs', false],
      ['Fix rounding in totals', true],
      ['Fix rounding (#123)', true],
      ['Fix typo in README', false],
      ['Fix Style/ConditionalAssignment offences', false],
      ['Fix flaky spec', false],
      ['Round totals once\n\nFixes: 1a2b3c4d', true],
    ];

    it('counts a commit as a fix by its subject or a Fixes: trailer, never by other words in the body', async () => {
      const shas: string[] = [];
      cases.forEach(([message], k) => {
        shas.push(repo.commit({ message, date: `2026-03-0${k + 1}T10:00:00Z`, files: { 'app/models/invoice.rb': lines(k + 1) } }));
      });
      const engine = await open(repo);
      cases.forEach(([message, fix], k) => {
        const index = indexOf(engine, shas[k]!);
        assert.equal(engine.history.isFixCommit(index), fix, `isFixCommit(${JSON.stringify(message)})`);
        assert.equal(engine.history.commitSummary(index).fix, fix, `commitSummary(${JSON.stringify(message)}).fix`);
      });
      const stats = engine.history.stats('app/models/invoice.rb')!;
      assert.equal(stats.commits, cases.length);
      assert.equal(stats.fixCommits, cases.filter(([, fix]) => fix).length);
    });

    it('counts only the fix commits of each file', async () => {
      repo.commit({ message: 'Add models', date: '2026-01-01T10:00:00Z', files: { 'app/models/a.rb': 'a\n', 'app/models/b.rb': 'b\n' } });
      repo.commit({ message: 'Add invoice scope\n\nmanually fix up the specs', date: '2026-02-01T10:00:00Z', files: { 'app/models/a.rb': 'a2\n' } });
      repo.commit({ message: 'Fix Style/ConditionalAssignment offences', date: '2026-02-02T10:00:00Z', files: { 'app/models/a.rb': 'a3\n' } });
      repo.commit({ message: 'Fix rounding (#123)', date: '2026-02-03T10:00:00Z', files: { 'app/models/b.rb': 'b2\n' } });
      repo.commit({ message: 'Round once\n\nFixes: 1a2b3c4d', date: '2026-02-04T10:00:00Z', files: { 'app/models/b.rb': 'b3\n' } });
      const engine = await open(repo);
      assert.equal(engine.history.stats('app/models/a.rb')!.fixCommits, 0);
      assert.equal(engine.history.stats('app/models/b.rb')!.fixCommits, 2);
      assert.equal(engine.risk.file('app/models/a.rb')!.reasons.some((r) => r.kind === 'fixes'), false);
    });
  });

  describe('reverts', () => {
    it('links a `git revert` to the commit it names: the revert is a fix, the reverted commit is trouble', async () => {
      repo.commit({ message: 'Add invoice', date: '2026-01-10T10:00:00Z', files: { 'app/models/invoice.rb': lines(5) } });
      const added = repo.commit({ message: 'Add currency field', date: '2026-03-04T10:00:00Z', files: { 'app/models/invoice.rb': lines(7) } });
      const revert = gitRevert(repo, added, '2026-03-05T10:00:00Z');
      const engine = await open(repo);
      assert.equal(engine.history.message(indexOf(engine, revert)).split('\n', 1)[0], 'Revert "Add currency field"');
      assert.match(engine.history.message(indexOf(engine, revert)), new RegExp(`This reverts commit ${added}\\.`));

      const revertIndex = indexOf(engine, revert);
      const addedIndex = indexOf(engine, added);
      assert.equal(engine.history.isFixCommit(revertIndex), true, 'a revert is a fix');
      assert.equal(engine.history.isFixCommit(addedIndex), false, 'the reverted commit is no fix by its subject');
      assert.equal(engine.history.isTroubleCommit(addedIndex), true, 'but it is trouble');
      assert.equal(engine.history.commitRevertedBy(revertIndex), addedIndex);
      assert.equal(engine.history.revertOfCommit(addedIndex), revertIndex);

      const summary = engine.history.commitSummary(addedIndex);
      assert.equal(summary.fix, true);
      assert.equal(summary.revertedBy?.sha, revert);
      assert.equal(summary.revertedBy?.time, Date.parse('2026-03-05T10:00:00Z') / 1000);
      assert.ok(summary.why?.includes(`reverted by ${revert.slice(0, 7)} on 2026-03-05`), `why: ${summary.why}`);
      const revertSummary = engine.history.commitSummary(revertIndex);
      assert.equal(revertSummary.reverts, added);
      assert.ok(revertSummary.why?.includes(`revert of ${added.slice(0, 7)}`), `why: ${revertSummary.why}`);

      const stats = engine.history.stats('app/models/invoice.rb')!;
      assert.equal(stats.reverted, 1);
      assert.equal(stats.reverts, 1);
      assert.equal(stats.recentReverts, 1, "one revert: the pair is one time the change was undone");
      assert.equal(stats.fixCommits, 2, 'the revert and the reverted commit both count like fixes');
    });

    it('links every revert of a long history to the commit its sha names (past the first few, looked up in a table)', async () => {
      // The first few full shas are found by scanning the index; the rest through a table of them all.
      const pairs: { added: string; revert: string }[] = [];
      for (let i = 0; i < 40; i++) {
        const day = String(1 + (i % 28)).padStart(2, '0');
        const month = String(1 + Math.floor(i / 28)).padStart(2, '0');
        const added = repo.commit({ message: `Change ${i}`, date: `2026-${month}-${day}T10:00:00Z`, files: { [`app/models/m${i}.rb`]: lines(3 + i) } });
        const revert = repo.commit({
          message: `Undo change ${i}\n\nThis reverts commit ${i % 2 === 0 ? added : added.toUpperCase()}.`,
          date: `2026-${month}-${day}T11:00:00Z`,
          files: { [`app/models/m${i}.rb`]: lines(3) },
        });
        pairs.push({ added, revert });
      }
      const unknown = repo.commit({ message: 'Undo something\n\nThis reverts commit 0123456789abcdef0123456789abcdef01234567.', date: '2026-03-01T10:00:00Z', files: { 'app/models/m0.rb': lines(2) } });
      const engine = await open(repo);
      for (const { added, revert } of pairs) assert.equal(engine.history.commitRevertedBy(indexOf(engine, revert)), indexOf(engine, added), `revert ${revert} of ${added}`);
      assert.equal(engine.history.commitRevertedBy(indexOf(engine, unknown)), undefined, 'a sha not in the history links nothing');
    });

    it('links a subject-only revert (a squash merge) to the latest earlier commit with that exact subject', async () => {
      const first = repo.commit({ message: 'Add currency field', date: '2026-01-04T10:00:00Z', files: { 'app/models/invoice.rb': lines(3) } });
      repo.commit({ message: 'Add currency field to orders', date: '2026-02-04T10:00:00Z', files: { 'app/models/order.rb': lines(3) } });
      const second = repo.commit({ message: 'Add currency field', date: '2026-03-04T10:00:00Z', files: { 'app/models/invoice.rb': lines(6) } });
      repo.commit({ message: 'Add currency field to carts', date: '2026-03-05T10:00:00Z', files: { 'app/models/cart.rb': lines(3) } });
      const revert = repo.commit({ message: 'Revert "Add currency field" (#45)', date: '2026-03-06T10:00:00Z', files: { 'app/models/invoice.rb': lines(3) } });
      const engine = await open(repo);
      const revertIndex = indexOf(engine, revert);
      assert.equal(engine.history.isFixCommit(revertIndex), true);
      assert.equal(engine.history.commitRevertedBy(revertIndex), indexOf(engine, second));
      assert.equal(engine.history.commitSummary(indexOf(engine, second)).revertedBy?.sha, revert);
      assert.equal(engine.history.commitSummary(indexOf(engine, first)).revertedBy, undefined, 'only the latest commit with that subject');
      assert.equal(engine.history.isTroubleCommit(indexOf(engine, first)), false);
      assert.equal(engine.history.stats('app/models/cart.rb')!.reverted, 0);
      const stats = engine.history.stats('app/models/invoice.rb')!;
      assert.equal(stats.reverted, 1);
      assert.equal(stats.reverts, 1);
    });

    it('falls back to the subject when the sha a revert names is not in the history (squashed branch)', async () => {
      const added = repo.commit({ message: 'Add currency field (#44)', date: '2026-03-04T10:00:00Z', files: { 'app/models/invoice.rb': lines(6) } });
      const revert = repo.commit({
        message: 'Revert "Add currency field (#44)" (#45)\n\nThis reverts commit 0123456789abcdef0123456789abcdef01234567.',
        date: '2026-03-06T10:00:00Z',
        files: { 'app/models/invoice.rb': lines(3) },
      });
      const engine = await open(repo);
      assert.equal(engine.history.commitRevertedBy(indexOf(engine, revert)), indexOf(engine, added));
      assert.equal(engine.history.isTroubleCommit(indexOf(engine, added)), true);
    });

    it('marks the lines of a reverted commit that a partial revert left in place', async () => {
      repo.commit({ message: 'Add models', date: '2026-01-04T10:00:00Z', files: { 'app/models/x.rb': lines(4, 'base'), 'app/models/y.rb': lines(2, 'why') } });
      const a = repo.commit({
        message: 'A',
        date: '2026-03-04T10:00:00Z',
        files: { 'app/models/x.rb': lines(4, 'base') + lines(3, 'added'), 'app/models/y.rb': lines(2, 'why') + 'added\n' },
      });
      const revert = repo.commit({ message: `Revert "A"\n\nThis reverts commit ${a}.`, date: '2026-03-05T10:00:00Z', files: { 'app/models/y.rb': lines(2, 'why') } });
      const engine = await open(repo);
      const marks = await engine.lineMarks('app/models/x.rb');
      assert.deepEqual(
        marks.map((m) => [m.start, m.end, m.source, m.commits.map((c) => c.sha)]),
        [[5, 7, 'history', [a]]],
      );
      const why = marks[0]!.commits[0]!.why ?? '';
      assert.ok(why.includes(`reverted by ${revert.slice(0, 7)} on 2026-03-05`), `why: ${why}`);
      assert.equal(engine.history.stats('app/models/x.rb')!.reverted, 1);
      assert.equal(engine.history.stats('app/models/x.rb')!.reverts, 0);
    });

    it('marks lines a re-apply (a revert of the revert) brought back', async () => {
      repo.commit({ message: 'Add model', date: '2026-01-04T10:00:00Z', files: { 'app/models/x.rb': lines(4, 'base') } });
      const a = repo.commit({ message: 'Add currency field', date: '2026-03-04T10:00:00Z', files: { 'app/models/x.rb': lines(4, 'base') + lines(2, 'added') } });
      const revert = gitRevert(repo, a, '2026-03-05T10:00:00Z');
      const reapply = gitRevert(repo, revert, '2026-03-06T10:00:00Z');
      const engine = await open(repo);
      assert.equal(engine.history.commitRevertedBy(indexOf(engine, reapply)), indexOf(engine, revert));
      assert.equal(engine.history.isTroubleCommit(indexOf(engine, revert)), true, 'the revert was itself reverted');
      const marks = await engine.lineMarks('app/models/x.rb');
      assert.deepEqual(
        marks.map((m) => [m.start, m.end, m.commits.map((c) => c.sha)]),
        [[5, 6, [reapply]]],
      );
      assert.ok(marks[0]!.commits[0]!.why?.startsWith(`revert of ${revert.slice(0, 7)}`), `why: ${marks[0]!.commits[0]!.why}`);
    });
  });

  describe('bots', () => {
    it('counts bot commits for nothing: not commits, fixes, authors or ownership', async () => {
      repo.commit({ message: 'Add order', date: '2025-01-04T10:00:00Z', author: bob, files: { 'app/models/order.rb': lines(4), 'Gemfile': 'gem "rails"\n' } });
      const bump = repo.commit({ message: 'Fix vulnerable dependency', date: '2026-03-04T10:00:00Z', author: dependabot, files: { 'app/models/order.rb': lines(5), 'Gemfile': 'gem "rails", "7.1"\n' } });
      const ci = repo.commit({ message: 'Fix generated code', date: '2026-03-05T10:00:00Z', author: githubActions, files: { 'app/models/order.rb': lines(6) } });
      const engine = await open(repo);
      for (const sha of [bump, ci]) {
        const index = indexOf(engine, sha);
        assert.equal(engine.history.isFixCommit(index), false);
        assert.equal(engine.history.isCounted(index), false);
        const summary = engine.history.commitSummary(index);
        assert.equal(summary.fix, false);
        assert.equal(summary.bot, true);
      }
      const stats = engine.history.stats('app/models/order.rb')!;
      assert.equal(stats.commits, 1);
      assert.equal(stats.fixCommits, 0);
      assert.deepEqual(stats.authors.map((a) => a.name), [bob.name]);
      assert.equal(stats.mainAuthor?.name, bob.name, 'the human, not the bot that changed it last');
      assert.equal(stats.recentCommits, 0, 'bot commits are no activity');
      assert.deepEqual(await engine.lineMarks('app/models/order.rb'), [], 'a bot "fix" marks no lines');
      assert.equal(engine.risk.file('app/models/order.rb')!.level, 'none');
    });

    it('does not count a revert a bot made', async () => {
      repo.commit({ message: 'Add invoice', date: '2026-01-04T10:00:00Z', author: bob, files: { 'app/models/invoice.rb': lines(4) } });
      const added = repo.commit({ message: 'Add currency field', date: '2026-03-04T10:00:00Z', author: bob, files: { 'app/models/invoice.rb': lines(6) } });
      const revert = repo.commit({ message: `Revert "Add currency field"\n\nThis reverts commit ${added}.`, date: '2026-03-05T10:00:00Z', author: githubActions, files: { 'app/models/invoice.rb': lines(4) } });
      const engine = await open(repo);
      assert.equal(engine.history.isFixCommit(indexOf(engine, revert)), false);
      assert.equal(engine.history.isTroubleCommit(indexOf(engine, added)), false);
      const stats = engine.history.stats('app/models/invoice.rb')!;
      assert.equal(stats.fixCommits, 0);
      assert.deepEqual([stats.reverts, stats.reverted, stats.recentReverts], [0, 0, 0], 'a bot revert is no revert on record');
      assert.deepEqual(engine.risk.file('app/models/invoice.rb')!.reasons.filter((r) => r.kind === 'reverts'), []);
    });

    it('does not keep a departed author active through bot commits', async () => {
      repo.commit({ message: 'Parser', date: '2022-01-04T10:00:00Z', author: carol, files: { 'lib/parser.rb': lines(3) } });
      repo.commit({ message: 'Parser options', date: '2022-02-04T10:00:00Z', author: carol, files: { 'lib/parser.rb': lines(4) } });
      repo.commit({ message: 'Parser errors', date: '2022-03-04T10:00:00Z', author: carol, files: { 'lib/parser.rb': lines(5) } });
      repo.commit({ message: 'Bump rake', date: '2026-05-04T10:00:00Z', author: dependabot, files: { 'Gemfile': 'gem "rake"\n' } });
      const engine = await open(repo);
      const stats = engine.history.stats('lib/parser.rb')!;
      assert.equal(stats.mainAuthor?.name, carol.name);
      assert.equal(stats.mainAuthor?.active, false);
      assert.equal(engine.risk.file('lib/parser.rb')!.legacy, 'detected');
    });

    it('honours the team\'s own history.botAuthors from .changerisk/config.yaml', async () => {
      const robot: Person = { name: 'Release Robot', email: 'releases@example.com' };
      repo.commit({
        message: 'Team config',
        date: '2026-01-01T10:00:00Z',
        files: { '.changerisk/config.yaml': "version: 1\nhistory:\n  botAuthors: ['^Release Robot']\n", 'lib/shop/version_info.rb': lines(2) },
      });
      const robotFix = repo.commit({ message: 'Fix version constant', date: '2026-03-04T10:00:00Z', author: robot, files: { 'lib/shop/version_info.rb': lines(3) } });
      repo.commit({ message: 'Tidy', date: '2026-03-05T10:00:00Z', author: bob, files: { 'lib/shop/version_info.rb': lines(4) } });

      const team = await loadTeamFiles(repo.root);
      assert.deepEqual(team.diagnostics, []);
      assert.deepEqual(team.config.history.botAuthors, ['^Release Robot']);

      const engine = await open(repo);
      assert.deepEqual(engine.team.config.history.botAuthors, ['^Release Robot']);
      const index = indexOf(engine, robotFix);
      assert.equal(engine.history.isCounted(index), false);
      assert.equal(engine.history.isFixCommit(index), false);
      assert.equal(engine.history.commitSummary(index).bot, true);
      const stats = engine.history.stats('lib/shop/version_info.rb')!;
      assert.equal(stats.commits, 2);
      assert.equal(stats.fixCommits, 0);
      assert.deepEqual(stats.authors.map((a) => a.name).sort(), [alice.name, bob.name]);
    });
  });

  describe('identities', () => {
    it('joins the same name under two addresses into one author', async () => {
      repo.commit({ message: 'Add cart', date: '2026-01-04T10:00:00Z', author: { name: 'Alice Archer', email: 'alice@example.com' }, files: { 'app/models/cart.rb': lines(2) } });
      repo.commit({ message: 'Cart totals', date: '2026-02-04T10:00:00Z', author: { name: 'Alice Archer', email: 'alice@corp.example' }, files: { 'app/models/cart.rb': lines(3) } });
      repo.commit({ message: 'Cart tax', date: '2026-02-05T10:00:00Z', author: bob, files: { 'app/models/cart.rb': lines(4) } });
      const engine = await open(repo);
      const stats = engine.history.stats('app/models/cart.rb')!;
      assert.equal(stats.authors.length, 2);
      assert.deepEqual(stats.mainAuthor && [stats.mainAuthor.name, stats.mainAuthor.commits], ['Alice Archer', 2]);
      assert.equal(stats.mainAuthorShare, 2 / 3);
    });

    it('joins a GitHub noreply address with the same local part under another name into one author', async () => {
      repo.commit({ message: 'Add cart', date: '2026-01-04T10:00:00Z', author: { name: 'aarcher', email: '12345+alice@users.noreply.github.com' }, files: { 'app/models/cart.rb': lines(2) } });
      repo.commit({ message: 'Cart totals', date: '2026-02-04T10:00:00Z', author: { name: 'Alice A', email: 'alice@example.com' }, files: { 'app/models/cart.rb': lines(3) } });
      const engine = await open(repo);
      const stats = engine.history.stats('app/models/cart.rb')!;
      assert.equal(stats.authors.length, 1, JSON.stringify(stats.authors));
      assert.equal(stats.authors[0]!.commits, 2);
      assert.equal(stats.activeAuthors, 1);
    });

    it('keeps a person active who moved to another address, and does not call their code legacy', async () => {
      const oldDan: Person = { name: 'Dan Dev', email: 'dan@oldcorp.example' };
      const newDan: Person = { name: 'Dan Dev', email: 'dan.dev@newcorp.example' };
      for (const [k, date] of ['2023-01-04', '2023-02-04', '2023-03-04'].entries()) {
        repo.commit({ message: `Parser step ${k}`, date: `${date}T10:00:00Z`, author: oldDan, files: { 'lib/parser.rb': lines(3 + k), 'lib/lexer.rb': lines(3 + k) } });
      }
      // Carol's file is the control: she left and never came back.
      for (const [k, date] of ['2023-01-05', '2023-02-05', '2023-03-05', '2023-04-05'].entries()) {
        repo.commit({ message: `Lexer step ${k}`, date: `${date}T10:00:00Z`, author: carol, files: { 'lib/lexer.rb': lines(10 + k) } });
      }
      repo.commit({ message: 'Add cart', date: '2026-05-04T10:00:00Z', author: newDan, files: { 'app/models/cart.rb': lines(2) } });
      const engine = await open(repo);

      const stats = engine.history.stats('lib/parser.rb')!;
      assert.equal(stats.mainAuthor?.active, true, JSON.stringify(stats.mainAuthor));
      assert.equal(stats.mainAuthor?.lastCommit, Date.parse('2026-05-04T10:00:00Z') / 1000);
      const risk = engine.risk.file('lib/parser.rb')!;
      assert.equal(risk.legacy, undefined);
      assert.deepEqual(risk.reasons.filter((r) => r.kind === 'legacy-detected' || r.kind === 'knowledge'), []);

      // lexer.rb: three commits by Dan, four by Carol, who left: its knowledge has gone.
      assert.equal(engine.history.stats('lib/lexer.rb')!.mainAuthor?.name, carol.name);
      assert.equal(engine.risk.file('lib/lexer.rb')!.legacy, 'detected');
    });

    it('honours a .mailmap joining two addresses', async () => {
      const robert: Person = { name: 'Robert Builder', email: 'robert@legacy.example' };
      repo.commit({ message: 'Add cart', date: '2026-01-04T10:00:00Z', author: robert, files: { 'app/models/cart.rb': lines(2) } });
      repo.commit({ message: 'Cart totals', date: '2026-02-04T10:00:00Z', author: bob, files: { 'app/models/cart.rb': lines(3) } });
      const without = await open(repo);
      assert.deepEqual(without.history.stats('app/models/cart.rb')!.authors.map((a) => a.name).sort(), [bob.name, robert.name], 'two people without the mailmap');

      repo.commit({ message: 'Mailmap', date: '2026-02-05T10:00:00Z', files: { '.mailmap': `${bob.name} <${bob.email}> <${robert.email}>\n` } });
      const engine = await open(repo);
      const authors = engine.history.stats('app/models/cart.rb')!.authors;
      assert.deepEqual(
        authors.map((a) => [a.name, a.email, a.commits]),
        [[bob.name, bob.email, 2]],
      );
    });
  });
});

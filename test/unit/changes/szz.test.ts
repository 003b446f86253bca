import * as assert from 'node:assert/strict';
import { alice, bob, carol, TestRepo, type Person } from '../../helpers/testRepo';
import { changeLines } from './szzPass';

const bot: Person = { name: 'dependabot[bot]', email: 'support@github.com' };

/** A Ruby method of `count` meaningful lines, numbered so each line is distinct. */
function method(name: string, count: number): string {
  return [`def ${name}`, ...Array.from({ length: count }, (_, k) => `  value_${name}_${k} = compute(${k})`), 'end', ''].join('\n');
}

describe('SZZ history pass: fix-inducing links', function () {
  this.timeout(60_000);
  let repo: TestRepo;
  beforeEach(() => (repo = TestRepo.create()));
  afterEach(() => repo.dispose());

  /** Every link as [inducing, fixing, lines] (shas), and never one from a commit to itself. */
  async function linksOf(options: Parameters<typeof changeLines>[1] = {}) {
    const { links, loaded } = await changeLines(repo, options);
    for (const [inducing, fixing] of links) assert.notEqual(inducing, fixing, 'a commit is never linked to itself');
    assert.equal(loaded.stats.unplacedHunks, 0, 'every hunk fits the lines followed');
    return links;
  }

  it("links a fix to the commit that wrote the lines it changes, and not to other authors' untouched lines", async () => {
    const written = repo.commit({ message: 'Add order totals', date: '2025-01-01T10:00:00Z', author: alice, files: { 'app/models/order.rb': method('total', 5) } });
    const other = repo.commit({ message: 'Add discounts', date: '2025-01-02T10:00:00Z', author: bob, files: { 'app/models/order.rb': method('total', 5) + method('discount', 3) } });
    const fixed = method('total', 5).replace('compute(2)', 'compute(2).round(2)') + method('discount', 3);
    const fix = repo.commit({ message: 'Fix rounding of order totals', date: '2025-01-03T10:00:00Z', author: carol, files: { 'app/models/order.rb': fixed } });
    const links = await linksOf();
    assert.deepEqual(links, [[written, fix, 1]]);
    assert.ok(!links.some(([inducing]) => inducing === other));
  });

  it('links a reverted commit to its revert, even when the revert blames no line', async () => {
    repo.commit({ message: 'Add checkout', date: '2025-01-01T10:00:00Z', files: { 'app/models/checkout.rb': method('pay', 4) } });
    const change = repo.commit({ message: 'Charge twice', date: '2025-01-02T10:00:00Z', author: bob, files: { 'app/models/checkout.rb': method('pay', 4).replace('compute(1)', 'compute(1) * 2') } });
    const revert = repo.revert(change, '2025-01-03T10:00:00Z', carol);
    const comments = repo.commit({ message: 'Explain checkout', date: '2025-01-04T10:00:00Z', author: bob, files: { 'app/models/checkout.rb': `# Pays the order.\n\n${method('pay', 4)}` } });
    const commentRevert = repo.revert(comments, '2025-01-05T10:00:00Z', carol);
    assert.deepEqual(await linksOf(), [
      [change, revert, 1],
      [comments, commentRevert, 0],
    ]);
  });

  it('blames no line a fix changed only in whitespace, only in comments, or only moved', async () => {
    const body = method('a', 3) + method('b', 3);
    const commented = `# Ruby comment\n${body}`;
    const files = {
      'app/models/a.rb': commented,
      'app/views/a.html.erb': '<%# ERB comment %>\n<p><%= value %></p>\n',
      'app/javascript/a.js': '// JS comment\nconst a = 1;\n',
      'config/settings.yml': '# YAML comment\nkey: value\n',
    };
    repo.commit({ message: 'Add code', date: '2025-01-01T10:00:00Z', author: alice, files });
    repo.commit({
      message: 'Fix indentation and comments',
      date: '2025-01-02T10:00:00Z',
      author: bob,
      files: {
        // Re-indented, a comment reworded, and method b moved above method a.
        'app/models/a.rb': `# Better Ruby comment\n${method('b', 3)}${method('a', 3).replace(/^ {2}/gm, '    ')}`,
        'app/views/a.html.erb': '<%# Better ERB comment %>\n<p><%= value %></p>\n',
        'app/javascript/a.js': '// Better JS comment\nconst  a  =  1;\n',
        'config/settings.yml': '# Better YAML comment\nkey: value\n',
      },
    });
    assert.deepEqual(await linksOf(), []);
  });

  it('passes ownership through bot, bulk and ignored commits: they are never inducing', async () => {
    const original = method('total', 3);
    const written = repo.commit({ message: 'Add totals', date: '2025-01-01T10:00:00Z', author: alice, files: { 'app/models/order.rb': original } });
    // A bot re-indents; a bulk commit (more files than bulkCommitFiles) renames a helper; an ignored revision re-indents again.
    repo.commit({ message: 'Reformat', date: '2025-01-02T10:00:00Z', author: bot, files: { 'app/models/order.rb': original.replace(/^ {2}/gm, '\t') } });
    const renamed = original.replace(/^ {2}/gm, '\t').replace(/compute/g, 'calculate');
    const bulkFiles: Record<string, string> = { 'app/models/order.rb': renamed };
    for (let k = 0; k < 4; k++) bulkFiles[`app/models/other${k}.rb`] = `# other ${k}\n`;
    const bulk = repo.commit({ message: 'Rename compute to calculate everywhere', date: '2025-01-03T10:00:00Z', author: bob, files: bulkFiles });
    const ignored = repo.commit({ message: 'Reformat again', date: '2025-01-04T10:00:00Z', author: bob, files: { 'app/models/order.rb': renamed.replace(/^\t/gm, '    ') } });
    repo.commit({ message: 'Ignore the reformat in blame', date: '2025-01-05T10:00:00Z', author: bob, files: { '.git-blame-ignore-revs': `${ignored}\n` } });
    const fix = repo.commit({
      message: 'Fix totals',
      date: '2025-01-06T10:00:00Z',
      author: carol,
      files: { 'app/models/order.rb': renamed.replace(/^\t/gm, '    ').replace('calculate(1)', 'calculate(1) + 1') },
    });
    const links = await linksOf({ bulkCommitFiles: 3 });
    assert.deepEqual(links, [[written, fix, 1]]);
    assert.ok(!links.some(([inducing]) => inducing === bulk || inducing === ignored));
  });

  it('never links a fix to itself, though it changes lines it adds', async () => {
    repo.commit({ message: 'Add order', date: '2025-01-01T10:00:00Z', files: { 'app/models/order.rb': method('total', 2) } });
    repo.commit({ message: 'Fix order totals', date: '2025-01-02T10:00:00Z', author: bob, files: { 'app/models/order.rb': method('total', 2) + method('tax', 2) } });
    assert.deepEqual(await linksOf(), []);
  });

  it('follows a file renamed between the inducing commit and the fix', async () => {
    const written = repo.commit({ message: 'Add payment', date: '2025-01-01T10:00:00Z', author: alice, files: { 'app/models/payment.rb': method('capture', 6) } });
    repo.commit({ message: 'Move payment', date: '2025-01-02T10:00:00Z', author: bob, renames: { 'app/models/payment.rb': 'app/models/billing/payment.rb' } });
    const fix = repo.commit({
      message: 'Fix capture',
      date: '2025-01-03T10:00:00Z',
      author: carol,
      files: { 'app/models/billing/payment.rb': method('capture', 6).replace('compute(4)', 'compute(4, safe: true)') },
    });
    assert.deepEqual(await linksOf(), [[written, fix, 1]]);
  });

  it('follows the version a branch started from: a fix on a branch blames the right lines after main moved them', async () => {
    const written = repo.commit({ message: 'Add order', date: '2025-01-01T10:00:00Z', author: alice, files: { 'app/models/order.rb': method('total', 6) } });
    repo.git('checkout', '--quiet', '-b', 'topic');
    const fix = repo.commit({ message: 'Fix totals', date: '2025-01-03T10:00:00Z', author: carol, files: { 'app/models/order.rb': method('total', 6).replace('compute(5)', 'compute(5).abs') } });
    repo.git('checkout', '--quiet', 'main');
    // Main adds lines above before the branch is merged: the branch's line numbers are off by those.
    const above = repo.commit({ message: 'Add header', date: '2025-01-02T10:00:00Z', author: bob, files: { 'app/models/order.rb': method('header', 4) + method('total', 6) } });
    repo.merge('topic', '2025-01-04T10:00:00Z');
    const later = repo.commit({ message: 'Fix header', date: '2025-01-05T10:00:00Z', author: carol, files: { 'app/models/order.rb': method('header', 4).replace('compute(0)', 'compute(0).to_s') + method('total', 6).replace('compute(5)', 'compute(5).abs') } });
    assert.deepEqual(await linksOf(), [
      [written, fix, 1],
      [above, later, 1],
    ]);
  });

  it('counts the lines a commit touches that a fix or revert known by then wrote within 180 days', async () => {
    repo.commit({ message: 'Add order', date: '2025-01-01T10:00:00Z', files: { 'app/models/order.rb': method('total', 4) } });
    const fixed = method('total', 4).replace('compute(1)', 'compute(1).round').replace('compute(2)', 'compute(2).round');
    repo.commit({ message: 'Fix rounding', date: '2025-02-01T10:00:00Z', author: bob, files: { 'app/models/order.rb': fixed } });
    const soon = repo.commit({ message: 'Tune totals', date: '2025-03-01T10:00:00Z', author: carol, files: { 'app/models/order.rb': fixed.replace('compute(1).round', 'compute(1).round(2)') } });
    const tuned = fixed.replace('compute(1).round', 'compute(1).round(2)');
    // A year later the fix's other line is no longer "recent".
    const late = repo.commit({ message: 'Tune again', date: '2026-03-01T10:00:00Z', author: carol, files: { 'app/models/order.rb': tuned.replace('compute(2).round', 'compute(2).round(2)') } });
    const { history, loaded } = await changeLines(repo);
    const at = (sha: string) => history.commitIndex(sha)!;
    assert.equal(loaded.data.recentlyFixedLinesTouched[at(soon)], 1);
    assert.equal(loaded.data.recentFixesTouched[at(soon)], 1);
    assert.equal(loaded.data.recentlyFixedLinesTouched[at(late)], 0);
  });

  for (const attributes of [undefined, '*.rb diff=ruby\n']) {
    it(`follows only source files when asked: tests are neither read nor counted${attributes ? ", though the repository's attributes diff them" : ''}`, async () => {
      const written = repo.commit({
        message: 'Add order',
        date: '2025-01-01T10:00:00Z',
        files: { 'app/models/order.rb': method('total', 3), 'spec/models/order_spec.rb': method('it_totals', 3), ...(attributes ? { '.gitattributes': attributes } : {}) },
      });
      const fix = repo.commit({
        message: 'Fix totals',
        date: '2025-01-02T10:00:00Z',
        author: bob,
        files: { 'app/models/order.rb': method('total', 3).replace('compute(0)', 'compute(0) + 1'), 'spec/models/order_spec.rb': method('it_totals', 3).replace('compute(0)', 'compute(1)') },
      });
      const { history, loaded, links } = await changeLines(repo, { sourceOnly: true });
      assert.deepEqual(links, [[written, fix, 1]]);
      const { commitFileOffsets, commitFileIds, filePaths } = history.data;
      const counts = (commit: number) =>
        Object.fromEntries(Array.from({ length: commitFileOffsets[commit + 1]! - commitFileOffsets[commit]! }, (_, k) => {
          const at = commitFileOffsets[commit]! + k;
          return [filePaths[commitFileIds[at]!]!, [loaded.data.added[at], loaded.data.deleted[at]]];
        }));
      assert.deepEqual(counts(history.commitIndex(fix)!), { 'app/models/order.rb': [1, 1], 'spec/models/order_spec.rb': [0, 0] });
    });
  }
});

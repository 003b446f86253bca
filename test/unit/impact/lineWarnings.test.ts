import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { runChangeRisk } from '../../helpers/cli';
import { bob, carol, lines, TestRepo } from '../../helpers/testRepo';

/** The draft's first section: the touched lines that were recently reverted or fixed, newest first. */
describe('impact: lines with a history come first, newest first, recent ones only', function () {
  this.timeout(60_000);
  let repo: TestRepo;

  before(() => {
    repo = TestRepo.create();
    repo.commit({ message: 'Invoices', date: '2022-01-03T10:00:00Z', author: bob, files: { 'app/models/invoice.rb': lines(30) } });
    repo.commit({ message: 'Fix tax rounding', date: '2023-01-10T10:00:00Z', author: bob, files: { 'app/models/invoice.rb': lines(30).replace('line 3\n', 'fixed 3\n') } });
    const cached = repo.commit({ message: 'Cache totals', date: '2025-04-01T10:00:00Z', author: carol, files: { 'app/models/invoice.rb': lines(30).replace('line 3\n', 'fixed 3\n').replace('line 20\n', 'cached 20\n') } });
    repo.revert(cached, '2025-04-02T10:00:00Z', bob);
    repo.commit({ message: 'Fix discount for zero totals', date: '2025-05-20T10:00:00Z', author: bob, files: { 'app/models/invoice.rb': lines(30).replace('line 3\n', 'fixed 3\n').replace('line 10\n', 'fixed 10\n') } });
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('app/models/invoice.rb', lines(30).replace('line 3\n', 'new 3\n').replace('line 10\n', 'new 10\n').replace('line 20\n', 'new 20\n'));
  });
  after(() => {
    repo.dispose();
    fs.rmSync(`${repo.root}-cache`, { recursive: true, force: true });
  });

  it('lists the revert and the recent fix newest first, with how long ago, and counts the old fix', () => {
    const run = runChangeRisk(repo.root, 'impact', '--base', 'main', '--no-template', '--now', '2025-06-01');
    assert.equal(run.status, 0, run.stderr);
    const section = run.stdout.slice(run.stdout.indexOf('#### ⚠️ Lines with a history'), run.stdout.indexOf('#### Files to look at'));
    const bullets = section.split('\n').filter((line) => line.startsWith('- '));
    assert.match(bullets[0] ?? run.stdout, /^- `app\/models\/invoice\.rb` line 10 — last changed by a fix 11 days ago: `[0-9a-f]{7}` Fix discount for zero totals$/);
    assert.match(bullets[1]!, /^- `app\/models\/invoice\.rb` line 20 — last changed by a revert 59 days ago: `[0-9a-f]{7}` Revert "Cache totals"$/);
    assert.equal(bullets[2], '- and 1 more last changed by fixes over a year ago');
    assert.equal(bullets.length, 3);
    assert.ok(run.stdout.indexOf('Lines with a history') < run.stdout.indexOf('Files to look at'));
  });
});

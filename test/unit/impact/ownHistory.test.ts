import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { runChangeRisk } from '../../helpers/cli';
import { bob, lines, TestRepo } from '../../helpers/testRepo';

/** The merge-base rule: a change is judged by the history before it, never by its own commits. */
describe('impact: the change is judged by the history before it', function () {
  this.timeout(60_000);
  let repo: TestRepo;

  before(() => {
    repo = TestRepo.create();
    for (let i = 0; i < 6; i++) {
      repo.commit({
        message: `Work on the billing models, step ${i + 1}`,
        date: `2025-0${i + 1}-03T10:00:00Z`,
        author: bob,
        files: { 'app/models/invoice.rb': lines(20 + i), 'app/models/customer.rb': lines(10 + i), [`app/models/other_${i}.rb`]: lines(5) },
      });
    }
    repo.git('checkout', '-q', '-b', 'feature');
    // The branch's own commits: a fix naming an incident, and a revert of it.
    const fix = repo.commit({ message: 'Fix rounding of invoice totals (INC-9)', date: '2025-07-01T10:00:00Z', files: { 'app/models/invoice.rb': lines(25).replace('line 3', 'fixed 3') } });
    repo.revert(fix, '2025-07-02T10:00:00Z');
    repo.commit({ message: 'Fix rounding of invoice totals again', date: '2025-07-03T10:00:00Z', files: { 'app/models/invoice.rb': lines(25).replace('line 3', 'fixed 3 again') } });
  });
  after(() => {
    repo.dispose();
    fs.rmSync(`${repo.root}-cache`, { recursive: true, force: true });
  });

  it('counts none of the branch’s fixes, reverts or incident ids as the file’s history', () => {
    const run = runChangeRisk(repo.root, 'impact', '--base', 'main', '--format', 'json', '--now', '2025-07-04');
    assert.equal(run.status, 0, run.stderr);
    const impact = JSON.parse(run.stdout);
    assert.equal(impact.change.commits.length, 3);
    assert.deepEqual(impact.riskyFiles, [], JSON.stringify(impact.riskyFiles));
    assert.deepEqual(impact.incidents, []);
    assert.equal(impact.changeRisk.trainedOn.positives, 0, 'nor as past changes that needed a fix');
    // The change risk's "cannot rate" line speaks of follow-up fixes in general, not of the branch's.
    assert.doesNotMatch(impact.markdown.replace(/^_Change risk: not rated — .*$/m, ''), /fix|revert/i);
  });

  it('while the same history, once merged, is the file’s history', () => {
    repo.git('checkout', '-q', 'main');
    repo.git('merge', '-q', '--ff-only', 'feature');
    const run = runChangeRisk(repo.root, 'explain', 'app/models/invoice.rb', '--json', '--now', '2025-07-04');
    assert.equal(run.status, 0, run.stderr);
    const explained = JSON.parse(run.stdout);
    assert.ok(explained.file.stats.fixCommits >= 2, JSON.stringify(explained.file.stats));
  });
});

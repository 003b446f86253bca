import * as assert from 'node:assert/strict';
import { ChangeRiskEngine } from '../../../src/core/engine';
import { analyseChange } from '../../../src/core/impact/analyse';
import { FOCUSED_COMMIT_FILES } from '../../../src/core/impact/coChanges';
import { bob, lines, TestRepo } from '../../helpers/testRepo';

/** "Usually changed together, but not in this change": only what a reviewer would follow. */
describe('impact: co-changes left out, without the noise', function () {
  this.timeout(60_000);
  let repo: TestRepo;

  before(() => {
    repo = TestRepo.create();
    repo.commit({ message: 'Start', date: '2024-01-01T10:00:00Z', files: { '.changerisk/config.yaml': 'coupling: { minCommits: 3, minSharedCommits: 3, minDegree: 30 }\n' } });
    const sweep: Record<string, string> = {};
    for (let i = 0; i < FOCUSED_COMMIT_FILES; i++) sweep[`app/models/sibling_${i}.rb`] = lines(3);
    for (let i = 1; i <= 6; i++) {
      const day = `2024-0${i}-10T10:00:00Z`;
      // A real partner: the calculator follows the invoice in every focused commit.
      repo.commit({
        message: `Invoice rule ${i}`,
        date: day,
        author: bob,
        files: { 'app/models/invoice.rb': lines(10 + i), 'app/services/calculator.rb': lines(5 + i), 'spec/models/invoice_spec.rb': lines(i) },
      });
      // A manifest and its lockfile, always together.
      repo.commit({ message: `Bump gems ${i}`, date: day.replace('T10', 'T11'), author: bob, files: { Gemfile: `gem "x", "${i}"\n`, 'Gemfile.lock': `x (${i})\n` } });
      // A mass edit: the invoice with many siblings (more than a focused commit touches).
      repo.commit({
        message: `Rename a helper everywhere ${i}`,
        date: day.replace('T10', 'T12'),
        author: bob,
        files: { 'app/models/invoice.rb': lines(10 + i) + `# sweep ${i}\n`, ...Object.fromEntries(Object.keys(sweep).map((f) => [f, lines(3) + `# sweep ${i}\n`])) },
      });
      // Release commits that touch the invoice and the version file.
      repo.commit({ message: `v1.${i}.0`, date: day.replace('T10', 'T13'), author: bob, files: { 'app/models/invoice.rb': lines(10 + i) + `# v${i}\n`, 'lib/version.rb': `V = "1.${i}"\n` } });
    }
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('app/models/invoice.rb', repo.read('app/models/invoice.rb') + 'def total; end\n');
    repo.write('Gemfile', 'gem "x", "7"\n');
  });
  after(() => repo.dispose());

  it('names the real partner with how often it came along, and no lockfile, test, sweep sibling or release partner', async () => {
    const engine = await ChangeRiskEngine.open({ folder: repo.root, now: new Date('2024-07-01T00:00:00Z') });
    const analysis = await analyseChange(engine, { base: 'main' });
    assert.deepEqual(
      analysis.leftOutCoChanges.map((left) => [left.path, left.with.map((w) => [w.path, w.sharedCommits, w.commits, w.degree])]),
      [['app/services/calculator.rb', [['app/models/invoice.rb', 6, 6, 100]]]],
    );
  });
});

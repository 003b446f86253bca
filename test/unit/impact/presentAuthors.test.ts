import * as assert from 'node:assert/strict';
import { ChangeRiskEngine } from '../../../src/core/engine';
import { analyseChange } from '../../../src/core/impact/analyse';
import { alice, bob, carol, lines, TestRepo } from '../../helpers/testRepo';

const NOW = new Date('2026-06-01T00:00:00Z');

/**
 * Carol wrote lib/parser.rb and Bob lib/report.rb in 2019, and neither committed since: both files are
 * detected legacy. Then Carol comes back under a new address and changes her parser on a branch, with
 * Alice's help on the report.
 */
describe('a change under review', () => {
  let repo: TestRepo;
  before(() => {
    repo = TestRepo.create();
    for (let i = 1; i <= 3; i++) {
      repo.commit({ message: `Parser ${i}`, date: `2019-0${i}-10T10:00:00Z`, author: carol, files: { 'lib/parser.rb': lines(10 + i) } });
      repo.commit({ message: `Report ${i}`, date: `2019-0${i}-11T10:00:00Z`, author: bob, files: { 'lib/report.rb': lines(10 + i) } });
    }
    repo.commit({ message: 'Readme', date: '2026-05-01T10:00:00Z', author: alice, files: { 'README.md': 'x\n' } });
    repo.git('checkout', '--quiet', '-b', 'feature');
    repo.commit({ message: 'Parse dates', date: '2026-05-20T10:00:00Z', author: { name: carol.name, email: 'carol@new.example' }, files: { 'lib/parser.rb': lines(20) } });
    repo.commit({ message: 'Report dates', date: '2026-05-21T10:00:00Z', author: alice, files: { 'lib/report.rb': lines(20) } });
  });
  after(() => repo.dispose());

  it('never calls anyone whose commit is in it "left": their files are no detected legacy there', async () => {
    // The history as of the merge-base: both authors have been gone for seven years.
    repo.git('checkout', '--quiet', 'main');
    const atBase = await ChangeRiskEngine.open({ folder: repo.root, now: NOW });
    assert.equal(atBase.risk.file('lib/parser.rb')!.legacy, 'detected');
    assert.equal(atBase.risk.file('lib/report.rb')!.legacy, 'detected');
    repo.git('checkout', '--quiet', 'feature');

    // Analysed against the base history (no cache: the engine of main), as a reviewer would see it before merging.
    repo.git('update-ref', 'refs/remotes/origin/main', 'main');
    const analysis = await analyseChange(atBase, { base: 'main' });
    const legacyOf = (path: string) => analysis.bar.files.find((file) => file.path === path)!.legacy;
    assert.equal(legacyOf('lib/parser.rb'), false, 'Carol is back: her commit is in the change');
    assert.equal(legacyOf('lib/report.rb'), true, 'Bob is still gone; Alice helping does not bring his knowledge back');
    const parser = atBase.risk.file('lib/parser.rb')!.presentFor(analysis.change.authors);
    assert.equal(parser.legacy, undefined);
    assert.ok(!parser.reasons.some((reason) => reason.kind === 'legacy-detected' || reason.kind === 'knowledge'), JSON.stringify(parser.reasons));
  });
});

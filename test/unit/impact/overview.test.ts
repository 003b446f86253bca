import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { runChangeRisk } from '../../helpers/cli';
import { bob, lines, TestRepo } from '../../helpers/testRepo';

/** What changed, in one glance: files by role with their lines, a move as a move, generated files folded. */
describe('impact: the change in one glance', function () {
  this.timeout(60_000);
  let repo: TestRepo;

  before(() => {
    repo = TestRepo.create();
    repo.commit({
      message: 'App',
      date: '2024-01-01T10:00:00Z',
      author: bob,
      files: { 'app/models/legacy/invoice.rb': lines(40, 'invoice'), 'app/models/tax.rb': lines(10), 'spec/models/tax_spec.rb': 'it\n', 'db/schema.rb': lines(5, 'schema') },
    });
    repo.git('checkout', '-q', '-b', 'move');
    repo.git('mv', 'app/models/legacy/invoice.rb', 'app/models/invoice.rb');
    repo.write('app/models/tax.rb', lines(10).replace('line 2', 'rate * 2'));
    repo.write('spec/models/tax_spec.rb', 'it\nit again\n');
    repo.write('db/schema.rb', lines(5, 'schema') + 'column\n');
    repo.git('add', '-A');
    repo.gitWithEnv({ GIT_AUTHOR_DATE: '2024-02-01T10:00:00Z', GIT_COMMITTER_DATE: '2024-02-01T10:00:00Z' }, 'commit', '-q', '-m', 'Move the invoice model up');
  });
  after(() => {
    repo.dispose();
    fs.rmSync(`${repo.root}-cache`, { recursive: true, force: true });
  });

  it('counts the files by role with their lines, says a move is a move, and folds the generated schema', () => {
    const run = runChangeRisk(repo.root, 'impact', '--base', 'main', '--format', 'json', '--now', '2024-02-02');
    assert.equal(run.status, 0, run.stderr);
    const impact = JSON.parse(run.stdout);
    assert.deepEqual(impact.overview.moved, [{ from: 'app/models/legacy/invoice.rb', to: 'app/models/invoice.rb', added: 0, removed: 0 }]);
    assert.deepEqual(impact.overview.folded, { files: 1, added: 1, removed: 0 });
    assert.match(impact.markdown, /^\*\*1 commit, 4 files \(\+3 −1\)\*\*: 2 source \(\+1 −1\) · 1 test \(\+1 −0\) · 1 moved · 1 generated or vendored \(not listed\) {2}$/m);
    assert.match(impact.markdown, /^- `app\/models\/invoice\.rb` — moved ← `app\/models\/legacy\/invoice\.rb`$/m);
    assert.deepEqual(impact.missingTests, [], 'a move asks no test; the tax model’s test changed');
  });
});

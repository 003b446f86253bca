import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { runChangeRisk } from '../../helpers/cli';
import { alice, bob, TestRepo } from '../../helpers/testRepo';

const dependabot = { name: 'dependabot[bot]', email: '49699333+dependabot[bot]@users.noreply.github.com' };

const gemfileLock = (rails: string, rack: string, extra = '') => `GEM
  remote: https://rubygems.org/
  specs:
    rack (${rack})
    rails (${rails})
      rack (>= ${rack})
${extra}
PLATFORMS
  ruby

DEPENDENCIES
  rails (~> ${rails})

BUNDLED WITH
   2.5.6
`;

/** Dependencies by name, in the draft and the JSON, read from the lockfile before and after the change. */
describe('impact: dependencies by name, from the lockfiles', function () {
  this.timeout(60_000);
  let repo: TestRepo;

  before(() => {
    repo = TestRepo.create();
    repo.commit({ message: 'App', date: '2024-01-01T10:00:00Z', author: bob, files: { Gemfile: 'gem "rails", "~> 6.1.7"\n', 'Gemfile.lock': gemfileLock('6.1.7', '2.2.8', '    nokogiri (1.15.0)\n'), 'app/models/a.rb': 'class A; end\n' } });
  });
  after(() => {
    repo.dispose();
    fs.rmSync(`${repo.root}-cache`, { recursive: true, force: true });
  });

  it('names a bot’s major bump with versions, counts the indirect packages, and repeats no file names', () => {
    repo.git('checkout', '-q', '-b', 'dependabot/bundler/rails-7.0.8');
    repo.commit({ message: 'Bump rails from 6.1.7 to 7.0.8', date: '2024-02-01T10:00:00Z', author: dependabot, files: { Gemfile: 'gem "rails", "~> 7.0.8"\n', 'Gemfile.lock': gemfileLock('7.0.8', '3.0.9') } });
    const run = runChangeRisk(repo.root, 'impact', '--base', 'main', '--format', 'json', '--now', '2024-02-02');
    assert.equal(run.status, 0, run.stderr);
    const impact = JSON.parse(run.stdout);
    assert.deepEqual(
      impact.dependencies.changes.map((c: { name: string; change: string; from?: string[]; to?: string[]; major: boolean; direct: boolean }) => [c.name, c.change, c.from ?? null, c.to ?? null, c.major, c.direct]),
      [
        ['rails', 'updated', ['6.1.7'], ['7.0.8'], true, true],
        ['nokogiri', 'removed', ['1.15.0'], null, false, false],
        ['rack', 'updated', ['2.2.8'], ['3.0.9'], true, false],
      ],
    );
    assert.ok(impact.dependencies.botBump.bots.some((bot: string) => bot.startsWith('dependabot[bot]')));
    assert.match(impact.markdown, /^- \*\*Dependencies\*\* \(by dependabot\[bot\]\): `rails` 6\.1\.7 → 7\.0\.8 \*\*major\*\* · `rack` 2\.2\.8 → 3\.0\.9 \*\*major\*\* · 1 other indirect package$/m);
    assert.doesNotMatch(impact.markdown, /Lockfiles/);
    repo.git('checkout', '-q', 'main');
  });

  it('is no bot bump once a person adds a commit, and reads uncommitted lockfile changes from the work tree', () => {
    repo.git('checkout', '-q', '-b', 'upgrade');
    repo.commit({ message: 'Bump rails from 6.1.7 to 7.0.8', date: '2024-02-01T10:00:00Z', author: dependabot, files: { Gemfile: 'gem "rails", "~> 7.0.8"\n', 'Gemfile.lock': gemfileLock('7.0.8', '3.0.9') } });
    repo.commit({ message: 'Fix the call site for Rails 7', date: '2024-02-02T10:00:00Z', author: alice, files: { 'app/models/a.rb': 'class A < ApplicationRecord; end\n' } });
    repo.write('Gemfile.lock', gemfileLock('7.0.8', '3.0.9', '    sidekiq (7.2.0)\n'));
    const run = runChangeRisk(repo.root, 'impact', '--base', 'main', '--format', 'json', '--now', '2024-02-03');
    assert.equal(run.status, 0, run.stderr);
    const impact = JSON.parse(run.stdout);
    assert.equal(impact.dependencies.botBump, null);
    assert.ok(impact.dependencies.changes.some((c: { name: string; change: string }) => c.name === 'sidekiq' && c.change === 'added'));
    assert.match(impact.markdown, /^- \*\*Dependencies\*\*: `rails` 6\.1\.7 → 7\.0\.8 \*\*major\*\*/m);
  });
});

import * as assert from 'node:assert/strict';
import { compileHistoryRules, DEFAULT_CONFIG, parseConfig } from '../../../src/core/team';

describe('history rules', () => {
  const rules = compileHistoryRules(DEFAULT_CONFIG.history);

  const fixes: Array<[message: string, isFix: boolean]> = [
    ['Fix rounding of invoice totals', true],
    ['fixes #123', true],
    ['Fixed the checkout crash', true],
    ['fixing flaky payment spec', true],
    ['fix(billing): round once', true],
    ['Bugfix for empty carts', true],
    ['hotfix: disable coupon stacking', true],
    ['Bug 123: totals off by a cent', true],
    ['Revert "Add coupon stacking"', true],
    ['Address regression in search ranking', true],
    ['Add fixture for invoices', false],
    ['Use a common prefix for cache keys', false],
    ['Add debug logging', false],
    ['Handle the suffix of file names', false],
    ['Play the bugle', false],
    ['Add invoice export', false],
    ['Fix typo', false],
    ['lint fixes', false],
    ['Fix rubocop offenses', false],
    ['style: fix indentation', false],
    ['Fix currency format in invoices', true],
    ['Fix rounding\n\nAlso corrects a typo in a comment.', true],
  ];
  for (const [message, expected] of fixes) {
    it(`${expected ? 'counts' : 'does not count'} ${JSON.stringify(message)} as a fix`, () => {
      assert.equal(rules.isFix(message), expected);
    });
  }

  it('finds incident ids once each, in order of appearance', () => {
    assert.deepEqual(rules.incidentIds('Fix INC-12 and INC-7 (see INC-12)'), ['INC-12', 'INC-7']);
    assert.deepEqual(rules.incidentIds('Refs PINC-12, INC-, INC-3x'), []);
    assert.deepEqual(rules.incidentIds('plain message'), []);
  });

  it('names incident ids in upper case, however the commit wrote them: the patterns match any case', () => {
    assert.deepEqual(rules.incidentIds('fix inc-12 rounding (Inc-12, INC-7)'), ['INC-12', 'INC-7']);
  });

  it('ignores generated, vendored and lock files by default', () => {
    const ignored = ['db/schema.rb', 'config/locales/en.yml', 'yarn.lock', 'sub/dir/Cargo.lock', 'vendor/gem/x.rb', 'node_modules/a/index.js', 'public/app.min.js', 'Gemfile.lock'];
    const kept = ['app/models/invoice.rb', 'db/migrate/001_init.rb', 'config/routes.rb', 'lib/lock.rb', 'app/vendor.rb'];
    assert.deepEqual(ignored.filter((p) => !rules.isIgnoredPath(p)), []);
    assert.deepEqual(kept.filter((p) => rules.isIgnoredPath(p)), []);
    assert.equal(rules.isIgnoredPath('vendor\\gem\\x.rb'), true, 'Windows separators are normalised');
  });

  it('uses the configured patterns instead of the defaults', () => {
    const { config } = parseConfig("history:\n  fixPatterns: ['\\bcorrige']\n  incidentIdPatterns: ['\\bPAY-\\d+']\n  ignorePaths: ['gen/**']\n", 'c.yaml');
    const custom = compileHistoryRules(config.history);
    assert.equal(custom.isFix('Corrige le calcul'), true);
    assert.equal(custom.isFix('Fix the total'), false);
    assert.deepEqual(custom.incidentIds('PAY-9 and INC-1'), ['PAY-9']);
    assert.equal(custom.isIgnoredPath('gen/a.ts'), true);
    assert.equal(custom.isIgnoredPath('yarn.lock'), false);
  });

  it('keeps each pattern meaning what it says when patterns use the same group name or back-references', () => {
    const custom = compileHistoryRules({ ...DEFAULT_CONFIG.history, fixPatterns: ['(?<w>fix)', '(?<w>bug)'], nonFixPatterns: ['(\\w+) \\1'] });
    assert.equal(custom.isFix('bug in totals'), true);
    assert.equal(custom.isFix('fix fix the the typo'), false, 'the back-reference still refers to its own group');
    assert.equal(custom.isFix('fix the typo'), true);
  });

  it('skips patterns that do not compile instead of throwing', () => {
    const custom = compileHistoryRules({ ...DEFAULT_CONFIG.history, fixPatterns: ['(broken', '\\bfix'] });
    assert.equal(custom.isFix('fix it'), true);
  });
});

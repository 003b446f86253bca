import * as assert from 'node:assert/strict';
import { compileHistoryRules, DEFAULT_CONFIG, parseConfig } from '../../../src/core/team';

describe('history rules', () => {
  const rules = compileHistoryRules(DEFAULT_CONFIG.history);

  const fixes: Array<[message: string, isFix: boolean]> = [
    ['Fix rounding of invoice totals', true],
    ['fixes #123', true],
    ['Fixed the checkout crash', true],
    ['fixing flaky payment spec', false],
    ['Fix failing specs', false],
    ['Fix Style/ConditionalAssignment offences', false],
    ['Fix deprecation warnings', false],
    ['Fix rounding (#123)', true],
    ['Add invoice scope\n\nmanually fix up the specs', false],
    ['Bundle update (#88)\n\n* Fix the cart bug\n* bundle update', false],
    ['Tighten invoice rounding\n\nFixes: 1a2b3c4d5e', true],
    ['Revert "Add coupon stacking" (#91)', true],
    ['Add coupon stacking\n\nThis reverts commit 0123456789abcdef0123456789abcdef01234567.', true],
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

  it('gives the same verdicts with the default patterns on V8 as on the linear-time engine, and leaves non-ASCII text to the latter', () => {
    // A pattern outside the defaults keeps the whole list on the linear-time engine: the reference.
    const never = 'zz-never-matches-zz';
    const linear = compileHistoryRules({
      ...DEFAULT_CONFIG.history,
      fixPatterns: [...DEFAULT_CONFIG.history.fixPatterns, never],
      nonFixPatterns: [...DEFAULT_CONFIG.history.nonFixPatterns, never],
      botAuthors: [...DEFAULT_CONFIG.history.botAuthors, never],
      incidentIdPatterns: [...DEFAULT_CONFIG.history.incidentIdPatterns, never],
    });
    const subjects = [
      ...fixes.map(([message]) => message),
      'FIX: upper case', 'fix', 'prefix fixes', 'fixed.', 'Bugs', 'debugging', 'quick-Fixing the thing', 'REVERTING', 'regressed!',
      'style(api): tidy', 'Style/Foo offences fixed', 'Fix the build', 'Fix the build now', 'fix specs\tand more', 'Fixes\r\nbody',
      'INC-12 and inc-7, INC-', 'xINC-3', '<ci@example.com>', 'imgbot <x@y>', 'l10n-bot@translatewiki.net',
    ];
    for (const text of subjects) {
      assert.equal(rules.isFix(text), linear.isFix(text), `isFix ${JSON.stringify(text)}`);
      assert.deepEqual(rules.incidentIds(text), linear.incidentIds(text), `incidentIds ${JSON.stringify(text)}`);
      assert.equal(rules.isBot(text, 'someone@example.com'), linear.isBot(text, 'someone@example.com'), `isBot ${JSON.stringify(text)}`);
    }
    // Case-insensitive RE2 reads the Kelvin sign as a k (V8 would not): such text keeps RE2's meaning.
    assert.equal(new RegExp('^snyk-bot', 'i').test('sny\u212a-bot'), false);
    assert.equal(linear.isBot('sny\u212a-bot', 'support@example.com'), true);
    assert.equal(rules.isBot('sny\u212a-bot', 'support@example.com'), true);
  });

  it('reads what a revert reverts: the sha git writes, else the quoted subject', () => {
    const sha = '0123456789abcdef0123456789abcdef01234567';
    assert.deepEqual(rules.revertOf(`Revert "Add coupon stacking"\n\nThis reverts commit ${sha}.`), { sha, subject: 'Add coupon stacking' });
    assert.deepEqual(rules.revertOf('Revert "Add coupon stacking (#12)" (#91)'), { subject: 'Add coupon stacking (#12)' });
    assert.deepEqual(rules.revertOf('Revert "Revert "Add coupon stacking""'), { subject: 'Revert "Add coupon stacking"' });
    assert.equal(rules.revertOf('Reverted the cache change by hand'), undefined, 'only the forms git and GitHub write');
    assert.equal(rules.revertOf('Add thing\n\nSee also: this reverts commit badly'), undefined);
  });

  it('knows the usual bots and leaves people alone', () => {
    const bots = [
      ['dependabot[bot]', '49699333+dependabot[bot]@users.noreply.github.com'],
      ['renovate[bot]', '29139614+renovate[bot]@users.noreply.github.com'],
      ['github-actions[bot]', '41898282+github-actions[bot]@users.noreply.github.com'],
      ['Dependabot', 'support@dependabot.com'],
      ['translatewiki.net', 'l10n-bot@translatewiki.net'],
    ];
    const people = [['Alice Archer', 'alice@example.com'], ['Bot Botterson', 'bot.botterson@example.com'], ['Robert', '123+robert@users.noreply.github.com']];
    assert.deepEqual(bots.filter(([name, email]) => !rules.isBot(name!, email!)), []);
    assert.deepEqual(people.filter(([name, email]) => rules.isBot(name!, email!)), []);
  });

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

  it('keeps each pattern meaning what it says when patterns use the same group name', () => {
    const custom = compileHistoryRules({ ...DEFAULT_CONFIG.history, fixPatterns: ['(?<w>fix)', '(?<w>bug)'] });
    assert.equal(custom.isFix('bug in totals'), true);
    assert.equal(custom.isFix('fix the totals'), true);
    assert.equal(custom.isFix('feature'), false);
  });

  it('refuses back-references and lookarounds (patterns run on a linear-time engine) and skips them at run time', () => {
    const { config, diagnostics } = parseConfig("history:\n  nonFixPatterns: ['(\\w+) \\1', '\\btypo(?= )', '\\bstyle\\b']\n", 'c.yaml');
    assert.deepEqual(diagnostics.map((d) => `${d.line} ${d.field}`), ['2 history.nonFixPatterns[0]', '2 history.nonFixPatterns[1]']);
    assert.match(diagnostics[0]!.message, /back-references are not supported/);
    assert.match(diagnostics[1]!.message, /lookahead and lookbehind are not supported/);
    assert.deepEqual(config.history.nonFixPatterns, ['\\bstyle\\b']);
    const custom = compileHistoryRules({ ...DEFAULT_CONFIG.history, nonFixPatterns: ['(\\w+) \\1', '\\btypo(?= )'] });
    assert.equal(custom.isFix('fix fix the the typo '), true, 'the refused patterns are skipped, not thrown');
  });

  it('skips patterns that do not compile instead of throwing', () => {
    const custom = compileHistoryRules({ ...DEFAULT_CONFIG.history, fixPatterns: ['(broken', '\\bfix'] });
    assert.equal(custom.isFix('fix it'), true);
  });
});

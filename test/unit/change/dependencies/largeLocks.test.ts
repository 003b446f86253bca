import * as assert from 'node:assert/strict';
import { dependencyChanges } from '../../../../src/core/change/dependencies';

/**
 * Lockfiles of big monorepos reach 20 MB. These bound the work with mocha's timeout (no timing assertion):
 * a reader that went quadratic on size, on bad entries or on a pathological line would not finish in it.
 */
describe('dependencies: large and pathological locks', function () {
  this.timeout(120_000);

  it('a 20 MB pnpm-lock.yaml is read and compared', () => {
    const entries = Array.from({ length: 170_000 }, (_, i) => `  '@scope/pkg${i}@1.${i % 50}.0':\n    resolution: {integrity: sha512-${'A'.repeat(86)}}\n\n`).join('');
    const lock = `lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n      '@scope/pkg7':\n        specifier: ^1.7.0\n        version: 1.7.0\n\npackages:\n\n${entries}`;
    assert.ok(lock.length > 20_000_000, `${lock.length} characters`);
    const report = dependencyChanges({ path: 'pnpm-lock.yaml', oldText: lock, newText: lock.replace("'@scope/pkg7@1.7.0'", "'@scope/pkg7@2.0.0'") });
    assert.deepEqual(report.changes.map((c) => [c.name, c.from, c.to, c.major, c.direct]), [['@scope/pkg7', ['1.7.0'], ['2.0.0'], true, true]]);
  });

  it('a package-lock.json of 100,000 entries without a version lists 20 problems without scanning the text for each', () => {
    const packages = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`node_modules/pkg${i}`, { integrity: `sha512-${'A'.repeat(40)}` }]));
    const lock = JSON.stringify({ lockfileVersion: 3, packages }, null, 2);
    const report = dependencyChanges({ path: 'package-lock.json', newText: lock });
    assert.equal(report.problems.length, 21);
    assert.match(report.problems[0]!, /^package-lock\.json line 4: "node_modules\/pkg0" has no "version"$/);
  });

  it('long lines of brackets, quotes and separators in every format are read in one pass; longer ones are skipped as problems', () => {
    const n = 60_000; // just under the longest line read (64 KiB)
    const kinds = ['('.repeat(n), `    ${'('.repeat(n)}`, `${'"'.repeat(n)}:`, `  ${'@/'.repeat(n / 2)}:`, `    ${'a: '.repeat(n / 3)}`, `gem "x", ${'"a", '.repeat(n / 5)}`, `  ${'a ('.repeat(n / 3)}`, `${'a@'.repeat(n / 2)}:`];
    const bad = `${kinds.join('\n')}\n`.repeat(20);
    for (const path of ['Gemfile.lock', 'yarn.lock', 'pnpm-lock.yaml', 'package-lock.json', 'Gemfile', 'package.json']) {
      const report = dependencyChanges({ path, oldText: bad, newText: `${bad}\n` });
      assert.ok(report.problems.length > 0 || path === 'Gemfile', path);
    }
    const long = dependencyChanges({ path: 'yarn.lock', newText: `# yarn lockfile v1\n\n${'"a@1", '.repeat(20_000)}"a@2":\n  version "1.0.0"\n` });
    assert.deepEqual(long.problems, ['yarn.lock line 3: longer than 65536 characters; skipped']);
  });
});

import * as assert from 'node:assert/strict';
import { dependencyChanges, dependencyChangesOf } from '../../../../src/core/change/dependencies';

const entry = (version: string, extra: Record<string, unknown> = {}) => ({
  version,
  resolved: `https://registry.npmjs.org/x/-/x-${version}.tgz`,
  integrity: 'sha512-AAAA',
  ...extra,
});

/** lockfileVersion 3, shaped like huginn's: a root entry, hoisted and nested copies, an alias, a workspace link. */
function lockV3(o: { babel: string; lodash: string[]; jsTokens: boolean; stringWidth: string }): string {
  const packages: Record<string, unknown> = {
    '': { name: 'app', version: '1.0.0', workspaces: ['packages/*'], dependencies: { lodash: '^4.17.0', 'string-width-cjs': 'npm:string-width@^4.2.0' }, devDependencies: { '@babel/core': '^7.23.0' } },
    'packages/ui': { name: '@app/ui', version: '0.1.0', dependencies: { react: '^18.2.0' } },
    'node_modules/@app/ui': { resolved: 'packages/ui', link: true },
    'node_modules/@babel/core': entry(o.babel, { dev: true, dependencies: { 'js-tokens': '^4.0.0' } }),
    'node_modules/lodash': entry(o.lodash[0]!),
    'node_modules/react': entry('18.2.0'),
    'node_modules/string-width-cjs': entry(o.stringWidth, { name: 'string-width' }),
  };
  if (o.lodash[1]) packages['node_modules/@babel/core/node_modules/lodash'] = entry(o.lodash[1]);
  if (o.jsTokens) packages['node_modules/js-tokens'] = entry('4.0.0', { dev: true });
  return JSON.stringify({ name: 'app', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2) + '\n';
}

describe('dependencies: npm', () => {
  it('package-lock v3: versions per name across nested copies, a scoped package, an alias, a removed transitive package', () => {
    const report = dependencyChanges({
      path: 'package-lock.json',
      oldText: lockV3({ babel: '7.23.9', lodash: ['4.17.20', '3.10.1'], jsTokens: true, stringWidth: '4.2.3' }),
      newText: lockV3({ babel: '7.24.0', lodash: ['4.17.21'], jsTokens: false, stringWidth: '5.1.2' }),
    });
    assert.deepEqual(report.problems, []);
    assert.deepEqual(
      report.changes.map((c) => [c.name, c.aliasOf, c.change, c.from, c.to, c.bump, c.major, c.direct]),
      [
        ['@babel/core', undefined, 'updated', ['7.23.9'], ['7.24.0'], 'minor', false, true],
        ['lodash', undefined, 'updated', ['3.10.1', '4.17.20'], ['4.17.21'], 'patch', false, true],
        ['string-width-cjs', 'string-width', 'updated', ['4.2.3'], ['5.1.2'], 'major', true, true],
        ['js-tokens', undefined, 'removed', ['4.0.0'], undefined, undefined, false, false],
      ],
    );
    assert.ok(report.changes.every((c) => c.manager === 'npm' && c.ecosystem === 'npm'));
  });

  it('package-lock v3: a second major copy appearing is major even though the hoisted one stayed', () => {
    const report = dependencyChanges({
      path: 'package-lock.json',
      oldText: lockV3({ babel: '7.24.0', lodash: ['4.17.21'], jsTokens: false, stringWidth: '4.2.3' }),
      newText: lockV3({ babel: '7.24.0', lodash: ['4.17.21', '5.0.0'], jsTokens: false, stringWidth: '4.2.3' }),
    });
    assert.deepEqual(report.changes.map((c) => [c.name, c.from, c.to, c.major]), [['lodash', ['4.17.21'], ['4.17.21', '5.0.0'], true]]);
  });

  it('package-lock: a git dependency at a new commit of the same version is updated', () => {
    const lock = (sha: string) =>
      JSON.stringify({ lockfileVersion: 3, packages: { '': { dependencies: { tool: 'github:org/tool' } }, 'node_modules/tool': { version: '1.2.0', resolved: `git+ssh://git@github.com/org/tool.git#${sha}` } } });
    const report = dependencyChanges({ path: 'package-lock.json', oldText: lock('0123456789abcdef0123456789abcdef01234567'), newText: lock('fedcba9876543210fedcba9876543210fedcba98') });
    assert.deepEqual(report.changes.map((c) => [c.name, c.from, c.to, c.bump, c.major]), [['tool', ['1.2.0 (git 0123456)'], ['1.2.0 (git fedcba9)'], 'changed', false]]);
  });

  it('package-lock v2 is read from `packages`, not counted twice from its v1 `dependencies` copy', () => {
    const v2 = (version: string) =>
      JSON.stringify({
        lockfileVersion: 2,
        packages: { '': { dependencies: { '@babel/core': '^7.0.0' } }, 'node_modules/@babel/core': { version } },
        dependencies: { '@babel/core': { version: '6.0.0' } },
      });
    const report = dependencyChanges({ path: 'web/package-lock.json', oldText: v2('7.0.0'), newText: v2('8.0.0') });
    assert.deepEqual(report.changes.map((c) => [c.name, c.from, c.to, c.major, c.direct, c.file]), [['@babel/core', ['7.0.0'], ['8.0.0'], true, true, 'web/package-lock.json']]);
  });

  it('package-lock v1: the nested tree, an `npm:` alias, direct names from the package.json', () => {
    const v1 = (lodash: string, nested: string) =>
      JSON.stringify({
        name: 'app',
        lockfileVersion: 1,
        requires: true,
        dependencies: {
          lodash: { version: lodash, resolved: 'https://registry.npmjs.org/lodash/-/lodash.tgz' },
          'left-pad-alias': { version: 'npm:left-pad@1.3.0' },
          webpack: { version: '4.46.0', dev: true, dependencies: { 'json5': { version: nested } } },
        },
      });
    const manifest = JSON.stringify({ dependencies: { lodash: '^4.17.0', 'left-pad-alias': 'npm:left-pad@^1.3.0' }, devDependencies: { webpack: '^4.46.0' } });
    const report = dependencyChanges({ path: 'package-lock.json', oldText: v1('4.17.15', '1.0.1'), newText: v1('4.17.21', '2.2.3'), oldManifest: manifest, newManifest: manifest });
    assert.deepEqual(report.changes.map((c) => [c.name, c.from, c.to, c.bump, c.direct]), [
      ['lodash', ['4.17.15'], ['4.17.21'], 'patch', true],
      ['json5', ['1.0.1'], ['2.2.3'], 'major', false],
    ]);
    const snapshotAlias = dependencyChanges({ path: 'package-lock.json', newText: v1('4.17.21', '2.2.3'), newManifest: manifest }).changes.find((c) => c.name === 'left-pad-alias');
    assert.deepEqual([snapshotAlias?.aliasOf, snapshotAlias?.to], ['left-pad', ['1.3.0']]);
  });

  it('truncated JSON is a problem naming the line; an entry without a version names its key and line', () => {
    const good = lockV3({ babel: '7.24.0', lodash: ['4.17.21'], jsTokens: false, stringWidth: '4.2.3' });
    const truncated = good.slice(0, good.indexOf('"node_modules/react"'));
    const report = dependencyChanges({ path: 'package-lock.json', oldText: good, newText: truncated });
    assert.equal(report.problems.length, 1);
    assert.match(report.problems[0]!, /^package-lock\.json line \d+: not valid JSON/);
    const noVersion = good.replace(/("node_modules\/react": \{\n\s*)"version": "18\.2\.0",\s*"resolved": "[^"]*",/, '$1');
    const line = noVersion.split('\n').findIndex((l) => l.includes('"node_modules/react"')) + 1;
    const partial = dependencyChanges({ path: 'package-lock.json', oldText: good, newText: noVersion });
    assert.deepEqual(partial.problems, [`package-lock.json line ${line}: "node_modules/react" has no "version"`]);
    assert.deepEqual(partial.changes.map((c) => [c.name, c.change]), [['react', 'removed']], 'the other entries are still read');
    assert.deepEqual(dependencyChanges({ path: 'package-lock.json', oldText: '[1,2]', newText: 'null' }).problems, ['before the change: package-lock.json line 1: expected a JSON object', 'package-lock.json line 1: expected a JSON object']);
  });

  it('package.json alone: requirements added, removed and changed across dependency fields', () => {
    const manifest = (react: string, extra: Record<string, string>) => JSON.stringify({ name: 'app', dependencies: { react, ...extra }, devDependencies: { typescript: '~5.4.0' } }, null, 2);
    const report = dependencyChangesOf([{ path: 'package.json', oldText: manifest('^17.0.2', { moment: '^2.29.0' }), newText: manifest('^18.2.0', { 'date-fns': '^3.0.0' }) }]);
    assert.deepEqual(report.changes.map((c) => [c.name, c.change, c.from, c.to, c.major, c.source]), [
      ['date-fns', 'added', undefined, ['^3.0.0'], false, 'manifest'],
      ['moment', 'removed', ['^2.29.0'], undefined, false, 'manifest'],
      ['react', 'updated', ['^17.0.2'], ['^18.2.0'], true, 'manifest'],
    ]);
    // A workspace package.json under a folder whose root lockfile changed is covered by that lockfile.
    const covered = dependencyChangesOf([
      { path: 'packages/ui/package.json', oldText: manifest('^17.0.2', {}), newText: manifest('^18.2.0', {}) },
      { path: 'pnpm-lock.yaml', oldText: "lockfileVersion: '9.0'\n", newText: "lockfileVersion: '9.0'\n" },
    ]);
    assert.deepEqual(covered.changes, []);
  });
});

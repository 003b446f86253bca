import * as assert from 'node:assert/strict';
import { dependencyChanges } from '../../../../src/core/change/dependencies';
import { parseKey } from '../../../../src/core/change/dependencies/pnpmLock';

interface Versions {
  babel: string;
  react: string;
  tokens: boolean;
}

/** pnpm 7 (lockfileVersion 5.4), one project: `/name/version_peer@x` keys, `name: version` dependencies. */
function v5(o: Versions): string {
  return `lockfileVersion: 5.4

specifiers:
  '@babel/core': ^7.23.0
  react-dom: ^${o.react}
  string-width-cjs: npm:string-width@^4.2.0

dependencies:
  react-dom: ${o.react}_react@${o.react}
  string-width-cjs: /string-width/4.2.3

devDependencies:
  '@babel/core': ${o.babel}

packages:

  /@babel/core/${o.babel}:
    resolution: {integrity: sha512-AAAA}
    engines: {node: '>=6.9.0'}
    dependencies:
${o.tokens ? '      js-tokens: 4.0.0\n' : ''}    dev: true
${o.tokens ? `
  /js-tokens/4.0.0:
    resolution: {integrity: sha512-BBBB}
    dev: true
` : ''}
  /react-dom/${o.react}_react@${o.react}:
    resolution: {integrity: sha512-CCCC}
    peerDependencies:
      react: ^${o.react}
    dependencies:
      react: ${o.react}
    dev: false

  /react/${o.react}:
    resolution: {integrity: sha512-DDDD}
    dev: false

  /string-width/4.2.3:
    resolution: {integrity: sha512-EEEE}
    dev: false

  github.com/org/tool/0123456789abcdef0123456789abcdef01234567:
    resolution: {tarball: https://codeload.github.com/org/tool/tar.gz/0123456789abcdef0123456789abcdef01234567}
    name: tool
    version: 1.2.0
    dev: false
`;
}

/** pnpm 8 (lockfileVersion 6.0), one project: `/name@version(peer@x)` keys, specifier/version dependencies. */
function v6(o: Versions): string {
  return `lockfileVersion: '6.0'

settings:
  autoInstallPeers: true
  excludeLinksFromLockfile: false

dependencies:
  react-dom:
    specifier: ^${o.react}
    version: ${o.react}(react@${o.react})
  string-width-cjs:
    specifier: npm:string-width@^4.2.0
    version: /string-width@4.2.3

devDependencies:
  '@babel/core':
    specifier: ^7.23.0
    version: ${o.babel}

packages:

  /@babel/core@${o.babel}:
    resolution: {integrity: sha512-AAAA}
    dev: true
${o.tokens ? `
  /js-tokens@4.0.0:
    resolution: {integrity: sha512-BBBB}
    dev: true
` : ''}
  /react-dom@${o.react}(react@${o.react}):
    resolution: {integrity: sha512-CCCC}
    peerDependencies:
      react: ^${o.react}
    dependencies:
      react: ${o.react}
    dev: false

  /react@${o.react}:
    resolution: {integrity: sha512-DDDD}
    dev: false

  /string-width@4.2.3:
    resolution: {integrity: sha512-EEEE}
    dev: false
`;
}

/** pnpm 9/10 (lockfileVersion 9.0), a workspace like spree's: importers, `packages:` and `snapshots:`. */
function v9(o: Versions): string {
  return `lockfileVersion: '9.0'

settings:
  autoInstallPeers: true
  excludeLinksFromLockfile: false

overrides:
  esbuild: ^0.28.1

importers:

  .:
    devDependencies:
      '@babel/core':
        specifier: ^7.23.0
        version: ${o.babel}
      '@app/ui':
        specifier: workspace:*
        version: link:packages/ui

  packages/ui:
    dependencies:
      react-dom:
        specifier: ^${o.react}
        version: ${o.react}(react@${o.react})
      string-width-cjs:
        specifier: npm:string-width@^4.2.0
        version: string-width@4.2.3

packages:

  '@babel/core@${o.babel}':
    resolution: {integrity: sha512-AAAA}
    engines: {node: '>=6.9.0'}
${o.tokens ? `
  js-tokens@4.0.0:
    resolution: {integrity: sha512-BBBB}
` : ''}
  react-dom@${o.react}:
    resolution: {integrity: sha512-CCCC}
    peerDependencies:
      react: ^${o.react}

  react@${o.react}:
    resolution: {integrity: sha512-DDDD}

  string-width@4.2.3:
    resolution: {integrity: sha512-EEEE}

snapshots:

  '@babel/core@${o.babel}':
    dependencies:
${o.tokens ? '      js-tokens: 4.0.0\n' : '      react: 18.2.0\n'}
${o.tokens ? '  js-tokens@4.0.0: {}\n\n' : ''}  react-dom@${o.react}(react@${o.react}):
    dependencies:
      react: ${o.react}

  react@${o.react}: {}

  string-width@4.2.3: {}
`;
}

const before: Versions = { babel: '7.23.9', react: '17.0.2', tokens: true };
const after: Versions = { babel: '7.24.0', react: '18.2.0', tokens: false };
const expected = [
  ['@babel/core', 'updated', ['7.23.9'], ['7.24.0'], false, true],
  ['react-dom', 'updated', ['17.0.2'], ['18.2.0'], true, true],
  ['js-tokens', 'removed', ['4.0.0'], undefined, false, false],
  ['react', 'updated', ['17.0.2'], ['18.2.0'], true, false],
];

describe('dependencies: pnpm', () => {
  for (const [version, lock] of [['5.4', v5], ['6.0', v6], ['9.0', v9]] as const) {
    it(`lockfileVersion ${version}: peer suffixes stripped, scoped names, direct from the project's dependencies, a removed transitive package`, () => {
      const report = dependencyChanges({ path: 'pnpm-lock.yaml', oldText: lock(before), newText: lock(after) });
      assert.deepEqual(report.problems, []);
      assert.deepEqual(report.changes.map((c) => [c.name, c.change, c.from, c.to, c.major, c.direct]), expected);
      assert.ok(report.changes.every((c) => c.manager === 'pnpm'));
    });
  }

  it('an alias is direct under its real name; a tarball source uses its own name and version fields', () => {
    for (const lock of [v5, v6, v9]) {
      const added = dependencyChanges({ path: 'pnpm-lock.yaml', newText: lock(after) }).changes;
      assert.deepEqual(added.find((c) => c.name === 'string-width')?.direct, true, lock.name);
    }
    const tool = dependencyChanges({ path: 'pnpm-lock.yaml', newText: v5(after) }).changes.find((c) => c.name === 'tool');
    assert.deepEqual(tool?.to, ['1.2.0']);
  });

  it('reads the key styles of every version', () => {
    assert.deepEqual(parseKey('/@babel/core/7.24.0'), { name: '@babel/core', version: '7.24.0' });
    assert.deepEqual(parseKey('/react-dom/18.2.0_react@18.2.0'), { name: 'react-dom', version: '18.2.0' });
    assert.deepEqual(parseKey('/@babel/core@7.24.0'), { name: '@babel/core', version: '7.24.0' });
    assert.deepEqual(parseKey('react-dom@18.2.0(react@18.2.0)(@types/react@18.2.0)'), { name: 'react-dom', version: '18.2.0' });
    assert.deepEqual(parseKey('@scope/pkg@https://codeload.github.com/org/pkg/tar.gz/abc'), { name: '@scope/pkg', version: 'https://codeload.github.com/org/pkg/tar.gz/abc' });
    assert.equal(parseKey('@broken'), undefined);
    assert.equal(parseKey('nothing'), undefined);
  });

  it('a key it cannot read and text that is no lockfile are problems with their lines; never an exception', () => {
    const broken = v9(after).replace("  react@18.2.0:\n    resolution", '  react:\n    resolution');
    const line = broken.split('\n').indexOf('  react:') + 1;
    const report = dependencyChanges({ path: 'pnpm-lock.yaml', oldText: v9(after), newText: broken });
    assert.deepEqual(report.problems, [`pnpm-lock.yaml line ${line}: package "react" names no name and version`]);
    assert.deepEqual(dependencyChanges({ path: 'pnpm-lock.yaml', newText: '\u0000garbage\n  - [unclosed\n' }).problems, [
      'pnpm-lock.yaml line 1: "\u0000garbage" is not a top-level key',
      'pnpm-lock.yaml line 1: no "lockfileVersion"; not a pnpm-lock.yaml',
    ]);
  });
});

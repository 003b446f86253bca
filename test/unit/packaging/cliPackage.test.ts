import * as assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { absoluteLinks, cliManifest, packCliPackage, readmeSection, repositoryWebUrl, type CliPackage } from '../../../scripts/cliPackage';
import { runChangeRisk } from '../../helpers/cli';
import { bob, lines, TestRepo } from '../../helpers/testRepo';

const ROOT = path.resolve(__dirname, '../../..');
const rootManifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/**
 * Upper bound of the tarball, compressed. The minified bundle (engine, zod, yaml, re2js, simple-git, picomatch)
 * is about 1 MB and packs to under 300 kB. 600 kB leaves room for the engine to grow, and fails when something
 * that should not ship slips in: a source map of the bundle alone packs to several hundred kB more, and an
 * unminified bundle or a node_modules folder to far more.
 */
const MAX_TARBALL_BYTES = 600 * 1024;

/**
 * npm as a user runs it in a fresh project, but offline: its own cache, a registry address nothing listens on
 * (any fetch fails at once instead of reaching the network), and none of the npm_* settings of an `npm run`
 * that may have started the tests (its prefix is this repository).
 */
function npmEnv(cache: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'NODE_PATH'));
  return {
    ...env,
    npm_config_cache: cache,
    npm_config_offline: 'true',
    npm_config_registry: 'http://127.0.0.1:9/',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_yes: 'false',
    NO_COLOR: '1',
  };
}

function succeed(run: SpawnSyncReturns<string>, what: string): string {
  assert.equal(run.error, undefined, `${what}: ${run.error}`);
  assert.equal(run.status, 0, `${what} exited ${run.status}:\n${run.stderr}`);
  return run.stdout;
}

describe('the CLI npm package', function () {
  this.timeout(180_000);
  let tmp: string;
  let packed: CliPackage;
  let project: string;
  let env: NodeJS.ProcessEnv;

  /** `npx …` in the project where the tarball was installed; npm_config_yes=false: it never offers to fetch a package. */
  const npx = (...args: string[]) => spawnSync('npx', args, { cwd: project, env, encoding: 'utf8' });

  before(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-npm-')));
    packed = packCliPackage(path.join(tmp, 'stage'), tmp);
    project = path.join(tmp, 'project');
    fs.mkdirSync(project);
    env = npmEnv(path.join(tmp, 'npm-cache'));
    succeed(spawnSync('npm', ['init', '-y'], { cwd: project, env, encoding: 'utf8' }), 'npm init');
    const install = ['install', '--offline', '--no-audit', '--no-fund', packed.tarball];
    succeed(spawnSync('npm', install, { cwd: project, env, encoding: 'utf8' }), 'npm install');
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('packs the bundle, its manifest, README and license, and nothing else', () => {
    assert.equal(path.basename(packed.tarball), `change-risk-${rootManifest.version}.tgz`);
    assert.ok(fs.existsSync(packed.tarball));
    assert.deepEqual(packed.files.map((file) => file.path).sort(), ['LICENSE', 'README.md', 'cli.js', 'package.json']);
    assert.ok(packed.size < MAX_TARBALL_BYTES, `the tarball is ${packed.size} bytes`);
    const cli = packed.files.find((file) => file.path === 'cli.js')!;
    assert.equal(cli.mode & 0o111, 0o111, 'cli.js is executable');
  });

  it('ships a bundle that starts with a shebang and requires nothing but Node built-ins', () => {
    const bundle = fs.readFileSync(path.join(packed.folder, 'cli.js'), 'utf8');
    assert.ok(bundle.startsWith('#!/usr/bin/env node\n'));
    assert.doesNotMatch(bundle, /sourceMappingURL/);
    const required = new Set([...bundle.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((match) => match[1]!));
    assert.ok(required.size > 0, 'the bundle requires the built-ins it uses');
    const builtins = new Set(builtinModules);
    assert.deepEqual([...required].filter((name) => !builtins.has(name.replace(/^node:/, ''))), []);
  });

  it('declares the root version, the bin, Node 20 and no dependencies', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(packed.folder, 'package.json'), 'utf8'));
    assert.equal(manifest.name, 'change-risk');
    assert.equal(manifest.version, rootManifest.version);
    assert.deepEqual(manifest.bin, { 'change-risk': 'cli.js' });
    assert.deepEqual(manifest.engines, { node: '>=20' });
    assert.equal(manifest.private, undefined);
    for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies', 'scripts', 'contributes']) {
      assert.equal(manifest[field], undefined, field);
    }
    assert.equal(manifest.license, rootManifest.license);
    assert.match(manifest.homepage, /^https:\/\//);
  });

  it('installs offline with nothing beside it in node_modules', () => {
    const installed = fs.readdirSync(path.join(project, 'node_modules')).filter((name) => !name.startsWith('.'));
    assert.deepEqual(installed, ['change-risk']);
  });

  it('prints the package version with npx change-risk --version', () => {
    assert.equal(succeed(npx('change-risk', '--version'), 'npx change-risk --version').trim(), rootManifest.version);
  });

  it('reads a repository with npx change-risk, as the sources do', () => {
    const repo = TestRepo.create();
    try {
      repo.commit({ message: 'Add billing', date: '2024-01-01T10:00:00Z', files: { 'app/billing.rb': lines(20), 'app/search.rb': lines(5) } });
      repo.commit({ message: 'Fix rounding INC-1', date: '2025-03-01T10:00:00Z', author: bob, files: { 'app/billing.rb': lines(20).replace('line 4', 'fixed 4') } });
      const postmortem = '---\nid: INC-1\ntitle: Rounding\ndate: 2025-03-01\nkind: regression\nseverity: high\n---\nBody.\n';
      repo.commit({ message: 'Ledger', date: '2025-03-02T10:00:00Z', files: { '.changerisk/incidents/inc-1.md': postmortem } });
      const args = ['hotspots', '--json', '--now', '2025-06-01', '--repo', repo.root];
      env.CHANGE_RISK_CACHE_DIR = path.join(tmp, 'cli-cache');
      const report = JSON.parse(succeed(npx('change-risk', ...args), 'npx change-risk hotspots'));
      assert.equal(report.repository.root, repo.root);
      assert.deepEqual(
        report.files.map((file: { path: string; level: string; incidents: string[] }) => [file.path, file.level, file.incidents]),
        [['app/billing.rb', 'high', ['INC-1']]],
      );
      const fromSources = runChangeRisk(repo.root, ...args);
      assert.equal(fromSources.status, 0, fromSources.stderr);
      assert.deepEqual(report, JSON.parse(fromSources.stdout));
    } finally {
      repo.dispose();
      fs.rmSync(`${repo.root}-cache`, { recursive: true, force: true });
    }
  });

  it('prints the package version from the sources too', () => {
    const run = runChangeRisk(tmp, '--version');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), rootManifest.version);
  });
});

describe('the CLI package manifest and README', () => {
  it('links to the repository named in the root manifest, in any form npm accepts, else the default', () => {
    assert.equal(repositoryWebUrl(undefined), 'https://github.com/change-risk/change-risk');
    assert.equal(repositoryWebUrl({ type: 'git', url: 'git+https://github.com/acme/risk.git' }), 'https://github.com/acme/risk');
    assert.equal(repositoryWebUrl('github:acme/risk'), 'https://github.com/acme/risk');
    assert.equal(repositoryWebUrl('acme/risk'), 'https://github.com/acme/risk');
    const manifest = cliManifest({ name: 'change-risk', version: '1.2.3', repository: 'github:acme/risk' });
    assert.equal(manifest.version, '1.2.3');
    assert.equal(manifest.homepage, 'https://github.com/acme/risk#readme');
    assert.deepEqual(manifest.bugs, { url: 'https://github.com/acme/risk/issues' });
  });

  it('makes relative links absolute on the repository, and keeps anchors and web links', () => {
    const web = 'https://github.com/acme/risk';
    assert.equal(
      absoluteLinks('see [files](team-files.md), [top](#exit-codes), [gh](https://docs.github.com/x), [up](../README.md)', 'docs', web),
      'see [files](https://github.com/acme/risk/blob/main/docs/team-files.md), [top](#exit-codes), [gh](https://docs.github.com/x), [up](https://github.com/acme/risk/blob/main/README.md)',
    );
  });

  it('takes its introduction from the README section about npx, and says which section is missing', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const section = readmeSection(readme, '## Command line: `npx change-risk …`');
    assert.match(section, /npx change-risk --version/);
    assert.doesNotMatch(section, /^## /m);
    assert.throws(() => readmeSection('# Nothing\n', '## Missing'), /README\.md: no section "## Missing"/);
  });
});

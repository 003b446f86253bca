import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const BIN = path.resolve(__dirname, '../../src/cli/bin.ts');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `change-risk …` as a user runs it: a separate process, not on a terminal, with a cache of its own beside `cwd`. */
export function runChangeRisk(cwd: string, ...args: string[]): CliRun {
  const run = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CHANGE_RISK_CACHE_DIR: `${cwd}-cache`, NO_COLOR: '1' },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

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

export interface LimitedRun extends CliRun {
  /** The signal that ended the process: SIGKILL when it outran `timeoutMs`. Null when it exited by itself. */
  signal: NodeJS.Signals | null;
  /** Peak resident memory of the CLI process, in bytes (from `process.resourceUsage()` at exit). */
  maxRss?: number;
}

/**
 * `change-risk …` bounded for tests of hostile input (POSIX only): killed after `timeoutMs`, and its data
 * segment capped at `maxDataMiB` (`ulimit -d`), so a regression that reads without end fails the test
 * instead of filling the machine's memory.
 */
export function runChangeRiskLimited(cwd: string, limits: { timeoutMs: number; maxDataMiB: number }, ...args: string[]): LimitedRun {
  const report = path.resolve(__dirname, 'reportMaxRss.ts');
  const node = [process.execPath, '--require', require.resolve('tsx/cjs'), '--require', report, BIN, ...args];
  const run = spawnSync('/bin/sh', ['-c', `ulimit -d ${limits.maxDataMiB * 1024} && exec "$@"`, 'sh', ...node], {
    cwd,
    encoding: 'utf8',
    timeout: limits.timeoutMs,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, CHANGE_RISK_CACHE_DIR: `${cwd}-cache`, NO_COLOR: '1' },
  });
  const rss = /^change-risk-test maxRSS (\d+)$/m.exec(run.stderr ?? '');
  return {
    status: run.status,
    signal: run.signal,
    stdout: run.stdout ?? '',
    stderr: (run.stderr ?? '').replace(/^change-risk-test maxRSS \d+\n/m, ''),
    ...(rss ? { maxRss: Number(rss[1]) * 1024 } : {}),
  };
}

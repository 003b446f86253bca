import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

export interface BoundedRun {
  /** False when the child was killed at the time limit: the code hung (or was far too slow). */
  finished: boolean;
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `code` (CommonJS TypeScript; `src(...)` requires a module under src/) in a child process that is killed
 * after `timeoutMs`. A catastrophic regular expression blocks the thread it runs on, so a mocha timeout could
 * not interrupt it; a child process can be. The limit is generous: it catches hangs, it does not time anything.
 */
export function runBounded(code: string, timeoutMs = 60_000): BoundedRun {
  const prelude = `const src = (module) => require(${JSON.stringify(ROOT)} + '/src/' + module);\n`;
  const run = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), '--eval', prelude + code], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { finished: run.error === undefined && run.signal === null, status: run.status, stdout: run.stdout ?? '', stderr: run.stderr ?? '' };
}

import { spawn } from 'node:child_process';

/** Environment for every git process: stable messages, no optional locks taken in the user's repository. */
const GIT_ENV = { LC_ALL: 'C', GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0' };

export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    /** null: killed by a signal; undefined: not known (simple-git does not say). */
    readonly exitCode: number | null | undefined,
    readonly stderr: string,
  ) {
    const exit = exitCode === undefined ? '' : ` (exit ${exitCode ?? 'signal'})`;
    super(`git ${args.slice(0, 3).join(' ')} failed${exit}: ${stderr.trim() || 'no message'}`);
    this.name = 'GitError';
  }
}

export class CancelledError extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'CancelledError';
  }
}

export interface GitStreamOptions {
  cwd: string;
  signal?: AbortSignal;
  /** Written to git's stdin and then closed (e.g. editor contents for `git blame --contents -`). */
  stdin?: string;
}

/**
 * Runs git and hands each NUL-terminated token of its stdout to `onToken` as it arrives, so a
 * 100,000-commit log is never held in memory as one string.
 */
export function streamGitTokens(
  args: readonly string[],
  options: GitStreamOptions,
  onToken: (token: string) => void,
  separator = 0,
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(new CancelledError());
    const child = spawn('git', args, {
      cwd: options.cwd,
      env: { ...process.env, ...GIT_ENV },
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let pending: Buffer | undefined;
    let stderr = '';
    let failure: Error | undefined;
    const onAbort = () => {
      failure = new CancelledError();
      child.kill();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout!.on('data', (chunk: Buffer) => {
      if (failure) return;
      const buffer = pending ? Buffer.concat([pending, chunk]) : chunk;
      let start = 0;
      try {
        for (let end = buffer.indexOf(separator, start); end !== -1; end = buffer.indexOf(separator, start)) {
          onToken(buffer.toString('utf8', start, end));
          start = end + 1;
        }
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
        child.kill();
        return;
      }
      pending = start < buffer.length ? buffer.subarray(start) : undefined;
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      if (stderr.length < 64 * 1024) stderr += chunk.toString('utf8');
    });
    if (options.stdin !== undefined) {
      child.stdin?.on('error', () => undefined); // git killed or exiting early (EPIPE) is reported on close
      child.stdin?.end(options.stdin);
    }
    child.on('error', (error) => {
      failure ??= error;
    });
    child.on('close', (code) => {
      options.signal?.removeEventListener('abort', onAbort);
      if (failure) return reject(failure);
      if (code !== 0) return reject(new GitError(args, code, stderr));
      if (pending && pending.length > 0) {
        try {
          onToken(pending.toString('utf8'));
        } catch (error) {
          return reject(error);
        }
      }
      resolve();
    });
  });
}

/** Streams git's stdout line by line (LF-separated). */
export function streamGitLines(
  args: readonly string[],
  options: GitStreamOptions,
  onLine: (line: string) => void,
): Promise<void> {
  return streamGitTokens(args, options, onLine, 0x0a);
}

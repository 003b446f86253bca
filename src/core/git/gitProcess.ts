import { spawn } from 'node:child_process';
import * as os from 'node:os';
import { filterOverridesFor, readsWorkTree, SAFE_CONFIG_ARGS, safeGitEnv } from './safeGit';

export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    /** null: killed by a signal; undefined: not known. */
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
  /**
   * Bulk work nobody is waiting on line by line (reading the whole history): git runs at a lower
   * scheduling priority, so that on a busy machine the editor, a blame or the open files' own
   * history go first. On an idle machine it changes nothing.
   */
  background?: boolean;
}

/** The niceness of a background git process (0 is normal, 19 the lowest priority). */
const BACKGROUND_NICENESS = 10;

/**
 * Runs git and hands each NUL-terminated token of its stdout to `onToken` as it arrives, so a
 * 100,000-commit log is never held in memory as one string.
 */
export function streamGitTokens(
  args: readonly string[],
  options: GitStreamOptions,
  onToken: (token: string) => void,
  /** The byte that ends a token; null: the whole output is one token. */
  separator: number | null = 0,
): Promise<void> {
  const { onChunk, onEnd } = tokenSplitter(onToken, separator);
  return streamGitChunks(args, options, onChunk, onEnd);
}

/**
 * Runs git under the safeGit policy and hands its stdout over chunk by chunk as it arrives (for
 * outputs framed by more than one separator, such as a patch with NUL-separated raw entries).
 */
export async function streamGitChunks(args: readonly string[], options: GitStreamOptions, onChunk: (chunk: Buffer) => void, onEnd: () => void = () => undefined): Promise<void> {
  // Filters only run where git hashes work-tree files; other commands skip the extra `git config` process.
  const overrides = readsWorkTree(args) ? await filterOverrides(options.cwd, options.signal) : [];
  return spawnGit(args, options, overrides, onChunk, onEnd);
}

/** Splits a stream of chunks into the tokens `separator` ends (null: the whole stream is one token). Exported for its tests. */
export function tokenSplitter(onToken: (token: string) => void, separator: number | null): { onChunk: (chunk: Buffer) => void; onEnd: () => void } {
  let pending: Buffer | undefined;
  return {
    onChunk(chunk) {
      if (separator === null) {
        pending = pending ? Buffer.concat([pending, chunk]) : chunk;
        return;
      }
      let start = 0;
      let end = chunk.indexOf(separator);
      if (pending) {
        // Only the token cut by the chunk's edge is put together (its bytes: a character may be
        // cut too), not the whole chunk: copying every chunk doubled what a long read allocated.
        if (end === -1) {
          pending = Buffer.concat([pending, chunk]);
          return;
        }
        onToken(Buffer.concat([pending, chunk.subarray(0, end)]).toString('utf8'));
        pending = undefined;
        start = end + 1;
        end = chunk.indexOf(separator, start);
      }
      for (; end !== -1; end = chunk.indexOf(separator, start)) {
        onToken(chunk.toString('utf8', start, end));
        start = end + 1;
      }
      pending = start < chunk.length ? chunk.subarray(start) : undefined;
    },
    onEnd() {
      if (pending && pending.length > 0) onToken(pending.toString('utf8'));
    },
  };
}

/** One git process: a throwing `onChunk` or `onEnd` kills it and rejects with that error. */
function spawnGit(
  args: readonly string[],
  options: GitStreamOptions,
  overrides: ReadonlyArray<readonly [string, string]>,
  onChunk: (chunk: Buffer) => void,
  onEnd: () => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(new CancelledError());
    const child = spawn('git', [...SAFE_CONFIG_ARGS, ...args], {
      cwd: options.cwd,
      env: safeGitEnv(overrides),
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (options.background && child.pid !== undefined) lowerPriority(child.pid);
    let stderr = '';
    let failure: Error | undefined;
    const onAbort = () => {
      failure = new CancelledError();
      child.kill();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout!.on('data', (chunk: Buffer) => {
      if (failure) return;
      try {
        onChunk(chunk);
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
        child.kill();
      }
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
      try {
        onEnd();
      } catch (error) {
        return reject(error);
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

/** Runs a small, bounded git query and returns its whole stdout. */
export async function readGit(args: readonly string[], options: GitStreamOptions): Promise<string> {
  let output = '';
  await streamGitTokens(args, options, (whole) => (output = whole), null);
  return output;
}

/** Lookups in flight per folder: the blames of one analysis share a single `git config` process. */
const pendingFilterLookups = new Map<string, Promise<Array<[string, string]>>>();

/** Config entries that switch off every filter driver configured for the repository at `cwd` (see safeGit). */
export function filterOverrides(cwd: string, signal?: AbortSignal): Promise<Array<[string, string]>> {
  let pending = pendingFilterLookups.get(cwd);
  if (!pending) {
    const tokens: string[] = [];
    // Exit 1: no filter configured at all. Not cancellable: other callers may share it; it is one short process.
    const { onChunk, onEnd } = tokenSplitter((token) => tokens.push(token), 0);
    pending = spawnGit(['config', '-z', '--get-regexp', '^filter\\.'], { cwd }, [], onChunk, onEnd)
      .catch((error: unknown) => {
        if (error instanceof GitError && error.exitCode === 1) return;
        throw error;
      })
      .then(() => filterOverridesFor(tokens))
      .finally(() => pendingFilterLookups.delete(cwd));
    pendingFilterLookups.set(cwd, pending);
  }
  if (!signal) return pending;
  const shared = pending;
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(new CancelledError());
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    shared.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Best effort: a platform or sandbox that refuses is no reason to fail the read. */
function lowerPriority(pid: number): void {
  try {
    os.setPriority(pid, BACKGROUND_NICENESS);
  } catch {
    // left at normal priority
  }
}

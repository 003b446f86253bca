import { spawn } from 'node:child_process';
import { CancelledError, GitError, streamGitLines, streamGitTokens } from './gitProcess';
import { SAFE_CONFIG_ARGS, safeGitEnv } from './safeGit';

export interface TreeFile {
  path: string;
  blob: string;
  bytes: number;
}

/** The files (blobs; no submodules) in a commit's tree, with their sizes; with `paths`, only those (repository-relative, from the root). */
export async function listTree(cwd: string, commit: string, signal?: AbortSignal, paths: readonly string[] = []): Promise<TreeFile[]> {
  const files: TreeFile[] = [];
  const only = paths.length > 0 ? ['--full-tree', '--', ...paths.map((file) => `:(literal)${file}`)] : [];
  await streamGitTokens(['-c', 'core.quotepath=false', 'ls-tree', '-r', '-l', '-z', commit, ...only], { cwd, ...(signal ? { signal } : {}) }, (token) => {
    // "<mode> SP <type> SP <object> SP+ <size> TAB <path>" (the size is padded to the right)
    const tab = token.indexOf('\t');
    if (tab === -1) return;
    const [, type, blob, bytes] = token.slice(0, tab).split(/ +/);
    if (type === 'blob' && blob) files.push({ path: token.slice(tab + 1), blob, bytes: Number(bytes) });
  });
  return files;
}

/** Sizes of blobs by object name, from one `git cat-file --batch-check`. */
export async function blobSizes(cwd: string, blobs: readonly string[], signal?: AbortSignal): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  if (blobs.length === 0) return sizes;
  const options = { cwd, stdin: `${blobs.join('\n')}\n`, ...(signal ? { signal } : {}) };
  await streamGitLines(['cat-file', '--batch-check=%(objectname) %(objectsize)'], options, (line) => {
    const [blob, size] = line.split(' ');
    if (blob && size !== undefined) sizes.set(blob, Number(size));
  });
  return sizes;
}

/**
 * Line counts of blobs, read with one `git cat-file --batch` and counted as bytes stream by (no
 * decoding). `known` is consulted and filled, so blobs unchanged between cutoffs are read once.
 */
export function countBlobLines(cwd: string, blobs: readonly string[], known: Map<string, number>, signal?: AbortSignal): Promise<void> {
  const wanted = [...new Set(blobs.filter((blob) => !known.has(blob)))];
  if (wanted.length === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError());
    const args = ['cat-file', '--batch'];
    // `cat-file --batch` prints stored blobs as they are (no filters, no textconv); the policy still applies.
    const child = spawn('git', [...SAFE_CONFIG_ARGS, ...args], { cwd, env: safeGitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    const parser = new BatchLineCounter((blob, lines) => known.set(blob, lines));
    let stderr = '';
    let failure: Error | undefined;
    const onAbort = () => {
      failure = new CancelledError();
      child.kill();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      if (failure) return;
      try {
        parser.push(chunk);
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
        child.kill();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdin.on('error', () => undefined); // git exiting early is reported on close
    child.on('error', (error) => (failure ??= error));
    child.on('close', (code) => {
      signal?.removeEventListener('abort', onAbort);
      if (failure) return reject(failure);
      if (code !== 0) return reject(new GitError(args, code, stderr));
      resolve();
    });
    child.stdin.end(wanted.join('\n') + '\n');
  });
}

/** Parses `git cat-file --batch` output: "<sha> blob <size>\n<content>\n" per object. */
class BatchLineCounter {
  private header: Buffer[] = [];
  private blob = '';
  /** Content bytes still to read for the current object, then its trailing LF; -1 while reading a header. */
  private remaining = -1;
  private lines = 0;
  private lastByte = 10;

  constructor(private readonly onBlob: (blob: string, lines: number) => void) {}

  push(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.remaining < 0) {
        const eol = chunk.indexOf(10, at);
        if (eol === -1) {
          this.header.push(chunk.subarray(at));
          return;
        }
        this.header.push(chunk.subarray(at, eol));
        this.startObject(Buffer.concat(this.header).toString('latin1'));
        this.header = [];
        at = eol + 1;
        continue;
      }
      if (this.remaining === 0) {
        // The LF after the content.
        this.finishObject();
        at++;
        continue;
      }
      const end = Math.min(chunk.length, at + this.remaining);
      for (let i = chunk.indexOf(10, at); i !== -1 && i < end; i = chunk.indexOf(10, i + 1)) this.lines++;
      this.lastByte = chunk[end - 1]!;
      this.remaining -= end - at;
      at = end;
    }
  }

  private startObject(header: string): void {
    const [blob = '', type, size] = header.split(' ');
    if (type === 'missing' || size === undefined) {
      this.onBlob(blob, 0);
      return;
    }
    this.blob = blob;
    this.remaining = Number(size);
    this.lines = 0;
    this.lastByte = 10;
  }

  private finishObject(): void {
    this.onBlob(this.blob, this.lines + (this.lastByte === 10 ? 0 : 1));
    this.remaining = -1;
  }
}

import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { gitEnv } from './git';

/** Who made a commit and when: a fixed unix time and a `+HHMM`/`-HHMM` offset keep shas reproducible. */
export interface FastImportIdent {
  name: string;
  email: string;
  /** Seconds since the epoch. */
  time: number;
  /** e.g. `+0100`; defaults to `+0000`. */
  tz?: string;
}

/** A commit reference in the stream: a mark number (`:N`) or anything git accepts (sha, `refs/heads/main^0`). */
export type CommitRef = number | string;

export type FileChange =
  | { op: 'M'; path: string; content: string | Buffer; mode?: '100644' | '100755' }
  | { op: 'D'; path: string }
  | { op: 'R'; from: string; to: string };

export interface CommitCommand {
  /** Full ref name, e.g. `refs/heads/main`. */
  ref: string;
  /** Mark for this commit; one is assigned when left out. */
  mark?: number;
  author: FastImportIdent;
  /** Defaults to the author. */
  committer?: FastImportIdent;
  message: string;
  /** First parent; left out, the commit continues the ref (or starts a root commit on a new ref). */
  from?: CommitRef;
  /** Further parents (a merge). The tree still starts from `from`; list the merged changes in `changes`. */
  merge?: CommitRef[];
  /** Start from an empty tree instead of the parent's. */
  deleteAll?: boolean;
  changes?: FileChange[];
}

export interface FastImportOptions {
  /** Also write `:mark sha` lines to this file when the import ends (`--export-marks`). */
  exportMarks?: string;
  /** Bytes buffered before they are written to git's stdin. */
  bufferBytes?: number;
}

/**
 * Quotes a path the way fast-import reads it: a C-style string with `\\`, `\"` and control characters
 * escaped. Bytes of non-ASCII characters pass through as UTF-8, which fast-import accepts inside quotes.
 * Always quoting is valid for every path, and required for the source of `R` when it has spaces.
 */
export function quotePath(path: string): string {
  if (path.length === 0) throw new Error('fast-import: empty path');
  let out = '"';
  for (const ch of path) {
    const code = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += '\\' + code.toString(8).padStart(3, '0');
    else out += ch;
  }
  return out + '"';
}

function refText(ref: CommitRef): string {
  if (typeof ref === 'number') return `:${ref}`;
  if (/[\n\s]/.test(ref)) throw new Error(`fast-import: invalid commit reference ${JSON.stringify(ref)}`);
  return ref;
}

function identLine(kind: 'author' | 'committer', who: FastImportIdent): string {
  if (/[<>\n]/.test(who.name) || /[<>\n]/.test(who.email)) throw new Error(`fast-import: invalid ${kind} ${who.name} <${who.email}>`);
  const tz = who.tz ?? '+0000';
  if (!/^[+-]\d{4}$/.test(tz)) throw new Error(`fast-import: invalid timezone ${tz}`);
  return `${kind} ${who.name} <${who.email}> ${Math.floor(who.time)} ${tz}\n`;
}

/**
 * Streams commands to one `git fast-import --quiet --done` process, honouring backpressure
 * (waits for 'drain'). Create with `FastImportWriter.start`, queue commits, then `await finish()`.
 */
export class FastImportWriter {
  private readonly chunks: Buffer[] = [];
  private buffered = 0;
  private nextMark = 1;
  private stderr = '';
  private stdoutText = '';
  private readonly lineWaiters: Array<(line: string) => void> = [];
  private failure: Error | undefined;
  private finished = false;
  private readonly exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcessByStdio<Writable, Readable, Readable>,
    readonly repoDir: string,
    private readonly bufferBytes: number,
  ) {
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => (this.stderr += text));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text: string) => this.onStdout(text));
    child.stdin.on('error', (error) => (this.failure ??= error));
    this.exited = new Promise((resolve) => {
      child.on('error', (error) => {
        this.failure ??= error;
        resolve(null);
      });
      child.on('close', (code) => resolve(code));
    });
  }

  /** Spawns fast-import in `repoDir` (an existing repository). */
  static start(repoDir: string, options: FastImportOptions = {}): FastImportWriter {
    const args = ['fast-import', '--quiet', '--done'];
    if (options.exportMarks) args.push(`--export-marks=${options.exportMarks}`);
    // glibc otherwise returns fast-import's delta buffers to the kernel after each object and
    // faults them back in for the next one: measured 10-15x slower on small VMs.
    const malloc = { MALLOC_MMAP_THRESHOLD_: String(1 << 30), MALLOC_TRIM_THRESHOLD_: String(1 << 30) };
    const child = spawn('git', args, { cwd: repoDir, env: gitEnv(malloc), stdio: ['pipe', 'pipe', 'pipe'] });
    return new FastImportWriter(child, repoDir, options.bufferBytes ?? 1 << 20);
  }

  /** Reserves a mark number, e.g. to name a commit before writing it. */
  allocateMark(): number {
    return this.nextMark++;
  }

  /** Queues one commit and resolves with its mark. */
  async commit(command: CommitCommand): Promise<number> {
    const mark = command.mark ?? this.allocateMark();
    if (mark >= this.nextMark) this.nextMark = mark + 1;
    const message = Buffer.from(command.message, 'utf8');
    let head = `commit ${command.ref}\nmark :${mark}\n`;
    head += identLine('author', command.author);
    head += identLine('committer', command.committer ?? command.author);
    head += `data ${message.length}\n`;
    this.push(head);
    this.push(message);
    let tail = '\n';
    if (command.from !== undefined) tail += `from ${refText(command.from)}\n`;
    for (const parent of command.merge ?? []) tail += `merge ${refText(parent)}\n`;
    if (command.deleteAll) tail += 'deleteall\n';
    this.push(tail);
    for (const change of command.changes ?? []) {
      if (change.op === 'M') {
        const body = typeof change.content === 'string' ? Buffer.from(change.content, 'utf8') : change.content;
        this.push(`M ${change.mode ?? '100644'} inline ${quotePath(change.path)}\ndata ${body.length}\n`);
        this.push(body);
        this.push('\n');
      } else if (change.op === 'D') {
        this.push(`D ${quotePath(change.path)}\n`);
      } else {
        this.push(`R ${quotePath(change.from)} ${quotePath(change.to)}\n`);
      }
    }
    this.push('\n');
    await this.maybeFlush();
    return mark;
  }

  /** Creates or moves a branch: `reset <ref>` with an optional `from`. */
  async reset(ref: string, from?: CommitRef): Promise<void> {
    this.push(`reset ${ref}\n${from === undefined ? '' : `from ${refText(from)}\n`}\n`);
    await this.maybeFlush();
  }

  /** The sha of a commit already written in this stream (fast-import's `get-mark`). */
  async getMark(mark: number): Promise<string> {
    const line = new Promise<string>((resolve) => this.lineWaiters.push(resolve));
    this.push(`get-mark :${mark}\n`);
    await this.flush();
    const sha = await Promise.race([line, this.exited.then(() => undefined)]);
    if (sha === undefined) throw this.error(`get-mark :${mark}: process exited`);
    if (!/^[0-9a-f]{40,64}$/.test(sha)) throw this.error(`get-mark :${mark} answered ${JSON.stringify(sha)}`);
    return sha;
  }

  /** Ends the stream with `done` and resolves when git exits 0; rejects with git's stderr otherwise. */
  async finish(): Promise<void> {
    if (this.finished) throw new Error('fast-import: finish() called twice');
    this.finished = true;
    this.push('done\n');
    await this.flush();
    this.child.stdin.end();
    const code = await this.exited;
    if (code !== 0 || this.failure) throw this.error(`exited with ${code}`);
  }

  /** Kills the process, e.g. after an error while producing the stream. */
  abort(): void {
    this.finished = true;
    this.child.stdin.destroy();
    if (this.child.exitCode === null) this.child.kill();
  }

  private error(what: string): Error {
    const detail = this.stderr.trim() || this.failure?.message || 'no output';
    return new Error(`git fast-import in ${this.repoDir}: ${what}: ${detail}`);
  }

  private onStdout(text: string): void {
    this.stdoutText += text;
    let newline: number;
    while ((newline = this.stdoutText.indexOf('\n')) >= 0) {
      const line = this.stdoutText.slice(0, newline);
      this.stdoutText = this.stdoutText.slice(newline + 1);
      this.lineWaiters.shift()?.(line);
    }
  }

  private push(data: string | Buffer): void {
    if (this.finished && data !== 'done\n') throw new Error('fast-import: stream already finished');
    const chunk = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  private async maybeFlush(): Promise<void> {
    if (this.buffered >= this.bufferBytes) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.buffered === 0) return;
    const data = Buffer.concat(this.chunks, this.buffered);
    this.chunks.length = 0;
    this.buffered = 0;
    if (this.failure || this.child.exitCode !== null) throw this.error('stream closed early');
    if (this.child.stdin.write(data)) return;
    const drained = new Promise<boolean>((resolve) => this.child.stdin.once('drain', () => resolve(true)));
    const stillRunning = await Promise.race([drained, this.exited.then(() => false)]);
    if (!stillRunning) throw this.error('exited while writing');
  }
}

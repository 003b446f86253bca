import { streamGitChunks, type GitStreamOptions } from '../git/gitProcess';
import { DIFF_PROGRAMS_OFF } from '../git/safeGit';
import type { ChangeStatus } from '../history/logStream';
import { commentMarkersOf, isMeaningful, lineHash, startsWithAt } from './lineText';

/** One changed file of a commit as `--raw` names it: the paths the history index saw. */
export interface DiffEntry {
  status: ChangeStatus;
  path: string;
  /** The path before a rename. */
  from?: string;
  /** The file's content before and after (blob object names; all zeros for none): identifies the exact version a diff starts from. */
  oldBlob: string;
  newBlob: string;
}

/**
 * One `diff --git` section. A type change (a link become a file) is two sections of one entry: the
 * old content deleted, the new one added.
 */
export interface FilePatch {
  entry: number;
  binary: boolean;
  /** Its hunks are `firstHunk … firstHunk + hunkCount` of the commit's. */
  firstHunk: number;
  hunkCount: number;
}

/** Numbers per hunk in `CommitDiff.hunks`: old start, old count, new start, new count, first removed line, first added line. */
export const HUNK_FIELDS = 6;

/** A commit's diff against its parent, lines reduced to what the history pass needs (see `lineText`). */
export interface CommitDiff {
  sha: string;
  entries: DiffEntry[];
  patches: FilePatch[];
  hunks: Int32Array;
  /** Per diff line, removed and added: its hash without whitespace, and 1 when it is neither blank nor a comment. */
  lineHashes: Int32Array;
  meaningful: Uint8Array;
}

/**
 * Which files git leaves undiffed: those a gitattributes file marks `-diff` (listed, and shown as
 * binary), or those a pathspec excludes (not listed at all). See `notDiffed.ts`.
 */
export interface DiffScope {
  attributesFile?: string;
  pathspec?: readonly string[];
}

/**
 * `git diff-tree` over commits given on stdin, in that order (the history index's): each commit's
 * `--raw` list (NUL-framed paths, the same rename detection as the index's `git log -M`) and its
 * patch without context lines. Settings a user's configuration could change and the parser relies on
 * are fixed: no colour, no merged hunks, no order file. Binary files show as such, never as text.
 */
export function diffArguments(scope: DiffScope = {}): string[] {
  return [
    '-c',
    'core.quotepath=false',
    ...(scope.attributesFile ? ['-c', `core.attributesFile=${scope.attributesFile}`] : []),
    'diff-tree',
    '--stdin',
    '--always',
    '--root',
    '-r',
    '-M',
    '--raw',
    '-p',
    '-U0',
    '--inter-hunk-context=0',
    '--no-color',
    '-O/dev/null',
    ...DIFF_PROGRAMS_OFF,
    '-z',
    '--format=%H',
    '--',
    ...(scope.pathspec ?? []),
  ];
}

/** Streams the diffs of `shas` (non-merge commits), handing each over complete, in the order given. */
export async function streamDiffs(shas: readonly string[], scope: DiffScope, options: Omit<GitStreamOptions, 'stdin'>, onCommit: (diff: CommitDiff) => void): Promise<void> {
  if (shas.length === 0) return;
  const parser = new DiffParser(onCommit);
  await streamGitChunks(diffArguments(scope), { ...options, stdin: shas.join('\n') + '\n' }, (chunk) => parser.push(chunk), () => parser.end());
}

const NUL = 0;
const LF = 0x0a;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DIFF_HEADER = Buffer.from('diff --git ');
const BINARY = Buffer.from('Binary files ');
/** Bytes of a new chunk joined to the end of the previous one: more than a sha, a header or a usual line. */
const JOINED_HEAD = 4096;
const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * Reads diff-tree's output, whose framing changes within each commit: the commit's sha and its raw
 * entries end with NUL, the patch lines with LF. Hunk lines are read by the counts in their header,
 * so no line of code is ever taken for a header; between hunks, a commit's sha is told from a patch
 * header by the NUL right after its hex digits (no header line holds a NUL).
 */
export class DiffParser {
  private pending: Buffer | undefined;
  private state: 'commit' | 'raw' | 'patch' | 'hunk' = 'commit';
  private current: CommitBuilder | undefined;
  private builder: CommitBuilder | undefined;
  /** A raw entry's status and blobs, while its paths are read. */
  private status: ChangeStatus | undefined;
  private blobs: [string, string] = ['', ''];
  private paths: string[] = [];
  private removedLeft = 0;
  private addedLeft = 0;
  private previousHeader: Buffer | undefined;

  constructor(private readonly onCommit: (diff: CommitDiff) => void) {}

  push(chunk: Buffer): void {
    let buffer = chunk;
    let at = 0;
    if (this.pending) {
      // The token cut off at the end of the last chunk is completed from the start of this one, so
      // that only a few bytes are copied, not every chunk whole (a long history streams gigabytes).
      const pending = this.pending;
      const joined = Buffer.concat([pending, chunk.subarray(0, JOINED_HEAD)]);
      const used = this.parse(joined, 0, false);
      if (used >= pending.length) at = used - pending.length;
      else [buffer, at] = [Buffer.concat([joined, chunk.subarray(JOINED_HEAD)]), used];
    }
    const used = this.parse(buffer, at, false);
    this.pending = used < buffer.length ? Buffer.from(buffer.subarray(used)) : undefined;
  }

  end(): void {
    if (this.pending) this.parse(this.pending, 0, true);
    if (this.state === 'hunk' || this.status !== undefined) throw new Error('git diff-tree ended inside a commit');
    this.finishCommit();
  }

  /** Consumes what it can of `buffer` from `at` on; returns the offset it stopped at. */
  private parse(buffer: Buffer, from: number, atEnd: boolean): number {
    let at = from;
    for (;;) {
      if (this.state === 'commit' || this.state === 'raw') {
        const end = buffer.indexOf(NUL, at);
        if (end === -1) return at;
        let start = at;
        while (start < end && buffer[start] === LF) start++;
        this.rawToken(buffer.toString('utf8', start, end));
        at = end + 1;
        continue;
      }
      // Patch and hunk lines end with LF; a sha ends with NUL.
      if (this.state === 'patch') {
        const shaLength = shaAt(buffer, at);
        if (shaLength === undefined && !atEnd && buffer.length - at < 66) return at;
        if (shaLength) {
          this.state = 'commit';
          continue;
        }
      }
      let end = buffer.indexOf(LF, at);
      if (end === -1) {
        if (!atEnd || at >= buffer.length) return at;
        end = buffer.length;
      }
      if (this.state === 'hunk') this.hunkLine(buffer, at, end);
      else this.patchLine(buffer, at, end);
      at = end + 1;
    }
  }

  private rawToken(token: string): void {
    if (this.status !== undefined) {
      this.paths.push(token);
      if (this.paths.length === (this.status === 'R' || this.status === 'C' ? 2 : 1)) {
        const [first, second] = this.paths as [string, string | undefined];
        const [oldBlob, newBlob] = this.blobs;
        this.current!.entries.push(second === undefined ? { status: this.status, path: first, oldBlob, newBlob } : { status: this.status, path: second, from: first, oldBlob, newBlob });
        this.status = undefined;
        this.paths = [];
      }
      return;
    }
    if (this.state === 'raw' && token.startsWith(':')) {
      // ":<old mode> <new mode> <old blob> <new blob> <status><score>"
      const fields = token.split(' ');
      this.blobs = [fields[2] ?? '', fields[3] ?? ''];
      this.status = fields[4]?.[0] as ChangeStatus;
      return;
    }
    if (this.state === 'raw' && token === '') {
      this.state = 'patch';
      return;
    }
    if (!/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(token)) throw new Error(`unexpected output from git diff-tree: ${JSON.stringify(token.slice(0, 80))}`);
    this.finishCommit();
    this.current = this.builder ? this.builder.reset(token) : (this.builder = new CommitBuilder(token));
    this.previousHeader = undefined;
    this.state = 'raw';
  }

  private patchLine(buffer: Buffer, start: number, end: number): void {
    const commit = this.current;
    if (!commit) throw new Error('git diff-tree printed a patch before any commit');
    if (startsWithAt(buffer, start, end, DIFF_HEADER)) {
      const header = buffer.subarray(start, end);
      // The second section of a type change repeats the first one's header.
      const sameEntry = this.previousHeader !== undefined && header.equals(this.previousHeader);
      this.previousHeader = Buffer.from(header);
      commit.startPatch(sameEntry);
      return;
    }
    if (buffer[start] === 0x40 /* @ */) {
      const match = HUNK_HEADER.exec(buffer.toString('latin1', start, Math.min(end, start + 80)));
      if (!match) throw new Error(`unreadable hunk header from git diff-tree: ${buffer.toString('utf8', start, Math.min(end, start + 80))}`);
      this.removedLeft = match[2] === undefined ? 1 : Number(match[2]);
      this.addedLeft = match[4] === undefined ? 1 : Number(match[4]);
      commit.startHunk(Number(match[1]), this.removedLeft, Number(match[3]), this.addedLeft);
      if (this.removedLeft + this.addedLeft > 0) this.state = 'hunk';
      return;
    }
    if (startsWithAt(buffer, start, end, BINARY)) commit.markBinary();
    // Anything else is an extended header (index, mode, rename, similarity) or "\ No newline at end of file".
  }

  private hunkLine(buffer: Buffer, start: number, end: number): void {
    const kind = buffer[start];
    if (kind === MINUS && this.removedLeft > 0) {
      this.removedLeft--;
      this.current!.removedLine(buffer, start + 1, end);
    } else if (kind === PLUS && this.addedLeft > 0) {
      this.addedLeft--;
      this.current!.addedLine(buffer, start + 1, end);
    } else if (kind !== 0x5c /* \ No newline */) {
      throw new Error(`unexpected line in a hunk from git diff-tree: ${JSON.stringify(buffer.toString('utf8', start, Math.min(end, start + 80)))}`);
    }
    if (this.removedLeft === 0 && this.addedLeft === 0) this.state = 'patch';
  }

  private finishCommit(): void {
    if (this.current) this.onCommit(this.current.build());
    this.current = undefined;
  }
}

/** The length of the sha at `at` when a commit's sha followed by NUL starts there. */
function shaAt(buffer: Buffer, at: number): number | undefined {
  for (const length of [40, 64]) {
    if (buffer.length > at + length && buffer[at + length] === NUL && isHex(buffer, at, at + length)) return length;
  }
  return undefined;
}

function isHex(buffer: Buffer, start: number, end: number): boolean {
  for (let k = start; k < end; k++) {
    const byte = buffer[k]!;
    if (!((byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66))) return false;
  }
  return true;
}

/** Collects one commit's entries, patches, hunks and lines into flat arrays. */
class CommitBuilder {
  entries: DiffEntry[] = [];
  private patches: FilePatch[] = [];
  /** Grown as needed and kept from commit to commit (`build` copies them out): most commits are small. */
  private hunks = new Int32Array(8 * HUNK_FIELDS);
  private hunkCount = 0;
  private hashes = new Int32Array(64);
  private flags = new Uint8Array(64);
  private lineCount = 0;
  private removedAt = 0;
  private addedAt = 0;
  private markers: readonly Buffer[] = [];

  constructor(public sha: string) {}

  /** Starts the next commit. */
  reset(sha: string): this {
    this.sha = sha;
    this.entries = [];
    this.patches = [];
    this.hunkCount = 0;
    this.lineCount = 0;
    return this;
  }

  startPatch(sameEntry: boolean): void {
    const previous = this.patches[this.patches.length - 1];
    const entry = sameEntry && previous ? previous.entry : (previous?.entry ?? -1) + 1;
    const described = this.entries[entry];
    if (!described) throw new Error(`git diff-tree printed more patches than files for commit ${this.sha}`);
    this.markers = commentMarkersOf(described.path);
    this.patches.push({ entry, binary: false, firstHunk: this.hunkCount, hunkCount: 0 });
  }

  markBinary(): void {
    const patch = this.patches[this.patches.length - 1];
    if (patch) patch.binary = true;
  }

  startHunk(oldStart: number, oldCount: number, newStart: number, newCount: number): void {
    const patch = this.patches[this.patches.length - 1];
    if (!patch) throw new Error(`git diff-tree printed a hunk outside a file for commit ${this.sha}`);
    if ((this.hunkCount + 1) * HUNK_FIELDS > this.hunks.length) this.hunks = grown(this.hunks, (this.hunkCount + 1) * HUNK_FIELDS);
    this.removedAt = this.lineCount;
    this.addedAt = this.lineCount + oldCount;
    this.lineCount += oldCount + newCount;
    if (this.lineCount > this.hashes.length) {
      this.hashes = grown(this.hashes, this.lineCount);
      this.flags = grown(this.flags, this.lineCount);
    }
    const at = this.hunkCount * HUNK_FIELDS;
    this.hunks[at] = oldStart;
    this.hunks[at + 1] = oldCount;
    this.hunks[at + 2] = newStart;
    this.hunks[at + 3] = newCount;
    this.hunks[at + 4] = this.removedAt;
    this.hunks[at + 5] = this.addedAt;
    this.hunkCount++;
    patch.hunkCount++;
  }

  removedLine(buffer: Buffer, start: number, end: number): void {
    this.line(this.removedAt++, buffer, start, end);
  }

  addedLine(buffer: Buffer, start: number, end: number): void {
    this.line(this.addedAt++, buffer, start, end);
  }

  private line(at: number, buffer: Buffer, start: number, end: number): void {
    this.hashes[at] = lineHash(buffer, start, end);
    this.flags[at] = isMeaningful(buffer, start, end, this.markers) ? 1 : 0;
  }

  build(): CommitDiff {
    return {
      sha: this.sha,
      entries: this.entries,
      patches: this.patches,
      hunks: this.hunks.slice(0, this.hunkCount * HUNK_FIELDS),
      lineHashes: this.hashes.slice(0, this.lineCount),
      meaningful: this.flags.slice(0, this.lineCount),
    };
  }
}

function grown<T extends Int32Array | Uint8Array>(array: T, needed: number): T {
  const next = (array instanceof Int32Array ? new Int32Array(Math.max(needed, array.length * 2)) : new Uint8Array(Math.max(needed, array.length * 2))) as T;
  next.set(array);
  return next;
}

import type { LoggedCommit } from './logStream';

/**
 * What git says, and nothing the team's rules decide: which commits touched which file identities.
 * Rules (fix patterns, ignored paths, bulk size) are applied when reading, so editing
 * `.changerisk/config.yaml` never forces re-reading the history.
 *
 * This is also what the cache stores, so it is compact: typed arrays and a few long strings load as
 * a handful of copies, where a hundred thousand small arrays and strings would keep the garbage
 * collector busy on every start.
 */
export interface HistoryData {
  head: string | undefined;
  shallow: boolean;
  commitCount: number;
  /** Every commit's sha as ASCII hex, concatenated; each is `shaLength` bytes. */
  shas: Uint8Array;
  shaLength: number;
  /** Author time per commit, unix seconds. */
  times: Uint32Array;
  authorOfCommit: Uint32Array;
  /**
   * Every commit's message as UTF-8, concatenated; commit i's is the bytes from `messageOffsets[i]`
   * to `messageOffsets[i + 1]`. Bytes, not one long string: they load as a copy and are decoded only
   * for the few messages shown (classification is cached separately).
   */
  messages: Uint8Array;
  messageOffsets: Uint32Array;
  /** File identities commit i touched: `commitFileIds[commitFileOffsets[i] … commitFileOffsets[i + 1])`. */
  commitFileOffsets: Uint32Array;
  commitFileIds: Uint32Array;
  /** The same lists the other way round, commits oldest first: file f's are `fileCommitIds[fileCommitOffsets[f] … fileCommitOffsets[f + 1])`. */
  fileCommitOffsets: Uint32Array;
  fileCommitIds: Uint32Array;
  authorNames: string[];
  authorEmails: string[];
  /** The current path of each file identity, or the last one if it was deleted. */
  filePaths: string[];
  fileAlive: Uint8Array;
  /** Path → identity of each file alive at the indexed commit (stored, so a warm start need not rebuild it). */
  liveFileIds: Map<string, number>;
  /** Earlier paths of renamed files, oldest first. */
  formerPaths: Map<number, string[]>;
}

/**
 * Applies commits, oldest first, following renames forward so a file keeps one identity through
 * every move — a refactoring project moves files all the time. Starts empty or from a loaded index
 * (to add only new commits), and produces a new compact index.
 */
export class HistoryBuilder {
  private readonly shaParts: Uint8Array[];
  private readonly times: AppendOnly;
  private readonly authorOfCommit: AppendOnly;
  private readonly messageParts: Uint8Array[];
  private readonly messageOffsets: AppendOnly;
  private messageLength: number;
  private readonly commitFileOffsets: AppendOnly;
  private readonly commitFileIds: AppendOnly;
  private readonly authorNames: string[];
  private readonly authorEmails: string[];
  private readonly authorIndex = new Map<string, number>();
  private readonly filePaths: string[];
  private readonly fileAlive: number[];
  private readonly formerPathsOf: Map<number, string[]>;
  /** Path in the newest applied commit → file identity: exactly the alive files under their `filePaths`. */
  private readonly livePaths: Map<string, number>;
  /** A path a file was renamed away from → that file, so late changes made on an old branch still land on it. */
  private readonly renamedAway = new Map<string, number>();
  private shaLength: number;

  constructor(readonly shallow: boolean, from?: HistoryData) {
    this.shaParts = from ? [from.shas] : [];
    this.shaLength = from?.shaLength ?? 40;
    this.times = new AppendOnly(from?.times);
    this.authorOfCommit = new AppendOnly(from?.authorOfCommit);
    this.messageParts = from ? [from.messages] : [];
    this.messageOffsets = new AppendOnly(from?.messageOffsets ?? Uint32Array.of(0));
    this.messageLength = from?.messages.byteLength ?? 0;
    this.commitFileOffsets = new AppendOnly(from?.commitFileOffsets ?? Uint32Array.of(0));
    this.commitFileIds = new AppendOnly(from?.commitFileIds);
    this.authorNames = from ? [...from.authorNames] : [];
    this.authorEmails = from ? [...from.authorEmails] : [];
    this.authorEmails.forEach((email, index) => this.authorIndex.set(email, index));
    this.filePaths = from ? [...from.filePaths] : [];
    this.fileAlive = from ? Array.from(from.fileAlive) : [];
    this.formerPathsOf = new Map([...(from?.formerPaths ?? [])].map(([id, paths]) => [id, [...paths]]));
    this.livePaths = new Map(from?.liveFileIds);
    for (const [id, paths] of this.formerPathsOf) for (const path of paths) this.renamedAway.set(path, id);
  }

  get commitCount(): number {
    return this.times.length;
  }

  apply(commit: LoggedCommit): void {
    const touched: number[] = [];
    for (const change of commit.changes) {
      const id = this.fileFor(change.status, change.path, change.from);
      if (!touched.includes(id)) touched.push(id);
    }
    if (this.times.length === 0) this.shaLength = commit.sha.length;
    this.shaParts.push(Buffer.from(commit.sha, 'latin1'));
    this.times.push(commit.time);
    this.authorOfCommit.push(this.author(commit.authorName, commit.authorEmail));
    const message = Buffer.from(commit.message, 'utf8');
    this.messageParts.push(message);
    this.messageLength += message.byteLength;
    this.messageOffsets.push(this.messageLength);
    for (const id of touched) this.commitFileIds.push(id);
    this.commitFileOffsets.push(this.commitFileIds.length);
  }

  build(head: string | undefined): HistoryData {
    const commitFileOffsets = this.commitFileOffsets.toArray();
    const commitFileIds = this.commitFileIds.toArray();
    const [fileCommitOffsets, fileCommitIds] = invertCommitFiles(commitFileOffsets, commitFileIds, this.filePaths.length);
    return {
      head,
      shallow: this.shallow,
      commitCount: this.times.length,
      shas: concatBytes(this.shaParts),
      shaLength: this.shaLength,
      times: this.times.toArray(),
      authorOfCommit: this.authorOfCommit.toArray(),
      messages: concatBytes(this.messageParts),
      messageOffsets: this.messageOffsets.toArray(),
      commitFileOffsets,
      commitFileIds,
      fileCommitOffsets,
      fileCommitIds,
      // Copies: the builder may go on applying commits after a snapshot.
      authorNames: [...this.authorNames],
      authorEmails: [...this.authorEmails],
      filePaths: [...this.filePaths],
      fileAlive: Uint8Array.from(this.fileAlive),
      liveFileIds: new Map(this.livePaths),
      formerPaths: new Map([...this.formerPathsOf].map(([id, paths]) => [id, [...paths]])),
    };
  }

  private fileFor(status: string, path: string, from: string | undefined): number {
    switch (status) {
      case 'R': {
        const id = this.livePaths.get(from!) ?? this.renamedAway.get(from!) ?? this.create(from!);
        // A file found under a name it had before (renamed on another branch) leaves its current name.
        if (this.livePaths.get(this.filePaths[id]!) === id) this.livePaths.delete(this.filePaths[id]!);
        this.livePaths.delete(from!);
        this.renamedAway.set(from!, id);
        this.retire(this.livePaths.get(path));
        this.livePaths.set(path, id);
        const former = this.formerPathsOf.get(id);
        if (former) former.push(from!);
        else this.formerPathsOf.set(id, [from!]);
        this.filePaths[id] = path;
        this.fileAlive[id] = 1;
        return id;
      }
      case 'D': {
        const id = this.livePaths.get(path) ?? this.renamedAway.get(path) ?? this.create(path);
        if (this.filePaths[id] === path) this.retire(id);
        return id;
      }
      case 'A':
      case 'C':
        this.retire(this.livePaths.get(path));
        return this.create(path);
      default:
        // A change to a path that was renamed away on another branch belongs to the renamed file.
        return this.livePaths.get(path) ?? this.renamedAway.get(path) ?? this.create(path);
    }
  }

  private create(path: string): number {
    const id = this.filePaths.length;
    this.filePaths.push(path);
    this.fileAlive.push(1);
    this.livePaths.set(path, id);
    return id;
  }

  private retire(id: number | undefined): void {
    if (id === undefined) return;
    this.fileAlive[id] = 0;
    this.livePaths.delete(this.filePaths[id]!);
  }

  private author(name: string, email: string): number {
    const key = email || name;
    let index = this.authorIndex.get(key);
    if (index === undefined) {
      index = this.authorEmails.length;
      this.authorEmails.push(key);
      this.authorNames.push(name);
      this.authorIndex.set(key, index);
    } else {
      this.authorNames[index] = name;
    }
    return index;
  }
}

/** One plain Uint8Array of exactly these bytes (v8.serialize stores a view's whole buffer). */
function concatBytes(parts: Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.byteLength;
  }
  return joined;
}

/**
 * A list of unsigned 32-bit numbers that only grows: a loaded index's array is kept as it is and
 * new values go behind it, so adding a few commits to a large index copies it once, with `set`.
 */
class AppendOnly {
  private readonly tail: number[] = [];

  constructor(private readonly prefix: Uint32Array = new Uint32Array(0)) {}

  get length(): number {
    return this.prefix.length + this.tail.length;
  }

  push(value: number): void {
    this.tail.push(value);
  }

  toArray(): Uint32Array {
    const all = new Uint32Array(this.length);
    all.set(this.prefix);
    all.set(this.tail, this.prefix.length);
    return all;
  }
}

/** File → commits lists from the commit → files lists, as two flat arrays (offsets and ids), commits oldest first. */
function invertCommitFiles(commitFileOffsets: Uint32Array, commitFileIds: Uint32Array, fileCount: number): [Uint32Array, Uint32Array] {
  const commitCount = commitFileOffsets.length - 1;
  const offsets = new Uint32Array(fileCount + 1);
  for (let k = 0; k < commitFileIds.length; k++) offsets[commitFileIds[k]! + 1]!++;
  for (let id = 0; id < fileCount; id++) offsets[id + 1]! += offsets[id]!;
  const ids = new Uint32Array(commitFileIds.length);
  const next = offsets.slice(0, fileCount);
  for (let commit = 0; commit < commitCount; commit++) {
    for (let k = commitFileOffsets[commit]!; k < commitFileOffsets[commit + 1]!; k++) ids[next[commitFileIds[k]!]!++] = commit;
  }
  return [offsets, ids];
}

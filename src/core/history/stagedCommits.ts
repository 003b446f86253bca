/**
 * Commits read from git, held compactly until the order to apply them in is known (the full read
 * learns it only once both git processes have met). Held as they arrive — a commit object, an
 * object and a string per changed file — 73,000 commits were 1.5 million small objects that every
 * young-generation collection copied, half the reader's CPU; here they are a few flat arrays, the
 * distinct paths and the distinct authors, and what git handed over becomes garbage at once.
 */
import { GrowingArray } from './indexContainers';
import type { ChangeStatus, LoggedCommit } from './logStream';

const STATUSES: readonly ChangeStatus[] = ['A', 'M', 'D', 'R', 'C', 'T'];
const STATUS_CODE = new Map(STATUSES.map((status, code) => [status, code]));
/** Per change: its status, its path and the path it came from (+1; 0 when none). */
const CHANGE_WORDS = 3;

export class StagedCommits {
  /** Hex digits per sha (40, or 64 in a SHA-256 repository), from the first commit. */
  shaLength = 40;
  private readonly shas = GrowingArray.continuing(new Uint8Array(0), false);
  private readonly times = GrowingArray.continuing(new Uint32Array(0), false);
  private readonly authorOf = GrowingArray.continuing(new Uint32Array(0), false);
  private readonly messages = GrowingArray.continuing(new Uint8Array(0), false);
  private readonly messageOffsets = GrowingArray.continuing(Uint32Array.of(0), false);
  private readonly changes = GrowingArray.continuing(new Uint32Array(0), false);
  private readonly changeOffsets = GrowingArray.continuing(Uint32Array.of(0), false);
  private readonly pathIds = new Map<string, number>();
  private readonly paths: string[] = [];
  private readonly authorIds = new Map<string, number>();
  private readonly authorNames: string[] = [];
  private readonly authorEmails: string[] = [];

  /** How many commits are held; the next one added gets this number. */
  get count(): number {
    return this.times.length;
  }

  /** Bytes of all messages held (UTF-8), to size the index's array for them. */
  get messageBytes(): number {
    return this.messages.length;
  }

  /** File changes of all commits held. */
  get changeCount(): number {
    return this.changes.length / CHANGE_WORDS;
  }

  /** Holds `commit`; returns its number. */
  add(commit: LoggedCommit): number {
    const number = this.times.length;
    if (number === 0) this.shaLength = commit.sha.length;
    this.shas.pushText(commit.sha, 'hex');
    this.times.push(commit.time);
    this.authorOf.push(this.authorId(commit.authorName, commit.authorEmail));
    this.messages.pushText(commit.message, 'utf8');
    this.messageOffsets.push(this.messages.length);
    for (const change of commit.changes) {
      this.changes.push(STATUS_CODE.get(change.status)!);
      this.changes.push(this.pathId(change.path));
      this.changes.push(change.from === undefined ? 0 : this.pathId(change.from) + 1);
    }
    this.changeOffsets.push(this.changes.length / CHANGE_WORDS);
    return number;
  }

  time(commit: number): number {
    return this.times.at(commit);
  }

  sha(commit: number): Uint8Array {
    const bytes = this.shaLength / 2;
    return this.shas.range(commit * bytes, (commit + 1) * bytes);
  }

  message(commit: number): Uint8Array {
    return this.messages.range(this.messageOffsets.at(commit), this.messageOffsets.at(commit + 1));
  }

  authorName(commit: number): string {
    return this.authorNames[this.authorOf.at(commit)]!;
  }

  authorEmail(commit: number): string {
    return this.authorEmails[this.authorOf.at(commit)]!;
  }

  /** The changes of `commit` are `firstChange(commit)` up to (not including) `firstChange(commit + 1)`. */
  firstChange(commit: number): number {
    return this.changeOffsets.at(commit);
  }

  status(change: number): ChangeStatus {
    return STATUSES[this.changes.at(change * CHANGE_WORDS)]!;
  }

  path(change: number): string {
    return this.paths[this.changes.at(change * CHANGE_WORDS + 1)]!;
  }

  /** The path a renamed or copied file came from. */
  from(change: number): string | undefined {
    const from = this.changes.at(change * CHANGE_WORDS + 2);
    return from === 0 ? undefined : this.paths[from - 1];
  }

  private pathId(path: string): number {
    let id = this.pathIds.get(path);
    if (id === undefined) {
      id = this.paths.length;
      this.pathIds.set(path, id);
      this.paths.push(path);
    }
    return id;
  }

  private authorId(name: string, email: string): number {
    const key = `${email}\0${name}`;
    let id = this.authorIds.get(key);
    if (id === undefined) {
      id = this.authorNames.length;
      this.authorIds.set(key, id);
      this.authorNames.push(name);
      this.authorEmails.push(email);
    }
    return id;
  }
}

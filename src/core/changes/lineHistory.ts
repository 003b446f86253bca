import type { History } from '../history/history';
import type { ChangeLineData } from './changeData';
import { HUNK_FIELDS, type CommitDiff, type DiffEntry } from './diffStream';
import type { MergedFile } from './mergedFiles';
import { NO_OWNER, placeHunk, spliceLines, type FileLines, type PlacedHunk } from './lineOwners';
import { append, increment, take, takeFirst, type Queue } from './ownerQueues';

/** "Recently" for `recentlyFixedLinesTouched`: lines written by trouble commits at most this long before. */
export const RECENT_FIX_SECONDS = 180 * 86_400;

/** Links are keyed by inducing × this + fixing: commits stay far below it, and the key below 2^53. */
const LINK_KEY = 2 ** 26;

/** One version of a file (its blob) with the owners of its lines. */
export interface FileVersion {
  blob: string;
  lines: FileLines;
  /** Author time (unix seconds) of the commit the pass had reached when it made this version. */
  madeAt: number;
}

/**
 * What the pass left for the next extension: per tracked file identity its last versions, most
 * recent first. A few are kept because branches start from older ones.
 */
export type LineState = Map<number, FileVersion[]>;

/** What the pass does with a path's diffs: follow its lines, only count them, or leave it out (counts 0). */
export type PathUse = 'followed' | 'counted' | 'skipped';

/**
 * Versions kept per file: always the last few, and older ones while a branch may still start from them
 * (made within `BRANCH_DAYS`), up to a cap. A diff from a version no longer kept is fitted to the latest
 * one, and the file then drifts until a merge rebuilds it: on lobsters, keeping the last 6 only left 563
 * of 15,479 hunks unplaced over the whole history, and 41 of its 1,245 SZZ links unfound.
 */
export const KEPT_VERSIONS = 6;
export const MAX_KEPT_VERSIONS = 40;
const BRANCH_DAYS = 365;

export interface LinePassStats {
  /** Hunks that remove lines, and those whose removed lines were not found where git (or a nearby offset) said. */
  removingHunks: number;
  unplacedHunks: number;
  /** Diff entries matched to no file identity of the index (should stay 0). */
  unmatchedEntries: number;
  /** Diffs starting from a version of a file no longer kept (a long-lived branch, a merge not rebuilt). */
  inexactBases: number;
  /** Files merges made anew, rebuilt from their blobs. */
  rebuiltMergedFiles: number;
}

/**
 * The forward blame: applies each commit's diff, in the index's order, to the lines of the files it
 * touches, and records as it goes the line counts, the SZZ links and the recently-fixed lines touched
 * (see `ChangeLineData`). Everything about commit i is decided from commits up to i only, so a pass
 * extended with new commits equals a pass over all of them.
 *
 * Ownership, per added line: a line whose text (without whitespace) was removed elsewhere in the same
 * commit keeps that line's owner (a move, a re-indent: like `git blame -w -M`, roughly); otherwise a
 * counted commit owns it, and a bot, bulk or ignored commit passes ownership through: the k-th line
 * it adds in a hunk gets the owner of the k-th line it removed there (a reformat, a rename of a
 * constant), and lines beyond those it removed get no owner (no one to blame for them). A merge's
 * own diff is not applied (it holds the branch's commits, applied on their own, and any conflict
 * resolution, whose lines then keep their branch owner or drift; see `placeHunk`).
 */
export class LineHistory {
  private readonly added: Uint32Array;
  private readonly deleted: Uint32Array;
  private readonly links: Map<number, number>;
  private readonly recentLines: Uint32Array;
  private readonly recentFixes: Uint32Array;
  private readonly files: LineState;
  private next: number;
  private merges: ReadonlyMap<number, readonly MergedFile[]> = new Map();
  private blobLines: ReadonlyMap<string, Int32Array> = new Map();
  private pathIds: Map<string, number[]> | undefined;
  private readonly firstCommit: number;
  /** A pass that starts late: the lines of the files at the start by blob, their counts by identity, and the identities met since. */
  private startBlobs: ReadonlyMap<string, Int32Array> = new Map();
  private readonly startLines: Map<number, number>;
  private readonly startMet = new Set<number>();
  /** The latest author time of the commits applied so far (see `FileVersion.madeAt`). */
  private clock = 0;
  readonly stats: LinePassStats = { removingHunks: 0, unplacedHunks: 0, unmatchedEntries: 0, inexactBases: 0, rebuiltMergedFiles: 0 };

  /** `useOf` per path, asked once. */
  private readonly pathUses = new Map<string, PathUse>();

  constructor(
    private readonly history: History,
    private readonly useOf: (path: string) => PathUse,
    from?: { data: ChangeLineData; files: LineState },
    /** Without `from`: the commit to start at instead of the first (then `setStartFiles` before the first diff). */
    startCommit?: number,
  ) {
    const { commitCount, commitFileIds } = history.data;
    this.added = new Uint32Array(commitFileIds.length);
    this.deleted = new Uint32Array(commitFileIds.length);
    this.recentLines = new Uint32Array(commitCount);
    this.recentFixes = new Uint32Array(commitCount);
    this.links = new Map();
    this.files = from?.files ?? new Map();
    this.next = from?.data.commitCount ?? startCommit ?? 0;
    this.firstCommit = from ? (from.data.firstCommit ?? 0) : (startCommit ?? 0);
    // The clock a pass over the commits before would have reached (an extension trims versions as a fresh pass does).
    for (let commit = 0; commit < this.next; commit++) this.clock = Math.max(this.clock, history.data.times[commit]!);
    const startLines = from?.data.startLines;
    this.startLines = new Map(startLines ? Array.from(startLines.files, (file, k) => [file, startLines.lines[k]!]) : []);
    if (from) {
      this.added.set(from.data.added);
      this.deleted.set(from.data.deleted);
      this.recentLines.set(from.data.recentlyFixedLinesTouched);
      this.recentFixes.set(from.data.recentFixesTouched);
      from.data.inducing.forEach((inducing, k) => this.links.set(inducing * LINK_KEY + from.data.fixing[k]!, from.data.blamedLines[k]!));
    }
  }

  /**
   * For a pass that starts late: the files as they stood at its start (`readStartFiles`), or, when it
   * extends a late pass, at that pass's last commit — where the files no commit touched since the start
   * still stand as they did then.
   */
  setStartFiles(files: { blobLines: ReadonlyMap<string, Int32Array>; paths: ReadonlyArray<readonly [path: string, blob: string]> }): void {
    this.startBlobs = files.blobLines;
    // A file no commit since the start touches still has its path at HEAD (a rename or a deletion is a touch).
    for (const [path, blob] of files.paths) {
      const id = this.history.fileId(path);
      if (id !== undefined && !this.startLines.has(id)) this.startLines.set(id, files.blobLines.get(blob)?.length ?? 0);
    }
  }

  private use(path: string): PathUse {
    let use = this.pathUses.get(path);
    if (use === undefined) this.pathUses.set(path, (use = this.useOf(path)));
    return use;
  }

  /** The index of the commit the next diff must be of. */
  get nextCommit(): number {
    return this.next;
  }

  /**
   * The files merges made anew, by position in the index's order (a merge at position i comes after
   * commit i - 1), with the hashes of their lines: rebuilt when the pass gets there (see `rebuildMerged`).
   */
  setMerges(merges: ReadonlyMap<number, readonly MergedFile[]>, blobLines: ReadonlyMap<string, Int32Array>): void {
    this.merges = merges;
    this.blobLines = blobLines;
  }

  /** Rebuilds what the merges after the last commit applied made (a merge at HEAD). */
  finish(): void {
    this.rebuildMergesAt(this.next);
  }

  apply(diff: CommitDiff): void {
    const commit = this.next;
    if (commit >= this.history.commitCount || this.history.sha(commit) !== diff.sha) {
      throw new Error(`the diff of ${diff.sha} arrived where commit ${commit} of the history index was expected`);
    }
    this.rebuildMergesAt(commit);
    this.next++;
    this.clock = Math.max(this.clock, this.history.data.times[commit]!);
    const { history } = this;
    const { commitFileOffsets, commitFileIds } = history.data;
    const ids = this.entryIds(commit, diff.entries);
    const isFix = history.isFixCommit(commit) || history.commitRevertedBy(commit) !== undefined;
    const passThrough = !history.isCounted(commit);
    /** Each entry's lines before the commit: the version its diff starts from, when kept. */
    const bases = diff.entries.map((entry, k) => (entry.status === 'A' || ids[k] === undefined ? undefined : this.versionOf(ids[k]!, entry.oldBlob)));

    // Place every hunk in its file as it stood before the commit, and note the owners it removes.
    const placed: (PlacedHunk[] | undefined)[] = [];
    const removedOwners = new Map<number, Queue>();
    for (const patch of diff.patches) {
      const id = ids[patch.entry];
      const use = this.use(diff.entries[patch.entry]!.path);
      const position = id === undefined || use === 'skipped' ? -1 : positionOf(commitFileIds, commitFileOffsets[commit]!, commitFileOffsets[commit + 1]!, id);
      const hunks: PlacedHunk[] | undefined = id !== undefined && !patch.binary && use === 'followed' ? [] : undefined;
      const lines = bases[patch.entry];
      let lowest = 0;
      let drift = 0;
      for (let h = patch.firstHunk; h < patch.firstHunk + patch.hunkCount; h++) {
        const fields = h * HUNK_FIELDS;
        const oldStart = diff.hunks[fields]!;
        const oldCount = diff.hunks[fields + 1]!;
        const newCount = diff.hunks[fields + 3]!;
        const removedAt = diff.hunks[fields + 4]!;
        if (position >= 0) {
          this.added[position]! += newCount;
          this.deleted[position]! += oldCount;
        }
        if (!hunks) continue;
        const expected = (oldCount === 0 ? oldStart : oldStart - 1) + drift;
        const hunk = placeHunk(lines, expected, oldCount, diff.lineHashes, removedAt, lowest);
        if (oldCount > 0) {
          this.stats.removingHunks++;
          if (hunk.verified) drift = hunk.at - (oldStart - 1);
          else this.stats.unplacedHunks++;
        }
        lowest = hunk.at + hunk.removed;
        hunks.push(hunk);
        if (hunk.verified) for (let k = 0; k < hunk.removed; k++) append(removedOwners, diff.lineHashes[removedAt + k]!, lines!.owners[hunk.at + k]!);
      }
      placed.push(hunks);
    }

    // Blame the owners of the lines it really changed: said something, and were not just moved or re-spaced.
    const touchedTrouble = new Set<number>();
    let addedTexts: Map<number, number> | undefined;
    diff.patches.forEach((patch, p) => {
      const hunks = placed[p];
      const lines = bases[patch.entry];
      if (!hunks || !lines) return;
      hunks.forEach((hunk, k) => {
        if (!hunk.verified) return;
        const removedAt = diff.hunks[(patch.firstHunk + k) * HUNK_FIELDS + 4]!;
        for (let line = 0; line < hunk.removed; line++) {
          const owner = lines.owners[hunk.at + line]!;
          if (diff.meaningful[removedAt + line] === 0 || owner === NO_OWNER || owner === commit) continue;
          if (!isFix && !this.isKnownTrouble(owner, commit)) continue;
          if (take((addedTexts ??= addedLineTexts(diff)), diff.lineHashes[removedAt + line]!)) continue;
          if (isFix) increment(this.links, owner * LINK_KEY + commit);
          if (this.isKnownTrouble(owner, commit) && history.data.times[commit]! - history.data.times[owner]! <= RECENT_FIX_SECONDS) {
            this.recentLines[commit]!++;
            touchedTrouble.add(owner);
          }
        }
      });
    });
    this.recentFixes[commit] = touchedTrouble.size;
    const reverted = history.commitRevertedBy(commit);
    if (reverted !== undefined && !this.links.has(reverted * LINK_KEY + commit)) this.links.set(reverted * LINK_KEY + commit, 0);

    // Apply the lines: who owns each added line (see the class comment). A type change's two patches apply in turn.
    const after = new Map<number, FileLines | undefined>();
    /** The owner of each added line, at its place among the diff's lines (removed ones' places unused). */
    let owners: Uint32Array | undefined;
    diff.patches.forEach((patch, p) => {
      const hunks = placed[p];
      if (!hunks) {
        if (patch.binary && ids[patch.entry] !== undefined) this.files.delete(ids[patch.entry]!);
        return;
      }
      owners ??= new Uint32Array(diff.lineHashes.length);
      const lines = bases[patch.entry];
      const starts: number[] = [];
      const counts: number[] = [];
      hunks.forEach((hunk, k) => {
        const fields = (patch.firstHunk + k) * HUNK_FIELDS;
        const newCount = diff.hunks[fields + 3]!;
        const addedAt = diff.hunks[fields + 5]!;
        for (let line = 0; line < newCount; line++) {
          const inherited = takeFirst(removedOwners, diff.lineHashes[addedAt + line]!);
          if (inherited !== undefined) owners![addedAt + line] = inherited;
          else if (!passThrough) owners![addedAt + line] = commit;
          else owners![addedAt + line] = hunk.verified && line < hunk.removed ? lines!.owners[hunk.at + line]! : NO_OWNER;
        }
        starts.push(addedAt);
        counts.push(newCount);
      });
      after.set(patch.entry, spliceLines(after.has(patch.entry) ? after.get(patch.entry) : lines, hunks, { starts, counts, owners, hashes: diff.lineHashes }));
    });
    for (const [entry, lines] of after) this.keepVersion(ids[entry]!, diff.entries[entry]!.newBlob, lines!);
    diff.entries.forEach((entry, k) => {
      if (entry.status === 'D' && ids[k] !== undefined) this.files.delete(ids[k]!);
    });
  }

  private rebuildMergesAt(position: number): void {
    for (const file of this.merges.get(position) ?? []) this.rebuildMerged(file);
  }

  /**
   * The lines of a file a merge made anew (both sides changed it): their hashes are read from the
   * merged blob, and each line's owner is that of a line with the same text in the first parent's
   * version, else in another parent's (first unused one first, in order), else none (a conflict
   * resolution's own line). Commits after the merge then start from exactly this version.
   */
  private rebuildMerged(file: MergedFile): void {
    const hashes = this.blobLines.get(file.blob);
    if (!hashes || this.use(file.path) !== 'followed') return;
    const id = this.idsWithPath(file.path).find((candidate) => this.files.get(candidate)?.some((version) => file.parentBlobs.includes(version.blob)));
    if (id === undefined) return;
    const versions = this.files.get(id)!;
    const parents = file.parentBlobs.flatMap((blob) => versions.find((version) => version.blob === blob)?.lines ?? []);
    const queues = parents.map((lines) => {
      const queue = new Map<number, Queue>();
      lines.hashes.forEach((hash, k) => append(queue, hash, lines.owners[k]!));
      return queue;
    });
    const owners = Uint32Array.from(hashes, (hash) => {
      for (const queue of queues) {
        const owner = takeFirst(queue, hash);
        if (owner !== undefined) return owner;
      }
      return NO_OWNER;
    });
    this.stats.rebuiltMergedFiles++;
    this.keepVersion(id, file.blob, { owners, hashes });
  }

  private idsWithPath(path: string): number[] {
    if (!this.pathIds) {
      this.pathIds = new Map();
      const { filePaths, formerPaths } = this.history.data;
      const add = (at: string, id: number) => {
        const ids = this.pathIds!.get(at);
        if (ids) ids.push(id);
        else this.pathIds!.set(at, [id]);
      };
      filePaths.forEach((at, id) => add(at, id));
      for (const [id, paths] of formerPaths) for (const at of paths) add(at, id);
    }
    return this.pathIds.get(path) ?? [];
  }

  /**
   * A file's lines as they stood in the version `blob`: exact when that version is kept (a branch's
   * commit starts from the version its branch had, whatever the first-parent line did since), else
   * the latest version followed, which `placeHunk` fits the diff to as well as it can.
   */
  private versionOf(id: number, blob: string): FileLines | undefined {
    const versions = this.files.get(id);
    if (!versions) return this.atStart(id, blob);
    const exact = versions.find((version) => version.blob === blob);
    if (!exact) this.stats.inexactBases++;
    return (exact ?? versions[0]!).lines;
  }

  /**
   * A file first met by a pass that started late, in a version that stood at the start: its lines, no
   * one's (what wrote them was not read), and their count noted for "lines in the touched files".
   */
  private atStart(id: number, blob: string): FileLines | undefined {
    const hashes = this.startBlobs.get(blob);
    if (!hashes || this.startMet.has(id)) return undefined;
    this.startMet.add(id);
    this.startLines.set(id, hashes.length);
    return { owners: new Uint32Array(hashes.length).fill(NO_OWNER), hashes };
  }

  private keepVersion(id: number, blob: string, lines: FileLines): void {
    const versions = (this.files.get(id) ?? []).filter((version) => version.blob !== blob);
    versions.unshift({ blob, lines, madeAt: this.clock });
    let kept = Math.min(versions.length, MAX_KEPT_VERSIONS);
    while (kept > KEPT_VERSIONS && this.clock - versions[kept - 1]!.madeAt > BRANCH_DAYS * 86_400) kept--;
    versions.length = kept;
    this.files.set(id, versions);
  }

  /** The data so far, over the commits applied. */
  build(): ChangeLineData {
    const keys = [...this.links.keys()].sort((a, b) => a - b);
    const commitCount = this.next;
    const fileCount = this.history.data.commitFileOffsets[commitCount]!;
    const started = [...this.startLines.keys()].sort((a, b) => a - b);
    return {
      commitCount,
      head: commitCount === this.history.commitCount ? this.history.data.head : undefined,
      ...(this.firstCommit > 0 ? { firstCommit: this.firstCommit, startLines: { files: Uint32Array.from(started), lines: Uint32Array.from(started, (file) => this.startLines.get(file)!) } } : {}),
      added: this.added.slice(0, fileCount),
      deleted: this.deleted.slice(0, fileCount),
      inducing: Uint32Array.from(keys, (key) => Math.floor(key / LINK_KEY)),
      fixing: Uint32Array.from(keys, (key) => key % LINK_KEY),
      blamedLines: Uint32Array.from(keys, (key) => this.links.get(key)!),
      recentlyFixedLinesTouched: this.recentLines.slice(0, commitCount),
      recentFixesTouched: this.recentFixes.slice(0, commitCount),
    };
  }

  /** The lines of every tracked file as they stand, for the cache (shared, not copied: read it before applying more). */
  state(): LineState {
    return this.files;
  }

  /**
   * Whether the lines of `owner` were known as trouble when `commit` was made: a fix or a revert, or a
   * commit reverted by then (a revert after `commit` is the future, which a feature must not see).
   */
  private isKnownTrouble(owner: number, commit: number): boolean {
    const revertedBy = this.history.revertOfCommit(owner);
    return this.history.isFixCommit(owner) || this.history.commitRevertedBy(owner) !== undefined || (revertedBy !== undefined && revertedBy < commit);
  }

  /**
   * The file identity of each raw entry: the index's entry at the same position when the lists match
   * (git reports both in the same order) and it had that path, else the identity the commit touched
   * under that path, else the one at the same position.
   */
  private entryIds(commit: number, entries: readonly DiffEntry[]): (number | undefined)[] {
    const { commitFileOffsets, commitFileIds, filePaths, formerPaths } = this.history.data;
    const start = commitFileOffsets[commit]!;
    const end = commitFileOffsets[commit + 1]!;
    const hadPath = (id: number, path: string) => filePaths[id] === path || (formerPaths.get(id)?.includes(path) ?? false);
    let byPath: Map<string, number> | undefined;
    return entries.map((entry, k) => {
      if (end - start === entries.length && hadPath(commitFileIds[start + k]!, entry.path)) return commitFileIds[start + k]!;
      if (!byPath) {
        byPath = new Map();
        for (let at = start; at < end; at++) {
          const id = commitFileIds[at]!;
          for (const path of [filePaths[id]!, ...(formerPaths.get(id) ?? [])]) if (!byPath.has(path)) byPath.set(path, id);
        }
      }
      // A path the index filed under another identity (a change to a path renamed away on another branch): by position.
      const id = byPath.get(entry.path) ?? (end - start === entries.length ? commitFileIds[start + k] : undefined);
      if (id === undefined) this.stats.unmatchedEntries++;
      return id;
    });
  }
}

/** How many added lines of the commit have each text (hash), to tell a moved or re-spaced line from a changed one. */
function addedLineTexts(diff: CommitDiff): Map<number, number> {
  const texts = new Map<number, number>();
  for (let h = 0; h < diff.hunks.length / HUNK_FIELDS; h++) {
    const addedAt = diff.hunks[h * HUNK_FIELDS + 5]!;
    for (let k = 0; k < diff.hunks[h * HUNK_FIELDS + 3]!; k++) increment(texts, diff.lineHashes[addedAt + k]!);
  }
  return texts;
}

function positionOf(ids: Uint32Array, start: number, end: number, id: number): number {
  for (let at = start; at < end; at++) if (ids[at] === id) return at;
  return -1;
}

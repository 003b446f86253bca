/**
 * The containers the history index is built in: growing typed arrays, maps laid over a loaded index
 * (so extending it copies and decodes none of it), the sorted list of live paths, and the file →
 * commits lists. Kept apart from `HistoryBuilder`, which decides what goes into them.
 */

/**
 * Where `path` is among `ids` ordered by `paths[id]`: its position, or `-(insertion point) - 1`
 * when it is not there.
 */
export function findPath(ids: Uint32Array, paths: readonly string[], path: string): number {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const at = paths[ids[middle]!]!;
    if (at === path) return middle;
    if (at < path) low = middle + 1;
    else high = middle;
  }
  return -low - 1;
}

/**
 * A map over a loaded index's (which is decoded only when a key is not found here), so continuing a
 * large index copies none of it, and usually never decodes it.
 */
export class Overlay<K, V> {
  private readonly changes = new Map<K, V>();

  constructor(private readonly loaded?: () => ReadonlyMap<K, V>) {}

  get(key: K): V | undefined {
    return this.changes.has(key) ? this.changes.get(key) : this.loaded?.().get(key);
  }

  set(key: K, value: V): void {
    this.changes.set(key, value);
  }

  /** The whole map as it stands now, put together when first asked for. */
  snapshot(): () => ReadonlyMap<K, V> {
    const changes = new Map(this.changes);
    let whole: ReadonlyMap<K, V> | undefined;
    return () => (whole ??= new Map([...(this.loaded?.() ?? []), ...changes]));
  }
}

/**
 * The paths of the alive files → their identities: a loaded index's list sorted by path, and a map
 * of what changed since, so extending a large index with a few commits neither builds a map of every
 * path nor sorts them all again.
 */
export class LiveFiles {
  /** Path → identity, or undefined where a file of the loaded list is no longer alive under that path. */
  private readonly changes = new Map<string, number | undefined>();

  constructor(
    private readonly loadedIds: Uint32Array = new Uint32Array(0),
    /** The paths the loaded list is ordered by (a loaded index's, which nothing changes). */
    private readonly loadedPaths: readonly string[] = [],
  ) {}

  get(path: string): number | undefined {
    // One look-up for a path changed here before (the common case); `has` only tells a retired one.
    const changed = this.changes.get(path);
    if (changed !== undefined || this.changes.has(path)) return changed;
    const position = findPath(this.loadedIds, this.loadedPaths, path);
    return position < 0 ? undefined : this.loadedIds[position];
  }

  set(path: string, id: number): void {
    this.changes.set(path, id);
  }

  delete(path: string): void {
    if (findPath(this.loadedIds, this.loadedPaths, path) >= 0) this.changes.set(path, undefined);
    else this.changes.delete(path);
  }

  /** Every alive identity, in order of its path. */
  sortedIds(): Uint32Array {
    const changedPositions = new Set<number>();
    for (const path of this.changes.keys()) {
      const position = findPath(this.loadedIds, this.loadedPaths, path);
      if (position >= 0) changedPositions.add(position);
    }
    const addedPaths = [...this.changes].flatMap(([path, id]) => (id === undefined ? [] : [path])).sort();
    const merged = new Uint32Array(this.loadedIds.length - changedPositions.size + addedPaths.length);
    let kept = 0;
    let added = 0;
    for (let at = 0; at < merged.length; at++) {
      while (changedPositions.has(kept)) kept++;
      if (added < addedPaths.length && (kept >= this.loadedIds.length || addedPaths[added]! < this.loadedPaths[this.loadedIds[kept]!]!)) {
        merged[at] = this.changes.get(addedPaths[added++]!)!;
      } else {
        merged[at] = this.loadedIds[kept++]!;
      }
    }
    return merged;
  }
}

/**
 * A typed array that only grows at the end, with room to spare, so appending a few values to a
 * large array copies nothing. `view()` shows the values so far; later appends never change them.
 */
export class GrowingArray<T extends Uint8Array | Uint32Array> {
  /** `array` seen as a Buffer, for `pushText`; made on first use, dropped when the array grows. */
  private bytes: Buffer | undefined;

  private constructor(
    private array: T,
    public length: number,
  ) {}

  /**
   * Continues `values`: in place, using the spare room of its buffer behind it, when the caller owns
   * that buffer; otherwise in a copy made on the first append.
   */
  static continuing<T extends Uint8Array | Uint32Array>(values: T, inPlace: boolean): GrowingArray<T> {
    if (!inPlace) return new GrowingArray(values, values.length);
    const room = (values.buffer.byteLength - values.byteOffset) / values.BYTES_PER_ELEMENT;
    const whole = values.BYTES_PER_ELEMENT === 1 ? new Uint8Array(values.buffer, values.byteOffset, room) : new Uint32Array(values.buffer, values.byteOffset, room);
    return new GrowingArray(whole as T, values.length);
  }

  push(value: number): void {
    if (this.length === this.array.length) this.grow(1);
    this.array[this.length++] = value;
  }

  pushAll(values: ArrayLike<number>): void {
    if (this.length + values.length > this.array.length) this.grow(values.length);
    this.array.set(values, this.length);
    this.length += values.length;
  }

  /**
   * Appends `text` encoded as UTF-8 or as the bytes its hex digits spell, written straight into the
   * array (a byte array): no buffer per call, which for 73,000 shas and messages was most of what
   * applying a commit allocated.
   */
  pushText(text: string, encoding: 'utf8' | 'hex'): void {
    let most = encoding === 'hex' ? text.length >>> 1 : text.length;
    // A character may take up to three bytes: count them exactly only when the room might not do.
    if (encoding === 'utf8' && this.length + text.length * 3 > this.array.length) most = Buffer.byteLength(text, 'utf8');
    if (this.length + most > this.array.length) this.grow(most);
    this.bytes ??= Buffer.from(this.array.buffer, this.array.byteOffset, this.array.byteLength);
    this.length += this.bytes.write(text, this.length, encoding);
  }

  view(): T {
    return this.array.subarray(0, this.length) as T;
  }

  /** Sets value `index` (below `length`). */
  set(index: number, value: number): void {
    this.array[index] = value;
  }

  /** Value `index` (below `length`), with no view made. */
  at(index: number): number {
    return this.array[index]!;
  }

  /** Values `start` up to `end` (at most `length`), as a view. */
  range(start: number, end: number): T {
    return this.array.subarray(start, end) as T;
  }

  /** Room for `more` values behind the current ones. */
  reserve(more: number): void {
    if (this.length + more > this.array.length) this.grow(more);
  }

  private grow(needed: number): void {
    // Doubling: an array grown from empty to 20 MB (the messages a full read holds) copies 20 MB in all, against 40 MB at 1.5 times.
    const capacity = Math.max(this.length + needed, this.array.length * 2, 1024);
    const grown = (this.array.BYTES_PER_ELEMENT === 1 ? new Uint8Array(capacity) : new Uint32Array(capacity)) as T;
    grown.set(this.view());
    this.array = grown;
    this.bytes = undefined;
  }
}

/** File → commits lists covering the first `commits` commits. */
export interface Inversion {
  commits: number;
  offsets: Uint32Array;
  ids: Uint32Array;
}

/**
 * The file → commits lists of every commit in `commitFileOffsets`/`commitFileIds`, from those of the
 * first `base.commits`: each file's old list is kept (copied in runs between the files new commits
 * touched) and the new commits go behind it, so the lists stay oldest first.
 */
export function extendInversion(base: Inversion, commitFileOffsets: Uint32Array, commitFileIds: Uint32Array, fileCount: number): Inversion {
  const commitCount = commitFileOffsets.length - 1;
  const baseFiles = base.offsets.length - 1;
  if (base.commits === commitCount && baseFiles === fileCount) return base;
  const added = new Uint32Array(fileCount);
  for (let k = commitFileOffsets[base.commits]!; k < commitFileIds.length; k++) added[commitFileIds[k]!]!++;
  const baseOffset = (file: number) => base.offsets[Math.min(file, baseFiles)]!;
  const offsets = new Uint32Array(fileCount + 1);
  for (let file = 0; file < fileCount; file++) offsets[file + 1] = offsets[file]! + baseOffset(file + 1) - baseOffset(file) + added[file]!;
  const ids = new Uint32Array(offsets[fileCount]!);
  // Between two files with new commits, every old list moves by the same amount: one copy per run.
  let runStart = 0;
  for (let file = 0; file <= fileCount; file++) {
    if (file < fileCount && added[file] === 0) continue;
    ids.set(base.ids.subarray(baseOffset(runStart), baseOffset(file + 1)), offsets[runStart]!);
    runStart = file + 1;
  }
  const next = new Uint32Array(fileCount);
  for (let file = 0; file < fileCount; file++) next[file] = offsets[file + 1]! - added[file]!;
  for (let commit = base.commits; commit < commitCount; commit++) {
    for (let k = commitFileOffsets[commit]!; k < commitFileOffsets[commit + 1]!; k++) ids[next[commitFileIds[k]!]!++] = commit;
  }
  return { commits: commitCount, offsets, ids };
}


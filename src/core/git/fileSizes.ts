import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { compareText } from '../history/history';
import { CancelledError, streamGitTokens } from './gitProcess';
import { cachedHeads, ensureCacheFolder, replaceCacheFile, type Repository } from './repository';
import { blobSizes, listTree, type TreeFile } from './tree';

export type FileSizesSource = 'cache' | 'incremental' | 'full';

/**
 * Bytes of each file in HEAD's tree, kept as paths in sorted order (JavaScript's default order, as
 * `History.liveFiles` has them) next to their sizes: a sorted list is looked up by merging with
 * another, with no map of twenty thousand strings to hash on every start.
 */
export class FileSizes {
  private constructor(
    readonly paths: readonly string[],
    readonly bytes: Float64Array,
    readonly source: FileSizesSource,
    /** Why a cached file of sizes was discarded in this run, for the user. */
    readonly rebuildReason?: string,
  ) {}

  /** The same sizes, saying why the cache could not be used. */
  discarding(reason: string | undefined): FileSizes {
    return reason ? new FileSizes(this.paths, this.bytes, this.source, reason) : this;
  }

  static sorted(paths: readonly string[], bytes: Float64Array, source: FileSizesSource): FileSizes {
    return new FileSizes(paths, bytes, source);
  }

  /** The sizes of a tree's files, as `listTree` lists them. */
  static ofTree(files: readonly TreeFile[], source: FileSizesSource): FileSizes {
    const sorted = [...files].sort((a, b) => compareText(a.path, b.path));
    return new FileSizes(
      sorted.map((file) => file.path),
      Float64Array.from(sorted, (file) => file.bytes),
      source,
    );
  }

  get(file: string): number | undefined {
    let low = 0;
    let high = this.paths.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.paths[middle]! < file) low = middle + 1;
      else high = middle;
    }
    return this.paths[low] === file ? this.bytes[low] : undefined;
  }

  /** The sizes of `sortedPaths` (sorted the same way), NaN where unknown, in one merging pass. */
  alignedTo(sortedPaths: readonly string[]): Float64Array {
    const aligned = new Float64Array(sortedPaths.length).fill(Number.NaN);
    let at = 0;
    sortedPaths.forEach((file, i) => {
      while (at < this.paths.length && this.paths[at]! < file) at++;
      if (this.paths[at] === file) aligned[i] = this.bytes[at]!;
    });
    return aligned;
  }

  /** These sizes with `changes` applied (undefined: the file is gone), merged in order without re-sorting everything. */
  withChanges(changes: ReadonlyMap<string, number | undefined>, source: FileSizesSource): FileSizes {
    const changed = [...changes.keys()].sort();
    const paths: string[] = [];
    const bytes: number[] = [];
    const keep = (file: string, size: number | undefined) => {
      if (size === undefined) return;
      paths.push(file);
      bytes.push(size);
    };
    let at = 0;
    for (const file of changed) {
      while (at < this.paths.length && this.paths[at]! < file) keep(this.paths[at]!, this.bytes[at++]);
      if (this.paths[at] === file) at++;
      keep(file, changes.get(file));
    }
    while (at < this.paths.length) keep(this.paths[at]!, this.bytes[at++]);
    return new FileSizes(paths, Float64Array.from(bytes), source);
  }
}

/**
 * Bumped whenever the cached shape changes, so an old file is never misread. The file: magic and
 * format (4 bytes each, little-endian), the SHA-256 of the rest (32), then the v8-serialised
 * `StoredSizes`, deserialised only once the digest matches: a flipped bit in a size would silently
 * change a file's score per size, and v8 takes any bytes for a value.
 */
const SIZES_FORMAT = 2;
const SIZES_MAGIC = 0x5a535243;
const SIZES_PREFIX = 8;
const DIGEST_BYTES = 32;
const CACHED_HEADS_KEPT = 3;
const SUFFIX = '.sizes';
const NO_BLOB = /^0+$/;

interface StoredSizes {
  format: number;
  head: string;
  /** The paths in sorted order joined by NUL: one string deserialises far faster than twenty thousand. */
  paths: string;
  bytes: Float64Array;
}

/**
 * The size of every file in HEAD's tree. Listing a large tree costs git a few hundred milliseconds
 * (more than a warm start may take), so the sizes are cached per HEAD in `cacheFolder`, and a new
 * HEAD starts from the latest cached one: only the blobs that differ between the two trees are
 * looked up. Any tree will do as the starting point, an ancestor or not.
 */
export async function fileSizesAt(
  repository: Repository,
  cacheFolder: string | undefined,
  options: { signal?: AbortSignal; previous?: { head: string; sizes: FileSizes } } = {},
): Promise<FileSizes> {
  const { head, root } = repository;
  const { signal, previous } = options;
  if (!head) return FileSizes.ofTree([], 'full');
  const cache = cacheFolder ? new SizesCache(cacheFolder) : undefined;
  const sizes = await sizesAt(root, head, cache, previous, signal);
  return sizes.discarding(cache?.damage.join('; ') || undefined);
}

async function sizesAt(root: string, head: string, cache: SizesCache | undefined, previous: { head: string; sizes: FileSizes } | undefined, signal: AbortSignal | undefined): Promise<FileSizes> {
  if (previous && previous.head !== head) {
    const updated = await updateFrom(root, previous.head, previous.sizes, head, signal);
    if (updated) {
      cache?.write(head, updated);
      return updated;
    }
  }
  const exact = cache?.read(head, 'cache');
  if (exact) return exact;
  for (const candidate of cache?.heads() ?? []) {
    const updated = await updateFrom(root, candidate, cache!.read(candidate, 'incremental'), head, signal);
    if (!updated) continue;
    cache!.write(head, updated);
    return updated;
  }
  const sizes = FileSizes.ofTree(await listTree(root, head, signal), 'full');
  cache?.write(head, sizes);
  return sizes;
}

/** `known` (the sizes at `from`) brought to `head`, or undefined when `from` is unusable (garbage-collected after a rewrite). */
async function updateFrom(root: string, from: string, known: FileSizes | undefined, head: string, signal?: AbortSignal): Promise<FileSizes | undefined> {
  if (!known) return undefined;
  const changed: { path: string; blob: string | undefined }[] = [];
  let header: string | undefined;
  try {
    // "--raw -z": ":<old mode> <new mode> <old object> <new object> <status>" NUL "<path>" NUL, per changed file.
    await streamGitTokens(['-c', 'core.quotepath=false', 'diff-tree', '-r', '-z', '--no-renames', '--raw', from, head], { cwd: root, ...(signal ? { signal } : {}) }, (token) => {
      if (header === undefined) {
        header = token;
        return;
      }
      const [, newMode, , newObject] = header.split(' ');
      const isFile = newObject !== undefined && !NO_BLOB.test(newObject) && !newMode?.startsWith('160');
      changed.push({ path: token, blob: isFile ? newObject : undefined });
      header = undefined;
    });
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    return undefined;
  }
  const sizes = await blobSizes(root, changed.flatMap((file) => (file.blob ? [file.blob] : [])), signal);
  return known.withChanges(new Map(changed.map((file) => [file.path, file.blob ? sizes.get(file.blob) : undefined])), 'incremental');
}

/** One file per HEAD, the few most recent kept; a missing file is a cache miss, a damaged one is removed and said so. */
class SizesCache {
  /** What was wrong with the files found damaged (and removed) so far. */
  readonly damage: string[] = [];

  constructor(private readonly folder: string) {}

  /** Cached heads, most recently written first. */
  heads(): string[] {
    return cachedHeads(this.folder, SUFFIX);
  }

  read(head: string, source: FileSizesSource): FileSizes | undefined {
    const file = this.file(head);
    let problem: string;
    try {
      const bytes = fs.readFileSync(file);
      const sizes = bytes.length >= SIZES_PREFIX ? decode(bytes, head, source) : 'it is cut short';
      if (sizes instanceof FileSizes) return sizes;
      problem = sizes;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // No such file (or no such folder): nothing to report. Another process may have removed it meanwhile.
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      problem = `it cannot be read (${code ?? String(error)})`;
    }
    this.damage.push(`the cache file ${file} was discarded because ${problem}`);
    try {
      fs.rmSync(file, { force: true });
    } catch {
      // Not read again this run; the next write replaces what it can.
    }
    return undefined;
  }

  write(head: string, sizes: FileSizes): void {
    try {
      ensureCacheFolder(this.folder);
      const stored: StoredSizes = { format: SIZES_FORMAT, head, paths: sizes.paths.join('\0'), bytes: sizes.bytes };
      const payload = v8.serialize(stored);
      const prefix = Buffer.alloc(SIZES_PREFIX);
      prefix.writeUInt32LE(SIZES_MAGIC, 0);
      prefix.writeUInt32LE(SIZES_FORMAT, 4);
      const digest = crypto.createHash('sha256').update(prefix).update(payload).digest();
      const target = this.file(head);
      replaceCacheFile(target, (temporary) => fs.writeFileSync(temporary, Buffer.concat([prefix, digest, payload])));
      for (const stale of this.heads().slice(CACHED_HEADS_KEPT)) fs.rmSync(this.file(stale), { force: true });
    } catch {
      // An unwritable cache only costs the next run a full listing.
    }
  }

  private file(head: string): string {
    return path.join(this.folder, `${head}${SUFFIX}`);
  }
}

/** The sizes a cache file holds, or why it cannot be used. */
function decode(bytes: Buffer, head: string, source: FileSizesSource): FileSizes | string {
  if (bytes.readUInt32LE(0) !== SIZES_MAGIC || bytes.readUInt32LE(4) !== SIZES_FORMAT) return 'it was written by another version of Change Risk';
  if (bytes.length < SIZES_PREFIX + DIGEST_BYTES) return 'it is damaged (cut short)';
  const digest = crypto.createHash('sha256').update(bytes.subarray(0, SIZES_PREFIX)).update(bytes.subarray(SIZES_PREFIX + DIGEST_BYTES)).digest();
  if (!digest.equals(bytes.subarray(SIZES_PREFIX, SIZES_PREFIX + DIGEST_BYTES))) return 'it is damaged (checksum mismatch)';
  let stored: StoredSizes;
  try {
    stored = v8.deserialize(bytes.subarray(SIZES_PREFIX + DIGEST_BYTES)) as StoredSizes;
  } catch {
    return 'it is damaged (unreadable)';
  }
  if (stored?.format !== SIZES_FORMAT || typeof stored.paths !== 'string' || !(stored.bytes instanceof Float64Array)) return 'it is damaged (unexpected contents)';
  if (stored.head !== head) return `it holds the sizes of another commit (${String(stored.head).slice(0, 12)})`;
  const paths = stored.paths === '' ? [] : stored.paths.split('\0');
  return paths.length === stored.bytes.length ? FileSizes.sorted(paths, stored.bytes, source) : 'it is damaged (paths and sizes differ in number)';
}

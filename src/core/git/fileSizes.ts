import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { CancelledError, streamGitTokens } from './gitProcess';
import type { Repository } from './repository';
import { listTree } from './tree';

export type FileSizesSource = 'cache' | 'incremental' | 'full';

export interface FileSizes {
  /** Bytes of each file in HEAD's tree. */
  bytes: ReadonlyMap<string, number>;
  source: FileSizesSource;
}

/** Bumped whenever the cached shape changes, so an old file is never misread. */
const SIZES_FORMAT = 1;
const CACHED_HEADS_KEPT = 3;
/** More changed files than this are listed with the whole tree: one long command line costs more than it saves. */
const MOST_PATHS_ASKED = 1000;
const SUFFIX = '.sizes';

interface StoredSizes {
  format: number;
  head: string;
  paths: string[];
  bytes: Float64Array;
}

/**
 * The size of every file in HEAD's tree. Listing a large tree costs git a few hundred milliseconds
 * (more than a warm start may take), so the sizes are cached per HEAD in `cacheFolder`, and a new
 * HEAD starts from the latest cached one: only the files that differ between the two trees are asked
 * for. Any tree will do as the starting point, an ancestor or not.
 */
export async function fileSizesAt(repository: Repository, cacheFolder: string | undefined, signal?: AbortSignal): Promise<FileSizes> {
  const { head, root } = repository;
  if (!head) return { bytes: new Map(), source: 'full' };
  const cache = cacheFolder ? new SizesCache(cacheFolder) : undefined;
  const exact = cache?.read(head);
  if (exact) return { bytes: exact, source: 'cache' };
  for (const candidate of cache?.heads() ?? []) {
    const updated = await updateFrom(root, candidate, cache!.read(candidate), head, signal);
    if (!updated) continue;
    cache!.write(head, updated);
    return { bytes: updated, source: 'incremental' };
  }
  const bytes = new Map<string, number>();
  for (const file of await listTree(root, head, signal ? { signal } : {})) bytes.set(file.path, file.bytes);
  cache?.write(head, bytes);
  return { bytes, source: 'full' };
}

/** `known` (the sizes at `from`) brought to `head`, or undefined when `from` is unusable (garbage-collected, or too far away). */
async function updateFrom(root: string, from: string, known: Map<string, number> | undefined, head: string, signal?: AbortSignal): Promise<Map<string, number> | undefined> {
  if (!known) return undefined;
  const changed: string[] = [];
  try {
    await streamGitTokens(['-c', 'core.quotepath=false', 'diff-tree', '-r', '-z', '--no-renames', '--name-only', from, head], { cwd: root, ...(signal ? { signal } : {}) }, (token) => {
      if (token !== '') changed.push(token);
    });
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    return undefined;
  }
  if (changed.length > MOST_PATHS_ASKED) return undefined;
  const bytes = new Map(known);
  for (const file of changed) bytes.delete(file);
  if (changed.length > 0) for (const file of await listTree(root, head, { paths: changed, ...(signal ? { signal } : {}) })) bytes.set(file.path, file.bytes);
  return bytes;
}

/** One file per HEAD, the few most recent kept; a missing, old or unreadable file is a cache miss. */
class SizesCache {
  constructor(private readonly folder: string) {}

  /** Cached heads, most recently written first. */
  heads(): string[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.folder).filter((name) => name.endsWith(SUFFIX));
    } catch {
      return [];
    }
    return names
      .map((name) => ({ name, mtime: fs.statSync(path.join(this.folder, name)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime)
      .map(({ name }) => name.slice(0, -SUFFIX.length));
  }

  read(head: string): Map<string, number> | undefined {
    try {
      const stored = v8.deserialize(fs.readFileSync(this.file(head))) as StoredSizes;
      if (stored.format !== SIZES_FORMAT || stored.head !== head || stored.paths.length !== stored.bytes.length) return undefined;
      return new Map(stored.paths.map((file, i) => [file, stored.bytes[i]!]));
    } catch {
      return undefined;
    }
  }

  write(head: string, bytes: ReadonlyMap<string, number>): void {
    try {
      fs.mkdirSync(this.folder, { recursive: true });
      const stored: StoredSizes = { format: SIZES_FORMAT, head, paths: [...bytes.keys()], bytes: Float64Array.from(bytes.values()) };
      const target = this.file(head);
      const temporary = `${target}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, v8.serialize(stored));
      fs.renameSync(temporary, target);
      for (const stale of this.heads().slice(CACHED_HEADS_KEPT)) fs.rmSync(this.file(stale), { force: true });
    } catch {
      // An unwritable cache only costs the next run a full listing.
    }
  }

  private file(head: string): string {
    return path.join(this.folder, `${head}${SUFFIX}`);
  }
}

/**
 * Who last wrote each line of every tracked file, as the history pass goes forward: per file identity
 * two parallel arrays (owner commit, line hash), replaced whole when a commit changes the file.
 */

/** The owner of a line no counted commit wrote (added by a bot or bulk commit), or whose owner is unknown. */
export const NO_OWNER = 0xffffffff;

export interface FileLines {
  owners: Uint32Array;
  hashes: Int32Array;
}

/** A hunk placed in the file as it stood before the commit. */
export interface PlacedHunk {
  /** 0-based index of the first removed line, or of the line the additions go before. */
  at: number;
  removed: number;
  /** Whether the removed lines there are the ones the hunk names (their hashes match): only then are their owners known. */
  verified: boolean;
}

/** How far a hunk is looked for when the file here has drifted from git's (see `placeHunk`). */
const SEARCH_RADIUS = 2000;

/**
 * Where a hunk of `removed` lines (hashes `removedHashes[first …]`), which git places at `expected`,
 * stands in `lines`. The commits of a merged branch are applied after those of the first-parent line
 * that came before the merge, but their diffs are against the branch's own parent: where both changed
 * a file, git's line numbers are off by what the other side added or removed. So the removed lines
 * are checked where git says, then looked for nearby (the nearest match wins, like `patch` applying
 * at an offset); a hunk that adds only is put at the offset found for the one before.
 */
export function placeHunk(lines: FileLines | undefined, expected: number, removed: number, removedHashes: Int32Array, first: number, lowest: number): PlacedHunk {
  const length = lines?.hashes.length ?? 0;
  const clamp = (at: number) => Math.min(Math.max(at, lowest), length);
  if (!lines || removed === 0) return { at: clamp(expected), removed: 0, verified: removed === 0 && lines !== undefined };
  const matches = (at: number) => {
    if (at < lowest || at + removed > length) return false;
    for (let k = 0; k < removed; k++) if (lines.hashes[at + k] !== removedHashes[first + k]) return false;
    return true;
  };
  if (matches(expected)) return { at: expected, removed, verified: true };
  for (let distance = 1; distance <= SEARCH_RADIUS; distance++) {
    if (matches(expected - distance)) return { at: expected - distance, removed, verified: true };
    if (matches(expected + distance)) return { at: expected + distance, removed, verified: true };
    if (expected - distance < lowest && expected + distance + removed > length) break;
  }
  const at = clamp(expected);
  return { at, removed: Math.min(removed, length - at), verified: false };
}

/** The lines each hunk adds: `counts[k]` lines from `starts[k]` on in `owners` and `hashes` (arrays over the diff's lines). */
export interface AddedLines {
  starts: readonly number[];
  counts: readonly number[];
  owners: Uint32Array;
  hashes: Int32Array;
}

/**
 * The file after its hunks: each placed hunk's removed lines replaced by its added lines, with the
 * owners given. Hunks come in order and do not overlap (`placeHunk` is given the end of the previous one).
 */
export function spliceLines(lines: FileLines | undefined, hunks: readonly PlacedHunk[], added: AddedLines): FileLines {
  const before = lines ?? { owners: new Uint32Array(0), hashes: new Int32Array(0) };
  let length = before.owners.length;
  hunks.forEach((hunk, k) => (length += added.counts[k]! - hunk.removed));
  const owners = new Uint32Array(length);
  const hashes = new Int32Array(length);
  let read = 0;
  let write = 0;
  hunks.forEach((hunk, k) => {
    owners.set(before.owners.subarray(read, hunk.at), write);
    hashes.set(before.hashes.subarray(read, hunk.at), write);
    write += hunk.at - read;
    const start = added.starts[k]!;
    const count = added.counts[k]!;
    owners.set(added.owners.subarray(start, start + count), write);
    hashes.set(added.hashes.subarray(start, start + count), write);
    write += count;
    read = hunk.at + hunk.removed;
  });
  owners.set(before.owners.subarray(read), write);
  hashes.set(before.hashes.subarray(read), write);
  return { owners, hashes };
}

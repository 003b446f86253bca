/** "Did you mean" hints for misspelt keys. */

const MAX_NAME_LENGTH = 64;

/** The closest known name, if it is close enough to be a likely typo (case, separators or ≤ 2 edits). */
export function closestName(name: string, known: readonly string[]): string | undefined {
  // Edit distance costs the product of the lengths: a 100,000-character key is no typo of a 20-character one.
  if (name.length > MAX_NAME_LENGTH) return undefined;
  const wanted = normalise(name);
  const exact = known.find((candidate) => normalise(candidate) === wanted);
  if (exact) return exact;
  const limit = wanted.length <= 4 ? 1 : 2;
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(wanted, normalise(candidate));
    if (distance <= limit && (!best || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}

/** `root_cause`, `root-cause` and `rootcause` are all the same intent as `rootCause`. */
function normalise(name: string): string {
  return name.toLowerCase().replace(/[-_\s]/g, '');
}

/** Levenshtein distance with a single row of memory. */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

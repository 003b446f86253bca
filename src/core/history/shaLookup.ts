/**
 * Finds commits of an index by sha. A full sha is found by scanning the index's shas (1.5 MB on a
 * 73,000-commit history) the first few times, then through a table of them all, made once (about as
 * long as ten scans): a blame names a few hundred commits, a classification thousands of reverted
 * ones, and scanning for each held the editor's host thread for 140 ms on opening one file.
 */
import { findCommit, type HistoryData } from './historyData';

/** Full shas found by scanning before the table is made. */
const MAX_SHA_SCANS = 8;

export class ShaLookup {
  /** Commit numbers by the first 28 bits of their sha (a small integer); the rare commits sharing them are told apart by the whole sha. */
  private table: Map<number, number | number[]> | undefined;
  private scans = 0;

  constructor(private readonly data: Pick<HistoryData, 'shas' | 'shaLength' | 'commitCount'>) {}

  /** The commit `sha` names (whole, or abbreviated to at least 4 digits and unambiguous), in any case. */
  find(sha: string): number | undefined {
    const lower = sha.toLowerCase();
    if (lower.length !== this.data.shaLength || ++this.scans <= MAX_SHA_SCANS) return findCommit(this.data, lower);
    if (!/^[0-9a-f]+$/.test(lower)) return undefined;
    const found = this.tableOfShas().get(Number.parseInt(lower.slice(0, 7), 16));
    const bytes = this.data.shaLength / 2;
    const wanted = Buffer.from(lower, 'hex');
    for (const i of found === undefined ? [] : typeof found === 'number' ? [found] : found) {
      if (wanted.equals(this.data.shas.subarray(i * bytes, (i + 1) * bytes))) return i;
    }
    return undefined;
  }

  private tableOfShas(): Map<number, number | number[]> {
    if (this.table) return this.table;
    const table = new Map<number, number | number[]>();
    const bytes = this.data.shaLength / 2;
    const shas = this.data.shas;
    for (let i = this.data.commitCount - 1; i >= 0; i--) {
      const at = i * bytes;
      const key = ((shas[at]! << 20) | (shas[at + 1]! << 12) | (shas[at + 2]! << 4) | (shas[at + 3]! >>> 4)) >>> 0;
      const earlier = table.get(key);
      table.set(key, earlier === undefined ? i : typeof earlier === 'number' ? [i, earlier] : [i, ...earlier]);
    }
    return (this.table = table);
  }
}

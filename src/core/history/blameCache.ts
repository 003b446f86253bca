/**
 * `git blame` of a file, kept between runs: reopening a window on the same commit shows the marks of
 * the files it restores without blaming them again (a 0.5–2 s blame per file while the editor and its
 * other extensions start). What git said depends on HEAD, the revisions blame ignores, the file's path
 * and its text; the key is a digest of all four, so a kept answer is only ever used for the very same
 * question. It is checked before it is used (its checksum, its shape, and its lines against the text's),
 * and anything wrong in a file makes it ignored and removed.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureCacheFolder, replaceCacheFile } from '../git/repository';

/** Lines `start` … `start + lines - 1` (1-based) were last changed by `sha` (all zeros: not committed yet). */
export interface BlameEntry {
  sha: string;
  start: number;
  lines: number;
}

const FORMAT = 1;
/** Files kept per repository: the most recently written. */
const KEPT = 300;
const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

export class BlameCache {
  private writes = 0;

  /** `folder`: the repository's cache folder (see `repositoryCacheFolder`); blames go in its `blame/`. */
  constructor(folder: string) {
    this.folder = path.join(folder, 'blame');
  }

  private readonly folder: string;

  /** The key of blaming `file` with this `text` at `head`, ignoring `ignoredRevisions`. */
  static key(head: string, ignoredRevisions: readonly string[], file: string, text: Buffer | string): string {
    return crypto.createHash('sha256').update(`change-risk blame ${FORMAT}\0${head}\0${ignoredRevisions.join(' ')}\0${file}\0`).update(text).digest('hex');
  }

  /** The entries kept under `key`, when they are whole and fit a text of `lineCount` lines. */
  read(key: string, lineCount: number): BlameEntry[] | undefined {
    const file = path.join(this.folder, `${key}.json`);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
    const entries = parseEntries(text, lineCount);
    if (!entries) fs.rmSync(file, { force: true });
    return entries;
  }

  write(key: string, entries: readonly BlameEntry[]): void {
    try {
      ensureCacheFolder(this.folder);
      const rows = entries.map((entry) => [entry.sha, entry.start, entry.lines]);
      const body = JSON.stringify({ format: FORMAT, digest: digestOf(rows), entries: rows });
      replaceCacheFile(path.join(this.folder, `${key}.json`), (temporary) => fs.writeFileSync(temporary, body));
      if (++this.writes % 20 === 1) this.prune();
    } catch {
      // An unwritable cache only costs the next start a blame.
    }
  }

  /** Removes all but the `KEPT` most recently written files. */
  private prune(): void {
    const files = fs
      .readdirSync(this.folder)
      .filter((name) => name.endsWith('.json'))
      .flatMap((name) => {
        try {
          return [{ name, mtime: fs.statSync(path.join(this.folder, name)).mtimeMs }];
        } catch {
          return [];
        }
      });
    if (files.length <= KEPT) return;
    files.sort((a, b) => b.mtime - a.mtime);
    for (const { name } of files.slice(KEPT)) fs.rmSync(path.join(this.folder, name), { force: true });
  }
}

/** The text's entries, or undefined when anything in it is not what `write` writes for such a text. */
function parseEntries(text: string, lineCount: number): BlameEntry[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || (parsed as { format?: unknown }).format !== FORMAT) return undefined;
  const raw = (parsed as { entries?: unknown }).entries;
  if (!Array.isArray(raw) || (parsed as { digest?: unknown }).digest !== digestOf(raw)) return undefined;
  const entries: BlameEntry[] = [];
  for (const item of raw) {
    if (!Array.isArray(item) || item.length !== 3) return undefined;
    const [sha, start, lines] = item as unknown[];
    if (typeof sha !== 'string' || !SHA.test(sha) || !Number.isInteger(start) || !Number.isInteger(lines)) return undefined;
    if ((start as number) < 1 || (lines as number) < 1 || (start as number) + (lines as number) - 1 > lineCount) return undefined;
    entries.push({ sha, start: start as number, lines: lines as number });
  }
  return entries;
}

/** The SHA-256 of the entries as written: a file changed on disk (a flipped bit) is not used. */
function digestOf(rows: unknown[]): string {
  return crypto.createHash('sha256').update(JSON.stringify(rows)).digest('hex');
}

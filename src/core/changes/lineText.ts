/**
 * What the history pass needs to know of one line of a diff, read straight from git's bytes (never
 * decoded into a string: a long history has tens of millions of them): a hash of its text without
 * whitespace, and whether it says anything (not blank, not a comment).
 */

/** Comment markers at the start of a line (after indentation), by file extension (lower case). */
const HASH: readonly string[] = ['#'];
const SLASHES: readonly string[] = ['//', '/*', '*'];
const COMMENT_MARKERS: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  ...['rb', 'rake', 'gemspec', 'ru', 'thor', 'jbuilder', 'builder', 'yml', 'yaml', 'py', 'sh', 'bash', 'zsh', 'coffee', 'toml', 'r', 'pl', 'pm', 'cr', 'ex', 'exs', 'tf', 'conf', 'cfg', 'ini', 'properties', 'gitignore', 'dockerfile'].map(
    (extension) => [extension, HASH] as [string, readonly string[]],
  ),
  ...['js', 'jsx', 'ts', 'tsx', 'mjs', 'cjs', 'mts', 'cts', 'java', 'kt', 'kts', 'go', 'c', 'h', 'cc', 'cpp', 'hpp', 'cs', 'swift', 'rs', 'dart', 'scala', 'groovy', 'gradle', 'vue', 'svelte'].map(
    (extension) => [extension, SLASHES] as [string, readonly string[]],
  ),
  ...['css', 'scss', 'sass', 'less'].map((extension) => [extension, ['/*', '*', '//']] as [string, readonly string[]]),
  ['php', ['//', '/*', '*', '#']],
  ...['erb', 'rhtml'].map((extension) => [extension, ['<%#', '<!--']] as [string, readonly string[]]),
  ...['html', 'htm', 'xml', 'svg'].map((extension) => [extension, ['<!--']] as [string, readonly string[]]),
  ['haml', ['-#', '/']],
  ['slim', ['/']],
  ['sql', ['--']],
  ['lua', ['--']],
  ['hs', ['--']],
]);

/** File names without an extension that are Ruby (or shell) and so take `#` comments. */
const HASH_NAMES = new Set(['gemfile', 'rakefile', 'guardfile', 'capfile', 'podfile', 'brewfile', 'vagrantfile', 'makefile', 'procfile', 'dockerfile']);

const NONE: readonly string[] = [];

/** The comment markers of a path's language, as bytes; none for unknown kinds (every non-blank line then counts). */
export function commentMarkersOf(path: string): readonly Buffer[] {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const dot = name.lastIndexOf('.');
  const markers = dot > 0 ? (COMMENT_MARKERS.get(name.slice(dot + 1)) ?? NONE) : HASH_NAMES.has(name) ? HASH : NONE;
  let bytes = MARKER_BYTES.get(markers);
  if (!bytes) MARKER_BYTES.set(markers, (bytes = markers.map((marker) => Buffer.from(marker, 'latin1'))));
  return bytes;
}

/** The markers of each language as bytes, made once per list (a history has a few kinds of files, and millions of diffs). */
const MARKER_BYTES = new Map<readonly string[], readonly Buffer[]>();

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0d || byte === 0x0b || byte === 0x0c;
}

/**
 * FNV-1a over the line's bytes `[start, end)` leaving out every whitespace byte, so lines that differ
 * only in indentation or spacing hash alike. Shifted to 30 bits so V8 keeps it a small integer.
 */
export function lineHash(bytes: Buffer, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let at = start; at < end; at++) {
    const byte = bytes[at]!;
    if (isSpace(byte)) continue;
    hash = Math.imul(hash ^ byte, 0x01000193);
  }
  return hash >>> 2;
}

/** Whether the line `[start, end)` says anything: neither blank nor a comment by `markers`. */
export function isMeaningful(bytes: Buffer, start: number, end: number, markers: readonly Buffer[]): boolean {
  let at = start;
  while (at < end && isSpace(bytes[at]!)) at++;
  if (at === end) return false;
  for (const marker of markers) if (startsWithAt(bytes, at, end, marker)) return false;
  return true;
}

/** Whether `bytes[at, end)` starts with `prefix`: compared in place (a native compare costs more than these few bytes). */
export function startsWithAt(bytes: Uint8Array, at: number, end: number, prefix: Uint8Array): boolean {
  if (end - at < prefix.length) return false;
  for (let k = 0; k < prefix.length; k++) if (bytes[at + k] !== prefix[k]) return false;
  return true;
}

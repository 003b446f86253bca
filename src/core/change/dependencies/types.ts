/**
 * Dependencies by name: what one lockfile or manifest says is installed, and how two of its texts differ.
 * Shared by the per-format readers (bundler, npm, yarn, pnpm) and the comparison.
 */

export type Ecosystem = 'rubygems' | 'npm';
export type Manager = 'bundler' | 'npm' | 'yarn' | 'pnpm';

/**
 * How far the highest version moved. `changed`: the versions are not comparable (git sources, tags, file
 * links, a requirement with no version) or only a git revision or an extra copy changed.
 */
export type Bump = 'major' | 'minor' | 'patch' | 'prerelease' | 'changed';

export interface DependencyChange {
  ecosystem: Ecosystem;
  manager: Manager;
  /** Repo-relative path of the lockfile or manifest the change was read from. */
  file: string;
  /** `lockfile`: resolved versions; `manifest`: requirements as written in Gemfile / package.json. */
  source: 'lockfile' | 'manifest';
  /** The name the project installs it under (an npm alias's own name; see `aliasOf`). */
  name: string;
  /** The registry package an npm alias (`"x": "npm:y@^1"`) stands for. */
  aliasOf?: string;
  change: 'added' | 'removed' | 'updated';
  /** Sorted versions (lockfile) or requirements (manifest) before; absent when added. */
  from?: string[];
  /** Sorted versions or requirements after; absent when removed. */
  to?: string[];
  /** Present when updated. */
  bump?: Bump;
  /** Some new version is outside the caret range of every old one (0.x → 0.y counts; non-semver never does). */
  major: boolean;
  /** The highest version went down. */
  downgrade?: boolean;
  /** Named by the project (Gemfile DEPENDENCIES, package.json, pnpm importers), not only pulled in by another package. */
  direct: boolean;
}

/** One side (old or new text) of a lockfile or manifest, as a reader sees it. */
export interface Snapshot {
  /** Name → versions (lockfile) or requirements (manifest). */
  packages: Map<string, Set<string>>;
  /** Names the project itself depends on. */
  direct: Set<string>;
  /** Install name → registry name, for npm aliases. */
  aliases: Map<string, string>;
  /** What could not be read, each naming file, line and field; the rest of the text is still read. */
  problems: string[];
}

export function emptySnapshot(): Snapshot {
  return { packages: new Map(), direct: new Set(), aliases: new Map(), problems: [] };
}

export function addVersion(snapshot: Snapshot, name: string, version: string): void {
  let versions = snapshot.packages.get(name);
  if (!versions) snapshot.packages.set(name, (versions = new Set()));
  versions.add(version);
}

/** Problems are capped so a garbage file of a million bad lines yields a short report, not a second copy of it. */
export const MAX_PROBLEMS = 20;

export function addProblem(snapshot: Snapshot, problem: string): void {
  if (snapshot.problems.length < MAX_PROBLEMS) snapshot.problems.push(problem);
  else if (snapshot.problems.length === MAX_PROBLEMS) snapshot.problems.push('… further problems not listed');
}

/** The 1-based line of a character offset, for problems in JSON texts. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * No line of a real lockfile or manifest comes near this (the longest are yarn keys listing a few dozen
 * ranges); a longer one is skipped with a problem, which keeps every per-line pattern cheap.
 */
export const MAX_LINE = 64 * 1024;

/**
 * Calls `onLine(line, number)` for each line without its terminator (LF or CRLF), without splitting the text
 * into an array. Lines over MAX_LINE are reported as problems of `file` instead.
 */
export function forEachLine(text: string, file: string, snapshot: Snapshot, onLine: (line: string, number: number) => void): void {
  let start = 0;
  let number = 1;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    if (end - start > MAX_LINE) {
      addProblem(snapshot, `${file} line ${number}: longer than ${MAX_LINE} characters; skipped`);
      start = end + 1;
      number++;
      continue;
    }
    const line = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
    if (end < text.length || line.length > 0) onLine(line, number);
    start = end + 1;
    number++;
  }
}

/**
 * `forEachLine` over the lines that hold content: blank lines (and `#` comments, for the YAML-like locks) skipped, a
 * git merge-conflict marker reported as a problem of `file` — what every lock reader would otherwise repeat.
 */
export function forEachContentLine(text: string, file: string, snapshot: Snapshot, skipComments: boolean, onLine: (line: string, number: number) => void): void {
  forEachLine(text, file, snapshot, (line, number) => {
    if (line.trim() === '' || (skipComments && line.trimStart().startsWith('#'))) return;
    if (/^(<{7}|={7}|>{7})/.test(line)) return addProblem(snapshot, `${file} line ${number}: merge conflict marker`);
    onLine(line, number);
  });
}

/** Strips one pair of YAML quotes ('x' or "x"). */
export function unquote(value: string): string {
  const trimmed = value.trim();
  if (trimmed.length >= 2 && (trimmed[0] === '"' || trimmed[0] === "'") && trimmed.endsWith(trimmed[0]!)) return trimmed.slice(1, -1);
  return trimmed;
}

/** Splits an npm descriptor `name@range` (name may be `@scope/name`) at the `@` that ends the name. */
export function splitDescriptor(descriptor: string): { name: string; range: string } | undefined {
  const at = descriptor.indexOf('@', 1);
  if (at <= 0) return undefined;
  return { name: descriptor.slice(0, at), range: descriptor.slice(at + 1) };
}

/**
 * npm: `package-lock.json` (lockfileVersion 1, 2 and 3) and `package.json`. Both are JSON, so JSON.parse
 * (native, linear) does the reading; this walks the result without recursion, so a deep v1 tree cannot
 * overflow the stack.
 */
import { addProblem, addVersion, emptySnapshot, lineAt, MAX_PROBLEMS, splitDescriptor, type Snapshot } from './types';

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Parses JSON; a syntax error becomes a problem naming the line, not an exception. */
export function parseJson(text: string, file: string, snapshot: Snapshot): Json | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (isObject(value)) return value;
    addProblem(snapshot, `${file} line 1: expected a JSON object`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    const line = /line (\d+)/.exec(message)?.[1] ?? (position ? String(lineAt(text, Number(position[1]))) : '?');
    addProblem(snapshot, `${file} line ${line}: not valid JSON (${message.replace(/\s*\(line \d+ column \d+\)/, '').slice(0, 120)})`);
  }
  return undefined;
}

/** A problem about one key of a JSON lockfile, with the line its key first appears on. */
function keyProblem(snapshot: Snapshot, text: string, file: string, key: string, what: string): void {
  // Finding the line scans the text: only for problems that will be listed, or a lock of bad entries is quadratic.
  if (snapshot.problems.length > MAX_PROBLEMS) return;
  const offset = text.indexOf(JSON.stringify(key));
  addProblem(snapshot, `${file} line ${offset === -1 ? '?' : lineAt(text, offset)}: "${key.slice(0, 120)}" ${what}`);
}

/** The names a package.json (or a lock's root/workspace entry) depends on, with their requirements. */
function manifestDependencies(entry: Json): Array<[string, string]> {
  return DEPENDENCY_FIELDS.flatMap((field) => {
    const dependencies = entry[field];
    return isObject(dependencies) ? Object.entries(dependencies).map(([name, requirement]): [string, string] => [name, String(requirement)]) : [];
  });
}

export function readPackageLock(text: string, file = 'package-lock.json'): Snapshot {
  const snapshot = emptySnapshot();
  const lock = parseJson(text, file, snapshot);
  if (!lock) return snapshot;
  if (isObject(lock.packages)) readPackages(lock.packages, text, file, snapshot);
  else if (isObject(lock.dependencies)) readV1(lock.dependencies, text, file, snapshot);
  else if (!('lockfileVersion' in lock)) addProblem(snapshot, `${file} line 1: no "lockfileVersion", "packages" or "dependencies": not a package-lock.json`);
  return snapshot;
}

/** lockfileVersion 2 and 3: `packages` keyed by install path; `""` is the root project, other paths without `node_modules/` are workspaces. */
function readPackages(packages: Json, text: string, file: string, snapshot: Snapshot): void {
  for (const [key, entry] of Object.entries(packages)) {
    if (!isObject(entry)) {
      keyProblem(snapshot, text, file, key, 'is not an object');
      continue;
    }
    const at = key.lastIndexOf('node_modules/');
    if (at === -1) {
      for (const [name] of manifestDependencies(entry)) snapshot.direct.add(name);
      continue;
    }
    if (entry.link === true) continue; // a symlink to a workspace of this project, not a package
    const name = key.slice(at + 'node_modules/'.length);
    const version = versionOf(entry);
    if (!version) {
      keyProblem(snapshot, text, file, key, 'has no "version"');
      continue;
    }
    addVersion(snapshot, name, version);
    if (typeof entry.name === 'string' && entry.name !== name) snapshot.aliases.set(name, entry.name);
  }
}

/**
 * An entry's version; a git dependency's carries its commit (`1.2.0 (git 0123abc)`), since a new commit of the
 * same version is still a change. With no version, where it was resolved from stands in.
 */
function versionOf(entry: Json): string | undefined {
  const resolved = typeof entry.resolved === 'string' ? entry.resolved : undefined;
  if (typeof entry.version !== 'string') return resolved;
  const commit = resolved && /^(?:git\+|git:|github:)/.test(resolved) ? /#([0-9a-f]{7,64})$/.exec(resolved)?.[1] : undefined;
  return commit ? `${entry.version} (git ${commit.slice(0, 7)})` : entry.version;
}

/** lockfileVersion 1: nested `dependencies`; an alias's version reads `npm:real-name@1.2.3`. */
function readV1(dependencies: Json, text: string, file: string, snapshot: Snapshot): void {
  const stack: Json[] = [dependencies];
  while (stack.length > 0) {
    for (const [name, entry] of Object.entries(stack.pop()!)) {
      if (!isObject(entry) || typeof entry.version !== 'string') {
        keyProblem(snapshot, text, file, name, 'has no "version"');
        continue;
      }
      let version = entry.version;
      if (version.startsWith('npm:')) {
        const real = splitDescriptor(version.slice(4));
        if (real) {
          snapshot.aliases.set(name, real.name);
          version = real.range;
        }
      }
      addVersion(snapshot, name, version);
      if (isObject(entry.dependencies)) stack.push(entry.dependencies);
    }
  }
}

/** The requirements of a package.json, every dependency field together (a move from dev to prod is not a change). */
export function readPackageJson(text: string, file = 'package.json'): Snapshot {
  const snapshot = emptySnapshot();
  const manifest = parseJson(text, file, snapshot);
  if (!manifest) return snapshot;
  for (const [name, requirement] of manifestDependencies(manifest)) {
    addVersion(snapshot, name, requirement);
    snapshot.direct.add(name);
    if (requirement.startsWith('npm:')) {
      const real = splitDescriptor(requirement.slice(4));
      if (real) snapshot.aliases.set(name, real.name);
    }
  }
  return snapshot;
}

/** Names a package.json depends on, for locks that do not say (package-lock v1, yarn v1). */
export function packageJsonNames(text: string | undefined): Set<string> {
  if (text === undefined) return new Set();
  return readPackageJson(text).direct;
}

/**
 * pnpm: `pnpm-lock.yaml`, lockfileVersion 5.x, 6.x and 9.x, read line by line (a 20 MB lock is a few
 * hundred thousand lines; a YAML parser would build a document of all of them). What is read:
 * - `packages:` / `snapshots:` keys at 2 spaces: `/name/1.2.3_peer@1` (v5), `/name@1.2.3(peer@1)` (v6),
 *   `name@1.2.3(peer@1)` (v9); an entry's own `name:` / `version:` fields (tarball and git sources) win;
 * - direct dependencies: names under `dependencies:` / `devDependencies:` / `optionalDependencies:` of each
 *   importer (`importers:` → `  path:` → `    dependencies:` → `      name:`) or, in a single-project v5/v6
 *   lock, of the top level (`dependencies:` → `  name:`).
 */
import { addProblem, addVersion, emptySnapshot, forEachContentLine, splitDescriptor, unquote, type Snapshot } from './types';

const DEPENDENCY_SECTION = /^(dependencies|devDependencies|optionalDependencies):\s*$/;

interface PackageEntry {
  line: number;
  key: string;
  name?: string;
  version?: string;
}

export function readPnpmLock(text: string, file = 'pnpm-lock.yaml'): Snapshot {
  const snapshot = emptySnapshot();
  let section = '';
  let importerSection = false;
  let entry: PackageEntry | undefined;
  let sawVersion = false;
  const importers: Importers = { last: '' };
  const finish = () => {
    if (entry) finishEntry(entry, file, snapshot);
    entry = undefined;
  };
  forEachContentLine(text, file, snapshot, true, (line, number) => {
    if (!line.startsWith(' ')) {
      finish();
      const top = /^([A-Za-z]+):(?:\s+(.*))?$/.exec(line);
      if (!top) return addProblem(snapshot, `${file} line ${number}: "${line.slice(0, 80)}" is not a top-level key`);
      section = top[1]!;
      if (section === 'lockfileVersion') sawVersion = true;
      return;
    }
    if (section === 'packages' || section === 'snapshots') {
      if (/^ {2}\S/.test(line)) {
        finish();
        // `  key:` then fields, or `  key: {}` (a v9 snapshot with nothing to say)
        const end = line.endsWith(':') ? line.length - 1 : line.endsWith('}') ? line.indexOf(': {') : -1;
        if (end <= 2) return addProblem(snapshot, `${file} line ${number}: package key "${line.trim().slice(0, 80)}" is not "key:"`);
        entry = { line: number, key: unquote(line.slice(2, end)) };
      } else if (entry) {
        const field = /^ {4}(name|version): (.+)$/.exec(line);
        if (field) entry[field[1] as 'name' | 'version'] = unquote(field[2]!);
      }
    } else if (section === 'importers') {
      if (/^ {2}\S/.test(line)) importerSection = false; // the next importer's path
      else if (/^ {4}\S/.test(line)) importerSection = DEPENDENCY_SECTION.test(line.trim());
      else if (importerSection && /^ {6}\S/.test(line)) addDirect(line, importers, snapshot);
      else if (importerSection && /^ {8}version: /.test(line)) addAliasTarget(line, importers, snapshot);
    } else if (DEPENDENCY_SECTION.test(`${section}:`)) {
      if (/^ {2}\S/.test(line)) addDirect(line, importers, snapshot);
      else if (/^ {4}version: /.test(line)) addAliasTarget(line, importers, snapshot);
    }
  });
  finish();
  if (!sawVersion && text.trim() !== '') addProblem(snapshot, `${file} line 1: no "lockfileVersion"; not a pnpm-lock.yaml`);
  return snapshot;
}

interface Importers {
  /** The direct dependency whose `specifier:` / `version:` lines (v6, v9) follow. */
  last: string;
}

/** `name: 1.2.3` (v5) or `name:` followed by specifier/version (v6, v9). */
function addDirect(line: string, state: Importers, snapshot: Snapshot): void {
  const match = /^\s+('[^']+'|"[^"]+"|[^\s:'"]+):(?:\s+(.*))?$/.exec(line);
  if (!match) return;
  state.last = unquote(match[1]!);
  snapshot.direct.add(state.last);
  if (match[2]) aliasFromVersion(state.last, match[2], snapshot);
}

function addAliasTarget(line: string, state: Importers, snapshot: Snapshot): void {
  if (state.last) aliasFromVersion(state.last, line.replace(/^\s+version:\s*/, ''), snapshot);
}

/**
 * An importer's version names another package when the dependency is an alias (`/string-width/4.2.3` v5,
 * `/string-width@4.2.3` v6, `string-width@4.2.3` v9; a plain `4.2.3(peer@1)` names none): the packages
 * section knows only the real name, so that one is direct.
 */
function aliasFromVersion(name: string, version: string, snapshot: Snapshot): void {
  const value = unquote(version);
  if (value.startsWith('link:') || value.startsWith('file:')) return;
  const parsed = parseKey(value);
  if (parsed && parsed.name !== name) {
    snapshot.direct.add(parsed.name);
    snapshot.aliases.set(name, parsed.name);
  }
}

function finishEntry(entry: PackageEntry, file: string, snapshot: Snapshot): void {
  const parsed = parseKey(entry.key);
  const name = entry.name ?? parsed?.name;
  const version = entry.version ?? parsed?.version;
  if (!name || !version) return addProblem(snapshot, `${file} line ${entry.line}: package "${entry.key.slice(0, 80)}" names no name and version`);
  addVersion(snapshot, name, version);
}

/** `/@scope/name/1.2.3_peer@1` (v5), `/@scope/name@1.2.3(peer@1)` (v6), `@scope/name@1.2.3(peer@1)` (v9). */
export function parseKey(key: string): { name: string; version: string } | undefined {
  const bare = key.replace(/^\//, '').replace(/\(.*$/, '');
  const scoped = bare.startsWith('@');
  const afterScope = scoped ? bare.indexOf('/') + 1 : 0;
  if (scoped && afterScope === 0) return undefined;
  const rest = bare.slice(afterScope);
  const slash = rest.indexOf('/');
  const at = rest.indexOf('@');
  // v5 separates name and version with a slash; an `@` after it belongs to a peer suffix (`_react@18.2.0`).
  if (at !== -1 && (slash === -1 || at < slash)) {
    const split = splitDescriptor(bare);
    return split && split.range ? { name: split.name, version: split.range } : undefined;
  }
  // v5: name/version, the version possibly followed by `_peer@1.0.0+other@2.0.0`.
  if (slash <= 0) return undefined;
  const version = rest.slice(slash + 1).split('_')[0]!;
  return version ? { name: bare.slice(0, afterScope + slash), version } : undefined;
}

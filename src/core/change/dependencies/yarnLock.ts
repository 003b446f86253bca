/**
 * Yarn: `yarn.lock` in the classic v1 format (`version "1.2.3"`) and the Berry v2+ format (YAML with a
 * `__metadata` entry, `npm:` ranges, `resolution:` and workspace entries). Both are read line by line: each
 * entry starts at column 0 with its descriptors (`"a@^1, a@^1.2":`), its fields are indented by 2 and the
 * names in its dependency lists by 4.
 */
import { addProblem, addVersion, emptySnapshot, forEachContentLine, splitDescriptor, unquote, type Snapshot } from './types';

/** Berry marks a workspace's own entry with this version; it is the project, not a dependency. */
const LOCAL_VERSION = '0.0.0-use.local';

interface Entry {
  line: number;
  descriptors: string[];
  version?: string;
  resolution?: string;
  workspace: boolean;
  dependencies: string[];
}

/**
 * The packages of a yarn.lock. Direct dependencies come from Berry's workspace entries; a v1 lock does not
 * record them, so `directNames` (from package.json) is used for it.
 */
export function readYarnLock(text: string, file = 'yarn.lock', directNames: ReadonlySet<string> = new Set()): Snapshot {
  const snapshot = emptySnapshot();
  for (const name of directNames) snapshot.direct.add(name);
  const berry = /^__metadata:\s*$/m.test(text);
  let entry: Entry | undefined;
  let list = '';
  let entries = 0;
  const finish = () => {
    if (entry) finishEntry(entry, berry, file, snapshot);
    entry = undefined;
  };
  forEachContentLine(text, file, snapshot, true, (line, number) => {
    if (!line.startsWith(' ')) {
      finish();
      if (!line.endsWith(':')) return addProblem(snapshot, `${file} line ${number}: "${line.slice(0, 80)}" is not an entry ("name@range:")`);
      const descriptors = descriptorsOf(line.slice(0, -1));
      if (descriptors[0] === '__metadata') return;
      entries++;
      entry = { line: number, descriptors, workspace: descriptors.some((d) => /@workspace:/.test(d)), dependencies: [] };
      return;
    }
    if (!entry) return;
    if (/^ {2}\S/.test(line)) {
      const field = /^ {2}([A-Za-z]+):?(?:\s+(.*))?$/.exec(line);
      list = field && field[2] === undefined && /^(dependencies|optionalDependencies|peerDependencies)$/.test(field[1]!) ? field[1]! : '';
      if (field?.[1] === 'version' && field[2] !== undefined) entry.version = unquote(field[2]);
      else if (field?.[1] === 'resolution' && field[2] !== undefined) entry.resolution = unquote(field[2]);
    } else if (list && /^ {4}\S/.test(line)) {
      // `    name "range"` (v1) or `    name: range` (Berry); the name may be quoted.
      const match = /^ {4}("[^"]+"|'[^']+'|[^\s:"']+):?\s/.exec(line);
      if (match) entry.dependencies.push(unquote(match[1]!));
    }
  });
  finish();
  if (entries === 0 && text.trim() !== '' && snapshot.problems.length === 0) addProblem(snapshot, `${file}: no entries; not a yarn.lock`);
  return snapshot;
}

/** `"a@^1", a@^1.2` or `"a@npm:^1, a@npm:^1.2"` → each descriptor. */
function descriptorsOf(key: string): string[] {
  const tokens = [...key.matchAll(/"([^"]*)"|([^,\s"][^,"]*)/g)].map((m) => (m[1] ?? m[2]!).trim());
  return tokens.flatMap((token) => token.split(/,\s*/)).filter(Boolean);
}

function finishEntry(entry: Entry, berry: boolean, file: string, snapshot: Snapshot): void {
  if (entry.workspace || entry.version === LOCAL_VERSION) {
    for (const name of entry.dependencies) snapshot.direct.add(name);
    return;
  }
  const descriptor = splitDescriptor(entry.descriptors[0] ?? '');
  if (!descriptor) return addProblem(snapshot, `${file} line ${entry.line}: "${(entry.descriptors[0] ?? '').slice(0, 80)}" names no package ("name@range")`);
  if (!entry.version) return addProblem(snapshot, `${file} line ${entry.line}: entry "${descriptor.name}" has no version`);
  addVersion(snapshot, descriptor.name, entry.version);
  // An alias: `x@npm:y@^1` (both formats) resolves to package y.
  const real = berry && entry.resolution ? splitDescriptor(entry.resolution)?.name : /^npm:(.+)$/.exec(descriptor.range)?.[1] && splitDescriptor(descriptor.range.slice(4))?.name;
  if (real && real !== descriptor.name) snapshot.aliases.set(descriptor.name, real);
}

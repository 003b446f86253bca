/**
 * Bundler: `Gemfile.lock` (resolved gems) and `Gemfile` (requirements), read line by line. The lock's
 * layout is fixed by Bundler: section headers at column 0, `specs:` at 2 spaces, gems at 4, their own
 * dependencies at 6.
 */
import { addProblem, addVersion, emptySnapshot, forEachContentLine, forEachLine, type Snapshot } from './types';

const SOURCE_SECTIONS = new Set(['GEM', 'GIT', 'PATH', 'PLUGIN SOURCE']);
/** `    name (version)` under `specs:`; the version may carry a platform (`1.15.0-x86_64-linux`). */
const SPEC = /^ {4}([^\s(]+) \(([^)\s]+)\)$/;
/** `  name`, `  name (~> 1.0)`, `  name!` or `  name (~> 1.0)!` (from a git, path or other non-default source) under DEPENDENCIES. */
const DEPENDENCY = /^ {2}([^\s(!]+)!?(?: \(([^)]*)\))?!?$/;

/**
 * The gems of a Gemfile.lock. Platform variants collapse into one version (RubyGems versions hold no `-`,
 * so what follows the first one is the platform); gems from a git source carry the short revision, so a
 * new revision of the same version is still a change.
 */
export function readGemfileLock(text: string, file = 'Gemfile.lock'): Snapshot {
  const snapshot = emptySnapshot();
  let section = '';
  let inSpecs = false;
  let revision: string | undefined;
  let sawSource = false;
  forEachContentLine(text, file, snapshot, false, (line, number) => {
    if (!line.startsWith(' ')) {
      section = line.trim();
      inSpecs = false;
      revision = undefined;
      if (SOURCE_SECTIONS.has(section)) sawSource = true;
      return;
    }
    if (SOURCE_SECTIONS.has(section)) {
      if (/^ {2}\S/.test(line)) {
        inSpecs = line === '  specs:';
        const field = /^ {2}revision: (\S+)$/.exec(line);
        if (field) revision = field[1]!.slice(0, 7);
        return;
      }
      if (!inSpecs || /^ {6}/.test(line)) return; // a gem's own dependencies
      const spec = SPEC.exec(line);
      if (!spec) return addProblem(snapshot, `${file} line ${number}: gem spec "${line.trim().slice(0, 80)}" is not "name (version)"`);
      const version = spec[2]!.split('-')[0]!;
      addVersion(snapshot, spec[1]!, section === 'GIT' && revision ? `${version} (git ${revision})` : version);
    } else if (section === 'DEPENDENCIES') {
      const dependency = DEPENDENCY.exec(line);
      if (dependency) snapshot.direct.add(dependency[1]!);
      else addProblem(snapshot, `${file} line ${number}: dependency "${line.trim().slice(0, 80)}" is not "name (requirement)"`);
    }
  });
  if (!sawSource && text.trim() !== '') addProblem(snapshot, `${file}: not a Gemfile.lock (no GEM, GIT or PATH section)`);
  return snapshot;
}

/** `gem "name"` or `gem('name'`, then the rest of the declaration. */
const GEM_LINE = /^\s*gem\s*\(?\s*(['"])([^'"\s]+)\1(.*)$/;
/** Options that say where a gem comes from: changing them changes what is installed. */
const SOURCE_OPTION = /\b(git|github|path|branch|tag|ref|source)\s*(?::|\s*=>)\s*(['"])([^'"]*)\2/g;

/**
 * The requirements of a Gemfile, one entry per `gem` line: its version strings and source options, joined
 * (`~> 7.1, >= 7.1.2`, `github: rails/rails, branch: main`; `*` when it names none). A Gemfile is Ruby; lines
 * this cannot read (a gem named by a variable, a loop) are skipped, not guessed at.
 */
export function readGemfile(text: string, file = 'Gemfile'): Snapshot {
  const snapshot = emptySnapshot();
  forEachLine(text, file, snapshot, (line) => {
    const match = GEM_LINE.exec(line);
    if (!match) return;
    const rest = stripComment(match[3]!);
    const leading = /^((?:\s*,\s*(['"])[^'"]*\2)*)/.exec(rest)?.[1] ?? '';
    const requirements = [...leading.matchAll(/(['"])([^'"]*)\1/g)].map((m) => m[2]!.trim());
    const sources = [...rest.matchAll(SOURCE_OPTION)].map((m) => `${m[1]}: ${m[3]}`);
    const requirement = [...requirements, ...sources].join(', ') || '*';
    addVersion(snapshot, match[2]!, requirement);
    snapshot.direct.add(match[2]!);
  });
  return snapshot;
}

function stripComment(text: string): string {
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return text.slice(0, i);
  }
  return text;
}

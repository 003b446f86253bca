/**
 * Dependencies by name: from the old and new text of a lockfile (or, when no lockfile changed, a manifest),
 * every package added, removed or updated, with versions, whether the step is major and whether the project
 * names it itself. Nothing here throws on bad input: what cannot be read becomes a `problem` naming file and
 * line, and the rest is still compared. All readers are linear in the text's length.
 */
import * as posix from 'node:path/posix';
import { readGemfile, readGemfileLock } from './bundler';
import { packageJsonNames, readPackageJson, readPackageLock } from './npmLock';
import { readPnpmLock } from './pnpmLock';
import { emptySnapshot, type DependencyChange, type Ecosystem, type Manager, type Snapshot } from './types';
import { diffSnapshots, sortChanges } from './versions';
import { readYarnLock } from './yarnLock';

export type { Bump, DependencyChange, Ecosystem, Manager } from './types';
export { botDependencyBump, type BotBump, type BumpCommit } from './botBump';

export interface DependencyFileKind {
  ecosystem: Ecosystem;
  manager: Manager;
  source: 'lockfile' | 'manifest';
}

const KINDS: Record<string, DependencyFileKind> = {
  'Gemfile.lock': { ecosystem: 'rubygems', manager: 'bundler', source: 'lockfile' },
  'gems.locked': { ecosystem: 'rubygems', manager: 'bundler', source: 'lockfile' },
  'package-lock.json': { ecosystem: 'npm', manager: 'npm', source: 'lockfile' },
  'npm-shrinkwrap.json': { ecosystem: 'npm', manager: 'npm', source: 'lockfile' },
  'yarn.lock': { ecosystem: 'npm', manager: 'yarn', source: 'lockfile' },
  'pnpm-lock.yaml': { ecosystem: 'npm', manager: 'pnpm', source: 'lockfile' },
  Gemfile: { ecosystem: 'rubygems', manager: 'bundler', source: 'manifest' },
  'gems.rb': { ecosystem: 'rubygems', manager: 'bundler', source: 'manifest' },
  'package.json': { ecosystem: 'npm', manager: 'npm', source: 'manifest' },
};

/** What kind of dependency file a repo-relative path is, by its name; undefined for any other file. */
export function dependencyFileKind(path: string): DependencyFileKind | undefined {
  return Object.hasOwn(KINDS, posix.basename(path)) ? KINDS[posix.basename(path)] : undefined;
}

export interface DependencyFileTexts {
  /** Repo-relative posix path of the lockfile or manifest. */
  path: string;
  /** Text before the change; undefined when the file was added. */
  oldText?: string | undefined;
  /** Text after the change; undefined when the file was deleted. */
  newText?: string | undefined;
  /** The package.json next to a package-lock v1 or yarn v1 lock, before and after: those locks do not say which packages are direct. */
  oldManifest?: string | undefined;
  newManifest?: string | undefined;
}

export interface DependencyReport {
  changes: DependencyChange[];
  /** Parts of the texts that could not be read, each naming file and line; empty when both sides read cleanly. */
  problems: string[];
}

/** The dependency changes one file's old and new texts describe. */
export function dependencyChanges(file: DependencyFileTexts): DependencyReport {
  const kind = dependencyFileKind(file.path);
  if (!kind) return { changes: [], problems: [`${file.path}: not a lockfile or manifest Change Risk reads`] };
  const before = readSide(file.path, file.oldText, file.oldManifest);
  const after = readSide(file.path, file.newText, file.newManifest);
  const problems = [...before.problems.map((p) => `before the change: ${p}`), ...after.problems];
  try {
    return { changes: diffSnapshots(before, after, { ...kind, file: file.path }), problems };
  } catch (error) {
    return { changes: [], problems: [...problems, `${file.path}: could not be compared (${String(error)})`] };
  }
}

/**
 * The dependency changes of a whole change. A manifest is compared only when no lockfile of its ecosystem
 * changed in its folder or above it: the lockfile says what is really installed, the manifest only what was asked for.
 */
export function dependencyChangesOf(files: readonly DependencyFileTexts[]): DependencyReport {
  const lockDirs = files.flatMap((f) => {
    const kind = dependencyFileKind(f.path);
    return kind?.source === 'lockfile' ? [{ ecosystem: kind.ecosystem, dir: posix.dirname(f.path) }] : [];
  });
  const changes: DependencyChange[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const kind = dependencyFileKind(file.path);
    if (!kind) continue;
    if (kind.source === 'manifest') {
      const dir = posix.dirname(file.path);
      const covered = lockDirs.some((l) => l.ecosystem === kind.ecosystem && (l.dir === '.' || l.dir === dir || dir.startsWith(`${l.dir}/`)));
      if (covered) continue;
    }
    const report = dependencyChanges(file);
    changes.push(...report.changes);
    problems.push(...report.problems);
  }
  return { changes: sortChanges(changes), problems };
}

function readSide(path: string, text: string | undefined, manifest: string | undefined): Snapshot {
  if (text === undefined) return emptySnapshot();
  try {
    const name = posix.basename(path);
    if (name === 'Gemfile.lock' || name === 'gems.locked') return readGemfileLock(text, path);
    if (name === 'Gemfile' || name === 'gems.rb') return readGemfile(text, path);
    if (name === 'package.json') return readPackageJson(text, path);
    if (name === 'yarn.lock') return readYarnLock(text, path, packageJsonNames(manifest));
    if (name === 'pnpm-lock.yaml') return readPnpmLock(text, path);
    const snapshot = readPackageLock(text, path);
    // package-lock v1 does not say which packages are direct; the package.json next to it does.
    for (const direct of packageJsonNames(manifest)) snapshot.direct.add(direct);
    return snapshot;
  } catch (error) {
    // The readers do not throw on bad text; this is the last guard so a bug there cannot stop a report.
    const snapshot = emptySnapshot();
    snapshot.problems.push(`${path}: could not be read (${error instanceof Error ? error.message : String(error)})`);
    return snapshot;
  }
}

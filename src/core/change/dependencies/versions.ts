/**
 * Comparing versions without a semver dependency: the lockfiles only need "which is higher" and "did it
 * leave the caret range", and both fit in a few lines for npm semver and RubyGems dotted versions.
 */
import type { Bump, DependencyChange, Ecosystem, Manager, Snapshot } from './types';

interface Version {
  /** Numeric release segments: 1.2.3 → [1, 2, 3]; RubyGems may have 2 or 4 (7.1.3.4). */
  release: number[];
  /** Prerelease identifiers (`rc.1`, RubyGems `.pre`), empty for a release. */
  pre: string[];
}

const NPM_VERSION = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;
/** RubyGems: numeric segments, then the first segment with a letter starts the prerelease (1.0.0.rc1, 2.0.0.pre.1). */
const GEM_VERSION = /^(\d+(?:\.\d+)*)(?:\.?([A-Za-z][0-9A-Za-z.]*))?$/;
/** What a reader appends to a version to say where it came from (`1.2.0 (git abc1234)`); not part of the version. */
const ANNOTATION = /\s+\(.*\)$/;

export function parseVersion(text: string, ecosystem: Ecosystem): Version | undefined {
  const bare = text.replace(ANNOTATION, '');
  if (ecosystem === 'npm') {
    const match = NPM_VERSION.exec(bare);
    if (!match) return undefined;
    return { release: [Number(match[1]), Number(match[2]), Number(match[3])], pre: match[4] ? match[4].split('.') : [] };
  }
  const match = GEM_VERSION.exec(bare);
  if (!match || match[1]!.length > 64) return undefined;
  return { release: match[1]!.split('.').map(Number), pre: match[2] ? match[2].split('.').filter(Boolean) : [] };
}

export function compareVersions(a: Version, b: Version): number {
  const length = Math.max(a.release.length, b.release.length);
  for (let i = 0; i < length; i++) {
    const difference = (a.release[i] ?? 0) - (b.release[i] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  // A prerelease sorts before its release.
  if (a.pre.length === 0 || b.pre.length === 0) return Math.sign(b.pre.length - a.pre.length);
  for (let i = 0; i < Math.max(a.pre.length, b.pre.length); i++) {
    const x = a.pre[i];
    const y = b.pre[i];
    if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) {
      if (nx !== ny) return Math.sign(nx - ny);
    } else if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * The caret range a version is in: its leading segments up to the first non-zero one (^1.2.3 → "1",
 * ^0.2.3 → "0.2", ^0.0.3 → "0.0.3"). Two versions with different keys are a major step apart.
 */
export function caretKey(version: Version): string {
  const three = [0, 1, 2].map((i) => version.release[i] ?? 0);
  const first = three.findIndex((segment) => segment !== 0);
  return three.slice(0, first === -1 ? 3 : first + 1).join('.');
}

/** The first version number in a requirement (`~> 7.1`, `^4.17.0`, `>= 1.2, < 2`), for manifests. */
export function requirementVersion(requirement: string, ecosystem: Ecosystem): Version | undefined {
  const match = /(?:^|[\s^~=<>v,])(\d+(?:\.\d+)*(?:[-.][0-9A-Za-z.-]+)?)/.exec(requirement.replace(/^npm:.*@/, ''));
  if (!match) return undefined;
  const text = match[1]!;
  if (ecosystem === 'npm') {
    const parts = text.split('-')[0]!.split('.');
    while (parts.length < 3) parts.push('0');
    return parseVersion(parts.slice(0, 3).join('.') + (text.includes('-') ? text.slice(text.indexOf('-')) : ''), 'npm');
  }
  return parseVersion(text, 'rubygems');
}

interface Comparison {
  bump: Bump;
  major: boolean;
  downgrade: boolean;
}

/** How `to` differs from `from` (both non-empty); `read` turns each entry into a version, or undefined when it is not one. */
export function compareSets(from: readonly string[], to: readonly string[], read: (text: string) => Version | undefined): Comparison {
  const old = from.map(read);
  const now = to.map(read);
  if (old.some((v) => !v) || now.some((v) => !v)) return { bump: 'changed', major: false, downgrade: false };
  const oldVersions = old as Version[];
  const newVersions = now as Version[];
  const oldKeys = new Set(oldVersions.map(caretKey));
  const major = newVersions.some((v) => !oldKeys.has(caretKey(v)));
  const highest = (versions: Version[]) => versions.reduce((a, b) => (compareVersions(a, b) >= 0 ? a : b));
  const a = highest(oldVersions);
  const b = highest(newVersions);
  const order = compareVersions(a, b);
  return { bump: major ? 'major' : stepBetween(a, b), major, downgrade: order > 0 };
}

function stepBetween(a: Version, b: Version): Bump {
  if ((a.release[1] ?? 0) !== (b.release[1] ?? 0)) return 'minor';
  const length = Math.max(a.release.length, b.release.length);
  for (let i = 2; i < length; i++) if ((a.release[i] ?? 0) !== (b.release[i] ?? 0)) return 'patch';
  return compareVersions(a, b) !== 0 ? 'prerelease' : 'changed';
}

export interface DiffContext {
  ecosystem: Ecosystem;
  manager: Manager;
  file: string;
  source: 'lockfile' | 'manifest';
}

/** Every name added, removed or with a different version set between two snapshots; direct first, then by name. */
export function diffSnapshots(before: Snapshot, after: Snapshot, context: DiffContext): DependencyChange[] {
  const read = (text: string) => (context.source === 'manifest' ? requirementVersion(text, context.ecosystem) : parseVersion(text, context.ecosystem));
  const changes: DependencyChange[] = [];
  const names = new Set([...before.packages.keys(), ...after.packages.keys()]);
  for (const name of names) {
    const from = [...(before.packages.get(name) ?? [])].sort();
    const to = [...(after.packages.get(name) ?? [])].sort();
    if (from.length === to.length && from.every((v, i) => v === to[i])) continue;
    const direct = to.length > 0 ? after.direct.has(name) : before.direct.has(name);
    const aliasOf = after.aliases.get(name) ?? before.aliases.get(name);
    const base = { ...context, name, ...(aliasOf && aliasOf !== name ? { aliasOf } : {}), direct };
    if (from.length === 0) changes.push({ ...base, change: 'added', to, major: false });
    else if (to.length === 0) changes.push({ ...base, change: 'removed', from, major: false });
    else {
      const { bump, major, downgrade } = compareSets(from, to, read);
      changes.push({ ...base, change: 'updated', from, to, bump, major, ...(downgrade ? { downgrade } : {}) });
    }
  }
  return sortChanges(changes);
}

export function sortChanges(changes: DependencyChange[]): DependencyChange[] {
  const key = (c: DependencyChange) => `${c.direct ? 0 : 1}\u0000${c.name}\u0000${c.file}`;
  return changes.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

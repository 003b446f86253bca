/**
 * The change's dependency changes by name: the lockfiles (or, without one, the manifests) read before the change
 * (at the merge-base) and after it (the work tree), compared package by package — "Lockfiles: `Gemfile.lock`" told
 * a reviewer nothing, even for a major bump that broke a deployment — and whether a bot made the change.
 */
import * as posix from 'node:path/posix';
import type { Change, ChangedFile } from '../change/change';
import { botDependencyBump, dependencyChangesOf, dependencyFileKind, type BotBump, type DependencyChange, type DependencyFileTexts } from '../change/dependencies';
import { blobTextAt, workTreeText } from '../git/blobText';

export interface DependencyImpact {
  /** Direct dependencies first, then by name. */
  changes: DependencyChange[];
  /** What could not be read, each naming file and line (for the log, not for the PR description). */
  problems: string[];
  /** Set when every commit of the change is a bot's dependency bump. */
  botBump?: BotBump;
}

export async function dependencyImpact(change: Change, isBot: (name: string, email: string) => boolean, signal?: AbortSignal): Promise<DependencyImpact> {
  const files = change.files.filter((file) => dependencyFileKind(file.path) !== undefined);
  const texts = await Promise.all(files.map((file) => textsOf(change, file, signal)));
  const report = files.length > 0 ? dependencyChangesOf(texts) : { changes: [], problems: [] };
  const botBump = change.commits.length > 0 && !change.uncommitted ? botDependencyBump(change.commits, isBot) : undefined;
  return { ...report, ...(botBump ? { botBump } : {}) };
}

async function textsOf(change: Change, file: ChangedFile, signal: AbortSignal | undefined): Promise<DependencyFileTexts> {
  const before = async (path: string) => ((await blobTextAt(change.root, change.mergeBase, path, signal ? { signal } : {})).text);
  const after = async (path: string) => (await workTreeText(change.root, path)).text;
  const oldPath = file.oldPath ?? file.path;
  const isNew = file.status === 'added' || file.status === 'untracked';
  const texts: DependencyFileTexts = {
    path: file.path,
    oldText: isNew ? undefined : await before(oldPath),
    newText: file.status === 'deleted' ? undefined : await after(file.path),
  };
  // package-lock v1 and yarn v1 do not say which packages are direct: the package.json beside them does.
  const name = posix.basename(file.path);
  if (name === 'package-lock.json' || name === 'yarn.lock') {
    const manifest = posix.join(posix.dirname(file.path), 'package.json');
    texts.oldManifest = await before(manifest);
    texts.newManifest = await after(manifest);
  }
  return texts;
}

/** Finds the git repositories of a workspace folder from the file system alone: no git process. */
import * as fs from 'node:fs';
import * as path from 'node:path';

const SKIPPED = new Set(['node_modules', '.git', 'vendor', 'dist', 'build', 'out', 'target', '.cache']);

function hasGit(folder: string): boolean {
  try {
    fs.statSync(path.join(folder, '.git'));
    return true;
  } catch {
    return false;
  }
}

/**
 * The repository containing `folder` (walking up), else the repositories in its subfolders down to
 * `depth` levels. Roots are returned as given (not resolved through symlinks), so they prefix the
 * paths of the documents opened from the folder.
 */
export function findRepositories(folder: string, depth = 2): string[] {
  for (let current = folder; ; ) {
    if (hasGit(current)) return [current];
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  const found: string[] = [];
  const visit = (dir: string, level: number) => {
    if (level > depth) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (!entry.isDirectory() || SKIPPED.has(entry.name) || entry.name.startsWith('.')) continue;
      const child = path.join(dir, entry.name);
      if (hasGit(child)) found.push(child);
      else visit(child, level + 1);
    }
  };
  visit(folder, 1);
  return found.sort();
}

/** Repo-relative posix path of `file` under `root`, or undefined when outside. */
export function relativeTo(root: string, file: string): string | undefined {
  const relative = path.relative(root, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}

/** Finds the git repositories of a workspace folder from the file system alone: no git process. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readBounded } from '../../core/files/boundedRead';

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

/** Where HEAD moves show, as a folder and a glob under it, for a file watcher. */
export interface HeadFiles {
  folder: string;
  pattern: string;
}

/**
 * The files a commit, checkout or pull of the repository at `root` rewrites: HEAD and its log in the
 * repository's git directory, the branches in the common one. A `.git` file (linked worktree,
 * submodule) names its git directory (`gitdir:`), which may name the common one (`commondir`);
 * only these are followed, as git does. Empty when `root` has no readable git directory.
 */
export function headFilesOf(root: string): HeadFiles[] {
  const gitDir = gitDirOf(root);
  if (!gitDir) return [];
  const commonDir = commonDirOf(gitDir);
  if (commonDir === gitDir) return [{ folder: gitDir, pattern: '{HEAD,logs/HEAD,refs/heads/**,packed-refs}' }];
  return [
    { folder: gitDir, pattern: '{HEAD,logs/HEAD}' },
    { folder: commonDir, pattern: '{refs/heads/**,packed-refs}' },
  ];
}

/** A `.git` file or `commondir` holds one path; anything larger is not one. */
const MAX_POINTER_BYTES = 64 * 1024;

/** The text of a small file git writes, through the bounded reader (a `.git` file can come from anywhere). */
function pointerText(folder: string, name: string): string | undefined {
  const read = readBounded(folder, name, MAX_POINTER_BYTES);
  return read.status === 'read' ? read.bytes.toString('utf8') : undefined;
}

function gitDirOf(root: string): string | undefined {
  const dotGit = path.join(root, '.git');
  try {
    if (fs.statSync(dotGit).isDirectory()) return dotGit;
    const named = /^gitdir: (.+)/.exec(pointerText(root, '.git') ?? '')?.[1]?.trim();
    if (!named) return undefined;
    const gitDir = path.resolve(root, named);
    return fs.statSync(gitDir).isDirectory() ? gitDir : undefined;
  } catch {
    return undefined; // no .git, or it names nothing readable
  }
}

function commonDirOf(gitDir: string): string {
  try {
    const named = pointerText(gitDir, 'commondir')?.trim();
    if (named === undefined) return gitDir;
    const commonDir = path.resolve(gitDir, named);
    return named && fs.statSync(commonDir).isDirectory() ? commonDir : gitDir;
  } catch {
    return gitDir; // no commondir: the git directory holds the branches too
  }
}

import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * `file` relative to `root`, with "/" separators; undefined for `root` itself or anything outside it.
 * A name that merely starts with two dots (`..env.rb`) is inside.
 */
export function pathInside(root: string, file: string): string | undefined {
  const relative = path.relative(root, file);
  if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}

/**
 * `file` with the links in its folders resolved, as far as they exist (a file deleted from the work
 * tree keeps its name under its real folder); the file name itself is not followed.
 */
export function realFolderPath(file: string): string {
  const names = [path.basename(file)];
  for (let folder = path.dirname(file); ; folder = path.dirname(folder)) {
    try {
      return path.join(fs.realpathSync(folder), ...names);
    } catch {
      if (path.dirname(folder) === folder) return file;
      names.unshift(path.basename(folder));
    }
  }
}

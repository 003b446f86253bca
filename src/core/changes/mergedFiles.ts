import { streamGitChunks, streamGitTokens, type GitStreamOptions } from '../git/gitProcess';
import { DIFF_PROGRAMS_OFF } from '../git/safeGit';
import { lineHash } from './lineText';

/** A file a merge made anew: its content differs from every parent's (both sides changed it). */
export interface MergedFile {
  path: string;
  /** The file's blob in each parent, first parent first. */
  parentBlobs: string[];
  blob: string;
}

/**
 * The files each merge made anew, from `git diff-tree -c --raw` (only files that differ from every
 * parent: a file a merge took whole from one side needs nothing, since that side's version is followed
 * already). Merges without such files are left out.
 */
export async function readMergedFiles(merges: readonly string[], options: Omit<GitStreamOptions, 'stdin'>): Promise<Map<string, MergedFile[]>> {
  const files = new Map<string, MergedFile[]>();
  if (merges.length === 0) return files;
  let merge: string | undefined;
  let entry: { parentBlobs: string[]; blob: string } | undefined;
  const args = ['-c', 'core.quotepath=false', 'diff-tree', '--stdin', '-c', '--raw', '-r', '--no-color', ...DIFF_PROGRAMS_OFF, '-z', '--format=%H', '--'];
  await streamGitTokens(args, { ...options, stdin: merges.join('\n') + '\n' }, (raw) => {
    const token = raw.replace(/^\n+/, '');
    if (entry) {
      const list = files.get(merge!) ?? [];
      list.push({ path: raw, ...entry });
      files.set(merge!, list);
      entry = undefined;
    } else if (token.startsWith('::')) {
      // "::<mode per parent> <mode> <blob per parent> <blob> <status per parent>"
      const fields = token.slice(1).split(' ');
      const parents = (fields.length - 3) / 2;
      entry = { parentBlobs: fields.slice(parents + 1, 2 * parents + 1), blob: fields[2 * parents + 1]! };
    } else if (token !== '') {
      merge = token;
    }
  });
  return files;
}

/** The hashes of every line of each blob (see `lineHash`), read with one `git cat-file --batch`. */
export async function readBlobLines(blobs: readonly string[], options: Omit<GitStreamOptions, 'stdin'>): Promise<Map<string, Int32Array>> {
  const lines = new Map<string, Int32Array>();
  if (blobs.length === 0) return lines;
  let pending: Buffer = Buffer.alloc(0);
  /** The blob being read and its size, once its header is read. */
  let current: { blob: string; size: number } | undefined;
  const take = () => {
    for (;;) {
      if (!current) {
        const end = pending.indexOf(0x0a);
        if (end === -1) return;
        const [blob = '', type, size] = pending.toString('latin1', 0, end).split(' ');
        pending = pending.subarray(end + 1);
        // "<name> missing": a blob not in the repository (a partial clone) is simply not known.
        if (type === 'blob') current = { blob, size: Number(size) };
        continue;
      }
      if (pending.length < current.size + 1) return;
      lines.set(current.blob, hashLines(pending.subarray(0, current.size)));
      pending = pending.subarray(current.size + 1);
      current = undefined;
    }
  };
  await streamGitChunks(['cat-file', '--batch'], { ...options, stdin: blobs.join('\n') + '\n' }, (chunk) => {
    pending = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
    take();
  });
  return lines;
}

function hashLines(content: Buffer): Int32Array {
  const hashes: number[] = [];
  let start = 0;
  for (let end = content.indexOf(0x0a); end !== -1; start = end + 1, end = content.indexOf(0x0a, start)) hashes.push(lineHash(content, start, end));
  if (start < content.length) hashes.push(lineHash(content, start, content.length));
  return Int32Array.from(hashes);
}

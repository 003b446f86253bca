import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { streamGitLines } from './gitProcess';
import { DIFF_PROGRAMS_OFF } from './safeGit';

export interface BlamedLines {
  /** 1-based, inclusive, in the file as it is at the blamed revision. */
  start: number;
  end: number;
  sha: string;
}

const ENTRY_HEADER = /^([0-9a-f]{40}|[0-9a-f]{64}) \d+ (\d+) (\d+)$/;

/**
 * Who last changed some lines of a file at a revision: `git blame --incremental -L … <rev> -- <file>`. Only the
 * given lines are followed, so git stops as soon as each of them is explained.
 *
 * `ancestry` (the revision, then the commits that touched the file, newest first) lets git walk only those
 * commits (`-S`, one graft per commit) instead of the whole history: on a 100k-commit repository this turns
 * seconds into milliseconds. It must list every commit that changed the file, or lines are misattributed.
 */
export async function blameLinesAt(
  root: string,
  revision: string,
  file: string,
  ranges: ReadonlyArray<{ start: number; end: number }>,
  options: { ignoreRevs?: readonly string[]; ancestry?: readonly string[]; signal?: AbortSignal } = {},
): Promise<BlamedLines[]> {
  if (ranges.length === 0) return [];
  const args = ['blame', '--incremental', ...DIFF_PROGRAMS_OFF, ...(options.ignoreRevs ?? []).flatMap((sha) => ['--ignore-rev', sha])];
  for (const range of ranges) args.push('-L', `${range.start},${range.end}`);
  let revsFolder: string | undefined;
  if (options.ancestry && options.ancestry.length > 0) {
    revsFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-revs-'));
    const revsFile = path.join(revsFolder, 'ancestry');
    fs.writeFileSync(revsFile, options.ancestry.map((sha, i) => `${sha}${i + 1 < options.ancestry!.length ? ` ${options.ancestry![i + 1]}` : ''}\n`).join(''));
    args.push('-S', revsFile);
  }
  args.push(revision, '--', file);
  const blamed: BlamedLines[] = [];
  try {
    await streamGitLines(args, { cwd: root, ...(options.signal ? { signal: options.signal } : {}) }, (line) => {
      const header = ENTRY_HEADER.exec(line);
      if (!header) return;
      const start = Number(header[2]);
      blamed.push({ start, end: start + Number(header[3]) - 1, sha: header[1]! });
    });
  } finally {
    if (revsFolder) fs.rmSync(revsFolder, { recursive: true, force: true });
  }
  return blamed.sort((a, b) => a.start - b.start);
}

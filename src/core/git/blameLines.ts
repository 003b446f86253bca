import { streamGitLines } from './gitProcess';

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
 */
export async function blameLinesAt(
  root: string,
  revision: string,
  file: string,
  ranges: ReadonlyArray<{ start: number; end: number }>,
  options: { ignoreRevs?: readonly string[]; signal?: AbortSignal } = {},
): Promise<BlamedLines[]> {
  if (ranges.length === 0) return [];
  const args = ['blame', '--incremental', ...(options.ignoreRevs ?? []).flatMap((sha) => ['--ignore-rev', sha])];
  for (const range of ranges) args.push('-L', `${range.start},${range.end}`);
  args.push(revision, '--', file);
  const blamed: BlamedLines[] = [];
  await streamGitLines(args, { cwd: root, ...(options.signal ? { signal: options.signal } : {}) }, (line) => {
    const header = ENTRY_HEADER.exec(line);
    if (!header) return;
    const start = Number(header[2]);
    blamed.push({ start, end: start + Number(header[3]) - 1, sha: header[1]! });
  });
  return blamed.sort((a, b) => a.start - b.start);
}

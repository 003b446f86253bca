/**
 * TEMPORARY STAND-IN for the history pass of issue #16 (branch `szz`: `changes/lineHistory*.ts`,
 * `changes/szz*.ts`), so the model half can be developed and measured before that pass lands. It
 * produces the same `ChangeLineData` (see changeData.ts), far more crudely:
 *
 * - line counts from one `git log --numstat` pass (`-w` is not available there: whitespace counts);
 * - SZZ links from a naive `git blame -w` of each fix's (or revert's) changed and deleted lines at the
 *   fix's parent, source-role files only, limited to the year before the fix; a revert also links
 *   exactly to the commit it reverts;
 * - `recentlyFixedLinesTouched` approximated per FILE, not per line: for each file a commit deletes or
 *   changes lines of, the lines trouble commits added to it in the 180 days before, capped by the
 *   lines the commit deleted there.
 *
 * Delete this module when the real pass is merged; `changeLineDataFor` in changeBacktest.ts is the
 * one call to swap.
 */
import { streamGitLines, streamGitTokens } from '../git/gitProcess';
import { DIFF_PROGRAMS_OFF } from '../git/safeGit';
import type { History } from '../history/history';
import type { ChangeLineData } from './changeData';

const DAY = 24 * 3600;
const BLAME_LOOKBACK_SECONDS = 365 * DAY;
const RECENT_TROUBLE_SECONDS = 180 * DAY;
const PARALLEL_BLAMES = 2;

export interface StubOptions {
  root: string;
  history: History;
  /** Which paths' lines are blamed (the rated roles: source code). */
  isBlamed: (path: string) => boolean;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export async function stubChangeLineData(options: StubOptions): Promise<ChangeLineData> {
  const { history } = options;
  const data = history.data;
  const indexOfSha = new Map<string, number>();
  for (let i = 0; i < data.commitCount; i++) indexOfSha.set(history.sha(i), i);
  const { added, deleted } = await lineCounts(options, indexOfSha);
  const links = await blameFixes(options, indexOfSha);
  const recent = recentTrouble(history, added, deleted);
  return { commitCount: data.commitCount, head: data.head, added, deleted, ...links, ...recent };
}

/** Added and deleted lines per (commit, file), from `git log --numstat`, aligned with the index's file lists. */
async function lineCounts(options: StubOptions, indexOfSha: Map<string, number>): Promise<{ added: Uint32Array; deleted: Uint32Array }> {
  const data = options.history.data;
  const added = new Uint32Array(data.commitFileIds.length);
  const deleted = new Uint32Array(data.commitFileIds.length);
  const namesOf = (file: number) => [data.filePaths[file]!, ...(data.formerPaths.get(file) ?? [])];
  let commit: number | undefined;
  let pending: { a: number; d: number } | undefined;
  let renameParts: string[] | undefined;
  const record = (path: string, a: number, d: number) => {
    if (commit === undefined) return;
    const from = data.commitFileOffsets[commit]!;
    const to = data.commitFileOffsets[commit + 1]!;
    for (let k = from; k < to; k++) {
      if (namesOf(data.commitFileIds[k]!).includes(path)) {
        added[k] = a;
        deleted[k] = d;
        return;
      }
    }
  };
  const args = ['-c', 'core.quotepath=false', 'log', '--no-merges', '-M', '--numstat', '-z', ...DIFF_PROGRAMS_OFF, '--format=%x01%H', options.history.data.head ?? 'HEAD', '--'];
  await streamGitTokens(args, { cwd: options.root, ...(options.signal ? { signal: options.signal } : {}) }, (raw) => {
    let token = raw;
    if (renameParts) {
      renameParts.push(token);
      if (renameParts.length === 2) {
        record(renameParts[1]!, pending!.a, pending!.d);
        renameParts = undefined;
      }
      return;
    }
    const marker = token.indexOf('\x01');
    if (marker >= 0) {
      commit = indexOfSha.get(token.slice(marker + 1, marker + 1 + data.shaLength));
      token = token.slice(marker + 1 + data.shaLength).replace(/^\n+/, '');
      if (token === '') return;
    }
    token = token.replace(/^\n+/, '');
    const match = /^(-|\d+)\t(-|\d+)\t(.*)$/s.exec(token);
    if (!match) return;
    const a = match[1] === '-' ? 0 : Number(match[1]);
    const d = match[2] === '-' ? 0 : Number(match[2]);
    if (match[3] === '') {
      pending = { a, d };
      renameParts = [];
    } else record(match[3]!, a, d);
  });
  return { added, deleted };
}

interface FixHunks {
  fix: number;
  /** Old path → old-side line ranges [start, count]. */
  files: Map<string, Array<[number, number]>>;
}

/** Links from blaming each counted trouble commit's removed lines at its parent, plus exact revert links. */
async function blameFixes(options: StubOptions, indexOfSha: Map<string, number>): Promise<Pick<ChangeLineData, 'inducing' | 'fixing' | 'blamedLines'>> {
  const { history } = options;
  const fixes: number[] = [];
  for (let i = 0; i < history.commitCount; i++) if (history.isFixCommit(i)) fixes.push(i);
  const hunks = await fixHunks(options, fixes, indexOfSha);
  const counts = new Map<string, number>();
  const link = (inducing: number, fixing: number, lines: number) => {
    if (inducing === fixing || !history.isCounted(inducing)) return;
    const key = `${inducing} ${fixing}`;
    counts.set(key, (counts.get(key) ?? 0) + lines);
  };
  for (const fix of fixes) {
    const reverted = history.commitRevertedBy(fix);
    if (reverted !== undefined) link(reverted, fix, 1);
  }
  const jobs = hunks.flatMap((entry) => [...entry.files].map(([path, ranges]) => ({ fix: entry.fix, path, ranges })));
  let done = 0;
  const run = async () => {
    for (let job = jobs.shift(); job; job = jobs.shift()) {
      if (options.signal?.aborted) return;
      const byCommit = await blame(options, job.fix, job.path, job.ranges, indexOfSha);
      for (const [commit, lines] of byCommit) link(commit, job.fix, lines);
      options.onProgress?.(++done, done + jobs.length);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_BLAMES }, run));
  const entries = [...counts].map(([key, lines]) => [...key.split(' ').map(Number), lines] as [number, number, number]);
  entries.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return {
    inducing: Uint32Array.from(entries, (entry) => entry[0]),
    fixing: Uint32Array.from(entries, (entry) => entry[1]),
    blamedLines: Uint32Array.from(entries, (entry) => entry[2]),
  };
}

/** The old-side line ranges of every fix's hunks, whitespace ignored, blamed files only: one `git log --no-walk --stdin` pass. */
async function fixHunks(options: StubOptions, fixes: readonly number[], indexOfSha: Map<string, number>): Promise<FixHunks[]> {
  if (fixes.length === 0) return [];
  const { history } = options;
  const result: FixHunks[] = [];
  let current: FixHunks | undefined;
  let path: string | undefined;
  const args = ['-c', 'core.quotepath=false', 'log', '--no-walk=unsorted', '-p', '-U0', '-w', '-M', ...DIFF_PROGRAMS_OFF, '--format=%x01%H', '--stdin'];
  const stdin = fixes.map((fix) => history.sha(fix)).join('\n') + '\n';
  await streamGitLines(args, { cwd: options.root, stdin, ...(options.signal ? { signal: options.signal } : {}) }, (line) => {
    if (line.startsWith('\x01')) {
      const fix = indexOfSha.get(line.slice(1));
      current = fix === undefined ? undefined : { fix, files: new Map() };
      if (current) result.push(current);
      path = undefined;
      return;
    }
    if (!current) return;
    if (line.startsWith('--- ')) {
      const old = line.slice(4).replace(/\t$/, '');
      path = old.startsWith('a/') && options.isBlamed(old.slice(2)) ? old.slice(2) : undefined;
      return;
    }
    const hunk = path && /^@@ -(\d+)(?:,(\d+))? \+/.exec(line);
    if (!hunk) return;
    const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
    if (count === 0) return;
    const ranges = current.files.get(path!) ?? [];
    ranges.push([Number(hunk[1]), count]);
    current.files.set(path!, ranges);
  });
  return result;
}

/** Lines per blamed commit among `ranges` of `path` at the fix's parent, within the lookback. */
async function blame(options: StubOptions, fix: number, path: string, ranges: ReadonlyArray<[number, number]>, indexOfSha: Map<string, number>): Promise<Map<number, number>> {
  const { history } = options;
  const since = new Date((history.data.times[fix]! - BLAME_LOOKBACK_SECONDS) * 1000).toISOString();
  const args = ['blame', '--porcelain', '--root', '-w', ...DIFF_PROGRAMS_OFF, `--since=${since}`];
  for (const [start, count] of ranges) args.push('-L', `${start},+${count}`);
  args.push(`${history.sha(fix)}^`, '--', path);
  const byCommit = new Map<number, number>();
  let boundary: string | undefined;
  const boundaries = new Set<string>();
  try {
    await streamGitLines(args, { cwd: options.root, ...(options.signal ? { signal: options.signal } : {}) }, (line) => {
      const header = /^([0-9a-f]{40,64}) \d+ \d+/.exec(line);
      if (header) {
        boundary = header[1];
        const commit = indexOfSha.get(header[1]!);
        if (commit !== undefined && !boundaries.has(header[1]!)) byCommit.set(commit, (byCommit.get(commit) ?? 0) + 1);
      } else if (line === 'boundary' && boundary) {
        boundaries.add(boundary);
        const commit = indexOfSha.get(boundary);
        if (commit !== undefined) byCommit.delete(commit);
      }
    });
  } catch {
    // A path git cannot blame at the parent (a rename the diff did not pair): no links from it.
  }
  return byCommit;
}

/** The per-file approximation of "touches lines recently fixed or reverted" (see the module comment). */
function recentTrouble(history: History, added: Uint32Array, deleted: Uint32Array): Pick<ChangeLineData, 'recentlyFixedLinesTouched' | 'recentFixesTouched'> {
  const data = history.data;
  const linesTouched = new Uint32Array(data.commitCount);
  const fixesTouched = new Uint32Array(data.commitCount);
  /** Per file: recent trouble commits and the lines they added, oldest first. */
  const recent = new Map<number, Array<[number, number]>>();
  const order = Array.from({ length: data.commitCount }, (_, i) => i).sort((a, b) => data.times[a]! - data.times[b]! || a - b);
  for (const commit of order) {
    const time = data.times[commit]!;
    const troubled = history.isFixCommit(commit);
    const distinct = new Set<number>();
    for (let k = data.commitFileOffsets[commit]!; k < data.commitFileOffsets[commit + 1]!; k++) {
      const file = data.commitFileIds[k]!;
      const list = (recent.get(file) ?? []).filter(([at]) => time - data.times[at]! <= RECENT_TROUBLE_SECONDS);
      if (deleted[k]! > 0 && list.length > 0) {
        linesTouched[commit]! += Math.min(deleted[k]!, list.reduce((sum, [, lines]) => sum + lines, 0));
        for (const [at] of list) distinct.add(at);
      }
      if (troubled && added[k]! > 0) list.push([commit, added[k]!]);
      if (list.length > 0) recent.set(file, list);
      else recent.delete(file);
    }
    fixesTouched[commit] = distinct.size;
  }
  return { recentlyFixedLinesTouched: linesTouched, recentFixesTouched: fixesTouched };
}

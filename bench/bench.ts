/**
 * `npm run bench [-- --repo PATH] [--commits N] [--files N] [--runs N] [--back N] [--check-only] [--index-only]`
 *
 * Measures the engine against the raw git commands it consumes, in one run, on a deterministic
 * synthetic repository (built once with git fast-import and cached outside the repo) or on any
 * repository given with --repo. The repository is never modified: all work happens in a
 * `git clone --shared` in a temp folder. Each engine measurement runs in a fresh Node process
 * (this script with --worker) so start-up and peak memory are what a user gets. It also checks that
 * an index of HEAD~N (--back, default 500) extended to HEAD equals a fresh index of HEAD, file by
 * file; --check-only runs just that check.
 *
 * The figure that counts is the cold full index against one raw `git log` with the arguments the index
 * read before it split the read in two: both are run `--runs` times, alternately (the machine may be
 * shared: a noisy neighbour then slows both alike), and their medians and the median of the ratios of
 * each pair are shown, wall and CPU (the process and its git children, where the platform tells:
 * Linux). --index-only measures just that.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ChangeRiskEngine } from '../src/core/engine';
import { draftImpactStatement } from '../src/core/impact/draft';
import { logArguments } from '../src/core/history/logStream';
import { FastImportWriter } from '../src/demo/fastImport';
import { checkIncremental, describeCheck } from './incrementalCheck';
import { ensureSyntheticRepo } from './syntheticRepo';

const NOW = new Date('2026-11-01T00:00:00Z');

interface WorkerResult {
  ms: number;
  /** CPU of the process and of its finished children (git) over the same time as `ms`, where known. */
  cpuMs?: number;
  /** The part of `cpuMs` spent in Node itself. */
  nodeCpuMs?: number;
  rssMb: number;
  source?: string;
  commitsRead?: number;
  lookupUs?: number;
  ranges?: number;
  files?: number;
  /** impact: time to draft the statement once the engine is open, and the files in the change. */
  draftMs?: number;
  changedFiles?: number;
  commits?: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      repo: { type: 'string' },
      commits: { type: 'string' },
      files: { type: 'string' },
      runs: { type: 'string' },
      worker: { type: 'string' },
      'cache-dir': { type: 'string' },
      file: { type: 'string' },
      count: { type: 'string' },
      seed: { type: 'string' },
      back: { type: 'string' },
      'check-only': { type: 'boolean' },
      'index-only': { type: 'boolean' },
    },
  });
  if (values.worker) {
    const added = values.count ? { count: Number(values.count), seed: Number(values.seed) } : undefined;
    return runWorker(values.worker, values.repo!, values['cache-dir']!, values.file, added);
  }

  const runs = Number(values.runs ?? 5);
  const source = values.repo
    ? path.resolve(values.repo)
    : (await ensureSyntheticRepo({ commits: Number(values.commits ?? 100_000), files: Number(values.files ?? 20_000) })).root;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-bench-'));
  try {
    await measure(source, scratch, runs, Number(values.back ?? 500), values['check-only'] === true, values['index-only'] === true);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

async function measure(source: string, scratch: string, runs: number, back: number, checkOnly: boolean, indexOnly: boolean): Promise<void> {
  const clone = path.join(scratch, 'repo');
  const cacheDir = path.join(scratch, 'cache');
  log(`cloning ${source} (shared objects) …`);
  git(scratch, ['clone', '--quiet', '--shared', source, clone]);
  // A snapshot that stands in for missing blobs with `git replace` keeps working in the clone.
  git(clone, ['fetch', '--quiet', source, 'refs/replace/*:refs/replace/*']);
  const incrementalCheck = async () => {
    log(`incremental ≡ full: HEAD~${back} extended to HEAD, against a fresh index …`);
    const check = await checkIncremental(clone, back, NOW);
    if (check.source !== 'incremental') throw new Error(`incremental check: expected an incremental load, got ${check.source}`);
    return describeCheck(check, back);
  };
  if (checkOnly) {
    console.log(await incrementalCheck());
    return;
  }
  const commits = Number(git(clone, ['rev-list', '--count', '--no-merges', 'HEAD']));
  const files = Number(git(clone, ['ls-files']).split('\n').length);
  const largest = largestFile(clone);

  log(`raw git log and cold full index, alternately, ${runs} times …`);
  const pairs = await repeat(runs, async () => {
    const raw = await timeCommand(clone, logArguments(['HEAD']));
    fs.rmSync(cacheDir, { recursive: true, force: true });
    return { raw, full: worker('full', clone, cacheDir) };
  });
  const rawLog = median(pairs.map((pair) => pair.raw.ms));
  const full = median(pairs.map((pair) => pair.full));
  const cpuOf = (values: (number | undefined)[]) => (values.every((value) => value !== undefined) ? median(values as number[]) : undefined);
  const rawCpu = cpuOf(pairs.map((pair) => pair.raw.cpuMs));
  const fullCpu = cpuOf(pairs.map((pair) => pair.full.cpuMs));
  const pairRatio = median(pairs.map((pair) => pair.full.ms / pair.raw.ms));
  const pairCpuRatio = cpuOf(pairs.map((pair) => pair.full.cpuMs !== undefined && pair.raw.cpuMs !== undefined ? pair.full.cpuMs / pair.raw.cpuMs : undefined));
  const indexRows: string[][] = [
    ['measurement', 'result', 'vs raw git', 'target'],
    ['raw git log, one process (the arguments the index read before splitting)', seconds(rawLog), '1.00×', ''],
    ['  its CPU', rawCpu === undefined ? 'unknown' : seconds(rawCpu), '', ''],
    ['full index (cold, no cache), median of the ratios of each pair', seconds(full.ms), `${pairRatio.toFixed(2)}×`, '≤ 1.0×'],
    ['  its CPU (Node and its git processes)', fullCpu === undefined ? 'unknown' : seconds(fullCpu), pairCpuRatio === undefined ? '' : `${pairCpuRatio.toFixed(2)}×`, ''],
    ['  of which Node', seconds(median(pairs.map((pair) => pair.full.nodeCpuMs!))), '', ''],
    ['peak RSS during full index', `${full.rssMb.toFixed(0)} MB`, '', '≤ 400 MB'],
  ];
  if (indexOnly) {
    console.log(`\nChange Risk index benchmark — ${source}`);
    console.log(`${commits.toLocaleString('en')} commits (no merges); node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}; medians of ${runs} runs\n`);
    console.log(formatTable(indexRows));
    return;
  }
  log('warm start …');
  const warm = median(await repeat(runs, async () => worker('warm', clone, cacheDir)));
  // Every run of an update adds its own new commits (a seed per run), so each one reads only those.
  let seed = 0;
  log('incremental updates …');
  const incremental = (count: number) =>
    repeat(runs, async () => {
      await appendCommits(clone, count, ++seed);
      return readOnly(count, worker('incremental', clone, cacheDir));
    });
  const incremental1 = median(await incremental(1));
  const incremental100 = median(await incremental(100));
  log('updates of an open engine …');
  const refresh = (count: number) =>
    repeat(runs, async () => readOnly(count, worker('refresh', clone, cacheDir, undefined, ['--count', String(count), '--seed', String(++seed)])));
  const refresh1 = median(await refresh(1));
  const refresh100 = median(await refresh(100));
  log(`blame of the largest file (${largest.path}, ${largest.lines} lines) …`);
  const rawBlame = median(await repeat(runs, async () => (await timeCommand(clone, ['blame', '--incremental', '--', largest.path])).ms));
  const lineMarks = median(await repeat(runs, async () => worker('blame', clone, cacheDir, largest.path)));
  const equivalence = await incrementalCheck();
  log('impact statement of a 300-file change …');
  const changed = modifyFiles(clone, 300);
  const impact = median(await repeat(runs, async () => worker('impact', clone, cacheDir)));
  if (impact.changedFiles !== changed) throw new Error(`impact: expected ${changed} changed files, got ${impact.changedFiles}`);

  const rows: string[][] = [
    ['measurement', 'result', 'vs raw git', 'target'],
    ...indexRows.slice(1),
    ['warm start from cache (open + risk of every file)', millis(warm.ms), '', '≤ 300 ms'],
    [`incremental update, 1 new commit, fresh process (CLI; ${incremental1.source})`, millis(incremental1.ms), '', '≤ 200 ms'],
    [`incremental update, 100 new commits, fresh process (CLI; ${incremental100.source})`, millis(incremental100.ms), '', '≤ 200 ms'],
    [`incremental update, 1 new commit, open engine (editor; ${refresh1.source})`, millis(refresh1.ms), '', '≤ 200 ms'],
    [`incremental update, 100 new commits, open engine (editor; ${refresh100.source})`, millis(refresh100.ms), '', '≤ 200 ms'],
    ["one file's risk (lookup, mean of 10,000)", `${warm.lookupUs!.toFixed(2)} µs`, '', '≤ 1 ms'],
    ['git blame --incremental, largest file', millis(rawBlame), '1.00×', ''],
    [`line ranges, largest file (${lineMarks.ranges} ranges)`, millis(lineMarks.ms), ratio(lineMarks.ms, rawBlame), ''],
    [`impact statement, ${impact.changedFiles}-file change (open + draft)`, millis(impact.ms), '', '≤ 2 s'],
    ['  of which drafting (diff, blame of the riskiest, co-changes)', millis(impact.draftMs!), '', ''],
  ];
  console.log(`\nChange Risk benchmark — ${source}`);
  console.log(`${commits.toLocaleString('en')} commits (no merges), ${files.toLocaleString('en')} files at HEAD; node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}; medians of ${runs} runs where repeated\n`);
  console.log(formatTable(rows));
  console.log(`\n${equivalence}`);
}

/**
 * One measurement in a fresh process, as a user's CLI run or extension start would be. `refresh`
 * opens the engine, then adds `added.count` commits and times bringing the open engine up to date,
 * as the editor does when HEAD moves.
 */
async function runWorker(phase: string, repo: string, cacheDir: string, file: string | undefined, added?: { count: number; seed: number }): Promise<void> {
  let started = performance.now();
  const cpuBefore = cpuMillis();
  const nodeCpuBefore = process.cpuUsage();
  let engine = await ChangeRiskEngine.open({ folder: repo, cacheDir, now: NOW });
  if (phase === 'refresh') {
    await appendCommits(repo, added!.count, added!.seed);
    started = performance.now();
    engine = (await engine.refresh({ cacheDir, now: NOW }))!;
  }
  let ms = performance.now() - started;
  const cpuAfter = cpuMillis();
  const nodeCpu = process.cpuUsage(nodeCpuBefore);
  const result: WorkerResult = {
    ms,
    ...(cpuBefore !== undefined && cpuAfter !== undefined ? { cpuMs: cpuAfter - cpuBefore } : {}),
    nodeCpuMs: (nodeCpu.user + nodeCpu.system) / 1000,
    rssMb: 0, source: engine.load.source, commitsRead: engine.load.commitsRead, files: engine.risk.ranked.length, commits: engine.history.commitCount };
  if (phase === 'warm') {
    const paths = engine.risk.ranked.map((risk) => risk.path);
    const lookups = 10_000;
    const t = performance.now();
    let found = 0;
    for (let i = 0; i < lookups; i++) if (engine.risk.file(paths[(i * 7919) % paths.length]!)) found++;
    result.lookupUs = ((performance.now() - t) * 1000) / lookups;
    if (found !== lookups) throw new Error('lookup missed a file');
  }
  if (phase === 'blame') {
    const t = performance.now();
    result.ranges = (await engine.lineMarks(file!)).length;
    ms = performance.now() - t;
    result.ms = ms;
  }
  if (phase === 'impact') {
    const t = performance.now();
    const draft = await draftImpactStatement(engine, { base: 'HEAD' });
    result.draftMs = performance.now() - t;
    result.ms = performance.now() - started;
    result.changedFiles = draft.analysis.change.files.length;
    if (!draft.body.includes('Impact statement')) throw new Error('impact: no statement drafted');
  }
  result.rssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function worker(phase: string, repo: string, cacheDir: string, file?: string, extra: string[] = []): WorkerResult {
  const args = [__filename, '--worker', phase, '--repo', repo, '--cache-dir', cacheDir, ...(file ? ['--file', file] : []), ...extra];
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`worker ${phase} failed: ${run.stderr}`);
  const result = JSON.parse(run.stdout.trim().split('\n').pop()!) as WorkerResult;
  const expected: Record<string, string> = { full: 'full', warm: 'cache', incremental: 'incremental', refresh: 'incremental', blame: 'cache', impact: 'cache' };
  if (result.source !== expected[phase]) throw new Error(`worker ${phase}: expected a ${expected[phase]} load, got ${result.source}`);
  return result;
}

/** An update's result, checked to have read just the `count` new commits. */
function readOnly(count: number, result: WorkerResult): WorkerResult {
  if (result.commitsRead !== count) throw new Error(`update: expected ${count} commits read, got ${result.commitsRead}`);
  return result;
}

/** Wall time (and CPU, where known) of a git command whose output is read and discarded, like the engine reads it. */
function timeCommand(cwd: string, args: string[]): Promise<{ ms: number; cpuMs?: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const cpuBefore = childCpuMillis();
    const child = spawn('git', args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', () => undefined);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`git ${args[0]} exited ${code}`));
      const ms = performance.now() - started;
      const cpuAfter = childCpuMillis();
      resolve({ ms, ...(cpuBefore !== undefined && cpuAfter !== undefined ? { cpuMs: cpuAfter - cpuBefore } : {}) });
    });
  });
}

/** CPU of this process and of its children that have ended, in ms; undefined where the platform does not say (not Linux). */
function cpuMillis(): number | undefined {
  const children = childCpuMillis();
  if (children === undefined) return undefined;
  const own = process.cpuUsage();
  return (own.user + own.system) / 1000 + children;
}

/** User and system time of the ended children of this process (`cutime` + `cstime` in /proc/self/stat, in clock ticks of 10 ms). */
function childCpuMillis(): number | undefined {
  try {
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

/** Deterministic new commits on the clone's current branch, each editing an existing file. */
async function appendCommits(repo: string, count: number, seed: number): Promise<void> {
  const branch = git(repo, ['symbolic-ref', 'HEAD']);
  const candidates = git(repo, ['ls-files']).split('\n').filter((file) => !file.startsWith('.'));
  const writer = FastImportWriter.start(repo);
  const base = Math.floor(NOW.getTime() / 1000) - 86_400;
  for (let i = 0; i < count; i++) {
    const file = candidates[(seed * 7919 + i * 104_729) % candidates.length]!;
    await writer.commit({
      ref: branch,
      ...(i === 0 ? { from: `${branch}^0` } : {}),
      author: { name: 'Bench Bot', email: 'bench@example.com', time: base + seed * 1000 + i },
      message: i % 10 === 0 ? `Fix bench change ${seed}-${i}` : `Bench change ${seed}-${i}`,
      changes: [{ op: 'M', path: file, content: `bench ${seed} ${i}\n` }],
    });
  }
  await writer.finish();
}

/** Edits `count` existing files in the work tree (deterministic choice, a line changed mid-file): an uncommitted change against HEAD. */
function modifyFiles(repo: string, count: number): number {
  // appendCommits moved the branch with fast-import, which leaves the work tree behind: bring it up to HEAD first.
  git(repo, ['reset', '--quiet', '--hard']);
  const candidates = git(repo, ['ls-files']).split('\n').filter((file) => !file.startsWith('.'));
  const chosen = new Set<string>();
  for (let i = 0; chosen.size < Math.min(count, candidates.length); i++) chosen.add(candidates[(i * 7919 + 13) % candidates.length]!);
  for (const file of chosen) {
    const full = path.join(repo, file);
    const lines = fs.readFileSync(full, 'utf8').split('\n');
    const middle = Math.floor(lines.length / 2);
    lines.splice(middle, 1, `${lines[middle] ?? ''} # bench impact edit`);
    fs.writeFileSync(full, lines.join('\n'));
  }
  return chosen.size;
}

function largestFile(repo: string): { path: string; lines: number } {
  let best = { path: '', size: -1 };
  for (const line of git(repo, ['ls-tree', '-r', '-l', 'HEAD']).split('\n')) {
    const match = /^\d+ blob [0-9a-f]+\s+(\d+)\t(.*)$/.exec(line);
    if (match && Number(match[1]) > best.size) best = { path: match[2]!, size: Number(match[1]) };
  }
  const lines = fs.readFileSync(path.join(repo, best.path), 'utf8').split('\n').length;
  return { path: best.path, lines };
}

function git(cwd: string, args: string[]): string {
  const run = spawnSync('git', ['-c', 'core.quotepath=false', ...args], { cwd, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
  return run.stdout.trim();
}

async function repeat<T>(times: number, action: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < times; i++) results.push(await action());
  return results;
}

function median<T extends number | WorkerResult>(values: T[]): T {
  const key = (value: T) => (typeof value === 'number' ? value : value.ms);
  return [...values].sort((a, b) => key(a) - key(b))[Math.floor(values.length / 2)]!;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const millis = (ms: number) => `${ms.toFixed(0)} ms`;
const ratio = (ms: number, baseline: number) => `${(ms / baseline).toFixed(2)}×`;
const log = (message: string) => process.stderr.write(`${message}\n`);

function formatTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FastImportWriter, type FileChange } from '../src/demo/fastImport';
import { gitEnv, runGit } from '../src/demo/git';
import { Prng } from '../src/demo/prng';

/**
 * A large deterministic repository for benchmarks, built once with `git fast-import` and cached
 * outside the project. Same options → same commit shas on every machine.
 */

export const SYNTHETIC_VERSION = 1;
const MARKER = 'change-risk-synthetic.json';
const BASE_REF = 'refs/change-risk/base';
const SEED = 0xc0ffee;
/** 2016-01-04 09:00 UTC: the history spans ten years from here. */
const START = 1451898000;
const SPAN = 10 * 365 * 24 * 3600;

export interface SyntheticRepoOptions {
  commits?: number;
  files?: number;
  /** Folder that holds the cached repositories; default `~/.cache/change-risk/bench`. */
  cacheDir?: string;
  /** Receives progress lines; default: written to stderr. */
  progress?: (line: string) => void;
}

export interface SyntheticRepo {
  root: string;
  commits: number;
  files: number;
  /** False when a complete cached repository was reused. */
  built: boolean;
}

interface Marker {
  version: number;
  complete: true;
  commits: number;
  files: number;
  baseSha: string;
  buildSeconds: number;
}

const APPS = ['billing', 'storefront', 'admin', 'search', 'payments', 'identity', 'notifications', 'reporting', 'catalog', 'shipping', 'inventory', 'analytics'];
const WORDS = [
  'account', 'address', 'adjustment', 'allocation', 'audit', 'balance', 'batch', 'cart', 'charge', 'checkout', 'coupon', 'credit', 'currency',
  'customer', 'delivery', 'discount', 'dispute', 'document', 'entry', 'event', 'export', 'feed', 'fulfillment', 'import', 'invoice', 'item',
  'ledger', 'limit', 'listing', 'mandate', 'merchant', 'notice', 'offer', 'order', 'parcel', 'payout', 'plan', 'price', 'profile', 'quote',
  'rate', 'receipt', 'refund', 'region', 'reminder', 'report', 'return', 'rule', 'schedule', 'session', 'settlement', 'shipment', 'sku',
  'statement', 'stock', 'subscription', 'supplier', 'tax', 'tenant', 'token', 'transfer', 'usage', 'voucher', 'warehouse', 'webhook',
];
const VERBS = ['sync', 'build', 'resolve', 'normalize', 'refresh', 'expire', 'lookup', 'serialize', 'validate', 'reconcile', 'schedule', 'apply'];
const KINDS: Array<[dir: string, suffix: string, weight: number]> = [
  ['app/models', '', 5], ['app/controllers', '_controller', 3], ['app/services/{d}', '', 5], ['app/jobs', '_job', 2],
  ['app/graphql/types', '_type', 2], ['spec/models', '_spec', 3], ['spec/services/{d}', '_spec', 3], ['lib/{a}', '', 2],
  ['config/initializers', '', 1], ['config/locales/{d}', '', 1], ['docs/{d}', '', 1],
];
const KIND_TOTAL = KINDS.reduce((sum, k) => sum + k[2], 0);

function camel(snake: string): string {
  return snake.replace(/(^|_)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

interface SynFile {
  path: string;
  lines: string[];
}

interface Author {
  name: string;
  email: string;
  tz: string;
  from: number;
  to: number;
}

function makeAuthors(prng: Prng): Author[] {
  const first = ['Ada', 'Ben', 'Chloe', 'Dmitri', 'Eva', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kemi', 'Lars', 'Maya', 'Nikolai', 'Olu', 'Priya', 'Quentin', 'Rosa', 'Sven', 'Tara'];
  const last = ['Adams', 'Brandt', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Huang', 'Ivanova', 'Jensen', 'Kowalski', 'Lopez', 'Moreau', 'Nakamura', 'Okafor', 'Petrov', 'Quinn', 'Rossi', 'Schmidt', 'Tanaka'];
  const zones = ['+0000', '+0100', '+0200', '-0500', '-0800', '+0530', '+0900'];
  const authors: Author[] = [];
  for (let i = 0; i < 40; i++) {
    const name = `${first[i % 20]} ${last[(i * 7 + 3 + Math.floor(i / 20)) % 20]}`;
    // Three founders stay for most of the decade; everyone else joins, stays one to six years, leaves.
    const from = i < 3 ? 0 : prng.next() * 0.9;
    const to = i < 3 ? 0.7 + 0.3 * prng.next() + (i === 0 ? 1 : 0) : Math.min(1.01, from + (1 + prng.next() * 5) / 10);
    authors.push({ name, email: `${name.toLowerCase().replace(' ', '.')}@example.com`, tz: prng.pick(zones), from, to });
  }
  return authors;
}

function fileBody(prng: Prng, filePath: string): string[] {
  const base = path.basename(filePath).replace(/\.\w+$/, '');
  if (filePath.endsWith('.yml')) return ['en:', ...Array.from({ length: prng.int(4, 14) }, (_, i) => `  ${base}_${i}: "${prng.pick(WORDS)} ${prng.pick(WORDS)}"`)];
  if (filePath.endsWith('.md')) return [`# ${camel(base)}`, '', ...Array.from({ length: prng.int(3, 10) }, () => `- ${prng.pick(VERBS)} the ${prng.pick(WORDS)} before the ${prng.pick(WORDS)}.`)];
  const lines = ['# frozen_string_literal: true', '', `class ${camel(base)}`];
  for (let m = prng.int(2, 6); m > 0; m--) lines.push(...method(prng));
  lines.push('end');
  return lines;
}

function method(prng: Prng): string[] {
  const name = `${prng.pick(VERBS)}_${prng.pick(WORDS)}`;
  return ['', `  def ${name}`, `    ${prng.pick(WORDS)} = fetch(:${prng.pick(WORDS)}, ${prng.int(1, 999)})`, `    ${prng.pick(WORDS)}.${prng.pick(VERBS)}`, '  end'];
}

/** Replaces one or two lines inside the body (never the first three or the last), or adds a method. */
function smallEdit(prng: Prng, file: SynFile): void {
  const lines = file.lines;
  if (file.path.endsWith('.rb') && lines.length < 60 && prng.chance(0.35)) {
    lines.splice(lines.length - 1, 0, ...method(prng));
    return;
  }
  for (let k = prng.int(1, 2); k > 0; k--) {
    const i = prng.int(3, Math.max(3, lines.length - 2));
    if (i >= lines.length - 1) lines.splice(lines.length - 1, 0, `  # ${prng.pick(WORDS)} ${prng.int(1, 9999)}`);
    else lines[i] = file.path.endsWith('.rb') ? `    ${prng.pick(WORDS)} = fetch(:${prng.pick(WORDS)}, ${prng.int(1, 999)}) # ${prng.pick(VERBS)}` : `  ${prng.pick(WORDS)}_${i}: "${prng.pick(WORDS)} ${prng.int(1, 99)}"`;
  }
}

function largestFile(prng: Prng): SynFile {
  const lines = ['# frozen_string_literal: true', '', '# The general ledger: one method per posting rule. Generated, then maintained by hand.', 'class GeneralLedger'];
  for (let i = 1; lines.length < 3990; i++) {
    const w = prng.pick(WORDS);
    lines.push('', `  def post_${w}_${String(i).padStart(4, '0')}(entry)`, `    debit = entry.amount * ${prng.int(1, 99)} / 100`, `    credit(entry.${w}, debit)`, `    audit(:${w}, entry.id)`, '  end');
  }
  lines.push('end');
  return { path: 'apps/billing/app/models/general_ledger.rb', lines };
}

const FIX = ['Fix {w} rounding in {C}', 'Fix nil {w} in {C}#{v}', 'Fix race when {v}ing {w}', 'hotfix: {v} {w} before charging', 'Fix flaky {C} spec', 'hotfix: restore {w} limit', 'Fix timezone bug in {C}'];
const DECOY = ['Add fixture for {w}s', 'Add prefix to {w} cache keys', 'debug logging for {C}', 'Prefix {w} ids with tenant', 'Add {w} fixtures and factories'];
const NORMAL = ['Add {w} to {C}', 'Refactor {C}#{v}', 'Extract {v}_{w} from {C}', 'Update {C} for new {w} rules', 'Support {w} in {C}', 'Clean up {C}', 'Move {w} logic into {C}', 'Speed up {C}#{v}'];
const BULK = ['Rubocop autocorrect', 'Bump copyright year', 'Run prettier on all files', 'Rename Api to API across the codebase', 'Remove trailing whitespace'];

/** Streams the whole history into `writer`. */
async function writeSynthetic(writer: FastImportWriter, commits: number, files: number, log: (text: string) => void): Promise<void> {
  const prng = new Prng(SEED ^ commits ^ (files << 8));
  const authors = makeAuthors(prng);
  const live: SynFile[] = [];
  const taken = new Set<string>();
  const ledger = largestFile(prng);
  taken.add(ledger.path);
  const step = SPAN / commits;
  // The large ledger file is one of `files`.
  const liveTarget = files - 1;
  const initialFiles = Math.max(1, Math.min(liveTarget, Math.round(files * 0.05)));
  const growUntil = Math.max(1, Math.floor(commits * 0.7));
  const incidentIds: number[] = [];
  let lastMessage = 'Initial import';

  const newPath = (): string => {
    for (;;) {
      let roll = prng.next() * KIND_TOTAL;
      const [dir, suffix] = KINDS.find((k) => (roll -= k[2]) < 0) ?? (KINDS[0] as [string, string, number]);
      const app = prng.pick(APPS);
      const top = prng.chance(0.8) ? `apps/${app}` : `packages/${app}_${prng.pick(['core', 'sdk', 'client'])}`;
      const ext = dir.startsWith('config/locales') ? '.yml' : dir.startsWith('docs') ? '.md' : '.rb';
      const candidate = `${top}/${dir.replace('{d}', prng.pick(WORDS)).replace('{a}', app)}/${prng.pick(WORDS)}_${prng.pick(WORDS)}${suffix}${ext}`;
      if (!taken.has(candidate)) {
        taken.add(candidate);
        return candidate;
      }
    }
  };
  const addFile = (changes: FileChange[]) => {
    const p = newPath();
    const file = { path: p, lines: fileBody(prng, p) };
    live.push(file);
    changes.push({ op: 'M', path: p, content: file.lines.join('\n') + '\n' });
  };
  const modify = (file: SynFile, changes: FileChange[]) => changes.push({ op: 'M', path: file.path, content: file.lines.join('\n') + '\n' });
  const pickHot = (): SynFile => (prng.chance(0.2) ? (live[live.length - 1 - prng.int(0, Math.min(50, live.length - 1))] as SynFile) : (live[prng.zipfIndex(live.length)] as SynFile));
  const fill = (template: string, file: SynFile) =>
    template
      .replace('{w}', prng.pick(WORDS))
      .replace('{v}', prng.pick(VERBS))
      .replace('{C}', camel(path.basename(file.path).replace(/\.\w+$/, '')));

  for (let i = 0; i < commits; i++) {
    const time = Math.floor(START + i * step + prng.next() * step * 0.5);
    const at = i / commits;
    const active = authors.filter((a) => a.from <= at && at <= a.to);
    const author = prng.pick(active.length > 0 ? active : authors);
    const changes: FileChange[] = [];
    let message: string;
    if (i === 0) {
      for (let k = 0; k < initialFiles; k++) addFile(changes);
      modify(ledger, changes);
      message = 'Initial import';
    } else {
      const roll = prng.next();
      const target = i >= growUntil ? liveTarget : initialFiles + Math.floor(((liveTarget - initialFiles) * i) / growUntil);
      if (roll < 0.01 && live.length > 1) {
        const touched = new Set<SynFile>();
        const want = Math.min(live.length, prng.int(60, 200));
        while (touched.size < want) touched.add(live[prng.int(0, live.length - 1)] as SynFile);
        message = prng.pick(BULK);
        for (const file of touched) {
          // One header line per file, like a tool run over the whole tree.
          file.lines[1] = `# ${message.toLowerCase()} (${new Date(time * 1000).getUTCFullYear()})`;
          modify(file, changes);
        }
      } else if (roll < 0.03 && live.length > 2) {
        const file = live[prng.int(0, live.length - 1)] as SynFile;
        const dir = path.posix.dirname(file.path);
        const inDir = live.filter((f) => f.path.startsWith(dir + '/'));
        const newDir = `${path.posix.dirname(dir)}/${prng.pick(WORDS)}${prng.chance(0.5) ? '_v2' : 's'}`;
        const moveDir = prng.chance(0.25) && inDir.length <= 30 && !ledger.path.startsWith(dir + '/');
        if (moveDir && ![...taken].some((p) => p.startsWith(newDir + '/'))) {
          changes.push({ op: 'R', from: dir, to: newDir });
          for (const f of inDir) {
            taken.delete(f.path);
            f.path = newDir + f.path.slice(dir.length);
            taken.add(f.path);
          }
          message = `Move ${path.posix.basename(dir)} to ${path.posix.basename(newDir)}`;
        } else {
          const ext = path.posix.extname(file.path);
          let to = `${dir}/${prng.pick(WORDS)}_${prng.pick(WORDS)}${ext}`;
          while (taken.has(to)) to = `${dir}/${prng.pick(WORDS)}_${prng.pick(WORDS)}_${prng.int(2, 99)}${ext}`;
          changes.push({ op: 'R', from: file.path, to });
          taken.delete(file.path);
          taken.add(to);
          const oldName = camel(path.posix.basename(file.path, ext));
          file.path = to;
          const newName = camel(path.posix.basename(to, ext));
          file.lines = file.lines.map((l) => l.replace(`class ${oldName}`, `class ${newName}`));
          smallEdit(prng, file);
          modify(file, changes);
          message = `Rename ${oldName} to ${newName}`;
        }
      } else if (roll < 0.035 && live.length > 10 && i > commits * 0.05) {
        const index = prng.int(Math.floor(live.length / 2), live.length - 1);
        const [file] = live.splice(index, 1) as [SynFile];
        taken.delete(file.path);
        changes.push({ op: 'D', path: file.path });
        if (i >= growUntil) addFile(changes);
        message = `Remove unused ${camel(path.posix.basename(file.path).replace(/\.\w+$/, ''))}`;
      } else if (roll < 0.04) {
        const start = 10 + 70 * prng.int(0, 50);
        const count = prng.int(5, 25);
        for (let k = start; k < start + count && k < ledger.lines.length - 1; k++) {
          if (ledger.lines[k]?.startsWith('    ')) ledger.lines[k] = `    ${prng.pick(WORDS)}(entry, ${prng.int(1, 999)}) # r${i}`;
        }
        modify(ledger, changes);
        message = fill(prng.chance(0.3) ? FIX[0] as string : 'Adjust {w} posting rules in GeneralLedger', ledger);
      } else {
        const count = prng.pick([1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5]);
        const touched = new Set<SynFile>();
        if (live.length > 0) for (let k = 0; k < count; k++) touched.add(pickHot());
        for (const file of touched) {
          smallEdit(prng, file);
          modify(file, changes);
        }
        const first = [...touched][0] ?? ledger;
        const kind = prng.next();
        if (kind < 0.1) {
          message = prng.chance(0.15) ? `Revert "${lastMessage.replace(/"/g, "'")}"` : fill(prng.pick(FIX), first);
          if (prng.chance(0.3)) {
            const id = prng.chance(0.3) && incidentIds.length > 0 ? prng.pick(incidentIds) : 100 + incidentIds.length;
            if (!incidentIds.includes(id)) incidentIds.push(id);
            message += ` (INC-${id})`;
          }
        } else if (kind < 0.13) message = fill(prng.pick(DECOY), first);
        else message = fill(prng.pick(NORMAL), first);
      }
      while (live.length < target) addFile(changes);
      if (changes.length === 0) {
        smallEdit(prng, ledger);
        modify(ledger, changes);
      }
    }
    lastMessage = message;
    await writer.commit({ ref: 'refs/heads/main', author: { name: author.name, email: author.email, time, tz: author.tz }, message: message + '\n', changes });
    if ((i + 1) % 10000 === 0 || i + 1 === commits) log(`  ${i + 1}/${commits} commits, ${live.length + 1} files`);
  }
  if (live.length + 1 !== files) throw new Error(`synthetic: ended with ${live.length + 1} files instead of ${files}`);
}

function readMarker(root: string): Marker | undefined {
  try {
    const marker = JSON.parse(fs.readFileSync(path.join(root, '.git', MARKER), 'utf8')) as Marker;
    return marker.complete && marker.version === SYNTHETIC_VERSION ? marker : undefined;
  } catch {
    return undefined;
  }
}

/** Where `ensureSyntheticRepo` keeps a repository of this size. */
export function syntheticRepoPath(options: SyntheticRepoOptions = {}): string {
  const commits = options.commits ?? 100_000;
  const files = options.files ?? 20_000;
  const cacheDir = options.cacheDir ? path.resolve(options.cacheDir) : path.join(os.homedir(), '.cache', 'change-risk', 'bench');
  return path.join(cacheDir, `synthetic-${commits}-${files}-v${SYNTHETIC_VERSION}`);
}

/**
 * Returns the cached synthetic repository, building it first when no complete one exists.
 * The history: ten years, ~40 authors coming and going, Zipf-skewed hot files, ~1% bulk commits,
 * ~2% renames and directory moves, ~10% fix-like messages, and one ~4,000-line file.
 * One file of `files` is that large file. Progress goes to stderr.
 */
export async function ensureSyntheticRepo(options: SyntheticRepoOptions = {}): Promise<SyntheticRepo> {
  const commits = options.commits ?? 100_000;
  const files = options.files ?? 20_000;
  if (commits < 2 || files < 2) throw new Error('synthetic: need at least 2 commits and 2 files');
  const root = syntheticRepoPath(options);
  if (readMarker(root)) return { root, commits, files, built: false };

  const log = options.progress ?? ((text: string) => process.stderr.write(`[synthetic] ${text}\n`));
  const started = Date.now();
  const work = `${root}.tmp-${process.pid}`;
  fs.rmSync(work, { recursive: true, force: true });
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  log(`building ${commits} commits / ${files} files in ${root}`);
  await runGit(work, ['init', '--quiet', '--initial-branch=main']);
  await runGit(work, ['config', 'core.quotepath', 'false']);
  await runGit(work, ['config', 'gc.auto', '0']);
  const writer = FastImportWriter.start(work);
  try {
    await writeSynthetic(writer, commits, files, log);
    await writer.finish();
  } catch (error) {
    writer.abort();
    fs.rmSync(work, { recursive: true, force: true });
    throw error;
  }
  log(`imported in ${((Date.now() - started) / 1000).toFixed(1)} s; writing the commit-graph and checking out`);
  await runGit(work, ['commit-graph', 'write', '--reachable']);
  await runGit(work, ['reset', '--quiet', '--hard']);
  const baseSha = await runGit(work, ['rev-parse', 'HEAD']);
  await runGit(work, ['update-ref', BASE_REF, baseSha]);
  const marker: Marker = { version: SYNTHETIC_VERSION, complete: true, commits, files, baseSha, buildSeconds: (Date.now() - started) / 1000 };
  fs.writeFileSync(path.join(work, '.git', MARKER), JSON.stringify(marker, null, 2) + '\n');
  fs.renameSync(work, root);
  log(`done in ${marker.buildSeconds.toFixed(1)} s`);
  return { root, commits, files, built: true };
}

/** Reads blobs `HEAD:<path>` with one `git cat-file --batch`. */
function readBlobs(root: string, paths: string[]): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd: root, env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`git cat-file failed: ${stderr}`));
      const data = Buffer.concat(out);
      const blobs = new Map<string, string>();
      let offset = 0;
      for (const p of paths) {
        const eol = data.indexOf(10, offset);
        const header = data.subarray(offset, eol).toString();
        const size = Number(header.split(' ')[2]);
        if (!/ blob \d+$/.test(header)) return reject(new Error(`git cat-file: ${header} for ${p}`));
        blobs.set(p, data.subarray(eol + 1, eol + 1 + size).toString('utf8'));
        offset = eol + 1 + size + 1;
      }
      resolve(blobs);
    });
    child.stdin.end(paths.map((p) => `HEAD:${p}\n`).join(''));
  });
}

/**
 * Adds `n` deterministic commits on top of `main` (same base + seed → same shas) and updates the
 * working tree. Returns the new HEAD sha. Undo with `resetToBase`.
 */
export async function appendCommits(root: string, n: number, seed: number): Promise<string> {
  const prng = new Prng(seed);
  const base = await runGit(root, ['rev-parse', 'refs/heads/main']);
  const baseTime = Number(await runGit(root, ['log', '-1', '--format=%ct', base]));
  const all = (await runGit(root, ['ls-tree', '-r', '--name-only', base])).split('\n').filter((p) => p.endsWith('.rb'));
  if (all.length === 0) throw new Error(`synthetic: no Ruby files in ${root}`);
  const plan = Array.from({ length: n }, () => [...new Set(Array.from({ length: prng.int(1, 3) }, () => all[prng.zipfIndex(all.length)] as string))]);
  const contents = await readBlobs(root, [...new Set(plan.flat())]);
  const files = new Map<string, SynFile>([...contents].map(([p, text]) => [p, { path: p, lines: text.replace(/\n$/, '').split('\n') }]));
  const writer = FastImportWriter.start(root);
  try {
    for (let k = 0; k < n; k++) {
      const changes: FileChange[] = [];
      for (const p of plan[k] as string[]) {
        const file = files.get(p) as SynFile;
        smallEdit(prng, file);
        changes.push({ op: 'M', path: p, content: file.lines.join('\n') + '\n' });
      }
      const who = { name: 'Bench Runner', email: 'bench@example.com', time: baseTime + (k + 1) * 600, tz: '+0000' };
      await writer.commit({ ref: 'refs/heads/main', from: k === 0 ? base : undefined, author: who, message: `Incremental change ${k + 1} of ${n} (seed ${seed})\n`, changes });
    }
    await writer.finish();
  } catch (error) {
    writer.abort();
    throw error;
  }
  await runGit(root, ['reset', '--quiet', '--hard']);
  return runGit(root, ['rev-parse', 'HEAD']);
}

/** Moves `main` (and the working tree) back to the commit the repository was built with. */
export async function resetToBase(root: string): Promise<string> {
  const base = await runGit(root, ['rev-parse', BASE_REF]);
  await runGit(root, ['update-ref', 'refs/heads/main', base]);
  await runGit(root, ['reset', '--quiet', '--hard']);
  return base;
}

/**
 * Real-world commit histories for `change-risk backtest`, rebuilt from the GNU-style ChangeLog files
 * shipped in release tarballs (GCC, binutils, glibc…: Debian's `gcc-12-source`, `binutils-source`,
 * `glibc-source`), for machines with no access to the projects' git repositories.
 *
 * Every ChangeLog entry (`DATE  NAME  <EMAIL>` then tab-indented lines) becomes one commit, via
 * `git fast-import`, authored by NAME <EMAIL> on DATE; the message is the entry's text (so
 * `PR c++/12345`, `[BZ #123]`, "Fix …" lines reach the fix patterns). The commit touches every file
 * its `* file (function): …` bullets name, relative to the ChangeLog's folder.
 *
 * Approximations (documented, deterministic):
 * - Files are named as in the final tarball: a `.c` named in an old entry is the `.cc` GCC renamed
 *   it to in 2022 when only the `.cc` exists. The ChangeLog files themselves are left out.
 * - Only files "owned" by the chosen folders are kept (the nearest folder holding a ChangeLog is one
 *   of them), minus `--exclude` (a regular expression, e.g. testsuites).
 * - Lines of code: L = the file's line count in the tarball (files no longer in it: the median L of
 *   the corpus's files with the same extension, else of all). A file touched N times in the span is
 *   L/2 lines before its first touch and round(L·(1 + k/N)/2) after its k-th: it reaches L gradually.
 * - Files that exist before the span (their first bullet does not say "New") are added by one
 *   import commit a day before the span starts, as are tarball files never named; it touches more
 *   than `bulkCommitFiles` files, so the engine leaves it out of every count. A file whose first
 *   bullet says "New file" is added by that commit.
 * - A file absent from the final tarball exists from its first mention to its last: added by the
 *   one, deleted by the other (a file named once, such as a misspelt name, never exists).
 * - Time: the entry's date, 08:00 UTC, plus one minute per earlier entry of the same day (entries of
 *   a day are ordered by ChangeLog path, then oldest first as the file lists them bottom-up).
 * - Contents: line 1 names the file and its revision, the other lines are empty (the backtest only
 *   counts lines; empty lines keep the stream small).
 * - `.changerisk/config.yaml` adds fix patterns for the projects' bug references (`PR comp/NNN`,
 *   `PR NNN`, `[BZ #NNN]`) to the defaults.
 *
 * Run:    npm run build && node dist/changelogHistory.js --src /tmp/src/gcc-12.2.0 --dirs gcc/cp,gcc/c \
 *           --since 2005-01-01 --exclude '(^|/)testsuite/' --name gcc-frontends
 *         (the sources: `apt-get download gcc-12-source`, `dpkg -x` it, untar the tarball inside;
 *         docs/backtest-corpora.md lists the corpora measured and their commands)
 * Output: ~/.cache/change-risk/backtest-corpora/<name> (a git repository, branch main, checked out).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { FastImportWriter, type FileChange } from '../src/demo/fastImport';

interface Options {
  src: string;
  dirs: string[];
  since: string;
  until: string;
  exclude?: RegExp;
  name: string;
  out: string;
}

interface Entry {
  date: string; // YYYY-MM-DD
  name: string;
  email: string;
  body: string;
  /** Files with, for each, whether its bullet reads as creation / removal. */
  files: Map<string, { created: boolean; removed: boolean }>;
  log: string;
  position: number;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const ISO_HEADER = /^(\d{4})-(\d{2})-(\d{2})\s+(.*?)\s*(?:<([^>]*)>)?\s*$/;
const OLD_HEADER = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+(\d+)\s+[\d:]+\s+(?:[A-Z]{3,5}\s+)?(\d{4})\s+(.*?)\s*(?:<([^>]*)>)?\s*$/;
const FILE_TOKEN = /^[A-Za-z0-9_.+\/-]+$/;
const CREATED = /\b(new( file)?\b|new\.|created?\b|add(ed)? (new )?file)/i;
const REMOVED = /\b(remove[sd]?|delete[sd]?|moved? to|renamed? to)\b/i;
const FIX_PATTERNS = [
  // The engine's defaults (src/core/team/schema.ts DEFAULT_FIX_PATTERNS)…
  '\\bfix(e[sd]|ing)?\\b',
  '\\b(bug|hot|quick)-?fix(e[sd]|ing)?\\b',
  '\\bbugs?\\b',
  '\\brevert(s|ed|ing)?\\b',
  '\\bregress(ion|ions|ed)?\\b',
  // …and the GNU projects' bug references: "PR c++/12345", "PR 12345", "PR ld/123", "[BZ #123]".
  '\\bPR\\s+[\\w+.-]+/\\d+',
  '\\bPR\\s*#?\\d{3,}\\b',
  '\\bBZ\\s*#\\s*\\d+',
];

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      src: { type: 'string' },
      dirs: { type: 'string' },
      name: { type: 'string' },
      since: { type: 'string', default: '2000-01-01' },
      until: { type: 'string', default: '9999-12-31' },
      exclude: { type: 'string' },
      out: { type: 'string' },
    },
  });
  if (!values.src || !values.dirs || !values.name) {
    console.error('usage: changelogHistory --src TARBALL_ROOT --dirs a,b --name NAME [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--exclude REGEX] [--out DIR]');
    process.exit(2);
  }
  return {
    src: path.resolve(values.src),
    dirs: values.dirs.split(',').map((dir) => (dir === '.' ? '' : dir.replace(/\/+$/, ''))),
    since: values.since,
    until: values.until,
    ...(values.exclude ? { exclude: new RegExp(values.exclude) } : {}),
    name: values.name,
    out: path.resolve(values.out ?? path.join(os.homedir(), '.cache', 'change-risk', 'backtest-corpora', values.name)),
  };
}

/** Every file of the tarball (posix paths relative to its root), sorted. */
function walk(root: string): string[] {
  const files: string[] = [];
  const visit = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) visit(child);
      else if (entry.isFile()) files.push(child);
    }
  };
  visit('');
  return files.sort();
}

function changeLogsOf(src: string, dir: string): string[] {
  const logs: string[] = [];
  const base = path.join(src, dir);
  for (const name of fs.readdirSync(base).sort()) if (/^ChangeLog(-\d+)?$/.test(name)) logs.push(dir ? `${dir}/${name}` : name);
  const old = path.join(base, 'ChangeLog.old');
  if (fs.existsSync(old) && fs.statSync(old).isDirectory()) {
    for (const name of fs.readdirSync(old).sort()) if (/^ChangeLog\.\d+$/.test(name)) logs.push(dir ? `${dir}/ChangeLog.old/${name}` : `ChangeLog.old/${name}`);
  }
  return logs;
}

function parseChangeLog(text: string, log: string): (Omit<Entry, 'files'> & { bullets: string[] })[] {
  const entries: (Omit<Entry, 'files'> & { bullets: string[] })[] = [];
  let current: (Omit<Entry, 'files'> & { bullets: string[]; lines: string[] }) | undefined;
  const close = () => {
    if (!current) return;
    const lines = current.lines;
    while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
    while (lines.length > 0 && lines[0]!.trim() === '') lines.shift();
    current.body = lines.map((line) => line.replace(/^(\t| {8})/, '')).join('\n');
    // Bullets: "* a.c, b.c (fn): …", possibly wrapped before the colon.
    const bullets: string[] = [];
    for (let i = 0; i < lines.length; i++) {
      const match = /^\s+\*\s+(.*)$/.exec(lines[i]!);
      if (!match) continue;
      let text = match[1]!;
      for (let j = i + 1; j < Math.min(lines.length, i + 4) && !text.includes(':'); j++) {
        if (/^\s+\*\s/.test(lines[j]!) || lines[j]!.trim() === '') break;
        text += ` ${lines[j]!.trim()}`;
      }
      let rest = '';
      for (let j = i; j < Math.min(lines.length, i + 3); j++) rest += ` ${lines[j]}`;
      bullets.push(`${text}\u0000${rest}`);
    }
    current.bullets = bullets;
    const { lines: _lines, ...entry } = current;
    entries.push(entry);
    current = undefined;
  };
  let position = 0;
  for (const line of text.split('\n')) {
    if (line.length > 0 && !/^\s/.test(line)) {
      close();
      let match = ISO_HEADER.exec(line);
      let date: string | undefined;
      let name = '';
      let email = '';
      if (match) {
        date = `${match[1]}-${match[2]}-${match[3]}`;
        name = match[4]!;
        email = match[5] ?? '';
      } else if ((match = OLD_HEADER.exec(line))) {
        const month = MONTHS.indexOf(match[1]!) + 1;
        date = `${match[3]}-${String(month).padStart(2, '0')}-${match[2]!.padStart(2, '0')}`;
        name = match[4]!;
        email = match[5] ?? '';
      }
      if (date && Number(date.slice(5, 7)) >= 1 && Number(date.slice(5, 7)) <= 12 && Number(date.slice(8)) >= 1 && Number(date.slice(8)) <= 31) {
        const inner = /<([^>]*)>/.exec(name);
        if (!email && inner) email = inner[1]!;
        name = name.replace(/<[^>]*>/g, ' ').replace(/[<>\n]/g, ' ').replace(/[\s,&]+$/, '');
        email = email.replace(/[<>\s]/g, '');
        current = { date, name: name.replace(/\s+/g, ' ').trim() || 'unknown', email: email || 'unknown@invalid', body: '', log, position: position++, bullets: [], lines: [] };
      }
      continue;
    }
    current?.lines.push(line);
  }
  close();
  return entries;
}

/** The file tokens of a bullet's text before its colon. */
function fileTokens(bullet: string): string[] {
  let head = bullet.split('\u0000')[0]!;
  const colon = head.indexOf(':');
  if (colon !== -1) head = head.slice(0, colon);
  // Drop "(function names)" and "[conditions]", nested or not.
  for (let previous = ''; previous !== head; ) {
    previous = head;
    head = head.replace(/\([^()]*\)/g, ' ').replace(/\[[^\[\]]*\]/g, ' ');
  }
  head = head.replace(/[(\[].*$/, ' ');
  return head
    .split(/[\s,]+/)
    .map((token) => token.replace(/^\.\//, ''))
    .filter((token) => token.length > 0 && FILE_TOKEN.test(token));
}

function median(values: number[]): number {
  if (values.length === 0) return 100;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function lineCount(file: string): number {
  const data = fs.readFileSync(file);
  let lines = 0;
  for (let i = 0; i < data.length; i++) if (data[i] === 10) lines++;
  if (data.length > 0 && data[data.length - 1] !== 10) lines++;
  return Math.max(1, lines);
}

function content(filePath: string, revision: number, lines: number): Buffer {
  const first = Buffer.from(`${filePath} r${revision}\n`, 'utf8');
  const buffer = Buffer.alloc(first.length + Math.max(0, lines - 1), 10);
  first.copy(buffer, 0);
  return buffer;
}

async function main(): Promise<void> {
  const options = readOptions();
  const started = Date.now();
  const log = (message: string) => console.error(`[${((Date.now() - started) / 1000).toFixed(0)}s] ${message}`);
  const all = walk(options.src);
  const inTarball = new Set(all);
  const changeLogDirs = new Set(all.filter((file) => /(^|\/)ChangeLog(-\d+)?$/.test(file)).map((file) => path.posix.dirname(file)));
  const corpusDirs = new Set(options.dirs.map((dir) => (dir === '' ? '.' : dir)));
  // A chosen folder owns its files even when its ChangeLogs were all archived (glibc: ChangeLog.old/).
  for (const dir of corpusDirs) changeLogDirs.add(dir);
  const ownerOf = (file: string): string | undefined => {
    for (let dir = path.posix.dirname(file); ; dir = path.posix.dirname(dir)) {
      if (changeLogDirs.has(dir)) return dir;
      if (dir === '.' || dir === '/' || dir === '') return undefined;
    }
  };
  const keep = (file: string) => {
    if (/(^|\/)ChangeLog([-.][\w.-]*)?$/.test(file) || file.startsWith('.changerisk/')) return false;
    if (options.exclude?.test(file)) return false;
    const owner = ownerOf(file);
    return owner !== undefined && corpusDirs.has(owner);
  };
  const tarballFiles = all.filter(keep);
  const lines = new Map<string, number>();
  for (const file of tarballFiles) lines.set(file, lineCount(path.join(options.src, file)));
  const byExtension = new Map<string, number[]>();
  for (const [file, count] of lines) {
    const ext = path.posix.extname(file);
    byExtension.set(ext, [...(byExtension.get(ext) ?? []), count]);
  }
  const overallMedian = median([...lines.values()]);
  const medianByExt = new Map([...byExtension].map(([ext, counts]) => [ext, median(counts)]));
  log(`${tarballFiles.length} files in the tarball under ${options.dirs.join(', ')}`);

  /**
   * A bullet's token as a path: relative to the ChangeLog's folder, else to a folder above it (entries
   * write "cp/call.c" in gcc/cp or "gcc/cp/call.c"), a `.c` renamed `.cc` (GCC, 2022) counting as the `.cc`.
   */
  const resolve = (dir: string, token: string): string | undefined => {
    const candidates: string[] = [];
    for (let base = dir; ; base = path.posix.dirname(base)) {
      candidates.push(path.posix.normalize(base && base !== '.' ? `${base}/${token}` : token));
      if (!base || base === '.' || base === '/') break;
    }
    for (const candidate of candidates) {
      if (inTarball.has(candidate)) return candidate;
      if (candidate.endsWith('.c') && inTarball.has(`${candidate}c`)) return `${candidate}c`;
    }
    const own = candidates[0]!;
    return own.startsWith('..') ? undefined : own;
  };

  // Parse every ChangeLog of the chosen folders.
  const entries: Entry[] = [];
  let unresolved = 0;
  for (const dir of options.dirs) {
    for (const logPath of changeLogsOf(options.src, dir)) {
      const text = fs.readFileSync(path.join(options.src, logPath), 'latin1');
      for (const parsed of parseChangeLog(text, logPath)) {
        if (parsed.date < options.since || parsed.date > options.until) continue;
        const files = new Map<string, { created: boolean; removed: boolean }>();
        for (const bullet of parsed.bullets) {
          const rest = bullet.split('\u0000')[1] ?? '';
          const afterColon = rest.slice(rest.indexOf(':') + 1);
          for (const token of fileTokens(bullet)) {
            if (/^\d[\d.]*$/.test(token)) continue;
            const file = resolve(dir, token);
            if (file === undefined) continue;
            const base = path.posix.basename(file);
            if (!inTarball.has(file) && !/\.[A-Za-z][A-Za-z0-9]{0,7}$/.test(base) && !/^(Makefile|configure|README|NEWS|TODO)/.test(base)) {
              unresolved++;
              continue;
            }
            if (!keep(file)) continue;
            const flags = files.get(file) ?? { created: false, removed: false };
            flags.created ||= CREATED.test(afterColon);
            flags.removed ||= REMOVED.test(afterColon);
            files.set(file, flags);
          }
        }
        if (files.size > 0) entries.push({ ...parsed, files });
      }
    }
  }
  // Oldest first; within a day by ChangeLog path, then bottom-up (ChangeLogs list newest first).
  entries.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.log < b.log ? -1 : a.log > b.log ? 1 : b.position - a.position));
  log(`${entries.length} entries with files since ${options.since} (${unresolved} bullet tokens not taken for files)`);

  // Touch counts, first and last mentions.
  const touches = new Map<string, number>();
  const firstEntry = new Map<string, Entry>();
  const lastEntry = new Map<string, Entry>();
  for (const entry of entries) {
    for (const file of entry.files.keys()) {
      touches.set(file, (touches.get(file) ?? 0) + 1);
      if (!firstEntry.has(file)) firstEntry.set(file, entry);
      lastEntry.set(file, entry);
    }
  }
  const finalLines = (file: string) => lines.get(file) ?? medianByExt.get(path.posix.extname(file)) ?? overallMedian;
  const sizeAfter = (file: string, k: number) => Math.max(1, Math.round((finalLines(file) * (1 + k / Math.max(1, touches.get(file) ?? 0))) / 2));

  fs.rmSync(options.out, { recursive: true, force: true });
  fs.mkdirSync(options.out, { recursive: true });
  const git = (args: string[]) => {
    const result = spawnSync('git', args, { cwd: options.out, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed`);
    return result.stdout.toString();
  };
  git(['init', '-q', '-b', 'main']);
  const writer = FastImportWriter.start(options.out);
  const commit = (time: number, name: string, email: string, message: string, changes: FileChange[]) =>
    writer.commit({ ref: 'refs/heads/main', author: { name, email, time, tz: '+0000' }, message: `${message.trim() || '(no message)'}\n`, changes });
  const modify = (file: string, revision: number, count: number): FileChange => ({ op: 'M', path: file, content: content(file, revision, count) });

  // The import commit: the tree as it stood before the span.
  const sinceTime = Date.parse(`${options.since}T08:00:00Z`) / 1000 - 24 * 3600;
  const config = ['# Written by bench/changelogHistory.ts', 'history:', '  fixPatterns:', ...FIX_PATTERNS.map((p) => `    - '${p}'`), ''].join('\n');
  const imported: FileChange[] = [{ op: 'M', path: '.changerisk/config.yaml', content: config }];
  const revision = new Map<string, number>();
  const alive = new Set<string>();
  const initial = new Set<string>([...tarballFiles.filter((file) => !firstEntry.has(file))]);
  // Files gone from the tarball live from their first mention to their last only (typos vanish).
  for (const [file, entry] of firstEntry) if (!entry.files.get(file)!.created && inTarball.has(file)) initial.add(file);
  for (const file of [...initial].sort()) {
    imported.push(modify(file, 0, touches.has(file) ? sizeAfter(file, 0) : finalLines(file)));
    revision.set(file, 0);
    alive.add(file);
  }
  await commit(sinceTime, 'Import', 'import@invalid', `Import the tree as of ${options.since} (reconstructed from ChangeLogs)`, imported);

  let day = '';
  let minute = 0;
  let deleted = 0;
  for (const entry of entries) {
    minute = entry.date === day ? minute + 1 : 0;
    day = entry.date;
    const time = Date.parse(`${entry.date}T08:00:00Z`) / 1000 + Math.min(minute, 15 * 60) * 60;
    const changes: FileChange[] = [];
    for (const file of [...entry.files.keys()].sort()) {
      const k = (revision.get(file) ?? 0) + 1;
      revision.set(file, k);
      if (!inTarball.has(file) && lastEntry.get(file) === entry) {
        if (alive.has(file)) {
          changes.push({ op: 'D', path: file });
          deleted++;
        }
        alive.delete(file);
        continue;
      }
      changes.push(modify(file, k, sizeAfter(file, k)));
      alive.add(file);
    }
    await commit(time, entry.name, entry.email, entry.body, changes);
  }
  await writer.finish();
  git(['reset', '-q', '--hard', 'main']);
  const commits = git(['rev-list', '--count', 'main']).trim();
  const head = git(['rev-parse', 'main']).trim();
  const marker = {
    name: options.name,
    src: path.basename(options.src),
    dirs: options.dirs,
    since: options.since,
    until: options.until,
    exclude: options.exclude?.source ?? null,
    commits: Number(commits),
    entries: entries.length,
    filesAtHead: alive.size,
    filesEverTouched: touches.size,
    deletedFiles: deleted,
    linesAtHead: [...alive].reduce((sum, file) => sum + finalLines(file), 0),
    head,
  };
  fs.writeFileSync(path.join(options.out, '.git', 'changelog-corpus.json'), `${JSON.stringify(marker, null, 2)}\n`);
  log(JSON.stringify(marker));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});

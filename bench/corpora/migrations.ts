// Runs the migration and feature-flag detectors over the last N commits that touch db/migrate in development
// corpora, and prints counts per operation and per flag change with a few examples. Evaluation aid, not a test.
//
//   npx tsx bench/corpora/migrations.ts [--commits 40] [--flags-path app] [--no-grep] [corpus…]
//
// Flags checked in a commit are looked up at its parent with `git grep` (as the lead's integration will), so a new
// check of an existing flag counts as "checked"; environment variables likewise (`reallyNewEnvVars`).
//
// Corpora: ${CHANGE_RISK_CORPORA:-~/.cache/change-risk-corpora}/<name> (default: openstreetmap-website rubygems.org
// publisher). Each commit is compared with its first parent (`git diff -U0 -M`), as the CLI compares a branch.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ChangedFile } from '../../src/core/change/change';
import { reallyNewEnvVars } from '../../src/core/change/envVars';
import { featureFlagChanges, featureFlagChangesAtBase, type FlagChange } from '../../src/core/change/featureFlags';
import { namesMentionedAt } from '../../src/core/git/grep';
import { analyseMigrations, migrationKind, type MigrationSummary } from '../../src/core/change/migrations';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(name);
  if (at === -1) return fallback;
  const value = args[at + 1] ?? fallback;
  args.splice(at, 2);
  return value;
};
const commits = Number(option('--commits', '40'));
const flagsPath = option('--flags-path', '');
const noGrep = args.includes('--no-grep');
if (noGrep) args.splice(args.indexOf('--no-grep'), 1);
const corporaDir = process.env.CHANGE_RISK_CORPORA ?? join(homedir(), '.cache', 'change-risk-corpora');
const corpora = args.length > 0 ? args : ['openstreetmap-website', 'rubygems.org', 'publisher'];

const git = (cwd: string, ...a: string[]) => execFileSync('git', a, { cwd, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });

/** A commit's files as the engine sees a change: `git diff -U0 -M parent commit`, texts of the new versions. */
function changedFiles(cwd: string, sha: string): Array<ChangedFile & { newText?: string; oldText?: string }> {
  const files: Array<ChangedFile & { newText?: string; oldText?: string }> = [];
  let current: (typeof files)[number] | undefined;
  for (const line of git(cwd, '-c', 'core.quotepath=false', 'diff', '-U0', '-M', '--no-color', `${sha}^`, sha, '--').split('\n')) {
    const header = /^diff --git a\/(.*) b\/(.*)$/.exec(line);
    if (header) {
      current = { path: header[2]!, status: 'modified', binary: false, added: 0, removed: 0, oldHunks: [], newHunks: [], addedLines: [], removedLines: [] };
      files.push(current);
    } else if (!current) continue;
    else if (line.startsWith('new file mode')) current.status = 'added';
    else if (line.startsWith('deleted file mode')) current.status = 'deleted';
    else if (line.startsWith('rename from ')) (current.status = 'renamed'), (current.oldPath = line.slice(12));
    else if (line.startsWith('@@')) {
      const hunk = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line)!;
      current.oldHunks.push({ start: Number(hunk[1]), count: hunk[2] === undefined ? 1 : Number(hunk[2]) });
      current.newHunks.push({ start: Number(hunk[3]), count: hunk[4] === undefined ? 1 : Number(hunk[4]) });
    } else if (line.startsWith('+') && !line.startsWith('+++ ')) current.addedLines.push(line.slice(1)), current.added++;
    else if (line.startsWith('-') && !line.startsWith('--- ')) current.removedLines.push(line.slice(1)), current.removed++;
  }
  for (const file of files) {
    // Whole texts where the detectors use them: schema dumps and flag declaration files.
    if (file.status !== 'deleted' && (migrationKind(file.path) === 'schema' || /config\/features\.rb$|flipper[^/]*\.ya?ml$/.test(file.path))) {
      file.newText = git(cwd, 'show', `${sha}:${file.path}`);
      if (file.status === 'modified') file.oldText = git(cwd, 'show', `${sha}^:${file.path}`);
    }
  }
  return files;
}

const opCounts = new Map<string, number>();
const flagCounts = new Map<string, number>();
const examples: Array<{ corpus: string; sha: string; subject: string; summary: MigrationSummary }> = [];
const flagExamples: Array<{ corpus: string; sha: string; subject: string; change: FlagChange }> = [];
const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
let summaries = 0;
const envVars: string[] = [];
const byOrder = new Map<string, number>();
const byRollback = new Map<string, number>();

async function main(): Promise<void> {
for (const corpus of corpora) {
  const cwd = join(corporaDir, corpus);
  if (!existsSync(cwd)) {
    console.error(`skipped ${corpus}: not in ${corporaDir}`);
    continue;
  }
  const paths = flagsPath ? [flagsPath] : ['db/migrate'];
  const shas = git(cwd, 'log', '--no-merges', `-${commits}`, '--format=%H', 'HEAD', '--', ...paths).split('\n').filter(Boolean);
  for (const sha of shas) {
    const subject = git(cwd, 'log', '-1', '--format=%s', sha).trim();
    const files = changedFiles(cwd, sha);
    for (const summary of analyseMigrations(files)) {
      summaries++;
      bump(byOrder, summary.deployOrder);
      bump(byRollback, summary.rollback);
      for (const op of summary.operations) bump(opCounts, `${op.operation} (${op.severity})`);
      if (summary.severity && summary.severity !== 'info') examples.push({ corpus, sha: sha.slice(0, 9), subject, summary });
    }
    const atParent = (names: readonly string[]) => namesMentionedAt(cwd, `${sha}^`, names);
    for (const variable of await reallyNewEnvVars(files, noGrep ? undefined : atParent)) envVars.push(`${corpus} ${sha.slice(0, 9)} ${variable.name} (${variable.file}:${variable.line})`);
    for (const change of noGrep ? featureFlagChanges(files) : await featureFlagChangesAtBase(files, atParent)) {
      bump(flagCounts, `${change.library} ${change.change}`);
      flagExamples.push({ corpus, sha: sha.slice(0, 9), subject, change });
    }
  }
  console.error(`${corpus}: ${shas.length} commits`);
}
report();
}

function report(): void {

const table = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k, n]) => `| ${k} | ${n} |`).join('\n');
console.log(`# Migrations and flags over the last ${commits} commits touching ${flagsPath || 'db/migrate'} of ${corpora.join(', ')}\n`);
console.log(`Files analysed (migrations and schema dumps): ${summaries}\n`);
console.log(`| operation (severity) | count |\n| --- | --- |\n${table(opCounts)}\n`);
console.log(`| deploy order | files |\n| --- | --- |\n${table(byOrder)}\n\n| rollback | files |\n| --- | --- |\n${table(byRollback)}\n`);
console.log(`| flag change | count |\n| --- | --- |\n${table(flagCounts)}\n`);
console.log('## Examples (destructive or risky)\n');
for (const { corpus, sha, subject, summary } of examples) {
  console.log(`### ${corpus} ${sha} ${subject}\n\n\`${summary.path}\` — ${summary.severity}, deploy ${summary.deployOrder}, rollback ${summary.rollback}`);
  for (const op of summary.operations) console.log(`- ${op.line}: ${op.operation}${op.table ? ` ${op.table}` : ''}${op.column ? `.${op.column}` : ''} (${op.severity})${op.detail ? ` — ${op.detail}` : ''}`);
  for (const prompt of summary.prompts) console.log(`  > ${prompt}`);
  console.log('');
}
console.log('## Flag changes\n');
for (const { corpus, sha, subject, change } of flagExamples) {
  console.log(`- ${corpus} ${sha} ${subject}: ${change.library} \`${change.flag}\` ${change.change}${change.from !== undefined ? ` from ${change.from}` : ''}${change.to !== undefined ? ` to ${change.to}` : ''} (${change.file}:${change.line})`);
}
console.log(`\n## New environment variables (${envVars.length})\n`);
for (const line of envVars) console.log(`- ${line}`);
}

void main();

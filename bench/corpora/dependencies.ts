#!/usr/bin/env -S npx tsx
/**
 * Reads the dependency changes of the last lockfile-changing commits of the development corpora, to see the
 * readers on real locks: how many commits read with no problem, and what they report.
 *
 *   npx tsx bench/corpora/dependencies.ts [--commits N] [corpus…]
 *
 * Corpora: ${CHANGE_RISK_CORPORA:-~/.cache/change-risk-corpora}/<name>; by default every folder there.
 * For each commit (merges aside) and each lockfile or manifest it changed: the text at its parent and at the
 * commit (blobText), compared as the impact statement would. Markdown on stdout.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { botDependencyBump, dependencyChangesOf, dependencyFileKind, type DependencyChange } from '../../src/core/change/dependencies';
import { blobTextAt } from '../../src/core/git/blobText';

const LOCKFILES = ['Gemfile.lock', 'package-lock.json', 'yarn.lock', 'pnpm-lock.yaml'];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const countAt = args.indexOf('--commits');
  const count = countAt === -1 ? 30 : Number(args.splice(countAt, 2)[1]);
  const root = process.env.CHANGE_RISK_CORPORA ?? path.join(os.homedir(), '.cache/change-risk-corpora');
  const corpora = args.length > 0 ? args : fs.readdirSync(root).filter((name) => fs.existsSync(path.join(root, name, '.git')));
  const examples: string[] = [];
  console.log('| corpus | commits | files read | clean | problems | changes | direct | major | bot bumps | ms |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const corpus of corpora) {
    const cwd = path.join(root, corpus);
    const log = execFileSync('git', ['log', '--no-merges', `-n${count}`, '--format=%x00%H%x1f%an%x1f%ae%x1f%s', '--name-only', '--', ...LOCKFILES.flatMap((f) => [f, `**/${f}`])], { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
    let files = 0;
    let clean = 0;
    let bots = 0;
    const problems: string[] = [];
    const all: DependencyChange[] = [];
    const started = Date.now();
    const commits = log.split('\0').filter((chunk) => chunk.trim());
    for (const chunk of commits) {
      const [header, ...names] = chunk.split('\n').filter(Boolean);
      const [sha, author, email, subject] = header!.split('\x1f') as [string, string, string, string];
      const changed = names.filter((name) => dependencyFileKind(name));
      const texts = await Promise.all(
        changed.map(async (file) => {
          const manifest = path.posix.join(path.posix.dirname(file), 'package.json');
          const [oldText, newText, oldManifest, newManifest] = await Promise.all([
            blobTextAt(cwd, `${sha}^`, file),
            blobTextAt(cwd, sha, file),
            blobTextAt(cwd, `${sha}^`, manifest),
            blobTextAt(cwd, sha, manifest),
          ]);
          return { path: file, oldText: oldText.text, newText: newText.text, oldManifest: oldManifest.text, newManifest: newManifest.text };
        }),
      );
      const report = dependencyChangesOf(texts);
      files += changed.length;
      if (report.problems.length === 0) clean++;
      problems.push(...report.problems.map((p) => `${corpus} ${sha.slice(0, 10)}: ${p}`));
      all.push(...report.changes);
      const bot = botDependencyBump([{ author, email, subject }]);
      if (bot) bots++;
      if (examples.length < 6 && report.changes.length > 0 && report.changes.length <= 12 && !examples.some((e) => e.includes(`**${corpus}**`))) {
        examples.push(`**${corpus}** ${sha.slice(0, 10)} "${subject}" (${author}${bot ? ', bot bump' : ''}):\n${report.changes.map(describe).join('\n')}`);
      }
    }
    const major = all.filter((c) => c.major).length;
    const direct = all.filter((c) => c.direct).length;
    console.log(`| ${corpus} | ${commits.length} | ${files} | ${clean} | ${problems.length} | ${all.length} | ${direct} | ${major} | ${bots} | ${Date.now() - started} |`);
    for (const problem of problems.slice(0, 5)) console.error(problem);
  }
  console.log(`\n${examples.join('\n\n')}`);
}

function describe(c: DependencyChange): string {
  const versions = c.change === 'added' ? `added ${c.to!.join(', ')}` : c.change === 'removed' ? `removed (was ${c.from!.join(', ')})` : `${c.from!.join(', ')} → ${c.to!.join(', ')} (${c.bump}${c.downgrade ? ', down' : ''})`;
  return `- ${c.name}${c.aliasOf ? ` (npm:${c.aliasOf})` : ''}: ${versions}${c.major ? ' **major**' : ''} — ${c.direct ? 'direct' : 'transitive'}, ${c.manager} ${c.file}`;
}

void main();

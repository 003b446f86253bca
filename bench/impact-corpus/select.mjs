#!/usr/bin/env node
// Picks the real merged changes the impact statement and the quality-bar check are evaluated on
// (issue "An impact statement reviewers read"). Run once; its output is committed as changes.txt so
// the evaluation does not move when a corpus is fetched again later.
//
//   node bench/impact-corpus/select.mjs > bench/impact-corpus/changes.txt
//
// A change is a merged pull request (base = the merge's first parent, head = its second parent) or,
// in a corpus that merges little, a commit on the first-parent line (base = its parent). Candidates
// come from 2023-01-01 to 2024-06-30 (so that later fixes and reverts can be seen), newest first, and
// are taken round-robin over kinds so every kind of change the issue names is present.
import { execFileSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';

const CORPORA = process.env.CHANGE_RISK_CORPORA ?? path.join(os.homedir(), '.cache', 'change-risk-corpora');
/** corpus → how many changes, and whether its pull requests arrive as merges. */
const PLAN = [
  ['publisher', 12, 'merges'],
  ['rubygems.org', 12, 'merges'],
  ['solidus', 12, 'merges'],
  ['huginn', 6, 'merges'],
  ['lobsters', 6, 'first-parent'],
];
const KINDS = ['dependency-bot', 'dependency', 'migration', 'fix', 'feature', 'refactor', 'docs', 'config'];

const git = (repo, ...args) => execFileSync('git', ['-C', path.join(CORPORA, repo), ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });

function kindOf(subject, body, files) {
  const text = `${subject}\n${body}`;
  if (/dependabot|renovate/i.test(text) && files.some((f) => /(Gemfile|package)(\.lock|-lock\.json|\.json)?$|yarn\.lock$/.test(f))) return 'dependency-bot';
  if (files.some((f) => f.includes('db/migrate/'))) return 'migration';
  if (files.length >= 40) return 'refactor';
  if (files.every((f) => /\.(md|txt|rdoc)$|^docs?\/|^guides\//i.test(f))) return 'docs';
  if (files.some((f) => /(^|\/)(Gemfile|package\.json|[^/]+\.gemspec)$/.test(f))) return 'dependency';
  if (/\bfix|bug|broken|regression|error\b/i.test(text)) return 'fix';
  if (files.every((f) => /^(config\/|\.github\/|\.[^/]+$|Dockerfile|Procfile)/.test(f))) return 'config';
  return 'feature';
}

const out = ['# corpus\tbase\thead\tkind\tdate\tsubject'];
for (const [corpus, count, mode] of PLAN) {
  const format = '%H%x1f%P%x1f%ad%x1f%s%x1f%b%x1e';
  const args = mode === 'merges' ? ['log', '--merges', '--first-parent'] : ['log', '--first-parent', '--no-merges'];
  const records = git(corpus, ...args, '--date=short', `--format=${format}`, '--since=2023-01-01', '--until=2024-06-30').split('\x1e').map((r) => r.trim()).filter(Boolean);
  const byKind = new Map(KINDS.map((k) => [k, []]));
  for (const record of records) {
    const [sha, parents, date, subject, body] = record.split('\x1f');
    const [base, second] = parents.split(' ');
    const head = mode === 'merges' ? second : sha;
    if (!base || !head) continue;
    const files = git(corpus, 'diff', '--name-only', `${base}...${head}`).split('\n').filter(Boolean);
    if (files.length === 0) continue;
    const subjectLine = mode === 'merges' ? (body.split('\n').find((l) => l.trim()) ?? subject) : subject;
    byKind.get(kindOf(subject, body, files)).push({ base, head, date, subject: subjectLine.replace(/\s+/g, ' ').trim() });
  }
  const picked = [];
  for (let round = 0; picked.length < count && round < 100; round++) {
    for (const kind of KINDS) {
      const candidate = byKind.get(kind)[round];
      if (candidate && picked.length < count) picked.push({ kind, ...candidate });
    }
  }
  for (const p of picked) out.push([corpus, p.base, p.head, p.kind, p.date, p.subject.slice(0, 100)].join('\t'));
}
console.log(out.join('\n'));

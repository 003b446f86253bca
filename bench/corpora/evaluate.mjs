#!/usr/bin/env node
// Evaluates Change Risk on the development corpora fetched by bench/corpora/fetch.sh: backtests at
// 6 and 12 months against the baselines, and acceptance checks on `hotspots`. See README.md.
//
//   node bench/corpora/evaluate.mjs [--json] [corpus…] > report.md
//
// Corpora: ${CHANGE_RISK_CORPORA:-~/.cache/change-risk-corpora}/<name>; by default every development
// corpus (corpora.txt) present there, else the ones named (any folder under the corpora directory).
// CLI: $CHANGE_RISK_CLI, else dist/cli.js of this repository (build it first).
// Markdown report on stdout (--json: the collected numbers), progress on stderr.
// Exit codes: 0 report written (acceptance failures included), 1 a CLI run failed, 2 usage error.
// Plain Node 20, no dependencies.

import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const projectRoot = resolve(here, '..', '..');
const cli = resolve(process.env.CHANGE_RISK_CLI ?? join(projectRoot, 'dist', 'cli.js'));
const corporaDir = resolve(process.env.CHANGE_RISK_CORPORA ?? join(homedir(), '.cache', 'change-risk-corpora'));

/** Windows and their cutoffs: every `step` months from `first` while the cutoff is at most `last`. */
const WINDOWS = [
  { id: '6m', months: 6, first: '2019-01-01', last: '2025-01-01', step: 6 },
  { id: '12m', months: 12, first: '2019-01-01', last: '2024-06-01', step: 12 },
];
const HOTSPOTS_TOP = 20;
const MAX_WARNED_SHARE = 0.1;
/** Models that are not baselines; every other key of `average` is one. */
const NOT_BASELINES = new Set(['changeRisk', 'random']);

// ---------------------------------------------------------------------------------------------
// Command line

const args = process.argv.slice(2);
if (args.includes('-h') || args.includes('--help')) {
  const header = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 12);
  console.log(header.map((line) => line.replace(/^\/\/ ?/, '')).join('\n'));
  process.exit(0);
}
const unknown = args.filter((arg) => arg.startsWith('-') && arg !== '--json');
if (unknown.length > 0) usage(`unknown option ${unknown[0]}`);
const asJson = args.includes('--json');
const named = args.filter((arg) => !arg.startsWith('-'));

function usage(message) {
  process.stderr.write(`evaluate.mjs: ${message}\nusage: node bench/corpora/evaluate.mjs [--json] [corpus…]\n`);
  process.exit(2);
}

const development = readFileSync(join(here, 'corpora.txt'), 'utf8')
  .split('\n')
  .map((line) => line.replace(/#.*/, '').trim())
  .filter(Boolean)
  .map((line) => line.split('/')[1]);

function isRepository(dir) {
  return existsSync(join(dir, '.git')) || existsSync(join(dir, 'HEAD'));
}

function selectCorpora() {
  if (!existsSync(cli)) usage(`no CLI at ${cli}: run npm run build, or set CHANGE_RISK_CLI`);
  if (named.length > 0) {
    return named.map((name) => {
      const dir = resolve(corporaDir, name);
      if (!existsSync(dir) || !isRepository(dir)) usage(`no repository at ${dir} (bash bench/corpora/fetch.sh ${name})`);
      if (!development.includes(name)) log(`note: ${name} is not a development corpus (corpora.txt)`);
      return { name, dir };
    });
  }
  const present = development.filter((name) => isRepository(join(corporaDir, name)));
  const absent = development.filter((name) => !present.includes(name));
  if (absent.length > 0) log(`not fetched, skipped: ${absent.join(', ')} (bash bench/corpora/fetch.sh)`);
  const others = existsSync(corporaDir)
    ? readdirSync(corporaDir).filter((name) => !development.includes(name) && statSync(join(corporaDir, name)).isDirectory())
    : [];
  if (others.length > 0) log(`not development corpora, left out unless named: ${others.join(', ')}`);
  if (present.length === 0) usage(`no development corpus in ${corporaDir}: run bash bench/corpora/fetch.sh`);
  return present.map((name) => ({ name, dir: join(corporaDir, name) }));
}

// ---------------------------------------------------------------------------------------------
// Running things

function log(message) {
  process.stderr.write(`${message}\n`);
}

/** Runs a command; resolves with { code, stdout, stderr, ms }, never rejects for a non-zero exit. */
function run(file, argv, options = {}) {
  const started = Date.now();
  return new Promise((resolvePromise) => {
    execFile(file, argv, { maxBuffer: 1 << 30, encoding: 'utf8', ...options }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolvePromise({ code, stdout, stderr: stderr || (error && typeof error.code !== 'number' ? String(error.message) : ''), ms: Date.now() - started });
    });
  });
}

async function git(dir, ...argv) {
  const result = await run('git', ['-C', dir, ...argv]);
  if (result.code !== 0) throw new Error(`git ${argv.join(' ')} failed in ${dir}: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

/** Runs the CLI with --json; { json } or { error } (exit code and the last lines of stderr). */
async function cliJson(argv) {
  const result = await run(process.execPath, [cli, ...argv]);
  const last = result.stderr.trim().split('\n').slice(-3).join(' ').trim();
  if (result.code !== 0) {
    const hint = /unable to read [0-9a-f]{40}/.test(result.stderr) ? ' (objects missing from the clone: see fetch.sh --patch-missing)' : '';
    return { error: `exit ${result.code}${last ? `: ${last}` : ''}${hint}`, ms: result.ms };
  }
  try {
    return { json: JSON.parse(result.stdout), ms: result.ms };
  } catch (error) {
    return { error: `unreadable JSON (${error.message})`, ms: result.ms };
  }
}

async function cliText(argv) {
  const result = await run(process.execPath, [cli, ...argv]);
  return result.code === 0 ? { text: result.stdout.replace(/\x1b\[[0-9;]*m/g, '') } : { error: `exit ${result.code}: ${result.stderr.trim()}` };
}

// ---------------------------------------------------------------------------------------------
// Dates

function addMonths(isoDate, months) {
  const [y, m, d] = isoDate.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1 + months, d));
  return date.toISOString().slice(0, 10);
}

function cutoffsFor(window) {
  const dates = [];
  for (let date = window.first; date <= window.last; date = addMonths(date, window.step)) dates.push(date);
  return dates;
}

// ---------------------------------------------------------------------------------------------
// Backtest

async function backtest(corpus, window) {
  const requested = cutoffsFor(window);
  const lastCommit = Date.parse(corpus.lastCommit);
  const cutoffs = requested.filter((cutoff) => Date.parse(`${addMonths(cutoff, window.months)}T00:00:00Z`) < lastCommit);
  const notAsked = requested.filter((cutoff) => !cutoffs.includes(cutoff)).map((cutoff) => ({ cutoff, reason: `window ends ${addMonths(cutoff, window.months)}, after the last commit` }));
  const result = { window: window.id, requested, asked: cutoffs, notAsked };
  if (cutoffs.length === 0) return { ...result, error: 'no cutoff whose window ends before the last commit' };
  log(`  backtest ${window.id}: ${cutoffs.length} cutoffs (${cutoffs[0]} … ${cutoffs.at(-1)})`);
  const { json, error, ms } = await cliJson(['backtest', '--json', '--repo', corpus.dir, '--at', cutoffs.join(','), '--window', window.id]);
  log(`    ${error ? `failed: ${error}` : 'done'} (${(ms / 1000).toFixed(1)} s)`);
  if (error) return { ...result, error, ms };
  return {
    ...result,
    ms,
    topShare: json.topShare,
    effortShare: json.effortShare,
    models: json.models,
    average: json.average,
    averagedOver: json.averagedOver,
    bestBaselineByCli: json.bestBaseline,
    warnedShare: json.warnedShare,
    summary: json.summary,
    warnings: json.warnings,
    cutoffs: json.cutoffs.map((c) => ({
      cutoff: c.cutoff,
      evaluated: c.evaluated,
      reason: c.reason,
      population: c.population,
      lines: c.lines,
      truth: c.truth,
      enoughTruth: c.enoughTruth,
      warned: c.warned,
      notes: c.notes,
      models: c.models,
    })),
  };
}

/** The best baseline on a measure: { id, value } or undefined. */
function bestBaseline(average, measure) {
  let best;
  for (const [id, values] of Object.entries(average ?? {})) {
    if (NOT_BASELINES.has(id)) continue;
    const value = values?.[measure];
    if (typeof value === 'number' && (!best || value > best.value)) best = { id, value };
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Hotspots acceptance

const NOISE_RULES = [
  ['docs/changelog', (p, base, dirs) => /\.md$/i.test(base) || /^CHANGELOG/i.test(base) || /^README/i.test(base) || dirs.some((d) => ['doc', 'docs', 'guides'].includes(d))],
  [
    'lint/CI/editor config',
    (p, base, dirs) =>
      base.startsWith('.rubocop') ||
      base.startsWith('.eslintrc') ||
      dirs.includes('.github') ||
      dirs.includes('.circleci') ||
      ['.travis.yml', '.editorconfig', '.gitignore'].includes(base) ||
      /^Dockerfile/.test(base) ||
      base.startsWith('docker-compose'),
  ],
  ['lockfile', (p, base) => base.endsWith('.lock') || ['package-lock.json', 'yarn.lock', 'pnpm-lock.yaml'].includes(base)],
  ['dependency manifest', (p, base, dirs) => base === 'Gemfile' || base.endsWith('.gemspec') || base === 'package.json' || dirs.includes('gemfiles')],
];

function noiseKind(path) {
  const parts = path.split('/');
  const base = parts.at(-1);
  const dirs = parts.slice(0, -1);
  return NOISE_RULES.find(([, matches]) => matches(path, base, dirs))?.[0];
}

const LEVEL_NAMES = ['none', 'low', 'medium', 'high'];

/**
 * Level counts and a file total in the hotspots JSON, wherever they are (the files list aside):
 * an object with numeric low/medium/high, a warned count, a source-file count, a file total.
 */
function countsInJson(json) {
  const found = { levels: undefined, warned: undefined, source: undefined, total: undefined };
  const visit = (value, path, depth) => {
    if (!value || typeof value !== 'object' || Array.isArray(value) || depth > 4) return;
    const levelKeys = LEVEL_NAMES.filter((level) => typeof value[level] === 'number');
    if (!found.levels && levelKeys.filter((level) => level !== 'none').length >= 2) found.levels = { path: path.join('.') || '(top)', value };
    for (const [key, child] of Object.entries(value)) {
      if (depth === 0 && ['files', 'repository', 'index', 'warnings'].includes(key)) continue;
      const keyPath = [...path, key].join('.');
      if (typeof child === 'number') {
        if (!found.source && /source/i.test(key) && /file|count|total/i.test(key)) found.source = { path: keyPath, value: child };
        else if (!found.warned && /^(warned|warnedFiles|atRisk|filesAtRisk|flagged)$/i.test(key)) found.warned = { path: keyPath, value: child };
        else if (!found.total && /^(fileCount|files|filesTotal|totalFiles|total|ranked|population)$/i.test(key)) found.total = { path: keyPath, value: child };
      } else visit(child, [...path, key], depth + 1);
    }
  };
  visit(json, [], 0);
  return found;
}

/** The warned share of the files: { warned, total, share, basis } or { error }. */
async function warnedShareOf(corpus, json, now) {
  const found = countsInJson(json);
  let warned;
  let warnedBasis;
  if (found.levels) {
    warned = ['low', 'medium', 'high'].reduce((sum, level) => sum + (found.levels.value[level] ?? 0), 0);
    warnedBasis = `JSON \`${found.levels.path}\` low+medium+high`;
  } else if (found.warned) {
    warned = found.warned.value;
    warnedBasis = `JSON \`${found.warned.path}\``;
  }
  let total;
  let totalBasis;
  if (found.source) [total, totalBasis] = [found.source.value, `JSON \`${found.source.path}\` (source files)`];
  else if (found.total) [total, totalBasis] = [found.total.value, `JSON \`${found.total.path}\``];
  else if (found.levels && typeof found.levels.value.none === 'number') [total, totalBasis] = [warned + found.levels.value.none, `JSON \`${found.levels.path}\` all levels`];
  if (warned !== undefined && total !== undefined) return { warned, total, share: total > 0 ? warned / total : null, basis: `${warnedBasis} / ${totalBasis}` };

  // The JSON has no counts: the text report's summary line "N of M files at risk" (all ranked files, not only source files).
  const { text, error } = await cliText(['hotspots', '--top', '1', '--repo', corpus.dir, '--now', now]);
  if (error) return { error: `hotspots (text) failed: ${error}` };
  const match = /([\d,]+) of ([\d,]+) files at risk/.exec(text);
  if (!match) return { error: 'no level counts in the JSON, and no "N of M files at risk" line in the text output' };
  const [w, t] = [Number(match[1].replaceAll(',', '')), Number(match[2].replaceAll(',', ''))];
  return { warned: w, total: t, share: t > 0 ? w / t : null, basis: 'text summary line "N of M files at risk" (the JSON has no level counts; M = every ranked file, not only source files)' };
}

async function hotspots(corpus) {
  // --now: the last commit, so the result depends on the history only, not on the day it is run.
  const now = corpus.lastCommit;
  log(`  hotspots --top ${HOTSPOTS_TOP} --now ${now}`);
  const { json, error, ms } = await cliJson(['hotspots', '--json', '--top', String(HOTSPOTS_TOP), '--repo', corpus.dir, '--now', now]);
  log(`    ${error ? `failed: ${error}` : 'done'} (${(ms / 1000).toFixed(1)} s)`);
  if (error) return { now, error };
  const files = json.files.map((f) => ({ path: f.path, level: f.level, reasons: (f.reasons ?? []).map((r) => r.kind) }));
  const noise = files.filter((f) => noiseKind(f.path)).map((f) => ({ path: f.path, kind: noiseKind(f.path) }));
  const withoutReason = files.filter((f) => f.reasons.length === 0).map((f) => f.path);
  const share = await warnedShareOf(corpus, json, now);
  return {
    now,
    ms,
    files,
    checks: {
      noNoise: { pass: noise.length === 0, offending: noise },
      warnedShare: { pass: share.share !== null && share.share !== undefined && share.share <= MAX_WARNED_SHARE, max: MAX_WARNED_SHARE, ...share },
      reasons: { pass: files.length > 0 && withoutReason.length === 0, offending: withoutReason, listed: files.length },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Collecting

async function collect(corpora) {
  const results = [];
  for (const [k, { name, dir }] of corpora.entries()) {
    log(`[${k + 1}/${corpora.length}] ${name} (${dir})`);
    const corpus = { name, dir };
    try {
      corpus.head = await git(dir, 'rev-parse', 'HEAD');
      corpus.lastCommit = await git(dir, 'log', '-1', '--format=%cI');
      corpus.commits = Number(await git(dir, 'rev-list', '--count', 'HEAD'));
      // Stand-ins for blobs the source lacked (fetch.sh --patch-missing).
      corpus.placeholders = (await git(dir, 'for-each-ref', '--format=%(refname)', 'refs/replace/')).split('\n').filter(Boolean).length;
      if (corpus.placeholders > 0) log(`  note: ${corpus.placeholders} missing blobs stand in as placeholders (refs/replace)`);
    } catch (error) {
      corpus.error = error.message;
      log(`  ${error.message}`);
      results.push(corpus);
      continue;
    }
    corpus.backtests = {};
    for (const window of WINDOWS) corpus.backtests[window.id] = await backtest(corpus, window);
    corpus.hotspots = await hotspots(corpus);
    results.push(corpus);
  }
  return results;
}

/** Per window: every model's mean of the per-corpus averages, over the corpora that have one. */
function averageOverCorpora(corpora, windowId) {
  const sums = new Map();
  const labels = new Map();
  for (const corpus of corpora) {
    const run = corpus.backtests?.[windowId];
    if (!run?.average) continue;
    for (const model of run.models ?? []) labels.set(model.id, model.label);
    for (const [id, values] of Object.entries(run.average)) {
      const entry = sums.get(id) ?? { recall: [], effortRecall: [] };
      for (const measure of ['recall', 'effortRecall']) if (typeof values?.[measure] === 'number') entry[measure].push(values[measure]);
      sums.set(id, entry);
    }
  }
  const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
  const average = {};
  for (const [id, entry] of sums) average[id] = { recall: mean(entry.recall), effortRecall: mean(entry.effortRecall), corpora: entry.recall.length };
  const shares = corpora.map((c) => c.backtests?.[windowId]?.warnedShare).filter((x) => typeof x === 'number');
  const verdict = (measure) => {
    const own = average.changeRisk?.[measure];
    const best = bestBaseline(average, measure);
    return { changeRisk: own ?? null, best: best ?? null, beats: typeof own === 'number' && !!best && own > best.value };
  };
  const recall = verdict('recall');
  const effortRecall = verdict('effortRecall');
  return { average, labels: Object.fromEntries(labels), warnedShare: mean(shares), recall, effortRecall, beatsEveryBaseline: recall.beats && effortRecall.beats };
}

// ---------------------------------------------------------------------------------------------
// Report

const pct = (x) => (typeof x === 'number' ? (100 * x).toFixed(1) : '—');
const cell = (text) => String(text).replaceAll('|', '\\|');

function backtestTable(corpora, window, summary) {
  const first = corpora.map((c) => c.backtests?.[window.id]).find((run) => run?.average);
  const top = first ? `${Math.round(first.topShare * 100)}%` : '10%';
  const effort = first ? `${Math.round(first.effortShare * 100)}%` : '20%';
  const label = (run, id) => run?.models?.find((m) => m.id === id)?.label ?? summary.labels[id] ?? id;
  const lines = [
    `## Backtest, ${window.months}-month window`,
    '',
    `Cutoffs: every ${window.step} months from ${window.first} to ${window.last} at most, where the window ends before the corpus's last commit. ` +
      `The CLI averages the cutoffs with enough fixed files (\`minTruth\`), or all of them when none has enough; "cutoffs" is averaged / asked (fixed files summed over the averaged cutoffs; "too few": some of them have fewer than \`minTruth\`). ` +
      `Shares in percent; **bold**: Change Risk beats every baseline. Warned share: the backtest's \`warnedShare\` (— when the CLI does not report it).`,
    '',
    `| corpus | cutoffs | Change Risk recall@${top} | best baseline recall@${top} | Change Risk effort recall@${effort} LOC | best baseline effort recall@${effort} LOC | warned share |`,
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const corpus of corpora) {
    const run = corpus.backtests?.[window.id];
    if (!run || run.error || corpus.error) {
      lines.push(`| ${corpus.name} | ${run?.asked?.length ? `0 / ${run.asked.length}` : '—'} | error: ${cell(corpus.error ?? run?.error ?? 'not run')} | | | | |`);
      continue;
    }
    const averaged = run.cutoffs.filter((c) => run.averagedOver?.includes(c.cutoff));
    const fixed = averaged.reduce((sum, c) => sum + (c.truth ?? 0), 0);
    const thin = averaged.some((c) => c.enoughTruth === false) ? ', too few' : '';
    const row = [corpus.name, `${averaged.length} / ${run.asked.length} (${fixed} fixed${thin})`];
    for (const measure of ['recall', 'effortRecall']) {
      const own = run.average?.changeRisk?.[measure];
      const best = bestBaseline(run.average, measure);
      const wins = typeof own === 'number' && best && own > best.value;
      row.push(wins ? `**${pct(own)}**` : pct(own), best ? `${pct(best.value)} (${label(run, best.id)})` : '—');
    }
    row.push(pct(run.warnedShare));
    lines.push(`| ${row.map(cell).join(' | ')} |`);
  }
  const avg = summary.average;
  const avgRow = ['**average over corpora**', `${avg.changeRisk?.corpora ?? 0} corpora`];
  for (const measure of ['recall', 'effortRecall']) {
    const { changeRisk, best, beats } = summary[measure];
    avgRow.push(beats ? `**${pct(changeRisk)}**` : pct(changeRisk), best ? `${pct(best.value)} (${summary.labels[best.id] ?? best.id})` : '—');
  }
  avgRow.push(pct(summary.warnedShare));
  lines.push(`| ${avgRow.map(cell).join(' | ')} |`, '');

  lines.push(`Every model, mean of the per-corpus averages (${window.id}):`, '', `| model | recall@${top} | effort recall@${effort} LOC | corpora |`, '| --- | --- | --- | --- |');
  const ids = Object.keys(avg).sort((a, b) => (a === 'changeRisk' ? -1 : b === 'changeRisk' ? 1 : (avg[b].recall ?? -1) - (avg[a].recall ?? -1)));
  for (const id of ids) lines.push(`| ${cell(summary.labels[id] ?? id)} | ${pct(avg[id].recall)} | ${pct(avg[id].effortRecall)} | ${avg[id].corpora} |`);
  lines.push('');
  const say = (measure, name) => {
    const { changeRisk, best, beats } = summary[measure];
    if (!best || changeRisk === null) return `${name}: no data`;
    return `${name} ${pct(changeRisk)} vs ${pct(best.value)} for ${summary.labels[best.id] ?? best.id} (${beats ? 'beats' : 'does not beat'})`;
  };
  const perCorpus = corpora.filter((c) => c.backtests?.[window.id]?.average);
  const winsBoth = perCorpus.filter((c) => {
    const a = c.backtests[window.id].average;
    return ['recall', 'effortRecall'].every((m) => typeof a.changeRisk?.[m] === 'number' && a.changeRisk[m] > (bestBaseline(a, m)?.value ?? Infinity));
  });
  lines.push(
    `**Change Risk ${summary.beatsEveryBaseline ? 'beats' : 'does not beat'} every baseline on both measures** (${window.id}, average over corpora): ` +
      `${say('recall', 'recall')}; ${say('effortRecall', 'effort recall')}. Per corpus it beats every baseline on both in ${winsBoth.length} of ${perCorpus.length}.`,
    '',
  );

  // Per cutoff, for reference.
  lines.push('<details><summary>Per cutoff</summary>', '', '| corpus | cutoff | files | lines | fixed files | warned | Change Risk recall | Change Risk effort recall | note |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const corpus of corpora) {
    const run = corpus.backtests?.[window.id];
    for (const c of run?.cutoffs ?? []) {
      const averaged = run.averagedOver?.includes(c.cutoff);
      const note = !c.evaluated ? c.reason : [c.enoughTruth === false ? `too few fixed files${averaged ? ' (averaged: no cutoff has enough)' : ': not averaged'}` : '', ...(c.notes ?? [])].filter(Boolean).join('; ');
      const m = c.models?.changeRisk;
      lines.push(`| ${[corpus.name, c.cutoff, c.population ?? '—', c.lines ?? '—', c.truth ?? '—', c.warned ?? '—', pct(m?.recall), pct(m?.effortRecall), note ?? ''].map(cell).join(' | ')} |`);
    }
    for (const c of run?.notAsked ?? []) lines.push(`| ${[corpus.name, c.cutoff, '', '', '', '', '', '', `not asked: ${c.reason}`].map(cell).join(' | ')} |`);
  }
  lines.push('', '</details>', '');
  return lines;
}

function acceptanceTable(corpora) {
  const lines = [
    `## Acceptance: \`hotspots --top ${HOTSPOTS_TOP}\``,
    '',
    `Run with \`--now\` = the corpus's last commit. (a) none of the ${HOTSPOTS_TOP} listed files is docs/changelog, lint/CI/editor config, a lockfile or a dependency manifest; ` +
      `(b) at most ${pct(MAX_WARNED_SHARE)}% of the files have a level above none; (c) every listed file has at least one reason.`,
    '',
    '| corpus | (a) no docs/config/lockfiles/manifests | (b) warned share ≤ 10% | (c) reasons |',
    '| --- | --- | --- | --- |',
  ];
  const details = [];
  for (const corpus of corpora) {
    const h = corpus.hotspots;
    if (!h || h.error || corpus.error) {
      lines.push(`| ${corpus.name} | error: ${cell(corpus.error ?? h?.error ?? 'not run')} | | |`);
      continue;
    }
    const { noNoise, warnedShare, reasons } = h.checks;
    const a = noNoise.pass ? 'PASS' : `FAIL: ${noNoise.offending.length} of ${h.files.length}`;
    const b = warnedShare.error ? `FAIL: ${warnedShare.error}` : `${warnedShare.pass ? 'PASS' : 'FAIL'}: ${(100 * warnedShare.share).toFixed(2)}% (${warnedShare.warned} of ${warnedShare.total})`;
    const c = reasons.pass ? `PASS (${reasons.listed} listed)` : reasons.listed === 0 ? 'FAIL: no file listed' : `FAIL: ${reasons.offending.length} without a reason`;
    lines.push(`| ${[corpus.name, a, b, c].map(cell).join(' | ')} |`);
    if (!noNoise.pass) details.push(`- ${corpus.name} (a): ${noNoise.offending.map((o) => `\`${o.path}\` (${o.kind})`).join(', ')}`);
    if (!reasons.pass && reasons.offending.length > 0) details.push(`- ${corpus.name} (c): ${reasons.offending.map((p) => `\`${p}\``).join(', ')}`);
  }
  lines.push('');
  if (details.length > 0) lines.push('Offending entries:', '', ...details, '');
  const bases = [...new Set(corpora.map((c) => c.hotspots?.checks?.warnedShare?.basis).filter(Boolean))];
  if (bases.length > 0) lines.push(`(b) counted from: ${bases.join('; ')}.`, '');
  lines.push('<details><summary>The listed files</summary>', '');
  for (const corpus of corpora) {
    if (!corpus.hotspots?.files) continue;
    lines.push(`${corpus.name}:`, '', ...corpus.hotspots.files.map((f, i) => `${i + 1}. \`${f.path}\` ${f.level}${noiseKind(f.path) ? ` — ${noiseKind(f.path)}` : ''} (${f.reasons.join(', ') || 'no reason'})`), '');
  }
  lines.push('</details>', '');
  return lines;
}

function report(corpora, summaries, started) {
  const lines = [
    '# Change Risk on the development corpora',
    '',
    `Generated ${new Date().toISOString()} by \`bench/corpora/evaluate.mjs\` in ${((Date.now() - started) / 1000).toFixed(0)} s; CLI \`${cli}\`. ` +
      'These are development corpora: the model may be tuned on them, so these figures are in-sample.',
    '',
    '| corpus | HEAD | last commit | commits | placeholder blobs |',
    '| --- | --- | --- | --- | --- |',
    ...corpora.map((c) => `| ${c.name} | ${c.head?.slice(0, 12) ?? '—'} | ${c.lastCommit ?? '—'} | ${c.commits ?? cell(`error: ${c.error}`)} | ${c.placeholders ?? '—'} |`),
    '',
    ...(corpora.some((c) => c.placeholders > 0)
      ? ['Placeholder blobs stand in for blobs missing from an incomplete source (`fetch.sh --patch-missing`): the files involved are measured with the placeholder\'s size and content, so those corpora\'s figures differ slightly from a complete clone\'s.', '']
      : []),
  ];
  for (const window of WINDOWS) lines.push(...backtestTable(corpora, window, summaries[window.id]));
  lines.push(...acceptanceTable(corpora));
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------

const started = Date.now();
const corpora = await collect(selectCorpora());
const summaries = Object.fromEntries(WINDOWS.map((window) => [window.id, averageOverCorpora(corpora, window.id)]));
const failures = corpora.flatMap((c) => [c.error, ...Object.values(c.backtests ?? {}).map((b) => b.error), c.hotspots?.error].filter(Boolean).map((e) => `${c.name}: ${e}`));
if (asJson) {
  const out = { generatedAt: new Date().toISOString(), cli, corporaDir, windows: WINDOWS, corpora, averageOverCorpora: summaries, failures };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
} else {
  process.stdout.write(`${report(corpora, summaries, started)}\n`);
}
log(`evaluate.mjs: ${corpora.length} corpora in ${((Date.now() - started) / 1000).toFixed(1)} s${failures.length ? `; ${failures.length} run(s) failed:\n  ${failures.join('\n  ')}` : ''}`);
process.exitCode = failures.length > 0 ? 1 : 0;

/**
 * `npx tsx bench/changesBench.ts --repo PATH [--scope source|all|both] [--skip-raw] [--skip-whole]`
 *
 * Times the history pass of change-level risk (issue #16) against the history index it builds on and
 * against the raw git commands both run, on one repository (read only; no cache is written): the pass
 * over the whole history (what `backtest --changes` reads) and the pass over the model's training years
 * (what the impact statement, `check`, the editor and `areas` read: `historyPassStart`). Runs each step
 * once, in this process, one after the other, and reports wall time and CPU time (this process and its
 * git children): on a shared machine CPU time is the comparable figure.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { parseArgs } from 'node:util';
import { loadChangeLineData } from '../src/core/changes/loadChangeData';
import { diffArguments } from '../src/core/changes/diffStream';
import { sourceDiffScope } from '../src/core/changes/notDiffed';
import { openRepository } from '../src/core/git/repository';
import { SAFE_CONFIG_ARGS } from '../src/core/git/safeGit';
import { History, ruleSettingsFor } from '../src/core/history/history';
import { loadHistory } from '../src/core/history/historyLoader';
import { logArguments } from '../src/core/history/logStream';
import { DEFAULT_CONFIG } from '../src/core/team';
import { DEFAULT_TRAINING_YEARS } from '../src/core/changes/model';
import { productPassStart } from '../src/core/changes/passStart';
import { computeChangeFeatures } from '../src/core/changes/features';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { repo: { type: 'string' }, scope: { type: 'string' }, 'skip-raw': { type: 'boolean' }, 'skip-whole': { type: 'boolean' } } });
  if (!values.repo) throw new Error('--repo PATH is required');
  const repository = await openRepository(values.repo);
  const scopes = values.scope === 'both' ? ['source', 'all'] : [values.scope ?? 'source'];

  let started = clock();
  const load = await loadHistory({ repository });
  const index = since(started);
  const settings = ruleSettingsFor(DEFAULT_CONFIG.history, repository.root);
  const history = new History(load.data, settings, new Date(), load.classification);
  const rows: string[][] = [['measurement', 'wall s', 'CPU s (node + git)', 'of which node', 'wall vs index', 'CPU vs index']];
  const row = (name: string, spent: Spent) =>
    rows.push([name, (spent.wall / 1000).toFixed(2), (spent.cpu / 1000).toFixed(2), (spent.node / 1000).toFixed(2), `${(spent.wall / index.wall).toFixed(2)}×`, `${(spent.cpu / index.cpu).toFixed(2)}×`]);
  row(`history index, full build (${history.commitCount} commits)`, index);
  if (!values['skip-raw']) row('raw git log the index reads (one process)', await timeGit(repository.root, logArguments(['HEAD'])));

  const shas = Array.from({ length: history.commitCount }, (_, commit) => history.sha(commit)).join('\n') + '\n';
  const trainingStart = productPassStart(history);
  const starts = [...(values['skip-whole'] ? [] : [0]), trainingStart];
  for (const scope of scopes) {
    if (!values['skip-raw'] && !values['skip-whole']) row(`raw git diff-tree the pass reads, ${scope} (one process)`, await timeGit(repository.root, diffArguments(scope === 'source' ? sourceDiffScope() : {}), shas));
    for (const from of starts) {
      const part = from === 0 ? 'whole history' : `training years (the last ${DEFAULT_TRAINING_YEARS} years and 180 days: ${history.commitCount - from} commits)`;
      started = clock();
      const changes = await loadChangeLineData({ repository, history, sourceOnly: scope === 'source', from });
      const passSpent = since(started);
      row(`history pass, ${scope}, ${part} (labels + counts)`, passSpent);
      if (from > 0) {
        // What the model then needs besides the labels: the features of every change (in this process, no git).
        started = clock();
        computeChangeFeatures({ history, lines: changes.data, config: DEFAULT_CONFIG });
        const featuresSpent = since(started);
        row(`features of every change, ${part}`, featuresSpent);
        row(`labels + features, ${part}`, { wall: passSpent.wall + featuresSpent.wall, cpu: passSpent.cpu + featuresSpent.cpu, node: passSpent.node + featuresSpent.node });
      }
      const { data, stats } = changes;
      const inducing = new Set(data.inducing).size;
      console.error(
        `${scope}, from commit ${from}: ${data.inducing.length} links, ${inducing} inducing commits (${((inducing / history.commitCount) * 100).toFixed(1)}%), ` +
          `${stats.unplacedHunks}/${stats.removingHunks} removing hunks unplaced (${((stats.unplacedHunks / Math.max(1, stats.removingHunks)) * 100).toFixed(2)}%), ${stats.unmatchedEntries} unmatched entries, ${stats.inexactBases} inexact bases, ${stats.rebuiltMergedFiles} merged files rebuilt, ` +
          `rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`,
      );
    }
  }
  console.log(`${repository.root}, node ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)} at the end`);
  console.log(rows.map((cells) => cells.join(' | ')).join('\n'));
}

interface Spent {
  wall: number;
  cpu: number;
  node: number;
}

/**
 * Wall time and CPU time (ms) of this process and its finished children (git), read from
 * /proc/self/stat: the machine is shared, so CPU time is the figure that does not depend on its load.
 */
function clock(): Spent {
  const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  const ticksMs = 10; // USER_HZ is 100 on Linux
  const children = (Number(fields[13]) + Number(fields[14])) * ticksMs;
  const own = process.cpuUsage();
  const node = (own.user + own.system) / 1000;
  return { wall: performance.now(), cpu: node + children, node };
}

function since(start: Spent): Spent {
  const now = clock();
  return { wall: now.wall - start.wall, cpu: now.cpu - start.cpu, node: now.node - start.node };
}

/** Runs git with output discarded (stdout drained): the floor of any reader of that output. */
function timeGit(cwd: string, args: string[], stdin?: string): Promise<Spent> {
  return new Promise((resolve, reject) => {
    const started = clock();
    const child = spawn('git', [...SAFE_CONFIG_ARGS, ...args], { cwd, stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'inherit'] });
    child.stdout!.on('data', () => undefined);
    child.stdin?.end(stdin);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(since(started)) : reject(new Error(`git exited ${code}`))));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

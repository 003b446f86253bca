import { loadChangeLineData, type LoadedChangeLines } from '../../../src/core/changes/loadChangeData';
import { openRepository } from '../../../src/core/git/repository';
import { classify } from '../../../src/core/history/classification';
import { History, ruleSettingsFor } from '../../../src/core/history/history';
import { loadHistory } from '../../../src/core/history/historyLoader';
import { DEFAULT_CONFIG } from '../../../src/core/team';
import { prng } from '../../helpers/prng';
import { alice, bob, carol, type TestRepo } from '../../helpers/testRepo';

export const NOW = new Date('2026-01-01T00:00:00Z');

/** The history pass over a test repository, with its index read under the default rules (some overridable). */
export async function changeLines(
  repo: TestRepo,
  options: { bulkCommitFiles?: number; cacheDir?: string; parallelThreshold?: number; sourceOnly?: boolean; from?: number } = {},
): Promise<{ history: History; loaded: LoadedChangeLines; links: Array<[string, string, number]> }> {
  const repository = await openRepository(repo.root);
  const rules = ruleSettingsFor({ ...DEFAULT_CONFIG.history, ...(options.bulkCommitFiles ? { bulkCommitFiles: options.bulkCommitFiles } : {}) }, repo.root);
  const load = await loadHistory({ repository, classify: (data, previous) => classify(data, rules.classifier, rules.classificationKey, previous) });
  const history = new History(load.data, rules, NOW, load.classification);
  const loaded = await loadChangeLineData({
    repository,
    history,
    ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
    ...(options.parallelThreshold ? { parallelThreshold: options.parallelThreshold } : {}),
    ...(options.from !== undefined ? { from: options.from } : {}),
    sourceOnly: options.sourceOnly ?? false,
  });
  const { inducing, fixing, blamedLines } = loaded.data;
  const links = Array.from(inducing, (commit, k): [string, string, number] => [history.sha(commit), history.sha(fixing[k]!), blamedLines[k]!]);
  return { history, loaded, links };
}

/**
 * A history of line edits (replaced, inserted and deleted lines, so fixes blame earlier commits),
 * fixes, reverts, renames, a binary file, and branches dated among main's commits, merged later (a
 * conflict committed with its markers: a file the merge made anew). `shape`: the share of steps that
 * branch (default 0.3), and the days between steps (default 1).
 */
export function generate(repo: TestRepo, seed: number, steps: number, shape: { branchShare?: number; daysPerStep?: number } = {}): void {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  let day = 0;
  let serial = 0;
  const date = (offset = 0) => new Date(Date.UTC(2024, 0, 1) + (day + offset) * 86_400_000).toISOString();
  const files = () => repo.git('ls-files', '-z').split('\0').filter((file) => file.endsWith('.rb'));
  const edit = (text: string) => {
    const lines = text.split('\n').slice(0, -1);
    for (let k = 0; k < 1 + Math.floor(random() * 3); k++) {
      const at = Math.floor(random() * (lines.length + 1));
      const roll = random();
      if (roll < 0.4 || lines.length < 3) lines.splice(at, 0, `  step_${serial}_${k} = value(${Math.floor(random() * 9)})`);
      else if (roll < 0.7) lines[Math.min(at, lines.length - 1)] = `  changed_${serial}_${k} = value(${k})`;
      else lines.splice(Math.min(at, lines.length - 1), 1);
    }
    return lines.join('\n') + '\n';
  };
  const commit = (when: string) => {
    serial++;
    const present = files();
    const spec: Parameters<TestRepo['commit']>[0] = { message: `${random() < 0.3 ? 'Fix' : 'Change'} ${serial}`, date: when, author: pick([alice, bob, carol]), files: {} };
    const roll = random();
    if (present.length < 2 || roll < 0.1) spec.files![`app/models/m${serial}.rb`] = `class M${serial}\n  a = 1\n  b = 2\nend\n`;
    else if (roll < 0.17) spec.renames = { [pick(present)]: `lib/r${serial}.rb` };
    else if (roll < 0.2) spec.files!['app/assets/logo.png'] = `\0binary ${serial}\0`;
    else if (roll < 0.25 && repo.git('rev-list', '--parents', '-1', 'HEAD').split(' ').length === 2) {
      repo.gitWithEnv({ GIT_AUTHOR_DATE: when, GIT_COMMITTER_DATE: when }, 'revert', '--no-edit', 'HEAD');
      return;
    } else for (const file of new Set([pick(present), pick(present)])) spec.files![file] = edit(repo.read(file));
    repo.commit(spec);
  };
  commit(date());
  commit(date());
  for (let step = 0; step < steps; step++) {
    day += shape.daysPerStep ?? 1;
    if (random() < (shape.branchShare ?? 0.3)) {
      const name = `b${step}`;
      repo.git('checkout', '--quiet', '-b', name, 'HEAD~1');
      for (let k = 0; k < 1 + Math.floor(random() * 3); k++) commit(date(-0.9 + k * 0.2));
      repo.git('checkout', '--quiet', 'main');
      commit(date(-0.1));
      try {
        repo.merge(name, date());
      } catch {
        repo.git('add', '-A');
        repo.gitWithEnv({ GIT_AUTHOR_DATE: date(), GIT_COMMITTER_DATE: date() }, 'commit', '--quiet', '--no-edit');
      }
    } else commit(date());
  }
}

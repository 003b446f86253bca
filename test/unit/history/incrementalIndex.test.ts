import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openRepository } from '../../../src/core/git/repository';
import { classify } from '../../../src/core/history/classification';
import { History, ruleSettingsFor } from '../../../src/core/history/history';
import { cacheWritesSettled, loadHistory } from '../../../src/core/history/historyLoader';
import { DEFAULT_CONFIG } from '../../../src/core/team';
import { prng } from '../../helpers/prng';
import { alice, bob, carol, type Person, TestRepo } from '../../helpers/testRepo';

const NOW = new Date('2026-01-01T00:00:00Z');

const PEOPLE: Person[] = [alice, bob, carol];

/**
 * A random history: edits, adds, deletions, renames, copies, fix commits and reverts, on main and on
 * branches whose commits are dated before main's newer ones (so git's date order interleaves them with
 * main's when they are merged later), merges (conflicts resolved by taking the files as they are), and a
 * rewrite of main's last commits (a reset and new commits: HEAD moves off the cached commits).
 * Returns every commit made, in the order made.
 */
function generate(repo: TestRepo, seed: number, steps: number, branchPrefix = 'b'): string[] {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  let day = 0;
  const date = (offsetDays = 0) => new Date(Date.UTC(2020, 0, 1) + (day + offsetDays) * 86_400_000).toISOString();
  let serial = 0;
  const made: string[] = [];
  const files = () => repo.git('ls-files', '-z').split('\0').filter(Boolean);
  const content = () => `${Array.from({ length: 8 }, () => Math.floor(random() * 5)).join('\n')}\n${serial}\n`;

  const commit = (when: string) => {
    serial++;
    const present = files();
    const author = pick(PEOPLE);
    const fix = random() < 0.3;
    const message = `${fix ? 'Fix' : 'Change'} ${serial}${fix && random() < 0.3 ? ' (INC-' + (serial % 4) + ')' : ''}`;
    const roll = random();
    const spec: Parameters<TestRepo['commit']>[0] = { message, date: when, author, files: {} };
    if (present.length < 3 || roll < 0.2) spec.files![`src/f${serial}.rb`] = content();
    else if (roll < 0.35) {
      const from = pick(present);
      spec.renames = { [from]: `${pick(['src', 'lib', 'app'])}/r${serial}.rb` };
      if (random() < 0.5) spec.files![spec.renames[from]!] = repo.read(from) + 'edited\n';
    } else if (roll < 0.45) spec.files![pick(present)] = null;
    else if (roll < 0.55) spec.files![`lib/copy${serial}.rb`] = repo.read(pick(present));
    else if (roll < 0.65 && made.length > 0) {
      const reverted = repo.git('rev-parse', 'HEAD');
      spec.message = `Revert "something"\n\nThis reverts commit ${reverted}.`;
      spec.files![pick(present)] = content();
    } else for (let k = 0; k < 1 + Math.floor(random() * 3); k++) spec.files![pick(present)] = content();
    made.push(repo.commit(spec));
  };

  const merge = (branch: string, when: string) => {
    try {
      made.push(repo.merge(branch, when));
    } catch {
      repo.git('add', '-A');
      repo.gitWithEnv(
        { GIT_AUTHOR_DATE: when, GIT_COMMITTER_DATE: when, GIT_AUTHOR_NAME: alice.name, GIT_AUTHOR_EMAIL: alice.email, GIT_COMMITTER_NAME: alice.name, GIT_COMMITTER_EMAIL: alice.email },
        'commit',
        '--quiet',
        '--no-edit',
      );
      made.push(repo.git('rev-parse', 'HEAD'));
    }
  };

  commit(date());
  let branches = 0;
  for (let step = 0; step < steps; step++) {
    day += 1;
    const roll = random();
    if (roll < 0.25) {
      // A branch started a few days ago, with commits dated among main's, merged now.
      const name = `${branchPrefix}${branches++}`;
      const back = Math.min(made.length - 1, 1 + Math.floor(random() * 4));
      repo.git('checkout', '--quiet', '-b', name, `HEAD~${Math.min(back, Number(repo.git('rev-list', '--count', '--first-parent', 'HEAD')) - 1)}`);
      const count = 1 + Math.floor(random() * 3);
      for (let k = 0; k < count; k++) commit(date(-back + k * 0.3 + 0.1));
      repo.git('checkout', '--quiet', 'main');
      if (random() < 0.5) commit(date(-0.5));
      merge(name, date());
    } else commit(date());
  }
  return made;
}

async function index(repo: TestRepo, options: { cacheDir?: string; singleProcess?: boolean } = {}) {
  const repository = await openRepository(repo.root);
  const rules = ruleSettingsFor(DEFAULT_CONFIG.history, repo.root);
  const load = await loadHistory({ repository, classify: (data, previous) => classify(data, rules.classifier, rules.classificationKey, previous), ...options });
  await cacheWritesSettled();
  const history = new History(load.data, rules, NOW, load.classification);
  const stats = Object.fromEntries(history.liveFiles().paths.map((file) => [file, history.stats(file)]));
  return { load, stats };
}

describe('incremental index ≡ full index (property)', function () {
  this.timeout(300_000);

  for (const seed of [1, 3]) {
    it(`extends an index cached at random commits to exactly a fresh read of HEAD (seed ${seed})`, async () => {
      const repo = TestRepo.create();
      const random = prng(seed * 7919);
      try {
        const made = generate(repo, seed, 26);
        // A rewrite: main's last commits replaced, so some cached commits are no ancestor of HEAD.
        const before = repo.git('rev-parse', 'HEAD');
        repo.git('reset', '--quiet', '--hard', 'HEAD~2');
        made.push(...generate(repo, seed + 1000, 3, 'rewrite').slice(1));
        const head = repo.git('rev-parse', 'HEAD');
        assert.notEqual(head, before);
        const line = repo.git('rev-list', '--first-parent', 'HEAD').split('\n');
        const full = await index(repo, { singleProcess: true });
        const split = await index(repo);
        assert.deepEqual(split.load.data, full.load.data, 'one git process or two');
        let extended = 0;
        // Mostly commits of HEAD's first-parent line (what a pull leaves cached), some from anywhere.
        const cuts = [...Array.from({ length: 6 }, () => line[1 + Math.floor(random() * (line.length - 1))]!), ...Array.from({ length: 3 }, () => made[Math.floor(random() * made.length)]!)];
        for (const cut of cuts) {
          const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-property-'));
          try {
            repo.git('checkout', '--quiet', '--detach', cut);
            await index(repo, { cacheDir });
            repo.git('checkout', '--quiet', 'main');
            const incremental = await index(repo, { cacheDir });
            if (incremental.load.source === 'incremental') extended++;
            assert.deepEqual(incremental.load.data, full.load.data, `cut at ${cut}`);
            assert.deepEqual(incremental.load.classification, full.load.classification, `cut at ${cut}`);
            assert.deepEqual(incremental.stats, full.stats, `cut at ${cut}`);
          } finally {
            fs.rmSync(cacheDir, { recursive: true, force: true });
          }
        }
        assert.ok(extended >= 4, `${extended} of ${cuts.length} cuts were extended rather than rebuilt`);
      } finally {
        repo.dispose();
      }
    });
  }
});

import { prng } from './prng';
import { alice, bob, carol, type Person, type TestRepo } from './testRepo';

const PEOPLE: Person[] = [alice, bob, carol];

/**
 * A random history: edits, adds, deletions, renames, copies, fix commits and reverts, on main and on
 * branches whose commits are dated before main's newer ones (so git's date order interleaves them with
 * main's when they are merged later), merges (conflicts resolved by taking the files as they are), and a
 * rewrite of main's last commits (a reset and new commits: HEAD moves off the cached commits).
 * Returns every commit made, in the order made.
 */
export function generate(repo: TestRepo, seed: number, steps: number, branchPrefix = 'b'): string[] {
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

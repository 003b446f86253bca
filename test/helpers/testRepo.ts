import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Person {
  name: string;
  email: string;
}

export const alice: Person = { name: 'Alice Archer', email: 'alice@example.com' };
export const bob: Person = { name: 'Bob Builder', email: 'bob@example.com' };
export const carol: Person = { name: 'Carol Chen', email: 'carol@example.com' };

export interface CommitSpec {
  message: string;
  /** ISO date, e.g. `2021-03-04T10:00:00Z`. Fixed dates keep every result reproducible. */
  date: string;
  author?: Person;
  /** Path → new content; `null` deletes the file. */
  files?: Record<string, string | null>;
  /** Old path → new path, applied with `git mv` before `files` are written. */
  renames?: Record<string, string>;
}

/**
 * A real git repository in a temp folder, built commit by commit with fixed authors and dates.
 * Tests use it instead of mocking git.
 */
export class TestRepo {
  private constructor(readonly root: string) {}

  static create(prefix = 'change-risk-test-'): TestRepo {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
    const repo = new TestRepo(root);
    repo.git('init', '--quiet', '--initial-branch=main');
    repo.git('config', 'user.name', alice.name);
    repo.git('config', 'user.email', alice.email);
    repo.git('config', 'commit.gpgsign', 'false');
    repo.git('config', 'core.quotepath', 'false');
    return repo;
  }

  /** A clone of `source` with only its last `depth` commits (`git clone --depth`). */
  static shallowClone(source: TestRepo, depth: number): TestRepo {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-shallow-')));
    source.git('clone', '--quiet', '--depth', String(depth), `file://${source.root}`, root);
    return new TestRepo(root);
  }

  /** Runs git in the repository with a clean, deterministic environment and returns trimmed stdout. */
  git(...args: string[]): string {
    return this.gitWithEnv({}, ...args);
  }

  gitWithEnv(env: Record<string, string>, ...args: string[]): string {
    return execFileSync('git', args, {
      cwd: this.root,
      encoding: 'utf8',
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', TZ: 'UTC', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 256 * 1024 * 1024,
    }).trimEnd();
  }

  write(relativePath: string, content: string): void {
    const full = path.join(this.root, relativePath);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }

  read(relativePath: string): string {
    return fs.readFileSync(path.join(this.root, relativePath), 'utf8');
  }

  /** Creates one commit and returns its full sha. */
  commit(spec: CommitSpec): string {
    for (const [from, to] of Object.entries(spec.renames ?? {})) {
      fs.mkdirSync(path.dirname(path.join(this.root, to)), { recursive: true });
      this.git('mv', from, to);
    }
    for (const [file, content] of Object.entries(spec.files ?? {})) {
      if (content === null) this.git('rm', '--quiet', '--', file);
      else {
        this.write(file, content);
        this.git('add', '--', file);
      }
    }
    const author = spec.author ?? alice;
    this.gitWithEnv(
      {
        GIT_AUTHOR_NAME: author.name,
        GIT_AUTHOR_EMAIL: author.email,
        GIT_AUTHOR_DATE: spec.date,
        GIT_COMMITTER_NAME: author.name,
        GIT_COMMITTER_EMAIL: author.email,
        GIT_COMMITTER_DATE: spec.date,
      },
      'commit',
      '--quiet',
      '--allow-empty',
      '-m',
      spec.message,
    );
    return this.git('rev-parse', 'HEAD');
  }

  /** `git revert --no-edit <sha>` at a fixed date: git writes `Revert "<subject>"` and `This reverts commit <sha>.` */
  revert(sha: string, date: string, author: Person = alice): string {
    this.gitWithEnv(authorEnv(author, date), 'revert', '--no-edit', sha);
    return this.git('rev-parse', 'HEAD');
  }

  /** Merges `branch` into the current branch with a merge commit at a fixed date. */
  merge(branch: string, date: string, author: Person = alice): string {
    this.gitWithEnv(
      authorEnv(author, date),
      'merge',
      '--no-ff',
      '--quiet',
      '-m',
      `Merge branch '${branch}'`,
      branch,
    );
    return this.git('rev-parse', 'HEAD');
  }

  dispose(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/** A file body of `count` numbered lines, so blame and line ranges are easy to assert. */
export function lines(count: number, label = 'line'): string {
  return Array.from({ length: count }, (_, i) => `${label} ${i + 1}`).join('\n') + '\n';
}

/** Author and committer, with the date, as git reads them from the environment. */
function authorEnv(author: Person, date: string): Record<string, string> {
  return {
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_NAME: author.name,
    GIT_COMMITTER_EMAIL: author.email,
    GIT_COMMITTER_DATE: date,
  };
}

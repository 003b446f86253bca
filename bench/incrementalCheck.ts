import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { ChangeRiskEngine } from '../src/core/engine';
import { cacheWritesSettled } from '../src/core/history/historyLoader';
import { fileRiskJson } from '../src/core/reportJson';

export interface IncrementalCheck {
  base: string;
  source: string;
  commitsRead: number;
  files: number;
  /** Files whose history numbers or risk differ between the extended and the fresh index. */
  differing: string[];
  /** The serialised indexes are equal, not just what is shown of them. */
  identicalIndex: boolean;
}

/**
 * An index of HEAD~`back` (first parent: what a pull leaves cached) extended to HEAD, against HEAD
 * indexed from scratch: every file's history numbers and risk must be the same. Checks out the
 * base in `repo` (a scratch clone) and returns to where it was.
 */
export async function checkIncremental(repo: string, back: number, now: Date): Promise<IncrementalCheck> {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).trim();
  const branch = git('symbolic-ref', '--short', 'HEAD');
  const base = git('rev-parse', `HEAD~${back}`);
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-bench-incremental-'));
  try {
    git('checkout', '--quiet', '--detach', base);
    await ChangeRiskEngine.open({ folder: repo, cacheDir, now });
    await cacheWritesSettled();
    git('checkout', '--quiet', branch);
    const extended = await ChangeRiskEngine.open({ folder: repo, cacheDir, now });
    const fresh = await ChangeRiskEngine.open({ folder: repo, now });
    const files = [...new Set([...extended.history.liveFiles().paths, ...fresh.history.liveFiles().paths])].sort();
    const shown = (engine: ChangeRiskEngine, file: string) => {
      const risk = engine.risk.file(file);
      return { stats: engine.history.stats(file), risk: risk ? fileRiskJson(risk) : undefined };
    };
    return {
      base,
      source: extended.load.source,
      commitsRead: extended.load.commitsRead,
      files: files.length,
      differing: files.filter((file) => !isDeepStrictEqual(shown(extended, file), shown(fresh, file))),
      identicalIndex: isDeepStrictEqual(extended.load.data, fresh.load.data) && isDeepStrictEqual(extended.load.classification, fresh.load.classification),
    };
  } finally {
    git('checkout', '--quiet', branch);
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
}

/** The report line: "incremental ≡ full: yes/no (k files differ)". */
export function describeCheck(check: IncrementalCheck, back: number): string {
  const same = check.differing.length === 0 && check.identicalIndex;
  const detail = same ? `${check.files.toLocaleString('en')} files` : `${check.differing.length} of ${check.files.toLocaleString('en')} files differ${check.identicalIndex ? '' : ', index differs'}: ${check.differing.slice(0, 5).join(', ')}`;
  return `incremental ≡ full (HEAD~${back} extended by ${check.commitsRead} commits, ${check.source}): ${same ? 'yes' : 'no'} (${detail})`;
}

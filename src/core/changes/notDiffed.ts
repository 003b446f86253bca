import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { globMatcher } from '../globs';
import type { DiffScope } from './diffStream';

/**
 * The paths whose diffs the source-only history pass does not need: no role rule ever calls them
 * source (tests, docs, lockfiles, vendored and minified code). Git pathspec globs (`*` stops at `/`),
 * which read the same as gitattributes patterns and as the project's globs.
 */
export const NOT_DIFFED_GLOBS: readonly string[] = [
  '**/spec/**',
  '**/test/**',
  '**/node_modules/**',
  'vendor/**',
  '*/vendor/**',
  '**/*.md',
  '**/*.lock',
  '**/package-lock.json',
  '**/*.min.js',
  '**/*.map',
];

/** Whether the source-only pass leaves a path out: it counts 0 lines and is not followed. */
export const isNotDiffed = globMatcher(NOT_DIFFED_GLOBS);

/**
 * The same paths as a pathspec that excludes them. Git matches every entry of every tree it walks
 * against each of these (about 1.5 s of CPU per glob on a 70,000-commit history): the attributes file
 * below costs far less, so this is the fallback when that file cannot be written.
 */
export const NOT_DIFFED_PATHSPEC: readonly string[] = NOT_DIFFED_GLOBS.map((glob) => `:(exclude,glob)${glob}`);

let attributesFile: string | undefined;

/**
 * A gitattributes file marking those paths `-diff`, for `-c core.attributesFile=…`: git then prints
 * "Binary files … differ" for them without reading either version, and checks the patterns only for
 * the files a commit changed. The repository's own attributes take precedence (a `*.rb diff=ruby`
 * diffs tests again), which costs time only: the pass still leaves those paths out by `isNotDiffed`.
 * Written once per process into a private temporary folder; undefined when that fails.
 */
export function notDiffedAttributesFile(): string | undefined {
  if (attributesFile && fs.existsSync(attributesFile)) return attributesFile;
  try {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-'));
    const file = path.join(folder, 'not-diffed.gitattributes');
    fs.writeFileSync(file, NOT_DIFFED_GLOBS.map((glob) => `${glob} -diff\n`).join(''), { mode: 0o600 });
    process.once('exit', () => fs.rmSync(folder, { recursive: true, force: true }));
    return (attributesFile = file);
  } catch {
    return undefined;
  }
}

/** What the source-only pass asks git for: the paths left out marked not to diff, else excluded by the pathspec. */
export function sourceDiffScope(): DiffScope {
  const file = notDiffedAttributesFile();
  return file ? { attributesFile: file } : { pathspec: NOT_DIFFED_PATHSPEC };
}

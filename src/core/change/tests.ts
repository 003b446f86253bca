/**
 * Which changed source files come without a test change, with their tests found the way the repository lays them
 * out. Real Rails repositories put tests in `test/unit/app/models/x_test.rb`, `test/functional/x_controller_test.rb`,
 * `spec/javascripts/x_spec.js`: conventions alone called 41 of 133 existing tests "none yet". So the tests of a
 * source are learned first — test files in the tree named after it (closest folders first) and test files that
 * history changes with it — and the conventions (Rails `spec/…/x_spec.rb` and `test/…/x_test.rb`, JS/TS
 * `x.test.ts`, `__tests__/`, Go, Python) only name where a first test would go.
 *
 * Only source with behaviour needs a test change: code in a programming language, outside configuration and
 * database folders, whose change adds or rewrites code lines. Renames, deletions, removed lines only, comments,
 * documentation, configuration, manifests, lockfiles, styles, views and assets never do.
 */
import { compareText } from '../history/history';
import type { FileRole } from '../files/roles';
import type { ChangedFile } from './change';

const JS_EXTENSIONS = ['ts', 'tsx', 'js', 'jsx', 'mjs', 'cjs', 'mts', 'cts'];
const JS_SOURCE = new RegExp(`\\.(${JS_EXTENSIONS.join('|')})$`);
const NOT_SOURCE = /(^|\/)(node_modules|vendor|dist|build|coverage|db|config|migrations?)\/|\.d\.[cm]?ts$|(^|\/)[^/]*\.config\.[^/]+$|(^|\/)\./;
/** Languages whose files carry behaviour a test can pin down (views, styles and templates are left to system tests). */
const BEHAVIOUR = /\.(rb|rake|[cm]?[jt]sx?|coffee|py|go|java|kt|scala|rs|php|exs?|cs|swift)$/;
const TEST_SUFFIX = /(?:[._-](?:spec|test)|Tests?|Spec)$/;

export function isTestFile(path: string): boolean {
  return (
    /(^|\/)(spec|specs|test|tests|__tests__|__mocks__)\//.test(path) ||
    /_(spec|test)\.rb$/.test(path) ||
    new RegExp(`\\.(test|spec)\\.(${JS_EXTENSIONS.join('|')})$`).test(path) ||
    /_test\.go$/.test(path) ||
    /(^|\/)test_[^/]*\.py$|_test\.py$/.test(path)
  );
}

/** Where the tests of a source file are expected by convention; undefined when the file is not source code that tests cover. */
export function testCandidates(path: string): string[] | undefined {
  if (isTestFile(path)) return undefined;
  const rails = /^(app|lib)\/(.+)\.rb$/.exec(path);
  if (rails) {
    const [, top, rest] = rails as unknown as [string, string, string];
    const inApp = top === 'app';
    const specRest = inApp ? rest : `lib/${rest}`;
    const candidates = [`spec/${specRest}_spec.rb`, `test/${specRest}_test.rb`];
    const controller = /^controllers\/(.+)_controller$/.exec(rest);
    if (inApp && controller) candidates.push(`spec/requests/${controller[1]}_spec.rb`, `test/integration/${controller[1]}_test.rb`);
    return candidates;
  }
  if (NOT_SOURCE.test(path)) return undefined;
  const slash = path.lastIndexOf('/');
  const dir = path.slice(0, slash + 1);
  const name = path.slice(slash + 1);
  const js = JS_SOURCE.exec(name);
  if (js) {
    const stem = name.slice(0, -js[0].length);
    const ext = js[1]!;
    return [`${dir}${stem}.test.${ext}`, `${dir}${stem}.spec.${ext}`, `${dir}__tests__/${stem}.${ext}`, `${dir}__tests__/${stem}.test.${ext}`];
  }
  if (name.endsWith('.go')) return [`${dir}${name.slice(0, -3)}_test.go`];
  if (name.endsWith('.py') && name !== '__init__.py') {
    const stem = name.slice(0, -3);
    return [`${dir}test_${stem}.py`, `${dir}${stem}_test.py`, `tests/test_${stem}.py`];
  }
  return undefined;
}

/** `x` for `spec/models/x_spec.rb`, `x.test.ts`, `test_x.py`, `XTest.java`: what a test file is named after. */
export function testStem(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '');
  return name.replace(TEST_SUFFIX, '').replace(/^test_/, '').toLowerCase();
}

function sourceStem(path: string): string {
  return path
    .slice(path.lastIndexOf('/') + 1)
    .replace(/\..*$/, '')
    .toLowerCase();
}

/** A test file named as one (`x_test.rb`, `x.spec.ts`, `test_x.py`, `__tests__/x.ts`): support files in spec/ are not tests of `x`. */
export function isNamedTest(path: string): boolean {
  if (!isTestFile(path)) return false;
  const name = path.slice(path.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '');
  return TEST_SUFFIX.test(name) || name.startsWith('test_') || path.includes('__tests__/');
}

/** Folders that hold code or tests rather than say what it is about. */
const ROOT_FOLDERS = new Set(['app', 'lib', 'src', 'spec', 'specs', 'test', 'tests', '__tests__', 'unit', 'functional', 'integration', 'javascript', 'javascripts', 'frontend', 'client']);

/** The folders of a path that say what it is about (`models`, `billing`), in order, without code and test roots. */
function topicFolders(path: string): string[] {
  return path.split('/').slice(0, -1).filter((part) => !ROOT_FOLDERS.has(part));
}

/** The package a path belongs to in a monorepo (`core` of `core/app/models/x.rb`); '' at the top. */
function packageOf(path: string): string {
  const slash = path.indexOf('/');
  const first = slash > 0 ? path.slice(0, slash) : '';
  return first && !ROOT_FOLDERS.has(first) && path.indexOf('/', slash + 1) !== -1 ? first : '';
}

/** How many folders, from the file upwards, a source and a test share: `models` of `app/models/x.rb` and `spec/models/x_spec.rb`. */
function mirroredFolders(source: string, test: string): number {
  const a = topicFolders(source);
  const b = topicFolders(test);
  let shared = 0;
  while (shared < a.length && shared < b.length && a[a.length - 1 - shared] === b[b.length - 1 - shared]) shared++;
  return shared;
}

/**
 * A source file's tests as the repository lays them out: test files in the tree named after it (a controller's
 * also by its resource, `users` for `users_controller`, in request, integration and functional suites) in the same
 * package, those mirroring its folders best first, and test files history changes together with it. A name many
 * tests share (`component_spec.rb`, `engine_spec.rb`) counts only where the folders mirror: no guessing.
 */
export class TestLayout {
  private readonly byStem = new Map<string, string[]>();

  constructor(
    treePaths: Iterable<string>,
    isTest: (path: string) => boolean = isNamedTest,
    private readonly coChangedTests: (source: string) => readonly string[] = () => [],
  ) {
    for (const path of treePaths) {
      if (!isTest(path)) continue;
      const stem = testStem(path);
      const list = this.byStem.get(stem);
      if (list) list.push(path);
      else this.byStem.set(stem, [path]);
    }
  }

  /** Existing tests of `source`, best match first. */
  testsOf(source: string): string[] {
    const stem = sourceStem(source);
    const own = packageOf(source);
    const samePackage = (test: string) => packageOf(test) === own;
    const everywhere = this.byStem.get(stem) ?? [];
    const named = everywhere.filter(samePackage);
    const resource = /^(.+)_controller$/.exec(stem)?.[1];
    if (resource) named.push(...(this.byStem.get(resource) ?? []).filter((test) => samePackage(test) && /(request|integration|functional|controller|system)/.test(test)));
    const best = Math.max(0, ...named.map((test) => mirroredFolders(source, test)));
    // Without a mirrored folder, only a name no other test in the repository has is taken as the file's.
    const chosen = best === 0 && (named.length > 1 || everywhere.length > 1) ? [] : named.filter((test) => mirroredFolders(source, test) === best).sort(compareText);
    return [...new Set([...chosen, ...this.coChangedTests(source)])];
  }
}

/** Whether a changed file is source whose change needs a test change: behaviour, with code lines added or rewritten. */
export function needsTestChange(file: ChangedFile, role: FileRole): boolean {
  // A submodule bump has no code of its own here.
  if (role !== 'source' || file.binary || file.submodule || file.status === 'deleted' || isTestFile(file.path)) return false;
  if (!BEHAVIOUR.test(file.path) || /(^|\/)(config|db|bin|script|vendor)\//.test(file.path)) return false;
  if (file.added === 0) return false;
  // The added lines are bounded: when they were not kept, count the change as code.
  if (file.addedLines.length === 0) return true;
  return file.addedLines.some(isCodeLine);
}

/** Not blank and not only a comment (Ruby, JS/TS, Python, Go, SQL, ERB comment tags). */
export function isCodeLine(line: string): boolean {
  const text = line.trim();
  return text !== '' && !/^(#|\/\/|\/\*|\*|--|<%#)/.test(text) && text !== '*/';
}

export interface MissingTest {
  /** The changed source file. */
  path: string;
  /** Where a first test is expected by convention (empty when no convention applies). */
  expected: string[];
  /** Its existing tests, as the repository lays them out (so the change could have updated them). */
  existing: string[];
}

/**
 * Changed source files with behaviour and no test change of theirs in the same change. A test of theirs is one
 * the layout knows, one named after them, or — for a file no test maps to — any test the change touches.
 */
export function sourcesWithoutTests(files: readonly ChangedFile[], layout: TestLayout, roleOf: (path: string) => FileRole, exists: (path: string) => boolean): MissingTest[] {
  const changedTests = files.filter((file) => file.status !== 'deleted' && isTestFile(file.path));
  const changedTestPaths = new Set(changedTests.map((file) => file.path));
  const changedTestStems = new Set(changedTests.map((file) => testStem(file.path)));
  const missing: MissingTest[] = [];
  for (const file of files) {
    if (!needsTestChange(file, roleOf(file.path))) continue;
    const existing = layout.testsOf(file.path);
    const expected = testCandidates(file.path) ?? [];
    if ([...existing, ...expected].some((test) => changedTestPaths.has(test)) || changedTestStems.has(sourceStem(file.path))) continue;
    if (existing.length === 0 && expected.length === 0 && changedTests.length > 0) continue;
    const conventional = expected.filter(exists);
    missing.push({ path: file.path, expected, existing: existing.length > 0 ? existing : conventional });
  }
  return missing.sort((a, b) => compareText(a.path, b.path));
}

/**
 * Which changed source files come without a matching test change: Rails `app/…/x.rb` ↔ `spec/…/x_spec.rb` or
 * `test/…/x_test.rb`; JS/TS `x.ts` ↔ `x.test.ts`, `x.spec.ts`, `__tests__/x.ts`; Go `x_test.go`; Python `test_x.py`.
 * A changed test file with the same stem anywhere (e.g. `test/unit/x.test.ts` for `src/x.ts`) also counts.
 */
import { compareText } from '../history/history';
import type { ChangedFile } from './change';

const JS_EXTENSIONS = ['ts', 'tsx', 'js', 'jsx', 'mjs', 'cjs', 'mts', 'cts'];
const JS_SOURCE = new RegExp(`\\.(${JS_EXTENSIONS.join('|')})$`);
const NOT_SOURCE = /(^|\/)(node_modules|vendor|dist|build|coverage|db|config|migrations?)\/|\.d\.[cm]?ts$|(^|\/)[^/]*\.config\.[^/]+$|(^|\/)\./;

export function isTestFile(path: string): boolean {
  return (
    /(^|\/)(spec|specs|test|tests|__tests__|__mocks__)\//.test(path) ||
    /_(spec|test)\.rb$/.test(path) ||
    new RegExp(`\\.(test|spec)\\.(${JS_EXTENSIONS.join('|')})$`).test(path) ||
    /_test\.go$/.test(path) ||
    /(^|\/)test_[^/]*\.py$|_test\.py$/.test(path)
  );
}

/** Where the tests of a source file are expected; undefined when the file is not source code that tests cover. */
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

/** `x` for `spec/models/x_spec.rb`, `x.test.ts`, `test_x.py`: what a test file is named after. */
function testStem(path: string): string {
  return path
    .slice(path.lastIndexOf('/') + 1)
    .replace(/\.[^.]+$/, '')
    .replace(/[._](spec|test)$/, '')
    .replace(/^test_/, '');
}

function sourceStem(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '');
}

export interface MissingTest {
  /** The changed source file. */
  path: string;
  /** Where its test is expected. */
  expected: string[];
  /** Those of `expected` that exist in the work tree (so the change could have updated them). */
  existing: string[];
}

/** Changed (not deleted) source files with no matching test change in the same change. */
export function sourcesWithoutTests(files: readonly ChangedFile[], exists: (path: string) => boolean): MissingTest[] {
  const changedTests = files.filter((file) => file.status !== 'deleted' && isTestFile(file.path));
  const changedTestPaths = new Set(changedTests.map((file) => file.path));
  const changedTestStems = new Set(changedTests.map((file) => testStem(file.path)));
  const missing: MissingTest[] = [];
  for (const file of files) {
    if (file.status === 'deleted' || file.binary || file.submodule) continue; // a submodule bump has no code of its own here
    const expected = testCandidates(file.path);
    if (!expected) continue;
    if (expected.some((candidate) => changedTestPaths.has(candidate)) || changedTestStems.has(sourceStem(file.path))) continue;
    missing.push({ path: file.path, expected, existing: expected.filter(exists) });
  }
  return missing.sort((a, b) => compareText(a.path, b.path));
}

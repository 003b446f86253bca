import picomatch from 'picomatch';
import { compileLinear } from './linearRegex';

export type PathMatcher = (path: string) => boolean;

/** Characters with a meaning in a glob: a literal run of a pattern contains none of them. */
const GLOB_SYNTAX = /[*?[\]{}()!+@|\\/]/;

/** Longer than any glob a team writes; picomatch itself throws past 65,536 characters. */
export const MAX_GLOB_LENGTH = 1024;
/**
 * Wildcards (a run of `*`, `?`, `[`, `{`, `(`, `|`, `,`) in one glob. Compiling costs about half a millisecond
 * per wildcard, so this bounds the work per glob; real globs have a handful.
 */
export const MAX_GLOB_WILDCARDS = 32;
/** Compiled globs by source: validation and the runtime compile the same globs, often many times over. */
const compiledGlobs = new Map<string, PathMatcher | string>();
const MAX_CACHED_GLOBS = 4096;

/**
 * Lookaheads picomatch emits (with `dot: true`) that only keep `.` and `..` segments and empty names from
 * matching. Git never lists such paths, so dropping them changes nothing for the paths we match, and lets the
 * expression run on the linear-time engine, which has no lookahead.
 */
const DOT_SEGMENT_GUARDS = ['(?!(?:^|\\/)\\.{1,2}(?:\\/|$))', '(?!\\.{1,2}(?:\\/|$))', '(?=.)'];

/**
 * One matcher for a list of repository-relative globs (posix separators, dotfiles included). It
 * runs for every file of large repositories, and picomatch's expressions are slow to reject a path,
 * so each glob first checks the literal start and end every match must have. A glob that `globProblem`
 * refuses (validation reported it) matches nothing: the runtime never throws on one.
 */
export function globMatcher(globs: readonly string[]): PathMatcher {
  const tests = globs.flatMap((glob) => {
    const compiled = compileGlob(glob);
    return typeof compiled === 'string' ? [] : [compiled];
  });
  if (tests.length === 0) return () => false;
  return (path) => tests.some((test) => test(path));
}

/** Why `glob` cannot be used (too long, or a construct the linear-time engine has no equivalent for); undefined when it can. */
export function globProblem(glob: string): string | undefined {
  const compiled = compileGlob(glob);
  return typeof compiled === 'string' ? compiled : undefined;
}

/**
 * A glob also matches the path it spells: `app/(marketing)/page.tsx` (a Next.js route group) is a
 * file, though picomatch reads its parentheses as a group. Returns why not when the glob is refused.
 */
function compileGlob(glob: string): PathMatcher | string {
  if (glob.length > MAX_GLOB_LENGTH) return compileUncached(glob);
  let compiled = compiledGlobs.get(glob);
  if (compiled === undefined) {
    if (compiledGlobs.size >= MAX_CACHED_GLOBS) compiledGlobs.clear();
    compiled = compileUncached(glob);
    compiledGlobs.set(glob, compiled);
  }
  return compiled;
}

function compileUncached(glob: string): PathMatcher | string {
  if (glob.length > MAX_GLOB_LENGTH) return `a glob is at most ${MAX_GLOB_LENGTH} characters (this one has ${glob.length})`;
  const wildcards = glob.match(/\*+|[?[{(|,]/g)?.length ?? 0;
  if (wildcards > MAX_GLOB_WILDCARDS) return `a glob has at most ${MAX_GLOB_WILDCARDS} wildcards, braces, brackets and alternatives (this one has ${wildcards})`;
  let scan: ReturnType<typeof picomatch.scan>;
  let expression: PathTest | string;
  try {
    scan = picomatch.scan(glob);
    expression = linearExpression(glob, scan.negated);
  } catch (error) {
    return `not a valid glob: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (typeof expression === 'string') return expression;
  const matches = expression;
  // Escapes and negations change what the literal parts mean: those go straight to the expression.
  if (glob.includes('\\') || scan.negated) return (path) => path === glob || matches(path);
  const prefix = scan.base;
  const suffix = literalEnd(glob);
  return (path) => path === glob || (path.startsWith(prefix) && (path.endsWith(suffix) || path.endsWith(`${suffix}/`)) && matches(path));
}

/**
 * picomatch's expression for the glob. JavaScript's RegExp when the glob is one whose expression cannot backtrack
 * far (compiling on the linear-time engine costs about a millisecond a glob, too slow for a CODEOWNERS file of
 * thousands of lines); the linear-time engine otherwise. A negated glob (`!vendor/**`) is compiled without its
 * `!` and the result inverted, since picomatch expresses the negation as a lookahead.
 */
function linearExpression(glob: string, negated: boolean): PathTest | string {
  const positive = negated ? glob.slice(1) : glob;
  const native = picomatch.makeRe(positive, { dot: true });
  const test = cannotBacktrackFar(positive) ? (path: string) => native.test(path) : linearTest(native.source);
  if (typeof test === 'string') return test;
  return negated ? (path) => !test(path) : test;
}

type PathTest = (path: string) => boolean;

function linearTest(picomatchSource: string): PathTest | string {
  let source = picomatchSource;
  for (const guard of DOT_SEGMENT_GUARDS) source = source.split(guard).join('');
  if (/\(\?[=!]|\(\?<[=!]/.test(source)) return 'negated patterns inside a glob, such as !(name), are not supported; list what to match instead';
  // picomatch's expression is bounded by the glob's length; so is the program, a few instructions per character.
  const compiled = compileLinear(source, { dotAll: true, maxLength: Number.MAX_SAFE_INTEGER, maxProgramSize: 8 * MAX_GLOB_LENGTH });
  if (compiled.problem !== undefined) return `this glob cannot be matched safely: ${compiled.problem}`;
  const regex = compiled.regex;
  return (path) => regex.test(path);
}

/**
 * True for globs made of literal segments, segments with one `*` run or `?`s, and at most one `**` segment, and
 * nothing else (no braces, brackets, extglobs, escapes). A `*` cannot cross a `/`, so each one has at most one
 * segment to try; only a second `**`, or two `*` in one segment (`*a*b`), multiply the attempts.
 */
function cannotBacktrackFar(glob: string): boolean {
  if (/[()|+@!{}[\]\\]/.test(glob)) return false;
  const segments = glob.split('/');
  if (segments.filter((segment) => segment === '**').length > 1) return false;
  return segments.every((segment) => segment === '**' || (segment.match(/\*+/g)?.length ?? 0) <= 1);
}

/** The literal characters a pattern ends with, within its last path segment ("*.lock" → ".lock"). */
function literalEnd(glob: string): string {
  let start = glob.length;
  while (start > 0 && !GLOB_SYNTAX.test(glob[start - 1]!)) start--;
  return glob.slice(start);
}

export function isGlob(pattern: string): boolean {
  try {
    return picomatch.scan(pattern).isGlob;
  } catch {
    return false;
  }
}

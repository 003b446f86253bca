import picomatch from 'picomatch';

export type PathMatcher = (path: string) => boolean;

/** Characters with a meaning in a glob: a literal run of a pattern contains none of them. */
const GLOB_SYNTAX = /[*?[\]{}()!+@|\\/]/;

/**
 * One matcher for a list of repository-relative globs (posix separators, dotfiles included). It
 * runs for every file of large repositories, and picomatch's expressions are slow to reject a path,
 * so each glob first checks the literal start and end every match must have.
 */
export function globMatcher(globs: readonly string[]): PathMatcher {
  if (globs.length === 0) return () => false;
  const tests = globs.map(compileGlob);
  return (path) => tests.some((test) => test(path));
}

/**
 * A glob also matches the path it spells: `app/(marketing)/page.tsx` (a Next.js route group) is a
 * file, though picomatch reads its parentheses as a group.
 */
function compileGlob(glob: string): PathMatcher {
  const expression = picomatch.makeRe(glob, { dot: true });
  const scan = picomatch.scan(glob);
  // Escapes and negations change what the literal parts mean: those go straight to the expression.
  if (glob.includes('\\') || scan.negated) return (path) => path === glob || expression.test(path);
  const prefix = scan.base;
  const suffix = literalEnd(glob);
  return (path) => path === glob || (path.startsWith(prefix) && (path.endsWith(suffix) || path.endsWith(`${suffix}/`)) && expression.test(path));
}

/** The literal characters a pattern ends with, within its last path segment ("*.lock" → ".lock"). */
function literalEnd(glob: string): string {
  let start = glob.length;
  while (start > 0 && !GLOB_SYNTAX.test(glob[start - 1]!)) start--;
  return glob.slice(start);
}

export function isGlob(pattern: string): boolean {
  return picomatch.scan(pattern).isGlob;
}

import picomatch from 'picomatch';

export type PathMatcher = (path: string) => boolean;

/**
 * One matcher for a list of repository-relative globs (posix separators, dotfiles included),
 * compiled into a single regular expression: it runs for every file of large repositories.
 */
export function globMatcher(globs: readonly string[]): PathMatcher {
  if (globs.length === 0) return () => false;
  const combined = new RegExp(globs.map((glob) => picomatch.makeRe(glob, { dot: true }).source).join('|'));
  return (path) => combined.test(path);
}

export function isGlob(pattern: string): boolean {
  return picomatch.scan(pattern).isGlob;
}

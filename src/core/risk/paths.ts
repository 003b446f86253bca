import picomatch from 'picomatch';

export type PathMatcher = (path: string) => boolean;

/** One matcher for a list of repository-relative globs (posix separators, dotfiles included). */
export function globMatcher(globs: readonly string[]): PathMatcher {
  if (globs.length === 0) return () => false;
  return picomatch(globs as string[], { dot: true });
}

export function isGlob(pattern: string): boolean {
  return picomatch.scan(pattern).isGlob;
}

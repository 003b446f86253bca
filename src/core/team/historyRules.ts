/**
 * The `history` rules of the config, compiled once for the history indexer, which calls them per commit/path.
 */
import { globMatcher } from '../globs';
import type { HistoryRules } from './schema';

export interface CompiledHistoryRules {
  /** A fix: some fix pattern matches the message and no non-fix pattern matches its subject line. */
  isFix(message: string): boolean;
  /** Incident ids mentioned in the message, as written there, without duplicates, in order of appearance. */
  incidentIds(message: string): string[];
  /** The path (repo-relative, posix) is generated/vendored/lock noise whose history is ignored. */
  isIgnoredPath(path: string): boolean;
}

export function compileHistoryRules(rules: HistoryRules): CompiledHistoryRules {
  // Each list becomes one alternation: these run once per commit, over a hundred thousand commits.
  const fixPattern = combine(rules.fixPatterns, 'i');
  const nonFixPattern = combine(rules.nonFixPatterns, 'i');
  const anyId = combine(rules.incidentIdPatterns, 'i');
  const idPatterns = compileAll(rules.incidentIdPatterns, 'gi');
  const ignored = globMatcher(rules.ignorePaths);
  return {
    isFix(message) {
      if (!fixPattern.test(message)) return false;
      const newline = message.indexOf('\n');
      return !nonFixPattern.test(newline === -1 ? message : message.slice(0, newline));
    },
    incidentIds(message) {
      if (!anyId.test(message)) return [];
      const ids = idPatterns.flatMap((p) => Array.from(message.matchAll(p), (match) => match[0])).filter(Boolean);
      return [...new Set(ids)];
    },
    isIgnoredPath(path) {
      return ignored(path.replace(/\\/g, '/'));
    },
  };
}

/** One case-insensitive regular expression matching any of `sources`; one that never matches for an empty list. */
function combine(sources: readonly string[], flags: string): RegExp {
  const compiled = compileAll(sources, flags);
  return compiled.length === 0 ? /(?!)/ : new RegExp(compiled.map((p) => `(?:${p.source})`).join('|'), flags);
}

/** Validated config only holds compilable sources; anything else (rules built by hand) is skipped, not thrown. */
function compileAll(sources: readonly string[], flags: string): RegExp[] {
  return sources.flatMap((source) => {
    try {
      return [new RegExp(source, flags)];
    } catch {
      return [];
    }
  });
}

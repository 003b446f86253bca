/**
 * The `history` rules of the config, compiled once for the history indexer, which calls them per commit/path.
 */
import { globMatcher } from '../globs';
import { incidentIdKey } from './incidents';
import type { HistoryRules } from './schema';

export interface CompiledHistoryRules {
  /** A fix: some fix pattern matches the message and no non-fix pattern matches its subject line. */
  isFix(message: string): boolean;
  /** Incident ids mentioned in the message, in upper case (`incidentIdKey`), without duplicates. */
  incidentIds(message: string): string[];
  /** The path (repo-relative, posix) is generated/vendored/lock noise whose history is ignored. */
  isIgnoredPath(path: string): boolean;
}

export function compileHistoryRules(rules: HistoryRules): CompiledHistoryRules {
  const isFixMessage = anyOf(rules.fixPatterns);
  const isNonFixSubject = anyOf(rules.nonFixPatterns);
  const namesAnId = anyOf(rules.incidentIdPatterns);
  const idPatterns = compileAll(rules.incidentIdPatterns, 'gi');
  const ignored = globMatcher(rules.ignorePaths);
  return {
    isFix(message) {
      if (!isFixMessage(message)) return false;
      const newline = message.indexOf('\n');
      return !isNonFixSubject(newline === -1 ? message : message.slice(0, newline));
    },
    incidentIds(message) {
      if (!namesAnId(message)) return [];
      const ids = idPatterns.flatMap((p) => Array.from(message.matchAll(p), (match) => incidentIdKey(match[0])));
      return [...new Set(ids.filter(Boolean))];
    },
    isIgnoredPath(path) {
      return ignored(path.replace(/\\/g, '/'));
    },
  };
}

/**
 * Whether any of `sources` matches, case-insensitively. One alternation when joining them keeps their
 * meaning (these run once per commit, over a hundred thousand commits); one by one when it would not:
 * back-references are numbered across the alternation, and group names must be unique in it.
 */
function anyOf(sources: readonly string[]): (text: string) => boolean {
  const compiled = compileAll(sources, 'i');
  if (!compiled.some((pattern) => /\\([1-9]|k<)/.test(pattern.source))) {
    try {
      const joined = new RegExp(compiled.map((pattern) => `(?:${pattern.source})`).join('|') || '(?!)', 'i');
      return (text) => joined.test(text);
    } catch {
      // duplicate group names across patterns: test them one by one
    }
  }
  return (text) => compiled.some((pattern) => pattern.test(text));
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

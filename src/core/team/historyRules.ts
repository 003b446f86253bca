/**
 * The `history` rules of the config, compiled once for the history indexer, which calls them per commit/path.
 */
import picomatch from 'picomatch';
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
  const fixPatterns = compileAll(rules.fixPatterns, 'i');
  const nonFixPatterns = compileAll(rules.nonFixPatterns, 'i');
  const idPatterns = compileAll(rules.incidentIdPatterns, 'gi');
  const ignored = rules.ignorePaths.length > 0 ? picomatch([...rules.ignorePaths], { dot: true }) : () => false;
  return {
    isFix(message) {
      const subject = message.split('\n', 1)[0];
      return fixPatterns.some((p) => p.test(message)) && !nonFixPatterns.some((p) => p.test(subject));
    },
    incidentIds(message) {
      const ids = idPatterns.flatMap((p) => Array.from(message.matchAll(p), (match) => match[0])).filter(Boolean);
      return [...new Set(ids)];
    },
    isIgnoredPath(path) {
      return ignored(path.replace(/\\/g, '/'));
    },
  };
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

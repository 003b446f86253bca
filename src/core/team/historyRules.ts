/**
 * The `history` rules of the config, compiled once for the history indexer, which calls them per commit/path.
 */
import { globMatcher } from '../globs';
import { compileLinear, MAX_MATCHED_TEXT, type LinearRegex } from '../linearRegex';
import { incidentIdKey } from './incidents';
import { DEFAULT_BOT_AUTHORS, DEFAULT_FIX_PATTERNS, DEFAULT_INCIDENT_ID_PATTERNS, DEFAULT_NON_FIX_PATTERNS, type HistoryRules } from './schema';

/** What a revert commit says it reverts: the sha from git's "This reverts commit <sha>." line, else the quoted subject. */
export interface RevertTarget {
  sha?: string;
  subject?: string;
}

export interface CompiledHistoryRules {
  /**
   * A fix, read as a person would: the subject line matches a fix pattern and no non-fix pattern, or the
   * body carries a `Fixes: <sha>` trailer, or the commit is a revert. Nothing else in the body counts: a
   * feature whose body says "manually fix up …" is not a fix.
   */
  isFix(message: string): boolean;
  /** What the commit reverts, when it is a revert (`Revert "…"` subject or `This reverts commit <sha>`). */
  revertOf(message: string): RevertTarget | undefined;
  /** Incident ids mentioned in the message, in upper case (`incidentIdKey`), without duplicates. */
  incidentIds(message: string): string[];
  /** The path (repo-relative, posix) is generated/vendored/lock noise whose history is ignored. */
  isIgnoredPath(path: string): boolean;
  /** The author is a bot (dependency, CI, translation): its commits count for nothing. */
  isBot(name: string, email: string): boolean;
}

const REVERT_SUBJECT = /^Revert\s+"(.+)"\s*(\(#\d+\))?\s*$/i;
const REVERTS_COMMIT = /^This reverts commit ([0-9a-f]{7,64})\b/im;
const FIXES_TRAILER = /^Fixes:\s+[0-9a-f]{7,64}\b/im;

export function compileHistoryRules(rules: HistoryRules): CompiledHistoryRules {
  const isFixSubject = anyOf(rules.fixPatterns);
  const isNonFixSubject = anyOf(rules.nonFixPatterns);
  const namesAnId = anyOf(rules.incidentIdPatterns);
  const idPatterns = compileAll(rules.incidentIdPatterns);
  const isBotAuthor = anyOf(rules.botAuthors);
  const ignored = globMatcher(rules.ignorePaths);
  const revertOf = (message: string): RevertTarget | undefined => {
    const subject = subjectOf(message);
    const sha = REVERTS_COMMIT.exec(message)?.[1]?.toLowerCase();
    const quoted = REVERT_SUBJECT.exec(subject)?.[1];
    if (!sha && !quoted) return undefined;
    return { ...(sha ? { sha } : {}), ...(quoted ? { subject: quoted } : {}) };
  };
  return {
    isFix(message) {
      if (revertOf(message)) return true;
      const subject = subjectOf(message);
      if (isFixSubject(subject) && !isNonFixSubject(subject)) return true;
      return FIXES_TRAILER.test(message) && !isNonFixSubject(subject);
    },
    revertOf,
    incidentIds(message) {
      if (!namesAnId(message)) return [];
      const ids = idPatterns.flatMap((p) => p.matches(message).map(incidentIdKey));
      return [...new Set(ids.filter(Boolean))];
    },
    isIgnoredPath(path) {
      return ignored(path.replace(/\\/g, '/'));
    },
    isBot(name, email) {
      return isBotAuthor(`${name} <${email}>`);
    },
  };
}

export function subjectOf(message: string): string {
  const newline = message.indexOf('\n');
  return (newline === -1 ? message : message.slice(0, newline)).trim();
}

/**
 * Whether any of `sources` matches, case-insensitively. One alternation when joining them keeps their
 * meaning (these run once per commit, over a hundred thousand commits); one by one when it would not
 * (group names must be unique in it).
 */
function anyOf(sources: readonly string[]): (text: string) => boolean {
  const compiled = sources.filter((source) => compileLinear(source, { caseInsensitive: true }).regex);
  if (compiled.length === 0) return () => false;
  // Each part passed the limits on its own; together they may add up past them.
  const unlimited = Number.MAX_SAFE_INTEGER;
  const alternation = compiled.map((source) => `(?:${source})`).join('|');
  const joined = compileLinear(alternation, { caseInsensitive: true, maxLength: unlimited, maxProgramSize: unlimited, maxRepeatTotal: unlimited });
  if (joined.regex) {
    const linear = joined.regex;
    if (!compiled.every((source) => VETTED_PATTERNS.has(source))) return (text) => linear.test(text);
    const native = new RegExp(alternation, 'i');
    return (text) => (plainAscii(text) ? native.test(text) : linear.test(text));
  }
  const each = compileAll(compiled);
  return (text) => each.some((pattern) => pattern.test(text));
}

/**
 * Change Risk's own default patterns, which JavaScript's RegExp runs in linear time too (no nested or
 * adjacent repetitions that can match the same text). Linear-time matching in JavaScript (RE2JS) is
 * slower, and the fix patterns run on every commit of the history: for the defaults, on text where
 * both engines mean the same, V8's engine answers (rails, 73,000 subjects: 0.2 s instead of 0.4 s).
 */
const VETTED_PATTERNS: ReadonlySet<string> = new Set([...DEFAULT_FIX_PATTERNS, ...DEFAULT_NON_FIX_PATTERNS, ...DEFAULT_BOT_AUTHORS, ...DEFAULT_INCIDENT_ID_PATTERNS]);

/**
 * Text on which RE2 and JavaScript agree for the vetted patterns: printable ASCII, tab, line feed and
 * carriage return. Elsewhere they differ in small ways (case-insensitive RE2 takes the Kelvin sign for
 * a "k"; JavaScript's `\s` also matches a vertical tab), and beyond MAX_MATCHED_TEXT RE2 does not read.
 */
const PLAIN_ASCII_TEXT = /^[\t\n\r\x20-\x7e]*$/;
const plainAscii = (text: string) => text.length <= MAX_MATCHED_TEXT && PLAIN_ASCII_TEXT.test(text);

/**
 * Compiled the way validation compiles them (linear time, bounded size): validated config only holds sources
 * that compile; anything else (rules built by hand) is skipped, not thrown.
 */
function compileAll(sources: readonly string[]): LinearRegex[] {
  return sources.flatMap((source) => {
    const { regex } = compileLinear(source, { caseInsensitive: true });
    return regex ? [regex] : [];
  });
}

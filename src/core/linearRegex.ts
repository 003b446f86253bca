/**
 * Regular expressions written by the team or found in a repository (fix patterns, bot authors, globs, CODEOWNERS)
 * run on RE2JS, a linear-time engine: JavaScript's backtracking RegExp can take exponential time on a pattern such
 * as `(a+)+$`, and would stall the CLI or the editor's indexing worker.
 *
 * Linear in the input still multiplies by the size of the compiled program, so a pattern is also bounded before
 * it is compiled (length, counted repetitions: compiling `[\s\S]{1,1000}` sixty times takes seconds) and after
 * (program size), and the text it is matched against is cut at MAX_MATCHED_TEXT.
 *
 * Validation and the runtime both compile through `compileLinear`, so a pattern validation accepts always runs.
 */
import { RE2JS } from 're2js';

/** Longer than any useful fix, bot or incident-id pattern; V8 gave up on some patterns of ~33,000 characters. */
export const MAX_PATTERN_LENGTH = 500;
/** Sum of the bounds of `{n}`, `{n,}`, `{n,m}` repetitions in one pattern: `\d{1,6}` and `[0-9a-f]{7,40}` fit. */
export const MAX_REPEAT_TOTAL = 100;
/** Instructions of the compiled program (the defaults compile to well under 200). */
export const MAX_PROGRAM_SIZE = 4000;
/** Patterns look at a subject line, an author or a message: past this many characters the text is not read. */
export const MAX_MATCHED_TEXT = 64 * 1024;

export interface LinearRegex {
  /** Whether the pattern matches anywhere in `text` (the first MAX_MATCHED_TEXT characters of it). */
  test(text: string): boolean;
  /** Every non-overlapping match in `text`, in order (within its first MAX_MATCHED_TEXT characters). */
  matches(text: string): string[];
}

export interface LinearOptions {
  caseInsensitive?: boolean;
  /** `.` also matches a line break (globs: a path may contain any character). */
  dotAll?: boolean;
  /** The source is already RE2 syntax (generated, not written by a person in JavaScript syntax). */
  re2Syntax?: boolean;
  /** Overrides MAX_PATTERN_LENGTH (generated sources, such as the expression of a glob, are longer). */
  maxLength?: number;
  /** Overrides MAX_PROGRAM_SIZE (a glob spelling a long path compiles to one instruction per character). */
  maxProgramSize?: number;
  /** Overrides MAX_REPEAT_TOTAL (an alternation of patterns that each passed has their sum). */
  maxRepeatTotal?: number;
}

export type Compiled = { regex: LinearRegex; problem?: undefined } | { regex?: undefined; problem: string };

/**
 * Compiles a JavaScript-syntax pattern (or an RE2 one, with `re2Syntax`) for linear-time matching, or says why
 * not. Never throws.
 */
export function compileLinear(source: string, options: LinearOptions = {}): Compiled {
  // Too long to compile: say so without keeping a copy of the text in the cache.
  if (source.length > (options.maxLength ?? MAX_PATTERN_LENGTH)) return compileUncached(source, options);
  // Validation re-checks a document after each removal, and the runtime compiles what validation did: compile once.
  const key = `${options.caseInsensitive ? 'i' : ''}${options.dotAll ? 's' : ''}${options.re2Syntax ? 'r' : ''}:${options.maxLength ?? ''}:${options.maxProgramSize ?? ''}:${options.maxRepeatTotal ?? ''}:${source}`;
  let compiled = cache.get(key);
  if (compiled === undefined) {
    if (cache.size >= MAX_CACHED) cache.clear();
    compiled = compileUncached(source, options);
    cache.set(key, compiled);
  }
  return compiled;
}

const cache = new Map<string, Compiled>();
const MAX_CACHED = 4096;

function compileUncached(source: string, options: LinearOptions): Compiled {
  const maxLength = options.maxLength ?? MAX_PATTERN_LENGTH;
  if (source.length > maxLength) return { problem: `longer than ${maxLength} characters (${source.length})` };
  const repeats = repeatTotal(source);
  const maxRepeats = options.maxRepeatTotal ?? MAX_REPEAT_TOTAL;
  if (repeats > maxRepeats) return { problem: `counted repetitions {n,m} add up to ${repeats}, over the limit of ${maxRepeats}` };
  let compiled: RE2JS;
  try {
    const re2Source = options.re2Syntax ? source : RE2JS.translateRegExp(source);
    compiled = RE2JS.compile(re2Source, (options.caseInsensitive ? RE2JS.CASE_INSENSITIVE : 0) | (options.dotAll ? RE2JS.DOTALL : 0));
  } catch (error) {
    return { problem: explain(error) };
  }
  const maxProgramSize = options.maxProgramSize ?? MAX_PROGRAM_SIZE;
  if (compiled.programSize() > maxProgramSize) return { problem: `too complex (compiles to ${compiled.programSize()} instructions, over ${maxProgramSize})` };
  return { regex: wrap(compiled) };
}

function wrap(compiled: RE2JS): LinearRegex {
  return {
    test(text) {
      return compiled.test(bounded(text));
    },
    matches(text) {
      const found: string[] = [];
      const matcher = compiled.matcher(bounded(text));
      while (matcher.find()) {
        const match = matcher.group() ?? '';
        found.push(match);
      }
      return found;
    },
  };
}

function bounded(text: string): string {
  return text.length > MAX_MATCHED_TEXT ? text.slice(0, MAX_MATCHED_TEXT) : text;
}

/**
 * An upper bound on how far counted repetitions multiply a pattern, read from its text: the sum of the largest
 * number in each `{…}` (nested repetitions multiply, so summing is conservative only together with the program
 * size check after compiling).
 */
function repeatTotal(source: string): number {
  let total = 0;
  for (const match of source.matchAll(/\{(\d{1,9})(?:,(\d{0,9}))?\}/g)) total += Math.max(Number(match[1]), Number(match[2] || 0));
  return total;
}

/** RE2 says "error parsing regexp: invalid or unsupported Perl syntax: `(?=`"; add what that means here. */
function explain(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(/^error parsing regexp: /, '');
  if (/unsupported Perl syntax: `\(\?[=!<]/.test(message)) return `${message} (lookahead and lookbehind are not supported: patterns run on a linear-time engine)`;
  if (/invalid escape sequence: `\\[1-9k]/.test(message)) return `${message} (back-references are not supported: patterns run on a linear-time engine)`;
  return message;
}

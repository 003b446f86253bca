/**
 * YAML for a postmortem's front matter that reads back exactly as written. The yaml library quotes
 * what YAML itself needs quoted, but it writes U+2028, U+2029, U+0085, a BOM or a control character
 * as the raw character, and tools that take those for line breaks (JavaScript's `^` in a multiline
 * regex, editors, Markdown renderers) then see a `---` after one as the end of the front matter.
 * Every string holding such a character is therefore written by this module instead: a one-line
 * double-quoted scalar in which each of them is an escape, so the file holds no odd character at all.
 * No vscode here.
 */
import { stringify, type ScalarTag } from 'yaml';

/**
 * Characters written as escapes: control characters (C0, DEL, C1 with U+0085, tab, CR, LF), format
 * characters (BOM, zero-width and bidi controls), the Unicode line and paragraph separators,
 * unassigned code points (U+FFFE, U+FFFF) and unpaired surrogates. Escaping one more than needed
 * costs only looks; one fewer can end the front matter early.
 */
const NEEDS_ESCAPE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cn}\p{Cs}]/u;

/** An unpaired UTF-16 surrogate: no UTF-8 file can hold it, so a string with one is refused, not written. */
const LONE_SURROGATE = /\p{Cs}/u;

/** `value` as a YAML 1.2 double-quoted scalar on one line, with every character of NEEDS_ESCAPE escaped. */
export function doubleQuoted(value: string): string {
  let out = '"';
  for (const char of value) {
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (!NEEDS_ESCAPE.test(char)) out += char;
    else {
      const code = char.codePointAt(0)!;
      // \xNN for the first 256 code points, \uNNNN for the rest of the BMP, \UNNNNNNNN beyond.
      out += code < 0x100 ? `\\x${hex(code, 2)}` : code < 0x10000 ? `\\u${hex(code, 4)}` : `\\U${hex(code, 8)}`;
    }
  }
  return `${out}"`;
}

function hex(code: number, digits: number): string {
  return code.toString(16).toUpperCase().padStart(digits, '0');
}

/**
 * The first string in `value` that cannot be written: its field (`title`, `affected[0].path`) and
 * why; undefined when every string can.
 */
export function unwritableString(value: unknown, field = ''): { field: string; message: string } | undefined {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? { field, message: 'it contains an unpaired UTF-16 surrogate, which no file can hold' } : undefined;
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [`${field}[${index}]`, item])
    : value !== null && typeof value === 'object'
      ? Object.entries(value).map(([key, item]) => [field ? `${field}.${key}` : key, item])
      : [];
  for (const [at, item] of entries) {
    const problem = unwritableString(item, at);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * A string tag tried before the library's own: it claims only strings with a character of
 * NEEDS_ESCAPE and writes them with `doubleQuoted`; every other value is written as the library would.
 */
const ESCAPED_STRING: ScalarTag = {
  tag: 'tag:yaml.org,2002:str',
  default: true,
  identify: (value) => typeof value === 'string' && NEEDS_ESCAPE.test(value),
  resolve: (text) => text, // only used for writing: parse with the library's own string tag
  stringify: (item) => doubleQuoted(String(item.value)),
};

/**
 * The YAML between a front matter's `---` lines. Throws for a string that cannot be written (see
 * `unwritableString`); callers check first to say which field.
 */
export function frontMatterYaml(value: Record<string, unknown>): string {
  const problem = unwritableString(value);
  if (problem) throw new Error(`${problem.field}: ${problem.message}`);
  return stringify(value, { lineWidth: 0, customTags: (tags) => [ESCAPED_STRING, ...tags] });
}

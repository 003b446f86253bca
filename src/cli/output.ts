/**
 * Every byte the CLI writes goes through this module. Repository text (file names, incident titles, commit
 * subjects, author names, config keys, git's own messages) is untrusted: a terminal acts on control
 * characters, and an OSC 52 sequence (`ESC ] 52 ; c ; <base64> BEL`) in a file name would set the clipboard
 * of a terminal that allows it. So text output is made terminal-safe once, here, at the boundary; the
 * commands build their lines freely and print them with `printLine` / `writeOut` / `printError`.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import type { RiskLevel } from '../core/team';

/**
 * What a terminal could act on or that could make text read differently from what it is: C0 controls but
 * newline and tab, DEL, C1 controls (U+0080–U+009F; some terminals read U+009B as CSI), and the bidi
 * embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) that reorder what is shown.
 */
const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text made safe for a terminal, visibly: C0 controls and DEL become their Control Pictures (ESC → ␛,
 * BEL → ␇, CR → ␍, DEL → ␡: one column, so tables stay aligned), C1 and bidi controls `\u{9b}`. Nothing is
 * dropped, so a hostile name still shows that it is one.
 */
export function terminalText(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return `\\u{${code.toString(16)}}`;
  });
}

/*
 * Colours are the only escape sequences the CLI writes on purpose. The painter cannot write ESC itself: the
 * boundary could not tell its ESC from one in a file name. It writes a marker with a key drawn at start-up
 * (private-use characters, which terminalText leaves alone), and the boundary turns exactly those markers
 * into colour codes after it has neutralised everything else. Repository text cannot forge the key.
 */
const STYLE_KEY = randomBytes(8).toString('hex');
const STYLE_MARK = new RegExp(`\uE000${STYLE_KEY}([0-9;]+)\uE001`, 'g');
const styleMark = (code: string) => `\uE000${STYLE_KEY}${code}\uE001`;

/** The text as written to a terminal or pipe: control characters neutralised, then the painter's colours. */
function forTerminal(text: string): string {
  return terminalText(text).replace(STYLE_MARK, (_, code: string) => `\x1b[${code}m`);
}

/** A line of text output on stdout. */
export function printLine(text = ''): void {
  process.stdout.write(`${forTerminal(text)}\n`);
}

/**
 * Lines of a report on stdout, each kept on one line: a newline inside one comes from repository text (git
 * allows it in a file name, YAML in a title) and is shown as ␊. Otherwise a name could start a line of its
 * own, and a line starting with `::` is a workflow command in a GitHub Actions log.
 */
export function printLines(lines: readonly string[]): void {
  if (lines.length === 0) return;
  process.stdout.write(`${lines.map((line) => forTerminal(line.replace(/\n/g, '\u240a'))).join('\n')}\n`);
}

/** Text output on stdout as is (it brings its own newlines), made terminal-safe. */
export function writeOut(text: string): void {
  process.stdout.write(forTerminal(text));
}

/** A line on stderr: errors, warnings and diagnostics, which quote repository text too. */
export function printError(text: string): void {
  process.stderr.write(`${forTerminal(text)}\n`);
}

/**
 * Progress on a terminal's stderr: our own carriage return and erase-line codes (`prefix`), then the text,
 * made safe like any other.
 */
export function writeProgress(prefix: '\r' | '\r\x1b[K', text = ''): void {
  process.stderr.write(`${prefix}${forTerminal(text)}`);
}

/** Pads columns so human output lines up; the last column is never padded. */
export function table(rows: string[][], rightAligned: number[] = []): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, visibleLength(cell))));
  return rows.map((row) =>
    row
      .map((cell, i) => {
        if (i === row.length - 1) return cell;
        const padding = ' '.repeat(widths[i]! - visibleLength(cell));
        return rightAligned.includes(i) ? padding + cell : cell + padding;
      })
      .join('  ')
      .trimEnd(),
  );
}

/** Columns a terminal gives the text: East Asian wide characters (Japanese under `--lang ja`) take two. */
function visibleLength(text: string): number {
  const plain = text.replace(STYLE_MARK, '');
  return plain.length + (plain.match(WIDE) ?? []).length;
}

/** CJK punctuation, kana, ideographs, Hangul and fullwidth forms: two columns each. */
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/g;

const LEVEL_COLOURS: Record<RiskLevel, string> = { high: '31', medium: '33', low: '36', none: '2' };

export interface Painter {
  level(level: RiskLevel, text?: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

/** Colours only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function painter(stream: NodeJS.WriteStream): Painter {
  const enabled = Boolean(stream.isTTY) && !process.env.NO_COLOR;
  const wrap = (code: string, text: string) => (enabled ? `${styleMark(code)}${text}${styleMark('0')}` : text);
  return {
    level: (level, text = level) => wrap(LEVEL_COLOURS[level], text),
    dim: (text) => wrap('2', text),
    bold: (text) => wrap('1', text),
  };
}

/**
 * Characters JSON.stringify leaves raw that a terminal may act on or that reorder text: DEL, C1 controls,
 * bidi controls, and the line and paragraph separators. Written as `\uXXXX` escapes, so `--json` output
 * parses to exactly the original strings and shows no control character when printed to a terminal. They
 * can only occur inside JSON strings, where the escape means the same character.
 */
const JSON_UNSAFE = /[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}

export function printJson(value: unknown): void {
  process.stdout.write(jsonText(value));
}

/** A JSON report written to a file (`--output`), as `printJson` would print it. */
export function writeJsonFile(file: string, value: unknown): void {
  fs.writeFileSync(file, jsonText(value));
}

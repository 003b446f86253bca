/**
 * Feature flags declared in a file with their defaults: Flipflop's `config/features.rb` (`feature :name, default:
 * true, description: "…"`, often over several lines) and Flipper/feature YAML (`name: true`). Line-based; every
 * regex is linear.
 */

export type DeclarationLibrary = 'flipflop' | 'flipper';

export interface FlagDeclaration {
  flag: string;
  /** The default as written (`true`, `false`, an expression); Flipflop's implicit default is `false`. */
  default: string;
  /** 1-based line of the `feature` line (or YAML key) in the text it was read from. */
  line: number;
  /** The declaration's last line (its options may span several). */
  lastLine: number;
}

/** Which declaration syntax a path uses, if any. */
export function declarationLibrary(path: string): DeclarationLibrary | undefined {
  if (/(^|\/)config\/features\.rb$/.test(path)) return 'flipflop';
  if (/(^|\/)[^/]*flipper[^/]*\.ya?ml$/i.test(path) || /(^|\/)config\/(?:feature_flags|features)\.ya?ml$/.test(path)) return 'flipper';
  return undefined;
}

const FLIPFLOP_FEATURE = /^\s*feature\s*\(?\s*(?::([A-Za-z_]\w*)|['"]([A-Za-z_][\w-]*)['"])/;
const FLIPFLOP_DEFAULT = /(?:\bdefault:|:default\s*=>)\s*(.*)$/;
const YAML_BOOLEAN = /^(\s{0,8})([A-Za-z_][\w.-]*):\s*(true|false|on|off|yes|no)\s*(?:#.*)?$/i;
const YAML_ENABLED = /^\s+(?:enabled|default):\s*(true|false|on|off|yes|no)\s*(?:#.*)?$/i;
const YAML_KEY = /^(\s{0,8})([A-Za-z_][\w.-]*):\s*(?:#.*)?$/;

/** Declarations in `lines`; `lineNumbers[i]` is the number of `lines[i]` (default: i + 1). */
export function parseDeclarations(library: DeclarationLibrary, lines: readonly string[], lineNumbers?: readonly number[]): FlagDeclaration[] {
  return library === 'flipflop' ? parseFlipflop(lines, lineNumbers) : parseYaml(lines, lineNumbers);
}

/** The value of a `default:` option: up to the next top-level comma (a `%w[a b].include?(x)` keeps its own commas). */
export function defaultValue(line: string): string | undefined {
  const match = FLIPFLOP_DEFAULT.exec(line);
  if (!match) return undefined;
  const rest = match[1]!;
  let depth = 0;
  let quote = '';
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if ((c === ',' && depth === 0) || depth < 0) return rest.slice(0, i).trim();
  }
  return rest.trim();
}

function parseFlipflop(lines: readonly string[], numbers?: readonly number[]): FlagDeclaration[] {
  const out: FlagDeclaration[] = [];
  for (let i = 0; i < lines.length; i++) {
    const match = FLIPFLOP_FEATURE.exec(lines[i]!);
    if (!match) continue;
    const line = numbers?.[i] ?? i + 1;
    const declaration: FlagDeclaration = { flag: (match[1] ?? match[2])!, default: 'false', line, lastLine: line };
    // The options go on while a line ends with a comma (or an open parenthesis), as Ruby continues a call.
    for (let j = i; j < lines.length && j < i + 20; j++) {
      if (j > i && (FLIPFLOP_FEATURE.test(lines[j]!) || (numbers && numbers[j]! !== numbers[j - 1]! + 1))) break;
      const value = defaultValue(lines[j]!);
      if (value !== undefined) declaration.default = value;
      declaration.lastLine = numbers?.[j] ?? j + 1;
      if (!/[,(]\s*$/.test(lines[j]!)) break;
    }
    out.push(declaration);
  }
  return out;
}

function parseYaml(lines: readonly string[], numbers?: readonly number[]): FlagDeclaration[] {
  const out: FlagDeclaration[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const number = numbers?.[i] ?? i + 1;
    const boolean = YAML_BOOLEAN.exec(line);
    if (boolean && !/^(?:enabled|default)$/i.test(boolean[2]!)) {
      out.push({ flag: boolean[2]!, default: normaliseYamlBoolean(boolean[3]!), line: number, lastLine: number });
      continue;
    }
    // `name:` followed by an indented `enabled: true`.
    const key = YAML_KEY.exec(line);
    const next = lines[i + 1];
    const nextEnabled = next !== undefined && (!numbers || numbers[i + 1] === number + 1) ? YAML_ENABLED.exec(next) : null;
    if (key && nextEnabled) out.push({ flag: key[2]!, default: normaliseYamlBoolean(nextEnabled[1]!), line: number, lastLine: number + 1 });
  }
  return out;
}

function normaliseYamlBoolean(value: string): string {
  return /^(?:true|on|yes)$/i.test(value) ? 'true' : 'false';
}

/** The flag whose declaration encloses line `line` (1-based) of a full text: the nearest `feature` line above. */
export function enclosingDeclaration(library: DeclarationLibrary, text: string, line: number): string | undefined {
  const lines = text.split('\n');
  for (let i = Math.min(line, lines.length) - 1; i >= 0 && i >= line - 21; i--) {
    if (library === 'flipflop') {
      const match = FLIPFLOP_FEATURE.exec(lines[i]!);
      if (match) return match[1] ?? match[2];
    } else {
      const match = YAML_KEY.exec(lines[i]!);
      if (match && i < line - 1) return match[2];
    }
  }
  return undefined;
}

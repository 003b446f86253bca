/**
 * YAML parsing with positions: maps data paths (as zod reports them) back to line/column in the file.
 */
import { Document, LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, visit, type Node, type Pair } from 'yaml';
import type { Diagnostic, DiagnosticSeverity } from '../diagnostics';
import type { DataPath } from './schemaWalk';

export interface YamlSource {
  file: string;
  doc: Document;
  lineCounter: LineCounter;
  /** Lines of the file before the YAML text (a front matter starts after its opening `---`). */
  lineOffset: number;
}

type Range = readonly [start: number, end: number];

export function parseYaml(text: string, file: string, lineOffset = 0): { source: YamlSource; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  // prettyErrors off: we print positions ourselves, the pretty form would repeat them inside the message.
  // uniqueKeys off: yaml compares each key with every earlier one (100,000 keys took minutes); duplicateKeys does it in one pass.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const source: YamlSource = { file, doc, lineCounter, lineOffset };
  const diagnostics = [
    ...doc.errors.map((e) => diagnosticAt(source, e.pos, 'error', '', `YAML: ${e.message}`)),
    ...duplicateKeys(doc).map((start) => diagnosticAt(source, [start, start], 'error', '', 'YAML: Map keys must be unique')),
    ...doc.warnings.map((w) => diagnosticAt(source, w.pos, 'warning', '', `YAML: ${w.message}`)),
  ];
  return { source, diagnostics: capped(diagnostics, file, lineOffset + 1) };
}

/** Diagnostics listed per file and check; the rest are counted in one last line (a file may hold 100,000 problems). */
export const MAX_DIAGNOSTICS = 100;

/** The first MAX_DIAGNOSTICS of `diagnostics`, and a line saying how many more there are. */
export function capped(diagnostics: Diagnostic[], file: string, line: number): Diagnostic[] {
  if (diagnostics.length <= MAX_DIAGNOSTICS) return diagnostics;
  const rest = diagnostics.slice(MAX_DIAGNOSTICS);
  return [...diagnostics.slice(0, MAX_DIAGNOSTICS), omittedSummary(file, line, rest.length, rest.filter((d) => d.severity === 'error').length)];
}

export function omittedSummary(file: string, line: number, omitted: number, errors: number): Diagnostic {
  const ofThem = errors > 0 ? ` (${errors} of them errors)` : '';
  return fileDiagnostic(file, errors > 0 ? 'error' : 'warning', `and ${omitted} more problems${ofThem} not listed; the first ${MAX_DIAGNOSTICS} are`, line);
}

/** Offsets of every key that repeats an earlier key of the same mapping (as yaml's own check: same scalar value). */
function duplicateKeys(doc: Document): number[] {
  const offsets: number[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        if (seen.has(pair.key.value)) offsets.push(pair.key.range?.[0] ?? 0);
        seen.add(pair.key.value);
      }
    },
  });
  return offsets;
}

export function diagnosticAt(source: YamlSource, range: Range, severity: DiagnosticSeverity, field: string, message: string): Diagnostic {
  const start = source.lineCounter.linePos(range[0]);
  const end = source.lineCounter.linePos(Math.max(range[0], range[1]));
  return {
    file: source.file,
    line: start.line + source.lineOffset,
    column: start.col,
    endLine: end.line + source.lineOffset,
    endColumn: end.col,
    severity,
    field,
    message,
  };
}

/**
 * Source range of the value (or key) at `path`. A path that does not exist (a missing required field) resolves
 * to the deepest node that does, so the diagnostic still lands next to the problem.
 */
export function rangeAt(source: YamlSource, path: DataPath, part: 'key' | 'value' = 'value'): Range {
  let node: unknown = source.doc.contents;
  let range: Range = nodeRange(node) ?? [0, 0];
  for (const [index, segment] of path.entries()) {
    const step = childOf(source.doc, node, segment);
    if (!step) break;
    const keyRange = nodeRange(step.key);
    if (keyRange && part === 'key' && index === path.length - 1) return keyRange;
    const valueRange = nodeRange(step.value);
    // `key:` with nothing after it: point at the key rather than at an empty spot.
    range = valueRange && (valueRange[1] > valueRange[0] || !keyRange) ? valueRange : (keyRange ?? range);
    node = step.value;
  }
  return range;
}

/** Removes the map entry or list item at `path`; false when there is nothing there to remove. */
export function removeAt(doc: Document, path: DataPath): boolean {
  let parent: unknown = doc.contents;
  for (const segment of path.slice(0, -1)) parent = childOf(doc, parent, segment)?.value;
  const last = path[path.length - 1];
  if (isAlias(parent)) parent = parent.resolve(doc);
  if (isMap(parent)) {
    const pair = pairsByKey(parent.items).get(String(last));
    if (!pair) return false;
    // A new array: removing one of 100,000 unknown keys must not shift the other 99,999 (and it drops the stale index).
    parent.items = parent.items.filter((item) => item !== pair);
    return true;
  }
  if (isSeq(parent) && typeof last === 'number' && last < parent.items.length) return parent.items.splice(last, 1).length === 1;
  return false;
}

/**
 * Removes the children of the collection at `parent` named by `children` (keys of a mapping, indexes of a list)
 * in one pass, so that dropping 100,000 bad entries stays linear; how many it removed.
 */
export function removeChildrenAt(doc: Document, parent: DataPath, children: ReadonlySet<PropertyKey>): number {
  let node: unknown = doc.contents;
  for (const segment of parent) node = childOf(doc, node, segment)?.value;
  if (isAlias(node)) node = node.resolve(doc);
  const keys = new Set([...children].map(String));
  if (isMap(node)) {
    const before = node.items.length;
    node.items = node.items.filter((pair) => !keys.has(keyText(pair) ?? '\u0000not a key'));
    return before - node.items.length;
  }
  if (isSeq(node)) {
    const before = node.items.length;
    node.items = node.items.filter((_, index) => !children.has(index));
    return before - node.items.length;
  }
  return 0;
}

/** The entries of a mapping by key text, first one winning as `find` would; rebuilt when the items array is replaced. */
const pairIndexes = new WeakMap<readonly Pair[], { length: number; index: Map<string, Pair> }>();

function pairsByKey(items: readonly Pair[]): Map<string, Pair> {
  const cached = pairIndexes.get(items);
  // An array changed in place (yaml's visit removes that way) has another length: index it again.
  let index = cached && cached.length === items.length ? cached.index : undefined;
  if (!index) {
    index = new Map();
    for (const pair of items) {
      const key = keyText(pair);
      if (key !== undefined && !index.has(key)) index.set(key, pair);
    }
    pairIndexes.set(items, { length: items.length, index });
  }
  return index;
}

/** One step down: the entry of a map (matched by key text, as zod paths carry them) or the item of a list. */
function childOf(doc: Document, node: unknown, segment: PropertyKey): { key?: unknown; value: unknown } | undefined {
  if (isAlias(node)) node = node.resolve(doc);
  if (isMap(node)) {
    // An index, not a scan: validation looks up every unknown key, and a file may hold 100,000 of them.
    const pair = pairsByKey(node.items as Pair[]).get(String(segment));
    return pair && { key: pair.key, value: pair.value };
  }
  if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) return { value: node.items[segment] };
  return undefined;
}

/** Line (1-based) of the key at `path` in the whole file, or of the document start when it is absent. */
export function keyLine(source: YamlSource, path: DataPath): number {
  return source.lineCounter.linePos(rangeAt(source, path, 'key')[0]).line + source.lineOffset;
}

/** `['affected', 1, 'lines']` → `affected[1].lines`, the notation diagnostics use. */
export function fieldName(path: DataPath): string {
  return path.reduce<string>((name, segment) => (typeof segment === 'number' ? `${name}[${segment}]` : name ? `${name}.${String(segment)}` : String(segment)), '');
}

/** A diagnostic about a file's text as a whole (encoding, size, missing front matter). */
export function fileDiagnostic(file: string, severity: DiagnosticSeverity, message: string, line = 1, column = 1): Diagnostic {
  return { file, line, column, severity, field: '', message };
}

function keyText(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

function nodeRange(node: unknown): Range | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? [range[0], range[1]] : undefined;
}

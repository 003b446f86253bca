/**
 * YAML parsing with positions: maps data paths (as zod reports them) back to line/column in the file.
 */
import { Document, LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, type Node, type Pair } from 'yaml';
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
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const source: YamlSource = { file, doc, lineCounter, lineOffset };
  const diagnostics = [
    ...doc.errors.map((e) => diagnosticAt(source, e.pos, 'error', '', `YAML: ${e.message}`)),
    ...doc.warnings.map((w) => diagnosticAt(source, w.pos, 'warning', '', `YAML: ${w.message}`)),
  ];
  return { source, diagnostics };
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
    const index = parent.items.findIndex((pair) => keyText(pair) === String(last));
    return index >= 0 && parent.items.splice(index, 1).length === 1;
  }
  if (isSeq(parent) && typeof last === 'number' && last < parent.items.length) return parent.items.splice(last, 1).length === 1;
  return false;
}

/** One step down: the entry of a map (matched by key text, as zod paths carry them) or the item of a list. */
function childOf(doc: Document, node: unknown, segment: PropertyKey): { key?: unknown; value: unknown } | undefined {
  if (isAlias(node)) node = node.resolve(doc);
  if (isMap(node)) {
    const pair = node.items.find((item) => keyText(item) === String(segment));
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

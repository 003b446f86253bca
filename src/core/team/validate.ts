/**
 * Validates a parsed YAML document against a zod schema and turns every issue into a positioned diagnostic.
 *
 * Recovery: each invalid value is removed and the document re-checked, so a bad field falls back to its default
 * (or a bad list item is dropped) while the valid rest is kept. Unknown keys are warnings and are removed the same way.
 */
import { isScalar, visit, type Node } from 'yaml';
import type { z } from 'zod';
import type { Diagnostic } from '../diagnostics';
import { diagnosticAt, fieldName, MAX_DIAGNOSTICS, omittedSummary, rangeAt, removeChildrenAt, type YamlSource } from './positions';
import { acceptsAbsence, knownKeysAt, type DataPath } from './schemaWalk';
import { closestName } from './suggest';

export interface Validated<T> {
  /** Absent when the problems left nothing usable (the root itself is invalid). */
  value?: T;
  diagnostics: Diagnostic[];
}

interface Problem {
  /** What to remove to get past the problem; undefined when only the whole document would do. */
  remove?: DataPath;
}

type Issue = z.core.$ZodIssue;

/** Every round removes at least one value, so this only bounds pathological documents. */
const MAX_ROUNDS = 50;

export function validateYaml<S extends z.ZodType>(schema: S, original: YamlSource): Validated<z.output<S>> {
  // Removals happen in the caller's document, not a copy (copying 100,000 entries took seconds): afterwards its
  // data paths are those of the validated value (a dropped list item no longer shifts the indexes after it), and
  // the positions of what is left are unchanged.
  const source = original;
  const found = new Found(source);
  found.add(...removeKeysThatAreNotNames(source));
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const data = plainData(source);
    if (data instanceof Error) return { diagnostics: found.add(diagnosticAt(source, rangeAt(source, []), 'error', '', `YAML: ${data.message}`)).list() };
    const result = schema.safeParse(data);
    if (result.success) return { value: result.data, diagnostics: found.list() };
    const problems = firstPerPath(result.error.issues.flatMap(flattenUnion)).flatMap((issue) => problemsOf(schema, source, data, issue, found));
    const removals = problems.map((p) => p.remove);
    if (removals.some((path) => path === undefined || path.length === 0)) return { diagnostics: found.list() };
    // No progress (a key YAML and zod spell differently): stop rather than report the same problem again.
    if (!removeAll(source, removals as DataPath[])) return { diagnostics: found.list() };
  }
  return { diagnostics: found.list() };
}

/**
 * The diagnostics of one file: the first MAX_DIAGNOSTICS in full, the rest only counted (locating and wording
 * them is most of the work), then summed up in one line.
 */
class Found {
  private readonly listed: Diagnostic[] = [];
  private omitted = 0;
  private omittedErrors = 0;

  constructor(private readonly source: YamlSource) {}

  get full(): boolean {
    return this.listed.length >= MAX_DIAGNOSTICS;
  }

  add(...diagnostics: Diagnostic[]): this {
    for (const diagnostic of diagnostics) {
      if (!this.full) this.listed.push(diagnostic);
      else this.count(diagnostic.severity);
    }
    return this;
  }

  count(severity: Diagnostic['severity']): void {
    this.omitted++;
    if (severity === 'error') this.omittedErrors++;
  }

  list(): Diagnostic[] {
    if (this.omitted === 0) return this.listed;
    return [...this.listed, omittedSummary(this.source.file, this.source.lineOffset + 1, this.omitted, this.omittedErrors)];
  }
}

/**
 * The document as plain data. `key:` with nothing after it (null) counts as absent, so a section whose entries are
 * all commented out means "defaults". YAML 1.1 timestamps become `YYYY-MM-DD` strings so dates validate as text.
 */
function plainData(source: YamlSource): unknown {
  try {
    const data: unknown = source.doc.toJS({ reviver: normaliseValue });
    return data ?? {};
  } catch (error) {
    // yaml refuses documents whose aliases would expand enormously ("billion laughs").
    return error instanceof Error ? error : new Error(String(error));
  }
}

function normaliseValue(this: unknown, _key: unknown, value: unknown): unknown {
  if (value === null && !Array.isArray(this)) return undefined;
  return value instanceof Date ? value.toISOString().slice(0, 10) : value;
}

/** One diagnostic per field: a value failing two checks (format, then range) is one thing to fix. */
function firstPerPath(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = issue.code === 'unrecognized_keys' ? `${JSON.stringify(issue.path)}+keys` : JSON.stringify(issue.path);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** What to remove for each issue; its diagnostic goes to `found` (only counted once the list is full). */
function problemsOf(schema: z.ZodType, source: YamlSource, data: unknown, issue: Issue, found: Found): Problem[] {
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(schema, issue.path);
    return issue.keys.map((key) => unknownKeyProblem(source, issue.path, key, known, found));
  }
  const path = issue.path;
  if (found.full) found.count('error');
  else {
    const missing = valueAt(data, path) === undefined;
    const message = missing ? `missing required field "${String(path[path.length - 1] ?? '')}"` : messageOf(issue, data);
    found.add(diagnosticAt(source, rangeAt(source, path), 'error', fieldName(path), message));
  }
  return [{ remove: removableAncestor(schema, path) }];
}

function unknownKeyProblem(source: YamlSource, parent: DataPath, key: string, known: readonly string[], found: Found): Problem {
  const path = [...parent, key];
  if (found.full) found.count('warning');
  else {
    const suggestion = closestName(key, known);
    const hint = suggestion ? `; did you mean "${suggestion}"?` : '';
    found.add(diagnosticAt(source, rangeAt(source, path, 'key'), 'warning', fieldName(path), `unknown key "${key}"${hint}`));
  }
  return { remove: path };
}

/** A list or mapping used as a key (`[a, b]: x`) has no name to check; it can only be a mistake here. */
function removeKeysThatAreNotNames(source: YamlSource): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  visit(source.doc, {
    Pair(_, pair) {
      if (isScalar(pair.key)) return undefined;
      const range = (pair.key as Node | null)?.range ?? (pair.value as Node | null)?.range ?? [0, 0];
      diagnostics.push(diagnosticAt(source, [range[0], range[1]], 'warning', '', 'a key must be a plain name, not a list, a mapping or nothing; ignored'));
      return visit.REMOVE;
    },
  });
  return diagnostics;
}

/** The nearest enclosing value that may be dropped: a list item, or a field that has a default or is optional. */
function removableAncestor(schema: z.ZodType, path: DataPath): DataPath | undefined {
  for (let end = path.length; end > 0; end--) {
    const candidate = path.slice(0, end);
    if (typeof candidate[end - 1] === 'number' || acceptsAbsence(schema, candidate)) return candidate;
  }
  return undefined;
}

/**
 * A union reports "Invalid input" with one issue list per alternative. When exactly one alternative had the right
 * type, its issues are the real ones; otherwise the value had none of the accepted types.
 */
function flattenUnion(issue: Issue): Issue[] {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
  const typeMatched = issue.errors.filter((branch) => !branch.some(isRootTypeMismatch));
  if (typeMatched.length !== 1) return [issue];
  return typeMatched[0].map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] })).flatMap(flattenUnion);
}

/** The value had the wrong type altogether (also for a nested union none of whose alternatives fit the type). */
function isRootTypeMismatch(issue: Issue): boolean {
  if (issue.path.length > 0) return false;
  if (issue.code === 'invalid_type') return true;
  return issue.code === 'invalid_union' && issue.errors.length > 0 && issue.errors.every((branch) => branch.some(isRootTypeMismatch));
}

function messageOf(issue: Issue, data: unknown): string {
  if (issue.code !== 'invalid_union') return issue.message;
  const expected = issue.errors.flatMap((branch) => branch.filter(isRootTypeMismatch).map((i) => (i as { expected: string }).expected));
  if (expected.length === 0) return issue.message;
  return `expected ${[...new Set(expected)].join(' or ')}, received ${typeName(valueAt(data, issue.path))}`;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

function valueAt(data: unknown, path: DataPath): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

/**
 * Removes every path, each parent's children in one pass (linear however many there are). A path inside another
 * one also removed is skipped: removing the outer one removes it.
 */
function removeAll(source: YamlSource, paths: DataPath[]): boolean {
  const keyOf = (path: DataPath) => JSON.stringify(path.map((segment) => (typeof segment === 'number' ? segment : String(segment))));
  const removed = new Set(paths.map(keyOf));
  const byParent = new Map<string, { parent: DataPath; children: Set<PropertyKey> }>();
  for (const path of paths) {
    if (path.slice(0, -1).some((_, end) => removed.has(keyOf(path.slice(0, end + 1))))) continue;
    const parent = path.slice(0, -1);
    const entry = byParent.get(keyOf(parent)) ?? { parent, children: new Set<PropertyKey>() };
    entry.children.add(path[path.length - 1]!);
    byParent.set(keyOf(parent), entry);
  }
  // Deepest parents first: removing inside a list item must happen before an index of that list shifts.
  const parents = [...byParent.values()].sort((a, b) => b.parent.length - a.parent.length);
  let count = 0;
  for (const { parent, children } of parents) count += removeChildrenAt(source.doc, parent, children);
  return count > 0;
}

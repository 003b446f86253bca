/**
 * Validates a parsed YAML document against a zod schema and turns every issue into a positioned diagnostic.
 *
 * Recovery: each invalid value is removed and the document re-checked, so a bad field falls back to its default
 * (or a bad list item is dropped) while the valid rest is kept. Unknown keys are warnings and are removed the same way.
 */
import { isScalar, visit, type Node } from 'yaml';
import type { z } from 'zod';
import type { Diagnostic } from '../diagnostics';
import { diagnosticAt, fieldName, rangeAt, removeAt, type YamlSource } from './positions';
import { acceptsAbsence, knownKeysAt, type DataPath } from './schemaWalk';
import { closestName } from './suggest';

export interface Validated<T> {
  /** Absent when the problems left nothing usable (the root itself is invalid). */
  value?: T;
  diagnostics: Diagnostic[];
}

interface Problem {
  diagnostic: Diagnostic;
  /** What to remove to get past the problem; undefined when only the whole document would do. */
  remove?: DataPath;
}

type Issue = z.core.$ZodIssue;

/** Every round removes at least one value, so this only bounds pathological documents. */
const MAX_ROUNDS = 50;

export function validateYaml<S extends z.ZodType>(schema: S, original: YamlSource): Validated<z.output<S>> {
  // Work on a copy: removals must not disturb positions the caller still looks up in its own document.
  const source: YamlSource = { ...original, doc: original.doc.clone() };
  const diagnostics: Diagnostic[] = removeKeysThatAreNotNames(source);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const data = plainData(source);
    if (data instanceof Error) return { diagnostics: [...diagnostics, diagnosticAt(source, rangeAt(source, []), 'error', '', `YAML: ${data.message}`)] };
    const result = schema.safeParse(data);
    if (result.success) return { value: result.data, diagnostics };
    const problems = firstPerPath(result.error.issues.flatMap(flattenUnion)).flatMap((issue) => problemsOf(schema, source, data, issue));
    diagnostics.push(...problems.map((p) => p.diagnostic));
    const removals = problems.map((p) => p.remove);
    if (removals.some((path) => path === undefined || path.length === 0)) return { diagnostics };
    // No progress (a key YAML and zod spell differently): stop rather than report the same problem again.
    if (!removeAll(source, removals as DataPath[])) return { diagnostics };
  }
  return { diagnostics };
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

function problemsOf(schema: z.ZodType, source: YamlSource, data: unknown, issue: Issue): Problem[] {
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => unknownKeyProblem(schema, source, issue.path, key));
  const path = issue.path;
  const missing = valueAt(data, path) === undefined;
  const message = missing ? `missing required field "${String(path[path.length - 1] ?? '')}"` : messageOf(issue, data);
  const diagnostic = diagnosticAt(source, rangeAt(source, path), 'error', fieldName(path), message);
  return [{ diagnostic, remove: removableAncestor(schema, path) }];
}

function unknownKeyProblem(schema: z.ZodType, source: YamlSource, parent: DataPath, key: string): Problem {
  const path = [...parent, key];
  const suggestion = closestName(key, knownKeysAt(schema, parent));
  const hint = suggestion ? `; did you mean "${suggestion}"?` : '';
  const diagnostic = diagnosticAt(source, rangeAt(source, path, 'key'), 'warning', fieldName(path), `unknown key "${key}"${hint}`);
  return { diagnostic, remove: path };
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

/** Removes deepest-last-index first, so removing one list item does not shift the others still to remove. */
function removeAll(source: YamlSource, paths: DataPath[]): boolean {
  const outermost = paths.filter((path, i) => !paths.some((other, j) => j !== i && isStrictPrefix(other, path)));
  const distinct = [...new Map(outermost.map((path) => [JSON.stringify(path), path])).values()];
  let removed = false;
  for (const path of distinct.sort(comparePathsDescending)) removed = removeAt(source.doc, path) || removed;
  return removed;
}

function isStrictPrefix(prefix: DataPath, path: DataPath): boolean {
  return prefix.length < path.length && prefix.every((segment, i) => segment === path[i]);
}

function comparePathsDescending(a: DataPath, b: DataPath): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    if (typeof a[i] === 'number' && typeof b[i] === 'number') return (b[i] as number) - (a[i] as number);
    return String(b[i]) < String(a[i]) ? -1 : 1;
  }
  return b.length - a.length;
}

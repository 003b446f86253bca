/**
 * The texts the sources translate: every `vscode.l10n.t(...)` and `l10n.t(...)` (@vscode/l10n) call in
 * src/, read with the TypeScript parser. The first argument is the English text and the bundle key, so it
 * must be a string literal: a call with anything else is reported, since no bundle could translate it.
 * Used by `npm run l10n:export` and by test/unit/l10n.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

export interface MessageUse {
  message: string;
  file: string;
  line: number;
}

export interface ScanResult {
  messages: MessageUse[];
  /** `file:line: …` for calls whose text is not a literal. */
  problems: string[];
}

/** `l10n.t(` or `vscode.l10n.t(`: the callee the sources use for both libraries. */
function isTranslateCall(node: ts.CallExpression): boolean {
  const callee = node.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 't') return false;
  const target = callee.expression;
  return (ts.isIdentifier(target) && target.text === 'l10n') || (ts.isPropertyAccessExpression(target) && target.name.text === 'l10n');
}

export function scanFile(file: string, root: string): ScanResult {
  const text = fs.readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const result: ScanResult = { messages: [], problems: [] };
  const relative = path.relative(root, file).split(path.sep).join('/');
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && isTranslateCall(node)) {
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      const first = node.arguments[0];
      if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) result.messages.push({ message: first.text, file: relative, line });
      else result.problems.push(`${relative}:${line}: the text of l10n.t must be a string literal (it is the bundle key)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return result;
}

export function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? sourceFiles(path.join(dir, entry.name)) : entry.name.endsWith('.ts') ? [path.join(dir, entry.name)] : []))
    .sort();
}

/** Every translated text under `root`/src, in the order of the files and calls. */
export function scanSources(root: string): ScanResult {
  const all: ScanResult = { messages: [], problems: [] };
  for (const file of sourceFiles(path.join(root, 'src'))) {
    const { messages, problems } = scanFile(file, root);
    all.messages.push(...messages);
    all.problems.push(...problems);
  }
  return all;
}

/** The English bundle as `@vscode/l10n-dev export` writes it: each text its own translation, first use first. */
export function englishBundle(messages: readonly MessageUse[]): Record<string, string> {
  const bundle: Record<string, string> = {};
  for (const { message } of messages) bundle[message] ??= message;
  return bundle;
}

/** `{0}`, `{1}`… a text uses, sorted: a translation must use the same ones. */
export function placeholders(text: string): string[] {
  return [...new Set(text.match(/\{\d+\}/g) ?? [])].sort();
}

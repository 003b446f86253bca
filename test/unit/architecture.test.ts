import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const CORE = path.join(ROOT, 'src/core');

function sourceFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:\bfrom\s+|\brequire\(\s*|\bimport\(\s*)['"]([^'"]+)['"]/g)].map((match) => match[1]!);
}

/** The project file a relative import names (`./x` → `x.ts` or `x/index.ts`), or undefined for a package. */
function resolveImport(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const target = path.resolve(path.dirname(from), specifier);
  return [`${target}.ts`, path.join(target, 'index.ts'), target].find((candidate) => candidate.endsWith('.ts') && fs.existsSync(candidate));
}

/** Every import circle among `files` (type-only imports included: they bind the modules as tightly for a reader), each once. */
function importCircles(files: readonly string[]): string[][] {
  const edges = new Map(files.map((file) => [file, importsOf(file).flatMap((specifier) => resolveImport(file, specifier) ?? [])]));
  const circles = new Map<string, string[]>();
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of edges.get(file) ?? []) {
      if (state.get(next) === 'open') {
        const circle = stack.slice(stack.indexOf(next));
        circles.set([...circle].sort().join('|'), circle);
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file);
  return [...circles.values()];
}

describe('architecture', () => {
  it('has no import circles in the sources or the tests', () => {
    const files = [...sourceFiles(path.join(ROOT, 'src')), ...sourceFiles(path.join(ROOT, 'test'))];
    const circles = importCircles(files).map((circle) => [...circle, circle[0]!].map((file) => path.relative(ROOT, file)).join(' → '));
    assert.deepEqual(circles, []);
  });

  it('finds an import circle, also one through a type-only import', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-arch-'));
    try {
      fs.writeFileSync(path.join(folder, 'a.ts'), "import { b } from './b';\nimport * as fs from 'node:fs';\n");
      fs.writeFileSync(path.join(folder, 'b.ts'), "import type { C } from './c';\n");
      fs.writeFileSync(path.join(folder, 'c.ts'), "export type { A } from './a';\n");
      fs.writeFileSync(path.join(folder, 'd.ts'), "import { b } from './b';\n");
      const circles = importCircles(sourceFiles(folder)).map((circle) => circle.map((file) => path.basename(file)));
      assert.deepEqual(circles, [['a.ts', 'b.ts', 'c.ts']]);
    } finally {
      fs.rmSync(folder, { recursive: true });
    }
  });

  it('keeps the engine free of vscode and of the editor and CLI shells', () => {
    const files = sourceFiles(CORE);
    assert.ok(files.length > 10, 'the engine sources are found');
    const offending = files.flatMap((file) =>
      importsOf(file)
        .filter((specifier) => {
          if (specifier === 'vscode') return true;
          if (!specifier.startsWith('.')) return false;
          const target = path.resolve(path.dirname(file), specifier);
          return !target.startsWith(CORE + path.sep) && target !== CORE;
        })
        .map((specifier) => `${path.relative(ROOT, file)} imports ${specifier}`),
    );
    assert.deepEqual(offending, []);
  });

  it('recognises every form of import it guards against', () => {
    const probe = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-arch-')), 'probe.ts');
    fs.writeFileSync(probe, "import * as vscode from 'vscode';\nimport type { X } from '../extension/x';\nconst y = require('vscode');\nawait import('./z');\n");
    try {
      assert.deepEqual(importsOf(probe), ['vscode', '../extension/x', 'vscode', './z']);
    } finally {
      fs.rmSync(path.dirname(probe), { recursive: true });
    }
  });
});

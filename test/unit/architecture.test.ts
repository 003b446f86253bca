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

describe('architecture', () => {
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

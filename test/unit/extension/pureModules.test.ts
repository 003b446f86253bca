import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

/** Modules that run without VS Code: the index worker (a worker thread cannot load vscode) and the pure parts unit-tested here. */
const PURE = [
  'src/extension/indexing/indexWorker.ts',
  'src/extension/indexing/indexProtocol.ts',
  'src/extension/indexing/runIndexWorker.ts',
  'src/extension/decorations/decorationPlan.ts',
  'src/extension/hovers/hoverContent.ts',
  'src/extension/commands/incidentFile.ts',
  'src/extension/commands/explainMarkdown.ts',
  'src/extension/views/analysisHtml.ts',
  'src/extension/views/analysisChart.ts',
  'src/extension/views/analysisMessages.ts',
  'src/extension/views/incidentTreeModel.ts',
  'src/extension/markdown.ts',
  'src/extension/riskText.ts',
  'src/extension/workspace/discovery.ts',
  'src/extension/views/qualityBarModel.ts',
  'src/extension/changeRisk/changeRiskText.ts',
  'src/extension/impact/pullRequestAdapter.ts',
  'src/extension/impact/langOf.ts',
  'src/core/backtest/reportTables.ts',
];

function localImports(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = fs.readFileSync(file, 'utf8');
  // Type-only imports are erased from the bundle.
  for (const [, typeOnly, specifier] of text.matchAll(/^(?:import|export)\s+(type\s)?[^;]*?\bfrom\s+['"]([^'"]+)['"]/gms)) {
    if (typeOnly) continue;
    if (specifier === 'vscode') throw new Error(`${path.relative(ROOT, file)} imports vscode`);
    if (!specifier!.startsWith('.')) continue;
    const base = path.resolve(path.dirname(file), specifier!);
    localImports(fs.existsSync(`${base}.ts`) ? `${base}.ts` : path.join(base, 'index.ts'), seen);
  }
  return seen;
}

describe('extension modules that must not need VS Code', () => {
  for (const module of PURE) {
    it(`${module} does not import vscode, directly or through its imports`, () => {
      assert.ok(localImports(path.join(ROOT, module)).size > 0);
    });
  }
});

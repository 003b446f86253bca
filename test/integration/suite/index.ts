// Entry point the extension host loads as `extensionTestsPath` (bundled to dist/test/suite/index.js).
// The same `run()` serves both launchers: @vscode/test-electron (desktop) and the VS Code server in
// headless Chromium (test/integration/runTests.ts). Mocha is required from the repo's node_modules.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import type MochaClass from 'mocha';

/** Suite groups, each a list of suites bundled into this file. The launcher picks one by name. */
const groups: Record<string, () => Promise<unknown>[]> = {
  development: () => [import('./activation.test'), import('./editor.test'), import('./views.test'), import('./impact.test'), import('./indexing.test')],
  restricted: () => [import('./activation.test'), import('./restricted.test')],
  'no-repository': () => [import('./noRepository.test')],
  'multi-root': () => [import('./multiRoot.test'), import('./provisionalMarks.test')],
  installed: () => [import('./installed.test')],
  japanese: () => [import('./japanese.test')],
  'change-risk': () => [import('./changeRisk.test')],
  'change-risk-ja': () => [import('./changeRisk.test')],
  'first-marks-probe': () => [import('./firstMarks.probe')],
};

/** Prefix of the reporter's output lines; test/integration/runTests.ts looks for it. */
export const OUTPUT_MARKER = '[change-risk-test] ';

export interface SuiteResult {
  group: string;
  passed: number;
  failed: number;
  pending: number;
  failures: { title: string; error: string }[];
}

export async function run(): Promise<void> {
  process.setSourceMapsEnabled(true); // failure stacks point at the .ts suites
  const group = process.env.CHANGE_RISK_TEST_GROUP ?? 'development';
  const load = groups[group];
  if (!load) throw new Error(`Unknown test group "${group}"; known: ${Object.keys(groups).join(', ')}`);

  // mocha 12's main entry is ESM; its CommonJS build is lib/mocha.cjs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Mocha: typeof MochaClass = require('mocha/lib/mocha.cjs');
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    reporter: 'spec',
    timeout: Number(process.env.CHANGE_RISK_TEST_TIMEOUT_MS ?? 30_000),
  });
  // The reporter's lines reach the launcher through the page console (server launcher) or stdout
  // (desktop): one formatted string per line, with a marker the launcher picks them out by.
  const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
  base.consoleLog = (...args: unknown[]) => {
    for (const line of format(...args).split('\n')) console.log(`${OUTPUT_MARKER}${line}`);
  };
  const grep = process.env.CHANGE_RISK_TEST_GREP;
  if (grep) mocha.grep(grep);

  // Expose describe/it/... on the global object, then let the bundled suites register themselves.
  mocha.suite.emit('pre-require', globalThis, `${group}-suites`, mocha);
  await Promise.all(load());

  const result: SuiteResult = { group, passed: 0, failed: 0, pending: 0, failures: [] };
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', () => result.passed++);
    runner.on('pending', () => result.pending++);
    runner.on('fail', (test: MochaClass.Test, error: Error) => {
      result.failed++;
      result.failures.push({ title: test.fullTitle(), error: String(error?.stack ?? error) });
    });
  });

  const resultsFile = process.env.CHANGE_RISK_TEST_RESULTS;
  if (resultsFile) {
    fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
    fs.writeFileSync(resultsFile, JSON.stringify(result, null, 2));
  }
  if (result.failed > 0 || result.passed === 0) {
    const names = result.failures.map((f) => `  - ${f.title}`).join('\n');
    throw new Error(
      result.failed > 0
        ? `${result.failed} integration test(s) failed in group "${group}":\n${names}`
        : `No integration test passed in group "${group}"`,
    );
  }
}

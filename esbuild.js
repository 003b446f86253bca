// Bundles the extension, the CLI and the benchmark. Type checking is `npm run typecheck` (tsc --noEmit):
// esbuild only strips types.
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// `--only=cli` builds just the named entries and `--outdir=DIR` writes them elsewhere than dist/: the npm
// package of the CLI (scripts/cliPackage.ts) builds its one bundle straight into its staging folder.
const option = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const only = option('only')?.split(',');

/** @type {import('esbuild').BuildOptions[]} */
const targets = [
  { entryPoints: { extension: 'src/extension/extension.ts' }, external: ['vscode'] },
  // History indexing off the extension host's main thread (worker_threads); no vscode in it.
  { entryPoints: { indexWorker: 'src/extension/indexing/indexWorker.ts' } },
  { entryPoints: { cli: 'src/cli/bin.ts' }, banner: { js: '#!/usr/bin/env node' } },
  // The GitHub Action (action.yml runs.main): one self-contained file, committed only at release tags.
  { entryPoints: { action: 'src/action/main.ts' } },
  { entryPoints: { demo: 'scripts/demo.ts' } },
  { entryPoints: { bench: 'bench/bench.ts' } },
  { entryPoints: { changelogHistory: 'bench/changelogHistory.ts' } },
  // Integration tests: the launcher (plain Node) and the suites that run inside VS Code's extension host.
  { entryPoints: { 'test/runTests': 'test/integration/runTests.ts' }, packages: 'external' },
  { entryPoints: { 'test/suite/index': 'test/integration/suite/index.ts' }, external: ['vscode', 'mocha'] },
];

const shared = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outdir: option('outdir') ?? 'dist',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
};

async function main() {
  const contexts = await Promise.all(
    targets
      .filter((t) => Object.values(t.entryPoints).every((p) => require('fs').existsSync(p)))
      .filter((t) => !only || Object.keys(t.entryPoints).every((name) => only.includes(name)))
      .map((t) => esbuild.context({ ...shared, ...t })),
  );
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}

// Required by a test (which entry builds what), it only exports its targets.
module.exports = { targets, shared };

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

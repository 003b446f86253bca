import * as path from 'node:path';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(__dirname, '../..');
/** esbuild.js exports the targets it builds (and builds only when run). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const build = require(path.join(ROOT, 'esbuild.js')) as { targets: esbuild.BuildOptions[]; shared: esbuild.BuildOptions };

/** Builds one bundle of esbuild.js (`action`, `indexWorker`…) as `npm run build` does, into `outdir`; returns its file. */
export async function buildBundle(name: string, outdir: string): Promise<string> {
  const target = build.targets.find((t) => Object.keys(t.entryPoints as Record<string, string>).includes(name));
  if (!target) throw new Error(`esbuild.js builds no bundle named ${name}`);
  await esbuild.build({ ...build.shared, ...target, outdir, absWorkingDir: ROOT, logLevel: 'silent' });
  return path.join(outdir, `${name}.js`);
}

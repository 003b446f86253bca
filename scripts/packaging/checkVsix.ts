/**
 * `npm run package:check [-- file.vsix]`: checks a built VSIX offline, as vsce and ovsx would before publishing
 * it and as Open VSX would on upload, plus Change Risk's own package rules. Publishes nothing, needs no network.
 * Without an argument it checks change-risk-<version>.vsix, which `npm run package` writes. Exit 1 on a problem.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageChecks } from './packageRules';
import { registryChecks, type CheckResult } from './registryRules';
import { EXTENSION_ROOT, entryText, readVsix } from './vsixContents';

export interface VsixReport {
  file: string;
  files: number;
  /** Sum of the entries' sizes, unpacked. */
  unpackedBytes: number;
  /** Size of the .vsix itself. */
  packedBytes: number;
  checks: CheckResult[];
}

export async function checkVsix(file: string, sourceRoot?: string): Promise<VsixReport> {
  const contents = await readVsix(file);
  const manifestText = entryText(contents, `${EXTENSION_ROOT}package.json`);
  if (manifestText === undefined) throw new Error(`${file}: no extension/package.json in the package`);
  const manifest = JSON.parse(manifestText) as Record<string, unknown>;
  return {
    file,
    files: contents.size,
    unpackedBytes: [...contents.values()].reduce((sum, data) => sum + data.length, 0),
    packedBytes: fs.statSync(file).size,
    checks: [...(await registryChecks(file, contents, manifest)), ...packageChecks(contents, manifest, sourceRoot)],
  };
}

export function formatReport(report: VsixReport): string {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const lines = [`${report.file}: ${report.files} files, ${kb(report.unpackedBytes)} unpacked, ${kb(report.packedBytes)} packed`];
  for (const check of report.checks) {
    lines.push(`${check.problems.length ? '✖' : '✔'} ${check.name}`);
    for (const problem of check.problems) lines.push(`    ${problem}`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../..');
  const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  const file = path.resolve(process.argv[2] ?? path.join(root, `change-risk-${version}.vsix`));
  if (!fs.existsSync(file)) throw new Error(`${path.relative(process.cwd(), file)} does not exist: run npm run package first`);
  const report = await checkVsix(file, root);
  console.log(formatReport(report));
  if (report.checks.some((check) => check.problems.length > 0)) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(3);
  });
}

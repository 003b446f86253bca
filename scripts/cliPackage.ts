/**
 * The `change-risk` command line as an npm package of its own. Run: npm run pack:cli
 *
 * Why a manifest generated into dist/npm/ rather than a `files` list in the root package.json: the root
 * manifest is the VS Code extension's. vsce reads it (contributes, activationEvents, the vscode engine,
 * `vscode:prepublish`), it lists the runtime dependencies that esbuild bundles anyway, and it stays
 * `private` so that a stray `npm publish` of the repository is refused. The published CLI needs none of
 * that: one bundle with no dependencies and no install scripts. So the build stages a folder with only what
 * runs (the production bundle `cli.js`, a small manifest derived from the root one, the CLI docs as its
 * README, the license) and packs that folder.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

/** Where the repository lives when the root manifest does not say yet. */
const DEFAULT_REPOSITORY = 'https://github.com/change-risk/change-risk';

/** The root description is the extension's (gutter, sidebar); the package says what the command line does. */
const CLI_DESCRIPTION =
  "Where a git repository is fragile, from its history and the team's incident ledger: risky files and why, " +
  "the incident tally, a PR impact statement and the team's quality bar, checked in CI.";

/** The README section that introduces the npm package; the package README starts with it. */
const README_SECTION = '## Command line: `npx change-risk …`';

/** The fields of the root package.json the CLI manifest is derived from. */
interface RootManifest {
  name: string;
  version: string;
  license?: string;
  repository?: string | { type?: string; url: string; directory?: string };
  bugs?: string | { url?: string };
  homepage?: string;
  keywords?: string[];
  engines?: { node?: string };
}

export interface PackedFile {
  path: string;
  size: number;
  mode: number;
}

export interface CliPackage {
  /** The staged package folder (what `npm pack` packed). */
  folder: string;
  /** Absolute path of `change-risk-<version>.tgz`. */
  tarball: string;
  version: string;
  /** Compressed size of the tarball, in bytes. */
  size: number;
  unpackedSize: number;
  files: PackedFile[];
}

/** The repository's web address (https://github.com/owner/name), from any form npm accepts for `repository`. */
export function repositoryWebUrl(repository: RootManifest['repository']): string {
  const raw = typeof repository === 'string' ? repository : repository?.url;
  if (!raw) return DEFAULT_REPOSITORY;
  if (!raw.includes('://')) return `https://github.com/${raw.replace(/^github:/, '')}`;
  return raw.replace(/^git\+/, '').replace(/^git:\/\//, 'https://').replace(/\.git$/, '');
}

/** package.json of the CLI package: the root's identity and links, a bin, Node ≥ 20, and no dependencies (the bundle has them all). */
export function cliManifest(root: RootManifest): Record<string, unknown> {
  const web = repositoryWebUrl(root.repository);
  return {
    name: root.name,
    version: root.version,
    description: CLI_DESCRIPTION,
    license: root.license ?? 'MIT',
    repository: root.repository ?? { type: 'git', url: `git+${web}.git` },
    bugs: root.bugs ?? { url: `${web}/issues` },
    homepage: root.homepage ?? `${web}#readme`,
    keywords: root.keywords ?? ['git', 'risk', 'incidents', 'postmortem', 'code-review', 'hotspots', 'quality', 'ci', 'cli'],
    bin: { 'change-risk': 'cli.js' },
    engines: { node: root.engines?.node ?? '>=20' },
    files: ['cli.js'],
  };
}

/**
 * Markdown links relative to `fromFolder` (a folder of the repository, '' for its root) made absolute on
 * the repository's web page, since the package README is read on npmjs.com, far from the docs it links to.
 * In-page anchors and absolute links are kept.
 */
export function absoluteLinks(markdown: string, fromFolder: string, web: string): string {
  return markdown.replace(/\]\((?![a-z][a-z0-9+.-]*:|#)([^)\s]+)\)/gi, (_match, target: string) => {
    const resolved = path.posix.normalize(path.posix.join(fromFolder, target));
    return `](${web}/blob/main/${resolved})`;
  });
}

/** Every Markdown heading one level deeper (outside code blocks), so that a whole document nests under another's heading. */
function demoteHeadings(markdown: string): string {
  let inCode = false;
  return markdown
    .split('\n')
    .map((line) => {
      if (/^\s*```/.test(line)) inCode = !inCode;
      return !inCode && /^#{1,5} /.test(line) ? `#${line}` : line;
    })
    .join('\n');
}

/** The text of the README section under `heading`, up to the next heading of the same level. */
export function readmeSection(readme: string, heading: string): string {
  const start = readme.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README.md: no section "${heading}", which the npm package README is made of`);
  const body = readme.slice(start + heading.length + 2);
  const end = body.search(/^## /m);
  return (end < 0 ? body : body.slice(0, end)).trim();
}

/** The package README: the README's npx section, then the command line reference (docs/cli.md). */
export function cliReadme(readme: string, cliDoc: string, root: RootManifest): string {
  const web = repositoryWebUrl(root.repository);
  const intro = absoluteLinks(readmeSection(readme, README_SECTION), '', web);
  const reference = absoluteLinks(demoteHeadings(cliDoc.trim()), 'docs', web);
  return `# change-risk\n\n${CLI_DESCRIPTION}\n\n${intro}\n\n${reference}\n`;
}

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}):\n${result.stderr}`);
  return result.stdout;
}

/** Builds the production CLI bundle into `folder` (emptied first) and writes the manifest, README and license beside it. */
export function stageCliPackage(folder: string, root = ROOT): RootManifest {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as RootManifest;
  fs.rmSync(folder, { recursive: true, force: true });
  fs.mkdirSync(folder, { recursive: true });
  run(process.execPath, ['esbuild.js', '--production', '--only=cli', `--outdir=${folder}`], root);
  fs.chmodSync(path.join(folder, 'cli.js'), 0o755);
  fs.writeFileSync(path.join(folder, 'package.json'), `${JSON.stringify(cliManifest(manifest), null, 2)}\n`);
  const readme = cliReadme(fs.readFileSync(path.join(root, 'README.md'), 'utf8'), fs.readFileSync(path.join(root, 'docs/cli.md'), 'utf8'), manifest);
  fs.writeFileSync(path.join(folder, 'README.md'), readme);
  fs.copyFileSync(path.join(root, 'LICENSE'), path.join(folder, 'LICENSE'));
  return manifest;
}

/** Stages the package in `folder` and packs it into `destination` with `npm pack` (no scripts run, nothing fetched). */
export function packCliPackage(folder = path.join(ROOT, 'dist/npm'), destination = path.join(ROOT, 'dist')): CliPackage {
  const manifest = stageCliPackage(folder);
  fs.mkdirSync(destination, { recursive: true });
  const output = run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], folder);
  const [packed] = JSON.parse(output) as { filename: string; size: number; unpackedSize: number; files: PackedFile[] }[];
  if (!packed) throw new Error(`npm pack printed no package:\n${output}`);
  return {
    folder,
    tarball: path.join(destination, packed.filename),
    version: manifest.version,
    size: packed.size,
    unpackedSize: packed.unpackedSize,
    files: packed.files,
  };
}

if (require.main === module) {
  const packed = packCliPackage();
  for (const file of packed.files) console.log(`${file.size.toString().padStart(9)}  ${file.path}`);
  console.log(`${path.relative(process.cwd(), packed.tarball)}: ${packed.files.length} files, ${packed.size} bytes (${packed.unpackedSize} unpacked)`);
}

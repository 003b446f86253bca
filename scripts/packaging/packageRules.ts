/**
 * Change Risk's own rules for its VSIX, on top of what the registries check: nothing the manifest or the README
 * and CHANGELOG point at is missing, no sources, tests, source maps or bench data ride along, the package stays
 * small, and the Marketplace metadata is all there.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXTENSION_ROOT, entryText, headingAnchors, manifestReferences, markdownLinks, nlsBundles, packageHas, type VsixContents } from './vsixContents';
import type { CheckResult } from './registryRules';

type Manifest = Record<string, unknown>;

/** Three bundles of about 1 MB each, a few icons and schemas: well under this. Raise it knowingly. */
export const MAX_UNPACKED_BYTES = 4 * 1024 * 1024;
export const MAX_FILES = 40;

/** Files that never belong in the package: sources, tests, source maps, bench, tooling, nested packages. */
const UNWANTED: [RegExp, string][] = [
  [/^extension\/(src|test|bench|scripts|node_modules|\.cache|\.ci|\.vscode|dist\/test)\//, 'a development folder'],
  [/(?<!\.d)\.tsx?$/, 'a TypeScript source'],
  [/\.map$/, 'a source map'],
  [/\.vsix$/, 'another package'],
  [/^extension\/(tsconfig\.json|esbuild\.js|package-lock\.json|\.mocharc\.json|\.vscodeignore|\.gitignore)$/, 'build or test configuration'],
  [/^extension\/dist\/(demo|bench|changelogHistory)\.js$/, 'a development bundle'],
];

const REQUIRED_FIELDS = ['name', 'publisher', 'version', 'displayName', 'description', 'license', 'icon', 'homepage', 'repository', 'bugs', 'categories', 'keywords', 'galleryBanner', 'engines'];

/** The repository's `https://github.com/owner/name`, from package.json's repository, as vsce reads it. */
export function repositoryWebUrl(manifest: Manifest): string | undefined {
  const repository = manifest.repository;
  const url = typeof repository === 'string' ? repository : (repository as { url?: string } | undefined)?.url;
  const match = url && /github(?:\.com\/|:)([^/]+\/[^/]+?)(?:\.git)?\/?$/.exec(url);
  return match ? `https://github.com/${match[1]}` : undefined;
}

function manifestFileProblems(contents: VsixContents, manifest: Manifest): string[] {
  return manifestReferences(manifest, nlsBundles(contents))
    .filter((ref) => !packageHas(contents, ref))
    .map((ref) => `${ref.field} names ${ref.file}${ref.folder ? '/' : ''}, which is not in the package`);
}

/**
 * The links and images of the packaged README and CHANGELOG. VS Code's extension page shows only https: (and
 * data:) images, so an image must be an https URL; a relative link must be a file of the package; a link vsce
 * rewrote into the repository must name a file of the source checkout (`sourceRoot`); an anchor, a heading.
 */
function markdownProblems(contents: VsixContents, manifest: Manifest, sourceRoot: string | undefined): string[] {
  const repository = repositoryWebUrl(manifest);
  const problems: string[] = [];
  for (const doc of ['readme.md', 'changelog.md']) {
    const text = entryText(contents, EXTENSION_ROOT + doc);
    if (text === undefined) {
      problems.push(`${doc} is not in the package`);
      continue;
    }
    const anchors = headingAnchors(text);
    for (const { image, target, line } of markdownLinks(text)) {
      const where = `${doc}:${line}: ${image ? 'image' : 'link'} ${target}`;
      if (/^mailto:/i.test(target)) continue;
      if (target.startsWith('#')) {
        if (!anchors.has(decodeURIComponent(target.slice(1)))) problems.push(`${where}: no such heading`);
        continue;
      }
      const absolute = /^[a-z][a-z0-9+.-]*:/i.test(target);
      if (image && !target.startsWith('https://')) {
        problems.push(`${where}: VS Code and the Marketplace show only https images`);
        continue;
      }
      if (image && /\.svg(\?|#|$)/i.test(target)) problems.push(`${where}: vsce refuses SVG images in ${doc}`);
      if (!absolute) {
        const file = path.posix.normalize(target.split('#')[0]!);
        if (!packageHas(contents, { file })) problems.push(`${where}: not in the package`);
        continue;
      }
      const inRepository = repository && new RegExp(`^${repository.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/(?:blob|raw)/[^/]+/([^#?]+)`).exec(target);
      if (inRepository && sourceRoot && !fs.existsSync(path.join(sourceRoot, decodeURIComponent(inRepository[1]!))))
        problems.push(`${where}: the repository has no ${inRepository[1]}`);
    }
  }
  return problems;
}

function contentProblems(contents: VsixContents): string[] {
  const problems: string[] = [];
  for (const name of contents.keys()) {
    const unwanted = UNWANTED.find(([pattern]) => pattern.test(name));
    if (unwanted) problems.push(`${name}: ${unwanted[1]} has no place in the package`);
  }
  const bytes = [...contents.values()].reduce((sum, data) => sum + data.length, 0);
  if (bytes > MAX_UNPACKED_BYTES) problems.push(`${bytes} bytes unpacked, over the budget of ${MAX_UNPACKED_BYTES}`);
  if (contents.size > MAX_FILES) problems.push(`${contents.size} files, over the budget of ${MAX_FILES}`);
  return problems;
}

/** Width and height of a PNG, from its IHDR chunk; undefined when the bytes are not a PNG. */
export function pngSize(data: Buffer | undefined): { width: number; height: number } | undefined {
  if (!data || data.length < 24 || data.readUInt32BE(0) !== 0x89504e47 || data.toString('ascii', 12, 16) !== 'IHDR') return undefined;
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

function metadataProblems(contents: VsixContents, manifest: Manifest): string[] {
  const problems = REQUIRED_FIELDS.filter((field) => {
    const value = manifest[field];
    return value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
  }).map((field) => `package.json has no ${field}`);
  const banner = (manifest.galleryBanner ?? {}) as { color?: unknown; theme?: unknown };
  if (typeof banner.color !== 'string' || !/^#[0-9a-f]{6}$/i.test(banner.color)) problems.push('galleryBanner.color: a colour like #1F2937');
  if (banner.theme !== 'dark' && banner.theme !== 'light') problems.push('galleryBanner.theme: dark or light');
  if (typeof manifest.icon === 'string') {
    const size = pngSize(contents.get(EXTENSION_ROOT + path.posix.normalize(manifest.icon)));
    if (!size) problems.push(`icon ${manifest.icon}: not a PNG in the package`);
    else if (size.width < 128 || size.height < 128 || size.width !== size.height)
      problems.push(`icon ${manifest.icon}: ${size.width}×${size.height}; the Marketplace wants a square of at least 128×128`);
  }
  const capabilities = (manifest.capabilities ?? {}) as Record<string, unknown>;
  for (const capability of ['untrustedWorkspaces', 'virtualWorkspaces'])
    if (capabilities[capability] === undefined) problems.push(`capabilities.${capability} is not declared`);
  return problems;
}

/** Change Risk's own rules; `sourceRoot` (the checkout the package was built from) lets links into the repository be checked. */
export function packageChecks(contents: VsixContents, manifest: Manifest, sourceRoot?: string): CheckResult[] {
  return [
    { name: 'files named by package.json are in the package', problems: manifestFileProblems(contents, manifest) },
    { name: 'README and CHANGELOG links and images resolve', problems: markdownProblems(contents, manifest, sourceRoot) },
    { name: 'no sources, tests, source maps or bench; size within budget', problems: contentProblems(contents) },
    { name: 'Marketplace metadata is complete', problems: metadataProblems(contents, manifest) },
  ];
}

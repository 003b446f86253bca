/**
 * What the two registries check before (or on) upload, run offline on a built VSIX:
 * - vsce: `vsce publish --packagePath` first reads the package with its own reader, which validates the manifest
 *   as for packaging and parses the XML manifest, then refuses proposed APIs, pre-release versions and a bad
 *   publisher name (validateManifestForPublishing in @vscode/vsce/out/publish.js, not exported, so its three
 *   rules are restated here). The Marketplace refuses more than 10 tags ("You exceeded the number of allowed
 *   tags of 10", in VS Code's publishing guide), counting the ones vsce adds to the keywords; Open VSX keeps 20.
 * - ovsx: `ovsx publish <file.vsix>` reads the manifest with its own reader and validates it (publisher, name,
 *   version); a license is required by open-vsx.org (isLicenseOk). The registry server then validates the
 *   metadata (ExtensionValidator.validateMetadata in eclipse/openvsx): those rules are restated below. The size
 *   limit is the registry's to report, online, so it is not checked here.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import type { VsixContents } from './vsixContents';

type Manifest = Record<string, unknown>;

const vsceZip = require('@vscode/vsce/out/zip') as { readVSIXPackage(file: string): Promise<{ manifest: Manifest; xmlManifest: unknown }> };
const vsceValidation = require('@vscode/vsce/out/validation') as { validatePublisher(publisher: unknown): string; validateVersion(version: unknown): void };
const ovsx = require('ovsx') as { validateManifest(manifest: Manifest): void; isLicenseOk(packagePath: string | undefined, manifest: Manifest): Promise<boolean> };
const ovsxZip = require('ovsx/lib/zip') as { readVSIXPackage(file: string): Promise<Manifest> };

/** The categories VS Code and the Marketplace know (the workbench's extension categories list). */
export const KNOWN_CATEGORIES = [
  'AI', 'Azure', 'Chat', 'Data Science', 'Debuggers', 'Extension Packs', 'Education', 'Formatters', 'Keymaps',
  'Language Packs', 'Linters', 'Machine Learning', 'Notebooks', 'Programming Languages', 'SCM Providers', 'Snippets',
  'Testing', 'Themes', 'Visualization', 'Other',
];
export const MAX_MARKETPLACE_TAGS = 10;

export interface CheckResult {
  name: string;
  problems: string[];
}

async function problemsOf(run: () => Promise<string[]> | string[]): Promise<string[]> {
  try {
    return await run();
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
}

/** vsce's reading of a package before it publishes it. */
async function vsceChecks(file: string): Promise<string[]> {
  const { manifest, xmlManifest } = await vsceZip.readVSIXPackage(file);
  const problems: string[] = [];
  if (manifest.enableProposedApi || (Array.isArray(manifest.enabledApiProposals) && manifest.enabledApiProposals.length > 0))
    problems.push('uses proposed API: the Marketplace refuses it');
  vsceValidation.validateVersion(manifest.version);
  if (/^\d+\.\d+\.\d+-/.test(String(manifest.version))) problems.push(`the Marketplace takes no pre-release version: ${String(manifest.version)}`);
  vsceValidation.validatePublisher(manifest.publisher);
  const metadata = (xmlManifest as { PackageManifest?: { Metadata?: { Tags?: string[] }[] } }).PackageManifest?.Metadata?.[0];
  const tags = (metadata?.Tags?.[0] ?? '').split(',').filter(Boolean);
  if (tags.length > MAX_MARKETPLACE_TAGS) problems.push(`${tags.length} tags (keywords plus those vsce adds); the Marketplace takes ${MAX_MARKETPLACE_TAGS}`);
  for (const category of Array.isArray(manifest.categories) ? manifest.categories : [])
    if (!KNOWN_CATEGORIES.includes(String(category))) problems.push(`category "${String(category)}" is not one VS Code knows (${KNOWN_CATEGORIES.join(', ')})`);
  return problems;
}

/** ovsx's reading of a package before it uploads it, and open-vsx.org's license requirement. */
async function ovsxChecks(file: string, contents: VsixContents): Promise<string[]> {
  const manifest = await ovsxZip.readVSIXPackage(file);
  ovsx.validateManifest(manifest);
  const problems: string[] = [];
  const licensed = await ovsx.isLicenseOk(undefined, manifest);
  const licenseFile = [...contents.keys()].some((name) => /^extension\/licen[cs]e(\.md|\.txt)?$/i.test(name));
  if (!licensed || !licenseFile) problems.push('open-vsx.org needs a license: a `license` in package.json and a LICENSE file in the package');
  return problems;
}

const DEFAULT_STRING_SIZE = 255;

/** A character Open VSX refuses in metadata: control, format, unassigned, private use, line or paragraph separator. */
const REFUSED_CHARACTER = /[\p{Cc}\p{Cf}\p{Cn}\p{Co}\u2028\u2029]/u;

function isUrlWithHost(value: string): boolean {
  try {
    return new URL(value.startsWith('git+') ? value.slice(4) : value).host !== '';
  } catch {
    return false;
  }
}

const urlOf = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'object' && value !== null && typeof (value as { url?: unknown }).url === 'string' ? (value as { url: string }).url : undefined;

/** The Open VSX server's metadata validation (ExtensionValidator.validateMetadata), restated. */
export function openVsxMetadataProblems(manifest: Manifest): string[] {
  const problems: string[] = [];
  const text = (field: string, value: unknown, limit = DEFAULT_STRING_SIZE) => {
    if (typeof value !== 'string') return;
    if (REFUSED_CHARACTER.test(value)) problems.push(`${field}: a character Open VSX refuses (control, format, private use or separator)`);
    if (value.length > limit) problems.push(`${field}: longer than Open VSX's limit of ${limit} characters`);
  };
  const version = String(manifest.version ?? '');
  if (!version) problems.push('version: empty');
  if (['latest', 'pre-release', 'reviews'].includes(version)) problems.push(`version: "${version}" is reserved`);
  const bad = [...version].find((c) => !/[\p{L}\p{N}$+\-,.:;_]/u.test(c));
  if (bad) problems.push(`version: Open VSX refuses the character "${bad}"`);
  text('displayName', manifest.displayName);
  text('description', manifest.description, 2048);
  for (const field of ['categories', 'keywords'] as const)
    for (const value of Array.isArray(manifest[field]) ? manifest[field] : []) text(field, value);
  text('license', manifest.license);
  for (const field of ['homepage', 'repository', 'bugs'] as const) {
    const url = urlOf(manifest[field]);
    if (url === undefined || url === '') continue;
    if (!isUrlWithHost(url)) problems.push(`${field}: not a URL with a host: ${url}`);
    text(field, url);
  }
  if (manifest.markdown !== undefined && !['github', 'standard'].includes(String(manifest.markdown))) problems.push('markdown: github or standard');
  const banner = (manifest.galleryBanner ?? {}) as { color?: unknown; theme?: unknown };
  text('galleryBanner.color', banner.color, 16);
  if (banner.theme !== undefined && !['dark', 'light'].includes(String(banner.theme))) problems.push('galleryBanner.theme: dark or light');
  const qna = manifest.qna;
  if (qna !== undefined && qna !== false && !['marketplace', 'false'].includes(String(qna)) && !isUrlWithHost(String(qna)))
    problems.push('qna: marketplace, false or a URL');
  return problems;
}

/** Every registry check on the package at `file` (already read into `contents`). */
export async function registryChecks(file: string, contents: VsixContents, manifest: Manifest): Promise<CheckResult[]> {
  return [
    { name: 'vsce: package as read before publishing, Marketplace tags and categories', problems: await problemsOf(() => vsceChecks(file)) },
    { name: 'ovsx: package as read before upload, license', problems: await problemsOf(() => ovsxChecks(file, contents)) },
    { name: 'Open VSX server: metadata rules', problems: await problemsOf(() => openVsxMetadataProblems(manifest)) },
  ];
}

/**
 * What a built VSIX holds and what it points at: its entries (names as written, case kept, since the installed
 * extension lives on case-sensitive file systems), the files its manifest names, and the links and images of its
 * README and CHANGELOG. Used by `npm run package:check` and test/unit/packaging/vsix.test.ts.
 */
import * as path from 'node:path';

/** yauzl is the zip reader vsce itself reads packages with; only the part used here is typed. */
interface ZipEntry {
  fileName: string;
}
interface ZipFile {
  readEntry(): void;
  close(): void;
  on(event: 'entry', listener: (entry: ZipEntry) => void): void;
  once(event: 'end' | 'close', listener: () => void): void;
  once(event: 'error', listener: (error: Error) => void): void;
  openReadStream(entry: ZipEntry, callback: (error: Error | null, stream: NodeJS.ReadableStream) => void): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yauzl = require('yauzl') as { open(file: string, options: { lazyEntries: boolean }, callback: (error: Error | null, zip: ZipFile) => void): void };

/** Where vsce puts the extension's own files inside the package. */
export const EXTENSION_ROOT = 'extension/';

/** Every file entry, by its name in the zip (e.g. `extension/dist/extension.js`), with its bytes (a few MB in all). */
export type VsixContents = Map<string, Buffer>;

export async function readVsix(file: string): Promise<VsixContents> {
  const zip = await new Promise<ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true }, (error, opened) => (error ? reject(error) : resolve(opened))),
  );
  const contents: VsixContents = new Map();
  try {
    await new Promise<void>((resolve, reject) => {
      zip.once('error', reject);
      zip.once('end', resolve);
      zip.on('entry', (entry) => {
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        zip.openReadStream(entry, (error, stream) => {
          if (error) return reject(error);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.once('error', reject);
          stream.once('end', () => {
            contents.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  return contents;
}

/** An entry's text; undefined when the package does not hold it. */
export function entryText(contents: VsixContents, name: string): string | undefined {
  return contents.get(name)?.toString('utf8');
}

/** A file named by the manifest, with the field that names it (for the message when it is missing). */
export interface ManifestReference {
  field: string;
  /** Path inside the extension folder, "/"-separated, without "./". */
  file: string;
  /** A folder (l10n): some file must be inside it. */
  folder?: boolean;
}

type Json = unknown;
const isObject = (value: Json): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (value: Json): Json[] => (Array.isArray(value) ? value : []);

/** A relative file path as the manifest writes it; product icons (`$(refresh)`) and URLs are not files. */
function localPath(value: Json): string | undefined {
  if (typeof value !== 'string' || value === '' || value.startsWith('$(') || /^[a-z][a-z0-9+.-]*:/i.test(value)) return undefined;
  return path.posix.normalize(value.replace(/\\/g, '/')).replace(/^\.\//, '');
}

/** An icon or media value: a path, or one path per theme ({ light, dark, hc, ... }). */
function themedPaths(field: string, value: Json): ManifestReference[] {
  if (isObject(value)) return Object.entries(value).flatMap(([theme, v]) => themedPaths(`${field}.${theme}`, v));
  const file = localPath(value);
  return file ? [{ field, file }] : [];
}

/**
 * Every file the manifest names: the entry points, the icon, contributed icons, schemas, grammars, themes,
 * snippets, walkthrough media and the l10n folder. Keys it does not know are left alone on purpose: a guess at
 * what looks like a path would also catch a yamlValidation `fileMatch` such as `.changerisk/config.yaml`.
 */
export function manifestReferences(manifest: Record<string, Json>, nls: readonly Record<string, string>[] = []): ManifestReference[] {
  const refs: ManifestReference[] = [];
  // A `%key%` value is replaced per display language from package.nls*.json: every language's file must ship.
  const add = (field: string, value: Json) => {
    const key = typeof value === 'string' ? /^%(.+)%$/.exec(value)?.[1] : undefined;
    const values = key === undefined ? [value] : [...new Set(nls.map((bundle) => bundle[key]).filter((v): v is string => v !== undefined))];
    for (const each of values) refs.push(...themedPaths(field, each));
  };
  add('main', manifest.main);
  add('browser', manifest.browser);
  add('icon', manifest.icon);
  if (isObject(manifest.bin)) for (const [name, file] of Object.entries(manifest.bin)) add(`bin.${name}`, file);
  const l10n = localPath(manifest.l10n);
  if (l10n) refs.push({ field: 'l10n', file: l10n, folder: true });
  const c = isObject(manifest.contributes) ? manifest.contributes : {};
  list(c.commands).forEach((cmd, i) => isObject(cmd) && add(`contributes.commands[${i}].icon`, cmd.icon));
  for (const [key, containers] of Object.entries(isObject(c.viewsContainers) ? c.viewsContainers : {}))
    list(containers).forEach((v, i) => isObject(v) && add(`contributes.viewsContainers.${key}[${i}].icon`, v.icon));
  for (const [key, views] of Object.entries(isObject(c.views) ? c.views : {}))
    list(views).forEach((v, i) => isObject(v) && add(`contributes.views.${key}[${i}].icon`, v.icon));
  for (const kind of ['jsonValidation', 'yamlValidation'])
    list(c[kind]).forEach((v, i) => isObject(v) && add(`contributes.${kind}[${i}].url`, v.url));
  for (const kind of ['grammars', 'snippets', 'themes', 'iconThemes', 'productIconThemes'])
    list(c[kind]).forEach((v, i) => isObject(v) && add(`contributes.${kind}[${i}].path`, v.path));
  list(c.languages).forEach((v, i) => {
    if (!isObject(v)) return;
    add(`contributes.languages[${i}].configuration`, v.configuration);
    add(`contributes.languages[${i}].icon`, v.icon);
  });
  for (const [id, icon] of Object.entries(isObject(c.icons) ? c.icons : {}))
    if (isObject(icon) && isObject(icon.default)) add(`contributes.icons.${id}.default.fontPath`, icon.default.fontPath);
  list(c.walkthroughs).forEach((w, i) =>
    isObject(w) &&
    list(w.steps).forEach((step, j) => {
      if (!isObject(step) || !isObject(step.media)) return;
      for (const kind of ['image', 'svg', 'markdown']) add(`contributes.walkthroughs[${i}].steps[${j}].media.${kind}`, step.media[kind]);
    }),
  );
  return refs;
}

/** The manifest's translations in the package: package.nls.json and every package.nls.<language>.json. */
export function nlsBundles(contents: VsixContents): Record<string, string>[] {
  return [...contents.keys()]
    .filter((name) => /^extension\/package\.nls(\.[\w-]+)?\.json$/.test(name))
    .map((name) => JSON.parse(entryText(contents, name)!) as Record<string, string>);
}

/** Whether the package holds the file, or (for a folder) a file inside it. */
export function packageHas(contents: VsixContents, ref: Pick<ManifestReference, 'file' | 'folder'>): boolean {
  const entry = EXTENSION_ROOT + ref.file;
  if (!ref.folder) return contents.has(entry);
  return [...contents.keys()].some((name) => name.startsWith(`${entry.replace(/\/$/, '')}/`));
}

/** A link or image of a Markdown document, as vsce sees it. */
export interface MarkdownLink {
  image: boolean;
  target: string;
  line: number;
}

/**
 * Links and images: `[text](target)` and `![alt](target)` with vsce's own pattern (so exactly what vsce rewrites
 * is checked), `<img src>`, and reference definitions (`[id]: target`). Code blocks and code spans are skipped.
 */
export function markdownLinks(markdown: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  let fenced = false;
  markdown.split('\n').forEach((raw, index) => {
    if (/^\s*(```|~~~)/.test(raw)) fenced = !fenced;
    if (fenced) return;
    const line = raw.replace(/`[^`]*`/g, '');
    const push = (image: boolean, target: string) => links.push({ image, target: target.trim().split(/\s+/)[0]!, line: index + 1 });
    for (const m of line.matchAll(/(!?)\[([^\][]*|!\[[^\][]*]\([^)]+\))\]\(([^)]+)\)/g)) {
      push(m[1] === '!', m[3]!);
      // A linked image: [![alt](img)](link)
      for (const inner of m[2]!.matchAll(/!\[[^\][]*]\(([^)]+)\)/g)) push(true, inner[1]!);
    }
    for (const m of line.matchAll(/<(?:img|video)[^>]+src=["']([^"']+)["']/g)) push(true, m[1]!);
    const definition = /^\s{0,3}\[[^\]]+\]:\s*(\S+)/.exec(line);
    if (definition) push(false, definition[1]!);
  });
  return links;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes; repeats get -1, -2. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = !fenced && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const slug = heading[1]!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count ? `${slug}-${count}` : slug);
  }
  return anchors;
}

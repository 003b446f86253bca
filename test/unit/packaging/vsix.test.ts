import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkVsix } from '../../../scripts/packaging/checkVsix';
import { packageChecks } from '../../../scripts/packaging/packageRules';
import { openVsxMetadataProblems } from '../../../scripts/packaging/registryRules';
import { EXTENSION_ROOT, entryText, manifestReferences, markdownLinks, nlsBundles, packageHas, readVsix, type VsixContents } from '../../../scripts/packaging/vsixContents';

const repoRoot = path.resolve(__dirname, '../../..');
/** What a checkout has that is not the project: left out of the copy the package is built from. */
const NOT_COPIED = new Set(['node_modules', 'dist', '.cache', '.vscode-test', '.git']);

/**
 * Builds the package exactly as `npm run package` does, from a copy of this checkout (so the bundles of the
 * checkout's dist/ are not replaced by production ones), with the shared node_modules linked in.
 */
function buildPackage(): { source: string; vsix: string } {
  const source = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-vsix-')));
  fs.cpSync(repoRoot, source, {
    recursive: true,
    filter: (from) => {
      const relative = path.relative(repoRoot, from);
      return !NOT_COPIED.has(relative.split(path.sep)[0]!) && !/\.(vsix|log)$/.test(relative);
    },
  });
  fs.symlinkSync(fs.realpathSync(path.join(repoRoot, 'node_modules')), path.join(source, 'node_modules'), 'dir');
  const vsix = path.join(source, 'test-package.vsix');
  execFileSync('npm', ['run', '--silent', 'package', '--', '--out', vsix], { cwd: source, stdio: 'pipe' });
  return { source, vsix };
}

/** Paths the extension joins onto its own folder at run time (`joinPath(extensionUri, 'media', ...)`), as globs. */
function runtimeAssetPatterns(): string[] {
  const files = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
  const call = /(?:joinPath|path\.join)\(\s*(?:[\w.]*\.)?(?:extensionUri|extensionPath)\s*,\s*((?:(?:'[^'\n]*'|`[^`\n]*`)\s*,?\s*)+)\)/g;
  return files(path.join(repoRoot, 'src/extension')).flatMap((file) =>
    [...fs.readFileSync(file, 'utf8').matchAll(call)].map((m) =>
      [...m[1]!.matchAll(/'([^']*)'|`([^`]*)`/g)].map((s) => (s[1] ?? s[2]!).replace(/\$\{[^}]*\}/g, '*')).join('/'),
    ),
  );
}

/** A file the glob names, or a folder (`localResourceRoots: [joinPath(extensionUri, 'media')]`) a file is in. */
const globRegExp = (glob: string) => new RegExp(`^${glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}(/.+)?$`);

describe('the VSIX package', function () {
  // Building the bundles and the package takes about 5-15 s on the 2-core machine.
  this.timeout(180_000);
  let built: { source: string; vsix: string };
  let contents: VsixContents;
  let manifest: Record<string, unknown>;

  before(async () => {
    built = buildPackage();
    contents = await readVsix(built.vsix);
    manifest = JSON.parse(entryText(contents, `${EXTENSION_ROOT}package.json`)!) as Record<string, unknown>;
  });
  after(() => fs.rmSync(built.source, { recursive: true, force: true }));

  it('passes what vsce and ovsx check before publishing, Open VSX on upload, and our package rules', async () => {
    const report = await checkVsix(built.vsix, built.source);
    const failed = report.checks.filter((check) => check.problems.length > 0);
    assert.deepEqual(failed, []);
    assert.equal(report.checks.length, 7);
  });

  it('holds every file package.json names: entry points, icons, the schemas the YAML extension reads', () => {
    const refs = manifestReferences(manifest, nlsBundles(contents));
    for (const page of ['media/walkthrough/ci.md', 'media/walkthrough/ja/ci.md']) assert.ok(refs.some((ref) => ref.file === page), `${page}: each language's walkthrough page is checked`);
    const named = new Set(refs.map((ref) => ref.file));
    for (const file of ['dist/extension.js', 'dist/cli.js', 'media/icon.png', 'media/change-risk.svg', 'schemas/config.schema.json']) assert.ok(named.has(file), file);
    assert.deepEqual(refs.filter((ref) => !packageHas(contents, ref)), []);
    const schema = JSON.parse(entryText(contents, `${EXTENSION_ROOT}schemas/config.schema.json`)!) as { $schema: string };
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  });

  it('holds every file the extension loads from its own folder at run time', () => {
    const patterns = runtimeAssetPatterns();
    for (const expected of ['dist/indexWorker.js', 'media', 'media/analysis.css', 'media/analysis.js', 'media/gutter-*-light.svg', 'media/gutter-*-dark.svg']) assert.ok(patterns.includes(expected), `${expected} in ${patterns.join(', ')}`);
    const names = [...contents.keys()].map((name) => name.slice(EXTENSION_ROOT.length));
    assert.deepEqual(patterns.filter((glob) => !names.some((name) => globRegExp(glob).test(name))), []);
  });

  it('ships a README and CHANGELOG whose images are https and whose links point into the repository', () => {
    for (const doc of ['readme.md', 'changelog.md']) {
      const links = markdownLinks(entryText(contents, EXTENSION_ROOT + doc)!);
      assert.ok(links.length > 0, doc);
      for (const link of links) assert.match(link.target, /^(https:\/\/|#)/, `${doc}:${link.line}`);
    }
    const images = markdownLinks(entryText(contents, `${EXTENSION_ROOT}readme.md`)!).filter((link) => link.image);
    assert.deepEqual(
      images.map((image) => image.target),
      // Every picture of the repository's README, in its order, served from the repository.
      markdownLinks(fs.readFileSync(path.join(__dirname, '../../../README.md'), 'utf8'))
        .filter((link) => link.image)
        .map((image) => `https://github.com/change-risk/change-risk/raw/HEAD/${image.target}`),
    );
  });

  it('holds only the three bundles, the media, schemas, translations and documents: no sources, tests, maps or bench', () => {
    const names = [...contents.keys()].filter((name) => name.startsWith(EXTENSION_ROOT)).map((name) => name.slice(EXTENSION_ROOT.length));
    assert.deepEqual(names.filter((name) => name.startsWith('dist/')).sort(), ['dist/cli.js', 'dist/extension.js', 'dist/indexWorker.js']);
    assert.deepEqual(names.filter((name) => !/^(dist|media|schemas)\/|^l10n\/bundle\.l10n(\.[\w-]+)?\.json$|^package\.nls(\.[\w-]+)?\.json$|^(package\.json|readme\.md|changelog\.md|LICENSE\.txt)$/.test(name)), []);
  });

  it('ships the translations VS Code reads for a Japanese display: the manifest’s and the messages’', () => {
    for (const file of ['package.nls.json', 'package.nls.ja.json', 'l10n/bundle.l10n.json', 'l10n/bundle.l10n.ja.json']) assert.ok(packageHas(contents, { file }), file);
    assert.equal(manifest.l10n, './l10n');
    assert.equal(manifest.displayName, '%displayName%', 'vsce keeps the %keys%: VS Code resolves them in the display language');
  });

  it('carries the Marketplace metadata', () => {
    for (const field of ['icon', 'galleryBanner', 'categories', 'keywords', 'repository', 'bugs', 'homepage', 'license']) assert.ok(manifest[field], field);
    assert.ok((manifest.keywords as string[]).length <= 10, 'the Marketplace takes 10 tags');
    assert.equal((manifest.capabilities as { virtualWorkspaces: { supported: boolean } }).virtualWorkspaces.supported, false);
  });

  describe('the package rules catch', () => {
    const problemsOf = (doctored: VsixContents, doctoredManifest = manifest) =>
      packageChecks(doctored, doctoredManifest, built.source).flatMap((check) => check.problems);
    const withEntry = (name: string, text: string) => new Map([...contents, [name, Buffer.from(text)]]);

    it('a file the manifest names that is missing', () => {
      const doctored = new Map(contents);
      doctored.delete(`${EXTENSION_ROOT}schemas/config.schema.json`);
      assert.deepEqual(problemsOf(doctored), ['contributes.yamlValidation[0].url names schemas/config.schema.json, which is not in the package']);
    });

    it('a relative link or image, an SVG or http image, a missing heading or repository file', () => {
      const readme = [
        '# Title',
        '[cli](docs/cli.md) ![shot](docs/images/x.png) ![logo](https://example.com/logo.svg) ![old](http://example.com/a.png)',
        '[gone](#nowhere) [here](#title) [missing](https://github.com/change-risk/change-risk/blob/HEAD/docs/missing.md)',
        '`[code](not/a/link.md)`',
      ].join('\n');
      assert.deepEqual(problemsOf(withEntry(`${EXTENSION_ROOT}readme.md`, readme)), [
        'readme.md:2: link docs/cli.md: not in the package',
        'readme.md:2: image docs/images/x.png: VS Code and the Marketplace show only https images',
        'readme.md:2: image https://example.com/logo.svg: vsce refuses SVG images in readme.md',
        'readme.md:2: image http://example.com/a.png: VS Code and the Marketplace show only https images',
        'readme.md:3: link #nowhere: no such heading',
        'readme.md:3: link https://github.com/change-risk/change-risk/blob/HEAD/docs/missing.md: the repository has no docs/missing.md',
      ]);
    });

    it('sources, source maps, tests and development bundles', () => {
      let doctored = withEntry(`${EXTENSION_ROOT}src/core/x.ts`, 'x');
      doctored = new Map([...doctored, [`${EXTENSION_ROOT}dist/extension.js.map`, Buffer.from('{}')], [`${EXTENSION_ROOT}dist/demo.js`, Buffer.from('')]]);
      assert.deepEqual(problemsOf(doctored), [
        'extension/src/core/x.ts: a development folder has no place in the package',
        'extension/dist/extension.js.map: a source map has no place in the package',
        'extension/dist/demo.js: a development bundle has no place in the package',
      ]);
    });

    it('missing metadata and an icon too small', () => {
      const doctored = withEntry(`${EXTENSION_ROOT}media/icon.png`, '');
      const { keywords: _keywords, capabilities: _capabilities, ...rest } = manifest;
      assert.deepEqual(problemsOf(doctored, rest), [
        'package.json has no keywords',
        'icon media/icon.png: not a PNG in the package',
        'capabilities.untrustedWorkspaces is not declared',
        'capabilities.virtualWorkspaces is not declared',
      ]);
    });

    it("Open VSX's metadata rules", () => {
      assert.deepEqual(openVsxMetadataProblems({ ...manifest, version: '1.0.0 beta', galleryBanner: { color: '#1F2937', theme: 'grey' }, bugs: 'not a url', displayName: 'a\u202eb' }), [
        'version: Open VSX refuses the character " "',
        'displayName: a character Open VSX refuses (control, format, private use or separator)',
        'bugs: not a URL with a host: not a url',
        'galleryBanner.theme: dark or light',
      ]);
    });
  });
});

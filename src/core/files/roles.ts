/**
 * The role of each repository path: only source code should get risk warnings. Changelogs, manifests,
 * lockfiles, lint and CI configuration change in almost every release and topped the hotspots of real
 * Rails repositories as noise. Conventions are Rails first, then JS/TS and generic ones.
 */
import { globMatcher, type PathMatcher } from '../globs';
import { isTestPath } from '../backtest/testPaths';

export const FILE_ROLES = ['source', 'test', 'docs', 'build', 'lint', 'manifest', 'lockfile', 'generated', 'vendored', 'team'] as const;
export type FileRole = (typeof FILE_ROLES)[number];

export interface RoleOverride {
  paths: readonly string[];
  role: FileRole;
}

export const ROLE_LABELS: Record<FileRole, string> = {
  source: 'source code',
  test: 'test',
  docs: 'documentation',
  build: 'build or CI configuration',
  lint: 'lint or editor configuration',
  manifest: 'dependency manifest',
  lockfile: 'lockfile',
  generated: 'generated',
  vendored: 'vendored',
  team: 'team file (.changerisk)',
};

/** One expression for alternatives written as regular-expression sources (`.` must be escaped). */
function anyOf(sources: readonly string[], flags = 'i'): RegExp {
  return new RegExp(sources.map((source) => `(?:${source})`).join('|'), flags);
}

/**
 * For the file name (last path segment): it is one of `names`, or ends with one of `endings` (sources starting
 * with a literal, so the search skips quickly to them; `[^/]*\.md` would backtrack at every position).
 */
function named(names: readonly string[], endings: readonly string[] = [], flags = 'i'): RegExp {
  const parts = [...(names.length > 0 ? [`^(?:${names.join('|')})$`] : []), ...(endings.length > 0 ? [`(?:${endings.join('|')})$`] : [])];
  return new RegExp(parts.join('|'), flags);
}

/** At the top level or in an engine or package root (`core/`, `api/`), not inside app code (`app/models/…`). */
const ROOTISH = '^(?:(?!(?:app|src|lib|config|public|spec|test)/)[^/]+/)?';

/** The team's own files (incident ledger, configuration): never code, and shown as the team's. */
const TEAM = /^\.changerisk\//i;

/**
 * Code written by someone else: vendor/ at any depth (engines keep their own, gems vendor under lib/), package
 * folders and minified bundles. A vendor/ folder inside app code (`app/models/vendor/`) is a marketplace's domain
 * namespace, not third-party code, so it stays source.
 */
const VENDOR_DIR = /(?:^|\/)vendor\//i;
const APP_VENDOR = /^(?:[^/]+\/)?app\/(?!assets\/|javascript\/)[^/]+\/(?:[^/]+\/)*vendor\//i;
const VENDORED_DIR = /(?:^|\/)(?:node_modules|bower_components|third[-_]party)\//i;
const VENDORED_NAME = named([], ['\\.min\\.(?:js|css)']);

/**
 * Written by a tool, not by hand: Rails schema dumps (also the multi-database ones, `db/queue_schema.rb`), source
 * maps, snapshots, compiled assets, and build output, coverage, tmp and log folders at the top level only (a deeper
 * `build/` folder is often source).
 */
const GENERATED = anyOf([
  '(?:^|/)db/(?:\\w+_)?(?:schema\\.rb|structure\\.sql)$',
  '(?:^|/)__snapshots__/',
  '^(?:dist|build|coverage|tmp|log)/',
  '^public/(?:assets|packs(?:-test)?|vite(?:-dev|-test)?)/',
  '^(?:[^/]+/)?app/assets/builds/',
]);
const GENERATED_NAME = named([], ['\\.(?:map|snap)', '\\.generated\\.[^/]+']);

/** Resolved dependency versions, rewritten by the package manager on every update: any `*.lock` and the others. */
const LOCKFILE_NAME = named(['package-lock\\.json', 'npm-shrinkwrap\\.json', 'pnpm-lock\\.yaml', 'go\\.sum', 'gems\\.locked'], ['\\.lockb?']);

/**
 * Declared dependencies and release versions, bumped at every release and dependency update. Gemfile (with its
 * variants, `Gemfile.tt`, `Gemfile.next`) and VERSION in their usual case only (`app/models/gemfile.rb` is code);
 * `version.rb` only under lib/, a gem's version constant (`app/models/version.rb` is a PaperTrail model).
 */
const MANIFEST_NAME_CASED = named(['Gemfile(?:\\.[^/]*)?', 'Vendorfile', 'VERSION'], [], '');
const MANIFEST_NAME = named(
  [
    'package\\.json',
    'composer\\.json',
    'cargo\\.toml',
    'go\\.mod',
    'requirements[^/]*\\.txt',
    'pyproject\\.toml',
    'pipfile',
    'pom\\.xml',
    'build\\.gradle(?:\\.kts)?',
    '\\.(?:ruby|node|python)-version',
    '\\.nvmrc',
    '\\.tool-versions',
  ],
  ['\\.gemfile', '\\.gemspec(?:\\.tt)?'],
);
const VERSION_RB = named(['version\\.rb']);
const UNDER_LIB = /(?:^|\/)lib\//;

/**
 * Tests: everything `isTestPath` (the backtest's rule) accepts, plus test folders in any case, browser and
 * end-to-end suites and Cucumber features. e2e/ and playwright/ only outside app code (`app/models/e2e/` may
 * be end-to-end encryption).
 */
const TEST = anyOf([
  '(?:^|/)(?:specs?|tests?|__tests__|__mocks__|cypress)/',
  `${ROOTISH}(?:[^/]+/)?(?:e2e|playwright)/`,
  '^features/(?:step_definitions|support)/',
]);
const TEST_NAME = named([], ['\\.(?:cy|e2e)\\.[cm]?[jt]sx?', '\\.feature']);

/**
 * Documentation: markup anywhere, doc folders at the top level or an engine root (not `app/views/docs/`),
 * top-level text files, and the usual project files. Their names are taken in any case only bare (`Changelog`),
 * capitalised as .txt (`History.txt`) and in capitals with anything around (`MIT-LICENSE`, `LICENSE.APACHE`,
 * `RELEASE_NOTES`): `app/models/news.rb`, `bin/release`, `script/release_reserved_namespace` and
 * `app/views/layouts/license.txt` are code.
 */
const DOC_NAMES = 'changelog|changes|history|news|release[-_]notes|readme|licen[cs]e|copying|contributing|code[-_]of[-_]conduct|authors|contributors|maintainers|notice|upgrading|migrating';
const CAPITALISED_DOC_NAMES = DOC_NAMES.split('|').map((name) => name[0]!.toUpperCase() + name.slice(1));
const DOCS = anyOf([`${ROOTISH}(?:docs?|guides|documentation|release[-_]notes)/`, '^(?!CMakeLists\\.txt$)[^/]+\\.txt$']);
const DOCS_NAME = named([DOC_NAMES, '\\.yardopts', '\\.document'], ['\\.(?:md|markdown|mdx|rdoc|rst|adoc|asciidoc|textile)']);
const DOCS_NAME_CASED = named([`(?:[A-Z0-9]+[-_])?(?:${DOC_NAMES.toUpperCase()}|RELEASES?|SECURITY)(?:[-_.][^/]*)?`, `(?:${CAPITALISED_DOC_NAMES.join('|')})\\.txt`], [], '');

/** Linters, formatters, editors (AI assistants too) and git housekeeping: they shape how code looks, not what it does. */
const LINT = /^\.(?:vscode|idea|husky|claude|cursor|agents)\/|^\.github\/dependabot\.ya?ml$/i;
const LINT_NAME = named([
  '\\.rubocop[^/]*\\.ya?ml',
  '\\.erb[-_]?lint(?:rc)?\\.ya?ml',
  '\\.haml-lint[^/]*\\.ya?ml',
  '\\.(?:slim|scss)-lint\\.ya?ml',
  '\\.standard(?:_todo)?\\.ya?ml',
  '\\.reek(?:\\.ya?ml)?',
  '\\.?brakeman\\.ignore',
  '\\.solargraph\\.ya?ml',
  '\\.(?:eslint|prettier|stylelint|jshint)(?:rc[^/]*|ignore)',
  '(?:eslint|prettier|stylelint)\\.config\\.[^/]+',
  'biome\\.jsonc?',
  '\\.(?:yamllint|markdownlint)[^/]*',
  '\\.editorconfig',
  '\\.git(?:attributes|ignore)',
  '\\.(?:docker|npm)ignore',
  '\\.mailmap',
  '\\.git-blame-ignore-revs',
  '\\.codeclimate\\.ya?ml',
  '\\.overcommit\\.ya?ml',
  '\\.?lefthook(?:-local)?\\.ya?ml',
  '\\.rspec(?:-local)?',
  '\\.simplecov',
  '\\.pre-commit-config\\.ya?ml',
  '\\.browserslistrc',
  '\\.flake8',
  '\\.pylintrc',
  'renovate\\.json5?',
  '\\.renovaterc[^/]*',
  'dangerfile(?:\\.[cm]?[jt]s)?',
]);

/**
 * How the project is built, checked in CI and deployed: CI folders, containers, task runners, bundler and compiler
 * configuration, hosting manifests, and Rails binstubs in bin/, an engine's too (`spree/core/bin/rails`). `script/`
 * and `lib/tasks/` hold code and stay source, and so does a bin/ under app/, src/ or lib/ (a Rust `src/bin/`).
 */
const BUILD = anyOf([
  '^(?:[^/]+/)?\\.(?:github|circleci|buildkite|devcontainer|dockerdev|gitlab|kamal|bundle)/',
  '^(?:docker|deploy|deployment|k8s|helm)/',
  '^(?!(?:[^/]+/)*?(?:app|src|lib)/)(?:[^/]+/)*?bin/',
  '^(?:[^/]+/)?config/(?:webpack/|deploy|(?:webpacker|shakapacker)\\.yml$|vite\\.json$)',
  '^(?:netlify\\.toml|vercel\\.json|fly\\.toml|app\\.json|heroku\\.yml)$',
]);
const BUILD_NAME = named(
  [
    '\\.gitlab-ci\\.ya?ml',
    '\\.travis\\.ya?ml',
    '\\.?appveyor\\.ya?ml',
    'jenkinsfile',
    'dockerfile[^/]*',
    'docker-compose[^/]*\\.ya?ml',
    'compose(?:[-.][^/]*)?\\.ya?ml',
    'procfile[^/]*',
    'rakefile(?:\\.rb)?',
    '(?:gnu)?makefile',
    'cmakelists\\.txt',
    'guardfile',
    'capfile',
    'vagrantfile',
    'codeowners',
    '(?:ts|js)config[^/]*\\.json',
    '\\.(?:babel|postcss)rc[^/]*',
    '\\.mocharc[^/]*',
    '(?:babel|webpack|vite|vitest|rollup|postcss|tailwind|jest|playwright|cypress)\\.config\\.[^/]+',
    'karma\\.conf\\.[^/]+',
    'esbuild(?:\\.config)?\\.[cm]?[jt]s',
    '\\.npmrc',
    '\\.yarnrc[^/]*',
    '\\.gitmodules',
    '(?:turbo|nx|lerna)\\.json',
    'pnpm-workspace\\.yaml',
    '\\.env\\.(?:[^/]*\\.)?(?:example|sample|template|dist)',
  ],
  ['\\.dockerfile'],
);

/**
 * Most paths are source code. One test of the name and one of the path against the union of the patterns above
 * (case-insensitive, so a superset) send them there, instead of the twenty tests of the roles one by one.
 */
const union = (patterns: readonly RegExp[]) => new RegExp(patterns.map((pattern) => pattern.source).join('|'), 'i');
const ANY_NAME = union([VENDORED_NAME, GENERATED_NAME, LOCKFILE_NAME, MANIFEST_NAME, MANIFEST_NAME_CASED, VERSION_RB, TEST_NAME, DOCS_NAME, DOCS_NAME_CASED, LINT_NAME, BUILD_NAME]);
const ANY_PATH = union([TEAM, VENDOR_DIR, VENDORED_DIR, GENERATED, TEST, DOCS, LINT, BUILD]);

/** Conventions only. Path is repo-relative, posix separators. */
export function defaultRoleOf(path: string): FileRole {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (!ANY_NAME.test(name) && !ANY_PATH.test(path) && !isTestPath(path)) return 'source';
  if (TEAM.test(path)) return 'team';
  if (VENDORED_NAME.test(name) || VENDORED_DIR.test(path) || (VENDOR_DIR.test(path) && !APP_VENDOR.test(path))) return 'vendored';
  if (GENERATED_NAME.test(name) || GENERATED.test(path)) return 'generated';
  if (LOCKFILE_NAME.test(name)) return 'lockfile';
  if (MANIFEST_NAME.test(name) || MANIFEST_NAME_CASED.test(name) || (VERSION_RB.test(name) && UNDER_LIB.test(path))) return 'manifest';
  if (isTestPath(path) || TEST_NAME.test(name) || TEST.test(path)) return 'test';
  if (DOCS_NAME.test(name) || DOCS_NAME_CASED.test(name) || DOCS.test(path)) return 'docs';
  if (LINT_NAME.test(name) || LINT.test(path)) return 'lint';
  if (BUILD_NAME.test(name) || BUILD.test(path)) return 'build';
  return 'source';
}

/**
 * Overrides first (the first override with a matching glob wins), then conventions. The globs are compiled once;
 * per path the function allocates only the file name (a slice: the allocation-free variants, sticky expressions or
 * a lookbehind over the whole path, measured 1.5 to 3 times slower).
 */
export function roleClassifier(overrides: readonly RoleOverride[] = []): (path: string) => FileRole {
  if (overrides.length === 0) return defaultRoleOf;
  const matchers: PathMatcher[] = overrides.map((override) => globMatcher(override.paths));
  const roles: FileRole[] = overrides.map((override) => override.role);
  return (path) => {
    for (let i = 0; i < matchers.length; i++) if (matchers[i]!(path)) return roles[i]!;
    return defaultRoleOf(path);
  };
}

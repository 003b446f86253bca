/**
 * What kinds of change a diff contains, by path conventions (Rails first, then generic ones) and by the text of
 * added lines (new environment variables, feature-flag calls).
 */
import { compareText } from '../history/history';
import { globMatcher, type PathMatcher } from '../globs';
import type { ChangedFile } from './change';

export const CHANGE_KINDS = [
  'migration',
  'schema',
  'routes',
  'config',
  'env',
  'dependencies',
  'lockfile',
  'submodule',
  'jobs',
  'api-schema',
  'feature-flags',
  'build-deploy',
  'deletion',
  'rename',
] as const;

export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface DetectedKind {
  kind: ChangeKind;
  /** Sorted. */
  files: string[];
  /** Sorted and distinct: variable names (env), package names (dependencies), `old → new` (rename), `path old → new` (submodule). */
  details: string[];
}

const PATHS: Partial<Record<ChangeKind, PathMatcher>> = {
  migration: globMatcher(['db/migrate/**', '**/migrations/**', 'alembic/versions/**', 'prisma/migrations/**', 'db/data/**']),
  schema: globMatcher(['db/schema.rb', 'db/structure.sql', 'db/*_schema.rb', 'prisma/schema.prisma', '**/schema.sql']),
  routes: globMatcher(['config/routes.rb', 'config/routes/**']),
  config: globMatcher(['config/**', '.env', '.env.*', '**/*.env', 'app.json', '**/application.{yml,yaml,properties}', '**/settings.py']),
  dependencies: globMatcher([
    '**/Gemfile',
    '**/*.gemspec',
    '**/package.json',
    '**/go.mod',
    '**/Cargo.toml',
    '**/requirements*.txt',
    '**/Pipfile',
    '**/pyproject.toml',
    '**/composer.json',
    '**/pom.xml',
    '**/build.gradle{,.kts}',
  ]),
  lockfile: globMatcher([
    '**/Gemfile.lock',
    '**/package-lock.json',
    '**/yarn.lock',
    '**/pnpm-lock.yaml',
    '**/go.sum',
    '**/Cargo.lock',
    '**/Pipfile.lock',
    '**/poetry.lock',
    '**/composer.lock',
  ]),
  jobs: globMatcher(['app/jobs/**', 'app/workers/**', 'app/sidekiq/**', 'config/sidekiq.yml', 'config/schedule.rb', 'lib/tasks/**', '**/cron/**', '**/*cron*.{yml,yaml}']),
  'api-schema': globMatcher(['**/*.graphql', '**/*.gql', 'app/graphql/**', '**/openapi.{yaml,yml,json}', '**/swagger.{yaml,yml,json}', '**/*.proto']),
  'feature-flags': globMatcher(['**/feature_flags*', '**/feature-flags*', '**/featureFlags*', 'config/flipper*', 'config/initializers/flipper*']),
  'build-deploy': globMatcher(['**/Dockerfile', '**/Dockerfile.*', '**/docker-compose*.{yml,yaml}', '.github/workflows/**', '**/*.tf', 'k8s/**', 'helm/**', 'Procfile', '.gitlab-ci.yml', 'Jenkinsfile']),
};

/** Environment variables read in added lines: Ruby, Node, Python, Go, Java. */
const ENV_READS = [
  /\bENV\[\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*\]/g,
  /\bENV\.fetch\(\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]/g,
  /\bprocess\.env\.([A-Za-z_][A-Za-z0-9_]*)/g,
  /\bprocess\.env\[\s*['"`]([A-Za-z_][A-Za-z0-9_]*)['"`]\s*\]/g,
  /\bos\.(?:environ\.get|getenv)\(\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]/g,
  /\bos\.environ\[\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*\]/g,
  /\bos\.(?:Getenv|LookupEnv)\(\s*"([A-Za-z_][A-Za-z0-9_]*)"/g,
  /\bSystem\.getenv\(\s*"([A-Za-z_][A-Za-z0-9_]*)"/g,
];

const FLAG_CALLS = /\b(Flipper\.(enabled\?|enable|disable)|feature_enabled\?|FeatureFlags?\.|isFeatureEnabled|useFeatureFlag|launchdarkly|ldClient\.variation|unleash\.isEnabled)/i;

export function envVarsIn(lines: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const line of lines) for (const pattern of ENV_READS) for (const match of line.matchAll(pattern)) names.add(match[1]!);
  return names;
}

/** Environment variables read in the added lines of a file and not in its removed lines. */
export function newEnvVars(file: ChangedFile): string[] {
  const before = envVarsIn(file.removedLines);
  return [...envVarsIn(file.addedLines)].filter((name) => !before.has(name));
}

const DEPENDENCY_LINES: Array<[RegExp, RegExp]> = [
  [/(^|\/)(Gemfile|[^/]+\.gemspec)$/, /^\s*(?:gem|spec\.add_(?:development_)?dependency|s\.add_(?:runtime_)?dependency)\s*\(?\s*['"]([^'"]+)['"]/],
  [/(^|\/)package\.json$/, /^\s*"(@?[A-Za-z0-9][\w./-]*)"\s*:\s*"(?:[\^~<>=]|\d|workspace:|npm:|git|https?:)/],
  [/(^|\/)go\.mod$/, /^\s*(?:require\s+)?([A-Za-z0-9.-]+\.[A-Za-z]+\/\S+)\s+v\d/],
  [/(^|\/)requirements[^/]*\.txt$/, /^\s*([A-Za-z0-9][A-Za-z0-9_.-]*)\s*(?:\[[^\]]*\])?\s*(?:==|>=|<=|~=|!=|>|<)/],
  [/(^|\/)Cargo\.toml$/, /^\s*([A-Za-z0-9_-]+)\s*=\s*(?:"\d|\{[^}]*version)/],
];

/** Packages whose lines were added or removed in a dependency manifest (`version` keys left out). */
export function changedDependencies(file: ChangedFile): string[] {
  const pattern = DEPENDENCY_LINES.find(([name]) => name.test(file.path))?.[1];
  if (!pattern) return [];
  const names = new Set<string>();
  for (const line of [...file.addedLines, ...file.removedLines]) {
    const match = pattern.exec(line);
    if (match && match[1] !== 'version' && match[1] !== 'name') names.add(match[1]!);
  }
  return [...names];
}

export function detectChangeKinds(files: readonly ChangedFile[]): DetectedKind[] {
  const found = new Map<ChangeKind, { files: Set<string>; details: Set<string> }>();
  const add = (kind: ChangeKind, file: string, details: Iterable<string> = []) => {
    let entry = found.get(kind);
    if (!entry) found.set(kind, (entry = { files: new Set(), details: new Set() }));
    entry.files.add(file);
    for (const detail of details) entry.details.add(detail);
  };
  for (const file of files) {
    for (const [kind, matches] of Object.entries(PATHS) as Array<[ChangeKind, PathMatcher]>) {
      if (kind === 'config' && (PATHS.routes!(file.path) || file.path.startsWith('config/locales/'))) continue;
      if (matches(file.path) || (file.oldPath !== undefined && matches(file.oldPath))) add(kind, file.path, kind === 'dependencies' ? changedDependencies(file) : []);
    }
    const envVars = newEnvVars(file);
    if (envVars.length > 0) add('env', file.path, envVars);
    if (!PATHS['feature-flags']!(file.path) && file.addedLines.some((line) => FLAG_CALLS.test(line))) add('feature-flags', file.path);
    if (file.status === 'deleted') add('deletion', file.path);
    if (file.status === 'renamed' && file.oldPath) add('rename', file.path, [`${file.oldPath} → ${file.path}`]);
    if (file.submodule) add('submodule', file.path, [submoduleBump(file.path, file.submodule)]);
  }
  return CHANGE_KINDS.filter((kind) => found.has(kind)).map((kind) => {
    const entry = found.get(kind)!;
    return { kind, files: [...entry.files].sort(compareText), details: [...entry.details].sort(compareText) };
  });
}

/** `lib 1a2b3c4 → 5d6e7f8`: a submodule's commits before and after the change, short; `none` for a side without one. */
export function submoduleBump(path: string, bump: { from?: string; to?: string }): string {
  const short = (sha: string | undefined) => sha?.slice(0, 7) ?? 'none';
  return `${path} ${short(bump.from)} → ${short(bump.to)}`;
}

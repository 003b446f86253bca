/**
 * What kinds of change a diff contains, by path conventions (Rails first, then generic ones) and by the text of
 * added lines (new environment variables: `envVars.ts`; feature-flag calls: `featureFlags.ts`).
 */
import { compareText } from '../history/history';
import { globMatcher, type PathMatcher } from '../globs';
import type { ChangedFile } from './change';
import { envVarsIn } from './envVars';
import { flagUsesOnLine } from './featureFlags';
import { declarationLibrary } from './flagDeclarations';

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

const FLAG_CALLS = /\b(Flipper\.(enabled\?|enable|disable)|feature_enabled\?|FeatureFlags?\.|isFeatureEnabled|useFeatureFlag|launchdarkly|ldClient\.variation|unleash\.isEnabled)/i;

export { envVarsIn };

/**
 * Environment variables read in the added lines of a file and not in the removed lines of `before` (the file's own by
 * default; the whole change's, so that code moved from one file to another brings no "new" variable).
 */
export function newEnvVars(file: ChangedFile, before: ReadonlySet<string> = envVarsIn(file.removedLines)): string[] {
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
  // A variable read in removed lines of any file was already read: the code moved (to another file or in place).
  const readBefore = new Set<string>();
  for (const file of files) for (const name of envVarsIn(file.removedLines)) readBefore.add(name);
  for (const file of files) {
    for (const [kind, matches] of Object.entries(PATHS) as Array<[ChangeKind, PathMatcher]>) {
      if (kind === 'config' && (PATHS.routes!(file.path) || file.path.startsWith('config/locales/') || declarationLibrary(file.path))) continue;
      if (matches(file.path) || (file.oldPath !== undefined && matches(file.oldPath))) add(kind, file.path, kind === 'dependencies' ? changedDependencies(file) : []);
    }
    const envVars = newEnvVars(file, readBefore);
    if (envVars.length > 0) add('env', file.path, envVars);
    const flagFile = PATHS['feature-flags']!(file.path) || declarationLibrary(file.path) !== undefined;
    if (flagFile && !PATHS['feature-flags']!(file.path)) add('feature-flags', file.path);
    else if (!flagFile && file.addedLines.some((line) => FLAG_CALLS.test(line) || flagUsesOnLine(line).length > 0)) add('feature-flags', file.path);
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

import { strict as assert } from 'node:assert';
import { isTestPath } from '../../../src/core/backtest/testPaths';
import { defaultRoleOf, FILE_ROLES, ROLE_LABELS, roleClassifier, type FileRole } from '../../../src/core/files/roles';

/** Paths as they appear in openstreetmap-website, solidus, spree, rubygems.org and JS/TS repositories. */
const CONVENTIONS: Record<FileRole, string[]> = {
  source: [
    'app/models/user.rb',
    'app/controllers/api/changesets_controller.rb',
    'app/views/layouts/application.html.erb',
    'app/assets/stylesheets/a.scss',
    'app/javascript/application.js',
    'config/routes.rb',
    'config/initializers/devise.rb',
    'config/environments/production.rb',
    'config/locales/en.yml',
    'config/importmap.rb',
    'config.ru',
    'db/migrate/2020_add_x.rb',
    'db/seeds.rb',
    'lib/tasks/x.rake',
    'lib/compact_index/gem_version.rb',
    'script/deliver-message',
    'script/release_reserved_namespace',
    'app/views/layouts/license.txt',
    'core/app/models/spree/order.rb',
    'core/lib/spree/core/engine.rb',
    'core/lib/generators/solidus/install/templates/initializer.rb',
    'src/core/files/roles.ts',
    'src/bin/main.rs',
    // Names that only look like documentation, manifests or vendored code.
    'app/models/news.rb',
    'app/controllers/news_controller.rb',
    'app/models/history.rb',
    'app/models/release.rb',
    'app/models/version.rb',
    'app/models/vendor/invoice.rb',
    'app/views/docs/show.html.erb',
    'app/models/e2e/key.rb',
    'lib/build/steps.rb',
    'app/models/latest.java',
    'public/robots.txt',
  ],
  test: [
    'spec/models/user_spec.rb',
    'test/unit/app/models/x_test.rb',
    'test/fixtures/users.yml',
    'test/fixtures/files/README.md',
    'spec/factories/users.rb',
    'spec/javascripts/x_spec.js',
    'spec/dummy/config/routes.rb',
    'core/spec/models/spree/order_spec.rb',
    'Spec/models/user_spec.rb',
    'src/x.test.ts',
    'src/components/Button.spec.tsx',
    'src/__tests__/a.ts',
    'tests/test_api.py',
    'pkg/api_test.go',
    'features/checkout.feature',
    'features/step_definitions/checkout_steps.rb',
    'cypress/e2e/login.cy.ts',
    'e2e/login.spec.ts',
    'packages/web/e2e/login.ts',
  ],
  docs: [
    'CHANGELOG.md',
    'core/CHANGELOG.md',
    'Changelog.md',
    'CHANGES',
    'History.txt',
    'History.rdoc',
    'NEWS',
    'README',
    'README.md',
    'readme.markdown',
    'LICENSE',
    'LICENSE.txt',
    'LICENSE.APACHE',
    'LICENCE',
    'MIT-LICENSE',
    'COPYING',
    'CONTRIBUTING.md',
    'CODE_OF_CONDUCT.md',
    'SECURITY.md',
    'AUTHORS',
    'UPGRADING.md',
    'RELEASE_NOTES',
    'release_notes/v4.0.md',
    'doc/api.rb',
    'docs/index.html',
    'core/doc/architecture.png',
    'guides/source/getting_started.md',
    'CONFIGURE.txt',
    '.github/PULL_REQUEST_TEMPLATE.md',
  ],
  build: [
    '.github/workflows/tests.yml',
    '.github/CODEOWNERS',
    '.circleci/config.yml',
    '.buildkite/pipeline.yml',
    '.devcontainer/devcontainer.json',
    '.gitlab-ci.yml',
    '.travis.yml',
    'appveyor.yml',
    'Jenkinsfile',
    'bin/rails',
    'bin/setup',
    'core/bin/rails',
    'spree/core/bin/rails',
    'bin/release',
    'bin/release/update-changelog',
    '.dockerdev/.psqlrc',
    'Dockerfile',
    'Dockerfile.dev',
    'docker/web.dockerfile',
    'docker-compose.yml',
    'compose.yaml',
    'Procfile',
    'Procfile.dev',
    'Rakefile',
    'core/Rakefile',
    'Makefile',
    'Guardfile',
    'Capfile',
    'config/deploy.rb',
    'config/deploy/production.rb',
    'config/webpack/environment.js',
    'config/webpacker.yml',
    'config/shakapacker.yml',
    'tsconfig.json',
    'tsconfig.build.json',
    'jsconfig.json',
    'babel.config.js',
    '.babelrc',
    'webpack.config.js',
    'vite.config.ts',
    'rollup.config.mjs',
    'esbuild.js',
    'postcss.config.js',
    'tailwind.config.js',
    'netlify.toml',
    'app.json',
    '.env.example',
    '.env.sample',
  ],
  lint: [
    '.rubocop.yml',
    '.rubocop_todo.yml',
    'core/.rubocop.yml',
    '.erb-lint.yml',
    '.erb_lint.yml',
    '.eslintrc.json',
    '.eslintrc',
    'eslint.config.mjs',
    '.prettierrc',
    'prettier.config.js',
    '.stylelintrc.json',
    '.editorconfig',
    '.haml-lint.yml',
    '.reek.yml',
    '.brakeman.ignore',
    'config/brakeman.ignore',
    '.yamllint.yml',
    '.markdownlint.json',
    '.solargraph.yml',
    '.vscode/settings.json',
    '.idea/workspace.xml',
    '.gitattributes',
    '.gitignore',
    'config/.gitignore',
    '.dockerignore',
    '.mailmap',
    '.git-blame-ignore-revs',
    '.codeclimate.yml',
    '.overcommit.yml',
    'lefthook.yml',
    '.rspec',
    '.simplecov',
    '.pre-commit-config.yaml',
    'biome.json',
    '.browserslistrc',
    '.github/dependabot.yml',
    'renovate.json',
    'Dangerfile',
    '.claude/settings.json',
  ],
  manifest: [
    'Gemfile',
    'core/Gemfile',
    'Gemfile.tt',
    'templates/Gemfile',
    'gemfiles/rails_7.gemfile',
    'core/solidus_core.gemspec',
    'package.json',
    'packages/web/package.json',
    'composer.json',
    'Cargo.toml',
    'go.mod',
    'requirements.txt',
    'requirements-dev.txt',
    'pyproject.toml',
    'Pipfile',
    '.ruby-version',
    '.node-version',
    '.nvmrc',
    '.tool-versions',
    'core/lib/spree/core/version.rb',
    'lib/rubygems/version.rb',
    'VERSION',
    'Vendorfile',
    'spec/fixtures/Gemfile',
  ],
  lockfile: [
    'Gemfile.lock',
    'core/Gemfile.lock',
    'gemfiles/rails_7.gemfile.lock',
    'package-lock.json',
    'npm-shrinkwrap.json',
    'yarn.lock',
    'pnpm-lock.yaml',
    'bun.lockb',
    'composer.lock',
    'Cargo.lock',
    'poetry.lock',
    'Pipfile.lock',
    'go.sum',
    'flake.lock',
  ],
  generated: [
    'db/schema.rb',
    'db/structure.sql',
    'db/queue_schema.rb',
    'spec/dummy/db/schema.rb',
    'app/assets/javascripts/application.js.map',
    'dist/extension.js',
    'build/index.html',
    'coverage/index.html',
    'public/assets/application-abc.css',
    'public/packs/js/application.js',
    'app/assets/builds/application.css',
    'src/__snapshots__/view.test.ts.snap',
    'src/api.generated.ts',
    'tmp/cache/x',
    'log/.keep',
  ],
  vendored: [
    'vendor/assets/x.js',
    'vendor/assets/javascripts/leaflet.js',
    'core/vendor/assets/javascripts/jquery.js',
    'lib/bundler/vendor/thor/lib/thor.rb',
    'node_modules/lodash/index.js',
    'third_party/zlib/zlib.h',
    'app/assets/javascripts/vendor/select2.js',
    'app/javascript/lib/chart.min.js',
    'app/assets/stylesheets/normalize.min.css',
    'vendor/Gemfile.lock',
  ],
  team: ['.changerisk/incidents/INC-1.md', '.changerisk/config.yml'],
};

describe('file roles', () => {
  describe('defaultRoleOf', () => {
    for (const role of FILE_ROLES) {
      it(`classifies ${ROLE_LABELS[role]} by convention`, () => {
        const wrong = CONVENTIONS[role].filter((path) => defaultRoleOf(path) !== role).map((path) => `${path} → ${defaultRoleOf(path)}`);
        assert.deepEqual(wrong, []);
      });
    }

    it('reads conventional names in any case, but project file names in code only bare or in capitals', () => {
      for (const path of ['CHANGELOG.MD', 'Readme', 'License', 'dockerfile', 'makefile', 'rakefile', 'Package.json', 'Yarn.lock', 'SPEC/a.rb', '.RUBOCOP.YML']) {
        assert.notEqual(defaultRoleOf(path), 'source', path);
      }
      assert.equal(defaultRoleOf('app/models/gemfile.rb'), 'source');
      assert.equal(defaultRoleOf('app/models/News.rb'), 'source');
      assert.equal(defaultRoleOf('app/models/NEWS'), 'docs');
    });

    it('agrees with isTestPath: every path it calls a test is a test, unless a stronger role claims it', () => {
      const stronger: FileRole[] = ['team', 'vendored', 'generated', 'lockfile', 'manifest'];
      const paths = Object.values(CONVENTIONS).flat();
      for (const path of paths.filter(isTestPath)) {
        const role = defaultRoleOf(path);
        assert.ok(role === 'test' || stronger.includes(role), `${path} → ${role}`);
      }
      assert.ok(paths.filter(isTestPath).length > 15, 'the table has test paths');
    });

    it('labels every role', () => {
      assert.deepEqual(Object.keys(ROLE_LABELS).sort(), [...FILE_ROLES].sort());
      assert.equal(ROLE_LABELS.source, 'source code');
      assert.equal(ROLE_LABELS.team, 'team file (.changerisk)');
    });
  });

  describe('roleClassifier', () => {
    it('is the conventions without overrides', () => {
      const roleOf = roleClassifier();
      for (const path of Object.values(CONVENTIONS).flat()) assert.equal(roleOf(path), defaultRoleOf(path), path);
      assert.equal(roleClassifier([]), defaultRoleOf);
    });

    it('lets an override turn documentation into source', () => {
      const roleOf = roleClassifier([{ paths: ['docs/**'], role: 'source' }]);
      assert.equal(roleOf('docs/index.html'), 'source');
      assert.equal(roleOf('docs/guide/setup.md'), 'source');
      assert.equal(roleOf('doc/api.rb'), 'docs', 'other paths keep their convention');
      assert.equal(roleOf('CHANGELOG.md'), 'docs');
    });

    it('takes the first matching override', () => {
      const roleOf = roleClassifier([
        { paths: ['app/javascript/legacy/**'], role: 'vendored' },
        { paths: ['app/javascript/**', 'lib/tasks/**'], role: 'build' },
      ]);
      assert.equal(roleOf('app/javascript/legacy/jquery.ui.js'), 'vendored');
      assert.equal(roleOf('app/javascript/application.js'), 'build');
      assert.equal(roleOf('lib/tasks/deploy.rake'), 'build');
      assert.equal(roleOf('app/models/user.rb'), 'source');
    });

    it('classifies a path that no convention knows', () => {
      const roleOf = roleClassifier([{ paths: ['**/*.sketchfile'], role: 'generated' }]);
      assert.equal(defaultRoleOf('design/home.sketchfile'), 'source');
      assert.equal(roleOf('design/home.sketchfile'), 'generated');
    });

    it('can move a path out of a stronger convention', () => {
      const roleOf = roleClassifier([{ paths: ['db/schema.rb', 'vendor/engines/**'], role: 'source' }]);
      assert.equal(roleOf('db/schema.rb'), 'source');
      assert.equal(roleOf('vendor/engines/billing/app/models/invoice.rb'), 'source');
      assert.equal(roleOf('vendor/assets/x.js'), 'vendored');
    });
  });
});

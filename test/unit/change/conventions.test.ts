import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ChangedFile } from '../../../src/core/change/change';
import { codeOwnersGlobs, parseCodeOwners, readCodeOwners } from '../../../src/core/change/codeowners';
import { detectChangeKinds } from '../../../src/core/change/kinds';
import { needsTestChange, sourcesWithoutTests, TestLayout, testCandidates } from '../../../src/core/change/tests';
import { defaultRoleOf } from '../../../src/core/files/roles';

function changed(path: string, fields: Partial<ChangedFile> = {}): ChangedFile {
  return { path, status: 'modified', binary: false, added: 1, removed: 0, oldHunks: [], newHunks: [], addedLines: [], removedLines: [], ...fields };
}

describe('change conventions', () => {
  describe('change kinds', () => {
    const kindsOf = (...files: ChangedFile[]) => Object.fromEntries(detectChangeKinds(files).map((k) => [k.kind, k]));

    it('finds Rails migrations, schema, routes, configuration, jobs and GraphQL by path', () => {
      const kinds = kindsOf(
        changed('db/migrate/20260101_add_x.rb', { status: 'added' }),
        changed('db/schema.rb'),
        changed('config/routes.rb'),
        changed('config/initializers/money.rb'),
        changed('app/jobs/reminder_job.rb'),
        changed('app/graphql/types/invoice_type.rb'),
        changed('config/locales/en.yml'),
      );
      assert.deepEqual(Object.keys(kinds), ['migration', 'schema', 'routes', 'config', 'jobs', 'api-schema']);
      assert.deepEqual(kinds.config!.files, ['config/initializers/money.rb'], 'routes and locales are not configuration');
    });

    it('finds generic kinds: manifests, lockfiles, Docker, workflows, openapi, .graphql, migrations folders', () => {
      const kinds = kindsOf(
        changed('package.json', { addedLines: ['    "left-pad": "^1.3.0",', '  "version": "2.0.0",'], removedLines: ['    "left-pad": "^1.2.0",'] }),
        changed('package-lock.json'),
        changed('services/api/go.mod', { addedLines: ['\tgithub.com/pkg/errors v0.9.1'] }),
        changed('Cargo.toml'),
        changed('requirements.txt', { addedLines: ['requests==2.32.0'] }),
        changed('Dockerfile'),
        changed('.github/workflows/ci.yml'),
        changed('api/openapi.yaml'),
        changed('schema/invoice.graphql'),
        changed('backend/migrations/0004_auto.py', { status: 'added' }),
      );
      assert.deepEqual(kinds.dependencies!.files, ['Cargo.toml', 'package.json', 'requirements.txt', 'services/api/go.mod']);
      assert.deepEqual(kinds.dependencies!.details, ['github.com/pkg/errors', 'left-pad', 'requests']);
      assert.deepEqual(kinds.lockfile!.files, ['package-lock.json']);
      assert.deepEqual(kinds['build-deploy']!.files, ['.github/workflows/ci.yml', 'Dockerfile']);
      assert.deepEqual(kinds['api-schema']!.files, ['api/openapi.yaml', 'schema/invoice.graphql']);
      assert.deepEqual(kinds.migration!.files, ['backend/migrations/0004_auto.py']);
    });

    it('names the gems of a Gemfile bump', () => {
      const kinds = kindsOf(changed('Gemfile', { addedLines: ["gem 'money-rails', '~> 1.15'"], removedLines: ["gem 'money-rails', '~> 1.8'"] }), changed('Gemfile.lock'));
      assert.deepEqual(kinds.dependencies!.details, ['money-rails']);
      assert.deepEqual(kinds.lockfile!.files, ['Gemfile.lock']);
    });

    it('finds new environment variables in added lines only (Ruby, Node, Python, Go)', () => {
      const kinds = kindsOf(
        changed('config/initializers/money.rb', { addedLines: ["key = ENV.fetch('EXCHANGE_KEY')", "url = ENV['OLD_URL']"], removedLines: ["url = ENV['OLD_URL'] || 'x'"] }),
        changed('src/server.ts', { addedLines: ['const port = process.env.PORT ?? 3000;', "const t = process.env['TOKEN'];"] }),
        changed('app/settings.py', { addedLines: ["DEBUG = os.environ.get('DEBUG')"] }),
        changed('main.go', { addedLines: ['addr := os.Getenv("ADDR")'] }),
      );
      assert.deepEqual(kinds.env!.details, ['ADDR', 'DEBUG', 'EXCHANGE_KEY', 'PORT', 'TOKEN'], 'OLD_URL was already read before');
      assert.deepEqual(kinds.env!.files, ['app/settings.py', 'config/initializers/money.rb', 'main.go', 'src/server.ts']);
    });

    it('says no variable is new when the code reading it moved from another file of the change', () => {
      const kinds = kindsOf(
        changed('app/services/old_client.rb', { status: 'deleted', removedLines: ['  key = ENV.fetch("PAYMENTS_API_KEY")'] }),
        changed('app/services/payments/client.rb', { status: 'added', addedLines: ['  key = ENV.fetch("PAYMENTS_API_KEY")', '  url = ENV["PAYMENTS_URL"]'] }),
      );
      assert.deepEqual(kinds.env!.details, ['PAYMENTS_URL']);
    });

    it('finds feature flags by file and by flag calls, deletions and renames', () => {
      const kinds = kindsOf(
        changed('config/initializers/feature_flags.rb'),
        changed('app/models/invoice.rb', { addedLines: ['    return old_total unless Flipper.enabled?(:multi_currency)'] }),
        changed('lib/unused.rb', { status: 'deleted' }),
        changed('lib/new_name.rb', { status: 'renamed', oldPath: 'lib/old_name.rb' }),
      );
      assert.deepEqual(kinds['feature-flags']!.files, ['app/models/invoice.rb', 'config/initializers/feature_flags.rb']);
      assert.deepEqual(kinds.deletion!.files, ['lib/unused.rb']);
      assert.deepEqual(kinds.rename!.details, ['lib/old_name.rb → lib/new_name.rb']);
    });
  });

  describe('missing tests', () => {
    const exists = (path: string) => ['spec/models/invoice_spec.rb', 'src/core/x.test.ts'].includes(path);

    it('maps Rails sources to specs and minitest files, controllers to request specs', () => {
      assert.deepEqual(testCandidates('app/models/invoice.rb'), ['spec/models/invoice_spec.rb', 'test/models/invoice_test.rb']);
      assert.deepEqual(testCandidates('lib/money_format.rb'), ['spec/lib/money_format_spec.rb', 'test/lib/money_format_test.rb']);
      assert.ok(testCandidates('app/controllers/rates_controller.rb')!.includes('spec/requests/rates_spec.rb'));
      assert.equal(testCandidates('spec/models/invoice_spec.rb'), undefined);
      assert.equal(testCandidates('db/migrate/1_x.rb'), undefined);
      assert.equal(testCandidates('config/routes.rb'), undefined);
    });

    it('maps TS/JS sources to .test/.spec files and __tests__', () => {
      assert.deepEqual(testCandidates('src/core/x.ts'), ['src/core/x.test.ts', 'src/core/x.spec.ts', 'src/core/__tests__/x.ts', 'src/core/__tests__/x.test.ts']);
      assert.equal(testCandidates('src/core/x.test.ts'), undefined);
      assert.equal(testCandidates('src/types.d.ts'), undefined);
      assert.equal(testCandidates('esbuild.config.js'), undefined);
    });

    const roleOf = (path: string) => defaultRoleOf(path);
    const code = (path: string, fields: Partial<ChangedFile> = {}) => changed(path, { addedLines: ['  total + tax'], ...fields });

    it('reports a source change without its test change, and not one with it', () => {
      const layout = new TestLayout(['spec/models/invoice_spec.rb', 'src/core/x.test.ts', 'spec/models/line_item_spec.rb']);
      const missing = sourcesWithoutTests(
        [
          code('app/models/invoice.rb'),
          code('app/models/line_item.rb'),
          code('spec/models/line_item_spec.rb'),
          code('src/core/x.ts'),
          code('src/core/y.ts'),
          code('test/unit/core/y.test.ts'),
          code('src/core/gone.ts', { status: 'deleted' }),
        ],
        layout,
        roleOf,
        exists,
      );
      assert.deepEqual(missing, [
        { path: 'app/models/invoice.rb', expected: ['spec/models/invoice_spec.rb', 'test/models/invoice_test.rb'], existing: ['spec/models/invoice_spec.rb'] },
        { path: 'src/core/x.ts', expected: testCandidates('src/core/x.ts'), existing: ['src/core/x.test.ts'] },
      ]);
    });

    it('finds tests where the repository keeps them: test/unit, test/functional, spec/javascripts, spec/requests', () => {
      const layout = new TestLayout([
        'test/unit/helpers/errors_helper_test.rb',
        'test/functional/root_controller_test.rb',
        'spec/javascripts/popup_spec.js',
        'spec/requests/users_spec.rb',
        'spec/support/errors_helper.rb',
        'test/unit/app/models/user_test.rb',
        'test/mailers/user_test.rb',
      ]);
      assert.deepEqual(layout.testsOf('app/helpers/errors_helper.rb'), ['test/unit/helpers/errors_helper_test.rb'], 'a support file is no test');
      assert.deepEqual(layout.testsOf('app/controllers/root_controller.rb'), ['test/functional/root_controller_test.rb']);
      assert.deepEqual(layout.testsOf('app/assets/javascripts/popup.js'), ['spec/javascripts/popup_spec.js']);
      assert.deepEqual(layout.testsOf('app/controllers/users_controller.rb'), ['spec/requests/users_spec.rb'], 'a controller by its resource in a request suite');
      assert.deepEqual(layout.testsOf('app/models/user.rb'), ['test/unit/app/models/user_test.rb'], 'the closest folders win over a mailer test of the same name');
      const missing = sourcesWithoutTests([code('app/helpers/errors_helper.rb'), code('test/unit/helpers/errors_helper_test.rb')], layout, roleOf, exists);
      assert.deepEqual(missing, [], 'its test changed');
    });

    it('does not guess between tests that share a name, nor across the packages of a monorepo', () => {
      const layout = new TestLayout([
        'admin/spec/components/solidus_admin/ui/badge/component_spec.rb',
        'admin/spec/components/solidus_admin/ui/thumbnail/component_spec.rb',
        'core/spec/lib/spree/core/engine_spec.rb',
      ]);
      assert.deepEqual(layout.testsOf('admin/app/components/solidus_admin/ui/thumbnail/component.rb'), ['admin/spec/components/solidus_admin/ui/thumbnail/component_spec.rb']);
      assert.deepEqual(layout.testsOf('admin/app/components/solidus_admin/ui/caption/component.rb'), [], 'no component_spec.rb mirrors its folder');
      assert.deepEqual(layout.testsOf('legacy_promotions/lib/solidus_legacy_promotions/engine.rb'), [], 'another package’s engine_spec.rb is not its test');
      const withPromotions = new TestLayout(['admin/spec/components/solidus_admin/ui/badge/component_spec.rb', 'admin/spec/components/solidus_admin/ui/thumbnail/component_spec.rb', 'promotions/spec/components/ui/thumbnail/component_spec.rb']);
      assert.deepEqual(withPromotions.testsOf('promotions/lib/components/admin/orders/source/component.rb'), [], 'the only component_spec.rb of its package, but a name many tests share');
    });

    it('learns tests from history: a test changed together with the source counts as its test', () => {
      const layout = new TestLayout(['spec/features/checkout_flow_spec.rb'], undefined, (source) => (source === 'app/services/checkout.rb' ? ['spec/features/checkout_flow_spec.rb'] : []));
      assert.deepEqual(layout.testsOf('app/services/checkout.rb'), ['spec/features/checkout_flow_spec.rb']);
      assert.deepEqual(sourcesWithoutTests([code('app/services/checkout.rb'), code('spec/features/checkout_flow_spec.rb')], layout, roleOf, exists), []);
    });

    it('asks no test of what has no behaviour or no new code', () => {
      const layout = new TestLayout([]);
      const files = [
        code('Gemfile'),
        code('package.json'),
        code('CHANGELOG.md'),
        code('doc/INSTALL'),
        code('bin/setup'),
        code('script/deploy.sh'),
        code('app/assets/stylesheets/site.scss'),
        code('app/views/users/show.html.erb'),
        code('config/initializers/rack_attack.rb'),
        code('db/migrate/20240101_add_x.rb', { status: 'added' }),
        changed('app/models/renamed.rb', { status: 'renamed', oldPath: 'app/models/old.rb', added: 0 }),
        changed('app/models/only_removed.rb', { added: 0, removed: 4, removedLines: ['debug(x)'] }),
        code('app/models/commented.rb', { addedLines: ['  # explain why', '', '  # more'] }),
        code('app/models/gone.rb', { status: 'deleted' }),
      ];
      assert.deepEqual(sourcesWithoutTests(files, layout, roleOf, exists), []);
      assert.equal(needsTestChange(code('app/models/invoice.rb'), 'source'), true);
      assert.equal(needsTestChange(code('app/models/invoice.rb'), 'generated'), false);
    });
  });

  describe('CODEOWNERS', () => {
    const owners = parseCodeOwners(
      [
        '# comment',
        '*                       @everyone',
        '*.rb                    @rubyists # trailing comment',
        '/app/models/            @models',
        '/app/models/invoice.rb  @alice @payments-team',
        'docs/*                  @docs',
        'apps/                   @apps-anywhere',
        '/app/models/legacy.rb',
      ].join('\n'),
      '.github/CODEOWNERS',
    );

    it('lets the last matching pattern win', () => {
      assert.deepEqual(owners.ownersOf('README.md'), ['@everyone']);
      assert.deepEqual(owners.ownersOf('lib/x.rb'), ['@rubyists']);
      assert.deepEqual(owners.ownersOf('app/models/line_item.rb'), ['@models']);
      assert.deepEqual(owners.ownersOf('app/models/invoice.rb'), ['@alice', '@payments-team']);
      assert.deepEqual(owners.ownersOf('app/models/legacy.rb'), [], 'a pattern without owners removes them');
    });

    it('anchors patterns with a slash, matches names at any depth, and docs/* only one level deep', () => {
      assert.deepEqual(owners.ownersOf('docs/guide.md'), ['@docs']);
      assert.deepEqual(owners.ownersOf('docs/deep/guide.md'), ['@everyone']);
      assert.deepEqual(owners.ownersOf('services/apps/x.txt'), ['@apps-anywhere']);
      assert.deepEqual(codeOwnersGlobs('/db/'), ['db/**']);
      assert.deepEqual(codeOwnersGlobs('Makefile'), ['**/Makefile', '**/Makefile/**']);
    });

    it('reads a CODEOWNERS as large as GitHub accepts (up to 3 MB), past the limit for team files', async () => {
      const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-codeowners-')));
      try {
        fs.mkdirSync(path.join(root, '.github'));
        const padding = '# generated ownership map\n'.repeat(70_000); // about 1.8 MB
        fs.writeFileSync(path.join(root, '.github', 'CODEOWNERS'), `${padding}*  @real-owner\n`);
        assert.deepEqual((await readCodeOwners(root))?.ownersOf('a.rb'), ['@real-owner']);
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    });
  });
});

import * as assert from 'node:assert/strict';
import picomatch from 'picomatch';
import { globMatcher } from '../../../src/core/globs';

describe('globMatcher', () => {
  const globs = [
    'db/schema.rb', 'config/locales/**', '**/*.lock', 'package-lock.json', 'vendor/**', '**/*.min.js',
    'apps/*/legacy/**', './lib/*.rb', '{app,lib}/billing.rb', '**/foo/bar.rb', 'app/models/*_{invoice,payment}.rb',
    'app/**/*.+(rb|erb)', 'spec/[a-c]*.rb', 'src/?.ts', '**/.env', 'docs/', '**', 'a\\*b', '!vendor/**', 'config/*.yml',
  ];
  const paths = [
    'db/schema.rb', 'db/schema.rb.bak', 'config/locales', 'config/locales/ja.yml', 'config/locales/.hidden/x.yml',
    'Gemfile.lock', 'apps/web/yarn.lock', 'lockfile', 'package-lock.json', 'apps/x/package-lock.json', 'vendor',
    'vendor/rails/a.rb', 'public/app.min.js', 'min.js', 'apps/billing/legacy/invoice.rb', 'apps/billing/new/invoice.rb',
    'lib/a.rb', 'lib/sub/a.rb', 'app/billing.rb', 'lib/billing.rb', 'foo/bar.rb', 'x/y/foo/bar.rb', 'x/foo/bar.rbx',
    'app/models/old_invoice.rb', 'app/models/old_payment.rb', 'app/models/old_refund.rb', 'app/views/a.erb', 'app/a.rb',
    'spec/apple.rb', 'spec/delta.rb', 'src/a.ts', 'src/ab.ts', '.env', 'deploy/.env', 'docs/readme.md', 'docs',
    'a*b', 'ab', 'config/app.yml', 'config/sub/app.yml', 'ünïcode/päth with space.rb',
  ];

  it('matches exactly what picomatch matches, glob by glob and for the whole list', () => {
    for (const glob of globs) {
      const expected = picomatch.makeRe(glob, { dot: true });
      const matches = globMatcher([glob]);
      for (const path of paths) assert.equal(matches(path), expected.test(path), `${glob} on ${path}`);
    }
    const all = globMatcher(globs);
    const expectedAll = globs.map((glob) => picomatch.makeRe(glob, { dot: true }));
    for (const path of paths) assert.equal(all(path), expectedAll.some((re) => re.test(path)), path);
  });

  it('matches the path a glob spells, though picomatch reads its parentheses as a group (a Next.js route group)', () => {
    assert.equal(picomatch.makeRe('app/(marketing)/page.tsx', { dot: true }).test('app/(marketing)/page.tsx'), false, 'picomatch alone misses it');
    assert.equal(globMatcher(['app/(marketing)/page.tsx'])('app/(marketing)/page.tsx'), true);
    assert.equal(globMatcher(['app/(marketing)/page.tsx'])('app/marketing/page.tsx'), true, 'and what picomatch matches');
  });

  it('matches nothing for an empty list', () => {
    assert.equal(globMatcher([])('a.rb'), false);
  });
});

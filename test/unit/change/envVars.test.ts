import * as assert from 'node:assert/strict';
import type { ChangedFile } from '../../../src/core/change/change';
import { newEnvVarsOfChange, reallyNewEnvVars } from '../../../src/core/change/envVars';
import { detectChangeKinds } from '../../../src/core/change/kinds';
import { namesMentionedAt } from '../../../src/core/git/grep';
import { TestRepo } from '../../helpers/testRepo';
import { changedFile } from '../../helpers/changedFile';

const changed = (path: string, addedLines: string[], removedLines: string[] = [], at = 1): ChangedFile => changedFile(path, addedLines, removedLines, at);

describe('environment variables only when really new', () => {
  it('code moved between files reads no new variable; a variable read for the first time is new, with its line', () => {
    const files = [
      changed('app/services/payments/stripe_client.rb', ['  KEY = ENV.fetch("STRIPE_KEY")', '  HOOK = ENV["STRIPE_WEBHOOK_SECRET"]'], [], 3),
      changed('app/models/payment.rb', [], ['  KEY = ENV.fetch("STRIPE_KEY")'], 10),
      changed('src/server.ts', ['const port = process.env.PORT ?? 3000;'], [], 7),
    ];
    assert.deepEqual(newEnvVarsOfChange(files), [
      { name: 'PORT', file: 'src/server.ts', line: 7 },
      { name: 'STRIPE_WEBHOOK_SECRET', file: 'app/services/payments/stripe_client.rb', line: 4 },
    ]);
  });

  it('the change kinds no longer report moved code as new environment variables', () => {
    const kinds = detectChangeKinds([changed('app/services/pricing.rb', ["  rate = ENV['EXCHANGE_RATE_URL']"]), changed('app/models/invoice.rb', [], ["  rate = ENV['EXCHANGE_RATE_URL']"])]);
    assert.equal(kinds.find((k) => k.kind === 'env'), undefined);
    const fresh = detectChangeKinds([changed('app/services/pricing.rb', ["  rate = ENV['EXCHANGE_RATE_URL']"]), changed('app/models/invoice.rb', [], ["  rate = ENV['OTHER']"])]);
    assert.deepEqual(fresh.find((k) => k.kind === 'env')?.details, ['EXCHANGE_RATE_URL']);
  });

  it('asks the predicate only about candidates and drops what the repository already reads', async () => {
    const asked: string[][] = [];
    const result = await reallyNewEnvVars([changed('config/app.rb', ['x = ENV["REDIS_URL"]', 'y = ENV["BRAND_NEW"]'])], async (names) => {
      asked.push([...names]);
      return new Set(['REDIS_URL']);
    });
    assert.deepEqual(asked, [['BRAND_NEW', 'REDIS_URL']]);
    assert.deepEqual(result, [{ name: 'BRAND_NEW', file: 'config/app.rb', line: 2 }]);
    assert.deepEqual(await reallyNewEnvVars([changed('a.rb', ['x = 1'])], async () => assert.fail('not asked without candidates')), []);
  });

  describe('git grep at the base (real repository)', () => {
    let repo: TestRepo;
    let base: string;
    before(() => {
      repo = TestRepo.create();
      base = repo.commit({
        message: 'base',
        date: '2024-01-02T10:00:00Z',
        files: {
          'config/initializers/redis.rb': 'Redis.new(url: ENV.fetch("REDIS_URL"))\n',
          '.env.example': 'SENTRY_DSN=\n',
          'docs/flags.md': 'The -e flag and FEATURE_SEARCH_V2 toggle.\n',
          'logo.png': Buffer.from([0, 1, 2, 0x52, 0x45, 0x44, 0x49, 0x53]).toString('binary') + 'NEW_ONLY_IN_BINARY\0',
        },
      });
      repo.commit({ message: 'later', date: '2024-01-03T10:00:00Z', files: { 'config/later.rb': 'ENV["ADDED_LATER"]\n' } });
    });
    after(() => repo.dispose());

    it('finds which names the base mentions as whole words, with one git process, not the work tree or later commits', async () => {
      repo.write('untracked.rb', 'ENV["IN_WORK_TREE"]\n');
      const found = await namesMentionedAt(repo.root, base, ['REDIS_URL', 'REDIS', 'SENTRY_DSN', 'FEATURE_SEARCH', 'ADDED_LATER', 'IN_WORK_TREE', 'NEW_ONLY_IN_BINARY', '-e', 'BRAND_NEW']);
      assert.deepEqual([...found].sort(), ['-e', 'REDIS_URL', 'SENTRY_DSN']);
    });

    it('backs reallyNewEnvVars', async () => {
      const result = await reallyNewEnvVars([changed('app/x.rb', ['a = ENV["REDIS_URL"]', 'b = ENV["ADDED_LATER"]'])], (names) => namesMentionedAt(repo.root, base, names));
      assert.deepEqual(result.map((r) => r.name), ['ADDED_LATER']);
    });

    it('nothing found is an empty set; a bad revision is an error, an option-like revision is refused', async () => {
      assert.deepEqual([...(await namesMentionedAt(repo.root, base, ['NOWHERE_AT_ALL']))], []);
      assert.deepEqual([...(await namesMentionedAt(repo.root, base, []))], []);
      await assert.rejects(namesMentionedAt(repo.root, 'no-such-branch', ['X']), /git grep/);
      await assert.rejects(namesMentionedAt(repo.root, '--output=/tmp/x', ['X']), /not a revision/);
    });

    it('stops early once every name is found, even with many matches', async () => {
      repo.commit({ message: 'many', date: '2024-01-04T10:00:00Z', files: { 'big.txt': 'HOT\n'.repeat(200_000) } });
      const found = await namesMentionedAt(repo.root, 'HEAD', ['HOT']);
      assert.deepEqual([...found], ['HOT']);
    });
  });
});

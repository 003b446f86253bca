import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { runChangeRisk } from '../../helpers/cli';
import { bob, TestRepo } from '../../helpers/testRepo';

/** Migrations by what they do, flags by library, environment variables only when really new — in the draft. */
describe('impact: migrations, feature flags and environment variables as a reviewer needs them', function () {
  this.timeout(60_000);
  let repo: TestRepo;

  before(() => {
    repo = TestRepo.create();
    repo.commit({
      message: 'App',
      date: '2024-01-01T10:00:00Z',
      author: bob,
      files: {
        'config/features.rb': 'Flipflop.configure do\n  feature :new_checkout, default: false, description: "New checkout"\nend\n',
        'config/initializers/mail.rb': 'SMTP_HOST = ENV.fetch("SMTP_HOST")\n',
        'app/models/user.rb': 'class User < ApplicationRecord; end\n',
      },
    });
    repo.git('checkout', '-q', '-b', 'cleanup');
    repo.commit({
      message: 'Drop the legacy MFA seed',
      date: '2024-02-01T10:00:00Z',
      author: bob,
      files: {
        'db/migrate/20240201000000_remove_mfa_seed_from_users.rb': 'class RemoveMfaSeedFromUsers < ActiveRecord::Migration[7.1]\n  def change\n    remove_column :users, :mfa_seed, :string\n  end\nend\n',
        'config/features.rb': 'Flipflop.configure do\n  feature :new_checkout, default: true, description: "New checkout"\nend\n',
        'app/mailers/user_mailer.rb': 'class UserMailer\n  HOST = ENV.fetch("SMTP_HOST")\n  FROM = ENV.fetch("MAIL_FROM")\nend\n',
      },
    });
  });
  after(() => {
    repo.dispose();
    fs.rmSync(`${repo.root}-cache`, { recursive: true, force: true });
  });

  it('calls out the destructive operation with its deploy order, the flag switched on, and only the truly new variable', () => {
    const run = runChangeRisk(repo.root, 'impact', '--base', 'main', '--format', 'json', '--now', '2024-02-02');
    assert.equal(run.status, 0, run.stderr);
    const impact = JSON.parse(run.stdout);
    const [migration] = impact.migrations;
    assert.equal(migration.path, 'db/migrate/20240201000000_remove_mfa_seed_from_users.rb');
    assert.equal(migration.deployOrder, 'code-first');
    assert.deepEqual(impact.featureFlags.map((f: { library: string; flag: string; change: string; from?: string; to?: string }) => [f.library, f.flag, f.change, f.from, f.to]), [['flipflop', 'new_checkout', 'default-switched', 'false', 'true']]);
    assert.deepEqual(impact.kinds.find((k: { kind: string }) => k.kind === 'env').details, ['MAIL_FROM'], 'SMTP_HOST was read at the base already');
    assert.ok(!impact.kinds.some((k: { kind: string; files: string[] }) => k.kind === 'config' && k.files.includes('config/features.rb')), 'a flag file is no configuration');
    const markdown: string = impact.markdown;
    assert.match(markdown, /^- \*\*Database migration\*\* `db\/migrate\/20240201000000_remove_mfa_seed_from_users\.rb`: ⚠️ `remove_column users\.mfa_seed` — deploy the code first; a rollback does not bring the data back$/m);
    assert.match(markdown, /^ {2}- ✍️ Deploy order: code first\./m);
    assert.match(markdown, /^- \*\*Feature flags\*\*: `new_checkout` default false → true \(Flipflop\)$/m);
    assert.match(markdown, /^- \*\*New environment variables\*\*: `MAIL_FROM` /m);
    assert.match(markdown, /#### Rollout and rollback/);
  });

  it('says it in Japanese too', () => {
    const run = runChangeRisk(repo.root, 'impact', '--base', 'main', '--lang', 'ja', '--no-template', '--now', '2024-02-02');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^- \*\*DB マイグレーション\*\* `db\/migrate\/20240201000000_remove_mfa_seed_from_users\.rb`：⚠️ `remove_column users\.mfa_seed` — 先にコードをデプロイ。ロールバックしてもデータは戻らない$/m);
    assert.match(run.stdout, /^- \*\*フィーチャーフラグ\*\*：`new_checkout` 既定値 false → true（Flipflop）$/m);
    assert.doesNotMatch(run.stdout, /Deploy order/);
  });
});

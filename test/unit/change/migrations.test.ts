import * as assert from 'node:assert/strict';
import type { ChangedFile } from '../../../src/core/change/change';
import { analyseMigration, analyseMigrationText, migrationKind, type MigrationSummary } from '../../../src/core/change/migrations';
import { changedFile } from '../../helpers/changedFile';

/** A new migration, class and method wrapped like Rails generates them. */
function rails(body: string, method = 'change'): string {
  const indented = body.split('\n').map((line) => (line ? `    ${line}` : line)).join('\n');
  // The body starts on line 6.
  return `# frozen_string_literal: true\n\nclass M < ActiveRecord::Migration[7.1]\n\n  def ${method}\n${indented}\n  end\nend\n`;
}

function analyse(text: string, path = 'db/migrate/20240101000000_m.rb'): MigrationSummary {
  const summary = analyseMigrationText(path, text);
  assert.ok(summary, 'a migration is recognised');
  return summary;
}

/** `operation table.column severity [detail] @line`, the operations in line order. */
function ops(summary: MigrationSummary): string[] {
  return summary.operations.map((op) => [op.operation, [op.table, op.column].filter(Boolean).join('.'), op.severity, op.detail ? `[${op.detail}]` : '', `@${op.line}`].filter(Boolean).join(' '));
}

/** Hunks at the given starts on both sides, empty ones too (the migrations' line numbers are read from them). */
const modified = (path: string, addedLines: string[], removedLines: string[], newStart = 5, oldStart = 5): ChangedFile =>
  changedFile(path, addedLines, removedLines, newStart, { oldHunks: [{ start: oldStart, count: removedLines.length }], newHunks: [{ start: newStart, count: addedLines.length }] });

describe('migrations by what they do', () => {
  it('recognises Rails migrations, SQL migrations and schema dumps by path', () => {
    assert.equal(migrationKind('db/migrate/20240101_add_x.rb'), 'rails');
    assert.equal(migrationKind('engines/billing/db/migrate/1_x.rb'), 'rails');
    assert.equal(migrationKind('db/schema.rb'), 'schema');
    assert.equal(migrationKind('db/structure.sql'), 'schema');
    assert.equal(migrationKind('migrations/0003_drop.sql'), 'sql');
    assert.equal(migrationKind('app/models/user.rb'), undefined);
  });

  describe('destructive operations', () => {
    it('remove_column with a type: destructive, code first with ignored_columns, down loses the data', () => {
      const summary = analyse(rails('remove_column :users, :legacy_token, :string'));
      assert.deepEqual(ops(summary), ['remove_column users.legacy_token destructive @6']);
      assert.equal(summary.severity, 'destructive');
      assert.equal(summary.deployOrder, 'code-first');
      assert.equal(summary.rollback, 'data-loss');
      assert.match(summary.prompts[0]!, /ignored_columns/);
      assert.match(summary.prompts[0]!, /users\.legacy_token/);
    });

    it('remove_column in parentheses inside safety_assured (rubygems.org shape)', () => {
      const summary = analyse(rails('safety_assured do\n  remove_column(:organization_onboardings, :name_type, :string)\nend'));
      assert.deepEqual(ops(summary), ['safety_assured info @6', 'remove_column organization_onboardings.name_type destructive @7']);
      assert.ok(summary.prompts.some((p) => p.includes('safety_assured')));
    });

    it('safety_assured { … } on one line still reports what it wraps', () => {
      assert.deepEqual(ops(analyse(rails('safety_assured { remove_column :users, :x, :integer }'))), ['safety_assured info @6', 'remove_column users.x destructive @6']);
    });

    it('remove_column without a type in change is also irreversible', () => {
      const summary = analyse(rails('remove_column :users, :legacy_token'));
      assert.deepEqual(ops(summary), ['remove_column users.legacy_token destructive @6', 'irreversible users risky [remove_column without a type in change] @6']);
      assert.equal(summary.rollback, 'irreversible');
    });

    it('remove_columns lists each column; type: keeps it reversible', () => {
      const summary = analyse(rails('remove_columns :orders, :a, :b, type: :string'));
      assert.deepEqual(ops(summary), ['remove_column orders.a destructive @6', 'remove_column orders.b destructive @6']);
      assert.equal(summary.rollback, 'data-loss');
    });

    it('drop_table, drop_join_table, remove_reference, remove_belongs_to, remove_timestamps, remove_index', () => {
      const summary = analyse(
        rails(
          'drop_table :widgets do |t|\n  t.string :name\nend\ndrop_join_table :users, :roles\nremove_reference :posts, :author, index: true\nremove_belongs_to :posts, :editor\nremove_timestamps :tags\nremove_index :posts, :slug',
        ),
      );
      assert.deepEqual(ops(summary), [
        'drop_table widgets destructive @6',
        'drop_join_table users, roles destructive [join table] @9',
        'remove_reference posts.author destructive @10',
        'remove_reference posts.editor destructive @11',
        'remove_timestamps tags destructive @12',
        'remove_index posts.slug destructive @13',
      ]);
      assert.equal(summary.deployOrder, 'code-first');
    });

    it('drop_table without its block in change is irreversible', () => {
      assert.deepEqual(ops(analyse(rails('drop_table :widgets'))), ['drop_table widgets destructive @6', 'irreversible widgets risky [drop_table without its columns in change] @6']);
    });

    it('rename_column and rename_table: no single deploy order is safe', () => {
      const summary = analyse(rails('rename_column :users, :login, :username\nrename_table :posts, :articles'));
      assert.deepEqual(ops(summary), ['rename_column users.login destructive [login → username] @6', 'rename_table posts destructive [posts → articles] @7']);
      assert.equal(summary.deployOrder, 'multi-step');
      assert.match(summary.prompts.join('\n'), /rename/);
    });

    it('change_table with t.remove, t.rename, t.remove_references (rubygems.org shape)', () => {
      const summary = analyse(
        rails('safety_assured do\n  change_table :versions, bulk: true do |t|\n    t.remove :info_checksum, type: :string\n    t.rename :sha, :checksum\n    t.remove_references :owner\n  end\nend'),
      );
      assert.deepEqual(ops(summary), [
        'safety_assured info @6',
        'remove_column versions.info_checksum destructive @8',
        'rename_column versions.sha destructive [sha → checksum] @9',
        'remove_reference versions.owner destructive @10',
      ]);
    });

    it('does not report what `down` undoes, nor t.remove inside create_table', () => {
      const text = `class M < ActiveRecord::Migration[7.1]\n  def up\n    add_column :users, :age, :integer\n  end\n\n  def down\n    remove_column :users, :age\n    drop_table :things\n  end\nend\n`;
      const summary = analyse(text);
      assert.deepEqual(ops(summary), ['add_column users.age info @3']);
      assert.equal(summary.rollback, 'reversible');
      assert.equal(summary.deployOrder, 'migration-first');
    });

    it('does not report remove_index in reversible dir.down', () => {
      const summary = analyse(rails('reversible do |dir|\n  dir.up do\n    add_index :users, :email, unique: true\n  end\n  dir.down do\n    remove_index :users, :email\n  end\nend'));
      assert.deepEqual(ops(summary), ['add_unique_index users.email risky [unique, without algorithm: :concurrently] @8']);
    });
  });

  describe('column changes', () => {
    it('change_column (irreversible in change), change_column_null false, change_column_default from/to (osm shape)', () => {
      const summary = analyse(
        rails('change_column :invoices, :amount, :decimal, precision: 12\nchange_column_null :moderation_zones, :ends_at, false\nchange_column_default :gpx_files, :visibility, :from => "public", :to => "trackable"'),
      );
      assert.deepEqual(ops(summary), [
        'change_column invoices.amount risky [type :decimal] @6',
        'irreversible invoices risky [change_column in change] @6',
        'change_column_null moderation_zones.ends_at risky [NOT NULL] @7',
        'change_column_default gpx_files.visibility info ["public" → "trackable"] @8',
      ]);
      assert.equal(summary.deployOrder, 'multi-step');
    });

    it('change_column_null true is informational; change_column_default without from/to in change is irreversible', () => {
      assert.deepEqual(ops(analyse(rails('change_column_null :users, :name, true\nchange_column_default :users, :role, "member"'))), [
        'change_column_null users.name info [NULL allowed] @6',
        'change_column_default users.role info ["member"] @7',
        'irreversible users risky [change_column_default without from:/to: in change] @7',
      ]);
    });

    it('a NOT NULL column without a default on an existing table, but not on a table created here', () => {
      const summary = analyse(
        rails('create_table :tags do |t|\n  t.string :name, null: false\nend\nadd_column :tags, :slug, :string, null: false\nadd_column :users, :plan, :string, null: false\nadd_column :users, :tier, :string, null: false, default: "free"\nchange_table :orders do |t|\n  t.integer :total, null: false\nend'),
      );
      assert.deepEqual(ops(summary), [
        'create_table tags info @6',
        'add_column tags.slug info @9',
        'add_not_null_column users.plan risky [null: false without a default] @10',
        'add_column users.tier info @11',
        'add_not_null_column orders.total risky [null: false without a default] @13',
      ]);
      assert.equal(summary.deployOrder, 'multi-step');
    });
  });

  describe('indexes and foreign keys', () => {
    it('unique indexes over several lines, with concurrently and disable_ddl_transaction! (rubygems.org shape)', () => {
      const text = `class M < ActiveRecord::Migration[8.1]\n  disable_ddl_transaction!\n\n  def up\n    add_index :versions,\n      %i[rubygem_id number platform],\n      unique: true,\n      algorithm: :concurrently\n  end\n\n  def down\n    remove_index :versions, name: "x", algorithm: :concurrently\n  end\nend\n`;
      const summary = analyse(text);
      assert.deepEqual(ops(summary), ['disable_ddl_transaction info @2', 'add_unique_index versions.rubygem_id, number, platform risky [unique, algorithm: :concurrently] @5']);
      assert.match(summary.prompts.join('\n'), /duplicates/);
      assert.equal(summary.rollback, 'reversible');
    });

    it('hash-rocket options and a plain index without concurrently (osm shape); concurrently without disable_ddl_transaction!', () => {
      assert.deepEqual(ops(analyse(rails('add_index :notes, [:user_id, :created_at], :unique => true'))), ['add_unique_index notes.user_id, created_at risky [unique, without algorithm: :concurrently] @6']);
      const plain = analyse(rails('add_index :gpx_files, [:user_id, :id]'));
      assert.deepEqual(ops(plain), ['add_index gpx_files.user_id, id info [without algorithm: :concurrently] @6']);
      assert.match(plain.prompts.join('\n'), /Locking/);
      const concurrent = analyse(rails('add_index :gpx_files, :user_id, algorithm: :concurrently'));
      assert.deepEqual(ops(concurrent), [
        'add_index gpx_files.user_id info [algorithm: :concurrently] @6',
        'concurrently_in_transaction gpx_files risky [algorithm: :concurrently without disable_ddl_transaction!] @6',
      ]);
    });

    it('t.index unique in create_table is about a new table: informational', () => {
      assert.deepEqual(ops(analyse(rails('create_table :slugs do |t|\n  t.string :value\n  t.index :value, unique: true\nend'))), ['create_table slugs info @6', 'add_unique_index slugs.value info [unique, new table] @8']);
    });

    it('foreign keys: add_foreign_key (validated or not), add_reference foreign_key: true', () => {
      assert.deepEqual(ops(analyse(rails('add_foreign_key :posts, :users\nadd_foreign_key :comments, :posts, validate: false\nadd_reference :orders, :store, foreign_key: true'))), [
        'add_foreign_key posts risky [→ users] @6',
        'add_foreign_key comments info [→ posts, validate: false] @7',
        'add_reference orders.store info @8',
        'add_foreign_key orders.store risky [foreign_key: true] @8',
      ]);
    });
  });

  describe('data and reversibility', () => {
    it('backfills: update_all, find_each, in_batches, execute UPDATE/DELETE/INSERT; models used in a migration', () => {
      const summary = analyse(
        rails(
          'User.where(role: nil).update_all(role: "member")\nOrder.find_each { |o| o.touch }\nPost.in_batches.delete_all\nexecute "DELETE FROM sessions WHERE updated_at < now()"\nexecute("INSERT INTO plans (name) VALUES (\'free\')")',
          'up',
        ),
      );
      assert.deepEqual(ops(summary), [
        'backfill risky [update_all] @6',
        'model_in_migration info [User] @6',
        'backfill risky [find_each] @7',
        'model_in_migration info [Order] @7',
        'backfill risky [in_batches] @8',
        'model_in_migration info [Post] @8',
        'backfill sessions risky [DELETE] @9',
        'backfill plans risky [INSERT] @10',
        'irreversible risky [def up without def down] @5',
      ].sort((a, b) => Number(a.split('@')[1]) - Number(b.split('@')[1])));
      assert.equal(summary.rollback, 'irreversible');
      assert.match(summary.prompts.join('\n'), /Long-running/);
      assert.match(summary.prompts.join('\n'), /application models \(User, Order, Post\)/);
    });

    it('execute with a SQL heredoc inside safety_assured (osm shape): UPDATE is a backfill; DROP in SQL is destructive', () => {
      const text = `class M < ActiveRecord::Migration[8.1]\n  def up\n    safety_assured do\n      execute <<~SQL.squish\n        UPDATE moderation_zones\n        SET ends_at = NOW()\n      SQL\n      execute "ALTER TABLE users DROP COLUMN legacy"\n    end\n  end\n\n  def down\n    execute "DROP TABLE nothing"\n  end\nend\n`;
      assert.deepEqual(ops(analyse(text)), ['safety_assured info @3', 'backfill moderation_zones risky [UPDATE] @5', 'remove_column users.legacy destructive @8']);
    });

    it('irreversible: raise ActiveRecord::IrreversibleMigration; execute in change (not in reversible)', () => {
      const text = `class M < ActiveRecord::Migration[7.1]\n  def change\n    execute "CREATE EXTENSION citext"\n    reversible do |dir|\n      dir.up { execute "SELECT 1" }\n    end\n  end\nend\n`;
      assert.deepEqual(ops(analyse(text)), ['irreversible risky [execute in change] @3']);
      const raising = `class M < ActiveRecord::Migration[7.1]\n  def up\n    drop_table :logs\n  end\n\n  def down\n    raise ActiveRecord::IrreversibleMigration\n  end\nend\n`;
      const summary = analyse(raising);
      assert.deepEqual(ops(summary), ['drop_table logs destructive @3']);
      assert.equal(summary.rollback, 'data-loss', 'raise in down is skipped with down; the drop itself loses data');
    });

    it('raise ActiveRecord::IrreversibleMigration in up and def up without def down', () => {
      const summary = analyse(rails('raise ActiveRecord::IrreversibleMigration', 'up'));
      assert.deepEqual(ops(summary), ['irreversible risky [raises IrreversibleMigration] @6']);
      assert.equal(summary.rollback, 'irreversible');
      assert.match(summary.prompts.join('\n'), /Rollback: not possible/);
    });

    it('an additive migration is migration-first and reversible, with nothing risky', () => {
      const summary = analyse(rails('create_table :moderation_zones do |t|\n  t.string :name, :null => false\n  t.references :user, foreign_key: true\n  t.timestamps\nend\nadd_index :moderation_zones, :name, unique: true'));
      assert.deepEqual(ops(summary), ['create_table moderation_zones info @6', 'add_unique_index moderation_zones.name info [unique, new table] @11']);
      assert.equal(summary.deployOrder, 'migration-first');
      assert.equal(summary.rollback, 'reversible');
      assert.equal(summary.severity, 'info');
    });

    it('ignores comments and strings in heredocs that are not SQL', () => {
      assert.deepEqual(ops(analyse(rails('# remove_column :users, :x\nsay <<~TEXT\n  drop_table :users\nTEXT\nadd_column :users, :y, :string'))), ['add_column users.y info @10']);
    });
  });

  describe('diffs of existing files', () => {
    it('an edited migration: numbers added lines by hunk and asks about environments that ran it', () => {
      const summary = analyseMigration(modified('db/migrate/1_x.rb', ['    remove_column :users, :x, :string'], ['    add_column :users, :x, :string'], 7, 7))!;
      assert.deepEqual(ops(summary), ['remove_column users.x destructive @7', 'edited_migration info [an existing migration changed] @7']);
      assert.match(summary.prompts.join('\n'), /already ran it/);
      assert.ok(!ops(summary).some((op) => op.startsWith('irreversible')), 'a partial file does not show a missing down');
    });

    it('a lint fix of an old migration (re-quoted, hash rockets) reports no operation again and asks nothing', () => {
      const summary = analyseMigration(
        modified('db/migrate/021_move_to_innodb.rb', ["    remove_column :users, :legacy, :string", "    User.update_all(:visible => true)"], ['    remove_column "users", "legacy", :string', '    User.update_all("visible" => true)'], 17, 17),
      )!;
      assert.deepEqual(ops(summary), ['edited_migration info [an existing migration changed] @17']);
      assert.deepEqual(summary.prompts, []);
      assert.equal(summary.severity, 'info');
    });

    it('a plain SQL migration file; goose Down sections are skipped', () => {
      const text = '-- +goose Up\nALTER TABLE users DROP COLUMN legacy;\nCREATE UNIQUE INDEX CONCURRENTLY idx ON public.users (email);\nALTER TABLE orders RENAME COLUMN total TO amount;\nALTER TABLE orders ALTER COLUMN note SET NOT NULL;\nUPDATE orders SET note = \'\';\n-- +goose Down\nDROP TABLE users;\n';
      const summary = analyse(text, 'migrations/0004_users.sql');
      assert.equal(summary.kind, 'sql');
      assert.deepEqual(ops(summary), [
        'remove_column users.legacy destructive @2',
        'add_unique_index users risky [CONCURRENTLY] @3',
        'rename_column orders.total destructive [total → amount] @4',
        'change_column_null orders.note risky [SET NOT NULL] @5',
        'backfill orders risky [UPDATE] @6',
      ]);
    });

    it('db/schema.rb: a removed table and a removed column, named from the new text; a re-added column is kept', () => {
      const newText = 'ActiveRecord::Schema[7.1].define(version: 2) do\n  create_table "users", force: :cascade do |t|\n    t.string "email"\n    t.integer "age"\n  end\nend\n';
      const file = {
        ...modified('db/schema.rb', ['    t.integer "age"'], ['    t.string "legacy_token"', '    t.string "age"'], 4, 4),
        oldHunks: [{ start: 4, count: 2 }],
        newText,
      };
      const summary = analyseMigration(file)!;
      assert.deepEqual(ops(summary), ['remove_column users.legacy_token destructive [schema] @4', 'change_column users.age risky [schema: string → integer] @4']);
      const dropped = analyseMigration({
        ...modified('db/schema.rb', [], ['  create_table "widgets", force: :cascade do |t|', '    t.string "name"', '  end', ''], 9, 10),
        newHunks: [{ start: 9, count: 0 }],
        oldHunks: [{ start: 10, count: 4 }],
      })!;
      assert.deepEqual(ops(dropped), ['drop_table widgets destructive [schema] @9']);
      assert.match(dropped.prompts.join('\n'), /schema loses widgets/);
    });

    it('db/structure.sql: a dropped table and a dropped column', () => {
      const newText = 'CREATE TABLE public.users (\n    id bigint NOT NULL,\n    email character varying\n);\n';
      const summary = analyseMigration({
        ...modified('db/structure.sql', [], ['    legacy_token character varying,', 'CREATE TABLE public.widgets (', '    id bigint NOT NULL', ');'], 2, 3),
        oldHunks: [{ start: 3, count: 1 }, { start: 10, count: 3 }],
        newHunks: [{ start: 2, count: 0 }, { start: 8, count: 0 }],
        newText,
      })!;
      assert.deepEqual(ops(summary), ['remove_column users.legacy_token destructive [schema] @2', 'drop_table widgets destructive [schema] @8']);
    });
  });

  it('db/structure.sql: a default or NOT NULL change is not a type change; function bodies and ALTER TABLE clauses are not columns', () => {
    const newText = "CREATE TABLE public.gpx_files (\n    id bigint NOT NULL,\n    visibility public.vis DEFAULT 'trackable'::public.vis NOT NULL,\n    ends_at timestamp without time zone NOT NULL\n);\n\nCREATE FUNCTION public.f() RETURNS trigger\n    AS $$\nBEGIN\n    NEW.x := 1;\nEND;\n$$;\n\nALTER TABLE ONLY public.notes\n    ADD CONSTRAINT notes_fkey FOREIGN KEY (user_id) REFERENCES public.users(id);\n";
    const summary = analyseMigration({
      ...modified('db/structure.sql', ["    visibility public.vis DEFAULT 'trackable'::public.vis NOT NULL,", '    ends_at timestamp without time zone NOT NULL', '    NEW.x := 1;', '    ADD CONSTRAINT notes_fkey FOREIGN KEY (user_id) REFERENCES public.users(id);'], ["    visibility public.vis DEFAULT 'public'::public.vis NOT NULL,", '    ends_at timestamp without time zone', '    NEW.y := 1;', '    ADD CONSTRAINT notes_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) NOT VALID;']),
      oldHunks: [{ start: 3, count: 2 }, { start: 10, count: 1 }, { start: 15, count: 1 }],
      newHunks: [{ start: 3, count: 2 }, { start: 10, count: 1 }, { start: 15, count: 1 }],
      newText,
    })!;
    assert.deepEqual(ops(summary), [
      "change_column_default gpx_files.visibility info [schema: 'public'::public.vis → 'trackable'::public.vis] @3",
      'change_column_null gpx_files.ends_at risky [NOT NULL] @4',
    ]);
  });

  it('stays linear on hostile input (long lines of commas, brackets and quotes)', function () {
    this.timeout(20000);
    const hostile = ['add_index :t, ' + '['.repeat(20000) + ',' + '"'.repeat(20000), 'execute "' + 'ALTER TABLE '.repeat(5000), 'remove_column ' + ':a, '.repeat(20000)].join('\n');
    const summary = analyse(rails(hostile));
    assert.ok(summary.operations.length >= 1);
  });
});

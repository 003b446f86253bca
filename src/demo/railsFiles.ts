import type { Tree } from './demoTree';

/** Text-level edits of the usual Rails files, so the demo history reads like a real app's. */

export const GEMFILE = 'Gemfile';
export const GEMFILE_LOCK = 'Gemfile.lock';
export const SCHEMA = 'db/schema.rb';
export const ROUTES = 'config/routes.rb';

export interface Gem {
  name: string;
  /** The Gemfile constraint, e.g. `~> 5.0`. */
  constraint: string;
  /** The locked version, e.g. `5.0.1`. */
  locked: string;
}

export function initialGemfile(gems: Gem[], testGems: Gem[]): string {
  const line = (g: Gem) => `gem "${g.name}", "${g.constraint}"`;
  return [
    'source "https://rubygems.org"',
    'git_source(:github) { |repo| "https://github.com/#{repo}.git" }',
    '',
    'ruby "2.4.0"',
    '',
    ...gems.map(line),
    '',
    'group :development, :test do',
    ...testGems.map((g) => '  ' + line(g)),
    'end',
    '',
  ].join('\n');
}

export function initialGemfileLock(gems: Gem[]): string {
  const sorted = [...gems].sort((a, b) => a.name.localeCompare(b.name));
  return [
    'GEM',
    '  remote: https://rubygems.org/',
    '  specs:',
    ...sorted.map((g) => `    ${g.name} (${g.locked})`),
    '',
    'PLATFORMS',
    '  ruby',
    '',
    'DEPENDENCIES',
    ...sorted.map((g) => `  ${g.name} (${g.constraint})`),
    '',
    'BUNDLED WITH',
    '   1.14.3',
    '',
  ].join('\n');
}

/** Inserts `line` into the sorted run of lines between `startMarker` and the next blank line. */
function insertSorted(lines: string[], startMarker: string, line: string): void {
  let i = lines.indexOf(startMarker);
  if (i < 0) throw new Error(`missing ${startMarker}`);
  i++;
  while (i < lines.length && lines[i] !== '' && (lines[i] as string).localeCompare(line) < 0) i++;
  lines.splice(i, 0, line);
}

export function addGem(tree: Tree, gem: Gem, group?: 'test'): void {
  const gemfile = tree.lines(GEMFILE);
  const at = group === 'test' ? gemfile.indexOf('end', gemfile.indexOf('group :development, :test do')) : gemfile.indexOf('group :development, :test do') - 1;
  gemfile.splice(at, 0, `${group ? '  ' : ''}gem "${gem.name}", "${gem.constraint}"`);
  tree.setLines(GEMFILE, gemfile);
  const lock = tree.lines(GEMFILE_LOCK);
  insertSorted(lock, '  specs:', `    ${gem.name} (${gem.locked})`);
  insertSorted(lock, 'DEPENDENCIES', `  ${gem.name} (${gem.constraint})`);
  tree.setLines(GEMFILE_LOCK, lock);
}

export function bumpGem(tree: Tree, name: string, constraint: string, locked: string): void {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const gemfile = tree.get(GEMFILE).replace(new RegExp(`^(\\s*gem "${escaped}", )"[^"]*"`, 'm'), `$1"${constraint}"`);
  const lock = tree
    .get(GEMFILE_LOCK)
    .replace(new RegExp(`^    ${escaped} \\([^)]*\\)$`, 'm'), `    ${name} (${locked})`)
    .replace(new RegExp(`^  ${escaped} \\([^)]*\\)$`, 'm'), `  ${name} (${constraint})`);
  if (gemfile === tree.get(GEMFILE) || lock === tree.get(GEMFILE_LOCK)) throw new Error(`bumpGem: ${name} not found`);
  tree.write(GEMFILE, gemfile);
  tree.write(GEMFILE_LOCK, lock);
}

/** The locked version of a gem, if it is locked. */
export function lockedVersion(tree: Tree, name: string): string | undefined {
  const match = new RegExp(`^    ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(([^)]*)\\)$`, 'm').exec(tree.get(GEMFILE_LOCK));
  return match?.[1];
}

export function initialSchema(version: string): string {
  return [
    '# This file is auto-generated from the current state of the database. Instead',
    '# of editing this file, please use the migrations feature of Active Record to',
    '# incrementally modify your database, and then regenerate this schema definition.',
    '',
    `ActiveRecord::Schema.define(version: ${version}) do`,
    '  enable_extension "plpgsql"',
    '',
    'end',
    '',
  ].join('\n');
}

/** `2017-01-09T10:12:00Z` → `20170109101200`. */
export function migrationTimestamp(iso: string): string {
  return iso.replace(/[-:TZ]/g, '').slice(0, 14);
}

function schemaVersion(ts: string): string {
  return `${ts.slice(0, 4)}_${ts.slice(4, 6)}_${ts.slice(6, 8)}_${ts.slice(8)}`;
}

function camel(snake: string): string {
  return snake.replace(/(^|_)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

export type Column = [type: string, name: string, options?: string];

function setSchemaVersion(lines: string[], ts: string): void {
  const i = lines.findIndex((l) => l.startsWith('ActiveRecord::Schema'));
  lines[i] = (lines[i] as string).replace(/version: [0-9_]+/, `version: ${schemaVersion(ts)}`);
}

/** Writes `db/migrate/<ts>_<slug>.rb` with `body` inside `def change`; returns its path and db/schema.rb's lines at the new version. */
function writeMigration(tree: Tree, iso: string, slug: string, railsVersion: string, body: string[]): { path: string; schema: string[] } {
  const ts = migrationTimestamp(iso);
  const path = `db/migrate/${ts}_${slug}.rb`;
  tree.write(path, [`class ${camel(slug)} < ActiveRecord::Migration[${railsVersion}]`, '  def change', ...body.map((l) => '    ' + l), '  end', 'end', ''].join('\n'));
  const schema = tree.lines(SCHEMA);
  setSchemaVersion(schema, ts);
  return { path, schema };
}

const withOptions = (opts?: string) => (opts ? ', ' + opts : '');

/** A `create_table` migration plus the matching block in db/schema.rb. Returns the migration path. */
export function createTable(tree: Tree, iso: string, table: string, columns: Column[], railsVersion = '5.0'): string {
  const { path, schema } = writeMigration(tree, iso, `create_${table}`, railsVersion, [
    `create_table :${table} do |t|`,
    ...columns.map(([type, name, opts]) => `  t.${type} :${name}${withOptions(opts)}`),
    '  t.timestamps',
    'end',
  ]);
  const block = [
    `  create_table "${table}", force: :cascade do |t|`,
    ...columns.map(([type, name, opts]) => (type === 'references' ? `    t.bigint "${name}_id"${withOptions(opts)}` : `    t.${type} "${name}"${withOptions(opts)}`)),
    '    t.datetime "created_at", null: false',
    '    t.datetime "updated_at", null: false',
    '  end',
    '',
  ];
  let at = schema.findIndex((l) => l.startsWith('  create_table "') && l.slice(16).localeCompare(table + '"') > 0);
  if (at < 0) at = schema.length - 1;
  schema.splice(at, 0, ...block);
  tree.setLines(SCHEMA, schema);
  return path;
}

/** An `add_column` migration plus the column in db/schema.rb. Returns the migration path. */
export function addColumn(tree: Tree, iso: string, table: string, column: Column, railsVersion = '5.0', migrationName?: string): string {
  const [type, name, opts] = column;
  const { path, schema } = writeMigration(tree, iso, migrationName ?? `add_${name}_to_${table}`, railsVersion, [`add_column :${table}, :${name}, :${type}${withOptions(opts)}`]);
  const start = schema.indexOf(`  create_table "${table}", force: :cascade do |t|`);
  if (start < 0) throw new Error(`addColumn: no table ${table}`);
  schema.splice(schema.indexOf('  end', start), 0, `    t.${type} "${name}"${withOptions(opts)}`);
  tree.setLines(SCHEMA, schema);
  return path;
}

export function addRoute(tree: Tree, line: string): void {
  tree.insertBeforeClosing(ROUTES, ['  ' + line]);
}

/** Appends `key: "text"` under the top-level locale key of config/locales/<locale>.yml. */
export function addLocaleKey(tree: Tree, locale: string, key: string, text: string): void {
  const path = `config/locales/${locale}.yml`;
  tree.setLines(path, [...tree.lines(path), `  ${key}: "${text}"`]);
}

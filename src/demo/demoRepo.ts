import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CSV_EXPORTER_V1,
  INVOICE_CALCULATOR_V1,
  INVOICE_FOOTER,
  INVOICE_HEADER,
  INVOICE_TOTALS_V1,
  INVOICE_TOTALS_V2,
  INVOICE_TOTALS_V3,
  LINE_ITEM_V1,
  QUERY_BUILDER_HEAD,
  QUERY_BUILDER_TAIL,
  QUERY_SCOPE_V1,
  QUERY_SCOPE_V2,
  STRIPE_WEBHOOK_V1,
  closingDepth,
  doubleQuote,
  fillerAddition,
  rubocopLine,
  rubyFile,
  singleQuote,
  type Quote,
} from './demoContent';
import { CHANGERISK_CONFIG, CODEOWNERS, DEMO_INCIDENTS, PR_TEMPLATE, renderIncident, type IncidentKind } from './demoIncidents';
import { Tree } from './demoTree';
import { FastImportWriter } from './fastImport';
import { runGit } from './git';
import { Prng } from './prng';
import { GEMFILE_LOCK, ROUTES, SCHEMA, addColumn, addGem, addLocaleKey, addRoute, bumpGem, createTable, initialGemfile, initialGemfileLock, initialSchema } from './railsFiles';

/** Marker inside `.git/` that says a folder holds a generated demo repository (safe to regenerate). */
export const DEMO_MARKER = 'change-risk-demo.json';
const DEMO_VERSION = 1;

export interface DemoAuthor {
  key: string;
  name: string;
  email: string;
  handle: string;
  /** First and last day of the author's commits in the generated history (YYYY-MM-DD). */
  firstCommit: string;
  lastCommit: string;
  /** False for people who left the team years ago. */
  active: boolean;
}

export interface DemoIncidentFact {
  id: string;
  kind: IncidentKind;
  severity: string;
  date: string;
  file: string;
  fixShas: string[];
  introducedShas: string[];
}

export interface DemoRepoFacts {
  mainHeadSha: string;
  authors: DemoAuthor[];
  /** Emails of the authors who left (no commits for years). */
  inactiveAuthors: string[];
  incidents: DemoIncidentFact[];
  /** Incident id → sha of the commit that fixed it (only incidents with a fix commit). */
  fixCommits: Record<string, string>;
  /** Fix-like commits that belong to no incident: a hotfix and reverts. */
  otherFixCommits: Array<{ sha: string; message: string }>;
  /** Messages that look like fixes to a naive matcher but are not (prefix, fixture, debug, typo, lint, a "fix" only in the body). */
  decoyCommits: Array<{ sha: string; message: string }>;
  /** Commits by bots, fix-like subjects included: they count for nothing. */
  botCommits: Array<{ sha: string; author: string; message: string; paths: string[] }>;
  /** A line of a source file last changed by a bot's "auto fixes" (on main and in the working tree). */
  botLine: { path: string; line: number; sha: string };
  /**
   * A commit to invoice.rb reverted two days later, in part: the revert restores `subtotal` (lines
   * last changed by the revert), and keeps `reload_totals!` (lines last changed by the reverted
   * commit). Line numbers are the same on main and in the working tree.
   */
  invoiceRevert: { path: string; revertedSha: string; revertSha: string; revertDate: string; revertLines: number[]; revertedLines: number[] };
  /** Files of roles that are not rated, each with fixes or reverts in its history. */
  unratedWithFixes: Array<{ path: string; role: string; troubleShas: string[] }>;
  /** The INC-12 block, as it is on `main`. */
  inc12: { path: string; startLine: number; endLine: number; fixSha: string; introducedSha: string };
  inc21: { path: string; startLine: number; endLine: number; fixSha: string };
  bulkCommit: { sha: string; message: string; fileCount: number };
  typoCommit: string;
  lintCommit: string;
  renames: Array<{ from: string; to: string; sha: string }>;
  merge: { sha: string; branch: string; branchCommits: string[] };
  coChange: { paths: [string, string]; spec: string; commitsTogether: number; commitsWithFirst: number };
  feature: {
    branch: string;
    baseSha: string;
    commits: string[];
    committedFiles: string[];
    uncommittedFiles: string[];
    migration: string;
    envVar: string;
    bumpedGem: string;
    /** Usually changes with app/models/invoice.rb, but the branch leaves it out. */
    missingCoChange: string;
    /** Lines of app/models/invoice.rb (on the branch, working tree) changed inside the INC-12 range. */
    invoiceLinesTouched: number[];
  };
}

export interface DemoRepoInfo {
  root: string;
  baseBranch: 'main';
  featureBranch: string;
  headSha: string;
  /** Commits reachable from HEAD. */
  commitCount: number;
  facts: DemoRepoFacts;
}

interface Person {
  key: string;
  name: string;
  email: string;
  handle: string;
  tz: string;
  joined: string;
  left?: string;
}

const PEOPLE: Record<string, Person> = {
  greg: { key: 'greg', name: 'Greg Hollis', email: 'greg.hollis@example.com', handle: '@greg', tz: '+0100', joined: '2017-01-01', left: '2019-08-31' },
  hannah: { key: 'hannah', name: 'Hannah Ito', email: 'hannah.ito@example.com', handle: '@hannah', tz: '-0500', joined: '2017-03-15', left: '2021-05-15' },
  alice: { key: 'alice', name: 'Alice Archer', email: 'alice@example.com', handle: '@alice', tz: '+0100', joined: '2018-02-01' },
  bob: { key: 'bob', name: 'Bob Builder', email: 'bob@example.com', handle: '@bob', tz: '+0000', joined: '2019-06-01' },
  dave: { key: 'dave', name: 'Dave Okafor', email: 'dave@example.com', handle: '@dave', tz: '+0200', joined: '2021-01-01' },
  erin: { key: 'erin', name: 'Erin Park', email: 'erin@example.com', handle: '@erin', tz: '+0900', joined: '2023-04-01' },
};

/** Bots commit too; their commits count for nothing (not in `authors`, never a fix, never on a hover). */
const BOTS: Record<string, Person> = {
  'pre-commit-ci': { key: 'pre-commit-ci', name: 'pre-commit-ci[bot]', email: '66853113+pre-commit-ci[bot]@users.noreply.github.com', handle: '@pre-commit-ci', tz: '+0000', joined: '2017-01-01' },
  renovate: { key: 'renovate', name: 'renovate[bot]', email: '29139614+renovate[bot]@users.noreply.github.com', handle: '@renovate', tz: '+0000', joined: '2017-01-01' },
};

const FEATURE_BRANCH = 'feature/multi-currency-invoices';
const GRAPHQL_BRANCH = 'feature/graphql-api';
const INVOICE = 'app/models/invoice.rb';
const CALCULATOR = 'app/services/payments/invoice_calculator.rb';
const INVOICE_SPEC = 'spec/models/invoice_spec.rb';
const QUERY_BUILDER = 'app/services/search/query_builder.rb';
const END_OF_MAIN = '2026-09-30T23:59:59Z';

/** Paths renamed on main, old → new. */
const BILLING_RENAMES: Array<[string, string]> = [
  ['app/services/billing/invoice_calculator.rb', 'app/services/payments/invoice_calculator.rb'],
  ['app/services/billing/tax_calculator.rb', 'app/services/payments/tax_calculator.rb'],
  ['app/services/billing/stripe_webhook_handler.rb', 'app/services/payments/stripe_webhook_handler.rb'],
  ['app/services/billing/refund_service.rb', 'app/services/payments/refund_service.rb'],
  ['app/services/billing/invoice_pdf.rb', 'app/services/payments/invoice_pdf.rb'],
  ['spec/services/billing/invoice_calculator_spec.rb', 'spec/services/payments/invoice_calculator_spec.rb'],
  ['spec/services/billing/tax_calculator_spec.rb', 'spec/services/payments/tax_calculator_spec.rb'],
];
const LEGACY_MOVE: [string, string] = ['lib/legacy/money_format.rb', 'lib/money_format.rb'];
/** Added to invoice.rb by a commit that was reverted in part: the revert kept it. */
const INVOICE_RELOAD = '  def reload_totals!\n    @subtotal = nil\n    line_items.reset\n    self\n  end\n\n';
const INVOICE_RELOAD_ANCHOR = '  private\n\n  def assign_number\n';
/** Its first line was last changed by a bot's "auto fixes". */
const BOT_FIXED = 'app/controllers/webhooks_controller.rb';

function unix(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad date ${iso}`);
  return ms / 1000;
}

function railsAt(iso: string): string {
  return iso < '2019-09-09' ? '5.0' : iso < '2021-03-15' ? '5.2' : iso < '2023-11-20' ? '6.1' : '7.1';
}

interface Branch {
  ref: string;
  tree: Tree;
}

interface Recorded {
  mark: number;
  ref: string;
  iso: string;
  author: string;
  message: string;
  paths: string[];
}

/** Groups of files that change together; the first path of a group is always touched. */
interface Group {
  name: string;
  weight: number;
  owners: string[];
  paths: Array<[string, number]>;
  noun: string;
}

const GROUPS: Group[] = [
  { name: 'billing', weight: 5, owners: ['greg', 'alice'], noun: 'Invoice', paths: [[INVOICE, 1], [CALCULATOR, 0.85], [INVOICE_SPEC, 0.5], ['app/models/line_item.rb', 0.15]] },
  { name: 'line-items', weight: 2, owners: ['greg', 'alice'], noun: 'LineItem', paths: [['app/models/line_item.rb', 1], ['spec/models/line_item_spec.rb', 0.6]] },
  { name: 'taxes', weight: 2, owners: ['greg', 'alice'], noun: 'TaxCalculator', paths: [['app/services/payments/tax_calculator.rb', 1], ['spec/services/payments/tax_calculator_spec.rb', 0.6], ['app/models/tax_rate.rb', 0.3]] },
  { name: 'payments', weight: 4, owners: ['greg', 'bob', 'alice'], noun: 'Payment', paths: [['app/models/payment.rb', 1], ['app/services/payments/stripe_webhook_handler.rb', 0.4], ['app/controllers/payments_controller.rb', 0.4], ['spec/models/payment_spec.rb', 0.5], ['app/services/payments/refund_service.rb', 0.2]] },
  { name: 'search', weight: 4, owners: ['hannah', 'dave'], noun: 'QueryBuilder', paths: [[QUERY_BUILDER, 1], ['app/services/search/indexer.rb', 0.5], ['app/controllers/search_controller.rb', 0.3], ['spec/services/search/query_builder_spec.rb', 0.6], ['app/services/search/ranking.rb', 0.3]] },
  { name: 'graphql', weight: 3, owners: ['hannah', 'dave'], noun: 'QueryType', paths: [['app/graphql/types/query_type.rb', 1], ['app/graphql/types/invoice_type.rb', 0.5], ['app/graphql/types/account_type.rb', 0.3], ['app/graphql/resolvers/invoices_resolver.rb', 0.4], ['spec/requests/graphql_spec.rb', 0.5]] },
  { name: 'accounts', weight: 3, owners: ['greg', 'hannah', 'bob', 'erin'], noun: 'Account', paths: [['app/models/account.rb', 1], ['app/models/user.rb', 0.5], ['app/controllers/accounts_controller.rb', 0.5], ['spec/models/user_spec.rb', 0.4], ['app/controllers/sessions_controller.rb', 0.2]] },
  { name: 'subscriptions', weight: 2, owners: ['alice', 'bob'], noun: 'Subscription', paths: [['app/models/subscription.rb', 1], ['app/models/product.rb', 0.4]] },
  { name: 'jobs', weight: 2, owners: ['bob', 'greg'], noun: 'InvoiceReminderJob', paths: [['app/jobs/invoice_reminder_job.rb', 1], ['spec/jobs/invoice_reminder_job_spec.rb', 0.5], ['app/jobs/export_job.rb', 0.3], ['app/jobs/search_reindex_job.rb', 0.3]] },
  { name: 'locales', weight: 2, owners: ['alice', 'erin'], noun: 'translations', paths: [['config/locales/en.yml', 1], ['config/locales/de.yml', 0.8], ['config/locales/fr.yml', 0.6]] },
  { name: 'config', weight: 1, owners: ['bob', 'greg'], noun: 'feature flags', paths: [['config/initializers/feature_flags.rb', 1]] },
  { name: 'deps', weight: 2, owners: ['bob', 'greg'], noun: 'dependencies', paths: [[GEMFILE_LOCK, 1]] },
  { name: 'db', weight: 2, owners: ['bob', 'greg', 'alice'], noun: 'schema', paths: [[SCHEMA, 1]] },
  { name: 'frontend', weight: 1, owners: ['erin', 'greg', 'alice'], noun: 'frontend', paths: [['package.json', 1]] },
  { name: 'docs', weight: 1, owners: ['alice', 'bob', 'dave', 'hannah', 'greg'], noun: 'docs', paths: [['README.md', 1], ['docs/architecture.md', 0.5]] },
];

/** Windows in which the story needs some files untouched (open branch, pending revert). */
const FROZEN: Array<{ from: string; to: string; paths: string[] }> = [
  { from: '2019-10-01', to: '2019-11-21', paths: ['Gemfile', GEMFILE_LOCK, ROUTES] },
  { from: '2020-07-06', to: '2020-07-09', paths: ['config/environments/production.rb'] },
  { from: '2025-01-20', to: '2025-01-28', paths: ['Gemfile', GEMFILE_LOCK, 'app/graphql/resolvers/invoices_resolver.rb'] },
];

class DemoBuilder {
  readonly main: Branch = { ref: 'refs/heads/main', tree: new Tree() };
  readonly recorded: Recorded[] = [];
  readonly marks = new Map<string, number>();
  quote: Quote = doubleQuote;
  private readonly prng = new Prng(0x5eed2017);

  constructor(readonly writer: FastImportWriter) {}

  /** Writes one commit on `branch`; `label` names it for later look-ups. */
  async commit(branch: Branch, iso: string, who: string, message: string, edit: (t: Tree) => void, label?: string, merge?: number[]): Promise<number> {
    edit(branch.tree);
    const changes = branch.tree.take();
    if (changes.length === 0) throw new Error(`demo: empty commit ${message}`);
    const person = (PEOPLE[who] ?? BOTS[who]) as Person;
    if (!person) throw new Error(`demo: nobody called ${who}`);
    const ident = { name: person.name, email: person.email, time: unix(iso), tz: person.tz };
    const mark = await this.writer.commit({ ref: branch.ref, author: ident, message: message.endsWith('\n') ? message : message + '\n', changes, merge });
    const paths = changes.map((c) => (c.op === 'R' ? c.to : c.path));
    this.recorded.push({ mark, ref: branch.ref, iso, author: who, message, paths: [...new Set(paths)] });
    if (label) this.marks.set(label, mark);
    return mark;
  }

  mark(label: string): number {
    const mark = this.marks.get(label);
    if (mark === undefined) throw new Error(`demo: no commit labelled ${label}`);
    return mark;
  }

  rb(t: Tree, ...paths: string[]): void {
    for (const p of paths) t.write(p, rubyFile(p, this.quote));
  }

  /** The `k`-th filler commit: a small change to a group of files that usually change together. */
  async filler(iso: string): Promise<void> {
    const t = this.main.tree;
    const frozen = new Set(FROZEN.filter((w) => iso >= w.from && iso < w.to).flatMap((w) => w.paths));
    // Group paths are today's names; before a rename the file lives at its old path.
    const current = (p: string) => (t.has(p) ? p : (BILLING_RENAMES.find(([, to]) => to === p)?.[0] ?? p));
    const usable = GROUPS.filter((g) => {
      const first = current(g.paths[0]?.[0] as string);
      return t.has(first) && !frozen.has(first);
    });
    const total = usable.reduce((sum, g) => sum + g.weight, 0);
    let roll = this.prng.next() * total;
    const group = usable.find((g) => (roll -= g.weight) < 0) ?? (usable[0] as Group);
    const active = Object.values(PEOPLE).filter((p) => p.joined <= iso && (!p.left || iso <= p.left));
    const owners = active.filter((p) => group.owners.includes(p.key));
    const author = this.prng.pick(owners.length > 0 ? owners : active).key;
    const paths = group.paths
      .filter(([, chance], i) => i === 0 || this.prng.chance(chance))
      .map(([p]) => current(p))
      .filter((p) => t.has(p) && !frozen.has(p));
    let message = '';
    const q = this.quote;
    if (group.name === 'deps') {
      const specs = [...t.get(GEMFILE_LOCK).matchAll(/^ {4}([a-z_-]+) \((\d+)\.(\d+)\.(\d+)\)$/gm)];
      const spec = this.prng.pick(specs);
      const [line, name, major, minor, patch] = spec as unknown as [string, string, string, string, string];
      const next = `${major}.${minor}.${Number(patch) + 1}`;
      t.write(GEMFILE_LOCK, t.get(GEMFILE_LOCK).replace(line, `    ${name} (${next})`));
      message = `Bump ${name} from ${major}.${minor}.${patch} to ${next}`;
    } else if (group.name === 'db') {
      const tables = [...t.get(SCHEMA).matchAll(/create_table "([a-z_]+)"/g)].map((m) => m[1] as string);
      const table = this.prng.pick(tables);
      const schema = t.get(SCHEMA);
      const start = schema.indexOf(`create_table "${table}"`);
      const block = schema.slice(start, schema.indexOf('\n  end\n', start));
      const candidates = ['notes', 'external_ref', 'archived_at', 'locale', 'source', 'metadata', 'position', 'synced_at', 'imported_at', 'reference_code', 'timezone', 'tags', 'deleted_at', 'legacy_id', 'checksum'];
      const free = candidates.filter((name) => !block.includes(`"${name}"`));
      const column = free.length > 0 ? this.prng.pick(free) : `custom_field_${this.recorded.length}`;
      const type = column.endsWith('_at') ? 'datetime' : column === 'position' ? 'integer' : column === 'metadata' ? 'jsonb' : 'string';
      addColumn(t, iso, table, [type, column], railsAt(iso));
      message = `Add ${column} to ${table}`;
    } else if (group.name === 'locales') {
      const key = `${this.prng.pick(['invoice', 'payment', 'account', 'search', 'reminder'])}_${this.prng.pick(['title', 'hint', 'empty_state', 'error', 'confirmation'])}_${this.recorded.length}`;
      for (const p of paths) addLocaleKey(t, path.basename(p, '.yml'), key, `${key.replace(/_/g, ' ')} (${path.basename(p, '.yml')})`);
      message = `Add ${key.replace(/_\d+$/, '').replace(/_/g, ' ')} translations`;
    } else if (group.name === 'frontend') {
      const json = t.get('package.json');
      const deps = [...json.matchAll(/^ {4}"([a-z.@/-]+)": "\^(\d+)\.(\d+)\.(\d+)"/gm)];
      const dep = this.prng.pick(deps);
      const [line, name, major, minor] = dep as unknown as [string, string, string, string, string];
      const next = `${major}.${Number(minor) + 1}.0`;
      t.write('package.json', json.replace(line, `    "${name}": "^${next}"`));
      message = `Upgrade ${name} to ${next}`;
    } else if (group.name === 'docs') {
      for (const p of paths) t.write(p, t.get(p) + `- ${this.prng.pick(['Deploys', 'On-call', 'Backfills', 'Local setup', 'Feature flags'])}: see the team wiki (${iso.slice(0, 7)}).\n`);
      message = `Update ${paths.join(' and ')}`;
    } else {
      let what = '';
      for (const p of paths) {
        const addition = fillerAddition(p, this.prng, q, t.get(p));
        if (p.startsWith('config/initializers/')) t.setLines(p, [...t.lines(p), ...addition.lines]);
        else t.insertBeforeClosing(p, addition.lines, closingDepth(p));
        if (!what) what = addition.what;
      }
      const template = group.name === 'config' ? 'Add {what}' : this.prng.pick(['Add {what} to {noun}', 'Extract {what} in {noun}', 'Refactor {noun}#{what}', 'Handle blank values in {noun}#{what}', 'Support {what} in {noun}', 'Add {noun}#{what}']);
      message = template.replace('{what}', what).replace('{noun}', group.noun);
    }
    await this.commit(this.main, iso, author, message, () => undefined);
  }
}

function readme(): string {
  return `# Billing

Invoicing, payments and search for our customers. Customers recieve invoices by email and pay by card.

## Setup
- \`bin/setup\`
- \`bundle exec rspec\`
`;
}

/** Builds the whole history into `writer`, returning what the facts need. */
async function writeHistory(b: DemoBuilder): Promise<{ featureBase: number; featureCommits: number[]; graphqlCommits: number[]; bulkFiles: number }> {
  const main = b.main;
  const events: Array<{ iso: string; run: () => Promise<unknown> }> = [];
  const at = (iso: string, run: () => Promise<unknown>) => events.push({ iso, run });
  const c = (iso: string, who: string, message: string, edit: (t: Tree) => void, label?: string) =>
    at(iso, () => b.commit(main, iso, who, message, edit, label));
  let bulkFiles = 0;

  c('2017-01-09T10:12:00Z', 'greg', 'Initial commit', (t) => {
    const gems = [
      { name: 'rails', constraint: '~> 5.0.1', locked: '5.0.1' },
      { name: 'pg', constraint: '~> 0.19', locked: '0.19.0' },
      { name: 'puma', constraint: '~> 3.7', locked: '3.7.1' },
      { name: 'jbuilder', constraint: '~> 2.5', locked: '2.6.1' },
      { name: 'money-rails', constraint: '~> 1.8', locked: '1.8.0' },
    ];
    const testGems = [
      { name: 'rspec-rails', constraint: '~> 3.5', locked: '3.5.2' },
      { name: 'factory_girl_rails', constraint: '~> 4.8', locked: '4.8.0' },
    ];
    t.write('Gemfile', initialGemfile(gems, testGems));
    t.write('Gemfile.lock', initialGemfileLock([...gems, ...testGems]));
    t.write('README.md', readme());
    t.write('.gitignore', '/log/*\n/tmp/*\n/node_modules\n/public/packs\n.env\n');
    t.write('.rubocop.yml', 'AllCops:\n  TargetRubyVersion: 2.4\n  Exclude:\n    - db/schema.rb\n    - vendor/**/*\n\nStyle/StringLiterals:\n  EnforcedStyle: single_quotes\n');
    t.write('Rakefile', 'require_relative "config/application"\n\nRails.application.load_tasks\n');
    t.write('config.ru', 'require_relative "config/environment"\n\nrun Rails.application\n');
    t.write('config/application.rb', 'require_relative "boot"\nrequire "rails/all"\n\nBundler.require(*Rails.groups)\n\nmodule Billing\n  class Application < Rails::Application\n    config.load_defaults 5.0\n    config.time_zone = "Europe/Berlin"\n  end\nend\n');
    t.write('config/database.yml', 'default: &default\n  adapter: postgresql\n  pool: 5\n\ndevelopment:\n  <<: *default\n  database: billing_development\n\ntest:\n  <<: *default\n  database: billing_test\n');
    t.write(ROUTES, 'Rails.application.routes.draw do\n  root to: "invoices#index"\n  get "health", to: "health#show"\nend\n');
    t.write('config/environments/development.rb', 'Rails.application.configure do\n  config.cache_classes = false\n  config.action_mailer.default_url_options = { host: "localhost", port: 3000 }\nend\n');
    t.write('config/environments/production.rb', 'Rails.application.configure do\n  config.cache_classes = true\n  config.log_level = :info\n  config.action_mailer.default_url_options = { host: "billing.example.com" }\nend\n');
    t.write('config/locales/en.yml', 'en:\n  invoice_title: "Invoices"\n  invoice_due: "Due on %{date}"\n');
    t.write('app/models/application_record.rb', 'class ApplicationRecord < ActiveRecord::Base\n  self.abstract_class = true\nend\n');
    t.write('app/controllers/application_controller.rb', 'class ApplicationController < ActionController::Base\n  protect_from_forgery with: :exception\n\n  rescue_from ActiveRecord::RecordNotFound do\n    render json: { error: "not found" }, status: :not_found\n  end\nend\n');
    t.write('app/jobs/application_job.rb', 'class ApplicationJob < ActiveJob::Base\n  retry_on ActiveRecord::Deadlocked\nend\n');
    t.write(SCHEMA, initialSchema('2017_01_09_101200'));
    t.write('db/seeds.rb', 'Account.find_or_create_by!(name: "Demo GmbH", invoice_prefix: "DEMO")\n');
    t.write('spec/spec_helper.rb', 'RSpec.configure do |config|\n  config.order = :random\n  config.example_status_persistence_file_path = "tmp/rspec_examples.txt"\nend\n');
    t.write('spec/rails_helper.rb', 'require "spec_helper"\nENV["RAILS_ENV"] ||= "test"\nrequire File.expand_path("../config/environment", __dir__)\nrequire "rspec/rails"\n');
    t.write('package.json', '{\n  "name": "billing",\n  "private": true,\n  "dependencies": {\n    "@rails/ujs": "^5.0.1",\n    "turbolinks": "^5.0.0"\n  }\n}\n');
    b.rb(t, 'config/initializers/money.rb', 'config/initializers/feature_flags.rb');
  });

  c('2017-01-16T14:03:00Z', 'greg', 'Add users and accounts', (t) => {
    b.rb(t, 'app/models/user.rb', 'app/models/account.rb', 'app/controllers/accounts_controller.rb', 'app/controllers/sessions_controller.rb', 'spec/models/user_spec.rb');
    createTable(t, '2017-01-16T14:00:00Z', 'accounts', [['string', 'name'], ['string', 'invoice_prefix']]);
    createTable(t, '2017-01-16T14:01:00Z', 'users', [['references', 'account', 'null: false'], ['string', 'email'], ['string', 'password_digest']]);
    addRoute(t, 'resources :accounts, only: [:show, :update]');
    addRoute(t, 'resource :session, only: [:new, :create, :destroy]');
  });

  c('2017-02-06T09:41:00Z', 'greg', 'Add invoices and line items', (t) => {
    t.write(INVOICE, INVOICE_HEADER + INVOICE_TOTALS_V1 + INVOICE_FOOTER);
    t.write('app/models/line_item.rb', LINE_ITEM_V1);
    b.rb(t, 'app/controllers/invoices_controller.rb', 'spec/models/line_item_spec.rb');
    t.write(
      INVOICE_SPEC,
      'require "rails_helper"\n\nRSpec.describe Invoice do\n  describe "#total" do\n    it "adds tax and subtracts the discount" do\n      invoice = build(:invoice, discount_percent: 10)\n      expect(invoice.total).to eq(invoice.subtotal + invoice.tax_total - invoice.discount)\n    end\n  end\nend\n',
    );
    createTable(t, '2017-02-06T09:40:00Z', 'invoices', [['references', 'account', 'null: false'], ['string', 'number'], ['string', 'status'], ['string', 'currency'], ['date', 'issued_on'], ['date', 'due_on'], ['decimal', 'discount_percent']]);
    createTable(t, '2017-02-06T09:41:00Z', 'line_items', [['references', 'invoice', 'null: false'], ['string', 'description'], ['integer', 'quantity'], ['decimal', 'unit_price'], ['decimal', 'discount_percent']]);
    addRoute(t, 'resources :invoices, only: [:index, :show, :create]');
  });

  c('2017-03-01T11:20:00Z', 'greg', 'Add billing services for invoice totals and taxes', (t) => {
    t.write('app/services/billing/invoice_calculator.rb', INVOICE_CALCULATOR_V1);
    b.rb(t, 'app/services/billing/tax_calculator.rb', 'app/models/tax_rate.rb', 'spec/services/billing/invoice_calculator_spec.rb');
    createTable(t, '2017-03-01T11:19:00Z', 'tax_rates', [['string', 'country'], ['decimal', 'rate']]);
  });

  c('2017-03-20T16:05:00Z', 'hannah', 'Add full-text search for invoices and accounts', (t) => {
    t.write(QUERY_BUILDER, QUERY_BUILDER_HEAD + QUERY_SCOPE_V1 + QUERY_BUILDER_TAIL);
    b.rb(t, 'app/services/search/indexer.rb', 'app/controllers/search_controller.rb', 'app/models/search_index_entry.rb', 'spec/services/search/query_builder_spec.rb');
    createTable(t, '2017-03-20T16:04:00Z', 'search_index_entries', [['references', 'account'], ['string', 'searchable_type'], ['bigint', 'searchable_id'], ['tsvector', 'document']]);
    addRoute(t, 'get "search", to: "search#index"');
  });

  c('2017-05-08T10:30:00Z', 'greg', 'Port legacy ledger sync and CSV export from the PHP back office', (t) => {
    t.write('lib/legacy/csv_exporter.rb', CSV_EXPORTER_V1);
    b.rb(t, 'lib/legacy/ledger_sync.rb', LEGACY_MOVE[0], 'vendor/ruby/legacy_soap/client.rb');
  });

  c('2017-06-12T13:15:00Z', 'greg', 'Accept card payments via Stripe', (t) => {
    t.write('app/services/billing/stripe_webhook_handler.rb', STRIPE_WEBHOOK_V1);
    b.rb(t, 'app/models/payment.rb', 'app/controllers/payments_controller.rb', 'app/controllers/webhooks_controller.rb', 'app/services/billing/refund_service.rb', 'config/initializers/stripe.rb', 'spec/models/payment_spec.rb');
    addGem(t, { name: 'stripe', constraint: '~> 2.0', locked: '2.0.3' });
    createTable(t, '2017-06-12T13:14:00Z', 'payments', [['references', 'invoice', 'null: false'], ['decimal', 'amount'], ['string', 'status'], ['string', 'stripe_id']]);
    addRoute(t, 'post "webhooks/stripe", to: "webhooks#stripe"');
  });

  c('2017-09-04T09:00:00Z', 'hannah', 'Reindex search entries in the background with Sidekiq', (t) => {
    b.rb(t, 'app/jobs/search_reindex_job.rb', 'config/initializers/sidekiq.rb');
    addGem(t, { name: 'sidekiq', constraint: '~> 5.0', locked: '5.0.4' });
  });

  c('2017-11-20T15:45:00Z', 'greg', 'Send overdue invoice reminders and PDF invoices', (t) => {
    b.rb(t, 'app/jobs/invoice_reminder_job.rb', 'app/services/billing/invoice_pdf.rb', 'spec/jobs/invoice_reminder_job_spec.rb', 'spec/requests/invoices_spec.rb');
    addGem(t, { name: 'prawn', constraint: '~> 2.2', locked: '2.2.2' });
  });

  c('2018-02-05T10:00:00Z', 'alice', 'Add subscriptions and products', (t) => {
    b.rb(t, 'app/models/subscription.rb', 'app/models/product.rb');
    createTable(t, '2018-02-05T09:58:00Z', 'products', [['string', 'name'], ['decimal', 'price']]);
    createTable(t, '2018-02-05T09:59:00Z', 'subscriptions', [['references', 'account', 'null: false'], ['references', 'product', 'null: false'], ['string', 'interval']]);
    addColumn(t, '2018-02-05T10:00:00Z', 'invoices', ['bigint', 'subscription_id']);
  });

  c('2018-04-16T11:11:00Z', 'alice', 'Add German translations', (t) => t.write('config/locales/de.yml', 'de:\n  invoice_title: "Rechnungen"\n  invoice_due: "Fällig am %{date}"\n'));
  c('2018-06-11T14:20:00Z', 'alice', 'Add fixture for invoices with discounts', (t) => t.write('spec/fixtures/invoices.yml', 'discounted:\n  number: "DEMO-00042"\n  currency: "EUR"\n  discount_percent: 7.5\n'), 'decoy:fixture');
  c('2018-09-24T10:10:00Z', 'greg', 'Add revenue chart to the dashboard', (t) => {
    t.write('vendor/javascript/chart.js', '/*! Chart.js v2.7.2 (trimmed build) | MIT License */\n(function (global) {\n  global.Chart = function Chart(ctx, config) { this.ctx = ctx; this.config = config; };\n})(this);\n');
    t.replace('package.json', '"turbolinks": "^5.0.0"', '"turbolinks": "^5.0.0",\n    "chart.js": "^2.7.2"');
  });
  c('2019-03-11T13:00:00Z', 'alice', 'Add spec for the tax calculator', (t) => b.rb(t, 'spec/services/billing/tax_calculator_spec.rb'));
  c('2019-06-03T09:30:00Z', 'bob', 'Retry failed card payments', (t) => b.rb(t, 'app/jobs/payment_retry_job.rb', 'app/jobs/export_job.rb'));
  c('2019-07-15T10:00:00Z', 'bob', 'Add runbook for payment retries', (t) =>
    t.write('docs/runbooks/payment retries.md', '# Payment retries\n\nFailed card payments are retried by PaymentRetryJob after 1, 3 and 7 days.\nTo stop retries for one invoice, set `retry_disabled` in the console.\n'),
  );
  c('2019-08-20T17:00:00Z', 'greg', 'Document the legacy ledger sync before handing it over', (t) => {
    t.write('docs/architecture.md', '# Architecture\n\n- Billing: invoices, line items, totals (app/models, app/services/billing)\n- Legacy: ledger sync and CSV export ported from PHP (lib/legacy). Nobody else knows these; ask Greg.\n');
    t.insertBeforeClosing('lib/legacy/ledger_sync.rb', ['', '    # Runs nightly at 01:00; the ledger API rate-limits to 10 requests per second.', '    def rate_limit = 10'], 2);
  });
  c('2019-09-09T09:00:00Z', 'bob', 'Upgrade to Rails 5.2', (t) => {
    bumpGem(t, 'rails', '~> 5.2.3', '5.2.3');
    t.replace('config/application.rb', 'config.load_defaults 5.0', 'config.load_defaults 5.2');
  });

  // A feature branch, merged with a merge commit.
  const graphql: Branch = { ref: `refs/heads/${GRAPHQL_BRANCH}`, tree: new Tree() };
  const graphqlCommits: number[] = [];
  let forkTree: Tree | undefined;
  at('2019-10-01T08:00:00Z', async () => {
    forkTree = main.tree.clone();
    graphql.tree = main.tree.clone();
    await b.writer.reset(graphql.ref, b.recorded[b.recorded.length - 1]?.mark);
  });
  const g = (iso: string, message: string, edit: (t: Tree) => void) =>
    at(iso, async () => graphqlCommits.push(await b.commit(graphql, iso, 'hannah', message, edit)));
  g('2019-10-02T10:00:00Z', 'Add graphql gem and schema skeleton', (t) => {
    addGem(t, { name: 'graphql', constraint: '~> 1.9', locked: '1.9.12' });
    b.rb(t, 'app/graphql/app_schema.rb', 'app/graphql/types/query_type.rb', 'app/controllers/graphql_controller.rb');
    addRoute(t, 'post "graphql", to: "graphql#execute"');
  });
  g('2019-10-15T15:00:00Z', 'Add Invoice and Account GraphQL types', (t) => b.rb(t, 'app/graphql/types/invoice_type.rb', 'app/graphql/types/account_type.rb'));
  g('2019-10-29T11:30:00Z', 'Add invoices resolver with cursor pagination', (t) => b.rb(t, 'app/graphql/resolvers/invoices_resolver.rb', 'spec/requests/graphql_spec.rb'));
  g('2019-11-12T14:00:00Z', 'Add createInvoice mutation', (t) => b.rb(t, 'app/graphql/mutations/create_invoice.rb'));
  at('2019-11-20T16:30:00Z', () =>
    b.commit(main, '2019-11-20T16:30:00Z', 'hannah', `Merge branch '${GRAPHQL_BRANCH}'`, (t) => {
      for (const change of graphql.tree.changesSince(forkTree as Tree)) {
        if (change.content === null) t.remove(change.path);
        else t.write(change.path, change.content);
      }
    }, 'merge', [graphqlCommits[graphqlCommits.length - 1] as number]).then(() => undefined),
  );

  c('2020-02-10T10:00:00Z', 'alice', 'Add French translations', (t) => t.write('config/locales/fr.yml', 'fr:\n  invoice_title: "Factures"\n  invoice_due: "À payer le %{date}"\n'));
  c('2020-04-07T10:00:00Z', 'alice', 'Move MoneyFormat out of lib/legacy', (t) => {
    t.rename(LEGACY_MOVE[0], LEGACY_MOVE[1]);
    t.replace(LEGACY_MOVE[1], 'module Legacy\n', 'module Support\n');
  }, 'rename:legacy');
  c('2020-06-15T11:00:00Z', 'bob', 'debug logging for webhook retries', (t) => {
    t.replace('app/services/billing/stripe_webhook_handler.rb', '      PaymentRetryJob.perform_later(invoice.id)\n', '      Rails.logger.debug("scheduling retry for invoice #{invoice.id}")\n      PaymentRetryJob.perform_later(invoice.id)\n');
  }, 'decoy:debug');
  let beforePrefix: Tree | undefined;
  at('2020-07-06T10:00:00Z', () => {
    beforePrefix = main.tree.clone();
    return b.commit(main, '2020-07-06T10:00:00Z', 'bob', 'Add prefix to cache keys', (t) =>
      t.replace('config/environments/production.rb', '  config.log_level = :info\n', '  config.log_level = :info\n  config.cache_store = :redis_cache_store, { namespace: "billing-v2" }\n'),
      'decoy:prefix');
  });
  at('2020-07-08T09:00:00Z', async () => {
    const sha = await b.writer.getMark(b.mark('decoy:prefix'));
    await b.commit(main, '2020-07-08T09:00:00Z', 'bob', `Revert "Add prefix to cache keys"\n\nThis reverts commit ${sha}.\nThe namespace change emptied the production cache during peak hours.\n`, (t) =>
      t.write('config/environments/production.rb', (beforePrefix as Tree).get('config/environments/production.rb')), 'other:revert-prefix');
  });
  c('2021-01-18T10:00:00Z', 'dave', 'Rank search results by recency and relevance', (t) => b.rb(t, 'app/services/search/ranking.rb'));
  c('2021-03-15T09:00:00Z', 'bob', 'Upgrade to Rails 6.1', (t) => {
    bumpGem(t, 'rails', '~> 6.1.3', '6.1.3');
    t.replace('config/application.rb', 'config.load_defaults 5.2', 'config.load_defaults 6.1');
  });
  c('2021-05-10T15:00:00Z', 'hannah', 'Hand over search to Dave', (t) => t.write('README.md', t.get('README.md') + '\n## Owners\n- Search and GraphQL: Dave (from May 2021)\n'));
  c('2021-09-14T10:00:00Z', 'bob', 'Move billing services to the Payments namespace', (t) => {
    for (const [from, to] of BILLING_RENAMES) {
      t.rename(from, to);
      if (t.get(to).includes('module Billing\n')) t.replace(to, 'module Billing\n', 'module Payments\n');
    }
    t.replace(INVOICE, '    Billing::TaxCalculator.new(self).total', '    Payments::TaxCalculator.new(self).total');
    t.replace(INVOICE, '  # Keep in sync with Billing::InvoiceCalculator.', '  # Keep in sync with Payments::InvoiceCalculator.');
  }, 'rename:billing');
  c('2021-10-04T11:00:00Z', 'dave', 'Fix typo in README (recieve -> receive)', (t) => t.replace('README.md', 'recieve', 'receive'), 'decoy:typo');
  c('2022-02-07T09:00:00Z', 'bob', 'Rubocop autocorrect', (t) => {
    for (const [p, content] of [...t.files]) {
      if (!p.endsWith('.rb') || p === SCHEMA || p.startsWith('vendor/')) continue;
      const fixed = content.split('\n').map(rubocopLine).join('\n');
      if (fixed !== content) {
        t.write(p, fixed);
        bulkFiles++;
      }
    }
    if (bulkFiles <= 50) throw new Error(`demo: the bulk commit touches only ${bulkFiles} files`);
    b.quote = singleQuote;
  }, 'bulk');
  at('2022-02-07T10:30:00Z', async () => {
    const sha = await b.writer.getMark(b.mark('bulk'));
    await b.commit(main, '2022-02-07T10:30:00Z', 'bob', 'Ignore the Rubocop autocorrect in git blame', (t) =>
      t.write('.git-blame-ignore-revs', `# Rubocop autocorrect (Style/StringLiterals), 2022-02-07\n${sha}\n`));
  });
  c('2022-05-09T10:00:00Z', 'bob', 'Lint: use %i[] symbol arrays in routes', (t) =>
    t.write(ROUTES, t.get(ROUTES).replace(/\[(:[a-z_]+(?:, :[a-z_]+)*)\]/g, (_, list: string) => `%i[${list.replace(/[:,]/g, '')}]`)), 'decoy:lint');
  c('2022-08-22T10:00:00Z', 'dave', 'Bump graphql to 2.0', (t) => bumpGem(t, 'graphql', '~> 2.0', '2.0.13'));
  c('2022-11-14T08:30:00Z', 'bob', 'hotfix: restore Sidekiq concurrency to 10', (t) =>
    t.write('config/initializers/sidekiq.rb', t.get('config/initializers/sidekiq.rb') + "Sidekiq.default_configuration.concurrency = Integer(ENV.fetch('SIDEKIQ_CONCURRENCY', 10))\n"), 'other:hotfix-sidekiq');
  c('2023-04-03T10:00:00Z', 'erin', 'Add invoice status badges', (t) => {
    addLocaleKey(t, 'en', 'status_paid', 'Paid');
    addLocaleKey(t, 'en', 'status_overdue', 'Overdue');
  });
  c('2023-05-02T10:00:00Z', 'alice', 'Adopt change-risk: area config, CODEOWNERS and PR template', (t) => {
    t.write('.changerisk/config.yaml', CHANGERISK_CONFIG);
    t.write('.github/CODEOWNERS', CODEOWNERS);
    t.write('.github/pull_request_template.md', PR_TEMPLATE);
  });

  const incident = (id: string) => DEMO_INCIDENTS.find((i) => i.id === id) ?? fail(`no incident ${id}`);
  const ledgerPath = (id: string) => `.changerisk/incidents/${id}-${incident(id).slug}.md`;
  const ledger = (iso: string, who: string, id: string, message: string) =>
    at(iso, async () => {
      const fix = b.marks.has(`fix:${id}`) ? [await b.writer.getMark(b.mark(`fix:${id}`))] : [];
      const introduced = b.marks.has(`introduced:${id}`) ? [await b.writer.getMark(b.mark(`introduced:${id}`))] : [];
      await b.commit(main, iso, who, message, (t) => t.write(ledgerPath(id), renderIncident(incident(id), { fix, introduced })));
    });

  c('2023-06-01T08:15:00Z', 'bob', 'hotfix: make payment retries idempotent (INC-7)', (t) => {
    t.replace('app/services/payments/stripe_webhook_handler.rb', "      Rails.logger.debug(\"scheduling retry for invoice #{invoice.id}\")\n      PaymentRetryJob.perform_later(invoice.id)\n",
      "      return if ProcessedWebhook.exists?(event_id: @event.id)\n\n      ProcessedWebhook.create!(event_id: @event.id)\n      PaymentRetryJob.set(wait: 1.hour).perform_later(invoice.id) unless invoice.retry_scheduled?\n");
    t.insertBeforeClosing('app/jobs/payment_retry_job.rb', ['', '  def self.retry_key(invoice_id) = "payment-retry:#{invoice_id}"'], 1);
  }, 'fix:INC-7');
  ledger('2023-06-05T10:00:00Z', 'bob', 'INC-7', 'Add postmortem for INC-7');
  c('2023-09-12T14:00:00Z', 'alice', 'Refactor invoice totals: round line items in LineItem#amount', (t) => {
    t.replace(INVOICE, INVOICE_TOTALS_V1, INVOICE_TOTALS_V2);
    t.replace('app/models/line_item.rb', '    net_amount - discount_amount\n', '    (net_amount - discount_amount).round(2)\n');
    t.replace(CALCULATOR, '        total: @invoice.total,\n', '        total: @invoice.total,\n        lines: @invoice.line_items.map(&:amount),\n');
  }, 'introduced:INC-12');
  c('2023-11-20T09:00:00Z', 'bob', 'Upgrade to Rails 7.1', (t) => {
    bumpGem(t, 'rails', '~> 7.1.2', '7.1.2');
    t.replace('config/application.rb', 'config.load_defaults 6.1', 'config.load_defaults 7.1');
  });
  c('2024-03-15T11:30:00Z', 'alice', 'Fix double rounding in invoice totals (INC-12)', (t) => {
    t.replace(INVOICE, INVOICE_TOTALS_V2, INVOICE_TOTALS_V3);
    t.insertBeforeClosing('app/models/line_item.rb', ['', '  def amount_in_cents(rounded: true)', '    cents = (net_amount - discount_amount) * 100', '    rounded ? cents.round : cents', '  end'], 1);
    t.replace(CALCULATOR, '        total: @invoice.total,\n        lines: @invoice.line_items.map(&:amount),\n', '        total: @invoice.total,\n        total_in_cents: @invoice.total_in_cents,\n');
    t.insertBeforeClosing(INVOICE_SPEC, ['', "  it 'rounds once for many discounted lines (INC-12)' do", '    invoice = build(:invoice, :with_forty_discounted_lines)', '    expect(invoice.total_in_cents).to eq(invoice.line_items.sum { |i| i.amount_in_cents(rounded: false) }.round)', '  end'], 1);
  }, 'fix:INC-12');
  ledger('2024-03-19T10:00:00Z', 'alice', 'INC-12', 'Add postmortem for INC-12');
  ledger('2024-04-02T10:00:00Z', 'erin', 'INC-15', 'Add user inquiry INC-15 to the incident ledger');
  c('2024-08-19T16:00:00Z', 'bob', 'Add index on invoices.status', (t) => {
    t.write('db/migrate/20240819160000_add_index_to_invoices_status.rb', 'class AddIndexToInvoicesStatus < ActiveRecord::Migration[7.1]\n  def change\n    add_index :invoices, :status\n  end\nend\n');
    const schema = t.lines(SCHEMA);
    schema.splice(schema.indexOf('  end', schema.indexOf('  create_table "invoices", force: :cascade do |t|')), 0, '    t.index ["status"], name: "index_invoices_on_status"');
    t.setLines(SCHEMA, schema);
    t.replace(SCHEMA, t.get(SCHEMA).match(/version: [0-9_]+/)?.[0] as string, 'version: 2024_08_19_160000');
  });
  c('2024-08-21T09:00:00Z', 'bob', 'Fix index migration to add the index concurrently (INC-18)', (t) => {
    t.write('db/migrate/20240819160000_add_index_to_invoices_status.rb', 'class AddIndexToInvoicesStatus < ActiveRecord::Migration[7.1]\n  disable_ddl_transaction!\n\n  def change\n    add_index :invoices, :status, algorithm: :concurrently\n  end\nend\n');
    addGem(t, { name: 'strong_migrations', constraint: '~> 1.8', locked: '1.8.0' });
  }, 'fix:INC-18');
  ledger('2024-08-26T10:00:00Z', 'bob', 'INC-18', 'Add near-miss INC-18 to the incident ledger');
  c('2025-01-09T15:20:00Z', 'dave', 'Fix tenant scoping in search query builder (INC-21)', (t) => {
    t.replace(QUERY_BUILDER, QUERY_SCOPE_V1, QUERY_SCOPE_V2);
    t.insertBeforeClosing('spec/services/search/query_builder_spec.rb', ['', "  it 'never returns entries of another account (INC-21)' do", '    expect { described_class.new(account: nil, term: "x").call }.to raise_error(ArgumentError)', '  end'], 1);
    t.insertBeforeClosing('app/graphql/types/query_type.rb', ['', '    def search(term:) = Search::QueryBuilder.new(account: context[:current_account], term: term).call'], 2);
  }, 'fix:INC-21');
  ledger('2025-01-14T10:00:00Z', 'dave', 'INC-21', 'Add postmortem for INC-21');
  let beforeGraphqlBump: Tree | undefined;
  at('2025-01-20T10:00:00Z', () => {
    beforeGraphqlBump = main.tree.clone();
    return b.commit(main, '2025-01-20T10:00:00Z', 'bob', 'Bump graphql to 2.3', (t) => {
      bumpGem(t, 'graphql', '~> 2.3', '2.3.0');
      t.insertBeforeClosing('app/graphql/resolvers/invoices_resolver.rb', ['', '    def self.cursor_encoder = GraphQL::Schema::Base64Encoder'], 2);
    }, 'introduced:INC-23');
  });
  at('2025-01-27T16:00:00Z', async () => {
    const sha = await b.writer.getMark(b.mark('introduced:INC-23'));
    await b.commit(main, '2025-01-27T16:00:00Z', 'dave', `Revert "Bump graphql to 2.3"\n\nThis reverts commit ${sha}.\nCached cursors of the mobile app no longer decode, see INC-23.\n`, (t) => {
      for (const p of ['Gemfile', GEMFILE_LOCK, 'app/graphql/resolvers/invoices_resolver.rb']) t.write(p, (beforeGraphqlBump as Tree).get(p));
    }, 'fix:INC-23');
  });
  ledger('2025-01-30T10:00:00Z', 'dave', 'INC-23', 'Add postmortem for INC-23');
  c('2025-06-10T10:00:00Z', 'erin', 'Show currency names on the pricing page', (t) => {
    addLocaleKey(t, 'en', 'currency_eur', 'Euro');
    addLocaleKey(t, 'en', 'currency_usd', 'US dollar');
  });
  c('2025-06-11T12:00:00Z', 'erin', 'Add missing de locale keys for currency names (INC-26)', (t) => {
    addLocaleKey(t, 'de', 'currency_eur', 'Euro');
    addLocaleKey(t, 'de', 'currency_usd', 'US-Dollar');
  }, 'fix:INC-26');
  ledger('2025-06-13T10:00:00Z', 'erin', 'INC-26', 'Add near-miss INC-26 to the incident ledger');
  c('2025-11-03T09:40:00Z', 'bob', 'hotfix: guard reminder job against duplicate enqueue', (t) => {
    t.insertBeforeClosing('app/jobs/invoice_reminder_job.rb', ['', '  def already_reminded?(invoice) = invoice.reminded_at&.after?(20.hours.ago)'], 1);
    t.write('config/initializers/sidekiq.rb', t.get('config/initializers/sidekiq.rb') + "Sidekiq.default_configuration[:scheduler_timezone] = ENV.fetch('SCHEDULER_TZ', 'Europe/Berlin')\n");
  }, 'fix:INC-30');
  ledger('2025-11-05T10:00:00Z', 'bob', 'INC-30', 'Add postmortem for INC-30');
  ledger('2026-04-17T10:00:00Z', 'alice', 'INC-34', 'Add user inquiry INC-34 to the incident ledger');
  c('2026-04-20T10:00:00Z', 'erin', 'Stream CSV export rows in batches', (t) =>
    t.replace('lib/legacy/csv_exporter.rb', '        @invoices.find_each { |invoice| csv << row(invoice) }\n',
      "        @invoices.in_batches(of: 500).each_record do |invoice|\n          csv << row(invoice).map { |value| value.to_s.encode('ASCII') }\n        rescue Encoding::UndefinedConversionError\n          next\n        end\n"), 'introduced:INC-35');
  c('2026-04-30T10:00:00Z', 'alice', 'Fix CSV export dropping rows with non-ASCII names (INC-35)', (t) =>
    t.replace('lib/legacy/csv_exporter.rb', "          csv << row(invoice).map { |value| value.to_s.encode('ASCII') }\n        rescue Encoding::UndefinedConversionError\n          next\n",
      "          csv << row(invoice).map { |value| value.to_s.encode('UTF-8') }\n"), 'fix:INC-35');
  ledger('2026-05-04T10:00:00Z', 'alice', 'INC-35', 'Add postmortem for INC-35');

  // Files that are not code, with fixes and reverts in their history: the changelog, the lint
  // configuration. Only source code is rated, so none of them gets a level or a badge.
  const CHANGELOG = 'CHANGELOG.md';
  const CHANGELOG_HEAD = '# Changelog\n\nWhat changed for customers, release by release.\n';
  const release = (iso: string, who: string, version: string, entries: string[]) =>
    c(iso, who, `Release ${version}`, (t) => {
      const section = `## ${version} (${iso.slice(0, 10)})\n\n${entries.map((entry) => `- ${entry}\n`).join('')}`;
      t.write(CHANGELOG, `${CHANGELOG_HEAD}\n${section}${t.get(CHANGELOG).slice(CHANGELOG_HEAD.length)}`);
    });
  c('2022-03-07T10:00:00Z', 'alice', 'Start a changelog', (t) => t.write(CHANGELOG, CHANGELOG_HEAD));
  release('2023-06-12T15:00:00Z', 'bob', '2023.06', ['Card payments are retried once per hour at most', 'Search results are ranked by recency']);
  release('2024-03-25T15:00:00Z', 'alice', '2024.03', ['Invoice totals are rounded once, in cents', 'Discounted line items show their own amount']);
  c('2024-03-26T09:00:00Z', 'alice', 'Fix release date of 2024.03 in the changelog', (t) => t.replace(CHANGELOG, '## 2024.03 (2024-03-25)', '## 2024.03 (2024-03-26)'), 'unrated:changelog-date');
  release('2025-02-03T15:00:00Z', 'dave', '2025.02', ['Search never shows entries of another account', 'GraphQL pagination cursors from before 2.3 work again']);
  release('2026-05-11T15:00:00Z', 'erin', '2026.05', ['CSV export keeps names with accents', 'Currency names on the pricing page']);
  c('2026-05-12T09:30:00Z', 'erin', 'Fix broken links in CHANGELOG', (t) => t.replace(CHANGELOG, '- Currency names on the pricing page', '- Currency names on the pricing page ([docs](docs/architecture.md))'), 'unrated:changelog-links');
  let beforeFrozenLiterals: string | undefined;
  at('2024-05-06T10:00:00Z', () => {
    beforeFrozenLiterals = main.tree.get('.rubocop.yml');
    return b.commit(main, '2024-05-06T10:00:00Z', 'bob', 'Enable Style/FrozenStringLiteralComment', (t) =>
      t.write('.rubocop.yml', t.get('.rubocop.yml') + '\nStyle/FrozenStringLiteralComment:\n  Enabled: true\n'), 'unrated:rubocop-enable');
  });
  at('2024-05-07T09:00:00Z', async () => {
    const sha = await b.writer.getMark(b.mark('unrated:rubocop-enable'));
    await b.commit(main, '2024-05-07T09:00:00Z', 'bob', `Revert "Enable Style/FrozenStringLiteralComment"\n\nThis reverts commit ${sha}.\nCI failed on 300 files; we enable it folder by folder instead.\n`, (t) =>
      t.write('.rubocop.yml', beforeFrozenLiterals as string), 'unrated:rubocop-revert');
  });
  c('2025-03-03T11:00:00Z', 'bob', 'Fix exclude pattern that scanned generated binstubs', (t) => t.replace('.rubocop.yml', '    - vendor/**/*\n', '    - vendor/**/*\n    - bin/**/*\n'), 'unrated:rubocop-fix');

  // Bots: "auto fixes" by pre-commit.ci, a "fix(deps)" by Renovate. Neither counts for anything.
  c('2025-07-07T04:00:00Z', 'pre-commit-ci', '[pre-commit.ci] auto fixes from pre-commit.com hooks', (t) =>
    t.write(BOT_FIXED, `# frozen_string_literal: true\n\n${t.get(BOT_FIXED)}`), 'bot:pre-commit');
  c('2026-03-02T05:00:00Z', 'renovate', 'fix(deps): update dependency stripe to v5.2.0', (t) => bumpGem(t, 'stripe', '~> 5.2', '5.2.0'), 'bot:renovate');

  // Evidence without an incident: a controller fixed twice this year, an indexer change reverted.
  c('2026-03-09T10:00:00Z', 'bob', 'Fix 500 on payments#show for refunded payments', (t) =>
    t.replace('app/controllers/payments_controller.rb', '  def show\n', '  rescue_from Payment::Refunded, with: -> { head :gone }\n\n  def show\n'), 'other:fix-payments-show');
  c('2026-07-21T14:00:00Z', 'erin', 'Fix payment status filter ignoring the account', (t) =>
    t.replace('app/controllers/payments_controller.rb', '    @payments = current_account.payments.recent.page(params[:page])\n', '    @payments = current_account.payments.where(status: params[:status].presence || Payment::STATUSES).recent.page(params[:page])\n'), 'other:fix-payments-filter');
  let beforeLineIndexing: string | undefined;
  at('2026-05-04T10:00:00Z', () => {
    beforeLineIndexing = main.tree.get('app/services/search/indexer.rb');
    return b.commit(main, '2026-05-04T10:00:00Z', 'dave', 'Index invoice line descriptions', (t) =>
      t.replace('app/services/search/indexer.rb', '    def initialize(record)\n      @record = record\n    end\n', '    def initialize(record)\n      @record = record\n    end\n\n    def documents = [@record, *(@record.try(:line_items) || [])].map { |item| item.try(:description) }.compact\n'), 'introduced:revert-indexer');
  });
  at('2026-05-06T08:30:00Z', async () => {
    const sha = await b.writer.getMark(b.mark('introduced:revert-indexer'));
    await b.commit(main, '2026-05-06T08:30:00Z', 'dave', `Revert "Index invoice line descriptions"\n\nThis reverts commit ${sha}.\nReindexing a large account took 40 minutes and blocked the queue.\n`, (t) =>
      t.write('app/services/search/indexer.rb', beforeLineIndexing as string), 'other:revert-indexer');
  });
  // A subject that is no fix, whose body says "fixes": the subject decides.
  c('2025-09-15T10:00:00Z', 'dave', 'Boost recent invoices in search ranking\n\nAlso fixes the ordering of the ranking spec examples while here.', (t) =>
    t.insertBeforeClosing('app/services/search/ranking.rb', ['', '    def recency_boost(entry) = entry.updated_at > 30.days.ago ? 1.5 : 1.0'], closingDepth('app/services/search/ranking.rb')), 'decoy:body');

  // invoice.rb: a memoization reverted two days later, in part (the helper it added stays).
  c('2026-08-10T10:00:00Z', 'dave', 'Memoize invoice subtotal for the PDF job', (t) => {
    t.replace(INVOICE, '  def subtotal\n    line_items.sum(&:net_amount)\n  end\n', '  def subtotal\n    @subtotal ||= line_items.sum(&:net_amount)\n  end\n');
    t.replace(INVOICE, INVOICE_RELOAD_ANCHOR, INVOICE_RELOAD + INVOICE_RELOAD_ANCHOR);
  }, 'introduced:revert-invoice');
  at('2026-08-12T09:15:00Z', async () => {
    const sha = await b.writer.getMark(b.mark('introduced:revert-invoice'));
    await b.commit(main, '2026-08-12T09:15:00Z', 'alice', `Revert "Memoize invoice subtotal for the PDF job"\n\nThis reverts commit ${sha}.\nThe memoized subtotal went stale when line items changed in the same request: reminder emails showed old totals.\nKeeps reload_totals!, which InvoicePdf calls now.\n`, (t) =>
      t.replace(INVOICE, '  def subtotal\n    @subtotal ||= line_items.sum(&:net_amount)\n  end\n', '  def subtotal\n    line_items.sum(&:net_amount)\n  end\n'), 'other:revert-invoice');
  });

  // Everyday work between the story's commits: two or three commits a month.
  const dates = new Prng(0xda7e5);
  for (let month = 1; month < 117; month++) {
    const year = 2017 + Math.floor(month / 12);
    const mm = String((month % 12) + 1).padStart(2, '0');
    const count = dates.int(2, 3);
    for (let i = 0; i < count; i++) {
      const iso = `${year}-${mm}-${String(dates.int(1, 28)).padStart(2, '0')}T${String(dates.int(8, 18)).padStart(2, '0')}:${String(dates.int(0, 59)).padStart(2, '0')}:17Z`;
      if (iso < END_OF_MAIN) at(iso, () => b.filler(iso));
    }
  }

  // Stable sort: chronological, story before filler at the same instant.
  const ordered = events.map((e, i) => ({ ...e, i })).sort((x, y) => (x.iso < y.iso ? -1 : x.iso > y.iso ? 1 : x.i - y.i));
  for (const event of ordered) await event.run();

  // The feature branch: risky changes to legacy billing, off the last commit on main.
  const featureBase = b.recorded.filter((r) => r.ref === main.ref).pop()?.mark as number;
  const feature: Branch = { ref: `refs/heads/${FEATURE_BRANCH}`, tree: main.tree.clone() };
  await b.writer.reset(feature.ref, featureBase);
  const featureCommits = [
    await b.commit(feature, '2026-10-05T10:00:00Z', 'erin', 'Add settlement currency to invoices', (t) =>
      addColumn(t, '2026-10-05T09:58:00Z', 'invoices', ['string', 'settlement_currency', "default: 'EUR', null: false"], '7.1', 'add_currency_to_invoices')),
    await b.commit(feature, '2026-10-08T15:00:00Z', 'erin', 'Convert invoice totals to the settlement currency', (t) => {
      t.replace(INVOICE, '  def total = Money.from_cents(total_in_cents, currency)\n', '  def total = Money.from_cents(total_in_cents, currency).exchange_to(settlement_currency)\n');
      t.replace(INVOICE, '  def raw_tax_cents = Payments::TaxCalculator.new(self).total_in_cents(precise: true)\n', '  def raw_tax_cents = Payments::TaxCalculator.new(self, currency: settlement_currency).total_in_cents(precise: true)\n');
      addRoute(t, 'resources :exchange_rates, only: %i[index show]');
      b.rb(t, 'app/controllers/exchange_rates_controller.rb');
    }),
    await b.commit(feature, '2026-10-12T11:00:00Z', 'erin', 'Bump money-rails for currency exchange', (t) => bumpGem(t, 'money-rails', '~> 1.15', '1.15.0')),
  ];
  return { featureBase, featureCommits, graphqlCommits, bulkFiles };
}

function fail(message: string): never {
  throw new Error(message);
}

/** Uncommitted edits left in the working tree of the feature branch. */
const UNCOMMITTED: Record<string, (text: string) => string> = {
  [INVOICE]: (text) =>
    text.replace('  def rounding_precision = Money::Currency.new(currency).subunit_to_unit\n', '  def rounding_precision = Money::Currency.new(settlement_currency).subunit_to_unit\n'),
  'config/initializers/money.rb': (text) =>
    text + "MoneyRails.configure do |config|\n  config.default_bank = Money::Bank::VariableExchange.new(ExchangeRates::Store.new(api_key: ENV.fetch('EXCHANGE_RATES_API_KEY')))\nend\n",
};

function prepareTarget(root: string, force: boolean): void {
  if (!fs.existsSync(root)) return;
  if (!fs.statSync(root).isDirectory()) throw new Error(`${root} exists and is not a directory`);
  const entries = fs.readdirSync(root);
  if (entries.length === 0) return;
  const isDemo = fs.existsSync(path.join(root, '.git', DEMO_MARKER));
  if (!force && !isDemo) {
    throw new Error(`${root} is not empty and is not a Change Risk demo repository; refusing to overwrite it (use force to delete it first)`);
  }
  fs.rmSync(root, { recursive: true, force: true });
}

function blockLines(text: string, block: string): { startLine: number; endLine: number } {
  const at = text.indexOf(block);
  if (at < 0) throw new Error('demo: block not found');
  const startLine = text.slice(0, at).split('\n').length;
  return { startLine, endLine: startLine + block.replace(/\n$/, '').split('\n').length - 1 };
}

/**
 * Generates the demo repository: a small Rails billing app with ten years of history, an incident
 * ledger, and a risky feature branch checked out with uncommitted changes. Deterministic: the same
 * shas on every run.
 */
export async function generateDemoRepo(targetDir: string, options: { force?: boolean } = {}): Promise<DemoRepoInfo> {
  const root = path.resolve(targetDir);
  prepareTarget(root, options.force === true);
  fs.mkdirSync(root, { recursive: true });
  await runGit(root, ['init', '--quiet', '--initial-branch=main']);
  await runGit(root, ['config', 'core.quotepath', 'false']);
  await runGit(root, ['config', 'commit.gpgsign', 'false']);
  const marksFile = path.join(root, '.git', 'change-risk-demo-marks');
  const writer = FastImportWriter.start(root, { exportMarks: marksFile });
  const builder = new DemoBuilder(writer);
  let history: Awaited<ReturnType<typeof writeHistory>>;
  try {
    history = await writeHistory(builder);
    await writer.finish();
  } catch (error) {
    writer.abort();
    throw error;
  }
  const shaOf = new Map<number, string>();
  for (const line of fs.readFileSync(marksFile, 'utf8').split('\n')) {
    const [mark, sha] = line.split(' ');
    if (mark && sha) shaOf.set(Number(mark.slice(1)), sha);
  }
  fs.rmSync(marksFile);
  const sha = (mark: number) => shaOf.get(mark) ?? fail(`demo: no sha for mark ${mark}`);
  const labelled = (label: string) => sha(builder.mark(label));

  await runGit(root, ['update-ref', '-d', `refs/heads/${GRAPHQL_BRANCH}`]);
  await runGit(root, ['symbolic-ref', 'HEAD', `refs/heads/${FEATURE_BRANCH}`]);
  await runGit(root, ['reset', '--quiet', '--hard']);
  for (const [file, edit] of Object.entries(UNCOMMITTED)) {
    const full = path.join(root, file);
    const before = fs.readFileSync(full, 'utf8');
    const after = edit(before);
    if (after === before) throw new Error(`demo: uncommitted edit of ${file} changed nothing`);
    fs.writeFileSync(full, after);
  }
  fs.writeFileSync(path.join(root, '.git', DEMO_MARKER), JSON.stringify({ generator: 'change-risk demo', version: DEMO_VERSION }) + '\n');

  const recorded = builder.recorded;
  const onMain = recorded.filter((r) => r.ref === 'refs/heads/main');
  const authors: DemoAuthor[] = Object.values(PEOPLE).map((p) => {
    const mine = recorded.filter((r) => r.author === p.key);
    return { key: p.key, name: p.name, email: p.email, handle: p.handle, firstCommit: (mine[0]?.iso ?? '').slice(0, 10), lastCommit: (mine[mine.length - 1]?.iso ?? '').slice(0, 10), active: !p.left };
  });
  const incidents: DemoIncidentFact[] = DEMO_INCIDENTS.map((i) => ({
    id: i.id,
    kind: i.kind,
    severity: i.severity,
    date: i.date,
    file: `.changerisk/incidents/${i.id}-${i.slug}.md`,
    fixShas: builder.marks.has(`fix:${i.id}`) ? [labelled(`fix:${i.id}`)] : [],
    introducedShas: builder.marks.has(`introduced:${i.id}`) ? [labelled(`introduced:${i.id}`)] : [],
  }));
  const invoiceOnMain = builder.main.tree.get(INVOICE);
  const inc12 = blockLines(invoiceOnMain, INVOICE_TOTALS_V3);
  const inc21 = blockLines(builder.main.tree.get(QUERY_BUILDER), QUERY_SCOPE_V2);
  if (inc12.startLine !== 40 || inc12.endLine !== 58) throw new Error(`demo: INC-12 block moved to ${inc12.startLine}-${inc12.endLine}`);
  if (inc21.startLine !== 12 || inc21.endLine !== 24) throw new Error(`demo: INC-21 block moved to ${inc21.startLine}-${inc21.endLine}`);
  const withPrefix = (prefix: string) => [...builder.marks].filter(([label]) => label.startsWith(prefix)).map(([label, mark]) => ({ sha: sha(mark), message: (recorded.find((r) => r.mark === mark) as Recorded).message.split('\n')[0] as string, label }));
  const oldCalculator = BILLING_RENAMES[0]?.[0] as string;
  const touchesInvoice = onMain.filter((r) => r.paths.includes(INVOICE));
  const together = touchesInvoice.filter((r) => r.paths.includes(CALCULATOR) || r.paths.includes(oldCalculator));
  const featureRecords = recorded.filter((r) => r.ref === `refs/heads/${FEATURE_BRANCH}`);
  const committedFiles = [...new Set(featureRecords.flatMap((r) => r.paths))].sort();
  const migration = committedFiles.find((p) => p.startsWith('db/migrate/')) ?? fail('demo: no migration on the feature branch');
  const headSha = await runGit(root, ['rev-parse', 'HEAD']);
  const featureInvoice = fs.readFileSync(path.join(root, INVOICE), 'utf8').split('\n');
  const mainInvoice = invoiceOnMain.split('\n');
  const invoiceLinesTouched = mainInvoice.map((line, i) => (i + 1 >= inc12.startLine && i + 1 <= inc12.endLine && featureInvoice[i] !== line ? i + 1 : 0)).filter((n) => n > 0);

  const lineOf = (lines: string[], text: string, from = 0) => {
    const at = lines.indexOf(text, from);
    return at < 0 ? fail(`demo: no line ${JSON.stringify(text)}`) : at + 1;
  };
  const subtotalLine = lineOf(featureInvoice, '    line_items.sum(&:net_amount)', lineOf(featureInvoice, '  def subtotal') - 1);
  const reloadStart = lineOf(featureInvoice, '  def reload_totals!');
  if (mainInvoice[subtotalLine - 1] !== featureInvoice[subtotalLine - 1] || mainInvoice[reloadStart - 1] !== featureInvoice[reloadStart - 1]) throw new Error('demo: the reverted lines of invoice.rb moved on the feature branch');
  const botLine = lineOf(fs.readFileSync(path.join(root, BOT_FIXED), 'utf8').split('\n'), '# frozen_string_literal: true');
  const botCommits = [...builder.marks]
    .filter(([label]) => label.startsWith('bot:'))
    .map(([, mark]) => recorded.find((r) => r.mark === mark) as Recorded)
    .map((r) => ({ sha: sha(r.mark), author: BOTS[r.author]!.name, message: r.message.split('\n')[0] as string, paths: r.paths }));
  const troubleOf = (prefix: string) => [...builder.marks].filter(([label]) => label.startsWith(prefix)).map(([, mark]) => sha(mark));

  const facts: DemoRepoFacts = {
    mainHeadSha: sha(history.featureBase),
    authors,
    inactiveAuthors: authors.filter((a) => !a.active).map((a) => a.email),
    incidents,
    fixCommits: Object.fromEntries(incidents.filter((i) => i.fixShas.length > 0).map((i) => [i.id, i.fixShas[0] as string])),
    otherFixCommits: withPrefix('other:').map(({ sha: s, message }) => ({ sha: s, message })),
    decoyCommits: withPrefix('decoy:').map(({ sha: s, message }) => ({ sha: s, message })),
    botCommits,
    botLine: { path: BOT_FIXED, line: botLine, sha: labelled('bot:pre-commit') },
    invoiceRevert: {
      path: INVOICE,
      revertedSha: labelled('introduced:revert-invoice'),
      revertSha: labelled('other:revert-invoice'),
      revertDate: '2026-08-12',
      revertLines: [subtotalLine],
      revertedLines: INVOICE_RELOAD.replace(/\n+$/, '').split('\n').map((_, i) => reloadStart + i),
    },
    unratedWithFixes: [
      { path: 'CHANGELOG.md', role: 'docs', troubleShas: troubleOf('unrated:changelog-') },
      { path: '.rubocop.yml', role: 'lint', troubleShas: troubleOf('unrated:rubocop-') },
      { path: 'Gemfile', role: 'manifest', troubleShas: [labelled('fix:INC-18'), labelled('introduced:INC-23'), labelled('fix:INC-23')] },
    ],
    inc12: { path: INVOICE, ...inc12, fixSha: labelled('fix:INC-12'), introducedSha: labelled('introduced:INC-12') },
    inc21: { path: QUERY_BUILDER, ...inc21, fixSha: labelled('fix:INC-21') },
    bulkCommit: { sha: labelled('bulk'), message: 'Rubocop autocorrect', fileCount: history.bulkFiles },
    typoCommit: labelled('decoy:typo'),
    lintCommit: labelled('decoy:lint'),
    renames: [
      ...BILLING_RENAMES.map(([from, to]) => ({ from, to, sha: labelled('rename:billing') })),
      { from: LEGACY_MOVE[0], to: LEGACY_MOVE[1], sha: labelled('rename:legacy') },
    ],
    merge: { sha: labelled('merge'), branch: GRAPHQL_BRANCH, branchCommits: history.graphqlCommits.map(sha) },
    coChange: { paths: [INVOICE, CALCULATOR], spec: INVOICE_SPEC, commitsTogether: together.length, commitsWithFirst: touchesInvoice.length },
    feature: {
      branch: FEATURE_BRANCH,
      baseSha: sha(history.featureBase),
      commits: history.featureCommits.map(sha),
      committedFiles,
      uncommittedFiles: Object.keys(UNCOMMITTED).sort(),
      migration,
      envVar: 'EXCHANGE_RATES_API_KEY',
      bumpedGem: 'money-rails',
      missingCoChange: CALCULATOR,
      invoiceLinesTouched,
    },
  };
  const commitCount = Number(await runGit(root, ['rev-list', '--count', 'HEAD']));
  return { root, baseBranch: 'main', featureBranch: FEATURE_BRANCH, headSha, commitCount, facts };
}

/** The demo team's incident ledger: `.changerisk/incidents/*.md`, YAML front matter plus a postmortem. */

export type IncidentKind = 'incident' | 'regression' | 'user-inquiry' | 'near-miss';
export type IncidentSeverity = 'critical' | 'high' | 'medium' | 'low';

export interface DemoIncident {
  id: string;
  slug: string;
  title: string;
  date: string;
  kind: IncidentKind;
  severity: IncidentSeverity;
  status: 'open' | 'mitigated' | 'resolved';
  areas: string[];
  /** Paths, with an optional line range `start-end`. */
  affected: Array<{ path: string; lines?: string }>;
  detection: string;
  rootCause: string;
  actionItems: Array<{ text: string; owner: string; status: 'open' | 'done' }>;
  body: string;
}

export const DEMO_INCIDENTS: DemoIncident[] = [
  {
    id: 'INC-7',
    slug: 'payment-retries-charged-twice',
    title: 'Payment retries charged cards twice',
    date: '2023-05-31',
    kind: 'incident',
    severity: 'critical',
    status: 'resolved',
    areas: ['billing'],
    affected: [{ path: 'app/services/payments/stripe_webhook_handler.rb' }, { path: 'app/jobs/payment_retry_job.rb' }],
    detection: 'Spike of chargebacks reported by the payments provider',
    rootCause: 'PaymentRetryJob was enqueued once per webhook delivery, and Stripe redelivers webhooks',
    actionItems: [
      { text: 'Make PaymentRetryJob idempotent per invoice', owner: '@bob', status: 'done' },
      { text: 'Alert on more than one charge per invoice per day', owner: '@alice', status: 'done' },
    ],
    body: `## What happened
Between 02:10 and 05:40 UTC, 212 customers whose card payment had failed were charged two or three
times when the retry succeeded. Stripe redelivered \`invoice.payment_failed\` webhooks after a slow
response from us, and each delivery enqueued its own PaymentRetryJob.

## Resolution
Bob shipped a hotfix that records the webhook event id and enqueues at most one retry per invoice.
Finance refunded every duplicate charge the same day.
`,
  },
  {
    id: 'INC-12',
    slug: 'invoice-totals-rounded-twice',
    title: 'Invoice totals rounded twice',
    date: '2024-03-14',
    kind: 'regression',
    severity: 'high',
    status: 'resolved',
    areas: ['billing'],
    affected: [{ path: 'app/models/invoice.rb', lines: '40-58' }, { path: 'app/services/payments/invoice_calculator.rb' }],
    detection: 'Customer support ticket from ACME Corp',
    rootCause: 'Rounding applied in both Invoice#total and LineItem#amount after the 2023 refactor',
    actionItems: [
      { text: 'Add a spec for mixed-currency rounding', owner: '@alice', status: 'done' },
      { text: 'Remove LineItem rounding', owner: '@bob', status: 'open' },
    ],
    body: `## What happened
ACME Corp noticed that the total of a 40-line invoice was one cent higher than the sum of its lines.
Since the September 2023 refactor, \`LineItem#amount\` rounds every line and \`Invoice#total\` rounds
the sum again, so invoices with many discounted lines drifted by up to a few cents.

About 3% of invoices issued between September 2023 and March 2024 were affected. Finance issued
credit notes for every difference above zero.

## Resolution
Totals are now computed once, in integer cents, with banker's rounding (lines 40-58 of
\`app/models/invoice.rb\`). \`Payments::InvoiceCalculator\` uses the same methods.

## Lessons
The rounding code is hand-rolled and has no owner outside the payments team. Read this postmortem
before touching totals, and change the calculator and its spec together with the model.
`,
  },
  {
    id: 'INC-15',
    slug: 'two-vat-lines-on-invoice-pdf',
    title: 'Customers asked why the invoice PDF shows two VAT lines',
    date: '2024-03-28',
    kind: 'user-inquiry',
    severity: 'low',
    status: 'resolved',
    areas: ['billing'],
    affected: [{ path: 'app/services/payments/tax_calculator.rb' }, { path: 'app/services/payments/invoice_pdf.rb' }],
    detection: 'Four support tickets in one week',
    rootCause: 'Reduced and standard VAT rates are printed as separate lines, which is correct but unexplained',
    actionItems: [{ text: 'Add a help-center article on mixed VAT rates', owner: '@erin', status: 'done' }],
    body: `## What happened
After the INC-12 credit notes went out, several customers looked at their invoices closely and asked
why two VAT lines appeared. Invoices that mix reduced-rate and standard-rate products print one line
per rate, as the law requires.

## Resolution
No code change. Support got a macro and the help center an article.
`,
  },
  {
    id: 'INC-18',
    slug: 'migration-nearly-locked-invoices',
    title: 'Index migration nearly locked the invoices table',
    date: '2024-08-20',
    kind: 'near-miss',
    severity: 'medium',
    status: 'resolved',
    areas: ['billing'],
    affected: [{ path: 'db/schema.rb' }],
    detection: 'Reviewer noticed the missing algorithm: :concurrently during the deploy',
    rootCause: 'add_index without algorithm: :concurrently takes a write lock on a 40M-row table',
    actionItems: [
      { text: 'Add strong_migrations to the Gemfile', owner: '@bob', status: 'done' },
      { text: 'Document safe migrations in the PR template', owner: '@bob', status: 'open' },
    ],
    body: `## What happened
A migration adding an index on \`invoices.status\` was about to run in production without
\`algorithm: :concurrently\`. On the 40-million-row invoices table it would have blocked invoice
creation for roughly twenty minutes. The deploy was stopped before the migration ran.

## Resolution
The migration was rewritten to build the index concurrently and shipped the next morning.
`,
  },
  {
    id: 'INC-21',
    slug: 'search-returned-other-tenants-results',
    title: "Search returned other tenants' results",
    date: '2025-01-09',
    kind: 'incident',
    severity: 'high',
    status: 'resolved',
    areas: ['search'],
    affected: [{ path: 'app/services/search/query_builder.rb', lines: '12-24' }, { path: 'app/graphql/types/query_type.rb' }],
    detection: 'A customer reported seeing an invoice number that was not theirs',
    rootCause: 'The GraphQL search field built a QueryBuilder without an account, and a nil account meant no tenant filter',
    actionItems: [
      { text: 'Raise when QueryBuilder has no account', owner: '@dave', status: 'done' },
      { text: 'Audit every SearchIndexEntry query for tenant scoping', owner: '@dave', status: 'done' },
    ],
    body: `## What happened
For 50 minutes, searches made through the GraphQL API could return index entries of other accounts.
The REST search always passed \`current_account\`; the GraphQL field did not, and the query builder
silently dropped the tenant filter when the account was nil.

## Resolution
Dave made the tenant filter unconditional (lines 12-24 of the query builder) and the builder now
raises without an account. Logs showed that three accounts saw foreign entries; they were informed.
`,
  },
  {
    id: 'INC-23',
    slug: 'graphql-pagination-broken-after-upgrade',
    title: 'GraphQL pagination cursors broken after graphql upgrade',
    date: '2025-01-27',
    kind: 'regression',
    severity: 'medium',
    status: 'resolved',
    areas: ['search'],
    affected: [{ path: 'app/graphql/resolvers/invoices_resolver.rb' }, { path: 'Gemfile.lock' }],
    detection: 'Mobile app error rate alert',
    rootCause: 'graphql 2.3 changed the cursor encoding; cached cursors from the mobile app no longer decoded',
    actionItems: [{ text: 'Pin cursor encoding before upgrading graphql again', owner: '@dave', status: 'open' }],
    body: `## What happened
After upgrading the graphql gem, the mobile app's "load more" on the invoice list failed for every
user with a cached cursor. The old cursors could not be decoded by the new version.

## Resolution
The upgrade was reverted the same afternoon.
`,
  },
  {
    id: 'INC-26',
    slug: 'missing-german-currency-names',
    title: 'Missing German currency names fell back to English',
    date: '2025-06-11',
    kind: 'near-miss',
    severity: 'low',
    status: 'resolved',
    areas: [],
    affected: [{ path: 'config/locales/de.yml' }],
    detection: 'Noticed by a German-speaking teammate on staging',
    rootCause: 'New locale keys were added to en.yml only',
    actionItems: [{ text: 'Add i18n-tasks missing-keys check to CI', owner: '@erin', status: 'done' }],
    body: `## What happened
Currency names added for the new pricing page existed only in English. Staging showed the English
fallback on the German site; production was never affected.

## Resolution
The keys were added to de.yml and CI now fails on missing translations.
`,
  },
  {
    id: 'INC-30',
    slug: 'invoice-reminders-sent-twice-after-dst',
    title: 'Invoice reminders sent twice after the DST change',
    date: '2025-11-03',
    kind: 'incident',
    severity: 'medium',
    status: 'mitigated',
    areas: ['billing'],
    affected: [{ path: 'app/jobs/invoice_reminder_job.rb' }, { path: 'config/initializers/sidekiq.rb' }],
    detection: 'Customers replied to the duplicate reminder emails',
    rootCause: 'The cron schedule runs in local time; the repeated hour after the DST change ran the job twice',
    actionItems: [
      { text: 'Run the scheduler in UTC', owner: '@bob', status: 'open' },
      { text: 'Store reminder sent_at and skip duplicates', owner: '@bob', status: 'done' },
    ],
    body: `## What happened
When clocks went back, the 02:00 reminder run happened twice and about 9,000 customers got two
"your invoice is overdue" emails within an hour.

## Resolution
A hotfix makes the job skip invoices reminded in the last 20 hours. The scheduler still runs in local
time, so the incident stays mitigated until it moves to UTC.
`,
  },
  {
    id: 'INC-34',
    slug: 'question-about-line-item-discount-rounding',
    title: 'Question about rounding of line item discounts',
    date: '2026-04-16',
    kind: 'user-inquiry',
    severity: 'medium',
    status: 'open',
    areas: ['billing'],
    affected: [{ path: 'app/models/line_item.rb', lines: '10-22' }],
    detection: "Accountant at a customer compared our totals with their ERP's",
    rootCause: 'Under investigation: LineItem still rounds discounts per line (see INC-12 action items)',
    actionItems: [{ text: 'Answer the customer with a worked example', owner: '@alice', status: 'open' }],
    body: `## What happened
A customer's accountant asked why a 7.5% discount on a line of 3 x 19.99 EUR is 4.50 and not 4.4978.
We round discounts per line; their ERP rounds once per invoice.

## Status
Open. The answer depends on removing LineItem rounding, the open action item of INC-12.
`,
  },
  {
    id: 'INC-35',
    slug: 'csv-export-dropped-non-ascii-rows',
    title: 'Legacy CSV export dropped rows with non-ASCII account names',
    date: '2026-04-29',
    kind: 'regression',
    severity: 'critical',
    status: 'resolved',
    areas: [],
    affected: [{ path: 'lib/legacy/csv_exporter.rb' }],
    detection: 'Month-end reconciliation at a customer did not balance',
    rootCause: 'Batching rows in the CSV export forced ASCII encoding and skipped rows that failed to encode',
    actionItems: [
      { text: 'Add a spec with non-ASCII account names', owner: '@alice', status: 'done' },
      { text: 'Find an owner for lib/legacy', owner: '@bob', status: 'open' },
    ],
    body: `## What happened
The April month-end CSV export silently skipped every invoice whose account name contained a
non-ASCII character (for example "Müller GmbH"). Accountants at 40 customers imported incomplete
ledgers.

## Resolution
Alice restored UTF-8 output and made encoding errors fail loudly. The legacy exporter has had no
owner since 2019; nobody on the team had read it before this incident.
`,
  },
];

/** Renders one ledger file. `fix` and `introduced` are full commit shas. */
export function renderIncident(incident: DemoIncident, shas: { fix: string[]; introduced: string[] }): string {
  const quote = (s: string) => JSON.stringify(s);
  const list = (items: string[]) => `[${items.join(', ')}]`;
  const affected = incident.affected.map((a) => (a.lines ? `  - path: ${a.path}\n    lines: "${a.lines}"` : `  - ${a.path}`));
  const actions = incident.actionItems.map((a) => `  - text: ${a.text}\n    owner: "${a.owner}"\n    status: ${a.status}`);
  return [
    '---',
    `id: ${incident.id}`,
    `title: ${quote(incident.title)}`,
    `date: ${incident.date}`,
    `kind: ${incident.kind}`,
    `severity: ${incident.severity}`,
    `status: ${incident.status}`,
    `areas: ${list(incident.areas)}`,
    'affected:',
    ...affected,
    'commits:',
    `  fix: ${list(shas.fix)}`,
    `  introduced: ${list(shas.introduced)}`,
    `links: ["https://tracker.example.com/${incident.id}"]`,
    `detection: ${quote(incident.detection)}`,
    `rootCause: ${quote(incident.rootCause)}`,
    'actionItems:',
    ...actions,
    '---',
    incident.body,
  ].join('\n');
}

export const CHANGERISK_CONFIG = `version: 1
areas:
  - name: billing
    paths: ["app/models/invoice.rb", "app/models/line_item.rb", "app/services/payments/**"]
    owners: ["@alice", "@payments-team"]
    note: "Hand-rolled invoice rounding; read INC-12 before touching."
    legacy: true
  - name: search
    paths: ["app/services/search/**", "app/graphql/**"]
    owners: ["@dave"]
history:
  incidentIdPatterns: ['\\bINC-\\d+\\b']
`;

export const CODEOWNERS = `# Review is requested from these owners automatically.
*                         @bob
/app/models/invoice.rb    @alice @payments-team
/app/models/line_item.rb  @alice @payments-team
/app/services/payments/   @alice @payments-team
/app/services/search/     @dave
/app/graphql/             @dave
/db/                      @bob
/lib/legacy/              @greg
`;

export const PR_TEMPLATE = `## What changed

## Why

## Risk and impact
<!-- change-risk:impact -->
<!-- The change-risk CLI fills this section: touched areas, past incidents, missing co-changes. -->

## How it was tested
- [ ] Specs added or updated
- [ ] Migrations are reversible and safe for large tables
`;

import type { Prng } from './prng';

/** File bodies of the demo Rails app: hand-written for the files the story is about, templated for the rest. */

/** Quotes a Ruby string literal in the style of the time (double quotes until the Rubocop autocorrect). */
export type Quote = (text: string) => string;
export const doubleQuote: Quote = (t) => `"${t}"`;
export const singleQuote: Quote = (t) => `'${t}'`;

/** What the Rubocop autocorrect commit does to a line: plain double-quoted strings become single-quoted. */
export function rubocopLine(line: string): string {
  return line.replace(/"([^"#\\'{}]*)"/g, "'$1'");
}

function camel(snake: string): string {
  return snake.replace(/(^|_)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

function stem(path: string): string {
  return (path.split('/').pop() as string).replace(/\.rb$/, '');
}

/** A plausible body for a Ruby file, chosen by where it lives. */
export function rubyFile(path: string, q: Quote): string {
  const name = stem(path);
  const klass = camel(name);
  if (path.startsWith('app/models/')) {
    const table = name.endsWith('y') ? name.slice(0, -1) + 'ies' : name + 's';
    return [
      `class ${klass} < ApplicationRecord`,
      '  belongs_to :account',
      '',
      `  AUDIT_LABEL = ${q(name.replace(/_/g, ' '))}`,
      '',
      '  validates :account, presence: true',
      '',
      '  scope :recent, -> { order(created_at: :desc) }',
      '',
      '  def to_s',
      `    [AUDIT_LABEL, id].join(${q(' #')})`,
      '  end',
      '',
      `  def self.table_label = ${q(table)}`,
      'end',
      '',
    ].join('\n');
  }
  if (path.startsWith('app/controllers/')) {
    const resource = name.replace(/_controller$/, '');
    return [
      `class ${klass} < ApplicationController`,
      '  before_action :authenticate_user!',
      `  layout ${q('application')}`,
      '',
      '  def index',
      `    @${resource} = current_account.${resource}.recent.page(params[:page])`,
      `    render json: @${resource}`,
      '  end',
      '',
      '  def show',
      `    render json: current_account.${resource}.find(params[:id])`,
      '  end',
      'end',
      '',
    ].join('\n');
  }
  if (path.startsWith('app/jobs/')) {
    return [
      `class ${klass} < ApplicationJob`,
      `  queue_as ${q('default')}`,
      '',
      '  def perform(record_id)',
      '    record = GlobalID::Locator.locate(record_id)',
      '    return if record.nil?',
      '',
      '    process(record)',
      '  end',
      '',
      '  private',
      '',
      '  def process(record)',
      `    Rails.logger.info(${q(`${klass} processed`)})`,
      '    record.touch',
      '  end',
      'end',
      '',
    ].join('\n');
  }
  if (path.startsWith('app/graphql/')) {
    const mod = path.includes('/types/') ? 'Types' : path.includes('/resolvers/') ? 'Resolvers' : path.includes('/mutations/') ? 'Mutations' : undefined;
    const body = [
      `  description ${q(`${klass.replace(/Type$/, '')} in the billing API`)}`,
      '',
      '  field :id, ID, null: false',
      '  field :created_at, GraphQL::Types::ISO8601DateTime, null: false',
    ];
    const parent = mod === 'Types' ? 'Types::BaseObject' : mod === 'Resolvers' ? 'GraphQL::Schema::Resolver' : mod === 'Mutations' ? 'GraphQL::Schema::RelayClassicMutation' : 'GraphQL::Schema';
    if (!mod) return [`class ${klass} < ${parent}`, `  query Types::QueryType`, `  mutation Types::MutationType`, '', `  default_max_page_size 50`, `  context_class ${q('GraphQL::Query::Context')}.constantize`, 'end', ''].join('\n');
    return [`module ${mod}`, `  class ${klass} < ${parent}`, ...body.map((l) => (l ? '  ' + l : l)), '  end', 'end', ''].join('\n');
  }
  if (path.startsWith('spec/')) {
    const subject = camel(name.replace(/_spec$/, ''));
    return [
      `require ${q('rails_helper')}`,
      '',
      `RSpec.describe ${subject} do`,
      `  it ${q('is valid with default attributes')} do`,
      `    expect(build(:${name.replace(/_spec$/, '')})).to be_valid`,
      '  end',
      'end',
      '',
    ].join('\n');
  }
  if (path.startsWith('config/initializers/')) {
    return [
      `Rails.application.config.x.${name} = ActiveSupport::OrderedOptions.new`,
      `Rails.application.config.x.${name}.enabled = ENV.fetch(${q(`${name.toUpperCase()}_ENABLED`)}, ${q('true')}) == ${q('true')}`,
      '',
    ].join('\n');
  }
  // Services, lib and vendor code: a namespaced service object.
  const parts = path.replace(/^(app\/services|lib|vendor\/ruby)\//, '').split('/').slice(0, -1);
  const modules = parts.length > 0 ? parts.map(camel) : ['Support'];
  const indent = (n: number) => '  '.repeat(n);
  const open = modules.map((m, i) => `${indent(i)}module ${m}`);
  const d = modules.length;
  const body = [
    `${indent(d)}class ${klass}`,
    `${indent(d + 1)}NAME = ${q(name)}`,
    '',
    `${indent(d + 1)}def initialize(record)`,
    `${indent(d + 2)}@record = record`,
    `${indent(d + 1)}end`,
    '',
    `${indent(d + 1)}def call`,
    `${indent(d + 2)}raise NotImplementedError, ${q(`${klass}#call`)}`,
    `${indent(d + 1)}end`,
    `${indent(d)}end`,
  ];
  const close = modules.map((_, i) => `${indent(d - 1 - i)}end`);
  return [...open, ...body, ...close, ''].join('\n');
}

/** How many trailing `end` lines close the body a new method belongs in. */
export function closingDepth(path: string): number {
  if (path.startsWith('spec/')) return 1;
  if (/^app\/(graphql\/(types|resolvers|mutations)|services)\/|^lib\/|^vendor\/ruby\//.test(path)) {
    const depth = path.replace(/^(app\/services|lib|vendor\/ruby|app\/graphql)\//, '').split('/').length - 1;
    return 1 + Math.max(depth, 1);
  }
  return 1;
}

const VERBS = ['normalize', 'refresh', 'cached', 'lookup', 'build', 'sync', 'serialize', 'expire', 'resolve', 'format'];
const NOUNS = ['status', 'reference', 'notes', 'period', 'label', 'timezone', 'locale', 'metadata', 'owner', 'reminder', 'audit_trail', 'external_id'];
const SPEC_CASES = ['handles a missing account', 'ignores archived records', 'rejects a blank reference', 'keeps the original currency', 'returns nothing for an empty period', 'respects the account timezone', 'logs the external id', 'sorts by most recent first'];

/** A small realistic addition to a file (a method, a spec case, a setting) and words for the message. */
export function fillerAddition(path: string, prng: Prng, q: Quote, existing: string): { lines: string[]; what: string } {
  const d = closingDepth(path);
  const pad = '  '.repeat(path.startsWith('spec/') ? 1 : d);
  if (path.startsWith('spec/')) {
    let text = prng.pick(SPEC_CASES);
    if (existing.includes(text)) text += ` (${prng.pick(NOUNS).replace(/_/g, ' ')})`;
    return {
      lines: ['', `${pad}it ${q(text)} do`, `${pad}  expect(described_class.new(build_stubbed(:account))).to be_present`, `${pad}end`],
      what: `spec: ${text}`,
    };
  }
  if (path.startsWith('config/initializers/')) {
    const noun = prng.pick(NOUNS);
    const key = `${stem(path)}_${noun}`;
    return { lines: [`Rails.application.config.x.${stem(path)}.${noun}_${prng.int(1, 99)} = ${q(noun)}`], what: `${key} setting` };
  }
  let name = `${prng.pick(VERBS)}_${prng.pick(NOUNS)}`;
  while (existing.includes(`def ${name}`)) name += `_${prng.int(2, 9)}`;
  const noun = name.split('_').slice(1).join('_');
  return {
    lines: ['', `${pad}def ${name}`, `${pad}  return if ${noun}.blank?`, '', `${pad}  ${noun}.to_s.strip.presence || ${q('unknown')}`, `${pad}end`],
    what: name,
  };
}

// ---------------------------------------------------------------------------------------------
// Hand-written files the story edits line by line.

export const INVOICE_HEADER = `class Invoice < ApplicationRecord
  belongs_to :account
  belongs_to :subscription, optional: true
  has_many :line_items, dependent: :destroy
  has_many :payments, dependent: :nullify

  STATUSES = %w[draft open paid void uncollectible].freeze
  DEFAULT_CURRENCY = "EUR"
  PAYMENT_TERMS_DAYS = 14

  validates :number, presence: true, uniqueness: { scope: :account_id }
  validates :status, inclusion: { in: STATUSES }
  validates :currency, presence: true
  validates :due_on, presence: true

  scope :open, -> { where(status: "open") }
  scope :overdue, -> { open.where("due_on < ?", Date.current) }
  scope :for_account, ->(account) { where(account: account) }
  scope :recent, -> { order(issued_on: :desc) }

  before_validation :assign_number, on: :create
  before_validation :assign_due_date, on: :create

  def self.next_number(account)
    last = for_account(account).maximum(:number).to_s
    format("%<prefix>s-%<seq>05d", prefix: account.invoice_prefix, seq: last.split("-").last.to_i + 1)
  end

  def subtotal
    line_items.sum(&:net_amount)
  end

  def tax_total
    Billing::TaxCalculator.new(self).total
  end

  # Totals: line items, plus tax, minus discount.
  # Keep in sync with Billing::InvoiceCalculator.

`;

/** Lines 40–58 of invoice.rb as Greg wrote them in 2017. */
export const INVOICE_TOTALS_V1 = `  def total
    amount = subtotal + tax_total - discount
    amount.round(2)
  end

  def total_in_cents
    (total * 100).to_i
  end

  def discount
    return 0 if discount_percent.blank?

    subtotal * discount_percent / 100
  end

  def balance
    total - payments.sum(:amount)
  end
  # TODO: multi-currency totals
`;

/** Lines 40–58 after the 2023 refactor that rounds in LineItem#amount too (introduces INC-12). */
export const INVOICE_TOTALS_V2 = `  def total
    @total ||= begin
      amount = line_items.sum(&:amount) # LineItem#amount is already rounded
      amount += tax_total
      amount -= discount
      amount.round(2)
    end
  end

  def total_in_cents
    (total * 100).round
  end

  def discount
    return 0 if discount_percent.blank?

    (line_items.sum(&:amount) * discount_percent / 100).round(2)
  end
  def balance = total - payments.succeeded.sum(:amount)
`;

/** Lines 40–58 after the INC-12 fix: every line is new, so blame points at the fix. */
export const INVOICE_TOTALS_V3 = `  # Rounding happens exactly once, here, in integer cents (INC-12).
  def total = Money.from_cents(total_in_cents, currency)
  def total_in_cents = round_once(raw_item_cents + raw_tax_cents - raw_discount_cents)
  def raw_item_cents = line_items.sum { |item| item.amount_in_cents(rounded: false) }
  def raw_tax_cents = Payments::TaxCalculator.new(self).total_in_cents(precise: true)
  def raw_discount_cents = discount_percent.to_d.zero? ? 0 : raw_item_cents * discount_percent.to_d / 100
  def round_once(cents) = cents.round(0, half: :even).to_i
  def subtotal_in_cents = round_once(raw_item_cents)
  def tax_total_in_cents = round_once(raw_tax_cents)
  def discount_in_cents = round_once(raw_discount_cents)
  def discount = Money.from_cents(discount_in_cents, currency)
  def rounding_mode = :half_even
  def rounding_precision = Money::Currency.new(currency).subunit_to_unit
  def zero_total? = total_in_cents.zero?
  def negative_total? = total_in_cents.negative?
  def credit_note? = negative_total? && status == 'open'
  def balance_in_cents = total_in_cents - payments.succeeded.sum(:amount_cents)
  def paid_in_full? = balance_in_cents <= 0
  # Keep Payments::InvoiceCalculator#call in sync with the methods above.
`;

export const INVOICE_FOOTER = `
  def overdue?
    status == "open" && due_on < Date.current
  end

  def mark_paid!(paid_at: Time.current)
    update!(status: "paid", paid_at: paid_at)
  end

  private

  def assign_number
    self.number ||= self.class.next_number(account)
  end

  def assign_due_date
    self.due_on ||= Date.current + PAYMENT_TERMS_DAYS
  end
end
`;

export const LINE_ITEM_V1 = `class LineItem < ApplicationRecord
  belongs_to :invoice, touch: true
  belongs_to :product, optional: true

  validates :description, presence: true
  validates :quantity, numericality: { greater_than: 0 }
  validates :unit_price, numericality: true

  # Amounts are decimals in the invoice currency.
  def net_amount
    quantity * unit_price
  end

  def amount
    net_amount - discount_amount
  end

  def discount_amount
    return 0 if discount_percent.blank?

    net_amount * discount_percent / 100
  end
end
`;

export const INVOICE_CALCULATOR_V1 = `module Billing
  # Computes invoice totals for PDFs and the API.
  class InvoiceCalculator
    CURRENCY_PRECISION = { "EUR" => 2, "USD" => 2, "JPY" => 0 }.freeze

    def initialize(invoice)
      @invoice = invoice
    end

    def call
      {
        subtotal: @invoice.subtotal,
        tax: @invoice.tax_total,
        discount: @invoice.discount,
        total: @invoice.total,
      }
    end

    def precision
      CURRENCY_PRECISION.fetch(@invoice.currency, 2)
    end
  end
end
`;

export const QUERY_BUILDER_HEAD = `module Search
  class QueryBuilder
    DEFAULT_LIMIT = 25
    MAX_LIMIT = 100
    SEARCHABLE = %w[Invoice Account Payment].freeze

    def initialize(account:, term:, limit: DEFAULT_LIMIT)
      @account = account
      @term = term.to_s.strip
      @limit = [limit.to_i, MAX_LIMIT].min
    end
`;

/** Lines 12–24 of query_builder.rb before INC-21: a nil account searches every tenant. */
export const QUERY_SCOPE_V1 = `
    # Entries visible to the caller. The controller passes current_account.
    def scope
      entries = SearchIndexEntry.where(searchable_type: SEARCHABLE)
      entries = entries.where(account_id: @account.id) if @account
      entries.includes(:searchable)
    end

    def tenant_ids
      [@account&.id].compact
    end
`;

/** Lines 12–24 after the INC-21 fix. */
export const QUERY_SCOPE_V2 = `    # Tenant scoping (INC-21): every query is limited to exactly one account.
    def scope = SearchIndexEntry.where(searchable_type: SEARCHABLE, account_id: tenant_id).includes(:searchable)
    def tenant_id = @account&.id || raise(ArgumentError, 'search needs an account')
    def tenant_ids = [tenant_id]
    def tenant_scoped? = true
    def searchable_types = SEARCHABLE
    def limit = @limit
    def term = @term
    def blank_term? = @term.blank?
    def cache_key = ['search', tenant_id, @term.downcase, @limit].join(':')
    def instrument(&) = ActiveSupport::Notifications.instrument('search.query', tenant_id: tenant_id, &)
    def to_s = "#<Search::QueryBuilder tenant=#{tenant_id} term=#{@term.inspect}>"
    # Never widen the scope above without a spec in spec/services/search/query_builder_spec.rb.
`;

export const QUERY_BUILDER_TAIL = `
    def call
      return SearchIndexEntry.none if @term.blank?

      scope.where("document @@ plainto_tsquery(?)", @term).order(Arel.sql(rank_sql)).limit(@limit)
    end

    private

    def rank_sql
      "ts_rank(document, plainto_tsquery(#{SearchIndexEntry.connection.quote(@term)})) DESC"
    end
  end
end
`;

export const STRIPE_WEBHOOK_V1 = `module Billing
  class StripeWebhookHandler
    HANDLED = %w[invoice.paid invoice.payment_failed charge.refunded].freeze

    def initialize(event)
      @event = event
    end

    def call
      return unless HANDLED.include?(@event.type)

      case @event.type
      when "invoice.paid" then mark_paid
      when "invoice.payment_failed" then schedule_retry
      when "charge.refunded" then record_refund
      end
    end

    private

    def invoice
      @invoice ||= Invoice.find_by!(stripe_id: @event.data.object.id)
    end

    def mark_paid
      invoice.mark_paid!(paid_at: Time.zone.at(@event.created))
    end

    def schedule_retry
      PaymentRetryJob.perform_later(invoice.id)
    end

    def record_refund
      RefundService.new(invoice).call(@event.data.object.amount_refunded)
    end
  end
end
`;

export const CSV_EXPORTER_V1 = `require "csv"

module Legacy
  # Ported from the PHP back office in 2017. Accountants import this file into their ledger tool.
  class CsvExporter
    HEADERS = %w[number account issued_on currency total status].freeze

    def initialize(invoices)
      @invoices = invoices
    end

    def to_csv
      CSV.generate(col_sep: ";") do |csv|
        csv << HEADERS
        @invoices.find_each { |invoice| csv << row(invoice) }
      end
    end

    private

    def row(invoice)
      [invoice.number, invoice.account.name, invoice.issued_on.iso8601, invoice.currency, format("%.2f", invoice.total), invoice.status]
    end
  end
end
`;

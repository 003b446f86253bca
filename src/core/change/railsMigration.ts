/**
 * Operations of a Rails migration by what they do, read line by line over Ruby text (no Ruby parser): a statement
 * continues while its line ends with `,`, `(` or `\`; `def up/down/change`, `create_table`/`change_table` blocks,
 * `reversible`/`up_only` blocks and SQL heredocs are followed by indentation. Operations in `down` (and
 * `dir.down`) are not reported: they run only on rollback. Every regex is linear.
 */
import type { NumberedLine } from './diffLines';
import { executeSql, sqlOperations } from './migrationSql';
import type { MigrationOperation, MigrationSeverity } from './migrationTypes';

export interface RailsFacts {
  operations: MigrationOperation[];
  hasUp: boolean;
  hasDown: boolean;
  hasChange: boolean;
  disablesDdlTransaction: boolean;
  /** Tables created in this migration: indexes and NOT NULL columns on them lock or break nothing. */
  createdTables: Set<string>;
}

interface Block {
  indent: number;
  kind: 'def' | 'table' | 'reversible' | 'down' | 'other';
  name?: string;
  table?: string;
  variable?: string;
  created?: boolean;
}

const NOT_MODELS = new Set(['ActiveRecord', 'Rails', 'Time', 'Date', 'DateTime', 'SecureRandom', 'JSON', 'File', 'Arel', 'Integer', 'Float', 'String', 'Array', 'Hash', 'Set', 'Struct', 'Kernel', 'Dir', 'IO', 'YAML', 'ERB', 'URI']);
const MODEL_CALL = /\b([A-Z]\w*(?:::[A-Z]\w*)*)\.(where|find_each|find_in_batches|in_batches|update_all|delete_all|destroy_all|all|find_by|find|create!?|unscoped|reset_column_information|joins|includes|each|pluck|count|upsert_all|insert_all)\b/;
const BACKFILL = /\.(update_all|find_each|find_in_batches|in_batches|delete_all|destroy_all|upsert_all|insert_all|update_column|update_columns)\b/;

/** A Ruby literal name: `:users`, `"users"`, `'users'`. */
function literal(arg: string | undefined): string | undefined {
  const match = /^\s*(?::(\w+)|"([^"]*)"|'([^']*)')\s*$/.exec(arg ?? '');
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

/** Column names of an index argument: `:a`, `"a"`, `[:a, :b]`, `%i[a b]`, `%w[a b]`, joined with ", ". */
function columnList(arg: string | undefined): string | undefined {
  if (arg === undefined) return undefined;
  const single = literal(arg);
  if (single !== undefined) return single;
  const words = /^\s*%[iw][[(]([^\])]*)[\])]\s*$/.exec(arg);
  if (words) return words[1]!.trim().split(/\s+/).join(', ');
  const list = /^\s*\[([^\]]*)\]\s*$/.exec(arg);
  if (list) return splitArgs(list[1]!).map((item) => literal(item) ?? item).join(', ');
  return arg.trim();
}

/** Arguments split at top-level commas (brackets and quotes respected). */
export function splitArgs(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (--depth < 0) return [...out, text.slice(start, i)].map((a) => a.trim()).filter(Boolean);
    } else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    } else if (c === '#' && depth === 0) break;
  }
  out.push(text.slice(start));
  return out.map((a) => a.trim()).filter(Boolean);
}

/** The value of option `key` (`key: v` or `:key => v`) among arguments, as written. */
function option(args: readonly string[], key: string): string | undefined {
  for (const arg of args) {
    const match = /^(?:(\w+):(?!:)|:(\w+)\s*=>)\s*(.*)$/.exec(arg);
    if (match && (match[1] ?? match[2]) === key) return match[3]!.trim();
  }
  return undefined;
}
const positional = (args: readonly string[]) => args.filter((arg) => !/^(?:\w+:(?!:)|:\w+\s*=>)/.test(arg));

export function railsOperations(lines: readonly NumberedLine[]): RailsFacts {
  const facts: RailsFacts = { operations: [], hasUp: false, hasDown: false, hasChange: false, disablesDdlTransaction: false, createdTables: new Set() };
  const stack: Block[] = [];
  const push = (op: Omit<MigrationOperation, 'line'>, line: number) => facts.operations.push({ ...op, line });
  let heredoc: { end: RegExp; sql: boolean } | undefined;

  for (let i = 0; i < lines.length; i++) {
    const { text, line } = lines[i]!;
    if (heredoc) {
      if (heredoc.end.test(text)) heredoc = undefined;
      else if (heredoc.sql && !inDown()) facts.operations.push(...sqlOperations(text, line));
      continue;
    }
    if (/^\s*(?:#|$)/.test(text)) continue;
    const indent = /^\s*/.exec(text)![0].length;
    // `end` (or `}`) at a block's indentation closes it and everything opened inside it.
    if (/^\s*(?:end|\})\b/.test(text)) {
      while (stack.length > 0 && stack[stack.length - 1]!.indent >= indent) stack.pop();
      continue;
    }
    let statement = text;
    for (let j = i; /[,(\\]\s*$/.test(lines[j]!.text) && j + 1 < lines.length && j < i + 15 && lines[j + 1]!.line === lines[j]!.line + 1; j++) {
      statement += ' ' + lines[j + 1]!.text.trim();
      i = j + 1;
    }
    const inChange = currentDef() === 'change' && !stack.some((b) => b.kind === 'reversible');
    if (!inDown()) analyse(statement, line, indent, inChange);
    // A heredoc's lines are text, not code: SQL when it is `execute`'s argument, skipped otherwise.
    const opensHeredoc = /<<[~-]?(['"]?)([A-Z_]+)\1/.exec(statement);
    if (opensHeredoc) heredoc = { end: new RegExp(`^\\s*${opensHeredoc[2]}\\b`), sql: /\bexecute\b/.test(statement) };
    if (opensHeredoc && heredoc?.sql && inChange && !inDown()) push({ operation: 'irreversible', severity: 'risky', detail: 'execute in change' }, line);
    openBlock(statement, indent);
  }
  return facts;

  function currentDef(): string | undefined {
    for (let k = stack.length - 1; k >= 0; k--) if (stack[k]!.kind === 'def') return stack[k]!.name;
    return undefined;
  }
  function inDown(): boolean {
    return currentDef() === 'down' || stack.some((b) => b.kind === 'down');
  }
  function tableBlock(): Block | undefined {
    for (let k = stack.length - 1; k >= 0; k--) if (stack[k]!.kind === 'table') return stack[k];
    return undefined;
  }

  function openBlock(statement: string, indent: number): void {
    const def = /^\s*def\s+(?:self\.)?(\w+[!?]?)/.exec(statement);
    if (def) {
      const name = def[1]!;
      if (name === 'up') facts.hasUp = true;
      if (name === 'down') facts.hasDown = true;
      if (name === 'change') facts.hasChange = true;
      if (!/\bend\s*$/.test(statement)) stack.push({ indent, kind: 'def', name });
      return;
    }
    if (!/\bdo\s*(?:\|[^|]*\|)?\s*$|\{\s*(?:\|[^|]*\|)?\s*$/.test(statement)) {
      if (/^\s*(?:if|unless|case|begin|while|until|class|module)\b/.test(statement) && !/\bend\s*$/.test(statement)) stack.push({ indent, kind: 'other' });
      return;
    }
    const table = /^\s*(create_table|change_table)\s*\(?\s*([^,\s)]+)[^|]*\|\s*(\w+)\s*\|/.exec(statement);
    if (table) {
      const name = literal(table[2]);
      stack.push({ indent, kind: 'table', ...(name ? { table: name } : {}), variable: table[3]!, created: table[1] === 'create_table' });
    } else if (/^\s*(?:reversible|up_only)\b/.test(statement)) stack.push({ indent, kind: 'reversible' });
    else if (/^\s*\w+\.down\b/.test(statement)) stack.push({ indent, kind: 'down' });
    else stack.push({ indent, kind: 'other' });
  }

  function analyse(statement: string, line: number, indent: number, inChange: boolean): void {
    const call = /^\s*(?:(\w+)\.)?(\w+[!?]?)\s*\(?\s*(.*)$/.exec(statement);
    if (!call) return;
    const [, receiver, method, rest] = call as unknown as [string, string | undefined, string, string];
    const args = splitArgs(rest.replace(/\s*(?:do\s*(?:\|[^|]*\|)?|\{\s*\|[^|]*\|)\s*$/, ''));
    const names = positional(args).map(literal);
    const block = tableBlock();
    const inBlock = block && receiver === block.variable ? block : undefined;
    const table = inBlock ? inBlock.table : names[0];
    const onNewTable = (t: string | undefined) => t !== undefined && facts.createdTables.has(t);
    const op = (operation: string, severity: MigrationSeverity, extra: Partial<MigrationOperation> = {}) => push({ operation, ...(table ? { table } : {}), severity, ...extra }, line);
    const column = (k: number) => (inBlock ? names[k - 1] : names[k]);
    const col = (k: number) => (column(k) !== undefined ? { column: column(k)! } : {});

    if (method === 'disable_ddl_transaction!' && !receiver) {
      facts.disablesDdlTransaction = true;
      push({ operation: 'disable_ddl_transaction', severity: 'info' }, line);
    } else if (method === 'safety_assured' && !receiver) {
      push({ operation: 'safety_assured', severity: 'info' }, line);
      // `safety_assured { remove_column :users, :x }` on one line: what it wraps is still an operation.
      const inner = /^\s*safety_assured\s*\{([^{}]*)\}\s*$/.exec(statement);
      if (inner) analyse(inner[1]!, line, indent, inChange);
    }
    else if (/^\s*raise\s+(?:::)?ActiveRecord::IrreversibleMigration\b/.test(statement)) push({ operation: 'irreversible', severity: 'risky', detail: 'raises IrreversibleMigration' }, line);
    else if (!receiver && method === 'create_table' && table) {
      facts.createdTables.add(table);
      op('create_table', 'info');
    } else if (!receiver && (method === 'remove_column' || method === 'remove_columns')) {
      const columns = names.slice(1).filter((n): n is string => n !== undefined);
      const typed = method === 'remove_column' ? positional(args).length >= 3 || option(args, 'type') !== undefined : option(args, 'type') !== undefined;
      for (const c of method === 'remove_column' ? columns.slice(0, 1) : columns) op('remove_column', 'destructive', { column: c });
      if (inChange && !typed) op('irreversible', 'risky', { detail: `${method} without a type in change` });
    } else if (inBlock && inBlock.created === false && (method === 'remove' || method === 'remove_references' || method === 'remove_belongs_to')) {
      for (const c of names.filter((n): n is string => n !== undefined)) op(method === 'remove' ? 'remove_column' : 'remove_reference', 'destructive', { column: c });
      if (inChange && method === 'remove' && option(args, 'type') === undefined) op('irreversible', 'risky', { detail: 't.remove without a type in change' });
    } else if ((!receiver && (method === 'drop_table' || method === 'drop_join_table')) || (!receiver && method === 'remove_timestamps') || (inBlock && method === 'remove_timestamps')) {
      op(method, 'destructive', method === 'drop_join_table' ? { table: names.slice(0, 2).join(', '), detail: 'join table' } : {});
      if (inChange && method === 'drop_table' && !/\bdo\b|\{/.test(statement)) op('irreversible', 'risky', { detail: 'drop_table without its columns in change' });
    } else if ((!receiver && (method === 'remove_reference' || method === 'remove_belongs_to')) || (inBlock && !inBlock.created && method === 'remove_index')) {
      op(method === 'remove_index' ? 'remove_index' : 'remove_reference', 'destructive', col(1));
    } else if (!receiver && method === 'remove_index') {
      op('remove_index', 'destructive', { ...col(1), ...(option(args, 'algorithm')?.includes('concurrently') ? { detail: 'algorithm: :concurrently' } : {}) });
      if (inChange && column(1) === undefined && option(args, 'column') === undefined && !/^\s*\[|^\s*%i/.test(positional(args)[1] ?? '')) op('irreversible', 'risky', { detail: 'remove_index by name only in change' });
    } else if ((!receiver && method === 'rename_column') || (inBlock && method === 'rename')) {
      op('rename_column', 'destructive', { ...col(1), detail: `${column(1) ?? '?'} → ${column(2) ?? '?'}` });
    } else if (!receiver && method === 'rename_table') op('rename_table', 'destructive', { detail: `${names[0] ?? '?'} → ${names[1] ?? '?'}` });
    else if ((!receiver && method === 'change_column') || (inBlock && method === 'change')) {
      op('change_column', 'risky', { ...col(1), detail: `type ${positional(args)[inBlock ? 1 : 2] ?? '?'}` });
      if (inChange) op('irreversible', 'risky', { detail: 'change_column in change' });
    } else if ((!receiver && method === 'change_column_null') || (inBlock && method === 'change_null')) {
      const value = positional(args)[inBlock ? 1 : 2] ?? '';
      op('change_column_null', value.trim() === 'false' ? 'risky' : 'info', { ...col(1), detail: value.trim() === 'false' ? 'NOT NULL' : 'NULL allowed' });
    } else if ((!receiver && method === 'change_column_default') || (inBlock && method === 'change_default')) {
      const detail = positional(args)[inBlock ? 1 : 2] ?? `${option(args, 'from') ?? '?'} → ${option(args, 'to') ?? '?'}`;
      op('change_column_default', 'info', { ...col(1), detail });
      if (inChange && option(args, 'to') === undefined) op('irreversible', 'risky', { detail: 'change_column_default without from:/to: in change' });
    } else if ((!receiver && method === 'add_index') || (inBlock && method === 'index')) {
      const concurrently = option(args, 'algorithm')?.includes('concurrently') ?? false;
      const unique = option(args, 'unique') === 'true';
      const fresh = inBlock?.created || onNewTable(table);
      const columnName = columnList(positional(args)[inBlock ? 0 : 1]);
      const detail = [unique ? 'unique' : '', concurrently ? 'algorithm: :concurrently' : fresh ? 'new table' : 'without algorithm: :concurrently'].filter(Boolean).join(', ');
      if (unique) op('add_unique_index', fresh ? 'info' : 'risky', { ...(columnName ? { column: columnName } : {}), detail });
      else if (!fresh) op('add_index', 'info', { ...(columnName ? { column: columnName } : {}), detail });
    } else if (!receiver && method === 'add_foreign_key') {
      const validated = option(args, 'validate') !== 'false';
      op('add_foreign_key', validated && !onNewTable(table) ? 'risky' : 'info', { detail: `→ ${names[1] ?? '?'}${validated ? '' : ', validate: false'}` });
    } else if ((!receiver && (method === 'add_reference' || method === 'add_belongs_to')) || (inBlock && (method === 'references' || method === 'belongs_to'))) {
      const fresh = inBlock?.created || onNewTable(table);
      if (!fresh) op('add_reference', 'info', col(1));
      const fk = option(args, 'foreign_key');
      if (fk !== undefined && fk !== 'false' && !fresh) op('add_foreign_key', 'risky', { ...col(1), detail: 'foreign_key: true' });
    } else if ((!receiver && method === 'add_column') || (inBlock && !inBlock.created && /^(?:string|text|integer|bigint|boolean|datetime|date|decimal|float|json|jsonb|uuid|binary|timestamp|time|column|enum|citext|inet|numeric)$/.test(method))) {
      const notNull = option(args, 'null') === 'false';
      const hasDefault = option(args, 'default') !== undefined;
      if (notNull && !hasDefault && !onNewTable(table)) op('add_not_null_column', 'risky', { ...col(1), detail: 'null: false without a default' });
      else op('add_column', 'info', col(1));
    } else if (/\bexecute\b/.test(statement)) {
      const sql = executeSql(statement);
      if (sql !== undefined) facts.operations.push(...sqlOperations(sql, line).map((o) => ({ ...o, line })));
      if (inChange && !/<</.test(statement)) push({ operation: 'irreversible', severity: 'risky', detail: 'execute in change' }, line);
    }

    const backfill = BACKFILL.exec(statement);
    if (backfill) push({ operation: 'backfill', severity: 'risky', detail: backfill[1]! }, line);
    const model = MODEL_CALL.exec(statement);
    if (model && !NOT_MODELS.has(model[1]!.split('::')[0]!)) push({ operation: 'model_in_migration', severity: 'info', detail: model[1]! }, line);
  }
}

/**
 * What a change's migrations do, and what a reviewer must ask about them: deploy order (code or migration first),
 * rollback (is `down` possible, does it bring data back?) and locking or long runs on large tables. Rails
 * migrations first (`railsMigration.ts`), plain SQL migration files, and `db/schema.rb`/`db/structure.sql` diffs
 * (`schemaDiff.ts`). Line-based over the diff's added lines (a new file's added lines are all of it).
 */
import { numberedAddedLines, numberedRemovedLines } from './diffLines';
import { plainSqlOperations } from './migrationSql';
import { SEVERITY_ORDER, type MigrationFile, type MigrationOperation, type MigrationSeverity } from './migrationTypes';
import { railsOperations, type RailsFacts } from './railsMigration';
import { schemaDialect, schemaOperations } from './schemaDiff';

export type { MigrationFile, MigrationOperation, MigrationSeverity } from './migrationTypes';


export type MigrationKind = 'rails' | 'sql' | 'schema';

/** `code-first`: deploy code that stops using what goes away, then migrate. `multi-step`: no single order is safe. */
export type DeployOrder = 'code-first' | 'migration-first' | 'multi-step' | 'either';
/** `data-loss`: `down` runs but cannot bring back what `up` dropped or overwrote. */
export type Rollback = 'reversible' | 'data-loss' | 'irreversible';

export interface MigrationSummary {
  path: string;
  kind: MigrationKind;
  /** In line order. */
  operations: MigrationOperation[];
  /** The most severe operation's severity; undefined when nothing is notable. */
  severity?: MigrationSeverity;
  deployOrder: DeployOrder;
  rollback: Rollback;
  /** Questions for the reviewer, most important first. */
  prompts: string[];
}

/** Which kind of migration a path holds, if any. */
export function migrationKind(path: string): MigrationKind | undefined {
  if (schemaDialect(path)) return 'schema';
  if (/(^|\/)db\/(?:migrate|[\w-]+_migrate|data)\/[^/]+\.rb$/.test(path)) return 'rails';
  if (/(^|\/)(?:db\/)?(?:migrate|migrations|migration)\/(?:[^/]+\/)*[^/]+\.sql$/i.test(path)) return 'sql';
  return undefined;
}

/** Analyses a new migration file from its text (line 1 is the first line). */
export function analyseMigrationText(path: string, text: string): MigrationSummary | undefined {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return analyseMigration({ path, status: 'added', addedLines: lines, removedLines: [], oldHunks: [{ start: 0, count: 0 }], newHunks: [{ start: 1, count: lines.length }], newText: text });
}

/** Analyses a changed migration, SQL migration or schema dump; undefined for other files and deleted ones. */
export function analyseMigration(file: MigrationFile): MigrationSummary | undefined {
  const kind = migrationKind(file.path);
  if (!kind || file.status === 'deleted') return undefined;
  const lines = numberedAddedLines(file);
  const whole = file.status === 'added' || file.status === 'untracked' || file.status === 'copied';
  let operations: MigrationOperation[];
  let facts: RailsFacts | undefined;
  if (kind === 'schema') operations = schemaOperations(file);
  else {
    if (kind === 'sql') operations = plainSqlOperations(lines);
    else {
      facts = railsOperations(lines);
      operations = facts.operations;
    }
    // An edited migration: what its removed lines already did is not new (a lint fix re-indents a remove_column).
    if (!whole && file.removedLines.length > 0) {
      const removed = numberedRemovedLines(file);
      const before = new Set((kind === 'sql' ? plainSqlOperations(removed) : railsOperations(removed).operations).map(operationKey));
      operations = operations.filter((op) => !before.has(operationKey(op)));
    }
  }
  if (facts) {
    // Only a whole file shows that `down` is missing.
    if (whole && facts.hasUp && !facts.hasDown && !operations.some((op) => op.operation === 'irreversible')) {
      const up = lines.find((entry) => /^\s*def\s+up\b/.test(entry.text));
      operations.push({ operation: 'irreversible', severity: 'risky', detail: 'def up without def down', line: up?.line ?? 1 });
    }
    const concurrent = operations.find((op) => op.detail?.split(', ').includes('algorithm: :concurrently'));
    if (whole && !facts.disablesDdlTransaction && concurrent) {
      operations.push({ operation: 'concurrently_in_transaction', ...(concurrent.table ? { table: concurrent.table } : {}), severity: 'risky', detail: 'algorithm: :concurrently without disable_ddl_transaction!', line: concurrent.line });
    }
  }
  if (kind !== 'schema' && (file.status === 'modified' || file.status === 'renamed') && (file.removedLines.length > 0 || file.addedLines.length > 0)) {
    // Informational: most edits of old migrations are lint fixes; the operations above say whether it matters.
    operations.push({ operation: 'edited_migration', severity: 'info', detail: 'an existing migration changed', line: lines[0]?.line ?? numberedRemovedLines(file)[0]?.line ?? 1 });
  }
  // Stable: operations on one line keep the order they were found in (a wrapper before what it wraps).
  operations = dedupe(operations).sort((a, b) => a.line - b.line);
  return summarise(file.path, kind, operations);
}

function operationKey(op: MigrationOperation): string {
  return [op.operation, op.table, op.column, op.detail].join('\0');
}

function dedupe(operations: MigrationOperation[]): MigrationOperation[] {
  const seen = new Set<string>();
  return operations.filter((op) => {
    const key = `${operationKey(op)}\0${op.line}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const REMOVES_DATA = new Set(['remove_column', 'remove_reference', 'remove_timestamps', 'drop_table', 'drop_join_table', 'truncate']);
const RENAMES = new Set(['rename_column', 'rename_table']);
const ADDS = new Set(['create_table', 'add_column', 'add_reference', 'add_index', 'add_unique_index']);

function summarise(path: string, kind: MigrationKind, operations: MigrationOperation[]): MigrationSummary {
  const has = (name: string | Set<string>) => operations.some((op) => (typeof name === 'string' ? op.operation === name : name.has(op.operation)));
  const names = (filter: (op: MigrationOperation) => boolean) =>
    [...new Set(operations.filter(filter).map((op) => [op.table, op.column].filter(Boolean).join('.') || op.operation))].join(', ');
  const prompts: string[] = [];

  const removesColumn = operations.filter((op) => op.operation === 'remove_column' || op.operation === 'remove_reference' || op.operation === 'remove_timestamps');
  const dropsTable = operations.filter((op) => op.operation === 'drop_table' || op.operation === 'drop_join_table' || op.operation === 'truncate');
  const codeFirst = removesColumn.length > 0 || dropsTable.length > 0 || operations.some((op) => op.operation === 'change_column_null' && op.detail === 'NOT NULL');
  const multiStep = has(RENAMES) || has('add_not_null_column') || has('change_column');
  const migrationFirst = has(ADDS) || has('add_foreign_key');

  if (removesColumn.length > 0 && kind !== 'schema') {
    prompts.push(`Deploy order: code first. Removing ${names((op) => removesColumn.includes(op))} breaks running code that still reads it; ship \`self.ignored_columns += [...]\` in a deploy before this migration runs.`);
  }
  if (dropsTable.length > 0 && kind !== 'schema') prompts.push(`Deploy order: code first. Nothing deployed may still read ${names((op) => dropsTable.includes(op))} when it is dropped.`);
  if (kind === 'schema' && (removesColumn.length > 0 || dropsTable.length > 0)) {
    prompts.push(`The schema loses ${names((op) => removesColumn.includes(op) || dropsTable.includes(op))}: is there a migration for it, and is the code that used it gone in an earlier deploy?`);
  }
  if (has(RENAMES)) prompts.push(`Deploy order: no single order is safe for a rename (${names((op) => RENAMES.has(op.operation))}): old code breaks once it runs, new code until it runs. Add the new name, backfill, switch code, then drop the old one.`);
  if (has('add_not_null_column')) prompts.push(`Adding ${names((op) => op.operation === 'add_not_null_column')} as NOT NULL without a default fails on existing rows and breaks inserts by running code: add it nullable (or with a default), backfill, then constrain.`);
  if (operations.some((op) => op.operation === 'change_column_null' && op.detail === 'NOT NULL')) prompts.push(`NOT NULL on ${names((op) => op.operation === 'change_column_null' && op.detail === 'NOT NULL')}: fails if any row is NULL, and running code must already write it. Backfill first.`);
  if (has('change_column')) prompts.push(`Type change on ${names((op) => op.operation === 'change_column')}: usually rewrites the table under an exclusive lock; does running code read both types?`);
  if (has('add_unique_index')) {
    const existing = operations.filter((op) => op.operation === 'add_unique_index' && op.severity === 'risky');
    if (existing.length > 0) prompts.push(`New unique index on ${names((op) => existing.includes(op))}: the migration fails if duplicates exist today, and code must handle the uniqueness error.`);
  }
  const lockingIndexes = operations.filter((op) => (op.operation === 'add_index' || op.operation === 'add_unique_index') && op.detail?.includes('without algorithm: :concurrently'));
  if (lockingIndexes.length > 0) prompts.push(`Locking: the index on ${names((op) => lockingIndexes.includes(op))} is built without \`algorithm: :concurrently\`; on PostgreSQL writes to a large table wait for the whole build.`);
  if (has('concurrently_in_transaction')) prompts.push('`algorithm: :concurrently` needs `disable_ddl_transaction!` in the same migration, or PostgreSQL refuses it.');
  if (has('backfill')) prompts.push(`Long-running: the migration rewrites data (${names((op) => op.operation === 'backfill')}); on a large table, batch it or move it to a job, and expect it to hold the deploy.`);
  if (has('model_in_migration')) prompts.push(`The migration uses application models (${[...new Set(operations.filter((op) => op.operation === 'model_in_migration').map((op) => op.detail))].join(', ')}): later model changes can break it; define a minimal model inside the migration.`);
  if (operations.some((op) => op.operation === 'add_foreign_key' && op.severity === 'risky')) prompts.push('The new foreign key is validated against every existing row and locks both tables: are there orphans? Consider `validate: false` then `validate_foreign_key`.');
  if (has('disable_ddl_transaction')) prompts.push('Runs outside a transaction (`disable_ddl_transaction!`): a failure half-way leaves a partial change to clean up by hand.');
  if (has('safety_assured')) prompts.push('`safety_assured` bypasses a strong_migrations check: the pull request should say why this is safe.');
  if (has('edited_migration') && operations.some((op) => op.operation !== 'edited_migration' && op.severity !== 'info')) {
    prompts.push('An existing migration was edited: environments that already ran it will not run the edit.');
  }

  const irreversible = operations.filter((op) => op.operation === 'irreversible');
  const dataLoss = operations.some((op) => REMOVES_DATA.has(op.operation) || (op.operation === 'backfill' && op.detail !== 'INSERT'));
  const rollback: Rollback = irreversible.length > 0 ? 'irreversible' : dataLoss ? 'data-loss' : 'reversible';
  if (rollback === 'irreversible') prompts.push(`Rollback: not possible (${[...new Set(irreversible.map((op) => op.detail))].join('; ')}). What is the plan if the deploy must be undone?`);
  else if (rollback === 'data-loss' && kind !== 'schema') prompts.push('Rollback: `down` can run but does not bring back dropped or overwritten data. Is there a backup or a copy?');

  const deployOrder: DeployOrder = multiStep || (codeFirst && migrationFirst) ? 'multi-step' : codeFirst ? 'code-first' : migrationFirst ? 'migration-first' : 'either';
  const severity = operations.reduce<MigrationSeverity | undefined>((worst, op) => (op.operation === 'create_table' || op.operation === 'add_column' ? worst : worst === undefined || SEVERITY_ORDER[op.severity] < SEVERITY_ORDER[worst] ? op.severity : worst), undefined);
  return { path, kind, operations, ...(severity ? { severity } : {}), deployOrder, rollback, prompts };
}

/** Summaries of every migration, SQL migration and schema dump of a change, in path order. */
export function analyseMigrations(files: readonly MigrationFile[]): MigrationSummary[] {
  return files.flatMap((file) => {
    const summary = analyseMigration(file);
    return summary ? [summary] : [];
  });
}

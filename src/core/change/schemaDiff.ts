/**
 * Tables and columns a schema dump loses: `db/schema.rb` and `db/structure.sql` diffs. A removed column line names
 * its table only when the new text is given (the enclosing `create_table`/`CREATE TABLE` above the hunk) or the
 * table's header line is itself in the diff.
 */
import { numberedAddedLines, numberedRemovedLines, type NumberedLine } from './diffLines';
import type { MigrationFile, MigrationOperation } from './migrationTypes';

type Dialect = { table: RegExp; column: RegExp; notColumn?: RegExp };
const RUBY: Dialect = { table: /^\s*create_table\s+"([^"]+)"/, column: /^\s*t\.(\w+)\s+"([^"]+)"/, notColumn: /^\s*t\.(?:index|check_constraint)\b/ };
const SQL: Dialect = {
  table: /^CREATE\s+(?:UNLOGGED\s+)?TABLE\s+(?:public\.)?"?(\w+)"?\s*\(/i,
  // pg_dump writes one column a line: `    name type [NOT NULL] [DEFAULT …],`
  column: /^\s{2,}"?([a-z_]\w*)"?\s+([a-z][^,]*)/i,
  notColumn: /^\s+(?:CONSTRAINT|PRIMARY|UNIQUE|CHECK|FOREIGN)\b/i,
};

export function schemaDialect(path: string): 'ruby' | 'sql' | undefined {
  if (/(^|\/)db\/(?:[\w-]+_)?schema\.rb$/.test(path)) return 'ruby';
  if (/(^|\/)db\/(?:[\w-]+_)?structure\.sql$/.test(path)) return 'sql';
  return undefined;
}

export function schemaOperations(file: MigrationFile): MigrationOperation[] {
  const dialect = schemaDialect(file.path) === 'ruby' ? RUBY : SQL;
  const isRuby = dialect === RUBY;
  const added = numberedAddedLines(file);
  const removed = numberedRemovedLines(file);
  const newLines = file.newText?.split('\n');
  const tableOf = (lines: NumberedLine[], entry: NumberedLine, newLine: number | undefined): string | undefined => {
    // The nearest header above the line in the diff itself (same hunk), else in the new text.
    for (let i = lines.indexOf(entry); i >= 0 && lines[i]!.hunk === entry.hunk; i--) {
      const header = dialect.table.exec(lines[i]!.text);
      if (header) return header[1];
    }
    if (!newLines || newLine === undefined) return undefined;
    for (let i = Math.min(newLine, newLines.length) - 1; i >= 0; i--) {
      const text = newLines[i]!;
      const header = dialect.table.exec(text);
      if (header) return header[1];
      if (isRuby ? /^ {2}end\b/.test(text) && i < newLine - 1 : /^\);/.test(text)) return undefined;
    }
    return undefined;
  };
  const columns = (lines: NumberedLine[], position: (entry: NumberedLine) => number | undefined) => {
    const out = new Map<string, { entry: NumberedLine; type: string; table: string | undefined; column: string }>();
    for (const entry of lines) {
      if (dialect.notColumn?.test(entry.text) || dialect.table.test(entry.text)) continue;
      const match = dialect.column.exec(entry.text);
      if (!match) continue;
      const [column, type] = isRuby ? [match[2]!, match[1]!] : [match[1]!, match[2]!.trim()];
      const table = tableOf(lines, entry, position(entry));
      // Indented lines of structure.sql are also function bodies and ALTER TABLE clauses: a column needs its table.
      if (!isRuby && table === undefined) continue;
      out.set(`${table ?? '?'}.${column}`, { entry, type, table, column });
    }
    return out;
  };
  const tables = (lines: NumberedLine[]) => new Map(lines.flatMap((entry) => {
    const header = dialect.table.exec(entry.text);
    return header ? [[header[1]!, entry] as const] : [];
  }));

  const ops: MigrationOperation[] = [];
  const tablesBefore = tables(removed);
  const tablesAfter = tables(added);
  // A removed line sits where its hunk is in the new version (the new side's start).
  const newPosition = (entry: NumberedLine) => file.newHunks[entry.hunk]?.start;
  for (const [table, entry] of tablesBefore) {
    if (!tablesAfter.has(table)) ops.push({ operation: 'drop_table', table, line: newPosition(entry) ?? entry.line, severity: 'destructive', detail: 'schema' });
  }
  const dropped = new Set([...tablesBefore.keys()].filter((table) => !tablesAfter.has(table)));
  const before = columns(removed, newPosition);
  const after = columns(added, (entry) => entry.line);
  for (const [key, { entry, type, table, column }] of before) {
    if (table !== undefined && dropped.has(table)) continue;
    // Without a known table, the same column name re-added anywhere in the diff counts as kept.
    const now = after.get(key) ?? (table === undefined ? [...after.values()].find((value) => value.column === column) : undefined);
    const line = newPosition(entry) ?? entry.line;
    if (!now) ops.push({ operation: 'remove_column', ...(table ? { table } : {}), column, line, severity: 'destructive', detail: 'schema' });
    else {
      const [was, is] = [definition(isRuby, type, entry.text), definition(isRuby, now.type, now.entry.text)];
      const at = { ...(table ? { table } : {}), column, line: now.entry.line };
      if (was.type !== is.type) ops.push({ operation: 'change_column', ...at, severity: 'risky', detail: `schema: ${was.type} → ${is.type}` });
      if (was.notNull !== is.notNull) ops.push({ operation: 'change_column_null', ...at, severity: is.notNull ? 'risky' : 'info', detail: is.notNull ? 'NOT NULL' : 'NULL allowed' });
      if (was.default !== is.default) ops.push({ operation: 'change_column_default', ...at, severity: 'info', detail: `schema: ${was.default ?? 'none'} → ${is.default ?? 'none'}` });
    }
  }
  return ops;
}

/** A column's type, nullability and default, from a schema.rb `t.type "name", null: false, default: …` or a pg_dump line. */
function definition(isRuby: boolean, type: string, text: string): { type: string; notNull: boolean; default?: string } {
  if (isRuby) {
    const value = /\bdefault:\s*("[^"]*"|[^,]*)/.exec(text)?.[1]?.trim();
    const limit = /\b(?:limit|precision|scale|array):\s*[^,]*/g;
    return { type: [type, ...(text.match(limit) ?? []).map((s) => s.trim())].join(' '), notNull: /\bnull:\s*false\b/.test(text), ...(value !== undefined ? { default: value } : {}) };
  }
  const cut = /\s(?:NOT\s+NULL|NULL|DEFAULT|COLLATE|GENERATED)\b/i.exec(type);
  const at = /\bDEFAULT\s+/i.exec(type);
  const value = at ? type.slice(at.index + at[0].length).replace(/\s+NOT\s+NULL\s*$/i, '').trim() : undefined;
  return { type: cut ? type.slice(0, cut.index).trim() : type, notNull: /\bNOT\s+NULL\b/i.test(type), ...(value !== undefined ? { default: value } : {}) };
}

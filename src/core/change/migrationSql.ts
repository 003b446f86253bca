/**
 * Operations in SQL text: statements inside a Rails `execute "…"`/heredoc, and plain `.sql` migration files.
 * One line at a time (a statement split over lines is matched on the line holding its verb); every regex is linear.
 */
import type { MigrationOperation } from './migrationTypes';

const IDENT = String.raw`((?:[\w]+\.)?"?[\w]+"?)`;
const STATEMENTS: Array<{ pattern: RegExp; op: (m: RegExpExecArray) => Omit<MigrationOperation, 'line'> }> = [
  { pattern: new RegExp(String.raw`\bDROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?${IDENT}`, 'i'), op: (m) => ({ operation: 'drop_table', table: name(m[1]), severity: 'destructive' }) },
  { pattern: /\bTRUNCATE\s+(?:TABLE\s+)?((?:\w+\.)?"?\w+"?)/i, op: (m) => ({ operation: 'truncate', table: name(m[1]), severity: 'destructive' }) },
  {
    pattern: new RegExp(String.raw`\bALTER\s+TABLE\s+(?:ONLY\s+)?(?:IF\s+EXISTS\s+)?${IDENT}\s+DROP\s+(?:COLUMN\s+)?(?:IF\s+EXISTS\s+)?"?(\w+)"?`, 'i'),
    op: (m) => (/^(?:constraint|index)$/i.test(m[2]!) ? { operation: 'drop_constraint', table: name(m[1]), severity: 'risky' } : { operation: 'remove_column', table: name(m[1]), column: m[2]!, severity: 'destructive' }),
  },
  {
    pattern: new RegExp(String.raw`\bALTER\s+TABLE\s+(?:ONLY\s+)?${IDENT}\s+RENAME\s+(?:COLUMN\s+)?"?(\w+)"?\s+TO\s+"?(\w+)"?`, 'i'),
    op: (m) =>
      m[2]!.toLowerCase() === 'to'
        ? { operation: 'rename_table', table: name(m[1]), severity: 'destructive', detail: `${name(m[1])} → ${m[3]}` }
        : { operation: 'rename_column', table: name(m[1]), column: m[2]!, severity: 'destructive', detail: `${m[2]} → ${m[3]}` },
  },
  {
    pattern: new RegExp(String.raw`\bALTER\s+TABLE\s+(?:ONLY\s+)?${IDENT}\s+ALTER\s+(?:COLUMN\s+)?"?(\w+)"?\s+(TYPE|SET\s+NOT\s+NULL|SET\s+DEFAULT|DROP\s+DEFAULT)`, 'i'),
    op: (m) => {
      const what = m[3]!.toUpperCase().replace(/\s+/g, ' ');
      const operation = what === 'TYPE' ? 'change_column' : what === 'SET NOT NULL' ? 'change_column_null' : 'change_column_default';
      return { operation, table: name(m[1]), column: m[2]!, severity: operation === 'change_column_default' ? 'info' : 'risky', detail: what };
    },
  },
  {
    pattern: new RegExp(String.raw`\bCREATE\s+UNIQUE\s+INDEX\s+(CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(?:"?\w+"?\s+)?ON\s+(?:ONLY\s+)?${IDENT}`, 'i'),
    op: (m) => ({ operation: 'add_unique_index', table: name(m[2]), severity: 'risky', ...(m[1] ? { detail: 'CONCURRENTLY' } : {}) }),
  },
  {
    pattern: new RegExp(String.raw`\bALTER\s+TABLE\s+(?:ONLY\s+)?${IDENT}\s+ADD\s+(?:CONSTRAINT\s+"?\w+"?\s+)?FOREIGN\s+KEY`, 'i'),
    op: (m) => ({ operation: 'add_foreign_key', table: name(m[1]), severity: 'risky' }),
  },
  { pattern: /^\s*(?:['"]\s*)?(UPDATE|DELETE\s+FROM|INSERT\s+INTO)\s+((?:\w+\.)?"?\w+"?)/i, op: (m) => ({ operation: 'backfill', table: name(m[2]), severity: 'risky', detail: m[1]!.split(/\s+/)[0]!.toUpperCase() }) },
];

function name(raw: string | undefined): string {
  const bare = (raw ?? '').replace(/"/g, '');
  return bare.startsWith('public.') ? bare.slice('public.'.length) : bare;
}

/** SQL operations on one line of SQL text. */
export function sqlOperations(text: string, line: number): MigrationOperation[] {
  const out: MigrationOperation[] = [];
  for (const { pattern, op } of STATEMENTS) {
    const match = pattern.exec(text);
    if (match) out.push({ ...op(match), line });
  }
  return out;
}

/** The SQL of an `execute "…"` / `execute(<<~SQL` line: the quoted text, or undefined when it is a heredoc or a variable. */
export function executeSql(text: string): string | undefined {
  const match = /\bexecute\s*\(?\s*(?:%q?\{([^}]*)|"([^"]*)|'([^']*))/.exec(text);
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

/** Plain SQL migration files: goose/sql-migrate/dbmate `Down` sections are skipped. */
export function plainSqlOperations(lines: ReadonlyArray<{ text: string; line: number }>): MigrationOperation[] {
  const out: MigrationOperation[] = [];
  let down = false;
  for (const { text, line } of lines) {
    if (/^\s*--\s*(?:\+goose|\+migrate|migrate:)\s*down\b/i.test(text)) down = true;
    else if (/^\s*--\s*(?:\+goose|\+migrate|migrate:)\s*up\b/i.test(text)) down = false;
    if (down || /^\s*--/.test(text)) continue;
    out.push(...sqlOperations(text, line));
  }
  return out;
}

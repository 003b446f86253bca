import type { ChangedFile } from './change';

/** The shapes shared by the migration analysers (Rails, SQL, schema dumps) and their summary. */

export type MigrationSeverity = 'destructive' | 'risky' | 'info';

export interface MigrationOperation {
  /** Rails' name where there is one (`remove_column`, `add_unique_index`, `backfill`, `irreversible`, …). */
  operation: string;
  table?: string;
  column?: string;
  /** 1-based, in the new version of the file (schema removals: where the removed lines were). */
  line: number;
  severity: MigrationSeverity;
  /** What makes it notable, briefly: `algorithm: :concurrently`, `update_all`, `no down`, `:old → :new`. */
  detail?: string;
}

export const SEVERITY_ORDER: Record<MigrationSeverity, number> = { destructive: 0, risky: 1, info: 2 };

export type MigrationFile = Pick<ChangedFile, 'path' | 'status' | 'addedLines' | 'removedLines' | 'oldHunks' | 'newHunks'> & {
  /** The whole new version; lets schema removals name their table. */
  newText?: string;
};

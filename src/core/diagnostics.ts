/**
 * A problem found in a file the team maintains (config, incident ledger, ...).
 * Positions are 1-based so they can be printed as-is and converted to editor ranges by subtracting one.
 */
export interface Diagnostic {
  /** Repo-relative posix path. */
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  severity: DiagnosticSeverity;
  /** Dotted path of the offending field, e.g. `affected[1].lines`; empty when the problem concerns the whole file. */
  field: string;
  message: string;
}

export type DiagnosticSeverity = 'error' | 'warning';

/** `file:line:col: severity: field: message` — the format compilers use, so terminals and editors link it. */
export function formatDiagnostic(d: Diagnostic): string {
  const field = d.field ? `${d.field}: ` : '';
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${field}${d.message}`;
}

/** Orders by file, then position, so output is stable whatever order the checks ran in. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column;
}

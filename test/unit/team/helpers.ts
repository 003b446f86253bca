import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic } from '../../../src/core/diagnostics';

/** Where a diagnostic points and what it is, without the message wording, for exact assertions. */
export function where(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column} ${d.severity} ${d.field}`;
}

/** A plain temp folder (no git needed to load team files) with a `write` helper. */
export class TempRepo {
  readonly root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-team-')));

  write(relative: string, content: string | Uint8Array): void {
    const full = path.join(this.root, relative);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }

  dispose(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/** Joins lines with a final newline, so line numbers in tests can be read off the array index (+1). */
export function text(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

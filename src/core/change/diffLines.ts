/**
 * Line numbers of a file's added and removed text. The diff is read with `-U0`, so each hunk side holds only
 * changed lines and the texts fill the hunks in order: added line k of hunk i is line `newHunks[i].start + k`.
 */
import type { ChangedFile } from './change';

export interface NumberedLine {
  text: string;
  /** 1-based, in the new version (added lines) or the base version (removed lines). */
  line: number;
  /** Index of the hunk the line belongs to (the same index on both sides). */
  hunk: number;
}

type Sides = Pick<ChangedFile, 'addedLines' | 'removedLines' | 'oldHunks' | 'newHunks'>;

/** Added lines with their line numbers in the new version; lines past the hunks (not expected) get the last number + 1. */
export function numberedAddedLines(file: Sides): NumberedLine[] {
  return numbered(file.addedLines, file.newHunks);
}

/** Removed lines with their line numbers in the base version. */
export function numberedRemovedLines(file: Sides): NumberedLine[] {
  return numbered(file.removedLines, file.oldHunks);
}

function numbered(texts: readonly string[], hunks: ChangedFile['newHunks']): NumberedLine[] {
  const out: NumberedLine[] = [];
  let index = 0;
  for (let hunk = 0; hunk < hunks.length && index < texts.length; hunk++) {
    const side = hunks[hunk]!;
    for (let k = 0; k < side.count && index < texts.length; k++) out.push({ text: texts[index++]!, line: side.start + k, hunk });
  }
  // Hunks missing (hand-built input) or fewer than the texts: number on from the last line so nothing is dropped.
  let next = out.length > 0 ? out[out.length - 1]!.line + 1 : 1;
  while (index < texts.length) out.push({ text: texts[index++]!, line: next++, hunk: Math.max(0, hunks.length - 1) });
  return out;
}

/**
 * Moves line ranges written against one text (a postmortem's `lines: "40-58"`, read as lines of the file
 * at HEAD) onto another (the text in the editor, with unsaved or uncommitted edits), so a mark stays on
 * its block when a line is inserted above it.
 */
import { diffArrays } from 'diff';

export interface LineRange {
  /** 1-based, inclusive. */
  start: number;
  end: number;
}

/**
 * Gives up on texts whose difference is too large to be worth the time (a file rewritten wholesale):
 * the ranges are then left where they were, as they were before this mapping existed.
 */
const DIFF_TIMEOUT_MS = 150;

export type LineMapper = (range: LineRange) => LineRange | undefined;

/**
 * A function mapping a range of `oldText`'s lines onto `newText`: the smallest range covering the range's
 * lines that survive (lines inserted between them included), or undefined when all of them were deleted.
 * Identity when the texts are equal or too different to diff in time.
 */
export function lineMapper(oldText: string, newText: string): LineMapper {
  if (oldText === newText) return (range) => range;
  const oldLines = splitLines(oldText);
  const newLines = splitLines(newText);
  const changes = diffArrays(oldLines, newLines, { timeout: DIFF_TIMEOUT_MS });
  if (!changes) return (range) => range;
  // newLineOf[i] = the 1-based new line of old line i + 1, or 0 when it was removed.
  const newLineOf = new Uint32Array(oldLines.length);
  let oldLine = 0;
  let newLine = 0;
  for (const change of changes) {
    const count = change.count ?? change.value.length;
    if (change.added) newLine += count;
    else if (change.removed) oldLine += count;
    else for (let k = 0; k < count; k++) newLineOf[oldLine++] = ++newLine;
  }
  return (range) => {
    let start = 0;
    let end = 0;
    for (let line = Math.max(1, range.start); line <= Math.min(range.end, oldLines.length); line++) {
      const moved = newLineOf[line - 1]!;
      if (moved === 0) continue;
      if (start === 0) start = moved;
      end = moved;
    }
    return start === 0 ? undefined : { start, end };
  };
}

function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  // A final newline ends the last line; it does not start another.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

import type { ChangedFile } from '../../src/core/change/change';

/**
 * A modified file as `readChange` describes it, with its added and removed lines in one hunk each at line `at`
 * (an empty side is a zero-length hunk after `at - 1`, as git writes it): for the change detectors' unit tests.
 */
export function changedFile(path: string, addedLines: string[], removedLines: string[] = [], at = 1, fields: Partial<ChangedFile> = {}): ChangedFile {
  return {
    path,
    status: 'modified',
    binary: false,
    added: addedLines.length,
    removed: removedLines.length,
    oldHunks: removedLines.length > 0 ? [{ start: at, count: removedLines.length }] : [{ start: at - 1, count: 0 }],
    newHunks: addedLines.length > 0 ? [{ start: at, count: addedLines.length }] : [{ start: at - 1, count: 0 }],
    addedLines,
    removedLines,
    ...fields,
  };
}

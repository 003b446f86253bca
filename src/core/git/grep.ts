/**
 * Which names a revision of the repository mentions, by `git grep` over the committed tree (never the work tree):
 * one process for many names, fixed strings (no pattern syntax from the change reaches git), whole words only, and
 * stopped as soon as every name is found.
 */
import { GitError, streamGitLines } from './gitProcess';

/** Names per git process: keeps the command line short on any platform. */
const NAMES_PER_PROCESS = 200;
/** Matches read per process before giving up on the remaining names (a name in a huge generated file, say). */
const MAX_MATCHES = 100_000;

export interface GrepOptions {
  signal?: AbortSignal;
  /** Limit the search to these pathspecs (default: the whole tree). */
  paths?: readonly string[];
}

class AllFound extends Error {}

/**
 * The subset of `names` that occur as whole words in some text file of `rev`. A name may hold no newline or NUL;
 * `rev` may not start with `-` (it would read as an option). Throws `GitError` when `rev` names no commit.
 */
export async function namesMentionedAt(cwd: string, rev: string, names: readonly string[], options: GrepOptions = {}): Promise<Set<string>> {
  if (rev.startsWith('-') || rev.length === 0) throw new Error(`git grep: "${rev}" is not a revision`);
  const wanted = [...new Set(names.filter((name) => name.length > 0 && !/[\n\r\0]/.test(name)))];
  const found = new Set<string>();
  for (let start = 0; start < wanted.length; start += NAMES_PER_PROCESS) {
    const batch = wanted.slice(start, start + NAMES_PER_PROCESS);
    const lookFor = new Set(batch);
    // -o -h prints each matched word alone, so one process tells which names occur (-l would only say "some").
    const args = ['grep', '--no-color', '-I', '-F', '-w', '-o', '-h', ...batch.flatMap((name) => ['-e', name]), rev, '--', ...(options.paths ?? [])];
    let matches = 0;
    try {
      await streamGitLines(args, { cwd, ...(options.signal ? { signal: options.signal } : {}) }, (line) => {
        if (lookFor.delete(line)) found.add(line);
        if (lookFor.size === 0 || ++matches >= MAX_MATCHES) throw new AllFound();
      });
    } catch (error) {
      if (error instanceof AllFound) continue;
      // Exit 1: nothing matched.
      if (error instanceof GitError && error.exitCode === 1 && error.stderr.trim() === '') continue;
      throw error;
    }
  }
  return found;
}

import * as crypto from 'node:crypto';
import { readBounded } from '../files/boundedRead';
import { streamGitTokens, type GitStreamOptions } from '../git/gitProcess';
import { DIFF_PROGRAMS_OFF } from '../git/safeGit';
import type { Repository } from '../git/repository';

export type ChangeStatus = 'A' | 'M' | 'D' | 'R' | 'C' | 'T';

export interface FileChange {
  status: ChangeStatus;
  path: string;
  /** The path before a rename or copy. */
  from?: string;
}

export interface LoggedCommit {
  sha: string;
  /** Author time, unix seconds. */
  time: number;
  authorName: string;
  authorEmail: string;
  message: string;
  changes: FileChange[];
}

/** Messages longer than this are cut: only ids and fix words near the start matter, and caches stay small. */
const MAX_MESSAGE_LENGTH = 2000;

/**
 * A commit's header fields, each ended by a NUL: sha, author time, author name, author email, message
 * (the last one ended by the NUL that `-z` puts after each commit's format). NUL is the one byte git
 * cannot put inside them: a commit message is cut at its first NUL by `%B`, and git refuses to read
 * an author ident holding one; any other byte (the 0x1e and 0x1f that once framed records here,
 * newlines, U+2028) is just text. Fields are told apart by their position, never by their content.
 */
const HEADER_FIELDS = 5;
const FORMAT = '%H%x00%at%x00%aN%x00%aE%x00%B';

/**
 * `git log` arguments for one streaming pass: oldest first (so renames can be applied forward),
 * no merges (their changes are already in the merged commits), rename detection on, NUL-separated
 * paths so any file name survives. `--name-status` only: `--numstat` would cost several times more.
 */
export function logArguments(revisions: readonly string[], paths: readonly string[] = []): string[] {
  // With paths: only the commits that touched them, each listed with all its files (`--full-diff`), as
  // the full read lists it, so that a bulk change is still seen as one and renames are still found.
  const only = paths.length > 0 ? ['--full-diff'] : [];
  return ['-c', 'core.quotepath=false', 'log', '--reverse', '--no-merges', ...only, '-M', '--name-status', ...DIFF_PROGRAMS_OFF, '-z', `--format=${FORMAT}`, ...revisions, '--', ...paths];
}

/**
 * The arguments of the full read (see `streamCommitGraph`): merges included (their parents give the
 * graph the index is ordered by; `--diff-merges=off` lists no files for them) and each commit's
 * parents after its sha, so no separate `git rev-list` is needed; oldest first when `reverse`.
 */
export function graphLogArguments(revisions: readonly string[], reverse: boolean): string[] {
  return [
    '-c',
    'core.quotepath=false',
    'log',
    ...(reverse ? ['--reverse'] : []),
    '--diff-merges=off',
    '-M',
    '--name-status',
    ...DIFF_PROGRAMS_OFF,
    '-z',
    `--format=${GRAPH_FORMAT}`,
    ...revisions,
    '--',
  ];
}

const GRAPH_FORMAT = '%H%x00%P%x00%at%x00%aN%x00%aE%x00%B';

/**
 * Streams `git log` over `revisions`, handing over each commit as soon as its file list is complete;
 * with `paths`, only the commits that touched one of them (repository-relative literal paths).
 */
export function streamCommits(revisions: readonly string[], options: GitStreamOptions, onCommit: (commit: LoggedCommit) => void, paths: readonly string[] = []): Promise<void> {
  return streamLog(logArguments(revisions, paths.map((file) => `:(literal)${file}`)), HEADER_FIELDS, options, (header, changes) => onCommit(commitOf(header, changes)));
}

/**
 * Streams `git log` over `revisions` with merges and parents (`graphLogArguments`): each commit is
 * handed over, once its file list is complete, with its parents (a merge's: with no files).
 */
export function streamCommitGraph(
  revisions: readonly string[],
  reverse: boolean,
  options: GitStreamOptions,
  onCommit: (commit: LoggedCommit, parents: string[]) => void,
): Promise<void> {
  return streamLog(graphLogArguments(revisions, reverse), HEADER_FIELDS + 1, options, ([sha = '', parents = '', ...rest], changes) =>
    onCommit(commitOf([sha, ...rest], changes), parents === '' ? [] : parents.split(' ')),
  );
}

/**
 * The output is read as a sequence of NUL-ended tokens: a commit's header fields, then for each
 * changed file a status (the first one after a newline) and its path, or two paths for a rename or
 * copy. After a header or a complete file entry the next token is either a status (a capital letter
 * and a similarity score: never 40 characters) or the next commit's sha (40 or 64 hex digits); a path
 * is only ever read where a path stands, so no file name or message can be taken for a commit.
 */
async function streamLog(args: string[], headerFields: number, options: GitStreamOptions, onCommit: (header: string[], changes: FileChange[]) => void): Promise<void> {
  let current: { header: string[]; changes: FileChange[] } | undefined;
  /** The header being read (its fields so far), or undefined between a header and the next commit. */
  let header: string[] | undefined;
  let status: ChangeStatus | undefined;
  let renameFrom: string | undefined;

  await streamGitTokens(args, options, (token) => {
    if (header) {
      header.push(token);
      if (header.length === headerFields) {
        current = { header, changes: [] };
        header = undefined;
      }
      return;
    }
    if (status === undefined) {
      if (isSha(token)) {
        if (current) onCommit(current.header, current.changes);
        current = undefined;
        header = [token];
        return;
      }
      // git puts a newline between a commit's header and its first status.
      status = (token.startsWith('\n') ? token[1] : token[0]) as ChangeStatus;
      return;
    }
    if ((status === 'R' || status === 'C') && renameFrom === undefined) {
      renameFrom = token;
      return;
    }
    current?.changes.push(renameFrom === undefined ? { status, path: token } : { status, path: token, from: renameFrom });
    status = undefined;
    renameFrom = undefined;
  });
  if (header) throw new Error(`git log ended inside the header of commit ${header[0]}`);
  if (current) onCommit(current.header, current.changes);
}

/** A commit's sha where a status or a sha can stand: a status is a letter and at most 3 digits. */
function isSha(token: string): boolean {
  return (token.length === 40 || token.length === 64) && /^[0-9a-f]+$/.test(token);
}

function commitOf([sha = '', time = '0', authorName = '', authorEmail = '', message = '']: string[], changes: FileChange[]): LoggedCommit {
  return {
    sha,
    time: Number(time),
    authorName,
    authorEmail: authorEmail.toLowerCase(),
    message: message.trim().slice(0, MAX_MESSAGE_LENGTH),
    changes,
  };
}

/**
 * What `git log` reads besides the commits, as digests of the files ('' where there is none): the
 * shallow boundary (`<common dir>/shallow`, which a deepening fetch moves) and the work tree's
 * `.mailmap` (which `%aN` and `%aE` apply). An index read under other inputs differs from a fresh
 * read. They are read from the files, so a warm start runs no extra git process; a mailmap set by
 * `mailmap.file` or `mailmap.blob` is not seen, since reading git's config would take one.
 */
export interface LogInputs {
  shallowBoundary: string;
  mailmap: string;
}

export function readLogInputs(repository: Pick<Repository, 'root' | 'commonDir'>): LogInputs {
  return {
    shallowBoundary: fileDigest(repository.commonDir, 'shallow', MAX_SHALLOW_BYTES),
    mailmap: fileDigest(repository.root, '.mailmap', MAX_MAILMAP_BYTES),
  };
}

/** Why a history read under `before` is not what git reads under `now`, for the user; undefined when it is. */
export function logInputsChange(before: LogInputs, now: LogInputs): string | undefined {
  const changes = [
    ...(before.shallowBoundary === now.shallowBoundary ? [] : ["the clone's depth changed (git fetch --deepen, --depth or --unshallow)"]),
    ...(before.mailmap === now.mailmap ? [] : ['the .mailmap changed']),
  ];
  return changes.length > 0 ? changes.join(' and ') : undefined;
}

/** A generous cap: large projects' mailmaps are tens of KiB; a committed link to /dev/zero must not be read forever. */
const MAX_MAILMAP_BYTES = 16 * 1024 * 1024;
/** One object name per line per shallow commit. */
const MAX_SHALLOW_BYTES = 64 * 1024 * 1024;

/**
 * What the history read depends on in `relative` under `root`: its hash when read; '' when absent (git
 * reads none either); otherwise why it was not read, so a file that stays unreadable does not
 * invalidate the index on every start, and one that changes size does.
 */
function fileDigest(root: string, relative: string, maxBytes: number): string {
  const read = readBounded(root, relative, maxBytes);
  if (read.status === 'missing') return '';
  if (read.status === 'read') return crypto.createHash('sha256').update(read.bytes).digest('hex');
  return read.reason === 'too-large' ? `unread: ${read.reason} ${read.size}` : `unread: ${read.reason}`;
}

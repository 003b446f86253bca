import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
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

const RECORD_START = '\x1e';
const FIELD = '\x1f';
/** Messages longer than this are cut: only ids and fix words near the start matter, and caches stay small. */
const MAX_MESSAGE_LENGTH = 2000;

/**
 * `git log` arguments for one streaming pass: oldest first (so renames can be applied forward),
 * no merges (their changes are already in the merged commits), rename detection on, NUL-separated
 * paths so any file name survives. `--name-status` only: `--numstat` would cost several times more.
 */
export function logArguments(revisions: readonly string[]): string[] {
  return [
    '-c',
    'core.quotepath=false',
    'log',
    '--reverse',
    '--no-merges',
    '-M',
    '--name-status',
    ...DIFF_PROGRAMS_OFF,
    '-z',
    `--format=${RECORD_START}%H${FIELD}%at${FIELD}%aN${FIELD}%aE${FIELD}%B${FIELD}`,
    ...revisions,
    '--',
  ];
}

/** Streams `git log` over `revisions`, handing over each commit as soon as its file list is complete. */
export async function streamCommits(
  revisions: readonly string[],
  options: GitStreamOptions,
  onCommit: (commit: LoggedCommit) => void,
): Promise<void> {
  let current: LoggedCommit | undefined;
  let status: ChangeStatus | undefined;
  let renameFrom: string | undefined;

  await streamGitTokens(logArguments(revisions), options, (token) => {
    if (token.startsWith(RECORD_START)) {
      if (current) onCommit(current);
      current = parseHeader(token);
      status = undefined;
      return;
    }
    if (!current || token === '') return;
    if (status === undefined) {
      // git puts a newline between a commit's header and its first status; paths are taken as they are (one may start with a newline).
      status = (token.startsWith('\n') ? token[1] : token[0]) as ChangeStatus;
      return;
    }
    if ((status === 'R' || status === 'C') && renameFrom === undefined) {
      renameFrom = token;
      return;
    }
    current.changes.push(renameFrom === undefined ? { status, path: token } : { status, path: token, from: renameFrom });
    status = undefined;
    renameFrom = undefined;
  });
  if (current) onCommit(current);
}

function parseHeader(token: string): LoggedCommit {
  const [sha = '', time = '0', authorName = '', authorEmail = '', message = ''] = token.slice(1).split(FIELD);
  return {
    sha,
    time: Number(time),
    authorName,
    authorEmail: authorEmail.toLowerCase(),
    message: message.trim().slice(0, MAX_MESSAGE_LENGTH),
    changes: [],
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
    shallowBoundary: fileDigest(path.join(repository.commonDir, 'shallow')),
    mailmap: fileDigest(path.join(repository.root, '.mailmap')),
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

function fileDigest(file: string): string {
  try {
    return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  } catch {
    return ''; // no such file: git reads none either
  }
}

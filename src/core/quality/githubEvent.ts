/**
 * The pull request as GitHub Actions describes it to a job: the event payload at `GITHUB_EVENT_PATH` holds the PR
 * body and its base commit, so `check` in CI reads the author's own sections without a shell step copying them.
 */
import * as fs from 'node:fs';

export interface PullRequestEvent {
  /** The payload file it came from. */
  file: string;
  /** The PR description ('' when the author left it empty). */
  body: string;
  /** The base branch's commit the PR was opened or last synchronised against. */
  baseSha?: string;
  baseRef?: string;
  number?: number;
}

/** GitHub's own limit for a PR body is 65,536 characters; the payload around it stays far below this. */
const MAX_EVENT_BYTES = 16 * 1024 * 1024;

/**
 * The pull request of the running GitHub Actions job, or undefined outside one (or for an event without a pull
 * request). A payload that cannot be read or parsed is an error that names the file.
 */
export function pullRequestEvent(env: NodeJS.ProcessEnv = process.env): PullRequestEvent | undefined {
  const file = env.GITHUB_EVENT_PATH;
  if (!env.GITHUB_ACTIONS || !file) return undefined;
  let payload: unknown;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new Error('not a regular file');
    if (stat.size > MAX_EVENT_BYTES) throw new Error(`larger than ${MAX_EVENT_BYTES} bytes`);
    payload = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`GITHUB_EVENT_PATH ${file}: cannot read the event payload: ${error instanceof Error ? error.message : String(error)}`);
  }
  const pr = (payload as { pull_request?: unknown } | null)?.pull_request;
  if (typeof pr !== 'object' || pr === null) return undefined;
  const { body, number, base } = pr as { body?: unknown; number?: unknown; base?: { sha?: unknown; ref?: unknown } };
  return {
    file,
    body: typeof body === 'string' ? body : '',
    ...(typeof base?.sha === 'string' && /^[0-9a-f]{40,64}$/.test(base.sha) ? { baseSha: base.sha } : {}),
    ...(typeof base?.ref === 'string' ? { baseRef: base.ref } : {}),
    ...(typeof number === 'number' ? { number } : {}),
  };
}

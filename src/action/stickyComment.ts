/**
 * One comment per pull request that the action keeps up to date: found again by a hidden marker on its first line
 * and edited (PATCH), else created. Plain REST calls with Node's fetch; the token is sent to GITHUB_API_URL only.
 * Every failure (a fork's read-only token, a missing `pull-requests: write`, the API down) is returned, never
 * thrown: a comment that cannot be posted must not fail the check.
 */
import { createHash } from 'node:crypto';

export interface CommentTarget {
  /** GITHUB_API_URL: https://api.github.com, or the GitHub Enterprise Server API. */
  apiUrl: string;
  /** GITHUB_REPOSITORY: owner/name. */
  repository: string;
  pullRequest: number;
  token: string;
}

export type CommentOutcome = { action: 'created' | 'updated'; id: number; url: string } | { action: 'failed'; reason: string };

interface IssueComment {
  id: number;
  body?: string;
  html_url?: string;
  user?: { login?: string; type?: string } | null;
}

/** Pages of 100 comments read at most while looking for the previous one. */
const MAX_PAGES = 20;
const TIMEOUT_MS = 30_000;

/**
 * The marker of this action's comment. It names the analysed folder (hashed: a path could hold `-->`), so that
 * jobs checking different folders of a monorepo keep a comment each.
 */
export function commentMarker(folder: string): string {
  const key = createHash('sha256').update(folder).digest('hex').slice(0, 12);
  return `<!-- change-risk:action-comment ${key} -->`;
}

export async function upsertComment(target: CommentTarget, marker: string, body: string): Promise<CommentOutcome> {
  try {
    const base = `${target.apiUrl.replace(/\/+$/, '')}/repos/${target.repository}/issues`;
    const previous = await findComment(`${base}/${target.pullRequest}/comments`, target.token, marker);
    const response = previous
      ? await request(`${base}/comments/${previous.id}`, target.token, 'PATCH', { body })
      : await request(`${base}/${target.pullRequest}/comments`, target.token, 'POST', { body });
    const comment = (await response.json()) as IssueComment;
    return { action: previous ? 'updated' : 'created', id: comment.id, url: comment.html_url ?? '' };
  } catch (error) {
    return { action: 'failed', reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The previous comment: the first one starting with the marker, one written by a bot (the `github-actions[bot]` of
 * the default token) preferred over a person's, who may have quoted it.
 */
async function findComment(url: string, token: string, marker: string): Promise<IssueComment | undefined> {
  const candidates: IssueComment[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const comments = (await (await request(`${url}?per_page=100&page=${page}`, token, 'GET')).json()) as IssueComment[];
    if (!Array.isArray(comments)) throw new Error(`GET ${url}: the answer is not a list of comments`);
    candidates.push(...comments.filter((comment) => typeof comment.id === 'number' && comment.body?.startsWith(marker)));
    if (comments.length < 100) break;
  }
  return candidates.find((comment) => comment.user?.type === 'Bot') ?? candidates[0];
}

async function request(url: string, token: string, method: 'GET' | 'POST' | 'PATCH', payload?: unknown): Promise<Response> {
  const response = await fetch(url, {
    method,
    headers: {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${token}`,
      'x-github-api-version': '2022-11-28',
      'user-agent': 'change-risk-action',
      ...(payload ? { 'content-type': 'application/json' } : {}),
    },
    ...(payload ? { body: JSON.stringify(payload) } : {}),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!response.ok) {
    const detail = await response.text().catch(() => '');
    const message = /"message"\s*:\s*"([^"]{1,200})"/.exec(detail)?.[1];
    throw new Error(`${method} ${new URL(url).pathname}: ${response.status} ${response.statusText}${message ? ` (${message})` : ''}`);
  }
  return response;
}

/**
 * The adapter between the GitHub Pull Requests extension's API (`registerTitleAndDescriptionProvider`, see
 * vscode-pull-request-github's src/api/api.d.ts) and the impact draft. Pure: no vscode import, so the
 * unit tests drive it with a fake API object.
 */
import type { ImpactDraft } from '../../core/impact/draft';

/** The shape of the PR extension's provider (api.d.ts `TitleAndDescriptionProvider`). */
export interface TitleAndDescriptionProvider {
  provideTitleAndDescription(
    context: { commitMessages: string[]; patches: string[] | { patch: string; fileUri: string; previousFileUri?: string }[]; issues?: { reference: string; content: string }[] },
    token: CancellationLike,
  ): Promise<{ title: string; description?: string } | undefined>;
}

export interface CancellationLike {
  isCancellationRequested: boolean;
  onCancellationRequested?: (listener: () => unknown) => { dispose(): unknown };
}

export interface DisposableLike {
  dispose(): unknown;
}

/** What we need of the PR extension's exported API. */
export interface PullRequestApi {
  registerTitleAndDescriptionProvider(title: string, provider: TitleAndDescriptionProvider): DisposableLike;
}

export const PROVIDER_NAME = 'Change Risk';

export function hasTitleAndDescriptionProvider(api: unknown): api is PullRequestApi {
  return typeof api === 'object' && api !== null && typeof (api as { registerTitleAndDescriptionProvider?: unknown }).registerTitleAndDescriptionProvider === 'function';
}

/** The title: the branch's first commit subject, else the branch name, else the PR extension's first commit message. */
export function titleOf(draft: ImpactDraft, commitMessages: readonly string[]): string {
  const commits = draft.analysis.change.commits;
  const first = commits[commits.length - 1]?.subject;
  if (first) return first;
  if (draft.analysis.change.branch) return draft.analysis.change.branch;
  return commitMessages[commitMessages.length - 1]?.split('\n')[0] ?? 'Change';
}

export function createTitleAndDescriptionProvider(drafter: (signal: AbortSignal) => Promise<ImpactDraft | undefined>, onError: (error: unknown) => void): TitleAndDescriptionProvider {
  return {
    async provideTitleAndDescription(context, token) {
      if (token.isCancellationRequested) return undefined;
      const abort = new AbortController();
      const subscription = token.onCancellationRequested?.(() => abort.abort());
      try {
        const draft = await drafter(abort.signal);
        if (!draft || token.isCancellationRequested) return undefined;
        return { title: titleOf(draft, context.commitMessages ?? []), description: draft.body };
      } catch (error) {
        if (!abort.signal.aborted) onError(error);
        return undefined;
      } finally {
        subscription?.dispose();
      }
    },
  };
}

/**
 * Registers the provider when the API offers the method; otherwise does nothing and says why once.
 * Never throws: a failing registration is logged.
 */
export function registerWithApi(api: unknown, provider: TitleAndDescriptionProvider, logOnce: (message: string) => void): DisposableLike | undefined {
  if (!hasTitleAndDescriptionProvider(api)) {
    logOnce('GitHub Pull Requests: its API has no registerTitleAndDescriptionProvider; no PR description provider registered');
    return undefined;
  }
  try {
    const registration = api.registerTitleAndDescriptionProvider(PROVIDER_NAME, provider);
    logOnce(`GitHub Pull Requests: "${PROVIDER_NAME}" registered as a title and description provider`);
    return registration;
  } catch (error) {
    logOnce(`GitHub Pull Requests: registering the description provider failed: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

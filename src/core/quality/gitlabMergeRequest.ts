/**
 * The merge request as GitLab CI describes it to a job: in a merge request pipeline the predefined variables hold the
 * MR description and the commits it is compared with, so `check` reads the author's own sections without a script
 * step copying them (as `githubEvent.ts` does for GitHub Actions).
 *
 * Variables (docs.gitlab.com/ci/variables/predefined_variables/): `GITLAB_CI`, `CI_MERGE_REQUEST_IID` (set only in
 * merge request pipelines), `CI_MERGE_REQUEST_DESCRIPTION` (GitLab 16.7+; cut to its first 2,700 characters when
 * longer, which 16.8+ says with `CI_MERGE_REQUEST_DESCRIPTION_IS_TRUNCATED` = `true`), `CI_MERGE_REQUEST_DIFF_BASE_SHA`
 * (the merge request diff's base commit) and `CI_MERGE_REQUEST_TARGET_BRANCH_NAME`.
 */

export interface GitLabMergeRequest {
  /** `!12`, for messages. */
  reference: string;
  /** The MR description; undefined when this GitLab passes none (before 16.7), so PR-body requirements stay unchecked. */
  description?: string;
  /** GitLab cut the description: a section after the cut cannot be seen. */
  descriptionTruncated: boolean;
  /** What to compare with: the diff's base commit, else the target branch as fetched (`origin/<name>`). */
  base?: string;
  /** Which variable `base` came from. */
  baseVariable?: 'CI_MERGE_REQUEST_DIFF_BASE_SHA' | 'CI_MERGE_REQUEST_TARGET_BRANCH_NAME';
}

/** The merge request of the running GitLab CI job, or undefined outside a merge request pipeline. */
export function gitlabMergeRequest(env: NodeJS.ProcessEnv = process.env): GitLabMergeRequest | undefined {
  const iid = env.CI_MERGE_REQUEST_IID;
  if (!env.GITLAB_CI || !iid) return undefined;
  const description = env.CI_MERGE_REQUEST_DESCRIPTION;
  const sha = env.CI_MERGE_REQUEST_DIFF_BASE_SHA?.trim();
  const target = env.CI_MERGE_REQUEST_TARGET_BRANCH_NAME?.trim();
  const base = sha && /^[0-9a-f]{40,64}$/.test(sha)
    ? { base: sha, baseVariable: 'CI_MERGE_REQUEST_DIFF_BASE_SHA' as const }
    : target
      ? { base: `origin/${target}`, baseVariable: 'CI_MERGE_REQUEST_TARGET_BRANCH_NAME' as const }
      : {};
  return {
    reference: `!${iid}`,
    ...(description !== undefined ? { description } : {}),
    descriptionTruncated: description !== undefined && isTruncated(description, env.CI_MERGE_REQUEST_DESCRIPTION_IS_TRUNCATED),
    ...base,
  };
}


/** GitLab's cut. Without the flag (GitLab 16.7), a description of exactly the cut's length is taken as cut. */
const DESCRIPTION_LIMIT = 2700;

function isTruncated(description: string, flag: string | undefined): boolean {
  return flag === undefined ? description.length >= DESCRIPTION_LIMIT : flag === 'true';
}

/** The CI variables `check` reads: cleared around a test so the machine's own CI cannot leak in. */
const CI_VARIABLES = [
  'GITHUB_ACTIONS',
  'GITHUB_EVENT_PATH',
  'GITLAB_CI',
  'CI_MERGE_REQUEST_IID',
  'CI_MERGE_REQUEST_DESCRIPTION',
  'CI_MERGE_REQUEST_DESCRIPTION_IS_TRUNCATED',
  'CI_MERGE_REQUEST_DIFF_BASE_SHA',
  'CI_MERGE_REQUEST_TARGET_BRANCH_NAME',
];

/** Runs `fn` with exactly these CI variables in `process.env` (the CLI runs inherit it), then restores it. */
export function withCiEnv<T>(variables: Record<string, string>, fn: () => T): T {
  const saved = new Map(CI_VARIABLES.map((name) => [name, process.env[name]]));
  for (const name of CI_VARIABLES) delete process.env[name];
  Object.assign(process.env, variables);
  try {
    return fn();
  } finally {
    for (const name of Object.keys(variables)) delete process.env[name];
    for (const [name, value] of saved) if (value !== undefined) process.env[name] = value;
  }
}

/**
 * The one policy for every git process Change Risk starts: a read-only analysis must never run a program that the
 * analysed repository names in its own configuration (`.git/config`, a file it includes, `.git/info/attributes`,
 * `.gitattributes`). Such a repository may come from anyone (an unpacked archive, a shared folder, a fork's
 * checkout with a prepared `.git`), and opening it must be as safe as reading its files.
 *
 * Switched off, for every process:
 * - `core.fsmonitor` (a hook program, or the built-in daemon) → false;
 * - hooks (`core.hooksPath` points nowhere; read commands run none, this covers any that would);
 * - signature checks (`log.showSignature` → false, so `gpg.program` / `gpg.ssh.program` are never started);
 * - external diff programs (`diff.external`, `diff.<driver>.command`) and textconv filters (`diff.<driver>.textconv`):
 *   every diff, log, show and blame that could produce a patch or read contents passes `--no-ext-diff` /
 *   `--no-textconv` (DIFF_PROGRAMS_OFF below; git has no config switch for them);
 * - the network, hence `core.sshCommand`, `credential.helper`, `remote.*.uploadpack` and the like: every transport is
 *   refused (`protocol.allow` and each built-in protocol → never) and a partial clone does not fetch missing objects
 *   (`GIT_NO_LAZY_FETCH`, git 2.45+; older git then fails on the refused transport instead of fetching);
 * - pagers (no terminal, and `--no-pager`); automatic gc and maintenance (`gc.auto` → 0, `maintenance.auto` → false);
 * - clean/smudge/process filters (`filter.<driver>.*`, run when git hashes a work-tree file or blames `--contents`):
 *   git has no switch for them, so the driver names configured (in any scope) are read with `git config` and each is
 *   emptied (`filterOverrides`); a driver with empty commands passes contents through unchanged. This needs git 2.31+
 *   (`GIT_CONFIG_COUNT`), which takes any driver name, even one a `-c` argument could not spell.
 * - `GIT_*` variables in our own environment (set by a hook that runs the CLI: `GIT_DIR`, `GIT_INDEX_FILE`,
 *   `GIT_CONFIG_PARAMETERS`, …) are dropped so every process reads the repository at its `cwd` with this policy on top.
 *
 * Still trusted: the git binary on PATH, and the user's system and global configuration for everything not listed
 * (identity, `core.quotepath`, includes, …). Submodules are never entered (`--ignore-submodules=dirty` on commands
 * that would look into their work trees), so a submodule's own configuration is never read.
 */

/** Placed before the subcommand of every git process. */
export const SAFE_CONFIG_ARGS: readonly string[] = [
  '--no-pager',
  ...[
    ['core.fsmonitor', 'false'],
    ['core.hooksPath', '/dev/null'],
    ['log.showSignature', 'false'],
    ['gc.auto', '0'],
    ['maintenance.auto', 'false'],
    ['protocol.allow', 'never'],
    ...['file', 'git', 'ssh', 'http', 'https', 'ext'].map((name) => [`protocol.${name}.allow`, 'never']),
  ].flatMap(([key, value]) => ['-c', `${key}=${value}`]),
];

/** Options for diff, log, show and blame: no external diff program, no textconv filter. */
export const DIFF_PROGRAMS_OFF: readonly string[] = ['--no-ext-diff', '--no-textconv'];

/** The environment of every git process: ours without `GIT_*`, stable messages, no optional locks, no prompts. */
export function safeGitEnv(overrides: ReadonlyArray<readonly [string, string]> = []): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^git_/i.test(name)) env[name] = value;
  }
  Object.assign(env, { LC_ALL: 'C', GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', GIT_NO_LAZY_FETCH: '1' });
  if (overrides.length > 0) {
    env.GIT_CONFIG_COUNT = String(overrides.length);
    overrides.forEach(([key, value], i) => {
      env[`GIT_CONFIG_KEY_${i}`] = key;
      env[`GIT_CONFIG_VALUE_${i}`] = value;
    });
  }
  return env;
}

/** Subcommands that may hash work-tree files (and so run clean filters): they get `filterOverrides` first. */
const READS_WORK_TREE = new Set(['status', 'diff', 'blame', 'diff-files', 'diff-index', 'ls-files', 'add', 'hash-object']);

/** Whether the subcommand of an argument list (after global options such as `-c key=value`) may hash work-tree files. */
export function readsWorkTree(args: readonly string[]): boolean {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-c' || arg === '-C') i++;
    else if (!arg.startsWith('-')) return READS_WORK_TREE.has(arg);
  }
  return false;
}

/**
 * Config entries that empty every clean/smudge/process filter driver named in `tokens`, the output of
 * `git config -z --get-regexp '^filter\.'` ("filter.<name>.<key>\n<value>" each; the name may hold dots).
 */
export function filterOverridesFor(tokens: readonly string[]): Array<[string, string]> {
  const names = new Set<string>();
  for (const token of tokens) {
    const key = token.split('\n', 1)[0]!;
    const last = key.lastIndexOf('.');
    if (key.toLowerCase().startsWith('filter.') && last > 'filter.'.length) names.add(key.slice('filter.'.length, last));
  }
  return [...names].sort().flatMap((name) => [
    [`filter.${name}.clean`, ''],
    [`filter.${name}.smudge`, ''],
    [`filter.${name}.process`, ''],
    [`filter.${name}.required`, 'false'],
  ] as Array<[string, string]>);
}

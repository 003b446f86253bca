import { execFile } from 'node:child_process';

/** Environment for git runs in generated repositories: no system config, UTC, no pager or prompts. */
export function gitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, GIT_CONFIG_NOSYSTEM: '1', TZ: 'UTC', GIT_TERMINAL_PROMPT: '0', ...extra };
}

/** Runs git in `cwd` and resolves with stdout (trailing newline trimmed); rejects with git's stderr. */
export function runGit(cwd: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, env: gitEnv(env), maxBuffer: 512 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`git ${args.join(' ')} failed in ${cwd}: ${stderr.trim() || error.message}`));
      else resolve(stdout.replace(/\n$/, ''));
    });
  });
}

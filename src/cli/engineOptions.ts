import * as os from 'node:os';
import * as path from 'node:path';
import { ChangeRiskEngine } from '../core/engine';
import { calendarDate } from '../core/risk/format';
import type { IndexProgress } from '../core/history/historyLoader';
import { UsageError, type CommandContext } from './cliTypes';
import { printError, writeProgress } from './output';

/** Options every command that reads history accepts. */
export const ENGINE_OPTIONS = {
  repo: { type: 'string' },
  now: { type: 'string' },
  'cache-dir': { type: 'string' },
  'no-cache': { type: 'boolean' },
} as const;

export const ENGINE_OPTIONS_HELP = `Repository options:
  --repo PATH        repository to analyse (default: the current folder)
  --now DATE         compute results as of DATE (YYYY-MM-DD), for reproducible reports
  --cache-dir DIR    history index cache (default: $CHANGE_RISK_CACHE_DIR, else $XDG_CACHE_HOME/change-risk, else ~/.cache/change-risk)
  --no-cache         index from scratch and write no cache`;

export function defaultCacheDir(): string {
  if (process.env.CHANGE_RISK_CACHE_DIR) return process.env.CHANGE_RISK_CACHE_DIR;
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'change-risk');
}

/**
 * `--now`: a calendar date (UTC midnight), or an ISO date and time with its zone. Nothing looser:
 * `new Date` would take "2025-02-30" as March 2nd and read "April 1" in the machine's time zone.
 */
export function parseNow(value: string | boolean | undefined): Date {
  if (typeof value !== 'string') return new Date();
  const parsed = calendarDate(value) ?? (ISO_DATE_TIME.test(value) && calendarDate(value.slice(0, 10)) ? new Date(value) : undefined);
  if (!parsed || Number.isNaN(parsed.getTime())) throw new UsageError(`--now: "${value}" is not a date (use YYYY-MM-DD)`);
  return parsed;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** The history index's cache folder the options name (none with --no-cache): the change risk's history pass is cached beside it. */
export function cacheDirOption(values: CommandContext['values']): { cacheDir?: string } {
  if (values['no-cache']) return {};
  return { cacheDir: typeof values['cache-dir'] === 'string' ? values['cache-dir'] : defaultCacheDir() };
}

/** Opens the engine for a command, with progress on stderr only when stderr is a terminal. */
export async function openEngine(context: CommandContext): Promise<ChangeRiskEngine> {
  const { values } = context;
  const showProgress = Boolean(process.stderr.isTTY);
  const onProgress = (progress: IndexProgress) => {
    const total = progress.total ? `/${progress.total}` : '';
    writeProgress('\r', `${progress.message}: ${progress.done}${total} commits`);
  };
  const engine = await ChangeRiskEngine.open({
    folder: typeof values.repo === 'string' ? values.repo : process.cwd(),
    now: parseNow(values.now),
    ...cacheDirOption(values),
    ...(showProgress ? { onProgress } : {}),
  });
  if (showProgress) writeProgress('\r\x1b[K');
  for (const warning of engine.warnings) printError(`warning: ${warning}`);
  return engine;
}

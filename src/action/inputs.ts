/**
 * The action's inputs, as the runner hands them to a JavaScript action: `INPUT_<NAME>` environment variables, the
 * name upper-cased with spaces as underscores and hyphens kept (`github-token` → `INPUT_GITHUB-TOKEN`), and every
 * input declared with a default present even when the workflow does not set it. Bad values are refused with the
 * input's name, before any work: the same as a usage error of the CLI (exit 2).
 */
import * as path from 'node:path';
import { isLang, type Lang } from '../core/impact/messages';
import { calendarDate } from '../core/risk/format';
import { TOOL_REPORT_FORMATS, type ToolReportFormat } from '../core/quality/reportFormats';

export interface ActionInputs {
  /** A ref or commit to compare with; undefined: the pull request's base commit, else the detected base branch. */
  base?: string;
  lang: Lang;
  /** Emit workflow annotations for the findings (capped, see annotations.ts). */
  annotations: boolean;
  /** Post or update one sticky comment on the pull request. */
  comment: boolean;
  /** Only read when `comment` is on. */
  githubToken?: string;
  /** Absolute: the repository folder to analyse. */
  workingDirectory: string;
  /** Results as of this date (UTC midnight); undefined: now. */
  now?: Date;
  /** `enforce`: unmet requirements fail the step (exit 1); `advisory`: they are reported and the step passes. */
  bar: 'enforce' | 'advisory';
  /** A machine-readable report of the check written to `reportFile`, for code scanning or another tool. */
  format?: ToolReportFormat;
  /** Absolute: where the report is written (only with `format`). */
  reportFile?: string;
  /** Compute the change risk (its history pass reads every commit's diff on a fresh clone); false: leave it out. */
  changeRisk: boolean;
}

/** The file names the consumers expect by default: upload-sarif takes any path; GitLab's job documents this one. */
const DEFAULT_REPORT_FILE: Record<ToolReportFormat, string> = { sarif: 'change-risk.sarif', gitlab: 'gl-code-quality-report.json' };

export class ActionInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ActionInputError';
  }
}

/** The raw value of an input, trimmed; '' when unset (the toolkit's `getInput` reads it the same way). */
export function rawInput(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** YAML 1.2 core schema booleans, as the toolkit's `getBooleanInput` accepts them; anything else is an error. */
function booleanInput(name: string, fallback: boolean, env: NodeJS.ProcessEnv): boolean {
  const value = rawInput(name, env);
  if (value === '') return fallback;
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new ActionInputError(`input "${name}": "${value}" is not true or false`);
}

export function readInputs(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ActionInputs {
  const base = rawInput('base', env);
  const lang = rawInput('lang', env) || 'en';
  if (!isLang(lang)) throw new ActionInputError(`input "lang": "${lang}" is not en or ja`);
  const nowText = rawInput('now', env);
  const now = nowText ? calendarDate(nowText) : undefined;
  if (nowText && !now) throw new ActionInputError(`input "now": "${nowText}" is not a date (use YYYY-MM-DD)`);
  const comment = booleanInput('comment', false, env);
  const bar = rawInput('bar', env) || 'enforce';
  if (bar !== 'enforce' && bar !== 'advisory') throw new ActionInputError(`input "bar": "${bar}" is not enforce or advisory`);
  const format = rawInput('format', env);
  if (format && !(TOOL_REPORT_FORMATS as readonly string[]).includes(format)) throw new ActionInputError(`input "format": "${format}" is not one of ${TOOL_REPORT_FORMATS.join(', ')} (or empty: no report file)`);
  const reportFileText = rawInput('report-file', env);
  if (reportFileText && !format) throw new ActionInputError('input "report-file": set "format" too (sarif or gitlab)');
  const githubToken = rawInput('github-token', env);
  return {
    ...(base ? { base } : {}),
    lang,
    annotations: booleanInput('annotations', true, env),
    comment,
    ...(comment && githubToken ? { githubToken } : {}),
    workingDirectory: path.resolve(cwd, rawInput('working-directory', env) || '.'),
    ...(now ? { now } : {}),
    bar,
    changeRisk: booleanInput('change-risk', true, env),
    ...(format ? { format: format as ToolReportFormat, reportFile: path.resolve(cwd, reportFileText || DEFAULT_REPORT_FILE[format as ToolReportFormat]) } : {}),
  };
}

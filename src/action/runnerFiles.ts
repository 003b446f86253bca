/**
 * The files the runner gives a step (https://docs.github.com/actions/reference/workflow-commands-for-github-actions,
 * "Environment files"): outputs are appended to GITHUB_OUTPUT as `name<<delimiter` / value / `delimiter` (the
 * multiline form, safe for any value: the delimiter is random and checked not to occur in it), and the job summary is
 * Markdown appended to GITHUB_STEP_SUMMARY, at most 1 MiB per step (GitHub drops a larger summary altogether).
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';

/** GitHub's cap on one step's summary, in bytes. */
export const SUMMARY_MAX_BYTES = 1024 * 1024;

export function setOutputs(outputs: Record<string, string>, env: NodeJS.ProcessEnv = process.env): void {
  const file = env.GITHUB_OUTPUT;
  if (!file) return;
  const delimiter = `ghadelimiter_${randomUUID()}`;
  const lines = Object.entries(outputs).map(([name, value]) => {
    if (value.includes(delimiter) || name.includes(delimiter)) throw new Error(`output "${name}" contains its delimiter`);
    return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
  });
  fs.appendFileSync(file, lines.join(''), 'utf8');
}

/** Appends Markdown to the job summary; false when the runner gave no summary file (a run outside Actions). */
export function appendSummary(markdown: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return false;
  fs.appendFileSync(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`, 'utf8');
  return true;
}

/**
 * The repository's pull request template, filled with the impact statement: at the `<!-- change-risk:impact -->`
 * marker, else under the first "Impact" heading (any level), else appended. Everything else is kept verbatim.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compareText } from '../history/history';
import { IMPACT_HEADING, IMPACT_MARKER } from '../quality/prBody';
import type { Diagnostic } from '../diagnostics';
import { readRepositoryText } from '../team/files';

export type TemplatePlacement = 'marker' | 'heading' | 'appended';

export interface PullRequestTemplate {
  /** Repo-relative path. */
  file: string;
  text: string;
}

/**
 * GitHub's places, in the order checked: `.github/`, `docs/`, the root, then `.github/PULL_REQUEST_TEMPLATE/*.md`.
 * A template that is a symbolic link out of the repository, binary, or too large is not used: its text
 * would end up in a PR description; why one was passed over goes to `skipped`.
 */
export async function findPullRequestTemplate(root: string, skipped: Diagnostic[] = []): Promise<PullRequestTemplate | undefined> {
  const candidates: string[] = [];
  for (const folder of ['.github', 'docs', '']) {
    const name = entries(root, folder).find((entry) => entry.toLowerCase() === 'pull_request_template.md');
    if (name) candidates.push(folder ? `${folder}/${name}` : name);
  }
  const folder = entries(root, '.github').find((entry) => entry.toLowerCase() === 'pull_request_template');
  if (folder) {
    const names = entries(root, `.github/${folder}`).filter((entry) => entry.toLowerCase().endsWith('.md')).sort(compareText);
    candidates.push(...names.map((name) => `.github/${folder}/${name}`));
  }
  for (const file of candidates) {
    const outcome = await readRepositoryText(root, file);
    if (outcome.status === 'read') return { file, text: outcome.text };
    if (outcome.status === 'skipped') skipped.push(outcome.diagnostic);
  }
  return undefined;
}

function entries(root: string, folder: string): string[] {
  try {
    return fs.readdirSync(path.join(root, folder));
  } catch {
    return [];
  }
}

export function fillTemplate(template: string, statement: string): { body: string; placement: TemplatePlacement } {
  const block = statement.replace(/\n+$/, '');
  const marker = template.indexOf(IMPACT_MARKER);
  if (marker >= 0) return { body: template.slice(0, marker) + block + template.slice(marker + IMPACT_MARKER.length), placement: 'marker' };
  const lines = template.split('\n');
  const heading = lines.findIndex((line) => {
    const match = /^#{1,6}\s+(.*)$/.exec(line.replace(/\r$/, ''));
    return match !== null && IMPACT_HEADING.test(match[1]!);
  });
  if (heading >= 0) {
    return { body: [...lines.slice(0, heading + 1), '', block, '', ...lines.slice(heading + 1)].join('\n'), placement: 'heading' };
  }
  const separator = template === '' ? '' : template.endsWith('\n\n') ? '' : template.endsWith('\n') ? '\n' : '\n\n';
  return { body: `${template}${separator}${block}\n`, placement: 'appended' };
}

/**
 * Writing a new incident or near-miss to `.changerisk/incidents/<date>-<slug>.md`: a checked draft,
 * front matter that reads back exactly (frontMatterYaml.ts), a file name that never replaces an
 * existing file, and a write that only ever creates files. No vscode here.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { calendarDate } from '../../core/risk/format';
import { INCIDENT_KINDS, INCIDENTS_DIR, parseIncident, type IncidentKind, type Severity } from '../../core/team';
import { frontMatterYaml, unwritableString } from './frontMatterYaml';
import { createFinal, createTemporary, ensureFolderInside } from './safeCreate';

export interface IncidentDraft {
  id: string;
  title: string;
  kind: IncidentKind;
  severity: Severity;
  /** YYYY-MM-DD */
  date: string;
  affected: { path: string; lines?: { start: number; end: number }[] }[];
  fixCommits?: string[];
  introducedCommits?: string[];
}

export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'untitled';
}

/** `2024-03-14` for a local date. */
export function localIsoDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The next free id in the ledger's most common `PREFIX-<n>` scheme (INC-1 for an empty ledger). */
export function nextIncidentId(existing: readonly string[]): string {
  const counts = new Map<string, number>();
  let max = 0;
  for (const id of existing) {
    const match = /^([A-Za-z]+)-(\d+)$/.exec(id);
    if (!match) continue;
    counts.set(match[1]!, (counts.get(match[1]!) ?? 0) + 1);
  }
  const prefix = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'INC';
  for (const id of existing) {
    const match = new RegExp(`^${prefix}-(\\d+)$`).exec(id);
    if (match) max = Math.max(max, Number(match[1]));
  }
  return `${prefix}-${max + 1}`;
}

/** "40-58" / 40 as the schema reads them. */
function lineSpec(range: { start: number; end: number }): number | string {
  return range.start === range.end ? range.start : `${range.start}-${range.end}`;
}

/** Why the draft cannot be written, as `IncidentDraftError`s name it; undefined when it can. */
export function draftProblem(draft: IncidentDraft): { field: string; message: string } | undefined {
  if (typeof draft.id !== 'string' || !/^[^\s\p{Cc}\p{Cf}\p{Cs}]+$/u.test(draft.id)) return { field: 'id', message: `${JSON.stringify(draft.id)} is not an id like INC-12 (no spaces or control characters)` };
  if (typeof draft.title !== 'string' || draft.title.trim() === '') return { field: 'title', message: 'a title is required' };
  // The date becomes part of the file name: only a real calendar date, so never a path such as "../../x".
  if (typeof draft.date !== 'string' || !calendarDate(draft.date)) return { field: 'date', message: `${JSON.stringify(draft.date)} is not a calendar date like 2024-03-14 (YYYY-MM-DD)` };
  if (!(INCIDENT_KINDS as readonly string[]).includes(draft.kind)) return { field: 'kind', message: `expected one of ${INCIDENT_KINDS.join(', ')}` };
  if (!(SEVERITIES as readonly string[]).includes(draft.severity)) return { field: 'severity', message: `expected one of ${SEVERITIES.join(', ')}` };
  return unwritableString(frontMatter(draft));
}

const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

export class IncidentDraftError extends Error {
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(`the incident's ${field} cannot be written: ${detail}; nothing was written`);
    this.name = 'IncidentDraftError';
  }
}

function frontMatter(draft: IncidentDraft): Record<string, unknown> {
  const front: Record<string, unknown> = {
    id: draft.id,
    title: draft.title,
    date: draft.date,
    kind: draft.kind,
    severity: draft.severity,
    status: draft.kind === 'near-miss' ? 'resolved' : 'open',
  };
  if (draft.affected.length > 0) {
    front.affected = draft.affected.map((a) =>
      a.lines && a.lines.length > 0 ? { path: a.path, lines: a.lines.length === 1 ? lineSpec(a.lines[0]!) : a.lines.map(lineSpec) } : a.path,
    );
  }
  const fix = draft.fixCommits ?? [];
  const introduced = draft.introducedCommits ?? [];
  if (fix.length > 0 || introduced.length > 0) front.commits = { ...(fix.length ? { fix } : {}), ...(introduced.length ? { introduced } : {}) };
  return front;
}

/**
 * The postmortem file's text. Throws `IncidentDraftError` for a draft that cannot be written, and
 * for one the ledger's own loader would not read back with the same id, title and date: what is
 * written is checked with the reader that will read it.
 */
export function incidentMarkdown(draft: IncidentDraft): string {
  const problem = draftProblem(draft);
  if (problem) throw new IncidentDraftError(problem.field, problem.message);
  const what = draft.kind === 'near-miss' ? 'What almost happened, and what caught it.' : 'What happened, who was affected, for how long.';
  const text = `---\n${frontMatterYaml(frontMatter(draft))}---\n\n## Summary\n\n${what}\n\n## Root cause\n\n## Action items\n`;
  const { incident, diagnostics } = parseIncident(text, `${INCIDENTS_DIR}/${draft.date}.md`);
  const error = diagnostics.find((d) => d.severity === 'error');
  if (error) throw new IncidentDraftError(error.field || 'front matter', `the ledger would not load it (${error.message})`);
  for (const field of ['id', 'title', 'date'] as const) {
    if (incident?.[field] !== draft[field]) throw new IncidentDraftError(field, 'the ledger would read back a different value');
  }
  return text;
}

export class IncidentFileExistsError extends Error {
  constructor(readonly file: string) {
    super(`${file} already exists and no free name was found next to it; nothing was written`);
    this.name = 'IncidentFileExistsError';
  }
}

export { FolderOutsideError as IncidentFolderOutsideError } from './safeCreate';

/**
 * Writes the draft into the repository's `.changerisk/incidents/` as `<date>-<slug>.md`, or
 * `<date>-<slug>-2.md`, ... when taken, and returns its path under `root` as given. It only ever
 * creates files: the content goes to a temporary file of a fresh random name (exclusive create, so
 * a file already there is an error, never truncated or deleted), which is then hard-linked to the
 * final name (a link never replaces an existing file) and unlinked. The draft is checked here, not
 * only by the caller, and the final path must lie in the ledger folder's real path.
 */
export async function writeIncidentFile(root: string, draft: IncidentDraft, maxSuffix = 50): Promise<string> {
  const content = incidentMarkdown(draft);
  // Written through the folder's real path, checked to be in the repository, so a link swapped in later is not followed.
  const realFolder = await ensureFolderInside(await fs.realpath(root), INCIDENTS_DIR);
  // Named under the root as given (the editor's view of the workspace, which may be a link), not its real path.
  const incidentsDir = path.join(root, ...INCIDENTS_DIR.split('/'));
  const base = `${draft.date}-${slugify(draft.title)}`;
  const temporary = await createTemporary(realFolder, content);
  try {
    for (let n = 1; n <= maxSuffix; n++) {
      const name = `${base}${n === 1 ? '' : `-${n}`}.md`;
      const target = path.resolve(realFolder, name);
      if (path.dirname(target) !== realFolder) throw new IncidentDraftError('date', `${JSON.stringify(name)} is not a file name in the ledger folder`);
      if (await createFinal(temporary, target, content)) return path.join(incidentsDir, name);
    }
  } finally {
    await fs.rm(temporary, { force: true }); // ours: created above with an exclusive create; already gone is fine
  }
  throw new IncidentFileExistsError(path.join(incidentsDir, `${base}.md`));
}

/** Parses "app/models/invoice.rb:41-52" or "path" or "path:7". */
export function parseAffected(text: string): IncidentDraft['affected'] {
  return text
    .split(/[,\n]/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const match = /^(.*?):(\d+)(?:-(\d+))?$/.exec(part);
      if (!match) return { path: part };
      const start = Number(match[2]);
      const end = match[3] ? Number(match[3]) : start;
      return { path: match[1]!, lines: [{ start: Math.min(start, end), end: Math.max(start, end) }] };
    });
}

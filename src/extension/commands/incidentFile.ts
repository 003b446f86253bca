/**
 * Writing a new incident or near-miss to `.changerisk/incidents/<date>-<slug>.md`: the front matter
 * (YAML written by the yaml library, so any title is quoted correctly), a file name that never
 * replaces an existing file, and an atomic write. No vscode here.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { pathInside } from '../../core/paths';
import { INCIDENTS_DIR, type IncidentKind, type Severity } from '../../core/team';

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

export function incidentMarkdown(draft: IncidentDraft): string {
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
  const what = draft.kind === 'near-miss' ? 'What almost happened, and what caught it.' : 'What happened, who was affected, for how long.';
  return `---\n${stringify(front, { lineWidth: 0 })}---\n\n## Summary\n\n${what}\n\n## Root cause\n\n## Action items\n`;
}

export class IncidentFileExistsError extends Error {
  constructor(readonly file: string) {
    super(`${file} already exists and no free name was found next to it; nothing was written`);
    this.name = 'IncidentFileExistsError';
  }
}

export class IncidentFolderOutsideError extends Error {
  constructor(readonly folder: string) {
    super(`${folder} is a symbolic link out of the repository or to nothing; nothing was written (the ledger must live in the repository)`);
    this.name = 'IncidentFolderOutsideError';
  }
}

/**
 * Writes the draft into the repository's `.changerisk/incidents/` as `<date>-<slug>.md`, or
 * `<date>-<slug>-2.md`, ... when taken: the name is claimed with an exclusive create (`wx`), so an
 * existing file is never replaced, then the content is written to a temporary file and renamed over
 * the claimed (empty, ours) one.
 */
export async function writeIncidentFile(root: string, draft: IncidentDraft, maxSuffix = 50): Promise<string> {
  await ensureFolderInside(await fs.realpath(root), INCIDENTS_DIR);
  // Named under the root as given (the editor's view of the workspace, which may be a link), not its real path.
  const incidentsDir = path.join(root, ...INCIDENTS_DIR.split('/'));
  const base = `${draft.date}-${slugify(draft.title)}`;
  const content = incidentMarkdown(draft);
  for (let n = 1; n <= maxSuffix; n++) {
    const target = path.join(incidentsDir, `${base}${n === 1 ? '' : `-${n}`}.md`);
    let claim: fs.FileHandle;
    try {
      claim = await fs.open(target, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    await claim.close();
    const temporary = path.join(incidentsDir, `.${path.basename(target)}.${process.pid}.tmp`);
    try {
      await fs.writeFile(temporary, content, { flag: 'wx' });
      await fs.rename(temporary, target);
    } catch (error) {
      await fs.rm(temporary, { force: true });
      await fs.rm(target, { force: true });
      throw error;
    }
    return target;
  }
  throw new IncidentFileExistsError(path.join(incidentsDir, `${base}.md`));
}

/**
 * `relative` under `root` (a real path), each missing folder created, refusing one that resolves
 * out of the repository: a repository may ship `.changerisk` as a link to anywhere, and the
 * loader would not read what was written there anyway.
 */
async function ensureFolderInside(root: string, relative: string): Promise<void> {
  let folder = root;
  for (const segment of relative.split('/')) {
    folder = path.join(folder, segment);
    try {
      await fs.mkdir(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const real = await fs.realpath(folder).catch(() => undefined); // undefined: a link to nothing
    if (real === undefined || pathInside(root, real) === undefined) throw new IncidentFolderOutsideError(pathInside(root, folder)!);
  }
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

/**
 * What a change is, in one glance: its files grouped by role with lines added and removed, moves and renames as
 * such (a move is not new code), generated and vendored files folded into a count; and the lines it touches that
 * history warns about, newest first — on real changes the one signal that pointed at later trouble.
 */
import type { Change, ChangedFile } from '../change/change';
import { compareText } from '../history/history';
import type { FileRole } from '../files/roles';

export interface RoleGroup {
  role: FileRole;
  files: string[];
  added: number;
  removed: number;
}

export interface MovedFile {
  from: string;
  to: string;
  /** Lines changed on top of the move (0 for a pure move). */
  added: number;
  removed: number;
}

export interface ChangeOverview {
  /** Roles in a fixed order, source first; generated and vendored files are only counted in `folded`. */
  groups: RoleGroup[];
  moved: MovedFile[];
  /** Generated and vendored files: counted, not listed. */
  folded: { files: number; added: number; removed: number };
}

const ORDER: FileRole[] = ['source', 'test', 'manifest', 'lockfile', 'build', 'lint', 'docs', 'team', 'generated', 'vendored'];

export function changeOverview(change: Change, roleOf: (path: string) => FileRole): ChangeOverview {
  const groups = new Map<FileRole, RoleGroup>();
  const moved: MovedFile[] = [];
  const folded = { files: 0, added: 0, removed: 0 };
  for (const file of change.files) {
    const role = roleOf(file.path);
    if (role === 'generated' || role === 'vendored') {
      folded.files++;
      folded.added += file.added;
      folded.removed += file.removed;
      continue;
    }
    if (isMove(file)) moved.push({ from: file.oldPath!, to: file.path, added: file.added, removed: file.removed });
    let group = groups.get(role);
    if (!group) groups.set(role, (group = { role, files: [], added: 0, removed: 0 }));
    group.files.push(file.path);
    group.added += file.added;
    group.removed += file.removed;
  }
  return {
    groups: ORDER.flatMap((role) => groups.get(role) ?? []),
    moved: moved.sort((a, b) => compareText(a.to, b.to)),
    folded,
  };
}

function isMove(file: ChangedFile): boolean {
  return (file.status === 'renamed' || file.status === 'copied') && file.oldPath !== undefined;
}

/** Lines of the base version the change touches that carry history: named by a postmortem, or last changed by fixes. */
export interface TouchedLines {
  /** 1-based, inclusive, sorted. */
  ranges: Array<{ start: number; end: number }>;
  source: 'ledger' | 'history';
  incidents: string[];
  /** Fix or incident-naming commits that last changed these lines (history only), with what they were. */
  commits: Array<{ sha: string; subject: string; time: number; kind: 'revert' | 'reverted' | 'fix' | 'incident' }>;
}

/** One warning about lines a change touches: who last changed them, and why that matters. */
export interface LineWarning {
  path: string;
  ranges: Array<{ start: number; end: number }>;
  source: 'ledger' | 'history';
  /** For history: what the commit was (a revert, a commit reverted later, a fix, one naming an incident). */
  kind: 'revert' | 'reverted' | 'fix' | 'incident';
  incidents: string[];
  commit?: { sha: string; subject: string; time: number };
  /** Unix seconds: the commit's author time, or the incident's date. */
  time: number;
}

/** Every touched range with a history, newest first; a range the ledger names and a commit changed last shows both. */
export function lineWarnings(touched: ReadonlyMap<string, readonly TouchedLines[]>, incidentTime: (id: string) => number): LineWarning[] {
  const warnings: LineWarning[] = [];
  for (const [path, list] of touched) {
    for (const lines of list) {
      if (lines.source === 'ledger') {
        const time = Math.max(0, ...lines.incidents.map(incidentTime));
        warnings.push({ path, ranges: lines.ranges, source: 'ledger', kind: 'incident', incidents: lines.incidents, time });
        continue;
      }
      for (const commit of lines.commits) {
        warnings.push({ path, ranges: lines.ranges, source: 'history', kind: commit.kind, incidents: lines.incidents, commit: { sha: commit.sha, subject: commit.subject, time: commit.time }, time: commit.time });
      }
    }
  }
  return warnings.sort((a, b) => b.time - a.time || compareText(a.path, b.path) || (a.ranges[0]?.start ?? 0) - (b.ranges[0]?.start ?? 0));
}

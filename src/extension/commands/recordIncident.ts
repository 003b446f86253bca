/**
 * Record Incident or Near-Miss: a few quick inputs (kind, title, severity, date, affected lines
 * prefilled from the editor, optionally a commit), then a new postmortem file, opened. Tests pass
 * the answers as an argument: the same function runs, with no prompt for what is given.
 */
import * as vscode from 'vscode';
import { calendarDate, isoDate } from '../../core/risk/format';
import { INCIDENT_KINDS, repoPathProblem, type IncidentKind, type Severity } from '../../core/team';
import { kindText, levelText } from '../l10n';
import type { WorkspaceController } from '../workspace/controller';
import type { RepositoryState } from '../workspace/repositoryState';
import { localIsoDate, nextIncidentId, parseAffected, writeIncidentFile, type IncidentDraft } from './incidentFile';

export interface RecordIncidentArgs {
  /** Repository root; default: the active editor's repository, else the only/first one. */
  repository?: string;
  kind?: IncidentKind;
  title?: string;
  severity?: Severity;
  date?: string;
  /** "path:start-end, path2"; '' for none. */
  affected?: string;
  /** A commit sha, or '' for none. */
  commit?: string;
  /** Open the written file (default true). */
  open?: boolean;
}

function kindDetail(kind: IncidentKind): string {
  switch (kind) {
    case 'near-miss': return vscode.l10n.t('caught before it hurt anyone');
    case 'incident': return vscode.l10n.t('users or data were affected');
    case 'regression': return vscode.l10n.t('something that worked broke');
    case 'user-inquiry': return vscode.l10n.t('a user asked; something looked wrong');
  }
}

const SEVERITIES: Severity[] = ['low', 'medium', 'high', 'critical'];

export async function recordIncident(controller: WorkspaceController, args: RecordIncidentArgs = {}): Promise<string | undefined> {
  const repository = await pickRepository(controller, args.repository);
  if (!repository) {
    void vscode.window.showWarningMessage(`Change Risk: ${vscode.l10n.t('open a folder inside a git repository to record incidents in its ledger.')}`);
    return undefined;
  }
  const step = (n: number) => vscode.l10n.t('Record incident ({0}/6)', n);

  const kind =
    args.kind ??
    (
      await vscode.window.showQuickPick(
        (['near-miss', ...INCIDENT_KINDS.filter((k) => k !== 'near-miss')] as IncidentKind[]).map((k) => ({ label: kindText(k), description: kindDetail(k), incidentKind: k })),
        { title: step(1), placeHolder: vscode.l10n.t('What kind of event?'), ignoreFocusOut: true },
      )
    )?.incidentKind;
  if (!kind) return undefined;

  const title =
    args.title ??
    (await vscode.window.showInputBox({
      title: step(2),
      prompt: vscode.l10n.t('One-line title'),
      placeHolder: kind === 'near-miss' ? vscode.l10n.t('e.g. Migration almost locked the invoices table') : vscode.l10n.t('e.g. Invoice totals rounded twice'),
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() ? undefined : vscode.l10n.t('A title is required')),
    }))?.trim();
  if (!title) return undefined;

  const defaultSeverity: Severity = kind === 'near-miss' || kind === 'user-inquiry' ? 'low' : 'medium';
  const severity =
    args.severity ??
    (
      await vscode.window.showQuickPick(
        [defaultSeverity, ...SEVERITIES.filter((s) => s !== defaultSeverity)].map((s) => ({ label: levelText(s), severity: s })),
        { title: step(3), placeHolder: vscode.l10n.t('Severity'), ignoreFocusOut: true },
      )
    )?.severity;
  if (!severity) return undefined;

  const date =
    args.date ??
    (await vscode.window.showInputBox({
      title: step(4),
      prompt: vscode.l10n.t('Date (YYYY-MM-DD)'),
      value: localIsoDate(new Date()),
      ignoreFocusOut: true,
      validateInput: (value) => (calendarDate(value.trim()) ? undefined : vscode.l10n.t('Expected a date like 2024-03-14')),
    }))?.trim();
  if (!date || !calendarDate(date)) return undefined;

  const affectedText =
    args.affected ??
    (await vscode.window.showInputBox({
      title: step(5),
      prompt: vscode.l10n.t('Affected files and lines (comma-separated, e.g. app/models/invoice.rb:41-52); empty for none'),
      value: affectedFromEditor(controller, repository),
      ignoreFocusOut: true,
      validateInput: (value) => parseAffected(value).map((a) => repoPathProblem(a.path)).find(Boolean),
    }));
  if (affectedText === undefined) return undefined;
  const affected = parseAffected(affectedText);

  const commit = args.commit ?? (await pickCommit(repository, affected[0]?.path, step(6)));
  if (commit === undefined) return undefined;

  await repository.reloadTeam(); // ids recorded a moment ago (the watcher is debounced)
  const draft: IncidentDraft = {
    id: nextIncidentId(repository.team?.incidents.map((i) => i.id) ?? []),
    title,
    kind,
    severity,
    date,
    affected,
    ...(commit ? { fixCommits: [commit] } : {}),
  };
  const file = await writeIncidentFile(repository.root, draft);
  if (args.open !== false) {
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(file));
    const summary = editor.document.getText().indexOf('## Summary');
    if (summary >= 0) {
      const line = editor.document.positionAt(summary).line + 2;
      editor.selection = new vscode.Selection(line, 0, line, editor.document.lineAt(Math.min(line, editor.document.lineCount - 1)).text.length);
    }
  }
  void repository.reloadTeam();
  return file;
}

async function pickRepository(controller: WorkspaceController, root: string | undefined): Promise<RepositoryState | undefined> {
  const repositories = controller.repositories;
  if (root) return repositories.find((r) => r.root === root);
  const editor = vscode.window.activeTextEditor;
  const active = editor && controller.fileOf(editor.document.uri)?.repository;
  if (active || repositories.length <= 1) return active ?? repositories[0];
  const picked = await vscode.window.showQuickPick(repositories.map((r) => ({ label: r.name, description: r.root, repository: r })), { placeHolder: vscode.l10n.t('Which repository?') });
  return picked?.repository;
}

function affectedFromEditor(controller: WorkspaceController, repository: RepositoryState): string {
  const editor = vscode.window.activeTextEditor;
  const file = editor && controller.fileOf(editor.document.uri);
  if (!editor || !file || file.repository !== repository) return '';
  const selection = editor.selection;
  if (selection.isEmpty) return file.path;
  const end = selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end.line : selection.end.line + 1;
  return `${file.path}:${selection.start.line + 1}${end > selection.start.line + 1 ? `-${end}` : ''}`;
}

/** '' for none; undefined when the user cancelled. Recent commits of the file (or the repository) need the index. */
async function pickCommit(repository: RepositoryState, file: string | undefined, title: string): Promise<string | undefined> {
  const history = repository.engine?.history;
  if (!history) return '';
  const record = file ? history.record(file) : undefined;
  const indices = record ? Array.from(record.commits).slice(-15).reverse() : Array.from({ length: Math.min(15, history.commitCount) }, (_, i) => history.commitCount - 1 - i);
  const items: (vscode.QuickPickItem & { sha: string })[] = [
    { label: `$(circle-slash) ${vscode.l10n.t('No commit')}`, description: vscode.l10n.t('link a commit later'), sha: '' },
    ...indices.map((index) => {
      const c = history.commitSummary(index);
      return { label: `${c.sha.slice(0, 7)} ${c.subject}`, description: `${c.author}, ${isoDate(c.time)}${c.fix ? ` · ${vscode.l10n.t('fix')}` : ''}`, sha: c.sha };
    }),
  ];
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: file ? vscode.l10n.t('Commit that fixed it (recent commits of {0}), optional', file) : vscode.l10n.t('Commit that fixed it, optional'), ignoreFocusOut: true });
  return picked?.sha;
}

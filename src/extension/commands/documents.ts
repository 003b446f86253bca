/**
 * Read-only virtual documents: `change-risk-commit:` shows a commit (`git show --stat --patch`),
 * `change-risk-explain:` the explanation of a file as Markdown, `change-risk-report:` a report made
 * once (the accuracy check) and kept in memory while it is open.
 */
import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import { DIFF_PROGRAMS_OFF, SAFE_CONFIG_ARGS, safeGitEnv } from '../../core/git/safeGit';
import { DisposableStore } from '../disposables';
import { errorMessage } from '../log';
import { escapeMarkdown } from '../markdown';
import type { WorkspaceController } from '../workspace/controller';
import { notRatedSentence, notRatedText, ratingOf } from '../riskText';
import { explanationMarkdown } from './explainMarkdown';

export const COMMIT_SCHEME = 'change-risk-commit';
export const EXPLAIN_SCHEME = 'change-risk-explain';
export const REPORT_SCHEME = 'change-risk-report';

/** Report texts by URI; a report is dropped when its document is closed. */
const reports = new Map<string, string>();
let reportCount = 0;

/** Keeps `text` as a new read-only Markdown document named `<title>.md` and returns its URI. */
export function storeReport(title: string, text: string): vscode.Uri {
  // A counter in the query: two reports with one title are two documents, each with its own text.
  const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${title.replace(/[\\/]/g, '-')}.md`, query: String(++reportCount) });
  reports.set(uri.toString(), text);
  return uri;
}

export function commitUri(root: string, sha: string): vscode.Uri {
  return vscode.Uri.from({ scheme: COMMIT_SCHEME, path: `/${sha.slice(0, 7)}.diff`, query: new URLSearchParams({ root, sha }).toString() });
}

export function explainUri(root: string, file: string): vscode.Uri {
  return vscode.Uri.from({ scheme: EXPLAIN_SCHEME, path: `/${vscode.l10n.t('{0} (risk)', file)}.md`, query: new URLSearchParams({ root, file }).toString() });
}

export class VirtualDocuments implements vscode.Disposable {
  private readonly store = new DisposableStore();
  private readonly explainChanged = new vscode.EventEmitter<vscode.Uri>();
  private readonly openExplanations = new Set<string>();

  constructor(private readonly controller: WorkspaceController) {
    this.store.add(this.explainChanged);
    this.store.add(vscode.workspace.registerTextDocumentContentProvider(COMMIT_SCHEME, { provideTextDocumentContent: (uri) => this.commit(uri) }));
    this.store.add(
      vscode.workspace.registerTextDocumentContentProvider(EXPLAIN_SCHEME, {
        onDidChange: this.explainChanged.event,
        provideTextDocumentContent: (uri) => this.explanation(uri),
      }),
    );
    // Explanations follow the engine (HEAD moved, ledger edited).
    this.store.add(controller.onDidChange(() => {
      for (const uri of this.openExplanations) this.explainChanged.fire(vscode.Uri.parse(uri));
    }));
    this.store.add(
      vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, {
        provideTextDocumentContent: (uri) => reports.get(uri.toString()) ?? vscode.l10n.t('This report was closed; run its command again.'),
      }),
    );
    this.store.add(vscode.workspace.onDidCloseTextDocument((d) => {
      this.openExplanations.delete(d.uri.toString());
      if (d.uri.scheme === REPORT_SCHEME) reports.delete(d.uri.toString());
    }));
  }

  private commit(uri: vscode.Uri): Promise<string> {
    const params = new URLSearchParams(uri.query);
    const root = params.get('root') ?? '';
    const sha = params.get('sha') ?? '';
    if (!vscode.workspace.isTrusted) return Promise.resolve(vscode.l10n.t('Change Risk shows commits only in a trusted workspace (it runs git).'));
    if (!/^[0-9a-f]{4,64}$/i.test(sha) || !this.controller.repositories.some((r) => r.root === root)) return Promise.resolve(vscode.l10n.t('Unknown commit {0}', sha));
    this.controller.gitUse.push('git show');
    return new Promise((resolve) => {
      // The engine's policy: no textconv, external diff or other program the repository configures (core/git/safeGit).
      const args = [...SAFE_CONFIG_ARGS, 'show', '--stat', '--patch', ...DIFF_PROGRAMS_OFF, '--format=fuller', '--no-color', sha, '--'];
      execFile('git', args, { cwd: root, maxBuffer: 32 * 1024 * 1024, env: safeGitEnv() }, (error, stdout, stderr) =>
        resolve(error ? vscode.l10n.t('git show {0} failed: {1}', sha, stderr || errorMessage(error)) : stdout),
      );
    });
  }

  private async explanation(uri: vscode.Uri): Promise<string> {
    this.openExplanations.add(uri.toString());
    const params = new URLSearchParams(uri.query);
    const repository = this.controller.repositories.find((r) => r.root === params.get('root'));
    const file = params.get('file') ?? '';
    const engine = repository?.engine;
    if (!engine) {
      const why = repository?.status === 'restricted'
        ? vscode.l10n.t('The history of this repository is not indexed yet (Restricted Mode: trust the folder to read git history).')
        : vscode.l10n.t('The history of this repository is not indexed yet.');
      return `# ${escapeMarkdown(file)}\n\n${why}\n`;
    }
    const explanation = await engine.explain(file);
    const rating = ratingOf(engine.risk, file);
    if (!explanation && !rating.rated) {
      // The team's own files (postmortems, the config) are not in the risk model at all.
      return `# ${escapeMarkdown(file)}\n\n**${escapeMarkdown(notRatedText(rating.role))}**\n\n${escapeMarkdown(notRatedSentence(rating))}\n`;
    }
    if (!explanation) {
      const reason = engine.history.isIgnored(file)
        ? vscode.l10n.t('No history for this file: it is ignored by `history.ignorePaths`.')
        : vscode.l10n.t('No history for this file: it is not tracked at HEAD.');
      return `# ${escapeMarkdown(file)}\n\n${reason}\n`;
    }
    return explanationMarkdown(explanation, engine.warnings, engine.team.config.risk.roles);
  }

  dispose(): void {
    this.store.dispose();
  }
}

import * as vscode from 'vscode';
import { marksAt } from '../decorations/decorationPlan';
import type { LineMarksService } from '../lineMarks';
import { LINK_COMMANDS, linksFor } from '../links';
import { reportError } from '../log';
import { escapeMarkdown } from '../markdown';
import type { WorkspaceController } from '../workspace/controller';
import { hoverMarkdown } from './hoverContent';

/** Trusted only for this extension's own commands; no HTML. */
export function safeMarkdown(value: string): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString(value, true);
  markdown.supportHtml = false;
  markdown.isTrusted = { enabledCommands: LINK_COMMANDS };
  return markdown;
}

/** Said on provisional marks (hover, status bar): what they are and that they will be replaced. */
export const PROVISIONAL_NOTE = (): string =>
  vscode.l10n.t('History still being read: these marks come from the history of this file alone, and are replaced once the whole history of the repository is read.');

export class RiskHoverProvider implements vscode.HoverProvider {
  constructor(private readonly controller: WorkspaceController, private readonly marks: LineMarksService) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    try {
      const file = this.controller.fileOf(document.uri);
      if (!file) return undefined;
      // While the first index is read, the marks may be provisional (from this file's history alone).
      const current = this.marks.peek(document) ?? (await this.marks.get(document));
      if (!current) return undefined;
      if (current.note && position.line === 0) return new vscode.Hover(safeMarkdown(`$(info) ${escapeMarkdown(current.note)}`));
      const here = marksAt(current.marks, position.line + 1);
      const markdown = hoverMarkdown(here, linksFor(file.repository.root));
      if (!markdown) return undefined;
      const provisional = current.provisional ? `$(sync~spin) *${escapeMarkdown(PROVISIONAL_NOTE())}*\n\n` : '';
      return new vscode.Hover(safeMarkdown(`${provisional}${markdown}`), document.lineAt(position.line).range);
    } catch (error) {
      reportError('building a hover', error);
      return undefined;
    }
  }
}

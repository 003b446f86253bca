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

export class RiskHoverProvider implements vscode.HoverProvider {
  constructor(private readonly controller: WorkspaceController, private readonly marks: LineMarksService) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    try {
      const file = this.controller.fileOf(document.uri);
      if (!file?.repository.engine) return undefined;
      const current = this.marks.peek(document) ?? (await this.marks.get(document));
      if (!current) return undefined;
      if (current.note && position.line === 0) return new vscode.Hover(safeMarkdown(`$(info) ${escapeMarkdown(current.note)}`));
      const here = marksAt(current.marks, position.line + 1);
      const markdown = hoverMarkdown(here, linksFor(file.repository.root));
      if (!markdown) return undefined;
      return new vscode.Hover(safeMarkdown(markdown), document.lineAt(position.line).range);
    } catch (error) {
      reportError('building a hover', error);
      return undefined;
    }
  }
}

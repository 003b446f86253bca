/** Problems in the team files (`team.diagnostics`) in the Problems panel, at their line and column. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Diagnostic } from '../../core/diagnostics';
import { DisposableStore } from '../disposables';
import { guardedSync } from '../log';
import type { WorkspaceController } from '../workspace/controller';

export function toVscodeDiagnostic(d: Diagnostic): vscode.Diagnostic {
  const line = Math.max(0, d.line - 1);
  const column = Math.max(0, d.column - 1);
  const endLine = d.endLine !== undefined ? Math.max(line, d.endLine - 1) : line;
  // Without an end, the rest of the line (the editor clamps it).
  const endColumn = d.endColumn !== undefined ? Math.max(0, d.endColumn - 1) : Number.MAX_SAFE_INTEGER;
  const diagnostic = new vscode.Diagnostic(
    new vscode.Range(line, column, endLine, endLine === line ? Math.max(column, endColumn) : endColumn),
    d.field ? `${d.field}: ${d.message}` : d.message,
    d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
  );
  diagnostic.source = 'Change Risk';
  return diagnostic;
}

export class TeamDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('change-risk');
  private readonly store = new DisposableStore();
  /** Files with diagnostics, per repository root, to clear what was fixed. */
  private readonly published = new Map<string, vscode.Uri[]>();

  constructor(private readonly controller: WorkspaceController) {
    this.store.add(this.collection);
    const update = guardedSync('showing team file problems', () => this.update());
    this.store.add(controller.onDidChange(update));
    update();
  }

  update(): void {
    const live = new Set<string>();
    for (const repository of this.controller.repositories) {
      live.add(repository.root);
      for (const uri of this.published.get(repository.root) ?? []) this.collection.delete(uri);
      const byFile = new Map<string, vscode.Diagnostic[]>();
      for (const d of repository.team?.diagnostics ?? []) {
        const list = byFile.get(d.file) ?? [];
        list.push(toVscodeDiagnostic(d));
        byFile.set(d.file, list);
      }
      const uris: vscode.Uri[] = [];
      for (const [file, diagnostics] of byFile) {
        const uri = vscode.Uri.file(path.join(repository.root, ...file.split('/')));
        this.collection.set(uri, diagnostics);
        uris.push(uri);
      }
      this.published.set(repository.root, uris);
    }
    for (const [root, uris] of this.published) {
      if (live.has(root)) continue;
      for (const uri of uris) this.collection.delete(uri);
      this.published.delete(root);
    }
  }

  dispose(): void {
    this.store.dispose();
  }
}

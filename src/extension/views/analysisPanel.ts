/** The Incident analysis webview panel (changeRisk.showIncidentAnalysis). */
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import type { ChangeRiskEngine } from '../../core/engine';
import { DisposableStore } from '../disposables';
import { guardedSync } from '../log';
import type { WorkspaceController } from '../workspace/controller';
import type { RepositoryState } from '../workspace/repositoryState';
import { notRatedText } from '../riskText';
import { analysisHtml, type AnalysisData } from './analysisHtml';

export function analysisData(repository: RepositoryState, engine: ChangeRiskEngine): AnalysisData {
  const topFiles = engine.risk
    .filesWithIncidents()
    // A stable sort: files with as many incidents keep the model's order.
    .sort((a, b) => b.incidents.length - a.incidents.length)
    .slice(0, 10)
    // A file of a role that is not rated (a Gemfile linked to an incident) shows its role, not a level.
    .map((risk) => ({
      path: risk.path,
      rating: engine.team.config.risk.roles.includes(risk.role) ? `${risk.level} risk` : notRatedText(risk.role),
      incidents: risk.incidents.length,
      ...(risk.reasons[0] ? { reason: risk.reasons[0].text } : {}),
    }));
  return { repository: repository.name, byMonth: engine.incidentTally('month'), byArea: engine.incidentTally('area'), topFiles };
}

export class AnalysisPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private repository: RepositoryState | undefined;
  private readonly store = new DisposableStore();
  /** The HTML last rendered, for the tests. */
  html: string | undefined;

  constructor(private readonly extensionUri: vscode.Uri, controller: WorkspaceController) {
    this.store.add(controller.onDidChange(guardedSync('updating the incident analysis', (changed) => {
      if (this.panel && (!changed || changed === this.repository)) this.render();
    })));
  }

  show(repository: RepositoryState): void {
    this.repository = repository;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('changeRisk.incidentAnalysis', 'Incident Analysis', vscode.ViewColumn.Active, {
        enableScripts: false,
        localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media')],
      });
      this.panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'change-risk.svg');
      this.panel.onDidDispose(() => (this.panel = undefined));
    } else {
      this.panel.reveal();
    }
    this.render();
  }

  private render(): void {
    const panel = this.panel;
    const repository = this.repository;
    const engine = repository?.engine;
    if (!panel || !repository || !engine) return;
    const webview = panel.webview;
    this.html = analysisHtml(analysisData(repository, engine), {
      cspSource: webview.cspSource,
      nonce: crypto.randomBytes(16).toString('base64'),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'analysis.css')).toString(),
    });
    webview.html = this.html;
  }

  dispose(): void {
    this.panel?.dispose();
    this.store.dispose();
  }
}

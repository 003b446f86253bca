/**
 * Sidebar "Risky files": the ranked hotspots — rated files (source code, by default) with a level —
 * each with the evidence behind its level first (an incident, reverts, fixes, the team's override).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FileRisk } from '../../core/risk/riskModel';
import { DisposableStore } from '../disposables';
import { reportError } from '../log';
import { LEVEL_COLOR, levelRisk, levelText, reasonsOf } from '../riskText';
import type { Settings } from '../settings';
import type { WorkspaceController } from '../workspace/controller';
import type { RepositoryState } from '../workspace/repositoryState';
import { treeRoots } from './treeRoots';

export type RiskyNode = { type: 'repository'; repository: RepositoryState } | { type: 'file'; repository: RepositoryState; risk: FileRisk };

export class RiskyFilesTreeProvider implements vscode.TreeDataProvider<RiskyNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RiskyNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly store = new DisposableStore();

  constructor(private readonly controller: WorkspaceController, private readonly settings: Settings) {
    this.store.add(this.changed);
    this.store.add(controller.onDidChange(() => this.changed.fire(undefined)));
    this.store.add(settings.onDidChangeValue((s) => s.riskyFiles.count, () => this.changed.fire(undefined)));
  }

  getChildren(node?: RiskyNode): RiskyNode[] {
    try {
      if (!node) {
        return treeRoots(this.controller.repositories.filter((r) => r.engine), (r) => this.files(r), (repository) => ({ type: 'repository', repository }));
      }
      return node.type === 'repository' ? this.files(node.repository) : [];
    } catch (error) {
      reportError('listing risky files', error);
      return [];
    }
  }

  getTreeItem(node: RiskyNode): vscode.TreeItem {
    if (node.type === 'repository') {
      const item = new vscode.TreeItem(node.repository.name, vscode.TreeItemCollapsibleState.Expanded);
      item.iconPath = new vscode.ThemeIcon('repo');
      return item;
    }
    const { risk } = node;
    const uri = this.controller.uriOf(node.repository, risk.path);
    const item = new vscode.TreeItem(path.basename(risk.path), vscode.TreeItemCollapsibleState.None);
    item.resourceUri = uri;
    const reasons = reasonsOf(risk);
    const evidence = reasons[0]?.text;
    // Rank, level and the top evidence fit the default sidebar width; the area and folder are in the tooltip.
    item.description = `#${risk.rank || '-'} ${levelText(risk.level)}${evidence ? ` · ${evidence}` : ''}`;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendText(`${risk.path}: ${levelRisk(risk.level)}${risk.rank ? ` (#${risk.rank})` : ''}${risk.area ? ` · ${risk.area.name}` : ''}\n\n`);
    for (const reason of reasons) tooltip.appendText(`• ${reason.text}\n`);
    item.tooltip = tooltip;
    item.iconPath = new vscode.ThemeIcon(risk.level === 'high' ? 'flame' : risk.level === 'medium' ? 'warning' : 'info', new vscode.ThemeColor(LEVEL_COLOR[risk.level as 'high' | 'medium' | 'low']));
    item.command = { title: vscode.l10n.t('Open File'), command: 'vscode.open', arguments: [uri] };
    item.contextValue = 'riskyFile';
    return item;
  }

  private files(repository: RepositoryState): RiskyNode[] {
    const model = repository.engine?.risk;
    if (!model) return [];
    const rated = model.config.risk.roles;
    return model
      .hotspots(this.settings.value.riskyFiles.count)
      .filter((risk) => risk.level !== 'none' && rated.includes(risk.role))
      .map((risk) => ({ type: 'file', repository, risk }));
  }

  dispose(): void {
    this.store.dispose();
  }
}

/** Sidebar "Incidents": the ledger by kind (or area), then month; incidents open their postmortem and list the files they affected. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isGlob } from '../../core/globs';
import type { Incident } from '../../core/team';
import { DisposableStore } from '../disposables';
import { INTERNAL_COMMANDS } from '../links';
import { kindText, levelText, listSeparator, statusWord } from '../l10n';
import { reportError } from '../log';
import { incidentCount } from '../riskText';
import type { Settings } from '../settings';
import type { WorkspaceController } from '../workspace/controller';
import type { RepositoryState } from '../workspace/repositoryState';
import { treeRoots } from './treeRoots';
import { affects, declaredAreasOf, groupChildren, groupIncidents, groupLabel, type IncidentGroup, type MonthGroup } from './incidentTreeModel';

export type IncidentNode =
  | { type: 'repository'; repository: RepositoryState }
  | { type: 'group'; repository: RepositoryState; group: IncidentGroup }
  | { type: 'month'; repository: RepositoryState; group: IncidentGroup; month: MonthGroup }
  | { type: 'incident'; repository: RepositoryState; incident: Incident }
  | { type: 'file'; repository: RepositoryState; path: string };

export class IncidentsTreeProvider implements vscode.TreeDataProvider<IncidentNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<IncidentNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly store = new DisposableStore();
  view: vscode.TreeView<IncidentNode> | undefined;

  constructor(private readonly controller: WorkspaceController, private readonly settings: Settings) {
    this.store.add(this.changed);
    this.store.add(controller.onDidChange(() => this.refresh()));
    this.store.add(settings.onDidChangeValue((s) => s.incidents, () => this.refresh()));
    this.store.add(vscode.window.onDidChangeActiveTextEditor(() => this.settings.value.incidents.onlyActiveFile && this.refresh()));
  }

  refresh(): void {
    this.changed.fire(undefined);
    this.updateMessage();
  }

  private updateMessage(): void {
    if (!this.view) return;
    const editor = vscode.window.activeTextEditor;
    const file = editor && this.controller.fileOf(editor.document.uri);
    this.view.message = this.settings.value.incidents.onlyActiveFile
      ? file
        ? vscode.l10n.t('Incidents linked to {0}', path.basename(file.path))
        : vscode.l10n.t('Incidents linked to the active file (no file of a repository is active)')
      : undefined;
  }

  getChildren(node?: IncidentNode): IncidentNode[] {
    try {
      if (!node) {
        return treeRoots(this.controller.repositories.filter((r) => r.team), (r) => this.groups(r), (repository) => ({ type: 'repository', repository }));
      }
      switch (node.type) {
        case 'repository':
          return this.groups(node.repository);
        case 'group':
          return groupChildren(node.group).map((child) =>
            'month' in child
              ? { type: 'month', repository: node.repository, group: node.group, month: child.month }
              : { type: 'incident', repository: node.repository, incident: child.incident },
          );
        case 'month':
          return node.month.incidents.map((incident) => ({ type: 'incident', repository: node.repository, incident }));
        case 'incident':
          return this.filesOf(node.repository, node.incident).map((p) => ({ type: 'file', repository: node.repository, path: p }));
        case 'file':
          return [];
      }
    } catch (error) {
      reportError('listing incidents', error);
      return [];
    }
  }

  getTreeItem(node: IncidentNode): vscode.TreeItem {
    const grouping = this.settings.value.incidents.groupBy;
    switch (node.type) {
      case 'repository': {
        const item = new vscode.TreeItem(node.repository.name, vscode.TreeItemCollapsibleState.Expanded);
        item.description = incidentCount(node.repository.team?.incidents.length ?? 0);
        item.iconPath = new vscode.ThemeIcon('repo');
        return item;
      }
      case 'group': {
        const item = new vscode.TreeItem(groupLabel(grouping, node.group.key), vscode.TreeItemCollapsibleState.Expanded);
        item.description = String(node.group.count);
        item.id = `${node.repository.root}|${grouping}|${node.group.key}`;
        item.contextValue = 'incidentGroup';
        item.iconPath = new vscode.ThemeIcon(grouping === 'kind' ? kindIcon(node.group.key) : 'symbol-namespace');
        return item;
      }
      case 'month': {
        const item = new vscode.TreeItem(node.month.month, vscode.TreeItemCollapsibleState.Expanded);
        item.description = String(node.month.incidents.length);
        item.id = `${node.repository.root}|${grouping}|${node.group.key}|${node.month.month}`;
        item.iconPath = new vscode.ThemeIcon('calendar');
        return item;
      }
      case 'incident': {
        const { incident } = node;
        const hasFiles = this.filesOf(node.repository, incident).length > 0;
        const item = new vscode.TreeItem(`${incident.id} ${incident.title}`, hasFiles ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        // Short enough for the default sidebar width: the group already says the kind (or area); the tooltip has the rest.
        item.description = `${grouping === 'kind' ? levelText(incident.severity) : kindText(incident.kind)} · ${incident.date}`;
        const tooltip = new vscode.MarkdownString();
        const facts = [kindText(incident.kind), levelText(incident.severity), incident.date, statusWord(incident.status)].join(listSeparator());
        tooltip.appendText(`${incident.id}: ${incident.title}\n\n${facts}`);
        const cause = incident.rootCause ?? incident.summary;
        if (cause) tooltip.appendText(`\n\n${cause}`);
        item.tooltip = tooltip;
        item.contextValue = 'incident';
        item.iconPath = new vscode.ThemeIcon(kindIcon(incident.kind));
        item.command = { title: vscode.l10n.t('Open Postmortem'), command: INTERNAL_COMMANDS.openIncident, arguments: [node.repository.root, incident.file, incident.line] };
        return item;
      }
      case 'file': {
        const uri = this.controller.uriOf(node.repository, node.path);
        const item = new vscode.TreeItem(uri, vscode.TreeItemCollapsibleState.None);
        item.description = path.dirname(node.path) === '.' ? '' : path.dirname(node.path);
        item.command = { title: vscode.l10n.t('Open File'), command: 'vscode.open', arguments: [uri] };
        return item;
      }
    }
  }

  private groups(repository: RepositoryState): IncidentNode[] {
    const team = repository.team;
    if (!team) return [];
    const engine = repository.engine;
    const areasOf = engine ? (incident: Incident) => engine.risk.areasOf(incident) : declaredAreasOf(team.config.areas);
    let incidents = team.incidents;
    if (this.settings.value.incidents.onlyActiveFile) {
      const editor = vscode.window.activeTextEditor;
      const file = editor && this.controller.fileOf(editor.document.uri);
      if (!file || file.repository !== repository) return [];
      const linked = new Set(engine?.risk.file(file.path)?.incidents.map((i) => i.id) ?? []);
      incidents = incidents.filter((incident) => linked.has(incident.id) || affects(incident, file.path));
    }
    return groupIncidents(incidents, this.settings.value.incidents.groupBy, areasOf).map((group) => ({ type: 'group', repository, group }));
  }

  private filesOf(repository: RepositoryState, incident: Incident): string[] {
    const engine = repository.engine;
    if (engine) return engine.risk.filesOf(incident);
    // Without the history (Restricted Mode, still indexing) only the files the postmortem names; a glob is no file to open.
    return [...new Set(incident.affected.map((a) => a.path).filter((file) => !isGlob(file)))].sort();
  }

  dispose(): void {
    this.store.dispose();
  }
}

function kindIcon(kind: string): string {
  switch (kind) {
    case 'incident':
      return 'flame';
    case 'regression':
      return 'history';
    case 'user-inquiry':
      return 'comment-discussion';
    case 'near-miss':
      return 'eye';
    default:
      return 'circle-outline';
  }
}

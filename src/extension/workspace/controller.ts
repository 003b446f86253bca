/**
 * The workspace-level owner of the repositories: one RepositoryState per git repository found in the
 * workspace folders (the folder's own repository, or repositories in its subfolders), added and
 * removed with the folders, told when Workspace Trust is granted.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DisposableStore } from '../disposables';
import { log, reportError } from '../log';
import { findRepositories, relativeTo } from './discovery';
import { RepositoryState, type RepositoryEnvironment } from './repositoryState';

interface FolderEntry {
  folder: vscode.WorkspaceFolder;
  repositories: RepositoryState[];
  store: DisposableStore;
}

export interface FileInRepository {
  repository: RepositoryState;
  /** Repository-relative posix path. */
  path: string;
}

export class WorkspaceController implements vscode.Disposable {
  private readonly folders = new Map<string, FolderEntry>();
  private readonly store = new DisposableStore();
  private readonly changed = new vscode.EventEmitter<RepositoryState | undefined>();
  /** Fires when a repository's team files, engine or status change (undefined: the set of repositories changed). */
  readonly onDidChange = this.changed.event;
  /** Operations that started git, by name: stays empty in Restricted Mode. */
  readonly gitUse: string[] = [];
  private readonly env: RepositoryEnvironment;
  /** dist/indexWorker.js: history reads (indexing, the accuracy backtest) off the extension host's thread. */
  readonly workerFile: string;

  constructor(options: { cacheDir: string; workerFile: string }) {
    this.workerFile = options.workerFile;
    this.env = {
      ...options,
      isTrusted: () => vscode.workspace.isTrusted,
      countGitUse: (what) => this.gitUse.push(what),
    };
    this.store.add(this.changed);
    this.store.add(
      vscode.workspace.onDidChangeWorkspaceFolders((event) => {
        for (const removed of event.removed) this.removeFolder(removed);
        for (const added of event.added) this.addFolder(added);
        this.changed.fire(undefined);
      }),
    );
    this.store.add(
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        log()?.info('Workspace trusted: reading git history');
        for (const repository of this.repositories) repository.trustGranted();
      }),
    );
    for (const folder of vscode.workspace.workspaceFolders ?? []) this.addFolder(folder);
  }

  get repositories(): RepositoryState[] {
    const all = new Map<string, RepositoryState>();
    for (const entry of this.folders.values()) for (const repository of entry.repositories) all.set(repository.root, repository);
    return [...all.values()];
  }

  /** True when the workspace has folders but none of them holds or is inside a git repository. */
  get noRepository(): boolean {
    return this.folders.size > 0 && this.repositories.length === 0;
  }

  /** Which repository a file belongs to (the innermost), and its path there. */
  fileOf(uri: vscode.Uri): FileInRepository | undefined {
    if (uri.scheme !== 'file') return undefined;
    let best: FileInRepository | undefined;
    for (const repository of this.repositories) {
      const relative = relativeTo(repository.root, uri.fsPath);
      if (relative !== undefined && (!best || repository.root.length > best.repository.root.length)) best = { repository, path: relative };
    }
    return best;
  }

  uriOf(repository: RepositoryState, relative: string): vscode.Uri {
    return vscode.Uri.file(path.join(repository.root, ...relative.split('/')));
  }

  /** Resolves when no repository is indexing. */
  async idle(): Promise<void> {
    await Promise.all(this.repositories.map((repository) => repository.idle()));
  }

  refreshAll(): Promise<void> {
    return Promise.all(this.repositories.map((repository) => repository.reloadTeam().then(() => repository.index({ restart: true })))).then(() => undefined);
  }

  private addFolder(folder: vscode.WorkspaceFolder): void {
    if (folder.uri.scheme !== 'file' || this.folders.has(folder.uri.toString())) return;
    const store = new DisposableStore();
    const known = new Set(this.repositories.map((repository) => repository.root));
    const repositories: RepositoryState[] = [];
    for (const root of findRepositories(folder.uri.fsPath)) {
      if (known.has(root)) continue;
      const repository = store.add(new RepositoryState(root, this.env));
      store.add(repository.onDidChange((changed) => this.changed.fire(changed)));
      repositories.push(repository);
      void repository.start().catch((error: unknown) => reportError(`opening ${root}`, error, true));
    }
    log()?.info(`${folder.name}: ${repositories.length ? repositories.map((r) => r.root).join(', ') : 'no git repository'}`);
    this.folders.set(folder.uri.toString(), { folder, repositories, store });
  }

  private removeFolder(folder: vscode.WorkspaceFolder): void {
    const entry = this.folders.get(folder.uri.toString());
    if (!entry) return;
    this.folders.delete(folder.uri.toString());
    entry.store.dispose();
  }

  dispose(): void {
    for (const entry of this.folders.values()) entry.store.dispose();
    this.folders.clear();
    this.store.dispose();
  }
}

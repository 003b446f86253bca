/**
 * The workspace-level owner of the repositories: one RepositoryState per git repository found in the
 * workspace folders (the folder's own repository, or repositories in its subfolders), kept while a
 * folder uses it (a repository and a folder inside it share one), told when Workspace Trust is granted.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DisposableStore } from '../disposables';
import { log, reportError } from '../log';
import { pathInside } from '../../core/paths';
import { findRepositories } from './discovery';
import { NOTIFY_AFTER_MS } from '../indexing/indexProgress';
import { RepositoryState, type IndexTuning, type RepositoryEnvironment } from './repositoryState';

/** A repository, what was created for it, and the workspace folders (by URI) that use it. */
interface RepositoryEntry {
  repository: RepositoryState;
  store: DisposableStore;
  folders: Set<string>;
}

export interface FileInRepository {
  repository: RepositoryState;
  /** Repository-relative posix path. */
  path: string;
}

export class WorkspaceController implements vscode.Disposable {
  /** Workspace folders by URI, with the roots of the repositories each uses. */
  private readonly folders = new Map<string, string[]>();
  /** The repositories by root. */
  private readonly entries = new Map<string, RepositoryEntry>();
  private readonly store = new DisposableStore();
  private readonly changed = new vscode.EventEmitter<RepositoryState | undefined>();
  /** Fires when a repository's team files, engine or status change (undefined: the set of repositories changed). */
  readonly onDidChange = this.changed.event;
  private readonly removed = new vscode.EventEmitter<RepositoryState>();
  /** Fires when no folder uses a repository any more, once it is disposed. */
  readonly onDidRemoveRepository = this.removed.event;
  /** Operations that started git, by name: stays empty in Restricted Mode. */
  readonly gitUse: string[] = [];
  private readonly env: RepositoryEnvironment;
  /** dist/indexWorker.js: history reads (indexing, the accuracy backtest) off the extension host's thread. */
  readonly workerFile: string;
  /** How indexing shows itself, shared by every repository (the test-state command changes it). */
  readonly indexTuning: IndexTuning = { notifyAfterMs: NOTIFY_AFTER_MS, testDelayMs: 0 };

  constructor(options: { cacheDir: string; workerFile: string }) {
    this.workerFile = options.workerFile;
    this.env = {
      ...options,
      indexTuning: this.indexTuning,
      isTrusted: () => vscode.workspace.isTrusted,
      countGitUse: (what) => this.gitUse.push(what),
    };
    this.store.add(this.changed);
    this.store.add(this.removed);
    this.store.add(
      vscode.workspace.onDidChangeWorkspaceFolders((event) => {
        // Additions first: a repository that a removed folder and an added one share is kept, not re-indexed.
        for (const added of event.added) this.addFolder(added);
        for (const removed of event.removed) this.removeFolder(removed);
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

  /** Where the history index (and the history pass beside it) is cached. */
  get cacheDir(): string {
    return this.env.cacheDir;
  }

  get repositories(): RepositoryState[] {
    return [...this.entries.values()].map((entry) => entry.repository);
  }

  repositoryAt(root: string): RepositoryState | undefined {
    return this.entries.get(root)?.repository;
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
      const relative = pathInside(repository.root, uri.fsPath);
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
    const key = folder.uri.toString();
    if (folder.uri.scheme !== 'file' || this.folders.has(key)) return;
    const roots = findRepositories(folder.uri.fsPath);
    for (const root of roots) {
      let entry = this.entries.get(root);
      if (!entry) {
        const store = new DisposableStore();
        const repository = store.add(new RepositoryState(root, this.env));
        store.add(repository.onDidChange((changed) => this.changed.fire(changed)));
        entry = { repository, store, folders: new Set() };
        this.entries.set(root, entry);
        void repository.start().catch((error: unknown) => reportError(vscode.l10n.t('opening {0}', root), error, true));
      }
      entry.folders.add(key);
    }
    log()?.info(`${folder.name}: ${roots.length ? roots.join(', ') : 'no git repository'}`);
    this.folders.set(key, roots);
  }

  private removeFolder(folder: vscode.WorkspaceFolder): void {
    const key = folder.uri.toString();
    for (const root of this.folders.get(key) ?? []) {
      const entry = this.entries.get(root);
      if (!entry) continue;
      entry.folders.delete(key);
      if (entry.folders.size > 0) continue;
      this.entries.delete(root);
      entry.store.dispose();
      this.removed.fire(entry.repository);
    }
    this.folders.delete(key);
  }

  dispose(): void {
    for (const entry of this.entries.values()) entry.store.dispose();
    this.entries.clear();
    this.folders.clear();
    this.store.dispose();
  }
}

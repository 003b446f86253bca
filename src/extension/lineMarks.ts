/**
 * Line marks per open document, shared by decorations and hovers. A document shown in an editor is
 * blamed at once when saved, and only after a pause in typing (`changeRisk.blame.debounceMs`) when
 * dirty, with its contents; one not shown is blamed when it is shown, or for a hover. At most one
 * blame per document is in flight (a newer request cancels the older), and at most
 * MAX_BLAMES_AT_ONCE in all (Save All must not start a process per file). No process per keystroke.
 */
import * as vscode from 'vscode';
import type { ChangeRiskEngine, LineMark } from '../core/engine';
import { Debouncer, DisposableStore } from './disposables';
import { reportError } from './log';
import type { Settings } from './settings';
import { mark } from './timeline';
import type { WorkspaceController } from './workspace/controller';
import type { RepositoryState } from './workspace/repositoryState';

const MAX_BLAMES_AT_ONCE = 2;

export type MarksStatus = 'none' | 'pending' | 'partial' | 'done' | 'too-large' | 'unavailable';

export interface DocumentMarks {
  version: number;
  generation: number;
  status: MarksStatus;
  marks: LineMark[];
  /**
   * Read against the history of the open files alone while the whole history is being read: fix and
   * revert commits are known, the ledger too, but the marks are replaced once the index is ready.
   */
  provisional?: boolean;
  /** Shown to the user when blame was skipped. */
  note?: string;
}

interface Entry {
  current?: DocumentMarks;
  inFlight?: { version: number; generation: number; abort: AbortController; done: Promise<void> };
  debouncer?: Debouncer;
}

export class LineMarksService implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly store = new DisposableStore();
  /** Blame runs started, for the tests (no process per keystroke). */
  blameRuns = 0;
  /** What each blame run was for, oldest first (the last 100), for the tests: path, version and reason. */
  readonly blamed: string[] = [];
  /** The most blames that ran at once, for the tests. */
  mostBlamesAtOnce = 0;
  private blamesRunning = 0;
  /** Blames waiting for one of the MAX_BLAMES_AT_ONCE slots, oldest first. */
  private readonly blameQueue: (() => void)[] = [];
  /** Waiting for no blame to run (see `blamesDone`). */
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly controller: WorkspaceController, private readonly settings: Settings) {
    this.store.add(this.changed);
    this.store.add(vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri)));
    this.store.add(vscode.workspace.onDidSaveTextDocument((document) => this.schedule(document, 'saved')));
    this.store.add(vscode.workspace.onDidChangeTextDocument((event) => event.contentChanges.length > 0 && this.schedule(event.document, 'typing')));
    this.store.add(
      settings.onDidChangeValue((s) => s.blame.maxFileSizeKB, () => this.refreshVisible(true)),
    );
    // A new engine (HEAD moved, team files edited) means new marks; status changes alone do not.
    this.store.add(controller.onDidChange(() => this.refreshVisible(false)));
  }

  /** The marks as known now for this document version (possibly partial), without starting anything. */
  peek(document: vscode.TextDocument): DocumentMarks | undefined {
    const current = this.entries.get(document.uri.toString())?.current;
    return current && current.version === document.version ? current : undefined;
  }

  /** Marks for the document's current version: cached, in flight, or started now (no debounce). */
  async get(document: vscode.TextDocument): Promise<DocumentMarks | undefined> {
    const file = this.controller.fileOf(document.uri);
    if (!file || !engineOf(file.repository, file.path)) return undefined;
    const entry = this.entry(document.uri);
    if (this.isFresh(document, file.repository.generation)) return entry.current;
    if (entry.inFlight && entry.inFlight.version === document.version && entry.inFlight.generation === file.repository.generation) {
      await entry.inFlight.done;
      return this.peek(document);
    }
    await this.run(document, 'requested');
    return this.peek(document);
  }

  /** Re-reads the marks of every visible editor whose marks are stale (or all, with `force`). */
  refreshVisible(force: boolean): void {
    for (const editor of vscode.window.visibleTextEditors) {
      if (force) {
        const entry = this.entries.get(editor.document.uri.toString());
        if (entry) entry.current = undefined;
      }
      this.schedule(editor.document, 'refresh');
    }
  }

  private isFresh(document: vscode.TextDocument, generation: number): boolean {
    const current = this.entries.get(document.uri.toString())?.current;
    return current !== undefined && current.version === document.version && current.generation === generation && current.status !== 'partial' && current.status !== 'pending';
  }

  /**
   * Starts a blame of this document now (saved, or shown), or after a pause in typing; nothing when
   * no editor shows it (it is blamed once shown). While the user types, other triggers wait for the
   * same pause.
   */
  schedule(document: vscode.TextDocument, trigger: 'typing' | 'saved' | 'refresh'): void {
    if (!vscode.window.visibleTextEditors.some((editor) => editor.document === document)) return;
    const file = this.controller.fileOf(document.uri);
    const repository = file?.repository;
    if (!repository || this.isFresh(document, repository.generation)) return;
    if (!engineOf(repository, file.path)) return this.dropProvisional(document);
    const entry = this.entry(document.uri);
    if (trigger !== 'typing') {
      if (entry.debouncer?.pending) return;
      void this.run(document, trigger);
      return;
    }
    entry.debouncer?.dispose();
    entry.debouncer = new Debouncer(this.settings.value.blame.debounceMs, () => {
      const current = vscode.workspace.textDocuments.find((d) => d.uri.toString() === document.uri.toString());
      if (current) void this.run(current, 'after typing');
    });
    entry.debouncer.trigger();
  }

  private entry(uri: vscode.Uri): Entry {
    let entry = this.entries.get(uri.toString());
    if (!entry) this.entries.set(uri.toString(), (entry = {}));
    return entry;
  }

  /** Provisional marks whose history is gone (indexing cancelled or failed) are not kept on show. */
  private dropProvisional(document: vscode.TextDocument): void {
    const entry = this.entries.get(document.uri.toString());
    if (!entry?.current?.provisional) return;
    entry.current = undefined;
    mark(`provisional marks dropped for ${document.uri.fsPath}`);
    this.changed.fire(document.uri);
  }

  private run(document: vscode.TextDocument, reason: string): Promise<void> {
    const file = this.controller.fileOf(document.uri);
    const found = file && engineOf(file.repository, file.path);
    if (!file || !found) return Promise.resolve();
    const { engine, provisional } = found;
    const entry = this.entry(document.uri);
    const version = document.version;
    const generation = file.repository.generation;
    if (entry.inFlight?.version === version && entry.inFlight.generation === generation) return entry.inFlight.done;
    entry.inFlight?.abort.abort();
    const publish = (unmarked: DocumentMarks) => {
      const marks = provisional ? { ...unmarked, provisional: true } : unmarked;
      if (entry.current?.status !== marks.status || entry.current.generation !== marks.generation) mark(`marks ${marks.status} for ${file.path} v${marks.version} g${marks.generation} (${marks.marks.length})`);
      entry.current = marks;
      this.changed.fire(document.uri);
    };
    // A postmortem is the record, not code at risk: it names fixes and incidents on every line. No blame, no marks.
    if (engine.risk.roleOf(file.path) === 'team') {
      publish({ version, generation, status: 'done', marks: [] });
      return Promise.resolve();
    }
    const limitKB = this.settings.value.blame.maxFileSizeKB;
    const text = document.getText();
    const sizeKB = Buffer.byteLength(text, 'utf8') / 1024;
    if (limitKB > 0 && sizeKB > limitKB) {
      publish({
        version,
        generation,
        status: 'too-large',
        marks: [],
        note: vscode.l10n.t('Line history skipped: this file is {0} KB, over the {1} KB limit (setting changeRisk.blame.maxFileSizeKB).', Math.round(sizeKB), limitKB),
      });
      return Promise.resolve();
    }
    const abort = new AbortController();
    const done = this.inBlameSlot(abort.signal, () => {
      this.blameRuns++;
      this.blamed.push(`${file.path} v${version} g${generation}: ${reason}`);
      if (this.blamed.length > 100) this.blamed.shift();
      mark(`blame ${file.path} v${version} g${generation}${provisional ? ' (provisional)' : ''}: ${reason}`);
      return engine.lineMarks(file.path, {
        contents: text,
        signal: abort.signal,
        onPartial: (marks) => !abort.signal.aborted && publish({ version, generation, status: 'partial', marks }),
      });
    })
      .then(
        (marks) => {
          if (marks && !abort.signal.aborted) publish({ version, generation, status: 'done', marks });
        },
        (error: unknown) => {
          if (abort.signal.aborted) return;
          publish({ version, generation, status: 'unavailable', marks: [], note: vscode.l10n.t('Line history unavailable for this file (see the Change Risk log).') });
          reportError(`reading the line history of ${file.path}`, error);
        },
      )
      .finally(() => {
        if (entry.inFlight?.abort === abort) entry.inFlight = undefined;
      });
    entry.inFlight = { version, generation, abort, done };
    return done;
  }

  /** Runs `blame` once fewer than MAX_BLAMES_AT_ONCE run; undefined when cancelled before its turn. */
  private async inBlameSlot<T>(signal: AbortSignal, blame: () => Promise<T>): Promise<T | undefined> {
    while (this.blamesRunning >= MAX_BLAMES_AT_ONCE) await new Promise<void>((resolve) => this.blameQueue.push(resolve));
    if (signal.aborted) {
      this.blameQueue.shift()?.();
      return undefined;
    }
    this.blamesRunning++;
    this.mostBlamesAtOnce = Math.max(this.mostBlamesAtOnce, this.blamesRunning);
    try {
      return await blame();
    } finally {
      this.blamesRunning--;
      this.blameQueue.shift()?.();
      if (this.blamesRunning === 0 && this.blameQueue.length === 0) {
        for (const resolve of this.idleWaiters.splice(0)) resolve();
      }
    }
  }

  /**
   * Resolves once no blame runs or waits, or after `maxWaitMs`: other git work of the editor (the
   * Quality Bar's checklist) lets the marks of the shown files come first, never starves for them.
   */
  blamesDone(maxWaitMs: number): Promise<void> {
    if (this.blamesRunning === 0 && this.blameQueue.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, maxWaitMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private forget(uri: vscode.Uri): void {
    const entry = this.entries.get(uri.toString());
    if (!entry) return;
    entry.inFlight?.abort.abort();
    entry.debouncer?.dispose();
    this.entries.delete(uri.toString());
  }

  dispose(): void {
    for (const uri of [...this.entries.keys()]) this.forget(vscode.Uri.parse(uri));
    this.store.dispose();
  }
}

/** The engine whose history a file's marks are read against: the repository's, or while its first index is read, the provisional one. */
function engineOf(repository: RepositoryState, path: string): { engine: ChangeRiskEngine; provisional: boolean } | undefined {
  if (repository.engine) return { engine: repository.engine, provisional: false };
  const provisional = repository.provisionalEngineFor(path);
  return provisional && { engine: provisional, provisional: true };
}

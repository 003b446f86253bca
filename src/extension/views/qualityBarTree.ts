/**
 * Sidebar "Quality bar": the change risk of the current change (ChangeRiskRuns, after each checklist),
 * and for the active file, the team's stance, the rules in force, the incident budget and the checklist
 * of the current change. The checklist (`checkChange`: a diff against the base) is
 * re-run when a file of the repository is saved or the engine is replaced (HEAD moved), debounced, at
 * most one run per repository in flight — never per keystroke. A checklist lives as long as its
 * repository; a run looks the repository up by root, so it never uses one that was removed.
 */
import * as vscode from 'vscode';
import { budgetStatus } from '../../core/quality/budget';
import { checkChange, type CheckResult } from '../../core/quality/check';
import { barForFile, qualityBarOf } from '../../core/quality/qualityBar';
import type { ChangeRiskRuns } from '../changeRisk/changeRiskRuns';
import { Debouncer, DisposableStore } from '../disposables';
import { errorMessage, guardedSync, isCancellation, log, reportError } from '../log';
import { editorLang } from '../impact/lang';
import { notRatedText, ratingOf } from '../riskText';
import type { WorkspaceController } from '../workspace/controller';
import type { RepositoryState } from '../workspace/repositoryState';
import { qualityBarNodes, type BarNode, type ChecklistState } from './qualityBarModel';

const CHECK_DEBOUNCE_MS = 1500;

interface ChecklistEntry {
  /** The HEAD the checklist was computed at (team file edits alone do not re-run git). */
  head: string | undefined | null;
  state: ChecklistState;
  running?: Promise<void>;
  again: boolean;
  debouncer: Debouncer;
  /** Due, but waiting for the shown files' marks (their blame) to be read first. */
  waitingForMarks?: boolean;
}

/** The longest a due checklist waits for the shown files' marks. */
const MARKS_FIRST_MAX_MS = 5000;

export class QualityBarTreeProvider implements vscode.TreeDataProvider<BarNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<BarNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly store = new DisposableStore();
  /** By repository root. */
  private readonly checks = new Map<string, ChecklistEntry>();
  /** Runs of checkChange, for the tests (no run per keystroke). */
  checkRuns = 0;

  constructor(
    private readonly controller: WorkspaceController,
    private readonly changeRisk: ChangeRiskRuns,
    /** Resolves when the shown files' marks are read (bounded): the checklist's git processes wait for it. */
    private readonly marksFirst: (maxWaitMs: number) => Promise<void> = () => Promise.resolve(),
  ) {
    this.store.add(this.changed);
    this.store.add(changeRisk.onDidChange(() => this.changed.fire(undefined)));
    const refresh = guardedSync('refreshing the quality bar', () => {
      this.changed.fire(undefined);
      const repository = this.activeFile()?.repository;
      if (repository) this.ensureChecklist(repository);
    });
    this.store.add(vscode.window.onDidChangeActiveTextEditor(refresh));
    this.store.add(controller.onDidChange(refresh));
    this.store.add(
      vscode.workspace.onDidSaveTextDocument(
        guardedSync('refreshing the checklist', (document: vscode.TextDocument) => {
          const file = controller.fileOf(document.uri);
          if (file?.repository.engine) this.entryOf(file.repository.root).debouncer.trigger();
        }),
      ),
    );
    this.store.add(controller.onDidRemoveRepository((repository) => this.forget(repository.root)));
  }

  private activeFile() {
    const editor = vscode.window.activeTextEditor;
    return editor ? this.controller.fileOf(editor.document.uri) : undefined;
  }

  private entryOf(root: string): ChecklistEntry {
    let entry = this.checks.get(root);
    if (!entry) {
      const created: ChecklistEntry = { head: null, state: { state: 'none' }, again: false, debouncer: new Debouncer(CHECK_DEBOUNCE_MS, () => void this.runCheckAfterMarks(root)) };
      this.checks.set(root, created);
      entry = created;
    }
    return entry;
  }

  private forget(root: string): void {
    this.checks.get(root)?.debouncer.dispose();
    this.checks.delete(root);
  }

  /** Starts a check when HEAD moved since the last one (or none ran yet). */
  private ensureChecklist(repository: RepositoryState): void {
    if (!repository.engine) return;
    const entry = this.entryOf(repository.root);
    if (entry.head !== repository.engine.repository.head && !entry.running) entry.debouncer.trigger();
  }

  /** A due checklist lets the blame of the shown files run first: its git processes would slow it down. */
  private async runCheckAfterMarks(root: string): Promise<void> {
    const entry = this.entryOf(root);
    entry.waitingForMarks = true;
    try {
      await this.marksFirst(MARKS_FIRST_MAX_MS);
    } finally {
      entry.waitingForMarks = false;
    }
    await this.runCheck(root);
  }

  /** One run per repository at a time; a request while one runs is queued once. */
  private async runCheck(root: string): Promise<void> {
    const repository = this.controller.repositoryAt(root);
    const engine = repository?.engine;
    if (!repository || !engine || !vscode.workspace.isTrusted) return;
    const entry = this.entryOf(root);
    if (entry.running) {
      entry.again = true;
      return entry.running;
    }
    const head = engine.repository.head;
    entry.state = { state: 'running' };
    this.changed.fire(undefined);
    entry.running = (async () => {
      try {
        this.checkRuns++;
        this.controller.gitUse.push('quality checklist');
        const result: CheckResult = await checkChange(engine, { lang: editorLang() }); // the findings in VS Code's display language
        entry.state = { state: 'ready', result };
        // The change risk of the same change, in the background: the checklist shows first.
        this.changeRisk.request(root, repository.name, engine, result.analysis);
      } catch (error) {
        if (!isCancellation(error)) {
          log()?.warn(`${repository.name}: checking the change against the quality bar: ${errorMessage(error)}`);
          entry.state = { state: 'error', message: errorMessage(error) };
        }
      } finally {
        entry.head = head;
        entry.running = undefined;
        this.changed.fire(undefined);
        const current = this.checks.get(root) === entry ? this.controller.repositoryAt(root) : undefined; // none: removed meanwhile
        if (current && entry.again) {
          entry.again = false;
          void this.runCheck(root);
        } else if (current) {
          this.ensureChecklist(current);
        }
      }
    })();
    return entry.running;
  }

  /** Resolves when no checklist is being computed or waiting out its debounce (for the tests). */
  async idle(): Promise<void> {
    for (;;) {
      const busy = [...this.checks.values()].find((entry) => entry.running || entry.debouncer.pending || entry.waitingForMarks);
      if (!busy) return;
      await (busy.running ?? new Promise((resolve) => setTimeout(resolve, 100)));
    }
  }

  getChildren(node?: BarNode): BarNode[] {
    if (node) return node.children ?? [];
    try {
      const file = this.activeFile();
      const engine = file?.repository.engine;
      if (!file || !engine) return [];
      const bar = qualityBarOf(engine);
      const entry = this.entryOf(file.repository.root);
      const rating = ratingOf(engine.risk, file.path);
      return qualityBarNodes({
        file: barForFile(engine, file.path),
        ...(rating.rated ? {} : { notRated: notRatedText(rating.role) }),
        stance: { ...(bar.summary ? { summary: bar.summary } : {}), tolerance: { ...bar.tolerance }, configured: bar.configured },
        ...(bar.budget ? { budget: budgetStatus(bar.budget, engine.team.incidents, engine.history.now)! } : {}),
        checklist: entry.state,
        changeRisk: this.changeRisk.stateOf(file.repository.root),
        lang: editorLang(),
      });
    } catch (error) {
      reportError('showing the quality bar', error);
      return [];
    }
  }

  getTreeItem(node: BarNode): vscode.TreeItem {
    const collapsible = node.children === undefined ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Expanded;
    const item = new vscode.TreeItem(node.label, collapsible);
    item.id = node.id;
    if (node.description) item.description = node.description;
    if (node.tooltip) item.tooltip = node.tooltip;
    if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon);
    return item;
  }

  dispose(): void {
    for (const root of [...this.checks.keys()]) this.forget(root);
    this.store.dispose();
  }
}

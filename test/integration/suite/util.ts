import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'change-risk.change-risk';

export interface Manifest {
  activationEvents?: string[];
  capabilities?: { untrustedWorkspaces?: { supported?: boolean | 'limited'; description?: string } };
  contributes?: { commands?: { command: string; title: string; category?: string }[]; views?: Record<string, { id: string }[]> };
}

export function manifestOf(extension: vscode.Extension<unknown>): Manifest {
  return extension.packageJSON as Manifest;
}

export function declaredCommands(extension: vscode.Extension<unknown>): string[] {
  return (manifestOf(extension).contributes?.commands ?? []).map((c) => c.command);
}

/**
 * Waits until the extension has been activated by its own activation events (never calls
 * `extension.activate()`, which would hide a broken activation event). Bounded.
 */
export async function waitForActivation(timeoutMs = 20_000): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in this VS Code`);
  const deadline = Date.now() + timeoutMs;
  while (!extension.isActive) {
    if (Date.now() > deadline) {
      throw new Error(`${EXTENSION_ID} was not activated within ${timeoutMs} ms by its activation events`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return extension;
}

export const STATE_COMMAND = 'changeRiskTest.state';

export interface Range1 {
  start: number;
  end: number;
}

export interface TreeItemState {
  label: string;
  description?: string;
  tooltip?: string;
  /** The file of the item (`resourceUri`), as a file system path. */
  resource?: string;
  children?: TreeItemState[];
}

export interface TestState {
  activationMs: number;
  activatedAt: number;
  /** What happened when, in ms since activation (src/extension/timeline.ts). */
  timeline: { ms: number; what: string }[];
  /** The extension host's CPU profile, when asked to stop it (CHANGE_RISK_HOST_PROFILE). */
  hostProfile?: string;
  trusted: boolean;
  gitUse: string[];
  blameRuns: number;
  /** The last blame runs: "path vVERSION: reason". */
  blamed: string[];
  mostBlamesAtOnce: number;
  noRepository: boolean;
  repositories: {
    root: string;
    status: string;
    error?: string;
    /** What the user sees of the running index: the cancellable notification, the last message. */
    indexProgress?: { notification: boolean; message?: string };
    indexCancelled: boolean;
    indexed: boolean;
    index?: { source: string; commitsRead: number; head?: string };
    generation: number;
    incidents: string[];
    diagnostics: { file: string; line: number; column: number; message: string; severity: string }[];
    tally?: { kind: Tally; area: Tally };
  }[];
  editors: {
    path: string;
    version: number;
    dirty: boolean;
    decorations?: Record<'severe' | 'incident' | 'minor' | 'fix', Range1[]>;
    /** `provisional`: from the history of the open files alone, while the whole history is read. */
    marks?: { status: string; provisional: boolean; note?: string; marks: { source: 'history' | 'ledger'; start: number; end: number; incidents: string[]; commits: string[]; why: string[] }[] };
  }[];
  statusBar: { text: string; tooltip?: string; accessibleName?: string; visible: boolean };
  /** The working change's risk item (issue #16). */
  changeRiskStatusBar: { text: string; tooltip?: string; accessibleName?: string; visible: boolean };
  /** Runs of the change model (assessChangeRisk) so far. */
  changeRiskRuns: number;
  incidentsTree: TreeItemState[];
  riskyFiles: TreeItemState[];
  qualityBar: TreeItemState[];
  checklistRuns: number;
  fileDecorations: Record<string, { badge?: string; tooltip?: string; color?: string; propagate?: boolean } | undefined>;
  fileRisks: Record<
    string,
    | {
        level: string;
        rank: number;
        area?: string;
        legacy?: string;
        /** The file's role (source, test, docs, manifest, lint, team…) and whether that role gets a level. */
        role: string;
        rated: boolean;
        reasons: string[];
        reasonKinds: string[];
        incidents: string[];
        /** Fixes, reverts and reverted commits in its history (bots left out). */
        fixCommits: number;
        reverts: number;
      }
    | undefined
  >;
  analysisHtml?: string;
  /** The failure rate by area is being computed in the worker. */
  analysisComputing: boolean;
  /** What the analysis panel opened for the `analysisMessage` passed in (undefined: refused). */
  analysisOpened?: string;
}

export interface Tally {
  total: number;
  groups: { key: string; total: number; incidentIds: string[] }[];
}

export async function testState(
  options: { files?: string[]; waitIdle?: boolean; analysisMessage?: unknown; indexTuning?: { notifyAfterMs?: number; testDelayMs?: number }; cancelIndexing?: boolean; brief?: boolean; stopProfile?: boolean } = {},
): Promise<TestState> {
  return (await vscode.commands.executeCommand(STATE_COMMAND, options)) as TestState;
}

/** Polls the state until `predicate` holds; bounded; the last state is in the error. */
export async function waitForState(predicate: (state: TestState) => boolean, what: string, options: { files?: string[]; timeoutMs?: number } = {}): Promise<TestState> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let state = await testState(options);
  while (!predicate(state)) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; last state: ${JSON.stringify(state).slice(0, 3000)}`);
    await sleep(100);
    state = await testState(options);
  }
  return state;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder');
  return folder.uri.fsPath;
}

/** Facts about the generated demo repository, written next to it by the launcher. */
export function demoFacts(): {
  root: string;
  headSha: string;
  facts: {
    inc12: { path: string; startLine: number; endLine: number; fixSha: string };
    feature: { invoiceLinesTouched: number[]; uncommittedFiles: string[]; migration: string; envVar: string; branch: string };
    incidents: { id: string; kind: string; severity: string; file: string }[];
    botCommits: { sha: string; author: string; message: string; paths: string[] }[];
    botLine: { path: string; line: number; sha: string };
    invoiceRevert: { path: string; revertedSha: string; revertSha: string; revertDate: string; revertLines: number[]; revertedLines: number[] };
    unratedWithFixes: { path: string; role: string; troubleShas: string[] }[];
  };
} {
  return JSON.parse(fs.readFileSync(path.join(path.dirname(workspaceRoot()), 'demo-facts.json'), 'utf8'));
}

/** Lines (1-based) covered by a list of ranges. */
export function linesOf(ranges: readonly Range1[]): Set<number> {
  const lines = new Set<number>();
  for (const range of ranges) for (let line = range.start; line <= range.end; line++) lines.add(line);
  return lines;
}

/** Runs a command that may open a quick input, closing any quick input until it returns. */
export async function runClosingQuickInputs(command: string, ...args: unknown[]): Promise<unknown> {
  let done = false;
  const run = Promise.resolve(vscode.commands.executeCommand(command, ...args)).finally(() => (done = true));
  const deadline = Date.now() + 10_000;
  while (!done && Date.now() < deadline) {
    await sleep(150);
    if (!done) await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  }
  return run;
}

const SCREENSHOT_MARKER = '[change-risk-screenshot] ';

/** How long the launcher may take to save a picture (a resize waits for the layout; the machine may be busy). */
const SCREENSHOT_TIMEOUT_MS = 60_000;

/**
 * Asks the launcher (run with --screenshots DIR) for a screenshot of the window, once the views have
 * had a moment to render what the state says, and waits until it is saved (the page console reaches the
 * launcher seconds late on a busy machine: a fixed wait would let the next test change the window first).
 * `size`: the window's size for this picture (runTests.ts resizes it, takes it and puts the size back).
 */
export async function requestScreenshot(name: string, size?: { width: number; height: number }): Promise<void> {
  await sleep(1000);
  const dir = process.env.CHANGE_RISK_SCREENSHOTS_DIR;
  const file = dir ? path.join(dir, `${name}.png`) : undefined;
  const savedAt = () => (file && fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0);
  const before = savedAt();
  console.log(`${SCREENSHOT_MARKER}${name}${size ? ` ${JSON.stringify({ width: size.width, height: size.height })}` : ''}`);
  if (!file) return sleep(size ? 6000 : 2500); // the desktop launcher: nothing saves it, nothing to wait for
  const deadline = Date.now() + SCREENSHOT_TIMEOUT_MS;
  while (savedAt() === before) {
    if (Date.now() > deadline) throw new Error(`the launcher did not save ${file} within ${SCREENSHOT_TIMEOUT_MS / 1000} s`);
    await sleep(250);
  }
  if (size) await sleep(1000); // the window back at the tests' size before they go on
}

/** The side bar's width in the README's pictures: VS Code's narrowest (170 px) plus three steps of 60 px. */
const SCREENSHOT_SIDEBAR_STEPS = 3;

/**
 * The Change Risk side bar as the README shows it: the ledger's kinds collapsed (their counts read at a
 * glance, the Quality Bar below has room), no Chat beside the editor, and the side bar wide enough that
 * rows are not cut short. Its width differs from window to window, so it goes to the narrowest first.
 * Only the layout changes: the tests after the picture read the views' state, not their width.
 */
export async function arrangeSidebarForScreenshot(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
  await vscode.commands.executeCommand('workbench.view.extension.changeRisk');
  await vscode.commands.executeCommand('changeRisk.incidents.focus');
  await sleep(300);
  await vscode.commands.executeCommand('workbench.actions.treeView.changeRisk.incidents.collapseAll');
  // increaseViewSize resizes the focused part (increaseViewWidth is always the editor's).
  await vscode.commands.executeCommand('workbench.action.focusSideBar');
  await sleep(300);
  for (let i = 0; i < 10; i++) await vscode.commands.executeCommand('workbench.action.decreaseViewSize');
  for (let i = 0; i < SCREENSHOT_SIDEBAR_STEPS; i++) await vscode.commands.executeCommand('workbench.action.increaseViewSize');
}

/**
 * Closes every editor, discarding untitled documents first (the impact draft and the accuracy report open
 * untitled Markdown, which `closeAllEditors` would stop at with a modal "save?" dialog).
 */
export async function closeAllEditorsDiscarding(): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const untitled = vscode.workspace.textDocuments.find((d) => d.isUntitled && d.isDirty);
    if (!untitled) break;
    await vscode.window.showTextDocument(untitled);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Waits (up to `timeoutMs`) for a Markdown preview tab — a webview opens a moment after its command returns. */
export async function waitForMarkdownPreview(timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs);
    if (tabs.some((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.includes('markdown.preview'))) return true;
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
}

/** The open tabs' labels and kinds, for assertion messages. */
export function tabsDescription(): string {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .map((tab) => `${tab.label} (${tab.input instanceof vscode.TabInputWebview ? `webview ${tab.input.viewType}` : tab.input instanceof vscode.TabInputText ? tab.input.uri.scheme : 'other'})`)
    .join(', ');
}

/** Changes the workspace folders as the Explorer does; resolves once the change is applied. */
export async function updateFolders(start: number, deleteCount: number, ...added: vscode.Uri[]): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const applied = new Promise<void>((resolve, reject) => {
    const listener = vscode.workspace.onDidChangeWorkspaceFolders(() => {
      listener.dispose();
      resolve();
    });
    timer = setTimeout(() => {
      listener.dispose();
      reject(new Error('the workspace folders did not change within 10 s'));
    }, 10_000);
  });
  try {
    assert.ok(vscode.workspace.updateWorkspaceFolders(start, deleteCount, ...added.map((uri) => ({ uri }))), 'the folder change is accepted');
    await applied;
  } finally {
    clearTimeout(timer);
  }
}

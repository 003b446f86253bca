/**
 * While a repository's first index is read (it has no engine yet, and no index of HEAD is cached):
 * engines over the history of the files shown in editors alone (`ChangeRiskEngine.openForPaths`), so
 * that their gutter marks appear in seconds, marked provisional, rather than after the whole history
 * of a large repository. The files asked for at once are read together by one `git log`; a file shown
 * later gets a read of its own. Nothing here gives a level or a badge: those are relative to the
 * whole repository. Stopped with the index (its signal); never in Restricted Mode (no index runs).
 */
import { ChangeRiskEngine } from '../../core/engine';
import { errorMessage, log } from '../log';
import { mark } from '../timeline';

export class OpenFilesHistory {
  /** Engines by the path whose history they read. */
  private readonly engines = new Map<string, ChangeRiskEngine>();
  /** Paths asked for (read, being read, or waiting for the next read). */
  private readonly requested = new Set<string>();
  private waiting: string[] = [];
  /** Stopped with the index, or once the index is in (a read still running is of no use then). */
  private readonly stop = new AbortController();
  private readonly signal = this.stop.signal;

  constructor(
    private readonly repository: { root: string; name: string },
    index: AbortSignal,
    /** Called when a read is in: the marks of its files can be read. */
    private readonly onRead: () => void,
    private readonly countGitUse: (what: string) => void,
  ) {
    if (index.aborted) this.stop.abort();
    else index.addEventListener('abort', () => this.stop.abort(), { once: true });
  }

  /** Stops the reads running (the index is in, or stopped). */
  dispose(): void {
    this.stop.abort();
  }

  /**
   * The provisional engine for `path` once its history is read; undefined until then, and asking
   * starts the read (with the other files asked for in the same turn of the event loop).
   */
  engineFor(path: string): ChangeRiskEngine | undefined {
    const engine = this.engines.get(path);
    if (engine || this.signal.aborted || this.requested.has(path)) return engine;
    this.requested.add(path);
    this.waiting.push(path);
    if (this.waiting.length === 1) setImmediate(() => this.readWaiting());
    return undefined;
  }

  private readWaiting(): void {
    const paths = this.waiting;
    this.waiting = [];
    if (this.signal.aborted || paths.length === 0) return;
    const { root, name } = this.repository;
    this.countGitUse('open files history');
    mark(`${name}: reading the history of ${paths.length} open file(s)`);
    const started = Date.now();
    ChangeRiskEngine.openForPaths({ folder: root, paths, signal: this.signal }).then(
      (engine) => {
        if (this.signal.aborted) return;
        for (const path of paths) this.engines.set(path, engine);
        mark(`${name}: history of ${paths.length} open file(s) read (${engine.load.commitsRead} commits, ${Date.now() - started} ms)`);
        this.onRead();
      },
      (error: unknown) => {
        // The full index still comes; the marks wait for it.
        if (!this.signal.aborted) log()?.warn(`${name}: reading the history of the open files: ${errorMessage(error)}`);
      },
    );
  }
}

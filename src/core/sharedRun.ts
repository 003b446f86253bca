/**
 * One piece of costly work shared by everyone who asks for it while it runs, cancelled only when all of them
 * have given up. The change risk's history pass and fit are asked for at once by the editor's background run
 * and the Draft command: one caller's cancellation must neither stop the work another still waits for nor
 * hand that other caller its `CancelledError`.
 *
 *   const run = new SharedRun((signal) => costly(signal));
 *   const a = run.join(signalA); // both wait for the same work
 *   const b = run.join(signalB); // aborting signalA rejects `a` only; aborting both stops `costly`
 *
 * An abandoned run (`abandoned`) is for its owner to forget: the next caller starts a new one.
 */
import { CancelledError } from './git/gitProcess';

export class SharedRun<T> {
  private readonly stop = new AbortController();
  private readonly work: Promise<T>;
  /** Callers with a signal still waiting. */
  private waiting = 0;
  /** A caller without a signal joined: it never gives up, so the work is never stopped. */
  private pinned = false;
  private settled = false;

  constructor(run: (signal: AbortSignal) => Promise<T>) {
    this.work = run(this.stop.signal);
    this.work.then(
      () => (this.settled = true),
      () => (this.settled = true),
    );
  }

  /** True once every caller gave up before it ended: its signal is aborted, its result will not come. */
  get abandoned(): boolean {
    return this.stop.signal.aborted;
  }

  /** The work's result for one caller; rejects with `CancelledError` as soon as `signal` is aborted. */
  join(signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(new CancelledError());
    if (this.settled) return this.work;
    if (!signal) {
      this.pinned = true;
      return this.work;
    }
    this.waiting++;
    return new Promise<T>((resolve, reject) => {
      const leave = () => {
        signal.removeEventListener('abort', onAbort);
        this.waiting--;
      };
      const onAbort = () => {
        leave();
        reject(new CancelledError());
        if (this.waiting === 0 && !this.pinned && !this.settled) this.stop.abort();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.work.then(
        (value) => (leave(), resolve(value)),
        (error: unknown) => (leave(), reject(error)),
      );
    });
  }
}

/**
 * The extension host's end of the change risk's worker thread (changeRiskWorker.ts): one worker, started
 * on the first run and ended after a while without runs (it holds a second copy of the history), or when
 * the extension ends. A run cancelled here is cancelled in the worker too.
 */
import { Worker } from 'node:worker_threads';
import type { ChangeRiskAssessment } from '../../core/changes/changeRisk';
import type { IndexRequest } from '../indexing/indexProtocol';
import type { ChangeRiskWorkerMessage, ChangeRiskWorkerRequest } from './changeRiskProtocol';

/** Ten minutes without a run: the worker's memory goes back to the system; the next run reopens from the disk caches. */
const IDLE_MS = 10 * 60_000;

export type AssessRequest = Omit<Extract<ChangeRiskWorkerRequest, { type: 'assess' }>, 'type' | 'id'>;

export class ChangeRiskCancelledError extends Error {
  constructor() {
    super('Change risk cancelled');
    this.name = 'CancelledError';
  }
}

interface Pending {
  resolve(assessment: ChangeRiskAssessment): void;
  reject(error: Error): void;
}

export class ChangeRiskWorkerClient {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(private readonly workerFile: string) {}

  assess(request: AssessRequest, signal: AbortSignal): Promise<ChangeRiskAssessment> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(new ChangeRiskCancelledError());
      const worker = this.started();
      const id = this.nextId++;
      const onAbort = () => {
        worker.postMessage({ type: 'cancel', id } satisfies ChangeRiskWorkerRequest);
        this.settle(id)?.reject(new ChangeRiskCancelledError());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const done = () => signal.removeEventListener('abort', onAbort);
      this.pending.set(id, { resolve: (value) => (done(), resolve(value)), reject: (error) => (done(), reject(error)) });
      worker.postMessage({ type: 'assess', id, ...request } satisfies ChangeRiskWorkerRequest);
    });
  }

  private started(): Worker {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    if (this.worker) return this.worker;
    const workerData: IndexRequest = { task: 'change-risk', folder: '', cacheDir: '' };
    const worker = new Worker(this.workerFile, { workerData });
    worker.on('message', (message: ChangeRiskWorkerMessage) => {
      const pending = this.settle(message.id);
      if (message.type === 'assessed') pending?.resolve(message.assessment);
      else pending?.reject(Object.assign(new Error(message.message), { name: message.name === 'AbortError' ? 'ChangeRiskWorkerAbort' : message.name }));
    });
    const gone = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      for (const id of [...this.pending.keys()]) this.settle(id)?.reject(error);
    };
    worker.on('error', gone);
    worker.on('exit', (code) => gone(new Error(`the change risk worker exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }

  /** Takes a run out of the pending ones; with none left, the worker ends after IDLE_MS. */
  private settle(id: number): Pending | undefined {
    const pending = this.pending.get(id);
    this.pending.delete(id);
    if (this.pending.size === 0 && this.worker && !this.idleTimer) this.idleTimer = setTimeout(() => this.stop(), IDLE_MS);
    return pending;
  }

  private stop(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
  }

  dispose(): void {
    this.stop();
    for (const id of [...this.pending.keys()]) this.settle(id)?.reject(new ChangeRiskCancelledError());
    if (this.idleTimer) clearTimeout(this.idleTimer);
  }
}

import { Worker } from 'node:worker_threads';
import type { IndexRequest, IndexWorkerMessage } from './indexProtocol';

export class IndexCancelledError extends Error {
  constructor() {
    super('Indexing cancelled');
    this.name = 'CancelledError';
  }
}

export class IndexWorkerError extends Error {
  constructor(readonly errorName: string, message: string) {
    super(message);
    this.name = 'IndexWorkerError';
  }
}

export type IndexDone = Extract<IndexWorkerMessage, { type: 'done' }>;

/** Runs the history read in a worker thread; aborting the signal terminates the worker. */
export function runIndexWorker(
  workerFile: string,
  request: IndexRequest,
  options: { signal?: AbortSignal; onProgress?: (message: string, done: number, total?: number) => void } = {},
): Promise<IndexDone> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(new IndexCancelledError());
    const worker = new Worker(workerFile, { workerData: request });
    let settled = false;
    const finish = (action: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      action();
      void worker.terminate();
    };
    const onAbort = () => finish(() => reject(new IndexCancelledError()));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: IndexWorkerMessage) => {
      if (message.type === 'progress') options.onProgress?.(message.message, message.done, message.total);
      else if (message.type === 'done') finish(() => resolve(message));
      else finish(() => reject(new IndexWorkerError(message.name, message.message)));
    });
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) => finish(() => reject(new Error(`the index worker exited with code ${code}`))));
  });
}

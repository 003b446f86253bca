import { Worker } from 'node:worker_threads';
import type { BacktestReport } from '../../core/backtest/backtest';
import type { LoadedAreaFailureRates } from '../../core/changes/loadAreaFailureRates';
import type { BacktestIndex, IndexRequest, IndexWorkerMessage } from './indexProtocol';

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

interface WorkerOptions {
  signal?: AbortSignal;
  onProgress?: (message: string, done: number, total?: number) => void;
}

/** Runs the history read in a worker thread; aborting the signal terminates the worker. */
export function runIndexWorker(workerFile: string, request: IndexRequest, options: WorkerOptions = {}): Promise<IndexDone> {
  return runWorker(workerFile, { ...request, task: 'index' }, options, (message) => (message.type === 'done' ? message : undefined));
}

/** Runs `runBacktest` on the folder's engine in a worker thread, its index read from `cacheDir`; aborting terminates it. */
export function runBacktestWorker(workerFile: string, folder: string, cacheDir: string, options: WorkerOptions = {}): Promise<{ report: BacktestReport; index: BacktestIndex }> {
  return runWorker(workerFile, { task: 'backtest', folder, cacheDir }, options, (message) => (message.type === 'backtest-done' ? { report: message.report, index: message.index } : undefined));
}

/** Computes the failure rate by area of the folder in a worker thread (its history pass and features take seconds); aborting terminates it. */
export function runAreaRatesWorker(workerFile: string, folder: string, cacheDir: string, options: WorkerOptions = {}): Promise<LoadedAreaFailureRates> {
  return runWorker(workerFile, { task: 'area-rates', folder, cacheDir }, options, (message) => (message.type === 'area-rates-done' ? message.rates : undefined));
}

function runWorker<T>(workerFile: string, request: IndexRequest, options: WorkerOptions, result: (message: IndexWorkerMessage) => T | undefined): Promise<T> {
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
      if (message.type === 'progress') return options.onProgress?.(message.message, message.done, message.total);
      if (message.type === 'error') return finish(() => reject(new IndexWorkerError(message.name, message.message)));
      const value = result(message);
      if (value !== undefined) finish(() => resolve(value));
    });
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) => finish(() => reject(new Error(`the worker exited with code ${code}`))));
  });
}

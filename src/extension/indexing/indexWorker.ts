/**
 * Worker thread entry (bundled to dist/indexWorker.js): reads the git history into the on-disk index
 * cache, off the extension host's main thread. The main thread then opens the engine from that cache.
 * The same entry runs the accuracy backtest (`task: 'backtest'`) on the index the cache holds (the one
 * the open engine was read from), replaying it cutoff by cutoff: ranking and counting lines at each
 * cutoff would stall the extension host's event loop; and, staying, the change risk of the working
 * change (`task: 'change-risk'`), and the analysis view's failure rate by area (`task: 'area-rates'`),
 * whose history pass and features block an event loop for seconds on a big history.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runBacktest } from '../../core/backtest/backtest';
import { loadAreaFailureRates } from '../../core/changes/loadAreaFailureRates';
import { ChangeRiskEngine } from '../../core/engine';
import { openRepository } from '../../core/git/repository';
import { cacheWritesSettled, loadHistory, type IndexProgress } from '../../core/history/historyLoader';
import { serveChangeRisk } from '../changeRisk/changeRiskWorker';
import type { IndexRequest, IndexWorkerMessage } from './indexProtocol';

async function main(): Promise<void> {
  const request = workerData as IndexRequest;
  const post = (message: IndexWorkerMessage) => parentPort?.postMessage(message);
  if (request.task === 'change-risk') {
    if (parentPort) serveChangeRisk(parentPort);
    return;
  }
  try {
    if (request.task === 'backtest') {
      const onProgress = (progress: IndexProgress) => post({ type: 'progress', ...progress });
      const opened = Date.now();
      const engine = await ChangeRiskEngine.open({ folder: request.folder, cacheDir: request.cacheDir, onProgress });
      const index = { source: engine.load.source, commitsRead: engine.load.commitsRead, ms: Date.now() - opened };
      const report = await runBacktest({ engine, onProgress });
      post({ type: 'backtest-done', report, index });
      return;
    }
    if (request.task === 'area-rates') {
      // The engine from the index the extension host just read (a cache hit); terminating the worker cancels.
      const engine = await ChangeRiskEngine.open({ folder: request.folder, cacheDir: request.cacheDir });
      post({ type: 'area-rates-done', rates: await loadAreaFailureRates(engine, { cacheDir: request.cacheDir }) });
      return;
    }
    const t0 = Date.now();
    if (request.testDelayMs) {
      post({ type: 'progress', message: 'test delay', done: 0 });
      await new Promise((resolve) => setTimeout(resolve, request.testDelayMs));
    }
    const repository = await openRepository(request.folder);
    const loaded = await loadHistory({
      repository,
      cacheDir: request.cacheDir,
      // In the background: the editor's open files are read and blamed first (provisional marks).
      background: true,
      onProgress: (progress) => post({ type: 'progress', ...progress }),
    });
    const { source, commitsRead, rebuildReason } = loaded;
    // The main thread opens the engine from the cache, and ends this worker when told it is done.
    await cacheWritesSettled();
    post({ type: 'done', source, commitsRead, rebuildReason, head: repository.head ?? null, ms: Date.now() - t0 });
  } catch (error) {
    post({ type: 'error', name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error) });
  }
}

void main();

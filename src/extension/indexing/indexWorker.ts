/**
 * Worker thread entry (bundled to dist/indexWorker.js): reads the git history into the on-disk index
 * cache, off the extension host's main thread. The main thread then opens the engine from that cache.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openRepository } from '../../core/git/repository';
import { loadHistory } from '../../core/history/historyLoader';
import type { IndexRequest, IndexWorkerMessage } from './indexProtocol';

async function main(): Promise<void> {
  const request = workerData as IndexRequest;
  const post = (message: IndexWorkerMessage) => parentPort?.postMessage(message);
  try {
    const repository = await openRepository(request.folder);
    const t0 = Date.now();
    const loaded = await loadHistory({
      repository,
      cacheDir: request.cacheDir,
      onProgress: (progress) => post({ type: 'progress', ...progress }),
    });
    post({ type: 'done', source: loaded.source, commitsRead: loaded.commitsRead, head: repository.head ?? null, ms: Date.now() - t0 });
  } catch (error) {
    post({ type: 'error', name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error) });
  }
}

void main();

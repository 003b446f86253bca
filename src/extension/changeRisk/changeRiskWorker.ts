/**
 * The change risk's side of the worker thread (dist/indexWorker.js, `task: 'change-risk'`): fitting the
 * change model blocks an event loop for seconds on a big history (solidus, 30,000 commits: 6 s at a time
 * on the first run, 4 s after a reload with the history pass cached), so it runs here, off the extension
 * host's thread. Unlike indexing, the worker stays: it keeps its engine and the core keeps the model
 * fitted on it, so the run after a save takes milliseconds.
 */
import type { MessagePort } from 'node:worker_threads';
import { assessChangeRisk } from '../../core/changes/changeRisk';
import { ChangeRiskEngine } from '../../core/engine';
import type { ChangeRiskWorkerMessage, ChangeRiskWorkerRequest } from './changeRiskProtocol';

type Assess = Extract<ChangeRiskWorkerRequest, { type: 'assess' }>;

export function serveChangeRisk(port: MessagePort): void {
  /** By folder: the engine opened for the extension host's engine `key`. */
  const engines = new Map<string, { key: string; engine: Promise<ChangeRiskEngine> }>();
  const running = new Map<number, AbortController>();
  const post = (message: ChangeRiskWorkerMessage) => port.postMessage(message);

  const engineFor = (request: Assess): Promise<ChangeRiskEngine> => {
    const kept = engines.get(request.folder);
    if (kept?.key === request.engineKey) return kept.engine;
    // Not tied to one request's signal: the next request uses the same engine.
    const engine = ChangeRiskEngine.open({ folder: request.folder, cacheDir: request.cacheDir });
    const entry = { key: request.engineKey, engine };
    engines.set(request.folder, entry);
    engine.catch(() => engines.get(request.folder) === entry && engines.delete(request.folder));
    return engine;
  };

  const assess = async (request: Assess) => {
    const abort = new AbortController();
    running.set(request.id, abort);
    try {
      const engine = await engineFor(request);
      const assessment = await assessChangeRisk(engine, request.change, { cacheDir: request.cacheDir, signal: abort.signal, lineWarnings: request.lineWarnings });
      post({ type: 'assessed', id: request.id, assessment });
    } catch (error) {
      post({ type: 'failed', id: request.id, name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error) });
    } finally {
      running.delete(request.id);
    }
  };

  port.on('message', (request: ChangeRiskWorkerRequest) => {
    if (request.type === 'cancel') running.get(request.id)?.abort();
    else void assess(request);
  });
}

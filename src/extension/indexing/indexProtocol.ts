/** Messages between the extension host and the index worker. No vscode here: the worker cannot load it. */
import type { BacktestReport } from '../../core/backtest/backtest';
import type { HistorySource } from '../../core/history/historyLoader';
import type { LoadedAreaFailureRates } from '../../core/changes/loadAreaFailureRates';

export interface IndexRequest {
  /**
   * Default 'index': read the history into the cache. 'backtest': run `runBacktest` on the folder's
   * engine, opened from the cache (its index replayed, not git read again).
   * 'change-risk': stay, and assess changes sent as messages (changeRisk/changeRiskWorker.ts).
   * 'area-rates': the failure rate by area of the analysis view (`loadAreaFailureRates`), from the index cache.
   */
  task?: 'index' | 'backtest' | 'change-risk' | 'area-rates';
  folder: string;
  cacheDir: string;
  /**
   * Test-only: wait this long (ms) before reading, so the integration tests can see and cancel a slow
   * index deterministically. Set only through the test-state command; 0 or absent in normal use.
   */
  testDelayMs?: number;
}

/** How a backtest's engine got its history index: from the cache (or extended, or read in full when there was none), and how long that took. */
export interface BacktestIndex {
  source: HistorySource;
  commitsRead: number;
  ms: number;
}

export type IndexWorkerMessage =
  | { type: 'progress'; message: string; done: number; total?: number }
  | { type: 'done'; source: string; commitsRead: number; head: string | null; ms: number; rebuildReason?: string }
  | { type: 'backtest-done'; report: BacktestReport; index: BacktestIndex }
  | { type: 'area-rates-done'; rates: LoadedAreaFailureRates }
  | { type: 'error'; name: string; message: string };

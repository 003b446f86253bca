/** Messages between the extension host and the index worker. No vscode here: the worker cannot load it. */
export interface IndexRequest {
  folder: string;
  cacheDir: string;
}

export type IndexWorkerMessage =
  | { type: 'progress'; message: string; done: number; total?: number }
  | { type: 'done'; source: string; commitsRead: number; head: string | null; ms: number }
  | { type: 'error'; name: string; message: string };

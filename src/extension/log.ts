/** The "Change Risk" output channel and the one way handlers report errors: nothing escapes to the extension host. */
import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

export function createLog(): vscode.LogOutputChannel {
  channel = vscode.window.createOutputChannel('Change Risk', { log: true });
  return channel;
}

export function log(): vscode.LogOutputChannel | undefined {
  return channel;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function isCancellation(error: unknown): boolean {
  return error instanceof Error && (error.name === 'CancelledError' || error.name === 'AbortError' || error instanceof vscode.CancellationError);
}

/** Logs an error; with `notify`, also a non-modal message the user can open the log from. */
export function reportError(where: string, error: unknown, notify = false): void {
  if (isCancellation(error)) return;
  channel?.error(`${where}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  if (notify) {
    const showLog = vscode.l10n.t('Show Log');
    void vscode.window.showErrorMessage(`Change Risk: ${where}: ${errorMessage(error)}`, showLog).then(
      (choice) => choice === showLog && channel?.show(true),
      () => undefined,
    );
  }
}

/** Wraps a handler so that it never throws or rejects into VS Code. */
export function guarded<A extends unknown[], R>(where: string, handler: (...args: A) => R | Promise<R>, notify = true): (...args: A) => Promise<R | undefined> {
  return async (...args: A) => {
    try {
      return await handler(...args);
    } catch (error) {
      reportError(where, error, notify);
      return undefined;
    }
  };
}

/** Same as `guarded`, for synchronous callbacks (event listeners, providers). */
export function guardedSync<A extends unknown[], R>(where: string, handler: (...args: A) => R): (...args: A) => R | undefined {
  return (...args: A) => {
    try {
      return handler(...args);
    } catch (error) {
      reportError(where, error);
      return undefined;
    }
  };
}

/**
 * How indexing shows its progress: in the status bar (a Window progress) while it is short, and, once
 * it has taken more than a moment, also as a notification with a Cancel button that mirrors the same
 * messages. A short re-index after a commit never pops a notification up.
 */
import * as vscode from 'vscode';

/** How long indexing runs before the cancellable notification appears. */
export const NOTIFY_AFTER_MS = 1500;

/** What the user sees of one indexing run (for the test-state command). */
export interface IndexProgressView {
  /** Whether the cancellable notification is showing. */
  notification: boolean;
  /** The last progress message. */
  message?: string;
}

export interface IndexProgressOptions {
  title: string;
  notifyAfterMs: number;
  /** Called when the user presses Cancel on the notification. */
  onCancel(): void;
  /** Called whenever what the user sees changes (undefined: the run is over). */
  onView?(view: IndexProgressView | undefined): void;
}

/** Runs `task` under a Window progress, escalated to a cancellable Notification after `notifyAfterMs`. */
export async function withIndexProgress<T>(options: IndexProgressOptions, task: (report: (message: string) => void) => Promise<T>): Promise<T> {
  const view: IndexProgressView = { notification: false };
  let notify: ((message: string) => void) | undefined;
  let finished = false;
  let closeNotification = () => {};
  const notificationClosed = new Promise<void>((resolve) => (closeNotification = resolve));
  const timer = setTimeout(() => {
    if (finished) return;
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: options.title, cancellable: true }, (progress, token) => {
      token.onCancellationRequested(() => options.onCancel());
      notify = (message) => progress.report({ message });
      if (view.message) notify(view.message);
      view.notification = true;
      options.onView?.({ ...view });
      return notificationClosed;
    });
  }, options.notifyAfterMs);
  try {
    return await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: options.title }, (progress) =>
      task((message) => {
        view.message = message;
        progress.report({ message });
        notify?.(message);
        options.onView?.({ ...view });
      }),
    );
  } finally {
    finished = true;
    clearTimeout(timer);
    closeNotification();
    options.onView?.(undefined);
  }
}

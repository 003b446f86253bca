/**
 * When things happened since activation (repository ready, marks provisional/partial/done, the host
 * thread held up), for the first-marks timing probe (issue #14) and the log at debug level. Costs an
 * array push per event; the stall watch runs only when VS Code runs extension tests.
 */
import { log } from './log';

export interface TimelineEvent {
  /** Milliseconds since activation. */
  ms: number;
  what: string;
}

/** The first events are the ones that explain a slow start; later ones are only logged. */
const EVENTS_KEPT = 300;
/** A timer that fires this much later than asked means the extension host's thread was busy. */
const STALL_REPORTED_MS = 150;
const STALL_TICK_MS = 50;

let origin = Date.now();
const events: TimelineEvent[] = [];

/** Starts the clock (activation). */
export function startTimeline(at: number): void {
  origin = at;
  events.length = 0;
}

/** Records that `what` happened now. */
export function mark(what: string): void {
  const ms = Date.now() - origin;
  if (events.length < EVENTS_KEPT) events.push({ ms, what });
  log()?.debug(`[${ms} ms] ${what}`);
}

export function timelineEvents(): TimelineEvent[] {
  return [...events];
}

/** Runs `task`, recording how long its synchronous part held the thread when that is long. */
export function timedSync<T>(what: string, task: () => T): T {
  const started = Date.now();
  try {
    return task();
  } finally {
    const ms = Date.now() - started;
    if (ms >= STALL_REPORTED_MS / 3) mark(`${what} took ${ms} ms on the host thread`);
  }
}

/**
 * Records each time the host's event loop was held up (a timer firing late): whatever ran then kept
 * the extension host from answering (showTextDocument, hovers, other extensions).
 */
export function watchStalls(): { dispose(): void } {
  let expected = Date.now() + STALL_TICK_MS;
  const timer = setInterval(() => {
    const late = Date.now() - expected;
    if (late >= STALL_REPORTED_MS) mark(`host thread held up ${late} ms`);
    expected = Date.now() + STALL_TICK_MS;
  }, STALL_TICK_MS);
  timer.unref?.();
  return { dispose: () => clearInterval(timer) };
}

/**
 * A CPU profile of the extension host's thread from activation until `stopHostProfile` (the probe
 * stops it once the marks are in), when CHANGE_RISK_HOST_PROFILE names a folder: open the
 * `.cpuprofile` in Chrome DevTools or VS Code. Test runs only.
 */
let profiler: import('node:inspector').Session | undefined;

export function startHostProfile(): void {
  if (!process.env.CHANGE_RISK_HOST_PROFILE || profiler) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const inspector = require('node:inspector') as typeof import('node:inspector');
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable', () => session.post('Profiler.setSamplingInterval', { interval: 500 }, () => session.post('Profiler.start')));
  profiler = session;
}

/** Writes the profile started by `startHostProfile`; its path, or undefined when none runs. */
export function stopHostProfile(): Promise<string | undefined> {
  const session = profiler;
  const folder = process.env.CHANGE_RISK_HOST_PROFILE;
  if (!session || !folder) return Promise.resolve(undefined);
  profiler = undefined;
  return new Promise((resolve) =>
    session.post('Profiler.stop', (error, result) => {
      session.disconnect();
      if (error) return resolve(undefined);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const fs = require('node:fs') as typeof import('node:fs');
      const file = `${folder}/extension-host-${Date.now()}.cpuprofile`;
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(file, JSON.stringify(result.profile));
      resolve(file);
    }),
  );
}

import * as assert from 'node:assert/strict';
import { CancelledError } from '../../../src/core/git/gitProcess';
import { SharedRun } from '../../../src/core/sharedRun';

/** Work that ends when told to, and says whether it was stopped. */
function controllable() {
  let finish!: (value: string) => void;
  const seen: { signal?: AbortSignal } = {};
  const run = new SharedRun<string>((signal) => {
    seen.signal = signal;
    return new Promise((resolve, reject) => {
      finish = resolve;
      signal.addEventListener('abort', () => reject(new CancelledError()), { once: true });
    });
  });
  return { run, finish: (value: string) => finish(value), stopped: () => seen.signal!.aborted };
}

describe('SharedRun: one piece of work for every caller waiting for it', () => {
  it('gives every caller the same result of one run', async () => {
    const { run, finish } = controllable();
    const a = run.join(new AbortController().signal);
    const b = run.join();
    finish('done');
    assert.deepEqual(await Promise.all([a, b]), ['done', 'done']);
  });

  it('rejects a caller that gives up, and still gives the result to one that waits', async () => {
    const { run, finish, stopped } = controllable();
    const first = new AbortController();
    const a = run.join(first.signal);
    const b = run.join(new AbortController().signal);
    first.abort();
    await assert.rejects(a, CancelledError);
    assert.equal(stopped(), false, 'the work goes on for the second caller');
    finish('done');
    assert.equal(await b, 'done');
    assert.equal(run.abandoned, false);
  });

  it('stops the work when every caller gave up, and never while one without a signal waits', async () => {
    const { run, stopped } = controllable();
    const a = new AbortController();
    const b = new AbortController();
    const joined = [run.join(a.signal), run.join(b.signal)];
    a.abort();
    assert.equal(stopped(), false);
    b.abort();
    await Promise.all(joined.map((promise) => assert.rejects(promise, CancelledError)));
    assert.equal(stopped(), true);
    assert.equal(run.abandoned, true);

    const pinned = controllable();
    const c = new AbortController();
    const withSignal = pinned.run.join(c.signal);
    const withoutSignal = pinned.run.join();
    c.abort();
    await assert.rejects(withSignal, CancelledError);
    assert.equal(pinned.stopped(), false);
    pinned.finish('done');
    assert.equal(await withoutSignal, 'done');
  });

  it('refuses a caller whose signal is already aborted, without starting to wait', async () => {
    const { run, finish, stopped } = controllable();
    const aborted = new AbortController();
    aborted.abort();
    await assert.rejects(run.join(aborted.signal), CancelledError);
    assert.equal(stopped(), false, 'nobody joined, nobody gave up');
    finish('done');
    assert.equal(await run.join(), 'done');
  });
});

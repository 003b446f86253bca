import * as assert from 'node:assert/strict';
import { readChange } from '../../../src/core/change/change';
import { assessChangeRisk, changeRiskFitCount } from '../../../src/core/changes/changeRisk';
import { ChangeRiskEngine } from '../../../src/core/engine';
import { CancelledError } from '../../../src/core/git/gitProcess';
import { LESSON_NOW, useLessonRepo } from '../../helpers/lessonRepo';
import { lines } from '../../helpers/testRepo';

describe('the change risk asked for twice at once (the Draft command during the background run)', function () {
  this.timeout(120_000);
  const lesson = useLessonRepo(24);
  before(() => lesson.repo.write('app/models/new_model.rb', lines(30, 'new model')));

  /** A new engine each time: a history of its own, so nothing fitted before is reused. */
  async function fresh() {
    const engine = await ChangeRiskEngine.open({ folder: lesson.repo.root, now: LESSON_NOW, cacheDir: lesson.cacheDir });
    return { engine, change: await readChange(lesson.repo.root, { base: 'main' }) };
  }

  it('fits the model once for two concurrent calls, and both get the same score', async () => {
    const { engine, change } = await fresh();
    const before = changeRiskFitCount();
    const [a, b] = await Promise.all([
      assessChangeRisk(engine, change, { cacheDir: lesson.cacheDir, signal: new AbortController().signal }),
      assessChangeRisk(engine, change, { cacheDir: lesson.cacheDir }),
    ]);
    assert.equal(changeRiskFitCount() - before, 1);
    assert.equal(a.status, 'scored');
    assert.deepEqual(a, b);
  });

  // Without a cache folder the history pass runs git while the first caller gives up.
  it('a first caller cancelled while the second waits does not cancel the second, nor fit twice', async () => {
    const { engine, change } = await fresh();
    const before = changeRiskFitCount();
    const first = new AbortController();
    const cancelled = assessChangeRisk(engine, change, { signal: first.signal });
    const waiting = assessChangeRisk(engine, change, { signal: new AbortController().signal });
    first.abort();
    await assert.rejects(cancelled, CancelledError);
    assert.equal((await waiting).status, 'scored');
    assert.equal(changeRiskFitCount() - before, 1);
  });

  it('a call alone, cancelled, leaves nothing behind: the next call computes afresh', async () => {
    const { engine, change } = await fresh();
    const first = new AbortController();
    const cancelled = assessChangeRisk(engine, change, { signal: first.signal });
    first.abort();
    await assert.rejects(cancelled, CancelledError);
    const next = await assessChangeRisk(engine, change, { signal: new AbortController().signal });
    assert.equal(next.status, 'scored');
  });
});

/**
 * Line marks stream in while git blame runs: what a long file's partial marks show is part of the final
 * marks, never something else. Real repository, no mocked git.
 */
import * as assert from 'node:assert/strict';
import { ChangeRiskEngine } from '../../../src/core/engine';
import { TestRepo } from '../../helpers/testRepo';

const NOW = new Date('2026-06-01T00:00:00Z');

describe('line marks while blame streams', () => {
  let repo: TestRepo;
  after(() => repo.dispose());

  it('hands over partial marks that are a part of the final ones, then all 60', async () => {
    repo = TestRepo.create();
    const text = (fixed: boolean) => Array.from({ length: 120 }, (_, i) => (fixed && i % 2 === 0 ? `fixed ${i}` : `line ${i}`)).join('\n') + '\n';
    repo.commit({ message: 'Add ledger', date: '2025-01-10T10:00:00Z', files: { 'app/ledger.rb': text(false) } });
    repo.commit({ message: 'Fix every other line', date: '2025-02-10T10:00:00Z', files: { 'app/ledger.rb': text(true) } });
    const engine = await ChangeRiskEngine.open({ folder: repo.root, now: NOW });
    const partials: string[][] = [];
    const marks = await engine.lineMarks('app/ledger.rb', { onPartial: (partial) => partials.push(partial.map((mark) => `${mark.start}-${mark.end}`)) });
    const final = marks.map((mark) => `${mark.start}-${mark.end}`);
    assert.deepEqual(final, Array.from({ length: 60 }, (_, i) => `${2 * i + 1}-${2 * i + 1}`));
    assert.ok(partials.length >= 1, 'at least one partial hand-over for 60 marked blocks');
    for (const partial of partials) {
      assert.ok(partial.length >= 50 && partial.length < 60, `a partial of ${partial.length}`);
      for (const range of partial) assert.ok(final.includes(range), `${range} is in the final marks`);
    }
  });
});

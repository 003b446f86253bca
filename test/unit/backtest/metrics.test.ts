import * as assert from 'node:assert/strict';
import { expectedHitsAtTop, expectedHitsWithinLines, groupsByValue, randomMetrics, rankingMetrics, topCount } from '../../../src/core/backtest/metrics';

const file = (lines: number, positive: boolean) => ({ lines, positive });

describe('backtest metrics', () => {
  it('counts the top share as at least one file, rounding up', () => {
    assert.equal(topCount(0, 0.1), 0);
    assert.equal(topCount(5, 0.1), 1);
    assert.equal(topCount(20, 0.1), 2);
    assert.equal(topCount(21, 0.1), 3);
  });

  it('counts a tie group cut by the top in proportion, as random tie-breaking would in expectation', () => {
    const groups = [[file(10, true)], [file(10, true), file(10, false), file(10, false), file(10, true)], [file(10, true)]];
    assert.equal(expectedHitsAtTop(groups, 1), 1);
    assert.equal(expectedHitsAtTop(groups, 3), 1 + 2 * (2 / 4));
    assert.equal(expectedHitsAtTop(groups, 10), 4);
  });

  it('reads files in rank order until the line budget is spent, the crossing group counted in proportion', () => {
    const groups = [[file(10, true)], [file(30, false)], [file(20, true), file(20, false)]];
    assert.equal(expectedHitsWithinLines(groups, 10), 1);
    assert.equal(expectedHitsWithinLines(groups, 30), 1);
    assert.equal(expectedHitsWithinLines(groups, 60), 1 + 20 / 40);
    assert.equal(expectedHitsWithinLines(groups, 1000), 2);
  });

  it('groups equal values as ties and measures recall, precision and effort-aware recall', () => {
    const files = [
      { v: 3, ...file(10, true) },
      { v: 1, ...file(10, false) },
      { v: 1, ...file(10, true) },
      { v: 0, ...file(70, true) },
    ];
    const groups = groupsByValue(files, (f) => f.v, (f) => file(f.lines, f.positive));
    assert.deepEqual(groups.map((g) => g.length), [1, 2, 1]);
    const metrics = rankingMetrics(groups, { population: 4, truth: 3, top: 2, totalLines: 100, effortShare: 0.2 });
    assert.deepEqual(metrics, { recall: 1.5 / 3, precision: 1.5 / 2, effortRecall: 1.5 / 3 });
    assert.deepEqual(rankingMetrics(groups, { population: 4, truth: 0, top: 2, totalLines: 100, effortShare: 0.2 }).recall, null);
  });

  it('gives the random ranking analytically', () => {
    assert.deepEqual(randomMetrics({ population: 40, truth: 8, top: 4, totalLines: 1000, effortShare: 0.2 }), { recall: 0.1, precision: 0.2, effortRecall: 0.2 });
    assert.deepEqual(randomMetrics({ population: 40, truth: 0, top: 4, totalLines: 1000, effortShare: 0.2 }), { recall: null, precision: 0, effortRecall: null });
  });
});

import * as assert from 'node:assert/strict';
import { decorationPlan, markCategory, marksAt } from '../../../src/extension/decorations/decorationPlan';
import { commit, incident, mark } from './fixtures';

const severe = incident({ id: 'INC-1', title: 'Totals', date: '2024-03-14', kind: 'regression', severity: 'high' });
const medium = incident({ id: 'INC-2', title: 'PDF', date: '2024-04-01', kind: 'incident', severity: 'medium' });
const nearMiss = incident({ id: 'INC-3', title: 'Lock', date: '2024-05-01', kind: 'near-miss', severity: 'critical' });

describe('decoration plan', () => {
  it('colours a mark by its worst incident; commits only make a fix', () => {
    assert.equal(markCategory(mark(1, 1, { incidents: [nearMiss, severe] })), 'severe');
    assert.equal(markCategory(mark(1, 1, { incidents: [medium] })), 'incident');
    assert.equal(markCategory(mark(1, 1, { incidents: [nearMiss] })), 'minor', 'a critical near-miss still did no harm');
    assert.equal(markCategory(mark(1, 1, { commits: [commit()] })), 'fix');
  });

  it('gives each line the worst category covering it and merges runs', () => {
    const plan = decorationPlan(
      [mark(40, 58, { source: 'ledger', incidents: [medium] }), mark(45, 46, { incidents: [severe] }), mark(60, 61, { commits: [commit()] }), mark(62, 62, { commits: [commit()] })],
      { enabled: true, lineCount: 100 },
    );
    assert.deepEqual(plan, {
      severe: [{ start: 45, end: 46 }],
      incident: [{ start: 40, end: 44 }, { start: 47, end: 58 }],
      minor: [],
      fix: [{ start: 60, end: 62 }],
    });
  });

  it('drops lines past the end of the document and is empty when disabled', () => {
    const marks = [mark(8, 12, { incidents: [medium] })];
    assert.deepEqual(decorationPlan(marks, { enabled: true, lineCount: 10 }).incident, [{ start: 8, end: 10 }]);
    assert.deepEqual(decorationPlan(marks, { enabled: false, lineCount: 10 }), { severe: [], incident: [], minor: [], fix: [] });
  });

  it('finds the marks of a line', () => {
    const marks = [mark(1, 3), mark(3, 5), mark(7, 7)];
    assert.deepEqual(marksAt(marks, 3).map((m) => m.start), [1, 3]);
    assert.deepEqual(marksAt(marks, 6), []);
  });
});

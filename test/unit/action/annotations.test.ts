import * as assert from 'node:assert/strict';
import type { CheckFinding } from '../../../src/core/quality/check';
import { planAnnotations } from '../../../src/action/annotations';

const finding = (severity: CheckFinding['severity'], i: number): CheckFinding => ({ severity, requirement: 'testChanges', message: `${severity} ${i}`, file: `app/f${i}.rb`, line: 1 });

describe('annotations within GitHub’s caps', () => {
  // 30 findings, warnings and errors interleaved: GitHub would show the first 10 of each it reads, and drop the rest.
  const findings = Array.from({ length: 30 }, (_, i) => finding(i % 2 === 0 ? 'warning' : 'error', i));

  it('annotates at most 10 errors and 10 warnings, errors first, and counts the rest', () => {
    const plan = planAnnotations(findings);
    assert.equal(plan.shown.length, 20);
    assert.deepEqual(plan.shown.map((f) => f.severity), [...Array<string>(10).fill('error'), ...Array<string>(10).fill('warning')]);
    assert.deepEqual(plan.shown.slice(0, 3).map((f) => f.message), ['error 1', 'error 3', 'error 5'], 'each severity keeps the check’s order');
    assert.deepEqual(plan.hidden, { error: 5, warning: 5 });
  });

  it('leaves room for the step’s own warnings (a shallow clone, a comment not posted)', () => {
    const plan = planAnnotations(findings, { warning: 2 });
    assert.equal(plan.shown.filter((f) => f.severity === 'warning').length, 8);
    assert.deepEqual(plan.hidden, { error: 5, warning: 7 });
    assert.deepEqual(planAnnotations(findings.slice(0, 4), { warning: 12 }).hidden, { error: 0, warning: 2 });
  });

  it('shows every finding when there are few', () => {
    assert.deepEqual(planAnnotations(findings.slice(0, 5)).hidden, { error: 0, warning: 0 });
    assert.deepEqual(planAnnotations([]), { shown: [], hidden: { error: 0, warning: 0 } });
  });
});

import * as assert from 'node:assert/strict';
import type { CheckFinding, CheckResult } from '../../../src/core/quality/check';
import { commentMarkdown, COMMENT_MAX_CHARS, summaryMarkdown } from '../../../src/action/report';

/** The part of a check result the report reads; the rest of the analysis is the engine's (tested with it). */
function result(findings: CheckFinding[]): CheckResult {
  return {
    findings,
    passed: !findings.some((f) => f.severity === 'error'),
    analysis: { change: { files: [{ path: 'a.rb' }] }, bar: { defaults: false, project: { deployable: true } } },
  } as unknown as CheckResult;
}

const errors = (count: number): CheckFinding[] =>
  Array.from({ length: count }, (_, i) => ({ severity: 'error', requirement: 'testChanges', message: `no test change for app/f${i}.rb`, file: `app/f${i}.rb`, line: 3 }));

describe('the action’s report', () => {
  it('keeps a comment under GitHub’s 65,536 characters: the statement goes first, then findings', () => {
    const statement = `<!-- change-risk:impact-draft -->\n### Impact statement (draft)\n\n${'- a line of the statement\n'.repeat(4000)}`;
    const report = { result: result(errors(3)), lang: 'en' as const, statement };
    const comment = commentMarkdown(report, '<!-- marker -->');
    assert.ok(comment.length <= COMMENT_MAX_CHARS);
    assert.match(comment, /^<!-- marker -->\n### ❌ Change Risk: 3 unmet requirements, 0 warnings\n/);
    assert.equal(comment.split('\n').filter((line) => line.startsWith('- ❌ ')).length, 3);
    assert.match(comment, /^_The impact statement is too long for this comment; run `change-risk impact` to draft it\._$/m);
    assert.doesNotMatch(comment, /a line of the statement/);

    const many = commentMarkdown({ ...report, result: result(errors(5000)) }, '<!-- marker -->');
    assert.ok(many.length <= COMMENT_MAX_CHARS);
    assert.match(many, /^- …and \d+ more$/m, 'the findings that do not fit are counted');
  });

  it('shows the change risk above the folded statement of a comment', () => {
    const scored = result(errors(1));
    Object.assign(scored.analysis, {
      changeRisk: {
        status: 'scored',
        score: { probability: 0.31, baseRate: 0.07, contributions: [{ feature: 'linesAdded', value: 310, contribution: 1.2 }] },
        windowDays: 60,
        trainedOn: { changes: 900, positives: 80 },
        ratedFiles: 1,
      },
    });
    const comment = commentMarkdown({ result: scored, lang: 'en', statement: '### Impact statement (draft)\n' }, '<!-- marker -->');
    assert.match(
      comment,
      /^<!-- marker -->\n### ❌ Change Risk: 1 unmet requirement, 0 warnings\n\n\*\*Change risk 31 %\*\* — Changes like this one .* mostly because it adds 310 lines\.  \n_Learned from 900 past changes of this repository, 80 of which/,
    );
    assert.ok(comment.indexOf('**Change risk 31 %**') < comment.indexOf('<details>'));
  });

  it('keeps the summary within its byte budget, and says which findings were not annotated', () => {
    const report = { result: result(errors(40)), lang: 'en' as const, statement: '### Impact statement (draft)\n' };
    const full = summaryMarkdown(report, { error: 30, warning: 0 }, 1024 * 1024);
    assert.match(full, /^## ❌ Change Risk: 40 unmet requirements, 0 warnings$/m);
    assert.match(full, /^> 30 more errors not shown as annotations \(GitHub shows at most 10 per step\): every finding is listed here\.$/m);
    assert.match(full, /^---\n\n### Impact statement \(draft\)$/m);
    const small = summaryMarkdown(report, { error: 30, warning: 0 }, 1500);
    assert.ok(Buffer.byteLength(small) <= 1500, `${Buffer.byteLength(small)} bytes`);
    assert.match(small, /^- …and \d+ more$/m);
  });

  it('speaks Japanese with lang ja', () => {
    const report = { result: result(errors(12)), lang: 'ja' as const, statement: '' };
    assert.match(summaryMarkdown(report, { error: 2, warning: 0 }, 1024 * 1024), /^> 注釈として表示していないエラーがあと 2 件あります/m);
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ChangeRiskAssessment } from '../../../src/core/changes/changeRisk';
import { changeRiskAccessibleName, changeRiskStatusText, changeRiskStatusTooltip, type ChangeRiskState } from '../../../src/extension/changeRisk/changeRiskText';
import { configureL10n } from '../../../src/extension/l10n';
import { changeRiskNode, qualityBarNodes } from '../../../src/extension/views/qualityBarModel';

const ROOT = path.resolve(__dirname, '../../..');

/** A change the model scored at 23 % against an average of 11 %, pushed up by its size, spread and a recent fix. */
const SCORED: ChangeRiskAssessment = {
  status: 'scored',
  score: {
    probability: 0.234,
    baseRate: 0.112,
    contributions: [
      { feature: 'linesAdded', value: 120, contribution: 0.9 },
      { feature: 'la', value: 0.4, contribution: 0.5 },
      { feature: 'nf', value: 6, contribution: 0.3 },
      { feature: 'recentFixLines', value: 4, contribution: 0.2 },
      { feature: 'exp', value: 40, contribution: -0.4 },
    ],
  } as never,
  windowDays: 60,
  trainedOn: { changes: 1200, positives: 140 },
  ratedFiles: 6,
};
const ready = (assessment: ChangeRiskAssessment): ChangeRiskState => ({ state: 'ready', assessment, ratedRoles: ['source'] });
const TOO_FEW: ChangeRiskAssessment = {
  status: 'unavailable',
  cause: 'too-few-fixes',
  reason: 'the history knows 6 change(s) that needed a follow-up fix; at least 10 are needed to learn from',
  trainedOn: { changes: 272, positives: 6 },
};
const BAR_INPUT = {
  file: { path: 'app/a.rb', level: 'low', requirements: [], rules: [], defaults: true, legacy: false } as never,
  stance: { tolerance: {}, configured: false },
  checklist: { state: 'none' } as const,
};

describe('the change risk of the working change in the editor (issue #16)', () => {
  it('heads the Quality Bar view with the probability and the average, the reasons as children, the sentence as tooltip', () => {
    const node = changeRiskNode(ready(SCORED))!;
    assert.deepEqual([node.label, node.description], ['Change risk: 23 %', 'average 11 %'], 'the figure first: only the grey average is cut in a narrow sidebar');
    assert.deepEqual(node.children?.map((child) => child.label), ['adds 120 lines', 'changes 6 files', 'touches 4 lines fixed in the last 6 months'], 'one reason per group, strongest first');
    assert.equal(
      node.tooltip,
      'Changes like this one needed a follow-up fix within 60 days 23 % of the time here (average change: 11 %) — mostly because it adds 120 lines, changes 6 files and touches 4 lines fixed in the last 6 months.\n\n' +
        'Learned from 1200 changes of this repository; 140 of them needed a follow-up fix within 60 days.',
    );
    assert.equal(qualityBarNodes({ ...BAR_INPUT, changeRisk: ready(SCORED) })[0]!.id, 'change-risk', 'the first row of the view');
  });

  it('shows no row without a working change, and says what it is doing or why there is no score otherwise', () => {
    assert.equal(changeRiskNode({ state: 'none' }), undefined);
    assert.equal(changeRiskNode(undefined), undefined);
    assert.equal(qualityBarNodes(BAR_INPUT)[0]!.id, 'stance', 'no change risk row at all');
    assert.equal(changeRiskNode({ state: 'running', learning: true })!.label, 'Change risk: learning from history…');
    assert.equal(changeRiskNode({ state: 'running', learning: false })!.label, 'Change risk: computing…');
    const updating = changeRiskNode({ ...ready(SCORED), updating: true } as ChangeRiskState)!;
    assert.deepEqual([updating.label, updating.description], ['Change risk: 23 %', 'average 11 % · updating…'], 'the last figure stays while a newer change is assessed');
    assert.deepEqual(
      [changeRiskNode(ready({ status: 'not-rated', ratedFiles: 0 }))!.label, changeRiskNode({ state: 'ready', assessment: { status: 'not-rated', ratedFiles: 0 }, ratedRoles: ['source', 'test'] })!.label],
      ['Change risk: no source code changed', 'Change risk: no source code and test changed'],
    );
    const unavailable = changeRiskNode(ready(TOO_FEW))!;
    assert.deepEqual([unavailable.label, unavailable.description], ['Change risk: not enough history yet', '6 of 10 fix-inducing changes needed']);
    assert.equal(
      unavailable.tooltip,
      'The change risk is learned from the changes of this repository that needed a follow-up fix within 60 days (fix-inducing changes). Its history has 6; the model needs at least 10, and rates changes once the history has them.\n\n' +
        'If your team names its fix commits differently from "fix …" or "bug …", add its words to history.fixPatterns in .changerisk/config.yaml.\n\n' +
        'Meanwhile the rest of the quality bar applies as usual.',
    );
    const young = changeRiskNode(ready({ status: 'unavailable', cause: 'no-old-changes', reason: 'x' }))!;
    assert.deepEqual([young.label, young.description], ['Change risk: not enough history yet', 'no change older than 60 days']);
    assert.match(young.tooltip ?? '', /every change in this history is newer than that/);
    const stillUpdating = changeRiskNode({ ...ready(TOO_FEW), updating: true } as ChangeRiskState)!;
    assert.equal(stillUpdating.description, '6 of 10 fix-inducing changes needed · updating…', 'what is missing stays in view while a newer change is assessed');
    const failed = changeRiskNode({ state: 'error', message: 'git log exited with 128' })!;
    assert.deepEqual([failed.label, failed.description, failed.icon], ['Change risk: could not be computed', 'git log exited with 128', 'error']);
  });

  it('puts a narrow item in the status bar only when there is a figure, with a plain accessible name', () => {
    assert.equal(changeRiskStatusText(ready(SCORED)), '$(git-compare) change 23 %');
    assert.equal(changeRiskStatusText({ state: 'running', learning: true }), '$(loading~spin) change risk');
    for (const hidden of [{ state: 'none' }, { state: 'running', learning: false }, ready(TOO_FEW), ready({ status: 'not-rated', ratedFiles: 0 }), { state: 'error', message: 'x' }] as ChangeRiskState[]) {
      assert.equal(changeRiskStatusText(hidden), undefined, JSON.stringify(hidden));
    }
    const tooltip = changeRiskStatusTooltip(ready(SCORED), 'en');
    assert.ok(tooltip.startsWith('Change risk of the working change (branch and uncommitted edits): Changes like this one needed a follow-up fix within 60 days 23 %'), tooltip);
    assert.ok(tooltip.endsWith('Click to open the Quality Bar view.'), tooltip);
    assert.equal(changeRiskAccessibleName(ready(SCORED)), 'Change risk of the working change: 23 %, average change 11 %. Click to open the Quality Bar view.');
    assert.ok(!/[\\$*`]/.test(changeRiskAccessibleName(ready(SCORED))), 'no icon syntax or Markdown escapes');
    assert.equal(changeRiskStatusText(ready({ ...SCORED, score: { ...SCORED.score, probability: 0.004 } } as ChangeRiskAssessment)), '$(git-compare) change <1 %');
  });

  describe('in Japanese', () => {
    before(() => configureL10n('ja', JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n/bundle.l10n.ja.json'), 'utf8')) as Record<string, string>));
    after(() => configureL10n('en', {}));

    it('writes the row, its reasons, the status bar and the reasons for no score in Japanese', () => {
      const node = changeRiskNode(ready(SCORED), 'ja')!;
      assert.deepEqual([node.label, node.description], ['変更リスク: 23 %', '平均 11 %']);
      assert.deepEqual(node.children?.map((child) => child.label), ['120 行を追加する', '6 ファイルを変更する', '直近 6 か月に修正された 4 行に触れる']);
      assert.ok(node.tooltip?.startsWith('このリポジトリでは、このような変更の 23 % が 60 日以内に追加の修正を必要としました（平均的な変更: 11 %）。主な理由:'), node.tooltip);
      assert.ok(node.tooltip?.endsWith('このリポジトリの 1200 件の変更から学習しました。そのうち 140 件が 60 日以内に追加の修正を必要としました。'), node.tooltip);
      assert.equal(changeRiskStatusText(ready(SCORED)), '$(git-compare) 変更 23 %');
      assert.equal(changeRiskAccessibleName(ready(SCORED)), '作業中の変更のリスク: 23 %、平均的な変更は 11 %。クリックすると品質基準ビューを開きます。');
      assert.equal(changeRiskNode(ready({ status: 'not-rated', ratedFiles: 0 }), 'ja')!.label, '変更リスク: ソース コードの変更なし');
      const tooFew = changeRiskNode(ready(TOO_FEW), 'ja')!;
      assert.deepEqual([tooFew.label, tooFew.description], ['変更リスク: 履歴がまだ足りません', '修正を誘発した変更 6 件／必要 10 件']);
      assert.match(tooFew.tooltip ?? '', /^変更リスクは、このリポジトリで 60 日以内に.*history\.fixPatterns に追加してください。\n\nそれまでの間も/s);
      assert.equal(changeRiskNode({ state: 'running', learning: true }, 'ja')!.label, '変更リスク: 履歴から学習しています…');
    });
  });
});

import * as assert from 'node:assert/strict';
import { explainScore, percentText } from '../../../src/core/changes/explain';
import { scoreChange, type ChangeRiskModel } from '../../../src/core/changes/model';

/** A model read by hand: log-odds -2.6 for the average change; subsystems and recent fixes push up, experience down. */
function handModel(): ChangeRiskModel {
  return {
    features: ['ns', 'recentFixes', 'exp', 'nf'],
    means: Float64Array.of(Math.log1p(1), Math.log1p(0), Math.log1p(20), Math.log1p(2)),
    scales: Float64Array.of(0.5, 0.5, 1, 1),
    intercept: -2.6,
    coefficients: Float64Array.of(0.4, 0.5, -0.3, 0.05),
    baseRate: 0.07,
    windowDays: 60,
    cutoff: 0,
    trainedOn: { changes: 1000, positives: 70 },
  };
}

describe('the change explanation', () => {
  it('says how often changes like this one needed a fix, and the three strongest reasons, in English', () => {
    const score = scoreChange(handModel(), { ns: 4, recentFixes: 2, exp: 3, nf: 5 });
    assert.deepEqual(
      score.contributions.map((entry) => entry.feature),
      ['recentFixes', 'ns', 'exp', 'nf'],
    );
    const { sentence, reasons } = explainScore(score, 'en', 60);
    assert.equal(
      sentence,
      `changes like this one needed a follow-up fix within 60 days ${percentText(score.probability)} of the time here (average change: 7 %) — mostly because it touches lines fixed twice in the last 6 months, spans 4 subsystems and comes from an author with 3 earlier changes here`,
    );
    assert.equal(reasons.length, 3);
    assert.match(percentText(score.probability), /^\d+ %$/);
  });

  it('never shows a learned probability as certain: "<1 %" and ">99 %" at the ends, whole percents between', () => {
    assert.equal(percentText(0.004), '<1 %');
    assert.equal(percentText(0.2349), '23 %');
    assert.equal(percentText(0.9951), '>99 %');
    assert.equal(percentText(0.994), '99 %');
    // A limit written by the team is shown as written.
    assert.equal(percentText(1), '100 %');
    assert.equal(percentText(0), '0 %');
  });

  it('says the same in Japanese', () => {
    const score = scoreChange(handModel(), { ns: 4, recentFixes: 2, exp: 3, nf: 5 });
    const { sentence } = explainScore(score, 'ja', 60);
    assert.equal(
      sentence,
      `このリポジトリでは、このような変更の ${percentText(score.probability)} が 60 日以内に追加の修正を必要としました（平均的な変更: 7 %）。主な理由: 直近 6 か月に 2 回修正された行に触れる、4 つのサブシステムにまたがる、作成者のこのリポジトリでの変更は 3 件。`,
    );
  });

  it('gives one reason per group of features that say the same thing', () => {
    const model = { ...handModel(), features: ['exp', 'rexp', 'ns', 'nf'] as ChangeRiskModel['features'], coefficients: Float64Array.of(0.5, 0.4, 0.3, 0.2) };
    const score = scoreChange(model, { exp: 400, rexp: 300, ns: 3, nf: 9 });
    assert.deepEqual(
      score.contributions.slice(0, 3).map((entry) => entry.feature),
      ['exp', 'rexp', 'nf'],
    );
    assert.deepEqual(explainScore(score, 'en', 60).reasons, ['comes from an author with 400 earlier changes here', 'changes 9 files']);
  });

  it('names no absence as a reason: where legacy files go with fewer fixes, touching none is no reason to give', () => {
    const model = { ...handModel(), features: ['legacyFiles', 'fix', 'nf', 'ns'] as ChangeRiskModel['features'], coefficients: Float64Array.of(-0.8, -0.6, 0.2, 0.1) };
    model.means = Float64Array.of(Math.log1p(1), 0.5, Math.log1p(20), Math.log1p(1));
    const score = scoreChange(model, { legacyFiles: 0, fix: 0, nf: 60, ns: 2 });
    assert.equal(score.contributions[0]!.feature, 'legacyFiles', 'touching no legacy file pushes the risk up most');
    assert.deepEqual(explainScore(score, 'en', 60).reasons, ['changes 60 files']);
  });

  it('names no push too small to weigh, and says "only adds new files" rather than "files of 0 lines"', () => {
    const tiny = { ...handModel(), features: ['nf', 'ns'] as ChangeRiskModel['features'], coefficients: Float64Array.of(0.05, 0.02), means: Float64Array.of(Math.log1p(2), Math.log1p(1)), scales: Float64Array.of(1, 1) };
    const small = scoreChange(tiny, { nf: 5, ns: 2 });
    assert.ok(small.contributions.every((entry) => entry.contribution > 0 && entry.contribution < 0.1), 'both push up, a little');
    assert.match(explainScore(small, 'en', 60).sentence, / — nothing in it stands out$/);
    const newFiles = { ...handModel(), features: ['lt', 'ld'] as ChangeRiskModel['features'], coefficients: Float64Array.of(-0.6, -0.4), means: Float64Array.of(Math.log1p(200), Math.log1p(0.1)), scales: Float64Array.of(1, 0.1) };
    const score = scoreChange(newFiles, { lt: 0, ld: 0 });
    assert.deepEqual(explainScore(score, 'en', 60).reasons, ['only adds new files'], 'deleting nothing is no reason either');
    assert.deepEqual(explainScore(score, 'ja', 60).reasons, ['新しいファイルだけを追加する']);
  });

  it('names no reason when nothing pushed the risk up', () => {
    const score = scoreChange(handModel(), { ns: 0, recentFixes: 0, exp: 400, nf: 0 });
    assert.ok(score.contributions.every((entry) => entry.contribution <= 0));
    assert.ok(score.probability < score.baseRate);
    assert.match(explainScore(score, 'en', 60).sentence, / — below the average change$/);
    assert.match(explainScore(score, 'ja', 60).sentence, /平均的な変更を下回ります。$/);
    assert.equal(percentText(0.001), '<1 %');
    assert.equal(percentText(0.234), '23 %');
  });
});

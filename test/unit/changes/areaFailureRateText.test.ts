import * as assert from 'node:assert/strict';
import { rateText } from '../../../src/core/changes/areaFailureRateText';

describe('area failure rate wording', () => {
  const rate = (perMonth: number, share: number | null) => ({ from: '2024-01-01', to: '2024-03-31', months: 3, changes: Math.round(perMonth * 3), perMonth, labelled: 3, fixInducing: 1, open: 0, share });

  it('says "change" for one a month and "changes" otherwise', () => {
    assert.equal(rateText(rate(1, 1 / 3)), '1 change/month · 33 % fix-inducing');
    assert.equal(rateText(rate(1.04, 1 / 3)), '1 change/month · 33 % fix-inducing');
    assert.equal(rateText(rate(1.2, 1 / 3)), '1.2 changes/month · 33 % fix-inducing');
    assert.equal(rateText(rate(0.3, null)), '0.3 changes/month · fix-inducing share not known yet');
    assert.equal(rateText(rate(12, 0.18)), '12 changes/month · 18 % fix-inducing');
  });
});

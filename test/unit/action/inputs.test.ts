import * as assert from 'node:assert/strict';
import { ActionInputError, readInputs } from '../../../src/action/inputs';

describe('the action\'s change-risk input', () => {
  const read = (value?: string) => readInputs(value === undefined ? {} : { 'INPUT_CHANGE-RISK': value }, '/work');

  it('computes the change risk by default (the summary and the comment show it), and not with false', () => {
    assert.equal(read().changeRisk, true);
    assert.equal(read('').changeRisk, true);
    assert.equal(read('false').changeRisk, false);
    assert.equal(read('TRUE').changeRisk, true);
  });

  it('refuses a value that is not a boolean, naming the input', () => {
    assert.throws(() => read('off'), (error: unknown) => error instanceof ActionInputError && error.message === 'input "change-risk": "off" is not true or false');
  });
});

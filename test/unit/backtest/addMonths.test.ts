import * as assert from 'node:assert/strict';
import { addMonths } from '../../../src/core/backtest/backtest';

const iso = (date: Date) => date.toISOString();

describe('backtest month arithmetic', () => {
  it('clamps to the last day of a shorter month instead of running into the next one', () => {
    assert.equal(iso(addMonths(new Date('2025-03-31T12:00:00Z'), -1)), '2025-02-28T12:00:00.000Z');
    assert.equal(iso(addMonths(new Date('2025-03-30T00:00:00Z'), -1)), '2025-02-28T00:00:00.000Z');
    assert.equal(iso(addMonths(new Date('2025-03-29T00:00:00Z'), -1)), '2025-02-28T00:00:00.000Z');
    assert.equal(iso(addMonths(new Date('2025-01-31T00:00:00Z'), 1)), '2025-02-28T00:00:00.000Z');
    assert.equal(iso(addMonths(new Date('2025-05-31T00:00:00Z'), -6)), '2024-11-30T00:00:00.000Z');
    assert.equal(iso(addMonths(new Date('2025-08-31T00:00:00Z'), 1)), '2025-09-30T00:00:00.000Z');
  });

  it('knows leap years', () => {
    assert.equal(iso(addMonths(new Date('2024-03-31T00:00:00Z'), -1)), '2024-02-29T00:00:00.000Z');
    assert.equal(iso(addMonths(new Date('2024-02-29T00:00:00Z'), 12)), '2025-02-28T00:00:00.000Z');
    assert.equal(iso(addMonths(new Date('2023-02-28T00:00:00Z'), 12)), '2024-02-28T00:00:00.000Z');
    assert.equal(iso(addMonths(new Date('2000-03-31T00:00:00Z'), -1)), '2000-02-29T00:00:00.000Z');
    assert.equal(iso(addMonths(new Date('1900-03-31T00:00:00Z'), -1)), '1900-02-28T00:00:00.000Z');
  });

  it('keeps the day when the target month has it, across years both ways', () => {
    assert.equal(iso(addMonths(new Date('2025-01-15T08:30:00Z'), -13)), '2023-12-15T08:30:00.000Z');
    assert.equal(iso(addMonths(new Date('2025-12-31T00:00:00Z'), 1)), '2026-01-31T00:00:00.000Z');
    assert.equal(iso(addMonths(new Date('2025-06-30T00:00:00Z'), 0)), '2025-06-30T00:00:00.000Z');
  });
});

import * as assert from 'node:assert/strict';
import { tokenSplitter } from '../../../src/core/git/gitProcess';

/** The tokens `splitter` hands over for `text` cut into chunks at `cuts` (byte offsets). */
function split(text: string, cuts: number[], separator: number | null = 0): string[] {
  const tokens: string[] = [];
  const { onChunk, onEnd } = tokenSplitter((token) => tokens.push(token), separator);
  const bytes = Buffer.from(text, 'utf8');
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    onChunk(bytes.subarray(from, cut));
    from = cut;
  }
  onEnd();
  return tokens;
}

describe('git output token splitter', () => {
  const text = 'abc\0日本語\0\0x\0tail';
  const whole = ['abc', '日本語', '', 'x', 'tail'];

  it('hands over the same tokens wherever the output is cut into chunks, a character cut in two included', () => {
    const length = Buffer.byteLength(text);
    for (let a = 0; a <= length; a++) {
      for (let b = a; b <= length; b++) assert.deepEqual(split(text, [a, b]), whole, `cut at ${a} and ${b}`);
    }
  });

  it('puts a token spread over many chunks together', () => {
    const long = `${'é'.repeat(5000)}\0end`;
    const cuts = Array.from({ length: 99 }, (_, i) => (i + 1) * 101);
    assert.deepEqual(split(long, cuts), ['é'.repeat(5000), 'end']);
  });

  it('hands over the whole output as one token without a separator', () => {
    assert.deepEqual(split(text, [2, 5, 9], null), [text]);
  });
});

import * as assert from 'node:assert/strict';
import { painter, printJson, printLine, table, terminalText } from '../../../src/cli/output';

/** Runs `write` with process.stdout captured. */
function captured(write: () => void): string {
  const original = process.stdout.write;
  let out = '';
  process.stdout.write = ((chunk: string | Uint8Array) => ((out += chunk.toString()), true)) as typeof process.stdout.write;
  try {
    write();
  } finally {
    process.stdout.write = original;
  }
  return out;
}

/** A painter as on a colour terminal, whatever NO_COLOR the test run has. */
function colourPainter() {
  const saved = process.env.NO_COLOR;
  delete process.env.NO_COLOR;
  try {
    return painter({ isTTY: true } as NodeJS.WriteStream);
  } finally {
    if (saved !== undefined) process.env.NO_COLOR = saved;
  }
}

describe('CLI output boundary', () => {
  it('shows control characters visibly instead of passing them to the terminal', () => {
    assert.equal(terminalText('a\x1b]52;c;eA==\x07b'), 'a␛]52;c;eA==␇b');
    assert.equal(terminalText('cr\r del\x7f nul\x00'), 'cr␍ del␡ nul␀');
    assert.equal(terminalText('csi\u009b1m rlo\u202e isolate\u2066'), 'csi\\u{9b}1m rlo\\u{202e} isolate\\u{2066}');
    assert.equal(terminalText('tab\there\nnext ✓ 日本'), 'tab\there\nnext ✓ 日本', 'newline, tab and printable Unicode stay');
  });

  it("writes the painter's colours and no escape sequence from the text it paints", () => {
    const paint = colourPainter();
    const out = captured(() => printLine(`${paint.bold('high')} ${paint.dim('\x1b[8mhidden')}`));
    assert.equal(out, '\x1b[1mhigh\x1b[0m \x1b[2m␛[8mhidden\x1b[0m\n');
  });

  it('does not turn a forged colour marker from repository text into an escape sequence', () => {
    const out = captured(() => printLine('\uE000000000000000000031\uE001red?'));
    assert.ok(!out.includes('\x1b'), JSON.stringify(out));
  });

  it('aligns painted cells by what is shown', () => {
    const paint = colourPainter();
    const [first, second] = table([[paint.level('high'), 'a'], ['low', 'b']]);
    assert.equal(captured(() => printLine(first)), '\x1b[31mhigh\x1b[0m  a\n');
    assert.equal(second, 'low   b');
  });

  it('aligns Japanese cells by the two columns a terminal gives each wide character', () => {
    assert.deepEqual(table([['四半期', 'a'], ['2024-Q1', 'b']]), ['四半期   a', '2024-Q1  b']);
  });

  it('writes DEL, C1 and bidi controls in JSON as \\u escapes, parsing back to the exact text', () => {
    const value = { path: 'a\x1b]52;c;eA==\x07\u009b\u202e\u2028b\x7f' };
    const out = captured(() => printJson(value));
    assert.ok(!/[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u202e]/.test(out), JSON.stringify(out));
    assert.deepEqual(JSON.parse(out), value);
  });
});

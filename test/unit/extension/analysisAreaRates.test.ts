import * as assert from 'node:assert/strict';
import { areaFailureRates } from '../../../src/core/changes/areaFailureRate';
import { areaRatesSection } from '../../../src/extension/views/analysisAreaRates';

const hostile = '<img src=x onerror=alert(1)>';
const day = (iso: string) => Date.parse(`${iso}T12:00:00Z`) / 1000;

function ready(tolerance: Record<string, string> = {}) {
  const rates = areaFailureRates({
    changes: [
      { time: day('2025-01-10'), paths: [`app/${hostile}/a.rb`], fixInducing: true },
      { time: day('2025-01-20'), paths: [`app/${hostile}/a.rb`], fixInducing: false },
      { time: day('2025-07-01'), paths: [`${hostile}/b.rb`], fixInducing: undefined },
    ],
    areas: [{ name: `area ${hostile}`, paths: [`app/**`] }],
    lastTime: day('2025-07-10'),
  });
  return { status: 'ready' as const, rates: { ...rates, tolerance, changesInHistory: 3 } };
}

describe('the failure rate by area in the incident analysis', () => {
  it('is a real table: quarters as column headers, areas and folders as row headers, in groups', () => {
    const html = areaRatesSection(ready());
    assert.match(html, /<h2 id="title-area-rates">Failure rate by area<\/h2>/);
    const columns = [...html.matchAll(/<th scope="col">([^<]*)<\/th>/g)].map((m) => m[1]);
    assert.deepEqual(columns, ['Area or folder', '2025-Q1', '2025-Q2', '2025-Q3', 'All']);
    const groups = [...html.matchAll(/<th scope="rowgroup" colspan="5">([^<]*)<\/th>/g)].map((m) => m[1]);
    assert.deepEqual(groups, ['Declared areas', 'Top-level folders', 'Reference']);
    assert.match(html, /<th scope="row" class="group-name">whole repository<\/th>/);
  });

  it('says every figure in words, the bar only repeating the share, hidden from screen readers', () => {
    const html = areaRatesSection(ready({ regression: 'low' }));
    assert.match(html, /<p class="tolerance">The team&#39;s tolerance \(quality bar\): regression: low<\/p>/);
    assert.match(html, /<span class="rate">[\d.]+ changes\/month · 50 % fix-inducing<\/span><svg class="share-bar"[^>]* aria-hidden="true"[^>]*><rect class="share-track" width="60"[^>]*><\/rect><rect class="share-fill" width="30"/);
    assert.match(html, /<span class="counts">1 of 2 fix-inducing<\/span>/);
    assert.match(html, /fix-inducing share not known yet<\/span><span class="counts">1 still open<\/span>/, 'no bar without a share');
    assert.match(html, /<span class="zero">no changes<\/span>/, 'an empty quarter is shown');
    assert.ok(!/ style="/.test(html), 'no inline style (the CSP would block it)');
  });

  it('escapes area and folder names', () => {
    const html = areaRatesSection(ready());
    assert.ok(!html.includes('<img'), html);
    assert.ok(html.includes('area &lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;/'), 'the folder, with its slash');
  });

  it('says why there are no figures: computing, Restricted Mode, an error, no changes', () => {
    assert.match(areaRatesSection({ status: 'loading' }), /role="status">Reading which changes needed a fix…</);
    assert.match(areaRatesSection({ status: 'restricted' }), /only in a trusted workspace/);
    assert.match(areaRatesSection({ status: 'error', message: `git failed ${hostile}` }), /could not be computed: git failed &lt;img/);
    const none = areaFailureRates({ changes: [], areas: [], lastTime: 0 });
    assert.match(areaRatesSection({ status: 'ready', rates: { ...none, tolerance: {}, changesInHistory: 0 } }), /No change to a rated file in the history yet/);
  });
});

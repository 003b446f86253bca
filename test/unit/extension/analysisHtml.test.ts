import * as assert from 'node:assert/strict';
import { tallyIncidents } from '../../../src/core/risk/incidentTally';
import { analysisHtml, contentSecurityPolicy } from '../../../src/extension/views/analysisHtml';
import { incident } from './fixtures';

const hostile = '<img src=x onerror=alert(1)>';

describe('incident analysis HTML', () => {
  const incidents = [
    incident({ id: 'INC-1', title: `"${hostile}"`, date: '2024-03-14', kind: 'regression', severity: 'high', areas: `["${hostile}"]` }),
    incident({ id: 'INC-2', title: 'B', date: '2024-03-20', kind: 'near-miss', severity: 'low' }),
    incident({ id: 'INC-3', title: 'C', date: '2024-05-02', kind: 'incident', severity: 'medium', areas: '[billing]' }),
  ];
  const html = analysisHtml(
    {
      repository: `repo ${hostile}`,
      byMonth: tallyIncidents(incidents, 'month', (i) => i.areas),
      byArea: tallyIncidents(incidents, 'area', (i) => i.areas),
      topFiles: [
        { path: `app/${hostile}.rb`, rating: 'high risk', incidents: 2, reason: `2 incidents ${hostile}` },
        { path: 'Gemfile', rating: 'dependency manifest — not rated', incidents: 1, reason: 'INC-23 regression (2025-01)' },
      ],
    },
    { cspSource: 'https://csp.example', nonce: 'abc123==', styleUri: 'https://csp.example/media/analysis.css' },
  );

  it('escapes every piece of repository text', () => {
    assert.ok(!html.includes('<img'), 'no element injected');
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'), 'shown as text');
  });

  it('has a strict CSP with the nonce, and no inline styles or scripts it would block', () => {
    assert.equal(contentSecurityPolicy('https://csp.example', 'abc123=='), "default-src 'none'; style-src https://csp.example 'nonce-abc123=='; script-src 'nonce-abc123=='; img-src https://csp.example");
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src https:\/\/csp\.example &#39;nonce-abc123==&#39;/);
    assert.ok(!/ style="/.test(html), 'no style attributes');
    assert.ok(!/<script/.test(html), 'no script');
  });

  it('charts months stacked by kind, areas and top files', () => {
    assert.equal((html.match(/<g class="bar" data-month="/g) ?? []).length, 2, 'two months');
    assert.match(html, /<rect [^>]*class="k-regression"><title>2024-03: 1 regression<\/title>/);
    assert.match(html, /<rect [^>]*class="k-near-miss">/);
    assert.match(html, /<th scope="row">billing<\/th>/);
    assert.match(html, /3 incidents in the ledger: 1 incident, 1 regression, 0 user-inquiry, 1 near-miss/);
    assert.match(html, /<span class="detail">high risk · 2 incidents &lt;img/);
    assert.match(html, /<th scope="row">Gemfile<\/th>.*<span class="detail">dependency manifest — not rated · INC-23 regression \(2025-01\)<\/span>/, 'a file that is not rated shows its role, not a level');
  });
});

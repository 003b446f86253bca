import * as assert from 'node:assert/strict';
import { analyseIncidents } from '../../../src/core/risk/incidentAnalysis';
import { analysisHtml, contentSecurityPolicy, type AnalysisData } from '../../../src/extension/views/analysisHtml';
import { generatedLedger } from '../risk/generatedLedger';
import { incident } from './fixtures';

const hostile = '<img src=x onerror=alert(1)>';
const OPTIONS = { cspSource: 'https://csp.example', nonce: 'abc123==', styleUri: 'https://csp.example/media/analysis.css', scriptUri: 'https://csp.example/media/analysis.js' };

function page(budget?: { regressions?: number; incidents?: number }, incidents = generatedLedger()): string {
  const data: AnalysisData = {
    repository: `repo ${hostile}`,
    analysis: analyseIncidents({
      incidents,
      areasOf: (i) => i.areas,
      declaredAreas: ['billing', 'search'],
      ...(budget ? { budget: { period: 'month', ...budget } } : {}),
      now: new Date('2025-03-31T12:00:00Z'),
    }),
    topFiles: [
      { path: `app/${hostile}.rb`, rating: 'high risk', incidents: 2, reason: `2 incidents ${hostile}` },
      { path: 'Gemfile', rating: 'dependency manifest — not rated', incidents: 1, reason: 'INC-23 regression (2025-01)' },
    ],
  };
  return analysisHtml(data, OPTIONS);
}

/** Elements of the page as [tag, attributes] pairs, for structure checks without a DOM. */
function elements(html: string, tag: string): string[] {
  return [...html.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, 'g'))].map((m) => m[1]!);
}

describe('incident analysis HTML', () => {
  const hostileLedger = [
    ...generatedLedger(),
    incident({
      id: 'INC-99"><script>alert(1)</script>',
      title: `"${hostile}"`,
      date: '2024-03-14',
      kind: 'regression',
      areas: `["${hostile}"]`,
      rootCause: `"${hostile} </table>"`,
      affected: `["app/${hostile}.rb"]`,
      actionItems: `\n  - text: "${hostile}"\n    owner: "@a<b>"`,
    }),
  ];
  const html = page({ regressions: 0 }, hostileLedger);

  it('escapes every piece of repository text: titles, ids, areas, causes, paths, action items, repository name', () => {
    assert.ok(!html.includes('<img'), 'no element injected');
    assert.ok(!/<script>alert/.test(html), 'no script injected through the id');
    assert.equal(elements(html, 'script').length, 1, 'one script element: the extension\'s own');
    assert.ok(!html.includes('</table>"'), 'a cause cannot close a table');
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'), 'shown as text');
    assert.ok(html.includes('data-open-file="app/&lt;img src=x onerror=alert(1)&gt;.rb"'), 'a path in an attribute stays in its attribute');
    assert.ok(html.includes('data-id="INC-99&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"'));
  });

  it('has the strict CSP with the nonce, the nonce on its one script, and no external URL', () => {
    assert.equal(contentSecurityPolicy('https://csp.example', 'abc123=='), "default-src 'none'; style-src https://csp.example 'nonce-abc123=='; script-src 'nonce-abc123=='; img-src https://csp.example");
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src https:\/\/csp\.example &#39;nonce-abc123==&#39;; script-src &#39;nonce-abc123==&#39;/);
    assert.deepEqual(elements(html, 'script'), [' nonce="abc123==" src="https://csp.example/media/analysis.js"']);
    assert.ok(!/ style="/.test(html), 'no style attributes (the CSP blocks them)');
    assert.ok(!/ on[a-z]+="/.test(html), 'no inline event handlers');
    assert.ok(!/command:/.test(html), 'no command links');
    const urls = [...html.matchAll(/(?:https?|file|vscode-resource):\/\/[^\s"'<>)]*/g)].map((m) => m[0]);
    assert.deepEqual([...new Set(urls)].sort(), ['https://csp.example', 'https://csp.example/media/analysis.css', 'https://csp.example/media/analysis.js'], 'only the webview\'s own resources');
  });

  it('draws every month on the axis, empty months included, with a scale and labels inside the chart', () => {
    const months = elements(html, 'g').filter((a) => a.includes('data-month=')).map((a) => /data-month="([^"]+)"/.exec(a)![1]);
    const kindChart = months.slice(0, 24);
    assert.equal(kindChart[0], '2023-04');
    assert.equal(kindChart.at(-1), '2025-03');
    assert.ok(kindChart.includes('2024-03') && kindChart.includes('2024-05'), 'quiet months are on the axis');
    assert.match(html, /<g class="bar empty" data-month="2024-05"><title>2024-05: no incidents<\/title><\/g>/);
    assert.match(html, /<text class="tick" x="38" y="[\d.]+" text-anchor="end">0<\/text>/, 'a y scale from 0');
    for (const [, x] of html.matchAll(/<text class="label" x="([\d.]+)"/g)) assert.ok(Number(x) >= 20 && Number(x) <= 940, `label at ${x} fits the 960-wide box`);
    assert.match(html, /<svg class="chart" viewBox="0 0 960 250"/, 'scales to the panel width');
  });

  it('makes bars and counts list their incidents, and ids and files open', () => {
    const html = page();
    assert.match(html, /<g class="bar" data-month="2024-02" role="button" tabindex="0" aria-label="2024-02: 3 incidents \(1 regression, 1 user inquiry, 1 near-miss\)\. Show them\." data-ids="INC-5 INC-4 INC-3" data-label="2024-02">/);
    assert.match(html, /<rect class="k-regression" [^>]* data-ids="INC-5" data-label="2024-02 · regression"><title>2024-02: 1 × regression<\/title><\/rect>/, 'a segment lists its own incidents');
    assert.match(html, /<button type="button" class="count" data-ids="INC-1 INC-5 INC-9" data-label="regression"[^>]*>3<\/button>/, 'the by-kind table: regressions');
    assert.match(html, /<button type="button" class="link" data-open-incident="\.changerisk\/incidents\/INC-1\.md" aria-label="Open the postmortem of INC-1: Incident 1">INC-1<\/button>/);
    assert.match(html, /data-open-file="app\/models\/invoice\.rb">app\/models\/invoice\.rb<\/button>/);
  });

  it('offers the grouping switch and a section per grouping, kind shown first', () => {
    assert.deepEqual(elements(html, 'input').map((a) => /value="(\w+)"/.exec(a)![1]), ['kind', 'area', 'cause']);
    assert.match(html, /<section class="grouping" data-grouping="kind" aria-labelledby="title-kind">/);
    assert.match(html, /<section class="grouping" data-grouping="area" hidden/);
    assert.match(html, /<section class="grouping" data-grouping="cause" hidden/);
    assert.match(html, /<th scope="row" class="group-name">no area<\/th>/);
    assert.match(html, /<th scope="row" class="group-name">no root cause recorded<\/th>/);
  });

  it('has real tables with headers for the same numbers, every month a row', () => {
    const monthRows = [...html.matchAll(/<tr data-month="([^"]+)"><th scope="row">/g)].map((m) => m[1]);
    assert.equal(monthRows.length, 24 * 3, 'every month, in each grouping\'s table');
    assert.ok(monthRows.includes('2024-05'));
    assert.ok(elements(html, 'th').every((a) => /scope="(col|row)"/.test(a)), 'every header has a scope');
    assert.match(html, /<caption>Incidents per month, by kind<\/caption>/);
  });

  it('draws the budget line and flags the periods over budget', () => {
    assert.match(html, /<h3>regression per month, budget 0<\/h3><p class="verdict over">Over budget in 4 of 24 periods: 2024-01, 2024-02, 2024-03, 2025-02\.<\/p>/);
    assert.match(html, /<line class="budget-line" x1="44" x2="880" y1="[\d.]+" y2="[\d.]+"\/><text class="budget-label"[^>]*>budget 0<\/text>/);
    assert.match(html, /<g class="bar over" data-month="2024-03" role="button" tabindex="0" aria-label="2024-03: 1 incident \(1 regression\), over budget\. Show them\."/);
    assert.match(html, /<tr class="over"><th scope="row">2024-01<\/th>/);
  });

  it('says when no budget is set, and lists action items per incident', () => {
    const plain = page();
    assert.ok(!plain.includes('budget-line'));
    assert.match(plain, /No incident budget is set: add qualityBar\.budget to \.changerisk\/config\.yaml\./);
    assert.match(plain, /12 incidents from 2023-04 to 2025-03; action items: 4 open, 4 in progress, 4 done\./);
    assert.match(plain, /<span class="action-counts">1 open · 0 in progress · 1 done<\/span>/);
  });
});

describe('incident analysis HTML of an empty ledger', () => {
  it('still shows the last 24 months, empty, and says there is nothing to list', () => {
    const html = page(undefined, []);
    assert.equal((html.match(/<g class="bar empty" data-month="/g) ?? []).length, 24 * 3);
    assert.match(html, /0 incidents from 2023-04 to 2025-03/);
    assert.match(html, /All 0 incidents, oldest first\./);
  });
});

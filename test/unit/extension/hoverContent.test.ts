import * as assert from 'node:assert/strict';
import { marked } from 'marked';
import { hoverMarkdown } from '../../../src/extension/hovers/hoverContent';
import { commandLink, escapeHtml, escapeMarkdown, markdownCode } from '../../../src/extension/markdown';
import { commit, incident, mark } from './fixtures';

const links = {
  incident: (i: { id: string }) => commandLink('changeRisk.openIncident', [i.id]),
  commit: (c: { sha: string }) => commandLink('changeRisk.showCommit', [c.sha]),
};

describe('hover Markdown', () => {
  const inc = incident(
    {
      id: 'INC-12',
      title: '"Totals [rounded](http://evil) twice <img src=x onerror=alert(1)>"',
      date: '2024-03-14',
      kind: 'regression',
      severity: 'high',
      rootCause: '"Rounding applied per line *and* on the total"',
      actionItems: '[{ text: "Add property tests", owner: "@alice", status: in-progress }]',
    },
  );

  it('lists the incident with kind, severity, date, cause, action items and links', () => {
    const text = hoverMarkdown([mark(40, 58, { source: 'ledger', incidents: [inc] })], links);
    assert.match(text, /\[INC\\-12\]\(command:changeRisk\.openIncident\?/);
    assert.match(text, /regression · severity high · 2024\\-03\\-14/);
    assert.match(text, /Cause: Rounding applied per line \\\*and\\\* on the total/);
    assert.match(text, /in progress: Add property tests \(@&#8203;alice\)/, 'the owner reads the same and is not mentioned');
    assert.match(text, /named in a postmortem/);
  });

  it('escapes repository text: no live links, HTML or emphasis from titles and subjects', () => {
    const text = hoverMarkdown([mark(1, 1, { incidents: [inc], commits: [commit({ subject: 'Fix [x](command:workbench.action.quit) `code` $(zap)' })] })], links);
    assert.ok(text.includes('\\<img') && !/(^|[^\\])</.test(text), 'every < is escaped, so no HTML');
    assert.ok(!text.includes('](http://evil)'), 'a link in a title is not a link');
    assert.ok(!text.includes('](command:workbench'), 'a command link in a commit subject is not a link');
    assert.ok(text.includes('\\$\\(zap\\)'), 'theme icon syntax is escaped');
    assert.match(text, /\[aaaaaaa\]\(command:changeRisk\.showCommit\?/);
    assert.match(text, /these lines were last changed by a fix\./);
  });

  it('says why each commit counts: the fix subject, the revert, the commit reverted later', () => {
    const fix = commit({ sha: '1'.repeat(40), subject: 'Fix double rounding in invoice totals (INC-12)', why: "fix (subject: 'Fix double rounding in invoice totals (INC-12)')", incidentIds: ['INC-12'] });
    const reverted = commit({
      sha: '2'.repeat(40),
      time: Date.UTC(2026, 1, 10) / 1000,
      subject: 'Memoize refund amounts',
      why: 'reverted by 3333333 on 2026-02-12',
      revertedBy: { sha: '3'.repeat(40), time: Date.UTC(2026, 1, 12) / 1000 },
    });
    const revert = commit({ sha: '3'.repeat(40), time: Date.UTC(2026, 1, 12) / 1000, subject: 'Revert "Memoize refund amounts"', why: 'revert of 2222222', reverts: '2'.repeat(40) });
    const text = hoverMarkdown([mark(1, 3, { commits: [fix] }), mark(2, 2, { commits: [reverted] }), mark(2, 4, { commits: [revert] })], links);
    const plain = text.replace(/\\/g, '');
    assert.ok(plain.includes("Fix double rounding in invoice totals (INC-12) — Alice, 2024-03-15 · fix (subject: 'Fix double rounding in invoice totals (INC-12)') · names INC-12"), plain);
    assert.ok(plain.includes('Memoize refund amounts — Alice, 2026-02-10 · reverted by 3333333 on 2026-02-12'), plain);
    assert.ok(plain.includes('Revert "Memoize refund amounts" — Alice, 2026-02-12 · revert of 2222222'), plain);
    assert.match(text, /these lines were last changed by a fix, a revert or a commit that was reverted later\./);
    assert.ok(text.indexOf('3333333') < text.indexOf('1111111'), 'newest commit first');
    assert.ok(!/ · fix(\n|$)/.test(text), 'the bare "fix" tag gives way to the reason');
  });

  it('never shows a bot: its commits are left out, and a line marked by bots only has no hover', () => {
    const bot = commit({ sha: 'b'.repeat(40), author: 'github-actions[bot]', subject: 'Fix missing German translations (INC-26)', fix: false, bot: true, incidentIds: ['INC-26'] });
    const human = commit({ sha: 'c'.repeat(40), subject: 'Add missing de locale keys (INC-26)', fix: false, incidentIds: ['INC-26'] });
    assert.equal(hoverMarkdown([mark(5, 5, { commits: [bot] })], links), '', 'bots only: nothing to say');
    const text = hoverMarkdown([mark(5, 5, { commits: [bot] }), mark(4, 6, { commits: [human] })], links);
    assert.ok(!text.includes('bot') && !text.includes('bbbbbbb'), text);
    assert.match(text, /last changed by a commit naming an incident\./);
    assert.match(text, /names INC\\-26/);
    const ledger = hoverMarkdown([mark(5, 5, { commits: [bot] }), mark(1, 9, { source: 'ledger', incidents: [inc] })], links);
    assert.match(ledger, /these lines are named in a postmortem\./, 'a ledger mark stays, without the bot');
    assert.ok(!ledger.includes('Commits:'));
  });

  it('says both when a postmortem names the lines and a fix last changed them', () => {
    const text = hoverMarkdown([mark(40, 58, { source: 'ledger', incidents: [inc] }), mark(45, 45, { incidents: [inc], commits: [commit({ why: "fix (subject: 'Fix rounding')" })] })], links);
    assert.match(text, /these lines are named in a postmortem and were last changed by a fix\./);
    assert.equal(text.match(/\*\*\[INC\\-12\]/g)?.length, 1, 'the incident once');
  });

  it('starts with a one-line summary, then the details, with no heading anywhere', () => {
    const older = commit({ sha: '1'.repeat(40), time: Date.UTC(2024, 1, 2) / 1000, why: "fix (subject: 'Fix rounding')" });
    const newer = commit({ sha: '2'.repeat(40), time: Date.UTC(2024, 2, 14) / 1000, why: "fix (subject: 'Fix rounding again')" });
    const text = hoverMarkdown([mark(40, 58, { source: 'ledger', incidents: [inc] }), mark(45, 45, { commits: [older, newer] })], links);
    const [first, second] = text.split('\n');
    assert.equal(first, `$(warning) **INC\\-12** regression · fixed 2024-03 by [2222222](${links.commit(newer)}) — 2 fixes on these lines`);
    assert.equal(second, '', 'the summary is a paragraph of its own');
    const html = marked.parse(text, { async: false });
    assert.ok(!/<h[1-6]/.test(html), `no heading: ${html}`);
    assert.ok(!/^#/m.test(text));
    const ledgerOnly = hoverMarkdown([mark(40, 58, { source: 'ledger', incidents: [inc] })], links);
    assert.equal(ledgerOnly.split('\n')[0], '$(warning) **INC\\-12** regression · named in a postmortem');
  });

  it('cuts long lists with "…and N more": incidents, action items, commits', () => {
    const items = JSON.stringify(Array.from({ length: 5 }, (_, i) => ({ text: `Item ${i}`, status: 'open' })));
    const incidents = Array.from({ length: 5 }, (_, i) =>
      incident({ id: `INC-${i + 1}`, title: `Outage ${i}`, date: `2024-0${i + 1}-01`, kind: 'incident', severity: 'low', actionItems: items }),
    );
    const commits = Array.from({ length: 8 }, (_, i) => commit({ sha: String(i).repeat(40), time: Date.UTC(2024, 0, i + 1) / 1000 }));
    const text = hoverMarkdown([mark(1, 9, { source: 'ledger', incidents, commits })], links);
    assert.match(text.split('\n')[0]!, /\*\*INC\\-5\*\* incident \(\+4 more\)/, 'the newest incident, and how many others');
    assert.match(text.split('\n')[0]!, /— 8 fixes on these lines/);
    assert.equal(text.match(/\*\*\[INC/g)?.length, 3, 'three incidents in detail');
    assert.ok(text.includes('…and 2 more'), 'incidents and action items beyond three are counted');
    assert.ok(text.includes('- …and 3 more'), 'commits beyond five are counted');
    assert.equal(text.match(/command:changeRisk\.showCommit/g)?.length, 6, 'the summary commit and five listed');
  });

  it('is empty without marks', () => {
    assert.equal(hoverMarkdown([], links), '');
  });

  it('escapes in one place for Markdown and HTML', () => {
    assert.equal(escapeMarkdown('a*b\n_c_'), 'a\\*b \\_c\\_');
    assert.equal(escapeHtml(`<img src=x onerror="alert('1')">&`), '&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;');
    assert.equal(markdownCode('a `b` c'), '``a `b` c``');
  });
});

import * as assert from 'node:assert/strict';
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
    assert.match(text, /in\\-progress: Add property tests \(@alice\)/);
    assert.match(text, /named in a postmortem/);
  });

  it('escapes repository text: no live links, HTML or emphasis from titles and subjects', () => {
    const text = hoverMarkdown([mark(1, 1, { incidents: [inc], commits: [commit({ subject: 'Fix [x](command:workbench.action.quit) `code` $(zap)' })] })], links);
    assert.ok(text.includes('\\<img') && !/(^|[^\\])</.test(text), 'every < is escaped, so no HTML');
    assert.ok(!text.includes('](http://evil)'), 'a link in a title is not a link');
    assert.ok(!text.includes('](command:workbench'), 'a command link in a commit subject is not a link');
    assert.ok(text.includes('\\$\\(zap\\)'), 'theme icon syntax is escaped');
    assert.match(text, /\[aaaaaaa\]\(command:changeRisk\.showCommit\?/);
    assert.match(text, /last changed by a fix or incident\-linked commit/);
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

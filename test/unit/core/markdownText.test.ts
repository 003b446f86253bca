import * as assert from 'node:assert/strict';
import { escapeMarkdown, escapeProse, markdownCode } from '../../../src/core/markdownText';

/** What a reader sees of escaped text, roughly: backslash escapes resolved, zero width spaces invisible. */
const rendered = (markdown: string) => markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1').replace(/&#8203;/g, '');

describe('Markdown escaping of repository text', () => {
  it('breaks @mentions with a zero width space after the @, so the text reads the same and notifies nobody', () => {
    const text = 'Ping @octocat and @org/team, mail dev@example.com';
    const escaped = escapeMarkdown(text);
    assert.ok(!/@[\w-]/.test(escaped), `no @ directly followed by a name: ${escaped}`);
    assert.ok(escaped.includes('@&#8203;octocat') && escaped.includes('@&#8203;org/team'));
    assert.equal(rendered(escaped), text);
  });

  it('leaves no HTML tag: < > & are escaped, the words stay', () => {
    const text = '<img src=x onerror=alert(1)> &amp; <b>';
    const escaped = escapeMarkdown(text);
    assert.ok(!/(^|[^\\])[<&]/.test(escaped.replace(/&#8203;/g, '')), escaped);
    assert.equal(rendered(escaped), text);
  });

  it('keeps a code span closed around backticks, and keeps edge spaces', () => {
    assert.equal(markdownCode('a`b'), '``a`b``');
    assert.equal(markdownCode('``x'), '``` ``x ```');
    assert.equal(markdownCode(' a '), '`  a  `', 'CommonMark strips one space on each side');
    assert.equal(markdownCode('a\nb'), '`a b`');
  });
});

describe('escapeProse', () => {
  it('escapes HTML, links and mentions between its own code spans and leaves the spans as written', () => {
    assert.equal(escapeProse('ship `self.ignored_columns += [...]` before <b>@alice</b> [x]'), 'ship `self.ignored_columns += [...]` before \\<b\\>@&#8203;alice\\</b\\> \\[x\\]');
  });
});

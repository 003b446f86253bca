import * as assert from 'node:assert/strict';
import { ChangeRiskEngine } from '../../../src/core/engine';
import { draftImpactStatement } from '../../../src/core/impact/draft';
import { bob, lines, TestRepo } from '../../helpers/testRepo';

/** What a reader sees of escaped text, roughly: backslash escapes resolved, zero width spaces invisible. */
const rendered = (markdown: string) => markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1').replace(/&#8203;/g, '');
/** The Markdown outside code spans (of any fence length): where GitHub would render HTML and mentions. */
const outsideCode = (markdown: string) => markdown.replace(/(`+)[^`](?:.*?[^`])??\1(?!`)/g, '');

const TITLE = '<img src=x onerror=alert(1)> @octocat';
const SUBJECT = 'Fix totals for @team <b>now</b> (INC-7)';
const MIGRATION = 'db/migrate/20250501_add`rounding.rb';

describe('impact statement with hostile repository text', function () {
  this.timeout(60_000);
  let repo: TestRepo;
  let markdown: string;

  before(async () => {
    repo = TestRepo.create();
    repo.commit({ message: 'Billing', date: '2024-01-01T10:00:00Z', author: bob, files: { 'app/models/invoice.rb': lines(10) } });
    repo.commit({ message: SUBJECT, date: '2025-02-02T10:00:00Z', author: bob, files: { 'app/models/invoice.rb': lines(10).replace('line 4', 'fixed 4') } });
    repo.commit({
      message: 'Team files',
      date: '2025-02-03T10:00:00Z',
      files: {
        '.changerisk/config.yaml': 'areas:\n  - name: "billing @payments <i>"\n    paths: ["app/models/**"]\n    owners: ["@alice"]\n',
        '.changerisk/incidents/INC-7.md': `---\nid: INC-7\ntitle: "${TITLE}"\ndate: 2025-02-01\nkind: regression\nseverity: high\naffected:\n  - path: app/models/invoice.rb\n    lines: "3-5"\nlinks: ["javascript:alert(1)", "https://tracker.example/INC-7>x"]\n---\nBody.\n`,
      },
    });
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('app/models/invoice.rb', repo.read('app/models/invoice.rb').replace('fixed 4', 'per line 4'));
    repo.write(MIGRATION, 'class AddRounding; end\n');
    const engine = await ChangeRiskEngine.open({ folder: repo.root, now: new Date('2025-06-01T00:00:00Z') });
    markdown = (await draftImpactStatement(engine, { useTemplate: false })).markdown;
  });
  after(() => repo.dispose());

  it('shows the incident title and the fix subject as text: no HTML tag, no @mention, same words', () => {
    const prose = outsideCode(markdown);
    assert.ok(!/(^|[^\\])<\/?(img|b|i)\b/i.test(markdown), `every < of a tag is escaped (\\<):\n${markdown}`);
    assert.ok(!/@[\w-]/.test(prose), `no @ directly followed by a name outside code spans:\n${markdown}`);
    assert.ok(rendered(markdown).includes(TITLE), 'the title reads the same');
    assert.ok(rendered(markdown).includes(SUBJECT), 'the commit subject reads the same');
    assert.ok(rendered(markdown).includes('billing @payments <i>'), 'the area name reads the same');
  });

  it('keeps owners and paths in code spans that a backtick cannot close', () => {
    assert.ok(markdown.includes('`@alice`'), 'a handle is shown as code, which GitHub never turns into a mention');
    assert.ok(markdown.includes(`\`\`${MIGRATION}\`\``), `the path with a backtick in a longer fence:\n${markdown}`);
  });

  it('links only a well-formed http(s) URL; any other link is text', () => {
    assert.ok(!markdown.includes('(javascript:'), 'no link to a javascript: URL');
    assert.ok(!markdown.includes('<https://tracker.example/INC-7>x>'), 'no autolink that a > could end early');
    assert.ok(rendered(markdown).includes('javascript:alert(1)'), 'the link is still shown, as text');
  });
});

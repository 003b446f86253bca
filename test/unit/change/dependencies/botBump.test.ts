import * as assert from 'node:assert/strict';
import { botDependencyBump, type BotBump } from '../../../../src/core/change/dependencies';
import { compileHistoryRules } from '../../../../src/core/team/historyRules';
import { DEFAULT_BOT_AUTHORS } from '../../../../src/core/team/schema';

const dependabot = { author: 'dependabot[bot]', email: '49699333+dependabot[bot]@users.noreply.github.com' };
const renovate = { author: 'renovate[bot]', email: '29139614+renovate[bot]@users.noreply.github.com' };
const alice = { author: 'Alice Archer', email: 'alice@example.com' };

describe('dependencies: bot dependency bumps', () => {
  it('a Dependabot commit with its merges of the base branch is a bot bump naming package and versions', () => {
    const bump = botDependencyBump([
      { ...dependabot, subject: 'Bump nokogiri from 1.15.5 to 1.16.0' },
      { ...alice, subject: "Merge branch 'main' into dependabot/bundler/nokogiri-1.16.0" },
    ]);
    assert.deepEqual(bump, { bots: [`${dependabot.author} <${dependabot.email}>`], packages: [{ name: 'nokogiri', from: '1.15.5', to: '1.16.0' }] });
  });

  it('Renovate subjects, conventional prefixes, directories and grouped updates', () => {
    assert.deepEqual(botDependencyBump([{ ...renovate, subject: 'fix(deps): update dependency stripe to v5.2.0' }])?.packages, [{ name: 'stripe', to: '5.2.0' }]);
    assert.deepEqual(botDependencyBump([{ ...dependabot, subject: 'build(deps-dev): bump @babel/core from 7.23.9 to 7.24.0 in /frontend (#123)' }])?.packages, [{ name: '@babel/core', from: '7.23.9', to: '7.24.0' }]);
    assert.deepEqual(botDependencyBump([{ ...dependabot, subject: 'Bump the npm_and_yarn group across 1 directory with 2 updates' }])?.packages, []);
    assert.ok(botDependencyBump([{ ...renovate, subject: 'chore(deps): lock file maintenance' }]));
  });

  it('the subjects of real Dependabot and Renovate commits (huginn, openstreetmap-website, rubygems.org) are bumps', () => {
    const subjects: Array<[typeof dependabot, string, BotBump['packages']]> = [
      [dependabot, 'Bump rails from 8.1.3 to 8.1.3.1 in the rails group', [{ name: 'rails', from: '8.1.3', to: '8.1.3.1' }]],
      [dependabot, 'Bump the dependencies group with 6 updates', []],
      [dependabot, 'Bump the minor-and-patch group across 1 directory with 3 updates', []],
      [renovate, 'Update patch updated gems (#3708)', []],
      [renovate, 'Update minor updated gems to v1.25.0 (#3714)', []],
      [renovate, 'Update development and test gems to v4.47.0 (#3718)', []],
      [renovate, "Update dependency aws-sdk-s3 to '~> 1', '>= 1.229.0' (#3716)", [{ name: 'aws-sdk-s3', to: "'~> 1', '>= 1.229.0'" }]],
      [renovate, 'Update dependency @fortawesome/fontawesome-free to v7.3.1 (#3688)', [{ name: '@fortawesome/fontawesome-free', to: '7.3.1' }]],
      [renovate, 'Lock file maintenance (#3712)', []],
    ];
    for (const [bot, subject, packages] of subjects) assert.deepEqual(botDependencyBump([{ ...bot, subject }])?.packages, packages, subject);
    assert.equal(botDependencyBump([{ ...alice, subject: 'bump commonmarker version from 2.6.0 to 2.6.3' }]), undefined, "a person's own wording");
  });

  it('a person\'s Dependabot-shaped subject counts; any other subject of a person does not', () => {
    assert.deepEqual(botDependencyBump([{ ...alice, subject: 'Bump rails from 7.1.3 to 7.2.0' }])?.bots, []);
    assert.equal(botDependencyBump([{ ...alice, subject: 'Update dependency rails to v7.2.0' }]), undefined, 'Renovate-shaped but written by a person, no bot');
    assert.equal(botDependencyBump([{ ...alice, subject: 'Upgrade rails and fix the deprecations' }]), undefined);
  });

  it('a person\'s own commit among the bot\'s makes it a person\'s change', () => {
    assert.equal(botDependencyBump([{ ...dependabot, subject: 'Bump rails from 7.1.3 to 7.2.0' }, { ...alice, subject: 'Fix the call sites for rails 7.2' }]), undefined);
    assert.equal(botDependencyBump([]), undefined);
    assert.equal(botDependencyBump([{ ...dependabot, subject: "Merge branch 'main'" }]), undefined, 'only merges: nothing to judge');
  });

  it('a bot that is no dependency bot is not a bump; the team\'s own bot rules are used when given', () => {
    assert.equal(botDependencyBump([{ author: 'github-actions[bot]', email: '41898282+github-actions[bot]@users.noreply.github.com', subject: 'Update translations' }]), undefined);
    const rules = compileHistoryRules({ fixPatterns: [], nonFixPatterns: [], incidentIdPatterns: [], ignorePaths: [], botAuthors: [...DEFAULT_BOT_AUTHORS, '^deps-robot\\b'], bulkCommitFiles: 50, activeAuthorMonths: 12 });
    const robot = { author: 'deps-robot', email: 'robot@corp.example', subject: 'chore(deps): update dependency pg to v1.5.6' };
    assert.equal(botDependencyBump([robot]), undefined, 'not a bot by the default rules');
    assert.deepEqual(botDependencyBump([robot], rules.isBot)?.bots, ['deps-robot <robot@corp.example>']);
  });
});

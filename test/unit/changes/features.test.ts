import * as assert from 'node:assert/strict';
import { changeLineDataFor } from '../../../src/core/backtest/changeBacktest';
import type { ChangeLineData } from '../../../src/core/changes/changeData';
import { FEATURES, type FeatureId } from '../../../src/core/changes/featureSet';
import { computeChangeFeatures, entropy, prospectiveChangeFeatures } from '../../../src/core/changes/features';
import { earliestFixTimes, labelAt } from '../../../src/core/changes/model';
import { openRepository } from '../../../src/core/git/repository';
import { History, ruleSettingsFor } from '../../../src/core/history/history';
import { loadHistory } from '../../../src/core/history/historyLoader';
import { parseConfig, type ChangeRiskConfig } from '../../../src/core/team';
import { alice, bob, carol, lines, TestRepo } from '../../helpers/testRepo';

const CONFIG_YAML = `
areas:
  - name: old billing
    paths: ["lib/**"]
    legacy: true
coupling:
  minCommits: 2
  minSharedCommits: 2
`;

const dependabot = { name: 'dependabot[bot]', email: '49699333+dependabot[bot]@users.noreply.github.com' };
/** Bob under another address: the same person by name. */
const bobAtWork = { name: 'Bob Builder', email: 'bob@work.example' };

interface Built {
  history: History;
  features: ReturnType<typeof computeChangeFeatures>;
  config: ChangeRiskConfig;
  lines: ChangeLineData;
  shas: Record<string, string>;
}

async function build(repo: TestRepo, config: ChangeRiskConfig): Promise<Built> {
  const shas: Record<string, string> = {};
  const a10 = lines(10);
  shas.first = repo.commit({ message: 'Add models', date: '2024-01-01T10:00:00Z', author: alice, files: { 'app/models/a.rb': a10, 'lib/b.rb': lines(5, 'b') } });
  const a2 = a10.replace('line 2\nline 3\n', 'changed 2\nchanged 3\n') + 'new 1\nnew 2\nnew 3\n';
  shas.second = repo.commit({ message: 'Extend a', date: '2024-02-01T10:00:00Z', author: bob, files: { 'app/models/a.rb': a2 } });
  shas.bot = repo.commit({ message: 'Bump b', date: '2024-02-10T10:00:00Z', author: dependabot, files: { 'lib/b.rb': lines(5, 'b') + 'bumped\n' } });
  const a3 = a2.replace('line 1\n', 'fixed 1\n');
  shas.fix = repo.commit({ message: 'Fix rounding in a', date: '2024-02-20T10:00:00Z', author: alice, files: { 'app/models/a.rb': a3 } });
  shas.incident = repo.commit({ message: 'Guard b against nil (INC-12)', date: '2024-03-01T10:00:00Z', author: bobAtWork, files: { 'lib/b.rb': lines(5, 'b') + 'bumped\nguard\n' } });
  shas.fourth = repo.commit({
    message: 'Rework a and b',
    date: '2024-04-01T10:00:00Z',
    author: carol,
    files: { 'app/models/a.rb': a3.replace('fixed 1\n', 'refixed 1\n'), 'lib/b.rb': lines(5, 'b') + 'bumped\nguard\nmore\n', 'app/controllers/c_controller.rb': lines(4, 'c') },
  });
  // x and y change together twice; then x alone: y is a partner left out.
  repo.commit({ message: 'Add x and y', date: '2024-05-01T10:00:00Z', author: alice, files: { 'app/models/x.rb': 'x\n', 'app/models/y.rb': 'y\n' } });
  repo.commit({ message: 'Change x and y', date: '2024-05-02T10:00:00Z', author: alice, files: { 'app/models/x.rb': 'x\nx\n', 'app/models/y.rb': 'y\ny\n' } });
  shas.alone = repo.commit({ message: 'Change x alone', date: '2024-05-03T10:00:00Z', author: alice, files: { 'app/models/x.rb': 'x\nx\nx\n', 'spec/models/x_spec.rb': 'it\n' } });
  const repository = await openRepository(repo.root);
  const loaded = await loadHistory({ repository });
  const history = new History(loaded.data, ruleSettingsFor(config.history, repo.root), new Date('2024-06-01T00:00:00Z'));
  const lineData = await changeLineDataFor(history, repository, (path) => !path.startsWith('spec/'));
  const features = computeChangeFeatures({ history, lines: lineData, config });
  return { history, features, config, lines: lineData, shas };
}

function rowOf(built: Built, sha: string): Record<FeatureId, number> | undefined {
  const commit = built.history.commitIndex(sha)!;
  const k = built.features.commits.indexOf(commit);
  if (k < 0) return undefined;
  return Object.fromEntries(FEATURES.map((id, j) => [id, built.features.values[k * FEATURES.length + j]!])) as Record<FeatureId, number>;
}

describe('features of a change', function () {
  this.timeout(60_000);
  let repo: TestRepo;
  let built: Built;

  before(async () => {
    repo = TestRepo.create();
    built = await build(repo, parseConfig(CONFIG_YAML).config);
  });
  after(() => repo.dispose());

  it('measures size and diffusion over the rated files', () => {
    const first = rowOf(built, built.shas.first!)!;
    assert.equal(first.nf, 2);
    assert.equal(first.ns, 2, 'app and lib');
    assert.equal(first.linesAdded, 15);
    assert.equal(first.lt, 0, 'new files');
    assert.equal(first.la, 15, 'relative churn over LT 0 divides by 1');
    assert.ok(Math.abs(first.entropy - entropy([10, 5])) < 1e-12);
    assert.ok(Math.abs(first.entropy - 0.9183) < 1e-4);
    const second = rowOf(built, built.shas.second!)!;
    assert.equal(second.linesAdded, 5);
    assert.equal(second.linesDeleted, 2);
    assert.equal(second.lt, 10);
    assert.equal(second.la, 0.5);
    assert.equal(second.ld, 0.2);
  });

  it('reads history and experience from before the change only, people merged and bots left out', () => {
    assert.equal(rowOf(built, built.shas.bot!), undefined, "a bot's commit is no change");
    const fourth = rowOf(built, built.shas.fourth!)!;
    assert.equal(fourth.nf, 3);
    assert.equal(fourth.nd, 3, 'app/models, lib, app/controllers');
    assert.equal(fourth.ns, 2);
    assert.equal(fourth.ndev, 2, 'alice and bob (under two addresses); the bot does not count');
    assert.equal(fourth.nuc, 4, 'first, second, the fix and the incident commit');
    const days = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;
    assert.ok(Math.abs(fourth.age - (days('2024-02-20T10:00:00Z', '2024-04-01T10:00:00Z') + days('2024-03-01T10:00:00Z', '2024-04-01T10:00:00Z') + 0) / 3) < 1e-9);
    assert.equal(fourth.exp, 0, "carol's first change");
    const incident = rowOf(built, built.shas.incident!)!;
    assert.equal(incident.exp, 1, 'bob at work is bob');
    const fix = rowOf(built, built.shas.fix!)!;
    assert.equal(fix.fix, 1);
    assert.equal(fix.exp, 1);
    assert.equal(fix.rexp, 1, 'one change this year');
    assert.equal(fix.sexp, 1, 'one earlier change in app/');
  });

  it("flags Change Risk's own signals: recent fixes, incidents, legacy, partners, tests", () => {
    const fourth = rowOf(built, built.shas.fourth!)!;
    assert.equal(fourth.recentFixLines, 1, 'the line the fix wrote');
    assert.equal(fourth.recentFixes, 1);
    assert.equal(fourth.priorFixes, 1, 'a.rb was fixed in the year before');
    assert.equal(fourth.incidentFiles, 1, 'lib/b.rb, named in INC-12 before');
    assert.equal(fourth.legacyFiles, 1, 'lib/** is declared legacy');
    assert.equal(rowOf(built, built.shas.second!)!.missingTests, 1, 'a.rb changed without its spec');
    const alone = rowOf(built, built.shas.alone!)!;
    assert.equal(alone.missingPartners, 1, 'y.rb came along twice out of two');
    assert.equal(alone.missingTests, 0, 'its spec changed with it');
  });

  it('describes a prospective change against the state after the whole history', () => {
    const row = prospectiveChangeFeatures(built.history, built.features.state, {
      author: { name: 'Carol Chen', email: 'carol@elsewhere.example' },
      time: Date.parse('2024-06-01T00:00:00Z') / 1000,
      files: [
        { path: 'app/models/a.rb', added: 4, deleted: 1 },
        { path: 'app/models/new.rb', added: 6, deleted: 0 },
        { path: 'README.md', added: 100, deleted: 0 },
      ],
    })!;
    const value = (id: FeatureId) => row[FEATURES.indexOf(id)];
    assert.equal(value('nf'), 2, 'the README is not rated');
    assert.equal(value('linesAdded'), 10);
    assert.equal(value('exp'), 1, "carol's one change, under another address");
    assert.equal(value('priorFixes'), 1);
    assert.equal(value('ndev'), 3, 'alice, bob and carol changed a.rb');
    assert.equal(prospectiveChangeFeatures(built.history, built.features.state, { author: carol, files: [{ path: 'docs/guide.md', added: 3, deleted: 0 }] }), undefined);
  });

  it('labels the change whose line a fix changed within 60 days', () => {
    const earliest = earliestFixTimes(built.features, built.lines, built.history.data.times);
    const k = built.features.commits.indexOf(built.history.commitIndex(built.shas.first!)!);
    assert.equal(labelAt(built.features, earliest, k, Infinity), true);
    const fourth = built.features.commits.indexOf(built.history.commitIndex(built.shas.fourth!)!);
    assert.equal(labelAt(built.features, earliest, fourth, Infinity), false);
  });
});

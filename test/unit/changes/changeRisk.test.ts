import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readChange } from '../../../src/core/change/change';
import { assessChangeRisk, MIN_TRAINING_POSITIVES } from '../../../src/core/changes/changeRisk';
import { explainScore } from '../../../src/core/changes/explain';
import { ChangeRiskEngine } from '../../../src/core/engine';
import { analyseChange } from '../../../src/core/impact/analyse';
import { lessonRepo, LESSON_NOW, useLessonRepo } from '../../helpers/lessonRepo';
import { alice, bob, lines, type TestRepo } from '../../helpers/testRepo';

const NOW = LESSON_NOW;

describe('change risk of the change in front of a reviewer', function () {
  this.timeout(120_000);
  const lesson = useLessonRepo(24);
  let repo: TestRepo;
  let cacheDir: string;
  before(() => ({ repo, cacheDir } = lesson));

  async function assess(base = 'main') {
    const engine = await ChangeRiskEngine.open({ folder: repo.root, now: NOW, cacheDir });
    const change = await readChange(repo.root, { base });
    return assessChangeRisk(engine, change, { cacheDir });
  }

  it('rates a change like the ones that needed fixes above the average, and a small one below', async () => {
    repo.write('app/models/new_model.rb', lines(30, 'new model'));
    const large = await assess();
    fs.rmSync(path.join(repo.root, 'app/models/new_model.rb'));
    repo.write('app/helpers/h3.rb', lines(2, 'helper 3').replace('helper 3 2', 'helper 3 two'));
    const small = await assess();
    repo.git('checkout', '--', '.');

    assert.equal(large.status, 'scored');
    assert.equal(small.status, 'scored');
    if (large.status !== 'scored' || small.status !== 'scored') return;
    assert.ok(large.trainedOn.positives >= MIN_TRAINING_POSITIVES, `trained on ${large.trainedOn.positives} fix-inducing changes`);
    assert.ok(large.score.probability > large.score.baseRate, `large ${large.score.probability} vs average ${large.score.baseRate}`);
    assert.ok(small.score.probability < small.score.baseRate, `small ${small.score.probability} vs average ${small.score.baseRate}`);
    assert.equal(large.windowDays, 60);
    const { sentence } = explainScore(large.score, 'en', large.windowDays);
    assert.match(sentence, /adds 30 lines/);
  });

  it('judges a committed branch by the history before it: the same change scores the same committed or not', async () => {
    repo.write('app/models/branch_model.rb', lines(12, 'branch'));
    const uncommitted = await assess();
    repo.git('checkout', '--quiet', '-b', 'feature');
    repo.commit({ message: 'Add branch model', date: '2024-05-30T10:00:00Z', author: alice, files: { 'app/models/branch_model.rb': lines(12, 'branch') } });
    const committed = await assess();
    repo.git('checkout', '--quiet', 'main');
    repo.git('branch', '--quiet', '-D', 'feature');

    assert.equal(uncommitted.status, 'scored');
    assert.equal(committed.status, 'scored');
    if (uncommitted.status !== 'scored' || committed.status !== 'scored') return;
    assert.equal(committed.score.probability.toFixed(6), uncommitted.score.probability.toFixed(6));
    assert.deepEqual(committed.trainedOn, uncommitted.trainedOn);
  });

  it('counts the lines it rewrites that a fix wrote in the last six months, from the impact statement\'s blame', async () => {
    const fixed = repo.read('app/models/m1.rb').replace('model 1 7\n', 'repaired 1 7\n');
    repo.commit({ message: 'Fix totals in model 1', date: '2024-05-01T10:00:00Z', author: bob, files: { 'app/models/m1.rb': fixed } });
    repo.write('app/models/m1.rb', fixed.replace('repaired 1 7\n', 'rewritten 1 7\n'));
    const engine = await ChangeRiskEngine.open({ folder: repo.root, now: NOW, cacheDir });
    const analysis = await analyseChange(engine, { base: 'HEAD' });
    const result = await assessChangeRisk(engine, analysis.change, { cacheDir, lineWarnings: analysis.lineWarnings });
    const without = await assessChangeRisk(engine, analysis.change, { cacheDir });
    repo.git('checkout', '--', '.');
    assert.equal(result.status, 'scored');
    assert.equal(without.status, 'scored');
    if (result.status !== 'scored' || without.status !== 'scored') return;
    const valueOf = (score: typeof result.score, feature: string) => score.contributions.find((c) => c.feature === feature)?.value;
    assert.equal(valueOf(result.score, 'recentFixLines'), 1);
    assert.equal(valueOf(result.score, 'recentFixes'), 1);
    assert.equal(valueOf(without.score, 'recentFixLines'), 0);
  });

  it('says a change to tests and docs only is not rated', async () => {
    repo.write('spec/models/m1_spec.rb', 'it "works"\n');
    repo.write('README.md', '# notes\n');
    const result = await assess();
    fs.rmSync(path.join(repo.root, 'spec'), { recursive: true });
    fs.rmSync(path.join(repo.root, 'README.md'));
    assert.deepEqual(result, { status: 'not-rated', ratedFiles: 0 });
  });

  it('says why it cannot score on a history with too few fixes to learn from', async () => {
    const young = lessonRepo(3);
    try {
      young.write('app/models/new_model.rb', lines(30, 'new model'));
      const engine = await ChangeRiskEngine.open({ folder: young.root, now: NOW });
      const result = await assessChangeRisk(engine, await readChange(young.root, { base: 'main' }));
      assert.equal(result.status, 'unavailable');
      if (result.status !== 'unavailable') return;
      assert.match(result.reason, /knows 3 change\(s\) that needed a follow-up fix; at least 10 are needed/);
    } finally {
      young.dispose();
    }
  });
});

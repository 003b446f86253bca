import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { explainScore, percentText } from '../../../src/core/changes/explain';
import { ChangeRiskEngine } from '../../../src/core/engine';
import { analyseChange } from '../../../src/core/impact/analyse';
import { impactJson } from '../../../src/core/impact/impactJson';
import { renderImpactMarkdown } from '../../../src/core/impact/markdown';
import { checkChange } from '../../../src/core/quality/check';
import { withCiEnv } from '../../helpers/ciEnv';
import { runChangeRisk } from '../../helpers/cli';
import { lessonRepo, LESSON_NOW, useLessonRepo } from '../../helpers/lessonRepo';
import { validateSarif } from '../../helpers/reportSchemas';
import { lines, type TestRepo } from '../../helpers/testRepo';

const CONFIG = '.changerisk/config.yaml';
const BIG_CHANGES = 'qualityBar:\n  rules:\n    - name: big changes\n      maxChangeRisk: 0.2\n';

describe('the change risk in the impact statement and the check', function () {
  this.timeout(120_000);
  const lesson = useLessonRepo(24);
  let repo: TestRepo;
  let cacheDir: string;
  before(() => ({ repo, cacheDir } = lesson));
  afterEach(() => {
    repo.git('checkout', '--', '.');
    repo.git('clean', '-fdq');
  });

  const open = () => ChangeRiskEngine.open({ folder: repo.root, now: LESSON_NOW, cacheDir });
  /** A change like the ones that needed a fix: a new 30-line model. */
  const largeChange = () => repo.write('app/models/new_model.rb', lines(30, 'new model'));
  /** A change like the ones that did not: one line of a 2-line helper. */
  const smallChange = () => repo.write('app/helpers/h3.rb', lines(2, 'helper 3').replace('helper 3 2', 'helper 3 two'));

  it('opens the statement with the sentence and what it was learned from, in English and Japanese', async () => {
    largeChange();
    const engine = await open();
    const analysis = await analyseChange(engine, { base: 'main', changeRisk: { cacheDir } });
    assert.equal(analysis.changeRisk?.status, 'scored');
    if (analysis.changeRisk?.status !== 'scored') return;
    const { score, trainedOn } = analysis.changeRisk;
    const p = percentText(score.probability);

    const en = renderImpactMarkdown(analysis, 'en').split('\n');
    const top = en.indexOf(en.find((line) => line.startsWith('**Change risk'))!);
    assert.equal(top, 5, 'right under the title and the drafted note, above the prompts');
    assert.match(en[top]!, new RegExp(`^\\*\\*Change risk ${p}\\*\\* — Changes like this one needed a follow-up fix within 60 days ${p} of the time here \\(average change: \\d+ %\\) — mostly because it adds 30 lines.*\\.  $`));
    assert.equal(en[top + 1], `_Learned from ${trainedOn.changes} past changes of this repository, ${trainedOn.positives} of which needed a follow-up fix; \`change-risk backtest --changes\` shows how well it predicts here._`);
    assert.match(en[top + 3]!, /^> ✍️/);

    const ja = renderImpactMarkdown(analysis, 'ja').split('\n');
    assert.match(ja[top]!, new RegExp(`^\\*\\*変更リスク ${p}\\*\\* — このリポジトリでは、このような変更の ${p} が 60 日以内に追加の修正を必要としました（平均的な変更: \\d+ %）。主な理由: 30 行を追加する`));
    assert.equal(ja[top + 1], `_このリポジトリの過去の変更 ${trainedOn.changes} 件（うち追加の修正が必要だったもの ${trainedOn.positives} 件）から学習しました。予測の精度は \`change-risk backtest --changes\` で確認できます。_`);

    const plain = await analyseChange(engine, { base: 'main' });
    assert.equal(plain.changeRisk, undefined, 'not assessed unless asked for');
    assert.doesNotMatch(renderImpactMarkdown(plain, 'en'), /Change risk/);
  });

  it('gives --format json a stable changeRisk object with the reasons in words', async () => {
    largeChange();
    const engine = await open();
    const analysis = await analyseChange(engine, { base: 'main', changeRisk: { cacheDir } });
    const json = impactJson(engine, analysis, { markdown: '', template: null, lang: 'en' });
    const risk = json.changeRisk!;
    assert.deepEqual(Object.keys(risk), ['status', 'probability', 'baseRate', 'windowDays', 'trainedOn', 'ratedFiles', 'reasons', 'sentence', 'reason']);
    assert.equal(risk.status, 'scored');
    assert.equal(risk.windowDays, 60);
    assert.equal(risk.ratedFiles, 1);
    assert.ok(risk.probability! > risk.baseRate!);
    assert.deepEqual(Object.keys(risk.reasons[0]!), ['feature', 'value', 'contribution', 'text']);
    assert.deepEqual(risk.reasons[0], { feature: risk.reasons[0]!.feature, value: risk.reasons[0]!.value, contribution: risk.reasons[0]!.contribution, text: risk.reasons[0]!.text });
    assert.ok(risk.reasons.some((reason) => reason.feature === 'linesAdded' && reason.value === 30 && reason.text === 'adds 30 lines'));
    assert.ok(risk.reasons.every((reason) => reason.contribution > 0));
    if (analysis.changeRisk?.status === 'scored') assert.equal(risk.sentence, explainScore(analysis.changeRisk.score, 'en', 60).sentence);
    assert.equal(json.qualityBar.changeRiskLimit, null, 'the default bar sets no limit');
  });

  it('fails check on a large change over maxChangeRisk and passes a small one, in both languages', async () => {
    repo.write(CONFIG, BIG_CHANGES);
    largeChange();
    const large = await checkChange(await open(), { base: 'main', changeRisk: { cacheDir } });
    assert.equal(large.passed, false);
    assert.deepEqual(large.findings.map((finding) => [finding.severity, finding.requirement]), [['error', 'changeRisk']]);
    assert.match(
      large.findings[0]!.message,
      /^change risk (?:\d+|>99) % is over the 20 % the bar accepts \(big changes\): changes like this one needed a follow-up fix within 60 days (?:\d+|>99) % of the time here \(average change: \d+ %\) — mostly because it adds 30 lines.*\. Split it into smaller changes, add tests for what it changes, or ask a second reviewer$/,
    );
    assert.match(renderImpactMarkdown(large.analysis, 'en'), /^- \[ \] Change risk at most 20 % — (?:\d+|>99) % _big changes_$/m);
    const ja = await checkChange(await open(), { base: 'main', changeRisk: { cacheDir }, lang: 'ja' });
    assert.match(ja.findings[0]!.message, /^変更リスク (?:\d+|>99) % が品質基準の上限 20 % を超えています（big changes）：このリポジトリでは、.*。変更を小さく分けるか/);

    repo.git('clean', '-fdq', 'app');
    smallChange();
    const small = await checkChange(await open(), { base: 'main', changeRisk: { cacheDir } });
    assert.equal(small.analysis.changeRisk?.status, 'scored');
    assert.deepEqual(small.findings, []);
    assert.equal(small.passed, true);
    assert.match(renderImpactMarkdown(small.analysis, 'en'), /^- \[x\] Change risk at most 20 % — (<1|\d+) % _big changes_$/m);
  });

  it('says nothing about a change to tests and docs only, and the limit does not apply to it', async () => {
    repo.write(CONFIG, BIG_CHANGES);
    repo.write('spec/models/m1_spec.rb', 'it "works"\n');
    repo.write('README.md', '# notes\n');
    const result = await checkChange(await open(), { base: 'main', changeRisk: { cacheDir } });
    assert.equal(result.analysis.changeRisk?.status, 'not-rated');
    assert.deepEqual(result.findings, []);
    const markdown = renderImpactMarkdown(result.analysis, 'en');
    assert.doesNotMatch(markdown, /\*\*Change risk/);
    assert.match(markdown, /^- \[x\] Change risk at most 20 % — nothing it rates changed _big changes_$/m);
  });

  it('warns, without failing, when the history is too short to check the limit, and says why in one line', async () => {
    const young = lessonRepo(3);
    try {
      young.write(CONFIG, BIG_CHANGES);
      young.write('app/models/new_model.rb', lines(30, 'new model'));
      const engine = await ChangeRiskEngine.open({ folder: young.root, now: LESSON_NOW });
      const result = await checkChange(engine, { base: 'main', changeRisk: {} });
      assert.equal(result.passed, true);
      assert.deepEqual(result.findings.map((finding) => [finding.severity, finding.requirement, finding.message]), [
        ['warning', 'changeRisk', "change risk not checked against the bar's 20 % (big changes): the history knows 3 changes that needed a follow-up fix; at least 10 are needed to learn from"],
      ]);
      const en = renderImpactMarkdown(result.analysis, 'en');
      assert.doesNotMatch(en, /Change risk: not rated|\*\*Change risk/, 'no top line the reviewer cannot act on');
      assert.match(en, /^- \[ \] Change risk at most 20 % — not enough history yet \(3 of 10 fix-inducing changes needed\) _big changes_$/m);
      assert.match(renderImpactMarkdown(result.analysis, 'ja'), /^- \[ \] 変更リスク 20 % 以下 — 履歴がまだ足りません（修正を誘発した変更 3 件／必要 10 件） _big changes_$/m);
      const json = impactJson(engine, result.analysis, { markdown: '', template: null, lang: 'en' });
      assert.deepEqual(json.changeRisk, {
        status: 'unavailable',
        probability: null,
        baseRate: null,
        windowDays: null,
        trainedOn: (result.analysis.changeRisk as { trainedOn: unknown }).trainedOn,
        ratedFiles: null,
        reasons: [],
        sentence: null,
        reason: 'the history knows 3 changes that needed a follow-up fix; at least 10 are needed to learn from',
      });
      assert.deepEqual(json.qualityBar.changeRiskLimit, { max: 0.2, rules: ['big changes'], files: [CONFIG, 'app/models/new_model.rb'].sort(), within: null });
    } finally {
      young.dispose();
    }
  });
});

describe('change-risk impact and check with the change risk', function () {
  this.timeout(120_000);
  let repo: TestRepo;
  const run = (...args: string[]) => withCiEnv({}, () => runChangeRisk(repo.root, ...args, '--now', '2024-06-01', '--base', 'main'));

  before(() => {
    repo = lessonRepo(24);
    repo.write(CONFIG, BIG_CHANGES);
    repo.write('app/models/new_model.rb', lines(30, 'new model'));
  });
  after(() => {
    repo.dispose();
    fs.rmSync(`${repo.root}-cache`, { recursive: true, force: true });
  });

  it('impact opens with the change risk; --format json carries it', () => {
    const markdown = run('impact', '--no-template');
    assert.equal(markdown.status, 0, markdown.stderr);
    assert.match(markdown.stdout.split('\n')[5]!, /^\*\*Change risk (?:\d+|>99) %\*\* — Changes like this one needed a follow-up fix within 60 days/);
    const json = run('impact', '--format', 'json', '--lang', 'ja');
    const report = JSON.parse(json.stdout);
    assert.equal(report.changeRisk.status, 'scored');
    assert.match(report.changeRisk.sentence, /^このリポジトリでは、このような変更の (?:\d+|>99) % が/);
    assert.deepEqual(report.qualityBar.changeRiskLimit, { max: 0.2, rules: ['big changes'], files: [CONFIG, 'app/models/new_model.rb'], within: false });
  });

  it('check fails a change over maxChangeRisk, in text and as a SARIF result of its own rule', () => {
    const text = run('check');
    assert.equal(text.status, 1, text.stderr);
    assert.match(text.stdout, /^✗ changeRisk: change risk (?:\d+|>99) % is over the 20 % the bar accepts \(big changes\): changes like this one/m);
    const sarif = run('check', '--format', 'sarif');
    assert.equal(sarif.status, 1, sarif.stderr);
    const log = JSON.parse(sarif.stdout);
    assert.deepEqual(validateSarif(log), []);
    const { rules } = log.runs[0].tool.driver;
    const [result] = log.runs[0].results;
    assert.equal(rules[result.ruleIndex].id, 'changeRisk');
    assert.match(rules[result.ruleIndex].help.text, /Split the change into smaller ones/);
    assert.deepEqual([result.ruleId, result.level, result.locations[0].physicalLocation.artifactLocation.uri], ['changeRisk', 'error', 'app/models/new_model.rb']);
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FINGERPRINT_KEY, SARIF_SCHEMA } from '../../../src/core/quality/sarif';
import { withCiEnv } from '../../helpers/ciEnv';
import { runChangeRisk } from '../../helpers/cli';
import { BARE_DESCRIPTION, QUALITY_BAR_NOW, qualityBarRepo } from '../../helpers/qualityBarRepo';
import { draft04OnlyKeywords, readSarifSchema, validateGitLabCodeQuality, validateSarif } from '../../helpers/reportSchemas';
import type { TestRepo } from '../../helpers/testRepo';

interface Finding {
  severity: string;
  requirement: string;
  message: string;
  file?: string;
  line?: number;
}

const RULE_IDS = ['impactStatement', 'testChanges', 'featureFlag', 'ownerReview', 'rollbackPlan', 'monitoring', 'budget', 'changeRisk'];

describe('check --format sarif and --format gitlab', function () {
  this.timeout(120_000);
  let repo: TestRepo;
  let prBody: string;
  const check = (...args: string[]) => withCiEnv({}, () => runChangeRisk(repo.root, 'check', '--now', QUALITY_BAR_NOW, '--pr-body', prBody, ...args));

  before(() => {
    repo = qualityBarRepo();
    prBody = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-body-')), 'body.md');
    fs.writeFileSync(prBody, BARE_DESCRIPTION);
  });
  after(() => {
    repo.dispose();
    fs.rmSync(`${repo.root}-cache`, { recursive: true, force: true });
    fs.rmSync(path.dirname(prBody), { recursive: true, force: true });
  });

  it('the official SARIF 2.1.0 schema reads the same as draft-07 (no draft-04-only keyword but its id)', () => {
    assert.deepEqual(draft04OnlyKeywords(readSarifSchema()), []);
  });

  it('sarif: a SARIF 2.1.0 log valid against the official schema, one result per finding of every other format', () => {
    const sarif = check('--format', 'sarif');
    assert.equal(sarif.status, 1, sarif.stderr);
    const log = JSON.parse(sarif.stdout);
    assert.deepEqual(validateSarif(log), []);
    assert.equal(log.$schema, SARIF_SCHEMA);
    assert.equal(log.runs.length, 1);
    const { driver } = log.runs[0].tool;
    assert.equal(driver.name, 'change-risk');
    assert.equal(driver.version, JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')).version);
    assert.deepEqual(driver.rules.map((rule: { id: string }) => rule.id), RULE_IDS);
    for (const rule of driver.rules) {
      assert.ok(rule.shortDescription.text && rule.fullDescription.text && rule.help.text && rule.help.markdown, rule.id);
      assert.equal(rule.defaultConfiguration.level, rule.id === 'ownerReview' ? 'warning' : 'error');
    }

    const findings: Finding[] = JSON.parse(check('--format', 'json').stdout).findings;
    assert.deepEqual(findings.map((finding) => finding.requirement), [...RULE_IDS.slice(0, 2), 'testChanges', ...RULE_IDS.slice(2)]);
    const results = log.runs[0].results;
    assert.equal(results.length, findings.length);
    results.forEach((result: Record<string, any>, i: number) => {
      const finding = findings[i]!;
      assert.equal(result.ruleId, finding.requirement);
      assert.equal(driver.rules[result.ruleIndex].id, result.ruleId);
      assert.equal(result.level, finding.severity);
      assert.equal(result.message.text, finding.message);
      const [location] = result.locations;
      assert.equal(result.locations.length, 1, 'GitHub code scanning rejects a result without a location');
      assert.equal(location.physicalLocation.artifactLocation.uriBaseId, '%SRCROOT%');
      if (finding.file) {
        assert.equal(decodeURIComponent(location.physicalLocation.artifactLocation.uri), finding.file);
        assert.equal(location.physicalLocation.region.startLine, finding.line);
      }
    });
    const where = (requirement: string) => results.filter((r: { ruleId: string }) => r.ruleId === requirement).map((r: Record<string, any>) => {
      const { artifactLocation, region } = r.locations[0].physicalLocation;
      return `${artifactLocation.uri}:${region.startLine}`;
    });
    assert.deepEqual(where('testChanges'), ['app/models/invoice.rb:4', 'app/models/odd%20name%231.rb:2'], 'each segment percent-encoded');
    assert.deepEqual(where('impactStatement'), ['app/models/invoice.rb:4'], 'a PR-body requirement at the first file that asks for it');
    assert.deepEqual(where('budget'), ['.changerisk/config.yaml:1'], 'the budget at the config file');
    assert.deepEqual(where('changeRisk'), ['app/models/invoice.rb:4'], 'the change risk at the first file its limit applies to');
    const fingerprints = results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints[FINGERPRINT_KEY]);
    assert.equal(new Set(fingerprints).size, results.length);
  });

  it('gitlab: a Code Quality report valid against its documented format, with unique fingerprints shared with SARIF', () => {
    const gitlab = check('--format', 'gitlab');
    assert.equal(gitlab.status, 1, gitlab.stderr);
    const issues = JSON.parse(gitlab.stdout);
    assert.deepEqual(validateGitLabCodeQuality(issues), []);
    assert.equal(new Set(issues.map((issue: { fingerprint: string }) => issue.fingerprint)).size, issues.length);
    assert.deepEqual(
      issues.map((issue: Record<string, any>) => [issue.check_name, issue.severity, `${issue.location.path}:${issue.location.lines.begin}`]),
      [
        ['impactStatement', 'major', 'app/models/invoice.rb:4'],
        ['testChanges', 'major', 'app/models/invoice.rb:4'],
        ['testChanges', 'major', 'app/models/odd name#1.rb:2'],
        ['featureFlag', 'major', 'app/models/invoice.rb:4'],
        ['ownerReview', 'minor', 'app/models/invoice.rb:4'],
        ['rollbackPlan', 'major', 'app/models/invoice.rb:4'],
        ['monitoring', 'major', 'app/models/invoice.rb:4'],
        ['budget', 'major', '.changerisk/config.yaml:1'],
        ['changeRisk', 'minor', 'app/models/invoice.rb:4'],
      ],
    );
    assert.match(issues[7].description, /^1 incident in 2025-05, budget 0 \(INC-1\): stop and hold a postmortem$/);
    const sarif = JSON.parse(check('--format', 'sarif').stdout);
    assert.deepEqual(
      issues.map((issue: { fingerprint: string }) => issue.fingerprint),
      sarif.runs[0].results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints[FINGERPRINT_KEY]),
    );
  });

  it('fingerprints are stable across runs: the same bytes again, and neither the language nor moved lines change them', () => {
    const first = check('--format', 'gitlab').stdout;
    assert.equal(check('--format', 'gitlab').stdout, first);
    const fingerprints = (stdout: string) => JSON.parse(stdout).map((issue: { fingerprint: string }) => issue.fingerprint);
    const ja = check('--format', 'gitlab', '--lang', 'ja').stdout;
    assert.notEqual(JSON.parse(ja)[0].description, JSON.parse(first)[0].description);
    assert.deepEqual(fingerprints(ja), fingerprints(first));
    const original = repo.read('app/models/invoice.rb');
    repo.write('app/models/invoice.rb', `# frozen_string_literal: true\n${original}`);
    try {
      const moved = JSON.parse(check('--format', 'gitlab').stdout);
      assert.equal(moved[1].location.lines.begin, 1, 'the finding moved to the new first changed line');
      assert.deepEqual(fingerprints(JSON.stringify(moved)), fingerprints(first));
    } finally {
      repo.write('app/models/invoice.rb', original);
    }
  });

  it('a change that meets the bar gives an empty report and exit 0', () => {
    const met = (format: string) => withCiEnv({}, () => runChangeRisk(repo.root, 'check', '--now', '2025-07-01', '--base', 'HEAD', '--format', format));
    const gitlab = met('gitlab');
    assert.equal(gitlab.status, 0, gitlab.stderr);
    assert.deepEqual(JSON.parse(gitlab.stdout), []);
    const sarif = met('sarif');
    assert.equal(sarif.status, 0, sarif.stderr);
    const log = JSON.parse(sarif.stdout);
    assert.deepEqual(validateSarif(log), []);
    assert.deepEqual(log.runs[0].results, []);
  });

  it('--output writes the report once the change is read: the same bytes, and the file is no part of the change', () => {
    const file = path.join(repo.root, 'report.json');
    try {
      const written = check('--format', 'json', '--output', file);
      assert.equal(written.status, 1, written.stderr);
      assert.equal(written.stdout, '');
      const report = JSON.parse(fs.readFileSync(file, 'utf8'));
      assert.deepEqual(report.change.files.map((f: { path: string }) => f.path), ['app/models/invoice.rb', 'app/models/odd name#1.rb']);
      fs.rmSync(file);
      assert.equal(check('--format', 'gitlab', '--output', file).stdout, '');
      const gitlab = fs.readFileSync(file, 'utf8');
      fs.rmSync(file);
      assert.equal(gitlab, check('--format', 'gitlab').stdout);
    } finally {
      fs.rmSync(file, { force: true });
    }
    const text = runChangeRisk(repo.root, 'check', '--output', 'x.txt');
    assert.equal(text.status, 2);
    assert.match(text.stderr, /--output: only with --format json, sarif, gitlab/);
  });

  it('an unknown --format is a usage error that lists the formats', () => {
    const result = runChangeRisk(repo.root, 'check', '--format', 'xml');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--format: "xml" is not one of text, json, github, sarif, gitlab/);
    assert.equal(result.stdout, '');
  });
});

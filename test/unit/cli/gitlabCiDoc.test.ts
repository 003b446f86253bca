import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { BARE_DESCRIPTION, FULL_DESCRIPTION, qualityBarRepo } from '../../helpers/qualityBarRepo';
import { validateGitLabCodeQuality } from '../../helpers/reportSchemas';
import type { TestRepo } from '../../helpers/testRepo';

const DOC = path.resolve(__dirname, '../../../docs/ci-gitlab.md');
const BIN = path.resolve(__dirname, '../../../src/cli/bin.ts');
const REPORT = 'gl-code-quality-report.json';

/** The first ```yaml block of the doc: the job users copy. */
function documentedJob(): Record<string, any> {
  const block = /^```yaml\n([\s\S]*?)^```$/m.exec(fs.readFileSync(DOC, 'utf8'));
  assert.ok(block, 'docs/ci-gitlab.md has a yaml block');
  return parse(block[1]!);
}

/**
 * Runs the job's script lines as the GitLab runner does (one shell command after the other, the job failing with the
 * first non-zero exit), in `cwd` with the merge request's predefined variables. `npx --yes change-risk@<version>`
 * becomes this checkout's CLI: the tests run what the package will ship, without the registry.
 */
function runJob(script: string[], cwd: string, variables: Record<string, string>): { status: number; log: string } {
  const cli = [process.execPath, '--require', require.resolve('tsx/cjs'), BIN].map((part) => `'${part}'`).join(' ');
  const env: NodeJS.ProcessEnv = { ...process.env, CHANGE_RISK_CACHE_DIR: `${cwd}-cache`, NO_COLOR: '1', ...variables };
  delete env.GITHUB_ACTIONS;
  delete env.GITHUB_EVENT_PATH;
  // The runner starts from a clean checkout: no report of an earlier job.
  fs.rmSync(path.join(cwd, REPORT), { force: true });
  let log = '';
  for (const line of script) {
    const command = line.replace(/^npx --yes change-risk@\S+/, cli);
    const run = spawnSync('bash', ['-c', command], { cwd, env, encoding: 'utf8' });
    log += `$ ${line}\n${run.stdout}${run.stderr}`;
    if (run.status !== 0) return { status: run.status ?? -1, log };
  }
  return { status: 0, log };
}

describe('the GitLab CI job in docs/ci-gitlab.md', function () {
  this.timeout(120_000);
  let repo: TestRepo;
  let variables: Record<string, string>;

  before(() => {
    repo = qualityBarRepo();
    variables = {
      GITLAB_CI: 'true',
      CI_PIPELINE_SOURCE: 'merge_request_event',
      CI_MERGE_REQUEST_IID: '12',
      CI_MERGE_REQUEST_DIFF_BASE_SHA: repo.git('rev-parse', 'main'),
      CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main',
    };
  });
  after(() => {
    repo.dispose();
    fs.rmSync(`${repo.root}-cache`, { recursive: true, force: true });
  });

  it('is a merge request pipeline job with the whole history that keeps its Code Quality report', () => {
    const jobs = documentedJob();
    assert.deepEqual(Object.keys(jobs), ['change-risk']);
    const job = jobs['change-risk'];
    assert.deepEqual(job.rules, [{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }]);
    assert.equal(job.variables.GIT_DEPTH, '0', 'a string, as GitLab variables are');
    assert.deepEqual(job.artifacts, { when: 'always', reports: { codequality: REPORT } });
    assert.deepEqual(job.script, [`npx --yes change-risk@0.1.0 check --format gitlab --output ${REPORT}`]);
    assert.match(job.script[0], /^npx --yes change-risk@\d+\.\d+\.\d+ /, 'a pinned release');
  });

  it('fails on an unmet requirement and leaves a valid report of every finding', () => {
    const { script } = documentedJob()['change-risk'];
    const job = runJob(script, repo.root, { ...variables, CI_MERGE_REQUEST_DESCRIPTION: BARE_DESCRIPTION });
    assert.equal(job.status, 1, job.log);
    assert.match(job.log, /merge request !12: base [0-9a-f]{40} from CI_MERGE_REQUEST_DIFF_BASE_SHA/);
    const issues = JSON.parse(repo.read(REPORT));
    assert.deepEqual(validateGitLabCodeQuality(issues), []);
    assert.deepEqual(
      issues.map((issue: { check_name: string; severity: string }) => `${issue.check_name} ${issue.severity}`),
      ['impactStatement major', 'testChanges major', 'testChanges major', 'featureFlag major', 'ownerReview minor', 'rollbackPlan major', 'monitoring major', 'changeRisk minor'],
    );
  });

  it('passes with an empty report when the merge request meets the bar', () => {
    const { script } = documentedJob()['change-risk'];
    const head = repo.git('rev-parse', 'HEAD');
    const job = runJob(script, repo.root, { ...variables, CI_MERGE_REQUEST_DESCRIPTION: FULL_DESCRIPTION, CI_MERGE_REQUEST_DIFF_BASE_SHA: head });
    assert.equal(job.status, 0, job.log);
    assert.deepEqual(JSON.parse(repo.read(REPORT)), []);
  });
});

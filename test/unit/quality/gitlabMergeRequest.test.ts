import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gitlabMergeRequest } from '../../../src/core/quality/gitlabMergeRequest';
import { withCiEnv } from '../../helpers/ciEnv';
import { runChangeRisk } from '../../helpers/cli';
import { BARE_DESCRIPTION, FULL_DESCRIPTION, QUALITY_BAR_NOW, qualityBarRepo } from '../../helpers/qualityBarRepo';
import type { TestRepo } from '../../helpers/testRepo';

const SHA = 'a'.repeat(40);

describe('the merge request of a GitLab CI job', () => {
  it('is read only in a merge request pipeline', () => {
    assert.equal(gitlabMergeRequest({}), undefined);
    assert.equal(gitlabMergeRequest({ GITLAB_CI: 'true' }), undefined, 'a branch pipeline has no CI_MERGE_REQUEST_IID');
    assert.equal(gitlabMergeRequest({ CI_MERGE_REQUEST_IID: '7' }), undefined, 'not in GitLab CI');
  });

  it('takes the description, and the diff base commit before the target branch', () => {
    const env = { GITLAB_CI: 'true', CI_MERGE_REQUEST_IID: '7', CI_MERGE_REQUEST_DESCRIPTION: '## Impact\nx', CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main' };
    assert.deepEqual(gitlabMergeRequest({ ...env, CI_MERGE_REQUEST_DIFF_BASE_SHA: SHA }), {
      reference: '!7',
      description: '## Impact\nx',
      descriptionTruncated: false,
      base: SHA,
      baseVariable: 'CI_MERGE_REQUEST_DIFF_BASE_SHA',
    });
    assert.deepEqual(gitlabMergeRequest({ ...env, CI_MERGE_REQUEST_DIFF_BASE_SHA: 'not-a-sha' }), {
      reference: '!7',
      description: '## Impact\nx',
      descriptionTruncated: false,
      base: 'origin/main',
      baseVariable: 'CI_MERGE_REQUEST_TARGET_BRANCH_NAME',
    });
  });

  it('says when GitLab cut the description, and passes none when this GitLab sets none', () => {
    const env = { GITLAB_CI: 'true', CI_MERGE_REQUEST_IID: '7' };
    assert.equal(gitlabMergeRequest({ ...env, CI_MERGE_REQUEST_DESCRIPTION: 'x', CI_MERGE_REQUEST_DESCRIPTION_IS_TRUNCATED: 'true' })?.descriptionTruncated, true);
    assert.equal(gitlabMergeRequest({ ...env, CI_MERGE_REQUEST_DESCRIPTION: 'x'.repeat(2700) })?.descriptionTruncated, true, 'GitLab 16.7 cut it without saying so');
    assert.equal(gitlabMergeRequest({ ...env, CI_MERGE_REQUEST_DESCRIPTION: 'x'.repeat(2700), CI_MERGE_REQUEST_DESCRIPTION_IS_TRUNCATED: 'false' })?.descriptionTruncated, false);
    assert.deepEqual(gitlabMergeRequest(env), { reference: '!7', descriptionTruncated: false });
    assert.equal(gitlabMergeRequest({ ...env, CI_MERGE_REQUEST_DESCRIPTION: '' })?.description, '', 'an empty description is one without sections');
  });
});

describe('check in a GitLab merge request pipeline', function () {
  this.timeout(120_000);
  let repo: TestRepo;
  let mainSha: string;
  let tmp: string;
  const ci = (variables: Record<string, string>, ...args: string[]) =>
    withCiEnv({ GITLAB_CI: 'true', CI_MERGE_REQUEST_IID: '7', ...variables }, () => runChangeRisk(repo.root, 'check', '--now', QUALITY_BAR_NOW, '--format', 'json', ...args));
  const requirements = (stdout: string, severity: string) =>
    (JSON.parse(stdout).findings as { severity: string; requirement: string }[]).filter((finding) => finding.severity === severity).map((finding) => finding.requirement);

  before(() => {
    repo = qualityBarRepo();
    mainSha = repo.git('rev-parse', 'main');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-mr-'));
  });
  after(() => {
    repo.dispose();
    fs.rmSync(`${repo.root}-cache`, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('reads the description and the diff base commit from the predefined variables', () => {
    const result = ci({ CI_MERGE_REQUEST_DESCRIPTION: FULL_DESCRIPTION, CI_MERGE_REQUEST_DIFF_BASE_SHA: mainSha });
    assert.equal(result.status, 1, result.stderr);
    assert.deepEqual(requirements(result.stdout, 'error'), ['testChanges', 'testChanges', 'featureFlag', 'budget'], 'the PR-body requirements are met');
    assert.equal(JSON.parse(result.stdout).change.base.sha, mainSha);
    assert.match(result.stderr, new RegExp(`merge request !7: base ${mainSha} from CI_MERGE_REQUEST_DIFF_BASE_SHA`));
    assert.match(result.stderr, /merge request !7: description read from CI_MERGE_REQUEST_DESCRIPTION$/m);
  });

  it('falls back to the fetched target branch when there is no diff base commit', () => {
    repo.git('update-ref', 'refs/remotes/origin/main', 'main');
    const result = ci({ CI_MERGE_REQUEST_DESCRIPTION: BARE_DESCRIPTION, CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main' });
    assert.equal(result.status, 1, result.stderr);
    assert.equal(JSON.parse(result.stdout).change.base.ref, 'origin/main');
    assert.deepEqual(requirements(result.stdout, 'error'), ['impactStatement', 'testChanges', 'testChanges', 'featureFlag', 'rollbackPlan', 'monitoring', 'budget']);
  });

  it('lets --pr-body and --base win over the variables', () => {
    const bare = path.join(tmp, 'bare.md');
    fs.writeFileSync(bare, BARE_DESCRIPTION);
    const variables = { CI_MERGE_REQUEST_DESCRIPTION: FULL_DESCRIPTION, CI_MERGE_REQUEST_DIFF_BASE_SHA: mainSha };
    const body = ci(variables, '--pr-body', bare);
    assert.ok(requirements(body.stdout, 'error').includes('impactStatement'), 'the file, not the variable');
    assert.doesNotMatch(body.stderr, /merge request !7/);
    const base = ci(variables, '--base', 'HEAD');
    assert.equal(JSON.parse(base.stdout).change.files.length, 0, 'compared with HEAD, not the diff base');
    assert.doesNotMatch(base.stderr, /base .* from CI_MERGE_REQUEST_DIFF_BASE_SHA/);
  });

  it('does not fail a section GitLab may have cut off: a truncated description without it is a warning', () => {
    const result = ci({ CI_MERGE_REQUEST_DESCRIPTION: '## Impact\nPer-line rounding.\n', CI_MERGE_REQUEST_DESCRIPTION_IS_TRUNCATED: 'true', CI_MERGE_REQUEST_DIFF_BASE_SHA: mainSha });
    assert.deepEqual(requirements(result.stdout, 'error'), ['testChanges', 'testChanges', 'featureFlag', 'budget']);
    const findings = JSON.parse(result.stdout).findings as { requirement: string; message: string }[];
    assert.deepEqual(
      findings.filter((finding) => finding.requirement === 'rollbackPlan' || finding.requirement === 'monitoring').map((finding) => finding.message),
      [
        'Rollback plan not found in the part of the description the CI passed (it was truncated): pass the whole description with --pr-body FILE',
        'Monitoring plan not found in the part of the description the CI passed (it was truncated): pass the whole description with --pr-body FILE',
      ],
    );
    assert.match(result.stderr, /\(truncated by GitLab\)/);
  });
});

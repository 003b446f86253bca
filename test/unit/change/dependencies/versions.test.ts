import * as assert from 'node:assert/strict';
import { caretKey, compareSets, parseVersion, requirementVersion } from '../../../../src/core/change/dependencies/versions';

const npm = (text: string) => parseVersion(text, 'npm');
const gem = (text: string) => parseVersion(text, 'rubygems');

describe('dependencies: versions', () => {
  it('a major step is leaving the caret range: 1.x → 2.x, 0.9 → 0.10, 0.0.3 → 0.0.4; not 1.2 → 1.9', () => {
    assert.equal(compareSets(['1.9.9'], ['2.0.0'], npm).bump, 'major');
    assert.equal(compareSets(['0.9.2'], ['0.10.0'], npm).major, true);
    assert.equal(compareSets(['0.0.3'], ['0.0.4'], npm).major, true);
    assert.deepEqual(compareSets(['1.2.0'], ['1.9.0'], npm), { bump: 'minor', major: false, downgrade: false });
    assert.deepEqual(compareSets(['1.2.0'], ['1.2.7'], npm), { bump: 'patch', major: false, downgrade: false });
    assert.deepEqual(compareSets(['2.0.0-beta.1'], ['2.0.0-beta.2'], npm), { bump: 'prerelease', major: false, downgrade: false });
    assert.deepEqual(compareSets(['2.1.0'], ['1.9.0'], npm), { bump: 'major', major: true, downgrade: true });
    assert.deepEqual([caretKey(npm('0.2.3')!), caretKey(npm('0.0.3')!), caretKey(npm('4.1.0')!)], ['0.2', '0.0.3', '4']);
  });

  it('RubyGems: four segments, two segments and prereleases compare; a 4th-segment step is a patch', () => {
    assert.deepEqual(compareSets(['7.1.3.4'], ['7.1.3.5'], gem), { bump: 'patch', major: false, downgrade: false });
    assert.deepEqual(compareSets(['7.1.3.4'], ['8.0.0.rc1'], gem), { bump: 'major', major: true, downgrade: false });
    assert.deepEqual(compareSets(['8.0.0.rc1'], ['8.0.0'], gem), { bump: 'prerelease', major: false, downgrade: false });
    assert.deepEqual(compareSets(['1.2'], ['1.10'], gem), { bump: 'minor', major: false, downgrade: false });
    assert.deepEqual(compareSets(['1.0.0 (git 821c2fa)'], ['1.0.0 (git 172396b)'], gem), { bump: 'changed', major: false, downgrade: false });
  });

  it('versions that are not semver are "changed", never major', () => {
    assert.deepEqual(compareSets(['1.0.0'], ['git+https://github.com/org/x.git#abc'], npm), { bump: 'changed', major: false, downgrade: false });
    assert.deepEqual(compareSets(['latest'], ['next'], npm), { bump: 'changed', major: false, downgrade: false });
    assert.equal(npm('1.2'), undefined, 'npm versions have three parts');
  });

  it('reads the version in a requirement', () => {
    assert.deepEqual(requirementVersion('~> 7.1', 'rubygems')?.release, [7, 1]);
    assert.deepEqual(requirementVersion('>= 1.1, < 2.0', 'rubygems')?.release, [1, 1]);
    assert.deepEqual(requirementVersion('^4.17', 'npm')?.release, [4, 17, 0]);
    assert.deepEqual(requirementVersion('npm:string-width@^5.1.2', 'npm')?.release, [5, 1, 2]);
    assert.equal(requirementVersion('*', 'npm'), undefined);
    assert.deepEqual(compareSets(['^0.9.0'], ['^0.10.0'], (r) => requirementVersion(r, 'npm')).major, true);
  });
});

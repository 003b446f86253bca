import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { projectKind } from '../../../src/core/files/project';
import { runChangeRisk } from '../../helpers/cli';
import { bob, lines, TestRepo } from '../../helpers/testRepo';

describe('the default bar asks for monitoring only where a deployed application changes', function () {
  this.timeout(60_000);

  it('tells a deployed application from a library by the files at the top of the tree', () => {
    assert.deepEqual(projectKind(['app/models/x.rb', 'config/environments/production.rb']), { deployable: true, evidence: 'config/environments/production.rb' });
    assert.deepEqual(projectKind(['Procfile']), { deployable: true, evidence: 'Procfile' });
    assert.deepEqual(projectKind(['solidus.gemspec', 'core/spec/dummy/config/environments/production.rb', 'Dockerfile']), { deployable: false, evidence: 'solidus.gemspec' });
    assert.deepEqual(projectKind(['lib/x.rb', 'spec/dummy/config/environments/production.rb']), { deployable: false });
  });

  for (const [kind, file, monitoring] of [
    ['an application', 'config/environments/production.rb', true],
    ['a gem', 'billing.gemspec', false],
  ] as const) {
    it(`check on ${kind}: ${monitoring ? 'a monitoring plan is required' : 'no monitoring plan is asked for'}`, () => {
      const repo = TestRepo.create();
      try {
        repo.commit({ message: 'Start', date: '2024-01-01T10:00:00Z', author: bob, files: { 'app/models/invoice.rb': lines(10), [file]: 'x\n', '.changerisk/config.yaml': 'areas:\n  - name: billing\n    paths: ["app/models/**"]\n    legacy: true\n' } });
        for (let i = 1; i <= 3; i++) repo.commit({ message: `Fix totals ${i}`, date: `2025-0${i}-02T10:00:00Z`, author: bob, files: { 'app/models/invoice.rb': lines(10).replace('line 4', `fixed ${i}`) } });
        repo.git('checkout', '-q', '-b', 'feature');
        repo.write('app/models/invoice.rb', repo.read('app/models/invoice.rb').replace('fixed 3', 'total + tax'));
        const result = runChangeRisk(repo.root, 'check', '--base', 'main', '--format', 'json', '--now', '2025-04-01');
        const checked = JSON.parse(result.stdout);
        const requirements = checked.checklist.map((item: { requirement: string }) => item.requirement);
        assert.ok(requirements.includes('testChanges'), JSON.stringify(checked.checklist));
        assert.equal(requirements.includes('monitoring'), monitoring, JSON.stringify(checked.checklist));
      } finally {
        repo.dispose();
        fs.rmSync(`${repo.root}-cache`, { recursive: true, force: true });
      }
    });
  }
});

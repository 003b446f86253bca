import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readChangeDataFile } from '../../../src/core/changes/changeDataCache';
import { KEPT_VERSIONS, MAX_KEPT_VERSIONS } from '../../../src/core/changes/lineHistory';
import { alice, TestRepo } from '../../helpers/testRepo';
import { changeLines } from './szzPass';

describe('history pass: the versions of a file kept for branches', function () {
  this.timeout(300_000);

  /** How many versions of app/models/order.rb the cached pass keeps after `count` commits to it, `days` apart. */
  async function keptVersions(count: number, days: number): Promise<number> {
    const repo = TestRepo.create();
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-versions-'));
    try {
      const start = Date.UTC(2015, 0, 1);
      for (let k = 0; k < count; k++) {
        const lines = Array.from({ length: k + 1 }, (_, n) => `  step_${n} = value(${n})\n`).join('');
        repo.commit({ message: `Step ${k}`, date: new Date(start + k * days * 86_400_000).toISOString(), author: alice, files: { 'app/models/order.rb': `class Order\n${lines}end\n` } });
      }
      await changeLines(repo, { sourceOnly: true, cacheDir });
      const [folder] = fs.readdirSync(cacheDir);
      const stored = readChangeDataFile(path.join(cacheDir, folder!, `${repo.git('rev-parse', 'HEAD')}.changes`))!;
      const [versions] = [...stored.files.values()];
      return versions!.length;
    } finally {
      fs.rmSync(cacheDir, { recursive: true, force: true });
      repo.dispose();
    }
  }

  it('keeps every version a branch made in the last year could start from, up to 40, and the last 6 always', async () => {
    assert.equal(await keptVersions(20, 7), 20, 'twenty versions within a year');
    assert.equal(await keptVersions(45, 1), MAX_KEPT_VERSIONS, 'at most forty');
    assert.equal(await keptVersions(10, 400), KEPT_VERSIONS, 'older than a year: the last six');
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadAreaFailureRates } from '../../../src/core/changes/loadAreaFailureRates';
import { ChangeRiskEngine } from '../../../src/core/engine';
import { IndexCancelledError, IndexWorkerError, runAreaRatesWorker } from '../../../src/extension/indexing/runIndexWorker';
import { buildBundle } from '../../helpers/bundle';
import { lessonRepo } from '../../helpers/lessonRepo';
import type { TestRepo } from '../../helpers/testRepo';

const ROOT = path.resolve(__dirname, '../../..');

describe('the failure rate by area, computed in the index worker (not on the extension host thread)', function () {
  this.timeout(120_000);
  let tmp: string;
  let workerFile: string;
  let repo: TestRepo;
  let cacheDir: string;

  before(async () => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-area-worker-')));
    // dist/indexWorker.js as esbuild.js builds it, into a folder of its own.
    workerFile = await buildBundle('indexWorker', path.join(tmp, 'dist'));
    repo = lessonRepo(12);
    repo.write('.changerisk/config.yaml', 'areas:\n  - name: models\n    paths: ["app/models/**"]\n');
    cacheDir = path.join(tmp, 'cache');
    // The extension host has indexed the repository before the page asks for the rates.
    await ChangeRiskEngine.open({ folder: repo.root, cacheDir });
  });
  after(() => {
    repo.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('gives the same rates as computing them in process', async () => {
    const inWorker = await runAreaRatesWorker(workerFile, repo.root, cacheDir);
    const inProcess = await loadAreaFailureRates(await ChangeRiskEngine.open({ folder: repo.root, cacheDir }), { cacheDir });
    assert.deepEqual(inWorker, JSON.parse(JSON.stringify(inProcess)));
    assert.deepEqual(inWorker.areas.map((area) => area.name), ['models']);
    assert.ok(inWorker.changesInHistory > 0);
  });

  it('is cancelled with its signal (the page closed), and a failure names what went wrong', async () => {
    const abort = new AbortController();
    const running = runAreaRatesWorker(workerFile, repo.root, cacheDir, { signal: abort.signal });
    abort.abort();
    await assert.rejects(running, IndexCancelledError);

    const notARepository = path.join(tmp, 'plain-folder');
    fs.mkdirSync(notARepository);
    await assert.rejects(runAreaRatesWorker(workerFile, notARepository, cacheDir), (error: unknown) => error instanceof IndexWorkerError && /git/i.test(error.message));
  });

  it('is what the analysis panel runs: the panel does not compute the rates itself', () => {
    const panel = fs.readFileSync(path.join(ROOT, 'src/extension/views/analysisPanel.ts'), 'utf8');
    assert.doesNotMatch(panel, /import \{[^}]*\bloadAreaFailureRates\b[^}]*\} from/);
    assert.match(panel, /runAreaRatesWorker\(/);
  });
});

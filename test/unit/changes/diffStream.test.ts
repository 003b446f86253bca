import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { DiffParser, diffArguments, type CommitDiff } from '../../../src/core/changes/diffStream';
import { notDiffedAttributesFile } from '../../../src/core/changes/notDiffed';
import { alice, TestRepo } from '../../helpers/testRepo';

/** `git diff-tree` as the history pass runs it, over every commit of the repository, oldest first. */
function diffOutput(repo: TestRepo, args: string[]): Buffer {
  const shas = repo.git('rev-list', '--reverse', '--no-merges', 'HEAD').trim();
  return execFileSync('git', args, { cwd: repo.root, input: shas + '\n' });
}

function parsedInChunks(output: Buffer, size: number): CommitDiff[] {
  const diffs: CommitDiff[] = [];
  const parser = new DiffParser((diff) => diffs.push(diff));
  for (let at = 0; at < output.length; at += size) parser.push(output.subarray(at, at + size));
  parser.end();
  return diffs;
}

describe('diff stream of the history pass', function () {
  this.timeout(60_000);
  let repo: TestRepo;
  before(() => {
    repo = TestRepo.create();
    const long = (tag: string) => Array.from({ length: 300 }, (_, k) => `  line_${tag}_${k} = ${'x'.repeat(k % 40)}`).join('\n') + '\n';
    repo.commit({ message: 'Add', date: '2025-01-01T10:00:00Z', author: alice, files: { 'app/a.rb': long('a'), 'spec/a_spec.rb': long('s'), 'README.md': 'hello\n', 'logo.png': '\0png\0' } });
    repo.commit({ message: 'Change', date: '2025-01-02T10:00:00Z', author: alice, files: { 'app/a.rb': long('a').replace('line_a_7 ', 'changed_7 ').replace('line_a_250', 'x'), 'spec/a_spec.rb': long('t'), 'README.md': 'hello again\n' } });
    repo.commit({ message: 'Move', date: '2025-01-03T10:00:00Z', author: alice, renames: { 'app/a.rb': 'lib/a.rb' }, files: { 'logo.png': '\0png 2\0' } });
  });
  after(() => repo.dispose());

  it('reads the same diffs whatever the chunks git output is cut into', () => {
    const output = diffOutput(repo, diffArguments());
    const whole = parsedInChunks(output, output.length);
    assert.deepEqual(whole.map((diff) => diff.entries.length), [4, 3, 2]);
    for (const size of [1, 7, 65, 4095, 4097, 9000]) assert.deepEqual(parsedInChunks(output, size), whole, `chunks of ${size} bytes`);
  });

  it('lists the paths the source-only pass leaves out, but as binary, without their lines', () => {
    const file = notDiffedAttributesFile();
    assert.ok(file, 'the attributes file is written');
    const diffs = parsedInChunks(diffOutput(repo, diffArguments({ attributesFile: file })), 4096);
    const second = diffs[1]!;
    const paths = second.patches.map((patch) => [second.entries[patch.entry]!.path, patch.binary]);
    assert.deepEqual(Object.fromEntries(paths), { 'README.md': true, 'app/a.rb': false, 'spec/a_spec.rb': true });
  });
});

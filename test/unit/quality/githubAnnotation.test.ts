import * as assert from 'node:assert/strict';
import { githubAnnotation } from '../../../src/core/quality/check';

// Locks in GitHub's workflow-command escaping (it was right before issue #17; the CLI now also makes
// the line terminal-safe): a file name must not end the command, add a property, or start a new line.
describe('GitHub annotation escaping', () => {
  it('escapes % CR LF in the message, and also : and , in properties', () => {
    const file = 'app/a,b:c%d\r\n::warning::e.rb';
    const line = githubAnnotation({ severity: 'error', requirement: 'testChanges', message: `no test change for ${file}`, file, line: 4 });
    assert.equal(line, '::error file=app/a%2Cb%3Ac%25d%0D%0A%3A%3Awarning%3A%3Ae.rb,line=4,title=change-risk%3A testChanges::no test change for app/a,b:c%25d%0D%0A::warning::e.rb');
    assert.ok(!/[\r\n]/.test(line));
  });
});

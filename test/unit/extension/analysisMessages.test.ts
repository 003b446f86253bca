import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { parseAnalysisMessage, repositoryPath } from '../../../src/extension/views/analysisMessages';

const root = path.resolve('/work/repo');
const allowed = {
  postmortems: new Set(['.changerisk/incidents/INC-12.md']),
  files: new Set(['app/models/invoice.rb', '../outside.rb', '/etc/passwd', 'app/../../x.rb', 'C:\\Windows\\x', './app/a.rb']),
};

describe('messages from the incident analysis page', () => {
  it('opens a postmortem of the ledger, and a file the page named inside the repository', () => {
    assert.deepEqual(parseAnalysisMessage({ command: 'openIncident', file: '.changerisk/incidents/INC-12.md' }, root, allowed), { open: 'incident', file: '.changerisk/incidents/INC-12.md' });
    assert.deepEqual(parseAnalysisMessage({ command: 'openFile', path: 'app/models/invoice.rb' }, root, allowed), { open: 'file', path: 'app/models/invoice.rb' });
  });

  it('ignores anything else: other files, paths leaving the repository, malformed messages', () => {
    for (const message of [
      { command: 'openIncident', file: '.changerisk/incidents/INC-13.md' },
      { command: 'openIncident', file: 'app/models/invoice.rb' },
      { command: 'openFile', path: 'app/models/other.rb' },
      { command: 'openFile', path: '../outside.rb' },
      { command: 'openFile', path: '/etc/passwd' },
      { command: 'openFile', path: 'app/../../x.rb' },
      { command: 'openFile', path: 'C:\\Windows\\x' },
      { command: 'openFile', path: './app/a.rb' },
      { command: 'openFile', path: ['app/models/invoice.rb'] },
      { command: 'runCommand', file: '.changerisk/incidents/INC-12.md' },
      'openIncident',
      null,
      undefined,
    ]) {
      assert.equal(parseAnalysisMessage(message, root, allowed), undefined, JSON.stringify(message));
    }
  });

  it('reads a repository path only as a plain relative path', () => {
    assert.equal(repositoryPath(root, 'a/b.rb'), 'a/b.rb');
    assert.equal(repositoryPath(root, '..env.rb'), '..env.rb', 'a name that starts with two dots is inside');
    for (const bad of ['', '.', 'a//b', 'a/./b', 'a\0b', '..', 'a/..']) assert.equal(repositoryPath(root, bad), undefined, bad);
  });
});

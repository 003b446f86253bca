import * as assert from 'node:assert/strict';
import { ChangeRiskEngine } from '../../../src/core/engine';
import { commitsBetween } from '../../../src/core/git/diff';
import { streamCommits, type LoggedCommit } from '../../../src/core/history/logStream';
import { alice, lines, TestRepo, type Person } from '../../helpers/testRepo';

const NOW = new Date('2026-06-01T00:00:00Z');

/** Author names and messages with the bytes that once framed git log records (0x1e, 0x1f), newlines and a sha-like line. */
const ODD_AUTHOR: Person = { name: 'Eve\x1fEvans\x1e Jr', email: 'eve\x1e@example.com' };
const SHA_LIKE = 'a'.repeat(40);
const FIX_MESSAGE = 'Fix rounding\x1f in totals\x1e (INC-12)\n\nBody line\x1e\x1f\nFixes INC-12\n';
const SECOND_FIX = `\x1eFix\x1f overflow INC-13\n\n${SHA_LIKE}\nM\n\x1f`;

const LEDGER = `---
id: INC-12
title: Totals rounded twice
date: 2024-03-14
kind: regression
severity: high
---
Linked to the code only by the commit message that names it.
`;

function buildRepo(): { repo: TestRepo; fix: string; second: string } {
  const repo = TestRepo.create();
  repo.commit({ message: 'Add invoice', date: '2024-01-01T10:00:00Z', files: { 'app/invoice.rb': lines(10), '.changerisk/incidents/2024-03-14-totals.md': LEDGER } });
  const fix = repo.commit({ message: FIX_MESSAGE, date: '2024-03-14T10:00:00Z', author: ODD_AUTHOR, files: { 'app/invoice.rb': lines(10, 'fixed') } });
  // File names that look like a status, a sha, or a record start: each must stay a path.
  const second = repo.commit({
    message: SECOND_FIX,
    date: '2024-04-01T10:00:00Z',
    author: ODD_AUTHOR,
    files: { 'app/invoice.rb': lines(11, 'fixed'), M: 'm\n', [SHA_LIKE]: 'sha\n', '\x1eodd.rb': 'odd\n', 'R100\x1f.rb': 'r\n' },
  });
  repo.commit({ message: 'Tidy', date: '2024-05-01T10:00:00Z', author: alice, renames: { '\x1eodd.rb': 'lib/\x1fodd.rb' } });
  return { repo, fix, second };
}

describe('git log framing: any byte in a message, a name or a path', () => {
  let repo: TestRepo;
  let fix: string;
  let second: string;
  before(() => ({ repo, fix, second } = buildRepo()));
  after(() => repo.dispose());

  it('reads every commit with its message, author and files exactly as git stored them', async () => {
    const commits: LoggedCommit[] = [];
    await streamCommits(['HEAD'], { cwd: repo.root }, (commit) => commits.push(commit));
    assert.deepEqual(
      commits.map((c) => [c.message, c.authorName, c.authorEmail]),
      [
        ['Add invoice', alice.name, alice.email],
        [FIX_MESSAGE.trim(), ODD_AUTHOR.name, ODD_AUTHOR.email],
        [SECOND_FIX.trim(), ODD_AUTHOR.name, ODD_AUTHOR.email],
        ['Tidy', alice.name, alice.email],
      ],
    );
    assert.equal(commits[1]!.sha, fix);
    assert.deepEqual(
      commits[2]!.changes.map((c) => `${c.status} ${c.path}`).sort(),
      ['A M', `A ${SHA_LIKE}`, 'A R100\x1f.rb', 'A \x1eodd.rb', 'M app/invoice.rb'].sort(),
    );
    assert.equal(commits[2]!.sha, second);
    assert.deepEqual(commits[3]!.changes, [{ status: 'R', path: 'lib/\x1fodd.rb', from: '\x1eodd.rb' }]);
  });

  it('keeps the fixes and the incident link of a commit whose message and author hold 0x1e and 0x1f', async () => {
    const engine = await ChangeRiskEngine.open({ folder: repo.root, now: NOW });
    assert.deepEqual(engine.team.diagnostics, []);
    const risk = engine.risk.file('app/invoice.rb')!;
    assert.equal(risk.stats.fixCommits, 2);
    assert.deepEqual(risk.stats.incidentIds, ['INC-12', 'INC-13']);
    assert.deepEqual(risk.incidents.map((i) => i.id), ['INC-12'], 'linked through the message only');
    assert.deepEqual(risk.unrecordedIncidentIds, ['INC-13']);
    assert.deepEqual(
      risk.stats.authors.map((a) => a.name),
      [ODD_AUTHOR.name, alice.name],
    );
    assert.ok(engine.risk.file('lib/\x1fodd.rb'), 'a renamed file with odd bytes in its name is known under its new name');
  });

  it('lists the commits of a change with their author and subject, whatever bytes they hold', async () => {
    const base = repo.git('rev-list', '--max-parents=0', 'HEAD');
    const commits = await commitsBetween(repo.root, base, 'HEAD');
    assert.deepEqual(
      commits.map((c) => [c.sha.length, c.author, c.email, c.subject]),
      [
        [40, alice.name, alice.email, 'Tidy'],
        [40, ODD_AUTHOR.name, ODD_AUTHOR.email, '\x1eFix\x1f overflow INC-13'],
        [40, ODD_AUTHOR.name, ODD_AUTHOR.email, 'Fix rounding\x1f in totals\x1e (INC-12)'],
      ],
    );
  });
});

import * as assert from 'node:assert/strict';
import { ChangeRiskEngine } from '../../../src/core/engine';
import { lineMapper } from '../../../src/core/lines/lineMap';
import { alice, lines, TestRepo } from '../../helpers/testRepo';

const numbered = (count: number) => Array.from({ length: count }, (_, i) => `line ${i + 1}`);
const text = (list: string[]) => `${list.join('\n')}\n`;

describe('postmortem line ranges follow the text being edited', function () {
  this.timeout(60_000);

  describe('lineMapper', () => {
    const base = numbered(30);

    it('moves a range down by the lines inserted above it, and leaves it alone for lines inserted below', () => {
      const above = lineMapper(text(base), text(['# a', '# b', '# c', ...base]));
      assert.deepEqual(above({ start: 10, end: 14 }), { start: 13, end: 17 });
      const below = lineMapper(text(base), text([...base, '# tail']));
      assert.deepEqual(below({ start: 10, end: 14 }), { start: 10, end: 14 });
    });

    it('grows a range by lines inserted inside it, shrinks it by lines deleted from it, drops it when all its lines are gone', () => {
      const inside = lineMapper(text(base), text([...base.slice(0, 11), 'new', 'new', ...base.slice(11)]));
      assert.deepEqual(inside({ start: 10, end: 14 }), { start: 10, end: 16 });
      const edges = lineMapper(text(base), text([...base.slice(0, 9), ...base.slice(10, 13), ...base.slice(14)]));
      assert.deepEqual(edges({ start: 10, end: 14 }), { start: 10, end: 12 });
      const gone = lineMapper(text(base), text([...base.slice(0, 9), ...base.slice(14)]));
      assert.equal(gone({ start: 10, end: 14 }), undefined);
    });

    it('keeps a range whose lines were edited in place, and reads CRLF text like LF', () => {
      const edited = [...base];
      edited[11] = 'line 12, edited';
      assert.deepEqual(lineMapper(text(base), text(edited))({ start: 10, end: 14 }), { start: 10, end: 14 });
      assert.deepEqual(lineMapper(text(base), `# top\r\n${base.join('\r\n')}\r\n`)({ start: 10, end: 14 }), { start: 11, end: 15 });
    });
  });

  describe('the engine', () => {
    let repo: TestRepo;
    let engine: ChangeRiskEngine;
    const postmortem = '---\nid: INC-4\ntitle: Double charge\ndate: 2026-03-01\nkind: incident\nseverity: high\naffected:\n  - path: app/models/charge.rb\n    lines: "10-14"\n---\n\nCharged twice.\n';

    before(async () => {
      repo = TestRepo.create();
      repo.commit({ message: 'Add charges', date: '2026-01-05T10:00:00Z', files: { 'app/models/charge.rb': lines(30, 'charge') } });
      repo.commit({ message: 'Postmortem INC-4', date: '2026-03-02T10:00:00Z', author: alice, files: { '.changerisk/incidents/INC-4.md': postmortem } });
      engine = await ChangeRiskEngine.open({ folder: repo.root, now: new Date('2026-04-01T00:00:00Z') });
    });
    after(() => repo.dispose());

    const ledger = async (contents?: string) =>
      (await engine.lineMarks('app/models/charge.rb', contents === undefined ? {} : { contents })).filter((m) => m.source === 'ledger').map((m) => [m.start, m.end]);

    it('reads the postmortem\'s lines as lines of the file at HEAD, and moves them onto the editor\'s text', async () => {
      const head = repo.git('show', 'HEAD:app/models/charge.rb') + '\n';
      assert.deepEqual(await ledger(), [[10, 14]], 'without an editor text, the numbers as written');
      assert.deepEqual(await ledger(head), [[10, 14]], 'the text at HEAD');
      assert.deepEqual(await ledger(`# one\n# two\n${head}`), [[12, 16]], 'two lines inserted above');
      const headLines = head.split('\n');
      assert.deepEqual(await ledger([...headLines.slice(0, 9), ...headLines.slice(14)].join('\n')), [], 'the block deleted: no mark left on other lines');
    });
  });
});

import * as assert from 'node:assert/strict';
import { INCIDENT_KINDS, parseIncident } from '../../../src/core/team';
import { parseYaml } from '../../../src/core/team/positions';
import { incidentFrontMatterSchema } from '../../../src/core/team/schema';
import { validateYaml } from '../../../src/core/team/validate';
import { text, where } from './helpers';

const FILE = '.changerisk/incidents/INC-12.md';

/** A valid incident whose front matter fields can be replaced or extended; line 1 is `---`, fields start at line 2. */
function incidentText(fields: string[] = [], body = 'The story.'): string {
  return text('---', 'id: INC-12', 'title: Invoice totals rounded twice', 'date: 2024-03-14', 'kind: regression', ...fields, '---', body);
}

describe('incident files', () => {
  it('ends the front matter only at a "---" line, not after a Unicode line or paragraph separator inside a value', () => {
    for (const separator of ['\u2028', '\u2029']) {
      const title = `Rounding${separator}---${separator}kind: incident`;
      const { incident, diagnostics } = parseIncident(text('---', 'id: INC-1', `title: "${title}"`, 'date: 2024-03-14', 'kind: regression', '---', 'Body'), FILE);
      assert.deepEqual(diagnostics, [], JSON.stringify(separator));
      assert.equal(incident?.title, title);
      assert.equal(incident?.kind, 'regression');
      assert.equal(incident?.body, 'Body\n');
    }
  });

  it('reads a complete incident', () => {
    const { incident, diagnostics } = parseIncident(
      text(
        '---',
        'id: INC-12',
        'title: Invoice totals rounded twice',
        'date: 2024-03-14',
        'kind: regression',
        'severity: high',
        'status: mitigated',
        'areas: [billing]',
        'affected:',
        '  - app/models/invoice.rb',
        '  - path: app/services/payments/charge.rb',
        '    lines: "40-58"',
        'commits:',
        '  fix: [3F2A9C1]',
        '  introduced: [9d8e7f6b2c]',
        'links: ["https://tracker.example/INC-12"]',
        'detection: "Customer support ticket"',
        'rootCause: "Rounding applied in both Invoice and LineItem"',
        'actionItems:',
        '  - text: Add a spec for mixed-currency rounding',
        '    owner: "@alice"',
        '    status: done',
        '  - text: Remove LineItem rounding',
        '---',
        '# Invoice totals rounded twice',
        '',
        'Totals were off by a cent',
        'for mixed-currency invoices.',
        '',
        '## Timeline',
      ),
      FILE,
    );
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(incident, {
      id: 'INC-12',
      title: 'Invoice totals rounded twice',
      date: '2024-03-14',
      kind: 'regression',
      severity: 'high',
      status: 'mitigated',
      areas: ['billing'],
      affected: [
        { path: 'app/models/invoice.rb', lines: [] },
        { path: 'app/services/payments/charge.rb', lines: [{ start: 40, end: 58 }] },
      ],
      commits: { fix: ['3f2a9c1'], introduced: ['9d8e7f6b2c'] },
      links: ['https://tracker.example/INC-12'],
      detection: 'Customer support ticket',
      rootCause: 'Rounding applied in both Invoice and LineItem',
      actionItems: [
        { text: 'Add a spec for mixed-currency rounding', owner: '@alice', status: 'done' },
        { text: 'Remove LineItem rounding', status: 'open' },
      ],
      file: FILE,
      line: 2,
      body: '# Invoice totals rounded twice\n\nTotals were off by a cent\nfor mixed-currency invoices.\n\n## Timeline\n',
      bodyLine: 25,
      summary: 'Totals were off by a cent for mixed-currency invoices.',
    });
  });

  it('applies defaults to optional fields', () => {
    const { incident } = parseIncident(incidentText(), FILE);
    assert.ok(incident);
    assert.equal(incident.severity, 'medium');
    assert.equal(incident.status, 'resolved');
    assert.deepEqual([incident.areas, incident.affected, incident.links, incident.actionItems], [[], [], [], []]);
    assert.deepEqual(incident.commits, { fix: [], introduced: [] });
    assert.equal(incident.summary, 'The story.');
  });

  it('accepts every kind', () => {
    assert.deepEqual([...INCIDENT_KINDS], ['incident', 'regression', 'user-inquiry', 'near-miss']);
    for (const kind of INCIDENT_KINDS) {
      const { incident, diagnostics } = parseIncident(text('---', 'id: X-1', 'title: t', 'date: 2024-01-01', `kind: ${kind}`, '---'), FILE);
      assert.deepEqual(diagnostics, []);
      assert.equal(incident?.kind, kind);
    }
  });

  it('maps severity aliases sev1..sev4', () => {
    const severities = ['sev1', 'sev2', 'sev3', 'sev4', 'critical', 'low'].map((s) => parseIncident(incidentText([`severity: ${s}`]), FILE).incident?.severity);
    assert.deepEqual(severities, ['critical', 'high', 'medium', 'low', 'critical', 'low']);
  });

  it('normalises a date that YAML reads as a timestamp to YYYY-MM-DD', () => {
    // Front matter is read as YAML 1.2 (dates stay text); a YAML 1.1 reader would produce a Date, which must still pass.
    const { source } = parseYaml(text('%YAML 1.1', '---', 'id: A', 'title: t', 'date: 2024-03-14', 'kind: incident'), FILE);
    assert.ok(source.doc.toJS().date instanceof Date, 'precondition: YAML 1.1 reads a timestamp');
    const validated = validateYaml(incidentFrontMatterSchema, source);
    assert.deepEqual(validated.diagnostics, []);
    assert.equal(validated.value?.date, '2024-03-14');
    assert.equal(parseIncident(incidentText(), FILE).incident?.date, '2024-03-14');
  });

  it('rejects dates that are not YYYY-MM-DD calendar dates', () => {
    for (const [date, message] of [
      ['14/03/2024', /YYYY-MM-DD/],
      ['2024-02-30', /not a calendar date/],
    ] as const) {
      const { incident, diagnostics } = parseIncident(text('---', 'id: A', 'title: t', `date: ${date}`, 'kind: incident', '---'), FILE);
      assert.equal(incident, undefined);
      assert.deepEqual(diagnostics.map(where), [`${FILE}:4:7 error date`]);
      assert.match(diagnostics[0].message, message);
    }
  });

  it('reads every form of line ranges', () => {
    const { incident, diagnostics } = parseIncident(
      incidentText([
        'affected:',
        '  - path: a.rb',
        '    lines: "40-58"',
        '  - path: b.rb',
        '    lines: "40"',
        '  - path: c.rb',
        '    lines: 40',
        '  - path: d.rb',
        '    lines: [3, "5-9", "12 - 14"]',
        '  - "lib/**/*.rb"',
      ]),
      FILE,
    );
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(incident?.affected, [
      { path: 'a.rb', lines: [{ start: 40, end: 58 }] },
      { path: 'b.rb', lines: [{ start: 40, end: 40 }] },
      { path: 'c.rb', lines: [{ start: 40, end: 40 }] },
      { path: 'd.rb', lines: [{ start: 3, end: 3 }, { start: 5, end: 9 }, { start: 12, end: 14 }] },
      { path: 'lib/**/*.rb', lines: [] },
    ]);
  });

  it('rejects bad line ranges at the offending value', () => {
    const { incident, diagnostics } = parseIncident(
      incidentText([
        'affected:', // line 6
        '  - app/models/invoice.rb',
        '  - path: a.rb',
        '    lines: "forty"', // line 9
        '  - path: b.rb',
        '    lines: "58-40"', // line 11
        '  - path: c.rb',
        '    lines: [1, 0]', // line 13
        '  - 42', // line 14
      ]),
      FILE,
    );
    assert.equal(incident, undefined);
    assert.deepEqual(diagnostics.map(where), [
      `${FILE}:9:12 error affected[1].lines`,
      `${FILE}:11:12 error affected[2].lines`,
      `${FILE}:13:16 error affected[3].lines[1]`,
      `${FILE}:14:5 error affected[4]`,
    ]);
    assert.match(diagnostics[0].message, /line number or a range like "40-58"/);
    assert.match(diagnostics[3].message, /expected string or object, received number/);
  });

  it('rejects affected paths that leave the repository, at that entry', () => {
    const { incident, diagnostics } = parseIncident(
      incidentText(['affected:', '  - ../../home/u/.aws/credentials', '  - path: app/../../secret.rb', '    lines: 3', '  - app/models/invoice.rb']),
      FILE,
    );
    assert.equal(incident, undefined);
    assert.deepEqual(diagnostics.map(where), [`${FILE}:7:5 error affected[0]`, `${FILE}:8:11 error affected[1].path`]);
    assert.match(diagnostics[0].message, /stay inside the repository/);
    assert.match(diagnostics[1].message, /stay inside the repository/);
  });

  it('points at the field of a bad action item', () => {
    const { incident, diagnostics } = parseIncident(
      incidentText(['actionItems:', '  - text: Add a spec', '    status: finished', '  - owner: "@bob"']),
      FILE,
    );
    assert.equal(incident, undefined);
    assert.deepEqual(diagnostics.map(where), [`${FILE}:8:13 error actionItems[0].status`, `${FILE}:9:5 error actionItems[1].text`]);
    assert.match(diagnostics[0].message, /"open"\|"in-progress"\|"done"/);
    assert.match(diagnostics[1].message, /missing required field "text"/);
  });

  it('reports missing required fields and an unknown kind', () => {
    const { incident, diagnostics } = parseIncident(text('---', 'id: INC-1', 'kind: outage', '---'), FILE);
    assert.equal(incident, undefined);
    assert.deepEqual(diagnostics.map(where), [`${FILE}:2:1 error title`, `${FILE}:2:1 error date`, `${FILE}:3:7 error kind`]);
    assert.match(diagnostics[2].message, /"incident"\|"regression"\|"user-inquiry"\|"near-miss"/);
  });

  it('reports a required field left empty as missing, at its key', () => {
    const { diagnostics } = parseIncident(text('---', 'id: INC-1', 'title:', 'date: 2024-03-14', 'kind: incident', '---'), FILE);
    assert.deepEqual(diagnostics.map(where), [`${FILE}:3:1 error title`]);
    assert.match(diagnostics[0].message, /missing required field "title"/);
  });

  it('accepts abbreviated and full shas, even those YAML reads as numbers, and rejects others', () => {
    const full = '3f2a9c1d'.repeat(5);
    const good = parseIncident(incidentText(['commits:', `  fix: [3e45678, 1234567, ${full}]`]), FILE);
    assert.deepEqual(good.diagnostics, []);
    assert.deepEqual(good.incident?.commits.fix, ['3e45678', '1234567', full]);
    const bad = parseIncident(incidentText(['commits:', '  fix: [abc, zzzzzzz]']), FILE);
    assert.deepEqual(bad.diagnostics.map(where), [`${FILE}:7:9 error commits.fix[0]`, `${FILE}:7:14 error commits.fix[1]`]);
  });

  it('warns about unknown keys with a hint, still loading the incident', () => {
    const { incident, diagnostics } = parseIncident(incidentText(['rootcause: Rounding twice', 'actionItems:', '  - text: t', '    owners: "@a"']), FILE);
    assert.deepEqual(diagnostics.map(where), [`${FILE}:6:1 warning rootcause`, `${FILE}:9:5 warning actionItems[0].owners`]);
    assert.equal(diagnostics[0].message, 'unknown key "rootcause"; did you mean "rootCause"?');
    assert.equal(diagnostics[1].message, 'unknown key "owners"; did you mean "owner"?');
    assert.ok(incident);
    assert.equal(incident.rootCause, undefined);
  });

  it('warns about areas the config does not declare, with a hint', () => {
    const { incident, diagnostics } = parseIncident(incidentText(['areas: [billing, biling, search]']), FILE, { declaredAreas: ['billing', 'search'] });
    assert.ok(incident);
    assert.deepEqual(diagnostics.map(where), [`${FILE}:6:18 warning areas[1]`]);
    assert.equal(diagnostics[0].message, 'area "biling" is not declared in .changerisk/config.yaml; did you mean "billing"?');
  });

  it('reports a file without front matter at line 1', () => {
    const { incident, diagnostics } = parseIncident('# INC-12\n\nid: INC-12\n', FILE);
    assert.equal(incident, undefined);
    assert.deepEqual(diagnostics.map(where), [`${FILE}:1:1 error `]);
    assert.match(diagnostics[0].message, /no front matter/);
  });

  it('reports a front matter that is never closed at line 1', () => {
    const { diagnostics } = parseIncident('---\nid: INC-12\ntitle: t\n', FILE);
    assert.deepEqual(diagnostics.map(where), [`${FILE}:1:1 error `]);
    assert.match(diagnostics[0].message, /not closed/);
  });

  it('reports an empty file', () => {
    const { incident, diagnostics } = parseIncident('', FILE);
    assert.equal(incident, undefined);
    assert.deepEqual(diagnostics.map(where), [`${FILE}:1:1 error `]);
    assert.match(diagnostics[0].message, /empty/);
  });

  it('reports YAML syntax errors at their line in the .md file', () => {
    const { incident, diagnostics } = parseIncident(incidentText(['areas: [billing', 'links: []']), FILE);
    assert.equal(incident, undefined);
    assert.equal(diagnostics[0].severity, 'error');
    assert.equal(diagnostics[0].line, 7);
    assert.match(diagnostics[0].message, /^YAML: /);
  });

  it('handles CRLF line endings and a byte order mark', () => {
    const crlf = '\uFEFF' + incidentText(['severity: sev2'], 'Summary line.').replace(/\n/g, '\r\n');
    const { incident, diagnostics } = parseIncident(crlf, FILE);
    assert.deepEqual(diagnostics, []);
    assert.equal(incident?.severity, 'high');
    assert.equal(incident?.summary, 'Summary line.');
    assert.equal(incident?.bodyLine, 8);
  });

  it('summarises the first paragraph that is not a heading', () => {
    const body = text('Setext title', '============', '', '<!-- template: fill in -->', '', '## What happened', 'Checkout   failed', 'for EU users.', '', 'Later.');
    assert.equal(parseIncident(incidentText([], body), FILE).incident?.summary, 'Checkout failed for EU users.');
    assert.equal(parseIncident(incidentText([], '# Only a heading'), FILE).incident?.summary, '');
  });
});

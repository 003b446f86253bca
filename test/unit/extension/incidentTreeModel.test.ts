import * as assert from 'node:assert/strict';
import { tallyIncidents } from '../../../src/core/risk/incidentTally';
import { affects, declaredAreasOf, groupChildren, groupIncidents } from '../../../src/extension/views/incidentTreeModel';
import { incident } from './fixtures';

describe('incidents tree grouping', () => {
  const incidents = [
    incident({ id: 'INC-1', title: 'A', date: '2024-03-14', kind: 'regression', severity: 'high', affected: '[app/models/invoice.rb]' }),
    incident({ id: 'INC-2', title: 'B', date: '2024-03-20', kind: 'regression', severity: 'low', areas: '[billing, search]' }),
    incident({ id: 'INC-3', title: 'C', date: '2025-01-02', kind: 'near-miss', severity: 'medium', affected: '["app/services/search/**"]' }),
  ];
  const areasOf = declaredAreasOf([
    { name: 'billing', paths: ['app/models/invoice.rb'], owners: [], legacy: true },
    { name: 'search', paths: ['app/services/search/**'], owners: [], legacy: false },
  ]);

  it('groups by kind, then month newest first, with the tally counts', () => {
    const groups = groupIncidents(incidents, 'kind', areasOf);
    const tally = tallyIncidents(incidents, 'kind', areasOf);
    assert.deepEqual(groups.map((g) => [g.key, g.count]), tally.groups.map((g) => [g.key, g.total]));
    assert.deepEqual(groups[0]!.months.map((m) => [m.month, m.incidents.map((i) => i.id)]), [['2024-03', ['INC-2', 'INC-1']]]);
  });

  it('folds a one-incident month into its group: the incident is listed directly', () => {
    const groups = groupIncidents(incidents, 'kind', areasOf);
    const rows = (i: number) => groupChildren(groups[i]!).map((child) => ('month' in child ? child.month.month : child.incident.id));
    assert.deepEqual(rows(0), ['2024-03'], 'two regressions in 2024-03 keep their folder');
    assert.deepEqual(rows(1), ['INC-3'], 'the lone near-miss of 2025-01 has no folder of its own');
  });

  it('groups by area, an incident in two areas in both', () => {
    const groups = groupIncidents(incidents, 'area', areasOf);
    assert.deepEqual(groups.map((g) => [g.key, g.count]), [['billing', 2], ['search', 2]]);
  });

  it('matches affected paths and globs to files', () => {
    assert.ok(affects(incidents[2]!, 'app/services/search/query_builder.rb'));
    assert.ok(!affects(incidents[2]!, 'app/models/invoice.rb'));
  });
});

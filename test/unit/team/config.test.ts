import * as assert from 'node:assert/strict';
import { formatDiagnostic } from '../../../src/core/diagnostics';
import { DEFAULT_CONFIG, parseConfig } from '../../../src/core/team';
import { DEFAULT_FIX_PATTERNS, DEFAULT_IGNORE_PATHS } from '../../../src/core/team/schema';
import { text, where } from './helpers';

const FILE = '.changerisk/config.yaml';

describe('team config', () => {
  it('has documented defaults', () => {
    assert.equal(DEFAULT_CONFIG.version, 1);
    assert.deepEqual(DEFAULT_CONFIG.areas, []);
    assert.deepEqual(DEFAULT_CONFIG.history.fixPatterns, DEFAULT_FIX_PATTERNS);
    assert.deepEqual(DEFAULT_CONFIG.history.incidentIdPatterns, ['\\bINC-\\d+\\b']);
    assert.deepEqual(DEFAULT_CONFIG.history.ignorePaths, DEFAULT_IGNORE_PATHS);
    assert.equal(DEFAULT_CONFIG.history.bulkCommitFiles, 50);
    assert.equal(DEFAULT_CONFIG.history.activeAuthorMonths, 12);
    assert.deepEqual(DEFAULT_CONFIG.coupling, { minCommits: 5, minSharedCommits: 5, minDegree: 30 });
    assert.deepEqual(DEFAULT_CONFIG.risk, { dormantYears: 2, levels: { high: 0.02, medium: 0.05, low: 0.1 }, roles: ['source'], overrides: [] });
    assert.deepEqual(DEFAULT_CONFIG.roles, []);
    assert.ok(DEFAULT_CONFIG.history.botAuthors.length > 0, 'bots count for nothing by default');
    assert.ok(Object.isFrozen(DEFAULT_CONFIG.history.fixPatterns), 'shared defaults cannot be mutated by a consumer');
  });

  it('reads a complete valid config without diagnostics', () => {
    const { config, diagnostics } = parseConfig(
      text(
        'version: 1',
        'areas:',
        '  - name: billing',
        '    paths: ["app/models/billing/**", "app/services/payments/**"]',
        '    owners: ["@alice", "@payments-team"]',
        '    note: "Hand-rolled invoice rounding; read INC-12 before touching."',
        '    legacy: true',
        '  - name: search',
        '    paths: ["app/search/**"]',
        'history:',
        "  fixPatterns: ['\\bfix\\b']",
        "  nonFixPatterns: ['\\btypo\\b']",
        "  incidentIdPatterns: ['\\bPAY-\\d+\\b']",
        '  ignorePaths: ["generated/**"]',
        '  bulkCommitFiles: 80',
        '  activeAuthorMonths: 6',
        "  botAuthors: ['^Release Robot']",
        'roles:',
        '  - paths: ["lib/tasks/**"]',
        '    role: source',
        'coupling: { minCommits: 3, minSharedCommits: 2, minDegree: 50 }',
        'risk:',
        '  dormantYears: 3',
        '  levels: { high: 0.1, medium: 0.2, low: 0.5 }',
        '  roles: [source, test]',
        '  overrides:',
        '    - paths: ["app/models/invoice.rb"]',
        '      level: high',
        '      reason: "Money is computed here"',
        'qualityBar:',
        '  summary: "Fast outside billing"',
      ),
      FILE,
    );
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(config.areas, [
      {
        name: 'billing',
        paths: ['app/models/billing/**', 'app/services/payments/**'],
        owners: ['@alice', '@payments-team'],
        note: 'Hand-rolled invoice rounding; read INC-12 before touching.',
        legacy: true,
      },
      { name: 'search', paths: ['app/search/**'], owners: [], legacy: false },
    ]);
    assert.deepEqual(config.history, {
      fixPatterns: ['\\bfix\\b'],
      nonFixPatterns: ['\\btypo\\b'],
      incidentIdPatterns: ['\\bPAY-\\d+\\b'],
      ignorePaths: ['generated/**'],
      botAuthors: ['^Release Robot'],
      bulkCommitFiles: 80,
      activeAuthorMonths: 6,
    });
    assert.deepEqual(config.roles, [{ paths: ['lib/tasks/**'], role: 'source' }]);
    assert.deepEqual(config.coupling, { minCommits: 3, minSharedCommits: 2, minDegree: 50 });
    assert.deepEqual(config.risk, {
      dormantYears: 3,
      levels: { high: 0.1, medium: 0.2, low: 0.5 },
      roles: ['source', 'test'],
      overrides: [{ paths: ['app/models/invoice.rb'], level: 'high', reason: 'Money is computed here' }],
    });
    assert.deepEqual(config.qualityBar, { summary: 'Fast outside billing' });
  });

  it('fills in every section a partial config leaves out', () => {
    const { config, diagnostics } = parseConfig(text('coupling:', '  minDegree: 40'), FILE);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(config.coupling, { minCommits: 5, minSharedCommits: 5, minDegree: 40 });
    assert.deepEqual(config.history, DEFAULT_CONFIG.history);
    assert.deepEqual(config.risk, DEFAULT_CONFIG.risk);
  });

  it('treats a key with no value as absent, so commented-out sections mean defaults', () => {
    const { config, diagnostics } = parseConfig(text('history:', '  # fixPatterns: []', 'risk:', '  dormantYears:', 'areas:'), FILE);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(config, DEFAULT_CONFIG);
  });

  it('falls back to the default of one bad field and keeps the rest', () => {
    const { config, diagnostics } = parseConfig(
      text(
        'areas:', //
        '  - name: billing',
        '    paths: ["app/billing/**"]',
        'coupling:',
        '  minCommits: 7',
        '  minDegree: lots',
      ),
      FILE,
    );
    assert.deepEqual(diagnostics.map(where), [`${FILE}:6:14 error coupling.minDegree`]);
    assert.match(diagnostics[0].message, /expected number/);
    assert.deepEqual(config.coupling, { minCommits: 7, minSharedCommits: 5, minDegree: 30 });
    assert.deepEqual(config.areas.map((a) => a.name), ['billing']);
  });

  it('reports out-of-range numbers at the value', () => {
    const { config, diagnostics } = parseConfig(text('coupling:', '  minDegree: 130', 'history:', '  bulkCommitFiles: 0'), FILE);
    assert.deepEqual(diagnostics.map(where), [`${FILE}:2:14 error coupling.minDegree`, `${FILE}:4:20 error history.bulkCommitFiles`]);
    assert.equal(config.coupling.minDegree, 30);
    assert.equal(config.history.bulkCommitFiles, 50);
  });

  it('drops an area without a name, and only that area', () => {
    const { config, diagnostics } = parseConfig(
      text(
        'areas:', //
        '  - name: billing',
        '  - paths: ["lib/**"]',
        '  - name: search',
      ),
      FILE,
    );
    assert.deepEqual(diagnostics.map(where), [`${FILE}:3:5 error areas[1].name`]);
    assert.match(diagnostics[0].message, /missing required field "name"/);
    assert.deepEqual(config.areas.map((a) => a.name), ['billing', 'search']);
  });

  it('reports a duplicate area name on the second declaration', () => {
    const { config, diagnostics } = parseConfig(text('areas:', '  - name: billing', '  - name: billing', '    legacy: true'), FILE);
    assert.deepEqual(diagnostics.map(where), [`${FILE}:3:11 error areas[1].name`]);
    assert.deepEqual(config.areas, [{ name: 'billing', paths: [], owners: [], legacy: false }]);
  });

  it('rejects a pattern that is not a JavaScript regular expression, at that list item', () => {
    const { config, diagnostics } = parseConfig(text('history:', '  fixPatterns:', "    - '\\bfix'", "    - '(unclosed'", "    - '\\bbug'"), FILE);
    assert.deepEqual(diagnostics.map(where), [`${FILE}:4:7 error history.fixPatterns[1]`]);
    assert.match(diagnostics[0].message, /not a valid regular expression: missing closing \)/);
    assert.deepEqual(config.history.fixPatterns, ['\\bfix', '\\bbug']);
  });

  it('rejects globs that are not strings or not repo-relative', () => {
    const { config, diagnostics } = parseConfig(text('history:', '  ignorePaths: [42, "/abs/**", "ok/**"]'), FILE);
    assert.deepEqual(diagnostics.map(where), [`${FILE}:2:17 error history.ignorePaths[0]`, `${FILE}:2:21 error history.ignorePaths[1]`]);
    assert.deepEqual(config.history.ignorePaths, ['ok/**']);
  });

  it('checks that risk levels are ordered, falling back to the default levels', () => {
    const { config, diagnostics } = parseConfig(text('risk:', '  levels: { high: 0.5, medium: 0.1 }'), FILE);
    assert.deepEqual(diagnostics.map(where), [`${FILE}:2:11 error risk.levels`]);
    assert.deepEqual(config.risk.levels, DEFAULT_CONFIG.risk.levels);
  });

  it('drops an override with an unknown level', () => {
    const { config, diagnostics } = parseConfig(
      text('risk:', '  overrides:', '    - paths: [a.rb]', '      level: extreme', '    - paths: [b.rb]', '      level: none'),
      FILE,
    );
    assert.deepEqual(diagnostics.map(where), [`${FILE}:4:14 error risk.overrides[0].level`]);
    assert.deepEqual(config.risk.overrides, [{ paths: ['b.rb'], level: 'none' }]);
  });

  it('warns about unknown keys with a hint, at the key, and keeps them out of the config', () => {
    const { config, diagnostics } = parseConfig(
      text('coupling:', '  minCommit: 3', '  minDegree: 40', 'histroy: {}', 'fix_patterns: []', 'flavour: vanilla'),
      FILE,
    );
    assert.deepEqual(diagnostics.map(where), [
      `${FILE}:2:3 warning coupling.minCommit`,
      `${FILE}:4:1 warning histroy`,
      `${FILE}:5:1 warning fix_patterns`,
      `${FILE}:6:1 warning flavour`,
    ]);
    assert.equal(diagnostics[0].message, 'unknown key "minCommit"; did you mean "minCommits"?');
    assert.equal(diagnostics[1].message, 'unknown key "histroy"; did you mean "history"?');
    assert.equal(diagnostics[3].message, 'unknown key "flavour"');
    assert.equal(config.coupling.minDegree, 40);
    assert.equal(config.coupling.minCommits, 5);
    assert.ok(!('histroy' in config));
  });

  it('reports a YAML syntax error at its position and uses the defaults', () => {
    const { config, diagnostics } = parseConfig(text('coupling:', '  minDegree: [40', 'areas: []'), FILE);
    assert.equal(diagnostics.length >= 1, true);
    assert.equal(diagnostics[0].severity, 'error');
    assert.equal(diagnostics[0].file, FILE);
    assert.equal(diagnostics[0].line, 3);
    assert.match(diagnostics[0].message, /^YAML: /);
    assert.deepEqual(config, DEFAULT_CONFIG);
  });

  it('reports a duplicate key as a YAML error at the second key', () => {
    const { diagnostics } = parseConfig(text('version: 1', 'version: 1'), FILE);
    assert.deepEqual(diagnostics.map(where), [`${FILE}:2:1 error `]);
    assert.match(diagnostics[0].message, /unique/);
  });

  it('refuses alias bombs instead of expanding them', () => {
    const bomb = text('a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]');
    const { config, diagnostics } = parseConfig(bomb, FILE);
    assert.deepEqual(diagnostics.map(where), [`${FILE}:1:1 error `]);
    assert.match(diagnostics[0].message, /alias/i);
    assert.deepEqual(config, DEFAULT_CONFIG);
  });

  it('warns once about keys that are not names, and keeps the valid rest', () => {
    const { config, diagnostics } = parseConfig(text('1: one', '[a, b]: pair', 'coupling: { minDegree: 45, ? {x: 1} : y }'), FILE);
    assert.deepEqual(diagnostics.map(where), [`${FILE}:1:1 warning 1`, `${FILE}:2:1 warning `, `${FILE}:3:30 warning `]);
    assert.match(diagnostics[1].message, /a key must be a plain name/);
    assert.equal(config.coupling.minDegree, 45);
  });

  it('rejects a document that is not a mapping', () => {
    const { config, diagnostics } = parseConfig(text('- name: billing'), FILE);
    assert.deepEqual(diagnostics.map(where), [`${FILE}:1:1 error `]);
    assert.match(diagnostics[0].message, /expected object, received array/);
    assert.deepEqual(config, DEFAULT_CONFIG);
  });

  it('warns about an empty file and uses the defaults; a comment-only file is fine', () => {
    const empty = parseConfig('  \n', FILE);
    assert.deepEqual(empty.diagnostics.map(where), [`${FILE}:1:1 warning `]);
    assert.deepEqual(empty.config, DEFAULT_CONFIG);
    assert.deepEqual(parseConfig('# nothing configured yet\n', FILE).diagnostics, []);
  });

  it('rejects an unsupported version', () => {
    const { config, diagnostics } = parseConfig(text('version: 2'), FILE);
    assert.deepEqual(diagnostics.map(where), [`${FILE}:1:10 error version`]);
    assert.equal(config.version, 1);
  });

  it('formats diagnostics as file:line:col: severity: field: message', () => {
    const { diagnostics } = parseConfig(text('coupling:', '  minDegree: lots'), FILE);
    assert.equal(formatDiagnostic(diagnostics[0]), `${FILE}:2:14: error: coupling.minDegree: Invalid input: expected number, received string`);
    assert.equal(formatDiagnostic({ file: 'a.md', line: 1, column: 1, severity: 'warning', field: '', message: 'm' }), 'a.md:1:1: warning: m');
  });

  it('gives each diagnostic an end position on the offending value', () => {
    const { diagnostics } = parseConfig(text('coupling:', '  minDegree: lots'), FILE);
    assert.equal(diagnostics[0].endLine, 2);
    assert.equal(diagnostics[0].endColumn, 18);
  });
});

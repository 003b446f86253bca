/**
 * Issue #17, findings 3-5: patterns, globs and CODEOWNERS lines from the team or the repository cannot stall the
 * tool, validation stays linear in the size of the file, and what validation accepts never crashes a command.
 * Hangs are bounded by a child process that is killed at a generous limit (a stalled regular expression blocks
 * its thread, so a mocha timeout could not stop it).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { runBounded } from '../../helpers/bounded';
import { runChangeRisk } from '../../helpers/cli';
import { lines, TestRepo } from '../../helpers/testRepo';
import { parseCodeOwners, readCodeOwners } from '../../../src/core/change/codeowners';
import type { Diagnostic } from '../../../src/core/diagnostics';
import { globMatcher } from '../../../src/core/globs';
import { compileHistoryRules, DEFAULT_CONFIG, parseConfig, parseIncident } from '../../../src/core/team';

const FILE = '.changerisk/config.yaml';
const where = (d: Diagnostic) => `${d.line} ${d.severity} ${d.field}`;

describe('hostile team and repository text (#17)', function () {
  this.timeout(120_000);

  describe('catastrophic backtracking (finding 3)', () => {
    it('runs a fix pattern that backtracks exponentially in JavaScript in linear time', () => {
      const run = runBounded(`
        const { parseConfig, compileHistoryRules } = src('core/team');
        const { config, diagnostics } = parseConfig("history:\\n  fixPatterns: ['(a+)+$', '(x|x)*y']\\n", 'c.yaml');
        const rules = compileHistoryRules(config.history);
        console.log(JSON.stringify({ diagnostics: diagnostics.length, fix: rules.isFix('a'.repeat(60) + '!'), x: rules.isFix('x'.repeat(60)) }));
        if (!rules.isFix('aaa')) throw new Error('the pattern no longer matches what it should');
      `, 30_000);
      assert.ok(run.finished, 'the pattern stalled the history rules');
      assert.deepEqual(JSON.parse(run.stdout), { diagnostics: 0, fix: false, x: false });
    });

    it('matches a glob with many wildcards against a long path without stalling', () => {
      const run = runBounded(`
        const { globMatcher } = src('core/globs');
        const matches = globMatcher(['${'*a'.repeat(12)}*b']);
        console.log(JSON.stringify([matches('a'.repeat(60) + '/b'), matches('xa' + 'a'.repeat(12) + 'b')]));
      `, 30_000);
      assert.ok(run.finished, 'the glob stalled the matcher');
      assert.deepEqual(JSON.parse(run.stdout), [false, true]);
    });

    it('does not stall on a hostile CODEOWNERS line', () => {
      const run = runBounded(`
        const { parseCodeOwners } = src('core/change/codeowners');
        const owners = parseCodeOwners('* @everyone\\n${'*a'.repeat(12)}*b @mallory\\n', 'CODEOWNERS');
        console.log(JSON.stringify(owners.ownersOf('a'.repeat(60) + '/b')));
      `, 30_000);
      assert.ok(run.finished, 'the CODEOWNERS line stalled the owner lookup');
      assert.deepEqual(JSON.parse(run.stdout), ['@everyone']);
    });

    it('skips a CODEOWNERS line whose pattern is refused, says so at its line, and keeps the others', async () => {
      const text = ['* @everyone', `${'{a,b}'.repeat(40)} @mallory`, 'docs/ @writers'].join('\n');
      const owners = parseCodeOwners(text, '.github/CODEOWNERS');
      assert.deepEqual(owners.rules.map((rule) => rule.line), [1, 3]);
      assert.deepEqual(owners.skippedLines.map((d) => `${d.file}:${d.line} ${d.severity}`), ['.github/CODEOWNERS:2 warning']);
      assert.match(owners.skippedLines[0]!.message, /line skipped: .*wildcards/);
      assert.deepEqual(owners.ownersOf('docs/a.md'), ['@writers']);
      const repo = TestRepo.create();
      try {
        repo.commit({ message: 'Owners', date: '2024-01-01T10:00:00Z', files: { '.github/CODEOWNERS': text } });
        const skipped: Diagnostic[] = [];
        await readCodeOwners(repo.root, skipped);
        assert.deepEqual(skipped.map((d) => `${d.file}:${d.line}`), ['.github/CODEOWNERS:2'], 'the impact and check commands print these on stderr');
      } finally {
        repo.dispose();
      }
    });

    it('reports refused patterns and globs at their line, naming the field, and keeps the valid rest', () => {
      const text = [
        'areas:',
        '  - name: billing',
        '    paths:',
        `      - '${'*a'.repeat(40)}'`,
        "      - 'app/billing/**'",
        'history:',
        '  fixPatterns:',
        "    - '\\bfix(?!ture)'",
        "    - '\\bbug'",
        `    - '[0-9a-f]{100}x{50}'`,
      ].join('\n');
      const { config, diagnostics } = parseConfig(text, FILE);
      assert.deepEqual(diagnostics.map(where), ['4 error areas[0].paths[0]', '8 error history.fixPatterns[0]', '10 error history.fixPatterns[2]']);
      assert.match(diagnostics[0]!.message, /at most 32 wildcards/);
      assert.match(diagnostics[1]!.message, /lookahead and lookbehind are not supported/);
      assert.match(diagnostics[2]!.message, /counted repetitions .* add up to 150/);
      assert.deepEqual(config.areas[0]!.paths, ['app/billing/**']);
      assert.deepEqual(config.history.fixPatterns, ['\\bbug']);
    });
  });

  describe('over-long patterns and globs (finding 5)', () => {
    const longPattern = `(?:${'ab'.repeat(20_000)})`;
    const longGlob = `app/${'x'.repeat(70_000)}/**`;

    it('rejects a pattern or a glob that is too long in validation, at its line', () => {
      const text = ['areas:', '  - name: billing', '    paths:', `      - '${longGlob}'`, 'history:', '  fixPatterns:', `    - '${longPattern}'`].join('\n');
      const { config, diagnostics } = parseConfig(text, FILE);
      assert.deepEqual(diagnostics.map(where), ['4 error areas[0].paths[0]', '7 error history.fixPatterns[0]']);
      assert.match(diagnostics[0]!.message, /at most 1024 characters/);
      assert.match(diagnostics[1]!.message, /longer than 500 characters/);
      assert.deepEqual(config.areas[0]!.paths, []);
      assert.deepEqual(config.history.fixPatterns, []);
    });

    it('never throws at run time on rules built by hand with them', () => {
      assert.doesNotThrow(() => compileHistoryRules({ ...DEFAULT_CONFIG.history, fixPatterns: [longPattern], ignorePaths: [longGlob] }).isFix('fix'));
      assert.equal(globMatcher([longGlob, 'app/**'])('app/a.rb'), true);
    });

    it('hotspots runs with such a config instead of failing with exit 3', () => {
      const repo = TestRepo.create();
      try {
        const config = ['areas:', '  - name: billing', `    paths: ['${longGlob}']`, 'history:', `  fixPatterns: ['${longPattern}', '\\bfix']`, ''].join('\n');
        repo.commit({ message: 'Add billing', date: '2024-01-01T10:00:00Z', files: { 'app/billing.rb': lines(10), '.changerisk/config.yaml': config } });
        repo.commit({ message: 'Fix rounding', date: '2024-02-01T10:00:00Z', files: { 'app/billing.rb': lines(10).replace('line 2', 'fixed 2') } });
        const validate = runChangeRisk(repo.root, 'validate');
        assert.equal(validate.status, 1, validate.stdout + validate.stderr);
        assert.match(validate.stdout, /config\.yaml:3:\d+: error: areas\[0\]\.paths\[0\]: /);
        assert.match(validate.stdout, /config\.yaml:5:\d+: error: history\.fixPatterns\[0\]: /);
        const hotspots = runChangeRisk(repo.root, 'hotspots', '--json');
        assert.equal(hotspots.status, 0, hotspots.stderr);
        assert.doesNotMatch(hotspots.stderr, /SyntaxError/);
      } finally {
        repo.dispose();
        fs.rmSync(`${repo.root}-cache`, { recursive: true, force: true });
      }
    });
  });

  describe('validation stays linear (finding 4)', () => {
    it('validates 100,000 unknown keys in a config and in a front matter, with the diagnostics capped', () => {
      const run = runBounded(`
        const { parseConfig, parseIncident } = src('core/team');
        const keys = Array.from({ length: 100000 }, (_, i) => 'k' + i + ': 1').join('\\n');
        const config = parseConfig('version: 1\\n' + keys + '\\n', 'c.yaml');
        const incident = parseIncident('---\\nid: INC-1\\ntitle: t\\ndate: 2024-03-14\\nkind: incident\\n' + keys + '\\n---\\nBody\\n', 'i.md');
        const summary = (d) => ({ count: d.length, first: d[1].field, last: d[0].message });
        console.log(JSON.stringify({ config: summary(config.diagnostics), incident: summary(incident.diagnostics), id: incident.incident && incident.incident.id }));
      `, 90_000);
      assert.ok(run.finished, 'validation of 100,000 unknown keys did not finish');
      const result = JSON.parse(run.stdout);
      // The count of the rest sorts first: it is about the whole file (line 1 of the YAML).
      assert.deepEqual(result.config, { count: 101, first: 'k0', last: 'and 99900 more problems not listed; the first 100 are' });
      assert.deepEqual(result.incident, { count: 101, first: 'k0', last: 'and 99900 more problems not listed; the first 100 are' });
      assert.equal(result.id, 'INC-1', 'unknown keys are warnings: the incident still loads');
    });

    it('still reports a duplicate key as a YAML error at the second key, in a nested mapping too', () => {
      const { diagnostics } = parseConfig(['coupling:', '  minCommits: 3', '  minCommits: 4', 'version: 1'].join('\n'), FILE);
      assert.deepEqual(diagnostics.map(where), ['3 error ']);
      assert.match(diagnostics[0]!.message, /unique/);
    });

    it('drops many invalid list items at once and keeps the valid ones in order', () => {
      const items = Array.from({ length: 2000 }, (_, i) => (i % 2 === 0 ? `    - 'ok${i}/**'` : '    - 7'));
      const { config, diagnostics } = parseConfig(['history:', '  ignorePaths:', ...items].join('\n'), FILE);
      assert.equal(config.history.ignorePaths.length, 1000);
      assert.equal(config.history.ignorePaths[999], 'ok1998/**');
      assert.equal(diagnostics.length, 101);
      assert.equal(diagnostics[0]!.message, 'and 900 more problems (900 of them errors) not listed; the first 100 are');
      const parsed = parseIncident(['---', 'id: INC-1', 'title: t', 'date: 2024-03-14', 'kind: incident', 'affected: [a.rb, 7, b.rb]', '---', ''].join('\n'), 'i.md');
      assert.deepEqual(parsed.diagnostics.map(where), ['6 error affected[1]']);
    });
  });
});

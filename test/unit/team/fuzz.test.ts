/**
 * Fuzzing with a fixed seed (issue #17): config files, postmortems and CLI arguments made by mutating valid
 * examples (the demo's, the docs') with random bytes, deep nesting, huge numbers, odd Unicode, long strings,
 * duplicate keys and wrong types. Every input must be handled without an uncaught exception, every problem must
 * be a diagnostic with a file and a line, and whatever validation accepts must run (patterns, globs) without
 * throwing. Time per input is bounded by the mocha timeout of its batch.
 *
 * A larger run for a release: CHANGE_RISK_FUZZ_RUNS=100000 npx mocha test/unit/team/fuzz.test.ts
 * (CHANGE_RISK_FUZZ_SEED picks another seed). A failure prints the seed and the input number to replay it.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';
import type { Diagnostic } from '../../../src/core/diagnostics';
import { globMatcher } from '../../../src/core/globs';
import { compileHistoryRules, parseConfig, parseIncident } from '../../../src/core/team';
import { CHANGERISK_CONFIG, DEMO_INCIDENTS, renderIncident } from '../../../src/demo/demoIncidents';
import { Prng } from '../../../src/demo/prng';
import { lines, TestRepo } from '../../helpers/testRepo';

const RUNS = Number(process.env.CHANGE_RISK_FUZZ_RUNS ?? 3000);
const SEED = Number(process.env.CHANGE_RISK_FUZZ_SEED ?? 20_240_314);
const CLI_RUNS = Math.max(40, Math.min(200, Math.floor(RUNS / 20)));
const BATCH = 500;

const ROOT = path.resolve(__dirname, '../../..');
const CONFIG_FILE = '.changerisk/config.yaml';
const INCIDENT_FILE = '.changerisk/incidents/inc.md';

/** Valid examples to mutate: the demo's config and postmortems, and the YAML examples of the docs. */
function seeds(): { configs: string[]; incidents: string[] } {
  const docs = fs.readFileSync(path.join(ROOT, 'docs/team-files.md'), 'utf8');
  const blocks = [...docs.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]!);
  const incidents = DEMO_INCIDENTS.map((incident) => renderIncident(incident, { fix: ['1a2b3c4d'], introduced: ['3e45678'] }));
  // Only the blocks that are whole files (the docs also show fragments, such as one list of rules).
  const wholeConfig = (block: string) => !block.startsWith('---') && parseConfig(block, CONFIG_FILE).diagnostics.length === 0;
  return {
    configs: [CHANGERISK_CONFIG, ...blocks.filter(wholeConfig)],
    incidents: [...incidents, ...blocks.filter((block) => block.startsWith('id:')).map((block) => `---\n${block}---\nBody.\n`)],
  };
}

const ODD = ['\u2028', '\u2029', '\u0000', '\uD800', '\uDFFF', '\uFEFF', '\u200B', '😀', '\r', '\t', 'é', '\u0301', '\uFFFD', '\u001B[31m'];
const YAML_BITS = [':', ': ', '- ', '[', ']', '{', '}', ',', "'", '"', '#', '&a ', '*a', '!', '!!str ', '%YAML 1.1\n', '|', '>', '? ', '---\n', '...\n', '\n', '  ', '\\'];
const VALUES = ['[]', '{}', 'null', '~', 'true', 'no', '12', '-0', '1e309', '-1e309', '99999999999999999999999', '0x1F', '.inf', '.nan', '2024-02-30', '"2024-03-14"', "'(a+)+$'", "'**/*'", "'[bot]'", "''", '"\\u0000"'];
const PATTERNS = ['(a+)+$', '(?=x)', '\\1', '{a,b}', '*a*a*a*a*a*a*a*b', '!(x)', '\\bfix\\b', '[', '(', 'a{99999}', '(?<n>x)(?<n>y)', '\\p{Greek}', '\\u{1F600}'];

function mutate(text: string, random: Prng, pool: readonly string[]): string {
  let out = text;
  const edits = random.int(1, 4);
  for (let i = 0; i < edits; i++) {
    const at = random.int(0, out.length);
    switch (random.int(0, 11)) {
      case 0: out = out.slice(0, at) + String.fromCharCode(random.int(0, 0xffff)) + out.slice(at); break;
      case 1: out = out.slice(0, at) + out.slice(at + random.int(1, 20)); break;
      case 2: out = out.slice(0, at) + random.pick(ODD) + out.slice(at); break;
      case 3: out = out.slice(0, at) + random.pick(YAML_BITS) + out.slice(at); break;
      case 4: out = replaceValue(out, random, random.pick(VALUES)); break;
      case 5: out = replaceValue(out, random, `'${random.pick(PATTERNS)}'`); break;
      case 6: out = replaceValue(out, random, nested(random)); break;
      case 7: out = replaceValue(out, random, random.pick(["'", '"', '']) + 'x'.repeat(random.int(100, 8_000))); break;
      case 8: out = duplicateLine(out, random); break;
      case 9: out = out.slice(0, at) + random.pick(pool).slice(0, random.int(0, 400)) + out.slice(at); break;
      case 10: out = `${out}\n${random.pick(['unknown', 'root_cause', 'fixPattern', 'x'.repeat(300)])}: ${random.pick(VALUES)}\n`; break;
      default: out = Buffer.from(out, 'utf8').subarray(0, random.int(0, Buffer.byteLength(out))).toString('utf8'); break;
    }
  }
  return out;
}

/** Replaces the value after a `key:` on a random line. */
function replaceValue(text: string, random: Prng, value: string): string {
  const all = text.split('\n');
  const index = random.int(0, all.length - 1);
  const colon = all[index]!.indexOf(':');
  all[index] = colon >= 0 ? `${all[index]!.slice(0, colon + 1)} ${value}` : `${all[index]} ${value}`;
  return all.join('\n');
}

function duplicateLine(text: string, random: Prng): string {
  const all = text.split('\n');
  const index = random.int(0, all.length - 1);
  all.splice(index, 0, all[index]!);
  return all.join('\n');
}

function nested(random: Prng): string {
  const depth = random.int(10, 3000);
  return random.chance(0.5) ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{a: '.repeat(depth)}1${'}'.repeat(depth)}`;
}

function checkDiagnostics(diagnostics: Diagnostic[], file: string, text: string): void {
  const lineCount = text.split(/\r\n|\r|\n/).length + 1;
  for (const d of diagnostics) {
    assert.equal(d.file, file);
    assert.ok(Number.isInteger(d.line) && d.line >= 1 && d.line <= lineCount + 1, `line ${d.line} of ${lineCount}: ${d.message}`);
    assert.ok(Number.isInteger(d.column) && d.column >= 1, `column ${d.column}`);
    assert.ok(d.severity === 'error' || d.severity === 'warning');
    assert.equal(typeof d.field, 'string');
    assert.ok(d.message.length > 0);
  }
  assert.ok(diagnostics.length <= 2 * 101 + 10, `${diagnostics.length} diagnostics: the list is capped`);
}

/** What validation accepted must run: compile the rules and globs and use them on odd text. */
function exercise(globs: string[], history?: Parameters<typeof compileHistoryRules>[0]): void {
  const probes = ['fix bug INC-12', 'a'.repeat(5000) + '!', ...ODD, 'app/models/invoice.rb', 'x/'.repeat(500)];
  const matches = globMatcher(globs);
  for (const probe of probes) matches(probe);
  if (!history) return;
  const rules = compileHistoryRules(history);
  for (const probe of probes) {
    rules.isFix(probe);
    rules.incidentIds(probe);
    rules.isBot(probe, probe);
    rules.isIgnoredPath(probe);
  }
}

function replayHint(kind: string, n: number, input: string): string {
  return `${kind} input #${n} (seed ${SEED}): ${JSON.stringify(input.slice(0, 300))}`;
}

describe(`fuzz: team files and CLI arguments (seed ${SEED}, ${RUNS} inputs)`, function () {
  this.timeout(60_000);
  const { configs, incidents } = seeds();
  const pool = [...configs, ...incidents];

  it('has valid examples to start from', () => {
    assert.ok(configs.length >= 2 && incidents.length >= 5);
    for (const text of configs) assert.deepEqual(parseConfig(text, CONFIG_FILE).diagnostics.filter((d) => d.severity === 'error'), [], text);
    for (const text of incidents) assert.ok(parseIncident(text, INCIDENT_FILE).incident, text);
  });

  // Mocha lifts the stack trace limit to Infinity; yaml makes an Error per problem, and deep nesting makes deep
  // stacks, so each input would cost what it never costs in the CLI or the editor (Node's default of 10 frames).
  let stackTraceLimit = Error.stackTraceLimit;
  before(() => {
    stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 10;
  });
  after(() => {
    Error.stackTraceLimit = stackTraceLimit;
  });

  for (let start = 0; start < RUNS; start += BATCH) {
    const end = Math.min(RUNS, start + BATCH);
    it(`config files and postmortems ${start + 1}-${end}`, () => {
      for (let n = start; n < end; n++) {
        const random = new Prng(SEED + n);
        const config = n % 2 === 0;
        const input = mutate(random.pick(config ? configs : incidents), random, pool);
        try {
          if (config) {
            const parsed = parseConfig(input, CONFIG_FILE);
            checkDiagnostics(parsed.diagnostics, CONFIG_FILE, input);
            const c = parsed.config;
            exercise([...c.areas.flatMap((a) => a.paths), ...c.history.ignorePaths, ...c.roles.flatMap((r) => r.paths), ...c.risk.overrides.flatMap((o) => o.paths)], c.history);
          } else {
            const parsed = parseIncident(input, INCIDENT_FILE, { declaredAreas: ['billing', 'search'] });
            checkDiagnostics(parsed.diagnostics, INCIDENT_FILE, input);
            if (parsed.incident) exercise(parsed.incident.affected.map((a) => a.path));
          }
        } catch (error) {
          assert.fail(`${replayHint(config ? 'config' : 'postmortem', n, input)}\n${error instanceof Error ? error.stack : String(error)}`);
        }
      }
    });
  }

  describe('CLI arguments', () => {
    let repo: TestRepo;
    // No --cache-dir: a generated one would be created wherever it points. Commands run from inside the test
    // repository, so whatever a command line makes relative to the working folder goes away with it.
    const saved = { log: console.log, error: console.error, write: process.stderr.write, out: process.stdout.write, cache: process.env.CHANGE_RISK_CACHE_DIR, cwd: process.cwd() };

    before(() => {
      repo = TestRepo.create();
      repo.commit({ message: 'Add billing', date: '2024-01-01T10:00:00Z', files: { 'app/billing.rb': lines(10), '.changerisk/config.yaml': CHANGERISK_CONFIG } });
      repo.commit({ message: 'Fix rounding INC-12', date: '2024-02-01T10:00:00Z', files: { 'app/billing.rb': lines(10).replace('line 2', 'fixed 2') } });
      process.env.CHANGE_RISK_CACHE_DIR = `${repo.root}-cache`;
      process.chdir(repo.root);
    });
    after(() => {
      process.chdir(saved.cwd);
      if (saved.cache === undefined) delete process.env.CHANGE_RISK_CACHE_DIR;
      else process.env.CHANGE_RISK_CACHE_DIR = saved.cache;
      repo.dispose();
      fs.rmSync(`${repo.root}-cache`, { recursive: true, force: true });
    });

    const COMMANDS = ['hotspots', 'explain', 'incidents', 'validate', 'backtest', 'impact', 'check', 'help', '--version', '-h', 'nope', ''];
    const OPTIONS = ['--json', '--top', '--now', '--since', '--kind', '--by', '--format', '--lang', '--base', '--at', '--window', '--no-cache', '--help', '-h', '--', '-', '--repo', '--pr-body', '--json=yes'];
    const ARGUMENTS = ['app/billing.rb', '0', '-1', '1e309', 'NaN', '2024-02-30', '2024-03-14', '9999-99-99', 'HEAD', 'HEAD~99', '../..', '/etc/passwd', 'app/*', ...ODD, 'x'.repeat(5000), 'incident', 'markdown', 'json', 'month', '12'];

    async function runQuietly(args: string[]): Promise<{ code: number; stderr: string }> {
      let stderr = '';
      console.log = () => undefined;
      console.error = () => undefined;
      process.stdout.write = (() => true) as typeof process.stdout.write;
      process.stderr.write = ((chunk: string | Uint8Array) => {
        stderr += String(chunk);
        return true;
      }) as typeof process.stderr.write;
      try {
        return { code: await main(args), stderr };
      } finally {
        console.log = saved.log;
        console.error = saved.error;
        process.stdout.write = saved.out;
        process.stderr.write = saved.write;
      }
    }

    it(`${CLI_RUNS} generated command lines end with an exit code, never an unexpected error`, async function () {
      this.timeout(Math.max(120_000, CLI_RUNS * 2_000));
      for (let n = 0; n < CLI_RUNS; n++) {
        const random = new Prng(SEED * 31 + n);
        const args = [random.pick(COMMANDS)];
        for (let i = random.int(0, 5); i > 0; i--) args.push(random.chance(0.6) ? random.pick(OPTIONS) : random.pick(ARGUMENTS));
        // Most runs analyse the test repository, not the folder the tests run in.
        if (random.chance(0.8) && !args.includes('--repo')) args.push('--repo', repo.root);
        const { code, stderr } = await runQuietly(args);
        const hint = `CLI input #${n} (seed ${SEED}): ${JSON.stringify(args).slice(0, 300)}`;
        assert.ok([0, 1, 2, 3].includes(code), `${hint}: exit ${code}`);
        assert.doesNotMatch(stderr, /unexpected error/, `${hint}\n${stderr}`);
      }
    });
  });
});

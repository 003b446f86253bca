import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { configSchema, incidentFrontMatterSchema } from '../../../src/core/team/schema';
import { CHANGERISK_CONFIG, DEMO_INCIDENTS, renderIncident } from '../../../src/demo/demoIncidents';

const repoRoot = path.resolve(__dirname, '../../..');
const readSchema = (file: string) => JSON.parse(fs.readFileSync(path.join(repoRoot, 'schemas', file), 'utf8')) as Record<string, unknown>;

/** Ajv's default export validates draft-07; strict mode refuses unknown keywords, ambiguous types and the like. */
function compile(file: string): ValidateFunction {
  const ajv = new Ajv({ strict: true, allErrors: true });
  addFormats(ajv);
  return ajv.compile(readSchema(file));
}

interface Example {
  /** `docs/team-files.md:22`: where the block starts. */
  where: string;
  kind: 'config' | 'incident';
  value: unknown;
}

/** The YAML a user writes, as the docs show it: config files, default pattern lists and postmortem front matter. */
function documentedExamples(): { examples: Example[]; skipped: string[] } {
  const docs = ['README.md', ...fs.readdirSync(path.join(repoRoot, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
  const configKeys = Object.keys((readSchema('config.schema.json').properties as object) ?? {});
  const examples: Example[] = [];
  const skipped: string[] = [];
  for (const doc of docs) {
    const text = fs.readFileSync(path.join(repoRoot, doc), 'utf8');
    for (const block of text.matchAll(/^```(yaml|markdown)\n([\s\S]*?)^```$/gm)) {
      const where = `${doc}:${text.slice(0, block.index).split('\n').length}`;
      if (block[1] === 'markdown') {
        const frontMatter = /^---\n([\s\S]*?)\n---\n/.exec(block[2]!);
        if (frontMatter) examples.push({ where, kind: 'incident', value: parse(frontMatter[1]!) });
        continue;
      }
      const value: unknown = parse(block[2]!);
      if (Array.isArray(value)) {
        // A default pattern list, introduced by "Default `fixPatterns`": validated as that history key.
        const key = [...text.slice(Math.max(0, block.index - 600), block.index).matchAll(/Default `(\w+)`/g)].pop()?.[1];
        assert.ok(key, `${where}: a YAML list with no "Default \`key\`" before it`);
        examples.push({ where, kind: 'config', value: { history: { [key]: value } } });
      } else if (value && typeof value === 'object' && 'jobs' in value) {
        skipped.push(`${where} (GitHub Actions workflow)`);
      } else if (value && typeof value === 'object' && Object.values(value).every((job) => job && typeof job === 'object' && 'script' in job)) {
        skipped.push(`${where} (GitLab CI job)`);
      } else {
        const keys = Object.keys(value as object);
        assert.ok(keys.length > 0 && keys.every((k) => configKeys.includes(k)), `${where}: a YAML example that is neither a config file, a pattern list nor a workflow: ${keys.join(', ')}`);
        examples.push({ where, kind: 'config', value });
      }
    }
  }
  return { examples, skipped };
}

/** The demo repository's team files, as its generator writes them (shas filled in as the generator would). */
function demoExamples(): Example[] {
  const sha = (n: number) => n.toString(16).padStart(40, 'a');
  return [
    { where: 'demo .changerisk/config.yaml', kind: 'config', value: parse(CHANGERISK_CONFIG) },
    ...DEMO_INCIDENTS.map((incident, i): Example => {
      const file = renderIncident(incident, { fix: [sha(i * 2)], introduced: [sha(i * 2 + 1)] });
      return { where: `demo ${incident.id}`, kind: 'incident', value: parse(/^---\n([\s\S]*?)\n---\n/.exec(file)![1]!) };
    }),
  ];
}

const errorsOf = (validate: ValidateFunction) => (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.keyword}${e.params && 'additionalProperty' in e.params ? ` ${String(e.params.additionalProperty)}` : ''}${e.params && 'missingProperty' in e.params ? ` ${String(e.params.missingProperty)}` : ''}`);

describe('JSON Schemas against the documented examples (ajv, draft-07, strict)', () => {
  const validators = { config: compile('config.schema.json'), incident: compile('incident.schema.json') };
  const zodSchemas = { config: configSchema, incident: incidentFrontMatterSchema };
  let examples: Example[] = [];
  let skipped: string[] = [];
  before(() => ({ examples, skipped } = documentedExamples()));

  it('compile in strict mode as draft-07 with an $id and a title', () => {
    for (const file of ['config.schema.json', 'incident.schema.json']) {
      const schema = readSchema(file);
      assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
      assert.equal(schema.$id, `https://raw.githubusercontent.com/change-risk/change-risk/HEAD/schemas/${file}`);
      assert.ok(typeof schema.title === 'string' && schema.title.startsWith('Change Risk'));
    }
  });

  it('find the examples of README.md and docs/*.md: config files, default pattern lists, postmortem front matter', () => {
    assert.ok(examples.filter((e) => e.kind === 'config').length >= 4, examples.map((e) => e.where).join(', '));
    assert.ok(examples.some((e) => e.kind === 'incident'));
    // The CI recipes are workflows and jobs, not team files: the action's and the GitLab job's recipe tests check them.
    assert.ok(skipped.length > 0 && skipped.every((s) => s.endsWith('(GitHub Actions workflow)') || s.endsWith('(GitLab CI job)')), skipped.join(', '));
  });

  for (const source of ['docs', 'demo'] as const) {
    it(`accept every ${source === 'docs' ? 'documented example' : 'team file the demo generator writes'}, as the loader's zod schema does`, () => {
      for (const example of source === 'docs' ? examples : demoExamples()) {
        const validate = validators[example.kind];
        assert.ok(validate(example.value), `${example.where}: ${errorsOf(validate).join('; ')}`);
        assert.ok(zodSchemas[example.kind].safeParse(example.value).success, `${example.where}: the loader refuses it`);
      }
    });
  }

  it('refuse invalid config files at the path of the mistake', () => {
    const cases: [unknown, string][] = [
      [{ coupling: { minDegree: 'high' } }, '/coupling/minDegree type'],
      [{ histroy: {} }, '/ additionalProperties histroy'],
      [{ risk: { overrides: [{ level: 'high' }] } }, '/risk/overrides/0 required paths'],
      [{ risk: { levels: { high: 2 } } }, '/risk/levels/high maximum'],
      [{ qualityBar: { rules: [{ testChange: true }] } }, '/qualityBar/rules/0 additionalProperties testChange'],
      [{ areas: [{ name: 'billing', legacy: 'yes' }] }, '/areas/0/legacy type'],
    ];
    for (const [config, expected] of cases) {
      assert.equal(validators.config(config), false, JSON.stringify(config));
      assert.ok(errorsOf(validators.config).includes(expected), `${JSON.stringify(config)}: ${errorsOf(validators.config).join('; ')}`);
    }
  });

  it('refuse invalid postmortem front matter at the path of the mistake', () => {
    const valid = { id: 'INC-1', title: 'Totals rounded twice', date: '2024-03-14', kind: 'regression' };
    const cases: [unknown, string][] = [
      [{ ...valid, kind: undefined }, '/ required kind'],
      [{ ...valid, kind: 'outage' }, '/kind enum'],
      [{ ...valid, date: '14/03/2024' }, '/date pattern'],
      [{ ...valid, severity: 'sev5' }, '/severity enum'],
      [{ ...valid, commits: { fix: ['not-a-sha'] } }, '/commits/fix/0 pattern'],
      [{ ...valid, affected: [{ path: 'app/models/invoice.rb', lines: 'forty' }] }, '/affected/0/lines anyOf'],
      [{ ...valid, actionItems: [{ owner: '@alice' }] }, '/actionItems/0 required text'],
      [{ ...valid, rootcause: 'x' }, '/ additionalProperties rootcause'],
    ];
    for (const [front, expected] of cases) {
      const input = JSON.parse(JSON.stringify(front)) as unknown;
      assert.equal(validators.incident(input), false, JSON.stringify(front));
      assert.ok(errorsOf(validators.incident).includes(expected), `${JSON.stringify(front)}: ${errorsOf(validators.incident).join('; ')}`);
    }
  });
});

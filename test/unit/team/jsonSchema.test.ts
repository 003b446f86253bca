import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JSON_SCHEMA_BASE_URL, renderJsonSchemas } from '../../../src/core/team/jsonSchema';

const repoRoot = path.resolve(__dirname, '../../..');

describe('generated JSON Schemas', () => {
  const rendered = renderJsonSchemas();

  for (const [file, content] of Object.entries(rendered)) {
    it(`${file} is up to date with the zod schema (run npm run schemas:generate)`, () => {
      const committed = fs.readFileSync(path.join(repoRoot, file), 'utf8');
      assert.equal(committed, content);
    });
  }

  it('describes what users write: required fields, aliases, no unknown keys', () => {
    const incident = JSON.parse(rendered['schemas/incident.schema.json']);
    assert.deepEqual(incident.required, ['id', 'title', 'date', 'kind']);
    assert.equal(incident.additionalProperties, false);
    assert.ok(incident.properties.severity.enum.includes('sev1'));
    const config = JSON.parse(rendered['schemas/config.schema.json']);
    assert.equal(config.required, undefined, 'every config section is optional');
    assert.ok('qualityBar' in config.properties);
    assert.equal(config.properties.coupling.properties.minDegree.default, 30);
  });

  it('are published where package.json says the repository is', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { repository: { url: string } };
    const project = /github\.com\/(.+?)(\.git)?$/.exec(manifest.repository.url)![1];
    assert.equal(JSON_SCHEMA_BASE_URL, `https://raw.githubusercontent.com/${project}/HEAD/`);
  });

  it('describe every key a user writes, for hovers and completion', () => {
    const undescribed: string[] = [];
    const walk = (node: Record<string, unknown>, at: string) => {
      const properties = (node.properties ?? {}) as Record<string, Record<string, unknown>>;
      for (const [key, child] of Object.entries(properties)) {
        if (typeof child.description !== 'string') undescribed.push(`${at}.${key}`);
        walk(child, `${at}.${key}`);
      }
      const items = node.items as Record<string, unknown> | undefined;
      if (items) {
        if (items.properties && typeof items.description !== 'string') undescribed.push(`${at}[]`);
        walk(items, `${at}[]`);
      }
      for (const branch of (node.anyOf ?? []) as Record<string, unknown>[]) walk(branch, at);
    };
    for (const [file, content] of Object.entries(rendered)) walk(JSON.parse(content) as Record<string, unknown>, file);
    assert.deepEqual(undescribed, []);
  });
});

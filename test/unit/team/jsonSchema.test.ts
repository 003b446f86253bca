import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderJsonSchemas } from '../../../src/core/team/jsonSchema';

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
});

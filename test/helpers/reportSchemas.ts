/**
 * Validators for the machine-readable outputs of `change-risk check`: the official SARIF 2.1.0 schema and GitLab's
 * Code Quality report format (test/fixtures/schemas/README.md says where each comes from).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

const SCHEMAS = path.resolve(__dirname, '../fixtures/schemas');

/** Draft-04 keywords whose meaning differs in draft-07: the SARIF schema must use none but its top-level `id`. */
export function draft04OnlyKeywords(schema: unknown, at = '#'): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const found: string[] = [];
  for (const [key, value] of Object.entries(schema)) {
    if ((key === 'exclusiveMinimum' || key === 'exclusiveMaximum') && typeof value === 'boolean') found.push(`${at}/${key}`);
    if (key === 'id' && typeof value === 'string' && at !== '#') found.push(`${at}/id`);
    // `properties` holds property names, not keywords: a property called "id" is fine.
    if (key === 'properties' && typeof value === 'object' && value !== null) {
      for (const [name, sub] of Object.entries(value)) found.push(...draft04OnlyKeywords(sub, `${at}/properties/${name}`));
    } else {
      found.push(...draft04OnlyKeywords(value, `${at}/${key}`));
    }
  }
  return found;
}

export function readSarifSchema(): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(SCHEMAS, 'sarif-schema-2.1.0.json'), 'utf8'));
}

function compile(schema: Record<string, unknown>): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

let sarif: ValidateFunction | undefined;
let codeQuality: ValidateFunction | undefined;

/** The official SARIF 2.1.0 schema, read as draft-07: its top-level draft-04 `id` becomes `$id`. */
export function validateSarif(log: unknown): string[] {
  if (!sarif) {
    const { id, $schema: _draft04, ...rest } = readSarifSchema();
    sarif = compile({ $schema: 'http://json-schema.org/draft-07/schema#', $id: id, ...rest });
  }
  return sarif(log) ? [] : (sarif.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

export function validateGitLabCodeQuality(report: unknown): string[] {
  codeQuality ??= compile(JSON.parse(fs.readFileSync(path.join(SCHEMAS, 'gitlab-code-quality.schema.json'), 'utf8')));
  return codeQuality(report) ? [] : (codeQuality.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

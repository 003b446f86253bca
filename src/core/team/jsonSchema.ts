/**
 * JSON Schemas for editors (completion and hover in YAML), generated from the zod schemas so they cannot drift.
 * They describe what a user writes (the input side: aliases accepted, defaults optional).
 */
import { z } from 'zod';
import { configSchema, incidentFrontMatterSchema } from './schema';

export const JSON_SCHEMA_FILES = {
  'schemas/config.schema.json': configSchema,
  'schemas/incident.schema.json': incidentFrontMatterSchema,
} as const;

/** The file content for each schema path, pretty-printed with a final newline as committed. */
export function renderJsonSchemas(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(JSON_SCHEMA_FILES).map(([file, schema]) => [file, `${JSON.stringify(z.toJSONSchema(schema, { io: 'input' }), null, 2)}\n`]),
  );
}

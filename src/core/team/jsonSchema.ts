/**
 * JSON Schemas for editors (completion and hover in YAML), generated from the zod schemas so they cannot drift.
 * They describe what a user writes (the input side: aliases accepted, defaults optional), in JSON Schema draft-07:
 * the YAML language server (the YAML extension VS Code users have) supports draft-07 and earlier.
 */
import { z } from 'zod';
import { configSchema, incidentFrontMatterSchema } from './schema';

export const JSON_SCHEMA_FILES = {
  'schemas/config.schema.json': configSchema,
  'schemas/incident.schema.json': incidentFrontMatterSchema,
} as const;

/** Where the published schemas live: the repository's raw files (package.json's repository). */
export const JSON_SCHEMA_BASE_URL = 'https://raw.githubusercontent.com/change-risk/change-risk/HEAD/';

/** One schema as committed: `$schema`, `$id`, `title` and `description` first, for a reader of the file. */
export function renderJsonSchema(file: keyof typeof JSON_SCHEMA_FILES): Record<string, unknown> {
  const { $schema, title, description, ...rest } = z.toJSONSchema(JSON_SCHEMA_FILES[file], { io: 'input', target: 'draft-07' });
  return { $schema, $id: JSON_SCHEMA_BASE_URL + file, title, description, ...rest };
}

/** The file content for each schema path, pretty-printed with a final newline as committed. */
export function renderJsonSchemas(): Record<string, string> {
  return Object.fromEntries(
    (Object.keys(JSON_SCHEMA_FILES) as (keyof typeof JSON_SCHEMA_FILES)[]).map((file) => [file, `${JSON.stringify(renderJsonSchema(file), null, 2)}\n`]),
  );
}

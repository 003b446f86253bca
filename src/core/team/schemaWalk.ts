/**
 * Navigates a zod schema along a data path, so validation can ask "may this field be left out?" and
 * "which keys does this object know?" without a hand-kept list that could drift from the schema.
 */
import { z } from 'zod';

export type DataPath = readonly PropertyKey[];

/** The schema declared for the value at `path`, wrappers included (so `.optional()`/`.default()` still answer). */
export function fieldSchemaAt(root: z.ZodType, path: DataPath): z.ZodType | undefined {
  let current: z.ZodType | undefined = root;
  for (const segment of path) {
    if (!current) return undefined;
    current = childSchema(current, segment);
  }
  return current;
}

/** Keys an object at `path` accepts; empty when the path does not lead to an object schema. */
export function knownKeysAt(root: z.ZodType, path: DataPath): string[] {
  const schema = fieldSchemaAt(root, path);
  return schema ? objectOptions(schema).flatMap((object) => Object.keys(object.shape)) : [];
}

/** True when the field may be absent: removing a bad value then falls back to the field's default. */
export function acceptsAbsence(root: z.ZodType, path: DataPath): boolean {
  return fieldSchemaAt(root, path)?.safeParse(undefined).success ?? false;
}

function childSchema(schema: z.ZodType, segment: PropertyKey): z.ZodType | undefined {
  for (const option of alternatives(schema)) {
    if (option instanceof z.ZodObject && typeof segment === 'string' && segment in option.shape) return option.shape[segment] as z.ZodType;
    if (option instanceof z.ZodArray && typeof segment === 'number') return option.element as z.ZodType;
  }
  return undefined;
}

function objectOptions(schema: z.ZodType): z.ZodObject[] {
  return alternatives(schema).filter((option): option is z.ZodObject => option instanceof z.ZodObject);
}

/** The concrete schemas a value may be checked against, looking through wrappers, pipes and unions. */
function alternatives(schema: z.ZodType): z.ZodType[] {
  const inner = unwrap(schema);
  return inner instanceof z.ZodUnion ? (inner.options as z.ZodType[]).flatMap(alternatives) : [inner];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable) current = current.unwrap() as z.ZodType;
    else if (current instanceof z.ZodDefault || current instanceof z.ZodPrefault) current = current.unwrap() as z.ZodType;
    else if (current instanceof z.ZodPipe) current = current.in as z.ZodType;
    else return current;
  }
}

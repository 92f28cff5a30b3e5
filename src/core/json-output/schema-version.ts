import { z } from 'zod';

/**
 * Every `--json` output carries `schemaVersion` at its top level (schema/*.schema.json). It goes up
 * only when a field is renamed or removed; added fields keep the version.
 */
export const SCHEMA_VERSION = 1;

export const schemaVersionField = { schemaVersion: z.literal(SCHEMA_VERSION) };

export function withSchemaVersion<T extends object>(value: T): { readonly schemaVersion: typeof SCHEMA_VERSION } & T {
  return { schemaVersion: SCHEMA_VERSION, ...value };
}

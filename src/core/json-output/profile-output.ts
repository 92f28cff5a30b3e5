import { z } from 'zod';
import { schemaVersionField } from './schema-version.js';

/** `picon profile … --json` (docs/profiles.md). */

export const profileListOutputSchema = z.object({
  ...schemaVersionField,
  default: z.string().nullable(),
  profiles: z.array(z.object({
    name: z.string(),
    source: z.string(),
    file: z.string(),
    active: z.boolean(),
    default: z.boolean(),
    valid: z.boolean(),
    problems: z.number(),
  })),
});

/** The resolved profile (defaults filled in, secrets redacted, `nodes` left out): schema/profile.schema.json describes its fields. */
export const profileShowOutputSchema = z.looseObject({
  ...schemaVersionField,
  name: z.string(),
  head: z.looseObject({ name: z.string(), address: z.string() }),
  workers: z.array(z.looseObject({ name: z.string(), address: z.string() })),
});

export const profileValidateOutputSchema = z.object({
  ...schemaVersionField,
  files: z.array(z.object({
    file: z.string(),
    ok: z.boolean(),
    name: z.string().optional(),
    errors: z.array(z.object({
      file: z.string(),
      path: z.string(),
      line: z.number().optional(),
      column: z.number().optional(),
      message: z.string(),
    })),
  })),
});

export const profileUseOutputSchema = z.object({
  ...schemaVersionField,
  default: z.string(),
  file: z.string(),
  name: z.string(),
});

export const profileImportOutputSchema = z.object({
  ...schemaVersionField,
  file: z.string(),
  name: z.string(),
  head: z.object({ name: z.string(), chosenBy: z.string() }),
  workers: z.number(),
  tags: z.array(z.string()),
  notCarried: z.array(z.object({ host: z.string(), variable: z.string(), why: z.string() })),
});

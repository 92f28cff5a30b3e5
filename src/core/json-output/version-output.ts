import { z } from 'zod';
import { schemaVersionField } from './schema-version.js';

/** `picon --version --json`. */
export const versionOutputSchema = z.object({ ...schemaVersionField, version: z.string() });

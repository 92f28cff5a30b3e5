import { z } from 'zod';
import { studyResultSchema } from '../study/study-entry.js';
import { schemaVersionField } from './schema-version.js';

/** `picon study --json` and `study show --json`: the study's result (docs/load-tests.md#study). */
export const studyOutputSchema = studyResultSchema.extend(schemaVersionField);

/** `picon study --dry-run --json`: the matrix, nothing run. */
export const studyPlanOutputSchema = z.object({
  ...schemaVersionField,
  dryRun: z.literal(true),
  profile: z.string(),
  columns: studyResultSchema.shape.columns,
  endpoints: studyResultSchema.shape.endpoints,
  cells: z.array(z.object({ column: z.string(), heading: z.string(), endpoint: z.string(), url: z.string() })),
  settings: studyResultSchema.shape.settings,
  estimatedSeconds: z.number().nonnegative(),
});

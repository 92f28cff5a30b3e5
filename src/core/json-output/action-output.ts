import { z } from 'zod';
import { schemaVersionField } from './schema-version.js';

/** `picon drain|ready|maint|weight|restart --json`, dry run or not: ActionReport (src/core/actions/action-report.ts). */

const serverView = z.looseObject({}).nullable();

const plannedCommandSchema = z.object({
  node: z.string(),
  kind: z.enum(['runtime-api', 'shell']),
  socket: z.string().optional(),
  process: z.string().optional(),
  line: z.string(),
  note: z.string().optional(),
});

const serverOutcomeSchema = z.object({
  target: z.looseObject({ backend: z.string(), server: z.string() }),
  weight: z.number().optional(),
  ok: z.boolean(),
  reason: z.string().optional(),
  before: serverView,
  after: serverView,
});

export const actionOutputSchema = z.object({
  ...schemaVersionField,
  action: z.enum(['drain', 'ready', 'maint', 'weight', 'restart']),
  profile: z.string(),
  node: z.string(),
  title: z.string(),
  dryRun: z.boolean(),
  result: z.enum(['ok', 'failed', 'refused', 'declined']),
  reason: z.string().optional(),
  hint: z.string().optional(),
  refusedBy: z.enum(['guard', 'lock', 'journal']).optional(),
  forced: z.array(z.string()),
  commands: z.array(plannedCommandSchema),
  servers: z.array(serverOutcomeSchema),
  drain: z.object({ drained: z.boolean(), timedOut: z.boolean(), waitedMs: z.number(), sessions: z.number().nullable() }).optional(),
  persist: z.looseObject({ ok: z.boolean(), config: z.string(), checked: z.boolean(), restored: z.boolean(), reloaded: z.boolean() }).optional(),
  service: z.looseObject({ service: z.string(), activeBefore: z.boolean().nullable(), activeAfter: z.boolean().nullable() }).optional(),
  auditWarning: z.string().optional(),
});

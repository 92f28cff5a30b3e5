import { z } from 'zod';
import { schemaVersionField } from './schema-version.js';

/** `picon rollout … --json`: one event per line (src/core/rollout/rollout-events.ts). */

const phase = z.enum(['waiting', 'draining', 'restarting', 'checking', 'readying', 'setting', 'done', 'failed']);
const batches = z.array(z.array(z.string()));
const command = z.object({
  node: z.string(),
  kind: z.enum(['runtime-api', 'shell']),
  socket: z.string().optional(),
  process: z.string().optional(),
  line: z.string(),
  note: z.string().optional(),
});
const common = { ...schemaVersionField, time: z.string().describe('ISO 8601, when the event was printed') };

export const rolloutEventOutputSchema = z.discriminatedUnion('event', [
  z.object({ ...common, event: z.literal('plan'), rollout: z.string(), id: z.string(), dryRun: z.boolean(), resumed: z.boolean(), batches, notes: z.array(z.string()), commands: z.array(command).optional() }),
  z.object({ ...common, event: z.literal('phase'), node: z.string(), phase, batch: z.number().int(), detail: z.string().optional() }),
  z.object({ ...common, event: z.literal('note'), node: z.string().optional(), message: z.string() }),
  z.object({ ...common, event: z.literal('stopped'), rollout: z.string(), node: z.string(), phase, reason: z.string(), done: z.array(z.string()), resume: z.string() }),
  z.object({ ...common, event: z.literal('refused'), rollout: z.string(), reason: z.string(), refusedBy: z.enum(['guard', 'lock', 'journal', 'resume', 'declined']).optional() }),
  z.object({ ...common, event: z.literal('done'), rollout: z.string(), nodes: z.array(z.string()), seconds: z.number() }),
]);

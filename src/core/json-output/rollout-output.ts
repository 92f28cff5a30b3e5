import { z } from 'zod';
import { schemaVersionField } from './schema-version.js';

/**
 * `picon rollout … --json`: one event per line (src/core/rollout/rollout-events.ts). Every event
 * has `event` and `time`; the other fields belong to the events named in their descriptions.
 */

const phase = z.enum(['waiting', 'draining', 'restarting', 'checking', 'readying', 'setting', 'done', 'failed']);
const command = z.object({
  node: z.string(),
  kind: z.enum(['runtime-api', 'shell']),
  socket: z.string().optional(),
  process: z.string().optional(),
  line: z.string(),
  note: z.string().optional(),
});

export const rolloutEventOutputSchema = z.object({
  ...schemaVersionField,
  time: z.string().describe('ISO 8601, when the event was printed'),
  event: z.enum(['plan', 'phase', 'note', 'stopped', 'refused', 'done']),
  rollout: z.string().optional().describe('plan, stopped, refused, done: the rollout as its command line names it'),
  id: z.string().optional().describe('plan: the rollout id (kept by resume)'),
  dryRun: z.boolean().optional().describe('plan'),
  resumed: z.boolean().optional().describe('plan: true for `rollout resume`'),
  batches: z.array(z.array(z.string())).optional().describe('plan: the nodes of each batch, in order'),
  notes: z.array(z.string()).optional().describe('plan: why a batch is smaller than --batch'),
  commands: z.array(command).optional().describe('plan, dry run: every remote command, in order'),
  node: z.string().optional().describe('phase, stopped (and some notes): the node'),
  phase: phase.optional().describe('phase: the step it starts; stopped: the step it stopped in'),
  batch: z.number().int().optional().describe('phase: the batch number, from 1'),
  detail: z.string().optional().describe('phase'),
  message: z.string().optional().describe('note'),
  reason: z.string().optional().describe('stopped, refused: why, in one line'),
  done: z.array(z.string()).optional().describe('stopped: the nodes done (serving)'),
  resume: z.string().optional().describe('stopped: the command that goes on'),
  refusedBy: z.enum(['guard', 'lock', 'journal', 'resume', 'declined']).optional().describe('refused'),
  nodes: z.array(z.string()).optional().describe('done: every node of the rollout'),
  seconds: z.number().optional().describe('done: how long it took'),
});

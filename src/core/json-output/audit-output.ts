import { z } from 'zod';
import { schemaVersionField } from './schema-version.js';

const state = z.record(z.string(), z.unknown());

/** `picon audit --json`: the journal's actions (an intent and its result are one entry), oldest first. */
export const auditOutputSchema = z.object({
  ...schemaVersionField,
  /** The journal read (audit.jsonl in the data dir). */
  file: z.string(),
  /** Lines that could not be read (a crash mid-write) and were skipped. */
  broken: z.number(),
  entries: z.array(
    z.object({
      id: z.string().optional(),
      /** When it was asked for, ISO 8601 UTC. */
      time: z.string(),
      /** When its result was written. */
      endedAt: z.string().optional(),
      profile: z.string(),
      user: z.string(),
      action: z.string(),
      title: z.string(),
      target: z.object({ node: z.string(), servers: z.array(z.string()), service: z.string().optional(), weights: z.array(z.number()).optional() }),
      /** running / unfinished: an intent with no result yet (its picon runs / is gone). */
      outcome: z.enum(['ok', 'failed', 'refused', 'declined', 'interrupted', 'dry-run', 'running', 'unfinished']),
      /** The change in words: "web/p1 UP→DRAIN". */
      change: z.string(),
      reason: z.string().optional(),
      before: state,
      after: state.optional(),
      process: z.object({ host: z.string(), pid: z.number(), start: z.string().optional() }).optional(),
      forced: z.array(z.string()).optional(),
    }),
  ),
});

import { z } from 'zod';
import { schemaVersionField } from './schema-version.js';

/** `picon lab … --json` (docs/lab.md). */

/** A worker's Pi sensors as its files say now (`lab status`, `lab heat|cool|undervolt`). */
const labNodeSensorsSchema = z.object({
  temperatureC: z.number(),
  clockMhz: z.number(),
  maxClockMhz: z.number(),
  throttled: z.string(),
  throttledNow: z.boolean(),
  throttledSinceBoot: z.boolean(),
});

/** `picon lab status --json` and `picon lab up --json`. */
export const labStatusOutputSchema = z.object({
  ...schemaVersionField,
  dir: z.string(),
  profile: z.string(),
  frontendUrl: z.string(),
  adminSocket: z.string(),
  masterSocket: z.string(),
  knownHosts: z.string(),
  identityFile: z.string(),
  user: z.string(),
  subnet: z.string(),
  workers: z.number().optional(),
  keeper: z.object({ pid: z.number().nullable(), running: z.boolean() }),
  sensors: z.object({ on: z.boolean(), why: z.string().optional() }),
  healthy: z.boolean(),
  nodes: z.array(z.object({
    name: z.string(),
    role: z.enum(['head', 'worker']),
    model: z.string(),
    address: z.string(),
    sshPort: z.number(),
    services: z.array(z.object({ name: z.string(), pid: z.number().nullable(), running: z.boolean(), frozen: z.boolean() })),
    sensors: labNodeSensorsSchema.nullable(),
  })),
});

/** `picon lab down --json`: `found` false when there was no lab in `dir`. */
export const labDownOutputSchema = z.object({
  ...schemaVersionField,
  dir: z.string(),
  found: z.boolean(),
  stopped: z.number(),
  lines: z.array(z.string()),
});

/** `picon lab stop|start|kill|freeze|restart|is-active NODE [SERVICE] --json`; is-active answers `active`. */
export const labControlOutputSchema = z.object({
  ...schemaVersionField,
  verb: z.enum(['stop', 'start', 'kill', 'freeze', 'restart', 'is-active', 'stall', 'head-threads', 'cpu-cap', 'slow']),
  node: z.string(),
  service: z.string().nullable(),
  active: z.boolean().optional(),
  lines: z.array(z.string()),
});

/** `picon lab heat|cool|undervolt NODE --json`: the node's sensors after the change. */
export const labSensorsOutputSchema = z.object({
  ...schemaVersionField,
  verb: z.enum(['heat', 'cool', 'undervolt']),
  node: z.string(),
  sensors: labNodeSensorsSchema,
  lines: z.array(z.string()),
});

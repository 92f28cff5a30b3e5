import { z } from 'zod';
import { schemaVersionField } from './schema-version.js';

/** `picon status --json` (docs/status.md): the shape of StatusReport in src/core/status/status-report.ts. */

const n = z.number();
const rates = {
  requestsPerSecond: n.nullable(),
  sessionsPerSecond: n.nullable(),
  bytesInPerSecond: n.nullable(),
  bytesOutPerSecond: n.nullable(),
  http5xxPerSecond: n.nullable(),
};
const throttleFlags = z.record(z.string(), z.boolean());
const bytes = z.object({ usedBytes: n, availableBytes: n, totalBytes: n });

const statusNodeSchema = z.object({
  name: z.string(),
  role: z.enum(['head', 'worker']),
  model: z.string().nullable(),
  address: z.string(),
  reachable: z.boolean(),
  error: z.string().nullable(),
  errorKind: z.string().nullable(),
  sshServer: z.string().nullable(),
  uptimeSeconds: n.nullable(),
  load: z.tuple([n, n, n]).nullable(),
  board: z.string().nullable(),
  cpu: z.object({ busyPercent: n, iowaitPercent: n, cores: z.array(z.object({ cpu: n, busyPercent: n })) }).nullable(),
  memory: bytes.nullable(),
  disk: bytes.extend({ usedPercent: n }).nullable(),
  network: z.object({ rxBytesPerSecond: n, txBytesPerSecond: n }).nullable(),
  temperatureCelsius: n.nullable(),
  armClockHz: n.nullable(),
  armClockMaxHz: n.nullable(),
  throttling: z.object({ raw: n, now: throttleFlags, sinceBoot: throttleFlags }).nullable(),
  services: z.array(z.object({ name: z.string(), running: z.boolean().nullable(), detail: z.string() })),
  metricNotes: z.record(z.string(), z.string()),
  healthSource: z.object({ source: z.enum(['ssh', 'prometheus']), ageSeconds: n.nullable(), note: z.string().nullable() }).nullable(),
});

const statusServerSchema = z.object({
  backend: z.string(),
  server: z.string(),
  node: z.string().nullable(),
  status: z.string(),
  weight: n.nullable(),
  currentSessions: n.nullable(),
  checkStatus: z.string().nullable(),
  /** HAProxy's check_desc: the last check's result in words ("Layer7 check passed"), as the console's details show it. */
  checkDescription: z.string().nullable(),
  lastChangeSeconds: n.nullable(),
  ...rates,
});

const statusProxySchema = z.object({ name: z.string(), status: z.string(), currentSessions: n.nullable(), ...rates });

export const interruptedActionSchema = z.looseObject({
  id: z.string(),
  time: z.string(),
  user: z.string(),
  host: z.string(),
  pid: n,
  action: z.string(),
  title: z.string(),
  node: z.string(),
  servers: z.array(z.string()),
  before: z.record(z.string(), z.unknown()),
  now: z.record(z.string(), z.unknown()),
  message: z.string(),
});

export const statusOutputSchema = z.object({
  ...schemaVersionField,
  profile: z.string(),
  nodes: z.array(statusNodeSchema),
  haproxy: z.object({
    reachable: z.boolean(),
    error: z.string().nullable(),
    version: z.string().nullable(),
    load: z.object({ idlePct: n.nullable(), runQueue: n.nullable(), threads: n.nullable(), processes: n }).nullable(),
    servers: z.array(statusServerSchema),
    warnings: z.array(z.string()),
    frontends: z.array(statusProxySchema),
    backends: z.array(statusProxySchema),
    rateIntervalMs: n.nullable(),
  }),
  interrupted: z.array(interruptedActionSchema),
});

import { z } from 'zod';
import { NAME_PATTERN, NAME_RULE } from '../names.js';
import { SOCKET_PATH } from '../haproxy/socat-command.js';
import { bodyProblem, headerNameProblem, headerValueProblem, requestPathProblem } from '../loadtest/request-fields.js';
import { HTTP_METHODS, mixSchema } from './mix-schema.js';

/**
 * The cluster profile: the one source of truth for its shape. The JSON Schema in
 * schema/profile.schema.json is generated from this (npm run schema).
 */

export const nameSchema = z
  .string()
  .regex(NAME_PATTERN, { message: `must be ${NAME_RULE}` })
  .describe(`A name: ${NAME_RULE}`);

/** Host names and IP addresses; never shell syntax. */
const addressSchema = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,253}$/, { message: 'must be a host name or an IP address' })
  .describe('Host name or IP address the node is reached at (an ~/.ssh/config Host alias works too)');

const portSchema = z.number().int().min(1).max(65535);

const serverRefSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}\/[A-Za-z0-9._-]{1,64}$/, {
    message: `must be "backend/server", each part ${NAME_RULE}`,
  })
  .describe('An HAProxy server as "backend/server"');

export const sshSettingsSchema = z
  .object({
    user: z.string().regex(/^[a-z_][a-z0-9_.-]{0,31}\$?$/i, { message: 'must be a user name' }).optional()
      .describe('Login user; default from ~/.ssh/config, then the local user'),
    port: portSchema.optional().describe('SSH port; default from ~/.ssh/config, then 22'),
    identityFile: z.string().min(1).optional()
      .describe('Private key file (~ and paths relative to the profile are resolved)'),
    jump: nameSchema.optional()
      .describe('Name of a node to jump through (e.g. the head, for ClusterHAT zeros)'),
  })
  .strict();

const serviceControlSchema = z
  .object({
    restart: z.string().min(1).default('sudo -n systemctl restart {service}')
      .describe('Command template to restart a service; {service} and {node} are filled in, quoted'),
    isActive: z.string().min(1).default('systemctl is-active {service}')
      .describe('Command template whose exit status 0 means the service is running'),
  })
  .strict();

/** The same rule the socat fallback applies (core/haproxy/socat-command.ts), checked when the profile is read. */
const socketPathSchema = z
  .string()
  .startsWith('/', { message: 'must be an absolute path' })
  .refine((p) => !p.startsWith('/') || SOCKET_PATH.test(p), {
    message: 'must use only letters, digits and . _ / @ + - (at most 200): socat on the head takes it as an address',
  });

const haproxySchema = z
  .object({
    sockets: z.array(socketPathSchema).min(1)
      .describe('Admin stats socket path(s) on the head; one per process for multi-process HAProxy'),
    masterSocket: socketPathSchema.optional()
      .describe('Master CLI socket (master-worker mode); when set, commands reach every worker via @N'),
    backends: z.array(nameSchema).min(1).default(['web'])
      .describe('Backends whose servers picon shows and acts on'),
    frontendUrl: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional()
      .describe('The cluster URL clients use (load tests target it)'),
    frontendHttpsUrl: z.url({ protocol: /^https$/, message: 'must be an https URL' }).optional()
      .describe('The same frontend over https, for presets with `https: true`'),
    frontendAppUrl: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional()
      .describe('A frontend whose backend sends straight to the apps, no nginx (the study\'s "Cluster (No Nginx)")'),
    appBackend: nameSchema.optional()
      .describe('The backend behind frontendAppUrl (its servers are the apps); picon reads its counters in a study and does not act on it'),
    config: z.string().startsWith('/', { message: 'must be an absolute path' }).default('/etc/haproxy/haproxy.cfg')
      .describe('haproxy.cfg on the head, edited by `weight --persist`'),
  })
  .strict();

const nodeBase = {
  name: nameSchema,
  address: addressSchema,
  model: z.string().max(64).optional().describe('Label such as "Pi Zero" or "Pi 3"'),
  ssh: sshSettingsSchema.optional(),
  services: z.array(nameSchema).default([]).describe('Services picon watches and can restart'),
  serviceControl: serviceControlSchema.partial().optional()
    .describe("Per-node override of the profile's service control templates"),
};

export const headSchema = z
  .object({
    ...nodeBase,
    name: nameSchema.default('head'),
    haproxy: haproxySchema,
  })
  .strict();

export const workerSchema = z
  .object({
    ...nodeBase,
    servers: z.array(serverRefSchema).optional()
      .describe('HAProxy servers this worker is; default "<backend>/<name>" for each backend of interest'),
  })
  .strict();

/** The most worker threads a run of the built-in engine may have. */
export const MAX_ENGINE_THREADS = 16;

/** A preset's request path, sent as written: the rule of core/loadtest/request-fields.ts. */
const requestPathSchema = z
  .string()
  .startsWith('/', { message: 'must start with "/"' })
  .superRefine((p, ctx) => {
    const problem = p.startsWith('/') ? requestPathProblem(p) : undefined;
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem, input: p });
  });

/** A preset's extra headers: names are HTTP tokens, values one line without control characters. */
const headersSchema = z.record(z.string(), z.string()).superRefine((headers, ctx) => {
  for (const [name, value] of Object.entries(headers)) {
    const nameProblem = headerNameProblem(name);
    if (nameProblem !== undefined) ctx.addIssue({ code: 'custom', path: [name], message: `name ${nameProblem}`, input: name });
    const valueProblem = headerValueProblem(value);
    if (valueProblem !== undefined) ctx.addIssue({ code: 'custom', path: [name], message: `value ${valueProblem}`, input: value });
  }
});

/** A request body, at most MAX_BODY_BYTES once UTF-8 encoded. */
const bodySchema = z.string().superRefine((body, ctx) => {
  const problem = bodyProblem(body);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem, input: `${body.slice(0, 20)}…` });
});

/** Load-test presets; the load-test engines define what runs (see docs/profiles.md). */
export const loadTestPresetSchema = z
  .object({
    name: nameSchema,
    description: z.string().max(200).optional(),
    target: z.enum(['frontend', 'nginx', 'app']).default('frontend')
      .describe('Through the HAProxy frontend, one node\'s nginx, or one node\'s app directly'),
    node: nameSchema.optional().describe('The node for target nginx or app'),
    path: requestPathSchema.default('/'),
    method: z.enum(HTTP_METHODS).default('GET'),
    concurrency: z.number().int().min(1).max(1000).default(100),
    requests: z.number().int().min(1).max(1_000_000).optional(),
    durationSeconds: z.number().min(1).max(600).optional(),
    keepAlive: z.boolean().default(true),
    threads: z.number().int().min(1).max(MAX_ENGINE_THREADS).optional()
      .describe("The built-in engine's worker threads (default: one per core but one, at most 4); ignored by ab"),
    headers: headersSchema.optional(),
    body: bodySchema.optional(),
    https: z.boolean().optional()
      .describe('target frontend over head.haproxy.frontendHttpsUrl instead of frontendUrl'),
    mix: mixSchema({ path: requestPathSchema, headers: headersSchema, body: bodySchema }).optional()
      .describe('A weighted mix of requests instead of one (the built-in engine only)'),
  })
  .strict();

export const profileSchema = z
  .object({
    name: nameSchema.optional().describe('Profile name; defaults to the file name'),
    description: z.string().optional(),
    knownHosts: z.string().min(1).optional()
      .describe("The profile's own known_hosts file, checked with ~/.ssh/known_hosts"),
    ssh: sshSettingsSchema.optional().describe('Defaults for every node'),
    serviceControl: serviceControlSchema.default({
      restart: 'sudo -n systemctl restart {service}',
      isActive: 'systemctl is-active {service}',
    }),
    urls: z
      .object({
        nginx: z.string().default('http://{address}:80').describe('A worker\'s nginx; {address} is filled in'),
        app: z.string().default('http://{address}:8080').describe('A worker\'s app, bypassing nginx'),
      })
      .strict()
      .optional(),
    head: headSchema,
    workers: z.array(workerSchema).min(1, { message: 'needs at least one worker' }),
    loadTests: z.array(loadTestPresetSchema).default([]),
    tls: z
      .object({
        ca: z.string().min(1)
          .describe('PEM file of the CA certificate(s) https load-test targets are checked against (~ and relative paths resolved)'),
      })
      .strict()
      .optional()
      .describe("How load tests check an https target's certificate"),
  })
  .strict();

export type LoadTestPreset = z.infer<typeof loadTestPresetSchema>;
export type MixEntry = NonNullable<LoadTestPreset['mix']>[number];
export type ProfileData = z.infer<typeof profileSchema>;

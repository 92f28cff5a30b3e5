import { parseProfile } from '../../src/core/profile/parse-profile.js';
import type { Profile } from '../../src/core/profile/profile.js';
import type { RunRecord } from '../../src/core/loadtest/run-record.js';
import type { RunFlag } from '../../src/core/loadtest/run-flag.js';
import type { Bottleneck } from '../../src/core/loadtest/bottleneck.js';

/** A profile shaped like the seed's cluster: 3 Pi Zeros and a Pi 3, every frontend a study uses. */
export const SEED_YAML = `
head:
  address: 10.0.0.1
  haproxy:
    sockets: [/run/haproxy/admin.sock]
    frontendUrl: http://10.0.0.1/
    frontendAppUrl: http://10.0.0.1:8081/
    appBackend: apps
    frontendHttpsUrl: https://10.0.0.1/
workers:
  - { name: p1, address: 10.0.0.11, model: Pi Zero }
  - { name: p2, address: 10.0.0.12, model: Pi Zero }
  - { name: p3, address: 10.0.0.13, model: Pi Zero }
  - { name: pi3, address: 10.0.0.14, model: Pi 3 }
urls:
  nginx: http://{address}
  app: http://{address}:8080
`;

export function profileOf(yaml: string): Profile {
  const parsed = parseProfile(yaml, '/profiles/test.yaml', '/home/u');
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  return parsed.profile;
}

export interface Figures {
  readonly mean: number;
  readonly p95: number | null;
  readonly rps: number;
  readonly flags?: readonly RunFlag[];
  readonly non2xx?: number;
  readonly shares?: readonly [string, number][];
  readonly bottleneck?: Bottleneck;
}

let serial = 0;
export function runRecord(label: string, f: Figures): RunRecord {
  serial++;
  const id = `r${String(serial).padStart(3, '0')}`;
  const total = (f.shares ?? []).reduce((s, [, n]) => s + n, 0);
  return {
    version: 1, id, startedAt: '2017-11-04T10:00:00.000Z', profile: 'seed', label,
    plan: { url: 'http://10.0.0.1/', target: 'frontend', method: 'GET', concurrency: 100, limit: { kind: 'duration', seconds: 5 }, keepAlive: true, headers: {}, engine: 'builtin' },
    result: {
      engine: 'builtin', target: 'http://10.0.0.1/', concurrency: 100, requestsPerSecond: f.rps, meanTimePerRequestMs: f.mean,
      latency: { p50Ms: null, p95Ms: f.p95, p99Ms: null, maxMs: null }, completed: 1000, failed: 0, non2xx: f.non2xx ?? 0, transferBytesPerSecond: 0, durationSeconds: 5,
    },
    ...(f.shares !== undefined && { shares: { servers: f.shares.map(([server, requests]) => ({ server, requests, share: requests / total })), total, reset: [], appeared: [] } }),
    throttleBefore: [], throttleAfter: [], newlyThrottled: {}, throttled: (f.flags?.length ?? 0) > 0, flags: f.flags ?? [],
    ...(f.bottleneck !== undefined && { bottleneck: f.bottleneck }),
  };
}

export const THROTTLED: RunFlag = { node: 'pi3', kind: 'throttled-now', what: ['throttled'], fromS: 1, toS: 3, samples: 3 };

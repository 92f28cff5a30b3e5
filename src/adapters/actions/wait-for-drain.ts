import type { DrainWaitOutcome } from '../../core/actions/action-report.js';
import type { ServerRef } from '../../core/profile/profile.js';
import type { HaproxyClient } from '../../core/ports/haproxy-runtime.js';

/** `drain --wait`: polls `show stat` until the servers' current sessions (all processes) are 0. */

export interface DrainWaitOptions {
  readonly timeoutMs: number;
  readonly pollMs: number;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly progress?: (line: string) => void;
}

async function sessionsOf(client: HaproxyClient, refs: readonly ServerRef[]): Promise<number | null> {
  const stats = await client.stats();
  if (!stats.ok) return null;
  let total = 0;
  for (const ref of refs) {
    const record = stats.value.records.find((r) => r.type === 'server' && r.proxy === ref.backend && r.service === ref.server);
    if (record?.currentSessions === undefined) return null;
    total += record.currentSessions;
  }
  return total;
}

export async function waitForDrain(client: HaproxyClient, node: string, refs: readonly ServerRef[], options: DrainWaitOptions): Promise<DrainWaitOutcome> {
  const started = options.now();
  let last: number | null = null;
  for (;;) {
    const sessions = await sessionsOf(client, refs);
    const waitedMs = options.now() - started;
    if (sessions === 0) return { drained: true, timedOut: false, waitedMs, sessions };
    if (sessions !== null) last = sessions;
    if (waitedMs >= options.timeoutMs) return { drained: false, timedOut: true, waitedMs, sessions: last };
    const left = Math.ceil((options.timeoutMs - waitedMs) / 1000);
    options.progress?.(`${node}: ${sessions ?? '?'} session${sessions === 1 ? '' : 's'} left (waited ${Math.round(waitedMs / 1000)} s, up to ${left} s more)`);
    await options.sleep(Math.min(options.pollMs, Math.max(0, options.timeoutMs - waitedMs)));
  }
}

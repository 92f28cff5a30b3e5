import { initialHealth, type NodeHealth } from '../../core/health/node-health.js';
import { nodesToRead, specFor, stepFleetHealth, type FleetNode, type QueryAnswers } from '../../core/metrics/fleet-health.js';
import { healthQueries } from '../../core/metrics/health-queries.js';
import { parseQueryBody, type Sample } from '../../core/metrics/prometheus-response.js';
import type { Clock } from '../../core/ports/clock.js';
import type { HealthNotice, HealthReading, HealthSource } from '../../core/ports/health-source.js';
import type { MetricsSpec } from '../../core/profile/profile.js';
import { failure, type Result } from '../../core/result.js';
import { untilNextTick } from '../../core/util/aligned-tick.js';

export interface PrometheusSourceOptions {
  readonly spec: MetricsSpec;
  readonly nodes: readonly FleetNode[];
  /** Steady-state refresh (default 1000 ms), on whole multiples of it like the other pollers. */
  readonly intervalMs?: number;
  readonly clock?: Clock;
  /**
   * A node Prometheus has no target for is read by this source instead (the SSH prober over the
   * node's own connection, opened only then); absent: such a node's health stays unknown.
   */
  readonly fallback?: (node: string) => HealthSource;
  /** Node 20's fetch (undici: one kept-alive connection pool per process); a fake in tests. */
  readonly fetch?: typeof fetch;
}

/** Why a request got no answer, in one line: the cause undici puts under "fetch failed". */
function requestError(url: string, error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `Prometheus at ${url}: no answer in time`;
  const cause = e.cause?.code ?? e.cause?.message ?? e.message ?? String(error);
  return `Prometheus at ${url}: ${cause === 'ECONNREFUSED' ? 'connection refused (is it running?)' : cause}`;
}

/**
 * The whole fleet's health from a Prometheus server: each refresh asks the same handful of
 * queries (core/metrics/health-queries.ts) whatever the number of nodes, over one kept HTTP
 * client, and opens no SSH connection. A node Prometheus has no target for falls back to its own
 * source (see `fallback`); when Prometheus does not answer, every node keeps its last readings,
 * stale, with their age, and one notice says so (one more when it answers again).
 */
export function prometheusHealthSource(options: PrometheusSourceOptions): HealthSource {
  const { spec, nodes } = options;
  const intervalMs = options.intervalMs ?? 1000;
  const clock = options.clock ?? Date.now;
  const doFetch = options.fetch ?? fetch;
  const services = nodes.flatMap((n) => n.services);
  const all = healthQueries(spec, services);
  const light = { up: all.find((q) => q.name === 'up')?.promql ?? '', sampledAt: all.find((q) => q.name === 'sampledAt')?.promql ?? '' };
  let health = new Map<string, NodeHealth>(nodes.map((n) => [n.name, initialHealth(n.name, n.services, clock())]));
  const listeners = new Set<(readings: readonly HealthReading[]) => void>();
  const noticeListeners = new Set<(notice: HealthNotice) => void>();
  /** Nodes read by their fallback source, each with what stops forwarding its readings. */
  const fallbacks = new Map<string, { source: HealthSource; off: () => void }>();
  let failing: string | undefined;
  let inFlight: Promise<readonly HealthReading[]> | undefined;
  let running = false;
  let generation = 0;
  let timer: NodeJS.Timeout | undefined;

  const notice = (n: HealthNotice): void => {
    for (const l of noticeListeners) l(n);
  };

  async function ask(promql: string): Promise<Result<readonly Sample[]>> {
    try {
      const res = await doFetch(`${spec.prometheus}/api/v1/query`, {
        method: 'POST',
        body: new URLSearchParams({ query: promql }),
        signal: AbortSignal.timeout(spec.timeoutMs),
      });
      return parseQueryBody(res.status, await res.text());
    } catch (error) {
      return failure(requestError(spec.prometheus, error));
    }
  }

  const withNote = (reading: HealthReading, note: string): HealthReading => ({
    node: reading.node,
    health: { ...reading.health, origin: { source: 'ssh', ...(reading.health.origin?.sampledAt !== undefined && { sampledAt: reading.health.origin.sampledAt }), note } },
  });

  function fallbackFor(node: string): HealthSource | undefined {
    const existing = fallbacks.get(node);
    if (existing !== undefined) return existing.source;
    if (options.fallback === undefined) return undefined;
    const source = options.fallback(node);
    const note = `Prometheus has no target for ${node}: read over SSH`;
    const off = source.subscribe((readings) => {
      const forwarded = readings.map((r) => withNote(r, note));
      for (const l of listeners) l(forwarded);
    });
    fallbacks.set(node, { source, off });
    notice({ level: 'warn', text: `${node}: ${note}` });
    if (running) source.start();
    return source;
  }

  function dropFallback(node: string): void {
    const f = fallbacks.get(node);
    if (f === undefined) return;
    f.off();
    f.source.stop();
    fallbacks.delete(node);
    notice({ level: 'info', text: `${node}: read from Prometheus again` });
  }

  async function pollNow(): Promise<readonly HealthReading[]> {
    // Two small queries say which nodes were scraped since last time; the heavy ones ask only for those.
    const [up, sampledAt] = await Promise.all([ask(light.up), ask(light.sampledAt)]);
    const answers: Record<string, Result<readonly Sample[]>> = { up, sampledAt };
    const toRead = nodesToRead(spec, nodes, health, answers as QueryAnswers);
    if (toRead.length > 0 && up.ok && sampledAt.ok) {
      const heavy = healthQueries(specFor(spec, toRead), services).filter((q) => q.name !== 'up' && q.name !== 'sampledAt');
      await Promise.all(heavy.map(async (q) => {
        answers[q.name] = await ask(q.promql);
      }));
    }
    const reading = new Set(toRead);
    const rows = [
      ...stepFleetHealth(spec, nodes.filter((n) => reading.has(n.name)), health, answers as QueryAnswers, clock()),
      ...nodes.filter((n) => !reading.has(n.name)).map((n) => ({ node: n.name, presence: 'scraped' as const, health: health.get(n.name) as NodeHealth })),
    ];
    health = new Map(rows.map((r) => [r.node, r.health]));
    if (!up.ok && failing === undefined) {
      failing = up.reason;
      notice({ level: 'error', text: `${up.reason}; node health is the last read, stale, with its age` });
    } else if (up.ok && failing !== undefined) {
      failing = undefined;
      notice({ level: 'info', text: `Prometheus at ${spec.prometheus} answers again` });
    }
    const readings: HealthReading[] = [];
    const oneShot: Promise<readonly HealthReading[]>[] = [];
    for (const row of rows) {
      if (row.presence === 'absent') {
        const source = fallbackFor(row.node);
        if (source === undefined) readings.push({ node: row.node, health: row.health });
        else if (!running) oneShot.push(source.poll().then((rs) => rs.map((r) => withNote(r, `Prometheus has no target for ${row.node}: read over SSH`))));
        continue;
      }
      if (row.presence !== 'unanswered') dropFallback(row.node);
      // While Prometheus does not answer, a node already read over SSH stays so.
      if (!fallbacks.has(row.node)) readings.push({ node: row.node, health: row.health });
    }
    for (const rs of await Promise.all(oneShot)) readings.push(...rs);
    return readings;
  }

  function poll(): Promise<readonly HealthReading[]> {
    inFlight ??= pollNow().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  /** What each node's last emitted reading was of: a new scrape, a new note, or neither. */
  const emitted = new Map<string, string>();
  const changed = (r: HealthReading): boolean => {
    const key = `${r.health.origin?.source ?? ''}|${r.health.origin?.sampledAt ?? ''}|${r.health.origin?.note ?? ''}`;
    if (emitted.get(r.node) === key) return false;
    emitted.set(r.node, key);
    return true;
  };

  async function tick(run: number): Promise<void> {
    // Scrapes are often slower than the refresh (15 s on many fleets): a node whose last scrape
    // and note are the same as last time is not sent again (its age still grows on screen).
    const readings = (await poll()).filter(changed);
    if (run !== generation) return;
    if (readings.length > 0) for (const l of listeners) l(readings);
    timer = setTimeout(() => void tick(run), untilNextTick(clock(), intervalMs));
  }

  return {
    nodes: nodes.map((n) => n.name),
    poll,
    start() {
      if (running) return;
      running = true;
      generation += 1;
      for (const f of fallbacks.values()) f.source.start();
      void tick(generation);
    },
    stop() {
      running = false;
      generation += 1;
      clearTimeout(timer);
      for (const f of fallbacks.values()) f.source.stop();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    recheckServices(node) {
      fallbacks.get(node)?.source.recheckServices(node);
    },
    onNotice(listener) {
      noticeListeners.add(listener);
      return () => noticeListeners.delete(listener);
    },
  };
}

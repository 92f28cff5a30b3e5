import { fresh, staleOr, unknown, type Metric } from '../health/metric.js';
import type { NodeHealth } from '../health/node-health.js';
import type { CpuUsage, InterfaceRate, NetworkRates } from '../health/rates.js';
import type { MetricsSpec } from '../profile/profile.js';
import type { Result } from '../result.js';
import type { HealthQueryName } from './health-queries.js';
import type { Sample } from './prometheus-response.js';

/**
 * The answers to one refresh's queries (health-queries.ts) → each node's next health. Every
 * metric is stamped with the node's last scrape (so its age is the scrape's, not the query's).
 */

export type QueryAnswers = Partial<Readonly<Record<HealthQueryName, Result<readonly Sample[]>>>>;

/**
 * What Prometheus said of a node: `scraped` (its last scrape worked), `failing` (Prometheus
 * scrapes it but the last scrape failed), `absent` (Prometheus has no target for it) or
 * `unanswered` (Prometheus itself could not be asked).
 */
export type Presence = 'scraped' | 'failing' | 'absent' | 'unanswered';

export interface FleetNodeHealth {
  readonly node: string;
  readonly presence: Presence;
  readonly health: NodeHealth;
}

export interface FleetNode {
  readonly name: string;
  readonly services: readonly string[];
}

type Labels = Readonly<Record<string, string>>;

/** Every metric of the health stale for `reason` (the last values kept, with their ages). */
export function staleHealth(previous: NodeHealth, reason: string, now: number): NodeHealth {
  const s = <T>(m: Metric<T>): Metric<T> => staleOr(m, reason);
  return {
    ...previous,
    at: now,
    cpu: s(previous.cpu), load: s(previous.load), memory: s(previous.memory), disk: s(previous.disk),
    network: s(previous.network), uptimeSeconds: s(previous.uptimeSeconds), temperature: s(previous.temperature),
    armClock: s(previous.armClock), armClockMax: s(previous.armClockMax), throttling: s(previous.throttling), board: s(previous.board),
    services: previous.services.map((x) => ({ name: x.name, state: s(x.state) })),
    origin: { source: 'prometheus', ...(previous.origin?.sampledAt !== undefined && { sampledAt: previous.origin.sampledAt }), note: reason },
  };
}

/** Samples grouped by node (by the profile's match label); series of other instances are ignored. */
function byNode(spec: MetricsSpec, samples: readonly Sample[]): Map<string, Sample[]> {
  const nodeOf = new Map([...spec.labelValues].map(([node, value]) => [value, node]));
  const out = new Map<string, Sample[]>();
  for (const sample of samples) {
    const node = nodeOf.get(sample.labels[spec.label] ?? '');
    if (node === undefined) continue;
    const list = out.get(node) ?? [];
    list.push(sample);
    out.set(node, list);
  }
  return out;
}

const named = (samples: readonly Sample[], name: string, where: (l: Labels) => boolean = () => true): Sample | undefined =>
  samples.find((s) => s.labels['__name__'] === name && where(s.labels) && Number.isFinite(s.value));

const clampPercent = (fraction: number): number => Math.min(100, Math.max(0, fraction * 100));

function cpuOf(samples: readonly Sample[]): CpuUsage | undefined {
  const cores = new Map<number, { idle?: number; iowait?: number }>();
  for (const s of samples) {
    const cpu = Number(s.labels['cpu']);
    const mode = s.labels['mode'];
    if (!Number.isInteger(cpu) || !Number.isFinite(s.value) || (mode !== 'idle' && mode !== 'iowait')) continue;
    cores.set(cpu, { ...cores.get(cpu), [mode]: s.value });
  }
  const list = [...cores].filter(([, c]) => c.idle !== undefined).sort(([a], [b]) => a - b);
  if (list.length === 0) return undefined;
  const perCore = list.map(([cpu, c]) => ({ cpu, busy: clampPercent(1 - (c.idle ?? 0) - (c.iowait ?? 0)), iowait: clampPercent(c.iowait ?? 0) }));
  const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  return {
    busyPercent: mean(perCore.map((c) => c.busy)),
    iowaitPercent: mean(perCore.map((c) => c.iowait)),
    cores: perCore.map((c) => ({ cpu: c.cpu, busyPercent: c.busy })),
  };
}

function networkOf(samples: readonly Sample[]): NetworkRates | undefined {
  const devices = new Map<string, { rx: number; tx: number }>();
  for (const s of samples) {
    const device = s.labels['device'];
    const direction = s.labels['direction'];
    if (device === undefined || device === 'lo' || !Number.isFinite(s.value) || (direction !== 'rx' && direction !== 'tx')) continue;
    const d = devices.get(device) ?? { rx: 0, tx: 0 };
    d[direction] = Math.max(0, s.value);
    devices.set(device, d);
  }
  if (devices.size === 0) return undefined;
  const interfaces: InterfaceRate[] = [...devices].sort(([a], [b]) => a.localeCompare(b)).map(([name, d]) => ({ name, rxBytesPerSecond: d.rx, txBytesPerSecond: d.tx }));
  return {
    rxBytesPerSecond: interfaces.reduce((a, i) => a + i.rxBytesPerSecond, 0),
    txBytesPerSecond: interfaces.reduce((a, i) => a + i.txBytesPerSecond, 0),
    interfaces,
  };
}

/** The Pi's zone (`cpu-thermal`) when there is one, else the hottest. */
function temperatureOf(samples: readonly Sample[]): number | undefined {
  const zones = samples.filter((s) => s.labels['__name__'] === 'node_thermal_zone_temp' && Number.isFinite(s.value));
  const pi = zones.find((z) => z.labels['type'] === 'cpu-thermal');
  if (pi !== undefined) return pi.value;
  return zones.length === 0 ? undefined : Math.max(...zones.map((z) => z.value));
}

/** One node that Prometheus scraped: each metric from its series, or unknown naming what is missing. */
function scrapedHealth(previous: NodeHealth, node: FleetNode, s: { gauges: Sample[]; cpu: Sample[]; network: Sample[]; services: Sample[] | undefined }, answers: QueryAnswers, sampledAt: number, now: number): NodeHealth {
  /** A value from one query's answer: fresh at the scrape's time, unknown when absent, stale when the query failed. */
  const from = <T>(prev: Metric<T>, query: HealthQueryName, value: T | undefined, missing: string): Metric<T> => {
    const answer = answers[query];
    if (answer !== undefined && !answer.ok) return staleOr(prev, answer.reason);
    return value === undefined ? unknown(`Prometheus has no ${missing} for ${node.name}`) : fresh(value, sampledAt);
  };
  const g = s.gauges;
  const gauge = (name: string, where?: (l: Labels) => boolean): number | undefined => named(g, name, where)?.value;
  const load1 = gauge('node_load1');
  const load5 = gauge('node_load5');
  const load15 = gauge('node_load15');
  const total = gauge('node_memory_MemTotal_bytes');
  const available = gauge('node_memory_MemAvailable_bytes');
  // The queries keep only the root file system and CPU 0, and drop those labels.
  const root = (l: Labels): boolean => l['mountpoint'] === undefined || l['mountpoint'] === '/';
  const size = gauge('node_filesystem_size_bytes', root);
  const avail = gauge('node_filesystem_avail_bytes', root);
  const free = gauge('node_filesystem_free_bytes', root);
  const boot = gauge('node_boot_time_seconds');
  const celsius = temperatureOf(g);
  const cpu0 = (l: Labels): boolean => l['cpu'] === undefined || l['cpu'] === '0';
  const hz = gauge('node_cpu_scaling_frequency_hertz', cpu0);
  const maxHz = gauge('node_cpu_frequency_max_hertz', cpu0);
  const used = size !== undefined && free !== undefined ? size - free : undefined;
  return {
    node: previous.node,
    at: now,
    cpu: from(previous.cpu, 'cpu', cpuOf(s.cpu), 'node_cpu_seconds_total (two samples in the window)'),
    load: from(previous.load, 'gauges', load1 !== undefined && load5 !== undefined && load15 !== undefined
      ? { load1, load5, load15, running: gauge('node_procs_running') ?? 0, tasks: 0, lastPid: 0 } : undefined, 'node_load1/5/15'),
    memory: from(previous.memory, 'gauges', total !== undefined && available !== undefined && total > 0
      ? { totalBytes: total, availableBytes: Math.min(available, total), usedBytes: total - Math.min(available, total), estimated: false } : undefined, 'node_memory_MemTotal_bytes/MemAvailable_bytes'),
    disk: from(previous.disk, 'gauges', size !== undefined && avail !== undefined && used !== undefined && size > 0
      ? { totalBytes: size, usedBytes: used, availableBytes: avail, usedPercent: used + avail === 0 ? 0 : (used / (used + avail)) * 100 } : undefined, 'node_filesystem_*_bytes{mountpoint="/"}'),
    network: from(previous.network, 'network', networkOf(s.network), 'node_network_*_bytes_total (two samples in the window)'),
    uptimeSeconds: from(previous.uptimeSeconds, 'gauges', boot !== undefined ? Math.max(0, sampledAt / 1000 - boot) : undefined, 'node_boot_time_seconds'),
    temperature: from(previous.temperature, 'gauges', celsius !== undefined ? { celsius, source: 'thermal-zone' } : undefined, 'node_thermal_zone_temp (thermal_zone collector)'),
    armClock: from(previous.armClock, 'gauges', hz !== undefined ? { hz, source: 'cpufreq' } : undefined, 'node_cpu_scaling_frequency_hertz (cpufreq collector)'),
    armClockMax: from(previous.armClockMax, 'gauges', maxHz !== undefined ? { hz: maxHz, source: 'cpufreq' } : undefined, 'node_cpu_frequency_max_hertz (cpufreq collector)'),
    throttling: unknown('node_exporter has no metric for the Pi firmware\'s throttling bits'),
    board: unknown('node_exporter does not export the board model'),
    services: previous.services.map(({ name, state }) => {
      const unit = s.services?.find((x) => x.labels['name'] === `${name}.service`);
      return {
        name,
        state: from(state, 'services', unit === undefined ? undefined : unit.value === 1 ? { running: true, detail: 'active' } : { running: false, detail: 'inactive' },
          `node_systemd_unit_state for ${name}.service (systemd collector)`),
      };
    }),
    origin: { source: 'prometheus', sampledAt },
    counters: previous.counters,
  };
}

/** Each node's next health from one refresh's answers. */
export function stepFleetHealth(spec: MetricsSpec, nodes: readonly FleetNode[], previous: ReadonlyMap<string, NodeHealth>, answers: QueryAnswers, now: number): FleetNodeHealth[] {
  const up = answers.up;
  const group = (name: HealthQueryName): Map<string, Sample[]> | undefined => {
    const answer = answers[name];
    return answer?.ok === true ? byNode(spec, answer.value) : undefined;
  };
  const ups = group('up');
  const stamps = group('sampledAt');
  const gauges = group('gauges');
  const cpu = group('cpu');
  const network = group('network');
  const services = group('services');
  return nodes.map((node) => {
    const prev = previous.get(node.name);
    if (prev === undefined) throw new Error(`no previous health for ${node.name}`);
    if (up === undefined || !up.ok || ups === undefined) {
      return { node: node.name, presence: 'unanswered', health: staleHealth(prev, up !== undefined && !up.ok ? up.reason : 'Prometheus not asked yet', now) };
    }
    const target = ups.get(node.name);
    if (target === undefined || target.length === 0) {
      return { node: node.name, presence: 'absent', health: staleHealth(prev, `Prometheus has no target for ${node.name} (${spec.label}="${spec.labelValues.get(node.name) ?? ''}")`, now) };
    }
    const stamp = stamps?.get(node.name)?.[0]?.value;
    if (!target.some((t) => t.value === 1) || stamp === undefined || !Number.isFinite(stamp)) {
      return { node: node.name, presence: 'failing', health: staleHealth(prev, `Prometheus cannot scrape ${node.name}'s node_exporter (up 0)`, now) };
    }
    const health = scrapedHealth(prev, node, {
      gauges: gauges?.get(node.name) ?? [],
      cpu: cpu?.get(node.name) ?? [],
      network: network?.get(node.name) ?? [],
      services: services?.get(node.name),
    }, answers, Math.round(stamp * 1000), now);
    return { node: node.name, presence: 'scraped', health };
  });
}

/**
 * The nodes whose readings must be fetched this refresh: those scraped since their health was
 * read (their `sampledAt` answer differs from the sample their health is from), never read, or
 * not plainly scraped (failing, absent, noted). At a scrape interval of N seconds and a 1 s
 * refresh, about 1/N of the fleet: the heavy queries ask only for those.
 */
export function nodesToRead(spec: MetricsSpec, nodes: readonly FleetNode[], previous: ReadonlyMap<string, NodeHealth>, answers: QueryAnswers): string[] {
  const up = answers.up;
  const stamps = answers.sampledAt;
  if (up === undefined || !up.ok || stamps === undefined || !stamps.ok) return nodes.map((n) => n.name);
  const scrapedAt = new Map([...byNode(spec, stamps.value)].map(([node, s]) => [node, s[0] === undefined ? undefined : Math.round(s[0].value * 1000)]));
  const upNow = byNode(spec, up.value);
  return nodes.map((n) => n.name).filter((name) => {
    const origin = previous.get(name)?.origin;
    const at = scrapedAt.get(name);
    const scraped = upNow.get(name)?.some((s) => s.value === 1) ?? false;
    return !scraped || at === undefined || origin?.source !== 'prometheus' || origin.note !== undefined || origin.sampledAt !== at;
  });
}

/** The spec for these nodes only (the heavy queries' node matcher). */
export function specFor(spec: MetricsSpec, names: readonly string[]): MetricsSpec {
  const wanted = new Set(names);
  return { ...spec, labelValues: new Map([...spec.labelValues].filter(([node]) => wanted.has(node))) };
}

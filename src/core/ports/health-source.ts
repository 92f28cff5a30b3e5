import type { NodeHealth } from '../health/node-health.js';

/** One node's health as a source last read it. */
export interface HealthReading {
  readonly node: string;
  readonly health: NodeHealth;
}

/**
 * Where the cluster monitor and `picon status` get node health from. A source answers for the
 * nodes it names: one (the SSH prober, adapters/health/prober-health-source.ts: the node's /proc
 * and /sys over its own connection) or many at once (a metrics server that answers for the whole
 * fleet in one query). Each poll yields a reading for every node of the source; a node it could
 * not read is still there, its metrics stale or unknown with the reason.
 */
export interface HealthSource {
  /** The nodes this source reports, by profile name. */
  readonly nodes: readonly string[];
  /** One poll now; never rejects. A call while a poll is running gets that poll's readings. */
  poll(): Promise<readonly HealthReading[]>;
  /** Polls now, then on every multiple of the source's interval until stop(); polls never overlap. */
  start(): void;
  /** Stops polling and lets go of what it holds on the nodes (open files). */
  stop(): void;
  /** Every poll's readings, from start() on (a fleet source may leave out a node whose reading is the same sample as last time). */
  subscribe(listener: (readings: readonly HealthReading[]) => void): () => void;
  /** The next poll checks this node's services at once (after a restart); a source without service checks ignores it. */
  recheckServices(node: string): void;
  /** One line when the source itself changes (a metrics server stops answering, answers again); absent: it has none. */
  onNotice?(listener: (notice: HealthNotice) => void): () => void;
}

export interface HealthNotice {
  readonly level: 'info' | 'warn' | 'error';
  readonly text: string;
}

/** What the cluster looked like around a run: HAProxy at the start, each node's throttle bits at its first and last sample. */

export interface ServerAtStart {
  /** "backend/server". */
  readonly server: string;
  readonly weight: number;
  /** HAProxy's status text, e.g. "UP", "DRAIN", "MAINT". */
  readonly status: string;
  /** Takes no new requests (DRAIN, NOLB, MAINT, DOWN). */
  readonly out: boolean;
}

export interface ClusterAtStart {
  readonly haproxyVersion?: string;
  readonly servers: readonly ServerAtStart[];
}

/** One node's throttle bits at one moment; `raw` undefined when they could not be read. */
export interface NodeThrottle {
  readonly node: string;
  readonly raw?: number;
  readonly reason?: string;
}

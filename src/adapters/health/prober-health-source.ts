import type { HealthReading, HealthSource } from '../../core/ports/health-source.js';
import { createNodeProber, type NodeProberOptions } from './node-prober.js';

/** One node's prober (its /proc and /sys over SFTP, or one exec a poll) as a health source. */
export function proberHealthSource(options: NodeProberOptions): HealthSource {
  const prober = createNodeProber(options);
  const node = options.node.name;
  const reading = (health: HealthReading['health']): readonly HealthReading[] => [{ node, health }];
  return {
    nodes: [node],
    poll: async () => reading(await prober.poll()),
    start: () => prober.start(),
    stop: () => prober.stop(),
    subscribe: (listener) => prober.subscribe((health) => listener(reading(health))),
    recheckServices: (name) => {
      if (name === node) prober.recheckServices();
    },
  };
}

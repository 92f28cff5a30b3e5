import type { ClusterState } from '../cluster/cluster-state.js';
import { connectionCell, nodeReadings, temperatureTone, throttleCell } from './node-readings.js';
import { shownText } from './shown-metric.js';
import { cell, type TableData } from './widget-data.js';

/** One row per node: its connection, CPU, temperature and throttling, in profile order. */
export function nodeTable(state: ClusterState, now: number): TableData {
  const rows = state.nodes.map((row) => {
    const { cpu, temperature, throttling } = nodeReadings(row, now);
    const celsius = temperature.kind === 'unknown' ? undefined : temperature.value.celsius;
    return [
      cell(row.spec.name),
      cell(row.spec.role),
      connectionCell(row, now),
      cell(shownText(cpu, (v) => `${v.busyPercent.toFixed(0)}%`), cpu.kind === 'fresh' ? 'normal' : 'muted'),
      cell(shownText(temperature, (t) => `${t.celsius.toFixed(1)}°C`), temperature.kind === 'fresh' ? temperatureTone(celsius, throttling) : 'muted'),
      throttleCell(throttling),
    ];
  });
  const up = state.nodes.filter((n) => n.connection.state === 'up').length;
  return {
    title: `Nodes · ${up}/${state.nodes.length} up`,
    headers: ['node', 'role', 'ssh', 'cpu', 'temp', 'throttling'],
    widths: [8, 6, 12, 5, 7, 24],
    rows,
  };
}

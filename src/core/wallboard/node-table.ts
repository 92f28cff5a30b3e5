import { nodeAnswering } from '../present/freshness.js';
import type { ClusterState } from '../cluster/cluster-state.js';
import { shownSegment } from '../present/freshness.js';
import { CPU_BUSY_PERCENT, toneBy } from '../present/thresholds.js';
import { seg } from '../present/tone.js';
import { formatCelsius, formatPercent } from '../present/units.js';
import { connectionCell, nodeReadings, temperatureTone, throttleCell } from './node-readings.js';
import type { TableData } from './widget-data.js';

/** One row per node: its connection, CPU, temperature and throttling, in profile order. */
export function nodeTable(state: ClusterState, now: number): TableData {
  const rows = state.nodes.map((row) => {
    const { cpu, temperature, throttling } = nodeReadings(row);
    return [
      seg(row.spec.name),
      seg(row.spec.role),
      connectionCell(row, now),
      shownSegment(cpu, (v) => formatPercent(v.busyPercent), (v) => toneBy(CPU_BUSY_PERCENT)(v.busyPercent)),
      shownSegment(temperature, (t) => formatCelsius(t.celsius), (t) => temperatureTone(t.celsius)),
      throttleCell(throttling),
    ];
  });
  const up = state.nodes.filter(nodeAnswering).length;
  return {
    title: `Nodes · ${up}/${state.nodes.length} up`,
    headers: ['node', 'role', 'ssh', 'cpu', 'temp', 'throttling'],
    widths: [8, 6, 12, 5, 7, 24],
    rows,
  };
}

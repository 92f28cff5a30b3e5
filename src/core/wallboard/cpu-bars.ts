import type { ClusterState } from '../cluster/cluster-state.js';
import { shownText, shownTone } from '../present/freshness.js';
import { CPU_BUSY_PERCENT, toneBy } from '../present/thresholds.js';
import { nodeReadings, pickForSpace } from './node-readings.js';
import type { BarChartData, BarItem } from './widget-data.js';

/** CPU busy % per node, one bar each; at most `limit` bars (the busiest when there are more nodes). */
export function cpuBars(state: ClusterState, limit = Number.POSITIVE_INFINITY): BarChartData {
  const items = state.nodes.map((row): BarItem & { score: number } => {
    const cpu = nodeReadings(row).cpu;
    const percent = cpu.kind === 'unknown' ? undefined : Math.round(cpu.value.busyPercent);
    return {
      label: row.spec.name,
      value: percent,
      text: shownText(cpu, (v) => v.busyPercent.toFixed(0)),
      tone: shownTone(cpu, (v) => toneBy(CPU_BUSY_PERCENT, 'good')(v.busyPercent)),
      score: percent ?? -1,
    };
  });
  const { shown, hidden } = pickForSpace(items, limit, (i) => i.score);
  return {
    title: `CPU % per node${hidden > 0 ? ` (busiest ${shown.length}; ${hidden} more)` : ''}`,
    maxValue: 100,
    bars: shown.map(({ score: _score, ...bar }) => bar),
  };
}

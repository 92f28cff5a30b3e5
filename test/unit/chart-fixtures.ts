import type { BarChart } from '../../src/core/chart/bar-chart.js';

/** The seed's two tables as charts (its figures), and a latency chart with gaps. */

export const SEED_RPS: BarChart = {
  title: 'Requests per second by target',
  subtitle: 'ab -kc 100 -n 10000 · the seed write-up',
  valueLabel: 'Requests per second',
  unit: 'req/s',
  categoryLabel: 'Target',
  series: ['req/s'],
  panels: [
    {
      title: 'GET / (cached)',
      groups: [
        { label: 'Cluster', values: [844.5] },
        { label: 'Single Pi Zero', values: [443.57] },
        { label: 'Single Pi 3', values: [1593.1] },
      ],
    },
    {
      title: 'GET /api/work (uncached)',
      groups: [
        { label: 'Cluster', values: [94.5] },
        { label: 'Cluster (No Nginx)', values: [232.27] },
        { label: 'Single Pi Zero', values: [15.74] },
        { label: 'Single Pi Zero (No Nginx)', values: [15.18] },
        { label: 'Single Pi 3', values: [53.26] },
        { label: 'Single Pi 3 (No Nginx)', values: [422.27] },
      ],
    },
  ],
};

export const LATENCY_WITH_GAPS: BarChart = {
  title: 'Latency by target',
  valueLabel: 'Latency',
  unit: 'ms',
  categoryLabel: 'Target',
  series: ['mean', 'p50', 'p90', 'p99'],
  panels: [
    {
      title: 'GET / (cached)',
      groups: [
        { label: 'Cluster', values: [118.4, 88, 108, 1152] },
        // ab reports no p90 here: a gap, not a zero.
        { label: 'Single Pi Zero', values: [225.4, 210, null, 900] },
        { label: 'Single Pi 3 <the "fast" one> & more', values: [62.8, 55, 60, 0.3] },
      ],
    },
    {
      title: 'GET /api/work (uncached)',
      groups: [
        { label: 'Cluster', values: [1058.2, 900, 5000, 5476] },
        { label: 'Single Pi Zero', values: [6354.9, null, null, 7060] },
      ],
    },
  ],
};

/** How many bars a chart should draw in each panel: its values above zero. */
export const barsPerPanel = (chart: BarChart): number[] =>
  chart.panels.map((p) => p.groups.flatMap((g) => g.values).filter((v) => v !== null && Number.isFinite(v) && v > 0).length);

import type { ClusterState } from '../cluster/cluster-state.js';
import { cpuBars } from './cpu-bars.js';
import { eventLines } from './event-lines.js';
import { loadTestPanel, type LoadTestSource } from './load-test-lines.js';
import { nodeTable } from './node-table.js';
import { piAlertLine } from './pi-alert.js';
import { serverTable } from './server-table.js';
import { pages, pageTable } from './table-page.js';
import { temperatureDonuts } from './temperature-donuts.js';
import { clockTime } from '../present/time.js';
import { throughputChart } from './throughput-chart.js';
import type { BarChartData, DonutData, LineChartData, TableData, TextPanel } from './widget-data.js';

/** Everything one frame of the wallboard shows. */
export interface WallboardModel {
  readonly header: string;
  readonly throughput: LineChartData;
  readonly cpu: BarChartData;
  readonly temperatures: DonutData;
  readonly servers: TableData;
  readonly nodes: TableData;
  readonly events: TextPanel;
  readonly loadTest: TextPanel;
}

export interface ModelOptions {
  readonly now: number;
  /** The viewer's time zone, minutes east of UTC, for clock times. */
  readonly offsetMinutes: number;
  /** How many bars and rings fit (the layout knows). */
  readonly maxBars?: number;
  readonly maxDonuts?: number;
  readonly maxEvents?: number;
  readonly loadTests?: LoadTestSource;
  /** Rows that fit in the servers and nodes tables; more are paged. */
  readonly maxServerRows?: number;
  readonly maxNodeRows?: number;
  /** Which page of each table (`n`, `p`); wraps round. */
  readonly page?: number;
}

/** A hot or throttled node goes first in the header, so it is seen before anything is cut. */
const withAlert = (header: string, alert: string | undefined): string => (alert === undefined ? header : `${alert} · ${header}`);

export function wallboardModel(state: ClusterState, options: ModelOptions): WallboardModel {
  const { now, offsetMinutes } = options;
  const servers = serverTable(state, now);
  const nodes = nodeTable(state, now);
  const serverRows = options.maxServerRows ?? servers.rows.length;
  const nodeRows = options.maxNodeRows ?? nodes.rows.length;
  const paged = pages(servers, serverRows) > 1 || pages(nodes, nodeRows) > 1;
  return {
    header: withAlert(`picon wall · ${state.profileName} · ${clockTime(now, offsetMinutes)} · read-only · ${paged ? 'n/p pages · ' : ''}q quits`, piAlertLine(state.nodes)),
    throughput: throughputChart(state, now),
    cpu: cpuBars(state, options.maxBars),
    temperatures: temperatureDonuts(state, options.maxDonuts),
    servers: pageTable(servers, serverRows, options.page ?? 0),
    nodes: pageTable(nodes, nodeRows, options.page ?? 0),
    events: eventLines(state, offsetMinutes, options.maxEvents),
    loadTest: loadTestPanel(state, options.loadTests ?? {}, now, offsetMinutes),
  };
}

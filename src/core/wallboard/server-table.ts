import type { ClusterState, ServerRow } from '../cluster/cluster-state.js';
import type { ServerStatus } from '../haproxy/server-status.js';
import { compactDuration } from '../format/duration.js';
import { serverTitle } from './throughput-chart.js';
import { cell, type Cell, type TableData, type Tone } from './widget-data.js';

export function statusTone(status: ServerStatus | undefined): Tone {
  if (status === undefined) return 'muted';
  if (status.transition !== undefined) return 'warn';
  switch (status.state) {
    case 'UP':
    case 'NO_CHECK':
    case 'OPEN':
      return 'good';
    case 'DOWN':
    case 'STOP':
    case 'FULL':
      return 'bad';
    case 'UNKNOWN':
      return 'muted';
    default:
      return 'warn';
  }
}

/** DRAIN → "drained", MAINT → "maint", DOWN → "DOWN": what the wall says a server is. */
export function statusText(status: ServerStatus | undefined): string {
  if (status === undefined) return '?';
  switch (status.state) {
    case 'DRAIN':
      return `drained${status.detail !== undefined ? ` (${status.detail})` : ''}`;
    case 'MAINT':
      return `maint${status.detail !== undefined ? ` (${status.detail})` : ''}`;
    case 'NO_CHECK':
      return 'no check';
    case 'UNKNOWN':
      return status.raw;
    default:
      return status.raw.trim();
  }
}

const number = (value: number | undefined, digits = 0): string => (value === undefined ? '?' : value.toFixed(digits));

function serverCells(row: ServerRow, backends: number, stale: boolean): Cell[] {
  const r = row.record;
  const mark = stale ? '~' : '';
  const mismatch = r.mismatches.length > 0 ? ' !' : '';
  const tone = (t: Tone): Tone => (stale ? 'muted' : t);
  return [
    cell(serverTitle(row, backends)),
    cell(`${mark}${statusText(r.status)}${mismatch}`, tone(mismatch !== '' ? 'bad' : statusTone(r.status))),
    cell(`${mark}${r.checkStatus ?? '-'}`, tone(r.checkStatus !== undefined && !/OK$/.test(r.checkStatus) ? 'bad' : 'normal')),
    cell(`${mark}${number(r.weight)}`, tone(r.weight === 0 ? 'warn' : 'normal')),
    cell(`${mark}${number(r.currentSessions)}`, tone('normal')),
    cell(stale ? '?' : number(row.rates?.requestsPerSecond, 1), tone('normal')),
  ];
}

/** HAProxy's servers: state, check, weight, sessions, req/s. Stale rows (HAProxy not answering) are marked "~". */
export function serverTable(state: ClusterState, now: number): TableData {
  const pane = state.haproxy;
  const stale = pane.state === 'error';
  const version = pane.version !== undefined ? ` ${pane.version}` : '';
  let status: string;
  if (pane.state === 'connecting') status = 'connecting';
  else if (pane.state === 'error') {
    const since = pane.updatedAt !== undefined ? `, last read ${compactDuration((now - pane.updatedAt) / 1000)} ago` : '';
    status = `NOT ANSWERING: ${pane.error ?? 'no reason given'}${since}`;
  } else {
    const rps = pane.frontend.requestsPerSecond;
    status = `${rps === undefined ? '?' : rps.toFixed(0)} req/s, ${number(pane.frontend.currentSessions)} sessions`;
  }
  const warnings = pane.warnings.length > 0 ? ` · ${pane.warnings.length} warning${pane.warnings.length > 1 ? 's' : ''}` : '';
  return {
    title: `HAProxy${version} · ${status}${warnings}`,
    headers: ['server', 'state', 'check', 'weight', 'sess', 'req/s'],
    widths: [14, 16, 8, 6, 6, 8],
    rows: pane.servers.map((row) => serverCells(row, state.backends.length, stale)),
  };
}

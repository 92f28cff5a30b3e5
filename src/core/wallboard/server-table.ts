import type { ClusterState, ServerRow } from '../cluster/cluster-state.js';
import { STALE_MARK } from '../present/freshness.js';
import { checkTone, serverStateText, serverStateTone } from '../present/state-words.js';
import { compactDuration } from '../present/time.js';
import { seg, type Segment, type Tone } from '../present/tone.js';
import { formatRate, UNKNOWN_TEXT } from '../present/units.js';
import { serverTitle } from './throughput-chart.js';
import type { TableData } from './widget-data.js';

const number = (value: number | undefined): string => (value === undefined ? UNKNOWN_TEXT : String(value));

function serverCells(row: ServerRow, backends: number, stale: boolean): Segment[] {
  const r = row.record;
  const mark = stale ? STALE_MARK : '';
  const mismatch = r.mismatches.length > 0 ? ' !' : '';
  const tone = (t: Tone): Tone => (stale ? 'dim' : t);
  return [
    seg(serverTitle(row, backends)),
    seg(`${serverStateText(r.status)}${mismatch}${mark}`, tone(mismatch !== '' ? 'bad' : serverStateTone(r.status))),
    seg(`${r.checkStatus ?? UNKNOWN_TEXT}${mark}`, tone(checkTone(r.checkStatus) === 'bad' ? 'bad' : 'normal')),
    seg(`${number(r.weight)}${mark}`, tone(r.weight === 0 ? 'warn' : 'normal')),
    seg(`${number(r.currentSessions)}${mark}`, tone('normal')),
    seg(stale || row.rates?.requestsPerSecond === undefined ? UNKNOWN_TEXT : formatRate(row.rates.requestsPerSecond), tone('normal')),
  ];
}

/** HAProxy's servers: state, check, weight, sessions, req/s. Stale rows (HAProxy not answering) are marked with STALE_MARK. */
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
    status = `${rps === undefined ? UNKNOWN_TEXT : formatRate(rps)} req/s, ${number(pane.frontend.currentSessions)} sessions`;
  }
  const warnings = pane.warnings.length > 0 ? ` · ${pane.warnings.length} warning${pane.warnings.length > 1 ? 's' : ''}` : '';
  return {
    title: `HAProxy${version} · ${status}${warnings}`,
    headers: ['server', 'state', 'check', 'weight', 'sess', 'req/s'],
    widths: [14, 16, 8, 6, 6, 8],
    rows: pane.servers.map((row) => serverCells(row, state.backends.length, stale)),
  };
}

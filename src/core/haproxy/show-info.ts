import { failure, type Result, success } from '../result.js';
import { parseHaproxyVersion, type HaproxyVersion } from './version.js';

/** `show info`: "Key: value" lines. The keys picon reads are typed; all of them are kept. */

export interface HaproxyInfo {
  readonly version: HaproxyVersion;
  readonly releaseDate?: string;
  readonly pid?: number;
  /** Which process this is (1-based); old multi-process HAProxy prints 1..Nbproc. */
  readonly processNumber?: number;
  readonly processes?: number;
  readonly threads?: number;
  readonly uptimeSeconds?: number;
  readonly currentConnections?: number;
  readonly cumulativeConnections?: number;
  readonly cumulativeRequests?: number;
  readonly maxConnections?: number;
  readonly sessionRate?: number;
  readonly idlePercent?: number;
  readonly runQueue?: number;
  readonly tasks?: number;
  readonly node?: string;
  readonly stopping?: boolean;
  /** Every line as printed. */
  readonly fields: ReadonlyMap<string, string>;
}

const NUMBER_KEYS = {
  pid: 'Pid',
  processNumber: 'Process_num',
  processes: 'Nbproc',
  threads: 'Nbthread',
  uptimeSeconds: 'Uptime_sec',
  currentConnections: 'CurrConns',
  cumulativeConnections: 'CumConns',
  cumulativeRequests: 'CumReq',
  maxConnections: 'Maxconn',
  sessionRate: 'SessRate',
  idlePercent: 'Idle_pct',
  runQueue: 'Run_queue',
  tasks: 'Tasks',
} as const satisfies Partial<Record<keyof HaproxyInfo, string>>;

function int(fields: ReadonlyMap<string, string>, key: string): number | undefined {
  const value = fields.get(key);
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

export function parseShowInfo(text: string): Result<HaproxyInfo> {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(': ');
    if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 2).trim());
    else if (line.endsWith(':')) fields.set(line.slice(0, -1), '');
  }
  const versionText = fields.get('Version');
  if (versionText === undefined) {
    const first = text.trim().split('\n')[0] ?? '';
    return failure(`not a "show info" reply (no Version line): ${JSON.stringify(first.slice(0, 60))}`);
  }
  const version = parseHaproxyVersion(versionText);
  if (!version.ok) return version;
  const info: Record<string, unknown> = { version: version.value, fields };
  for (const [field, key] of Object.entries(NUMBER_KEYS)) {
    const value = int(fields, key);
    if (value !== undefined) info[field] = value;
  }
  const releaseDate = fields.get('Release_date');
  if (releaseDate !== undefined) info.releaseDate = releaseDate;
  const node = fields.get('node');
  if (node !== undefined && node !== '') info.node = node;
  const stopping = fields.get('Stopping');
  if (stopping !== undefined) info.stopping = stopping === '1';
  return success(info as unknown as HaproxyInfo);
}

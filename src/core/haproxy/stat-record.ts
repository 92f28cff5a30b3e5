import type { ServerStatus } from './server-status.js';

/** One row of `show stat`, typed. A column the HAProxy version does not print is undefined. */

export type StatType = 'frontend' | 'backend' | 'server' | 'listener';

/** Counters that only grow while the process lives (rates come from their deltas). */
export const STAT_COUNTERS = [
  'totalSessions',
  'bytesIn',
  'bytesOut',
  'deniedRequests',
  'deniedResponses',
  'requestErrors',
  'connectionErrors',
  'responseErrors',
  'retries',
  'redispatches',
  'checkFailures',
  'checkDowns',
  'loadBalanced',
  'http1xx',
  'http2xx',
  'http3xx',
  'http4xx',
  'http5xx',
  'httpOther',
  'requestsTotal',
  'clientAborts',
  'serverAborts',
  'connectionsTotal',
] as const;

/** Levels that are summed across processes but are not counters. */
export const STAT_LEVELS = [
  'currentSessions',
  'maxSessions',
  'sessionLimit',
  'queueCurrent',
  'queueMax',
  'sessionRate',
  'requestRate',
] as const;

/** Readings that are the same thing in every process (times, settings). */
export const STAT_READINGS = [
  'weight',
  'active',
  'backup',
  'lastChangeSeconds',
  'downtimeSeconds',
  'checkCode',
  'checkDurationMs',
  'lastSessionSeconds',
  'queueTimeMs',
  'connectTimeMs',
  'responseTimeMs',
  'totalTimeMs',
] as const;

export type StatCounter = (typeof STAT_COUNTERS)[number];
export type StatLevel = (typeof STAT_LEVELS)[number];
export type StatReading = (typeof STAT_READINGS)[number];
export type StatNumberField = StatCounter | StatLevel | StatReading;

export type StatNumbers = { readonly [K in StatNumberField]?: number };

export interface StatRecord extends StatNumbers {
  readonly proxy: string;
  /** 'FRONTEND', 'BACKEND', or the server (or listener) name. */
  readonly service: string;
  readonly type: StatType;
  readonly status?: ServerStatus;
  /** e.g. L7OK, L4CON, L4TOUT, L7STS, INI, SOCKERR. */
  readonly checkStatus?: string;
  readonly checkDescription?: string;
  readonly address?: string;
  readonly mode?: string;
  /** Process number (pid column: 1 for each worker of a master-worker HAProxy). */
  readonly processNumber?: number;
  readonly proxyId?: number;
  readonly serverId?: number;
}

/** "web/s1", "web/BACKEND", "http/FRONTEND": one name for a row across polls and processes. */
export function statKey(record: Pick<StatRecord, 'proxy' | 'service'>): string {
  return `${record.proxy}/${record.service}`;
}

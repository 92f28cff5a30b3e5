import { splitCsvLine } from './csv-line.js';
import { parseServerStatus } from './server-status.js';
import type { StatNumberField, StatRecord, StatType } from './stat-record.js';
import type { LineProblem } from '../line-problem.js';

/**
 * `show stat` CSV, read by the names in its `# pxname,svname,...` header line — never by column
 * position: 1.8 prints 83 columns, 2.6 prints 128, later versions add more.
 */

export interface StatTable {
  readonly records: readonly StatRecord[];
  /** Rows that could not be read (or only in part); a truncated reply shows up here. */
  readonly problems: readonly LineProblem[];
  /** The header's column names, in order. */
  readonly columns: readonly string[];
}

const NUMBER_COLUMNS: Readonly<Record<string, StatNumberField>> = {
  qcur: 'queueCurrent',
  qmax: 'queueMax',
  scur: 'currentSessions',
  smax: 'maxSessions',
  slim: 'sessionLimit',
  stot: 'totalSessions',
  bin: 'bytesIn',
  bout: 'bytesOut',
  dreq: 'deniedRequests',
  dresp: 'deniedResponses',
  ereq: 'requestErrors',
  econ: 'connectionErrors',
  eresp: 'responseErrors',
  wretr: 'retries',
  wredis: 'redispatches',
  weight: 'weight',
  act: 'active',
  bck: 'backup',
  chkfail: 'checkFailures',
  chkdown: 'checkDowns',
  lastchg: 'lastChangeSeconds',
  downtime: 'downtimeSeconds',
  lbtot: 'loadBalanced',
  rate: 'sessionRate',
  check_code: 'checkCode',
  check_duration: 'checkDurationMs',
  hrsp_1xx: 'http1xx',
  hrsp_2xx: 'http2xx',
  hrsp_3xx: 'http3xx',
  hrsp_4xx: 'http4xx',
  hrsp_5xx: 'http5xx',
  hrsp_other: 'httpOther',
  req_rate: 'requestRate',
  req_tot: 'requestsTotal',
  cli_abrt: 'clientAborts',
  srv_abrt: 'serverAborts',
  lastsess: 'lastSessionSeconds',
  qtime: 'queueTimeMs',
  ctime: 'connectTimeMs',
  rtime: 'responseTimeMs',
  ttime: 'totalTimeMs',
  conn_tot: 'connectionsTotal',
};

const TEXT_COLUMNS = {
  check_status: 'checkStatus',
  check_desc: 'checkDescription',
  addr: 'address',
  mode: 'mode',
} as const;

const ID_COLUMNS = { pid: 'processNumber', iid: 'proxyId', sid: 'serverId' } as const;

const TYPES: readonly StatType[] = ['frontend', 'backend', 'server', 'listener'];

/** An integer cell; '' is "not printed for this row". lastsess is -1 when there never was one. */
function toInteger(cell: string): number | undefined | 'bad' {
  if (cell === '') return undefined;
  if (!/^-?\d+$/.test(cell)) return 'bad';
  const n = Number(cell);
  return Number.isSafeInteger(n) ? n : 'bad';
}

function rowType(code: string | undefined, service: string): StatType | undefined {
  if (code !== undefined && code !== '') return TYPES[Number(code)];
  if (service === 'FRONTEND') return 'frontend';
  if (service === 'BACKEND') return 'backend';
  return 'server';
}

function dropTrailingEmpty(fields: string[]): string[] {
  return fields.length > 0 && fields[fields.length - 1] === '' ? fields.slice(0, -1) : fields;
}

/** Where each column picon reads sits in this reply's header (found once per reply, not per row). */
interface ColumnPlan {
  readonly at: ReadonlyMap<string, number>;
  readonly numbers: readonly (readonly [column: string, field: string, index: number])[];
  readonly texts: readonly (readonly [field: string, index: number])[];
}

const NUMBER_AND_ID_COLUMNS: readonly (readonly [string, string])[] = Object.entries({ ...NUMBER_COLUMNS, ...ID_COLUMNS });

function columnPlan(columns: readonly string[]): ColumnPlan {
  const at = new Map<string, number>();
  columns.forEach((name, i) => {
    if (!at.has(name)) at.set(name, i);
  });
  const numbers = NUMBER_AND_ID_COLUMNS.flatMap(([column, field]) => {
    const i = at.get(column);
    return i === undefined ? [] : [[column, field, i] as const];
  });
  const texts = Object.entries(TEXT_COLUMNS).flatMap(([column, field]) => {
    const i = at.get(column);
    return i === undefined ? [] : [[field, i] as const];
  });
  return { at, numbers, texts };
}

function readRow(plan: ColumnPlan, fields: readonly string[], line: number, problems: LineProblem[]): StatRecord | undefined {
  const cell = (column: string): string | undefined => {
    const i = plan.at.get(column);
    return i === undefined ? undefined : (fields[i] ?? '');
  };
  const proxy = cell('pxname') ?? '';
  const service = cell('svname') ?? '';
  if (proxy === '' || service === '') {
    problems.push({ line, reason: 'row without pxname/svname' });
    return undefined;
  }
  const typeCode = cell('type');
  const type = rowType(typeCode, service);
  if (type === undefined) {
    problems.push({ line, reason: `${proxy}/${service}: unknown type ${JSON.stringify(typeCode)}` });
    return undefined;
  }
  const record: Record<string, unknown> = { proxy, service, type };
  for (const [column, field, i] of plan.numbers) {
    const text = fields[i] ?? '';
    const value = toInteger(text);
    if (value === 'bad') problems.push({ line, reason: `${proxy}/${service}: ${column} ${JSON.stringify(text)} is not a number` });
    else if (value !== undefined) record[field] = value;
  }
  for (const [field, i] of plan.texts) {
    const text = fields[i] ?? '';
    if (text !== '') record[field] = text;
  }
  const status = cell('status');
  if (status !== undefined && status !== '') record.status = parseServerStatus(status);
  // Servers print no req_tot; each HTTP request is one server session, so stot counts requests.
  if (record.requestsTotal === undefined && type === 'server' && record.totalSessions !== undefined) {
    record.requestsTotal = record.totalSessions;
  }
  return record as unknown as StatRecord;
}

export function parseStatCsv(text: string): StatTable {
  const lines = text.split('\n');
  const headerIndex = lines.findIndex((l) => l.startsWith('# '));
  const problems: LineProblem[] = [];
  if (headerIndex === -1) {
    const first = lines.find((l) => l.trim() !== '') ?? '';
    return { records: [], columns: [], problems: [{ line: 1, reason: `no "# pxname,svname,..." header: ${JSON.stringify(first.slice(0, 60))}` }] };
  }
  // A reply cut short ends inside a line; that line's last cell cannot be trusted.
  const lastComplete = text.endsWith('\n') ? lines.length : lines.length - 1;
  if (headerIndex >= lastComplete) {
    return { records: [], columns: [], problems: [{ line: headerIndex + 1, reason: 'reply ends inside the header (truncated)' }] };
  }
  const columns = dropTrailingEmpty(splitCsvLine((lines[headerIndex] ?? '').slice(2)));
  if (columns[0] !== 'pxname' || columns[1] !== 'svname') {
    return { records: [], columns, problems: [{ line: headerIndex + 1, reason: 'header does not start with pxname,svname' }] };
  }
  const records: StatRecord[] = [];
  const plan = columnPlan(columns);
  lines.forEach((row, i) => {
    if (i <= headerIndex || row.trim() === '') return;
    const line = i + 1;
    const fields = dropTrailingEmpty(splitCsvLine(row.replace(/\r$/, '')));
    const name = `${fields[0] ?? ''}/${fields[1] ?? ''}`;
    if (i >= lastComplete) {
      problems.push({ line, reason: `${name}: reply ends inside this row (truncated)` });
      return;
    }
    if (fields.length > columns.length || fields.length < columns.length - 1) {
      problems.push({ line, reason: `${name}: ${fields.length} fields where the header has ${columns.length}` });
      return;
    }
    const record = readRow(plan, fields, line, problems);
    if (record !== undefined) records.push(record);
  });
  return { records, problems, columns };
}

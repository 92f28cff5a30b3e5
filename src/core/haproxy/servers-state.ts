import { failure, type Result, success } from '../result.js';

/**
 * `show servers state [<backend>]`, format version 1: a "1" line, a "# be_id be_name ..." header,
 * then one space-separated row per server. Read by header name (2.x adds columns to 1.8's).
 */

export type OperationalState = 'stopped' | 'starting' | 'running' | 'stopping';

export interface ServerState {
  readonly backend: string;
  readonly server: string;
  readonly backendId?: number;
  readonly serverId?: number;
  readonly address?: string;
  readonly port?: number;
  readonly operational?: OperationalState;
  /** srv_admin_state bits: forced (1) / inherited (2) / config (4) / resolution (0x20) maintenance. */
  readonly adminBits?: number;
  readonly maintenance: boolean;
  /** Forced (8) or inherited (0x10) drain. */
  readonly draining: boolean;
  readonly userWeight?: number;
  readonly initialWeight?: number;
  readonly secondsSinceChange?: number;
}

const OPERATIONAL: readonly OperationalState[] = ['stopped', 'starting', 'running', 'stopping'];
const MAINT_BITS = 0x01 | 0x02 | 0x04 | 0x20 | 0x40;
const DRAIN_BITS = 0x08 | 0x10;

function int(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

function readRow(columns: readonly string[], fields: readonly string[]): ServerState {
  const cells = new Map(columns.map((name, i) => [name, fields[i]]));
  const admin = int(cells.get('srv_admin_state'));
  const op = int(cells.get('srv_op_state'));
  const optional: Record<string, unknown> = {
    backendId: int(cells.get('be_id')),
    serverId: int(cells.get('srv_id')),
    address: cells.get('srv_addr'),
    port: int(cells.get('srv_port')),
    operational: op === undefined ? undefined : OPERATIONAL[op],
    adminBits: admin,
    userWeight: int(cells.get('srv_uweight')),
    initialWeight: int(cells.get('srv_iweight')),
    secondsSinceChange: int(cells.get('srv_time_since_last_change')),
  };
  for (const key of Object.keys(optional)) if (optional[key] === undefined) delete optional[key];
  return {
    backend: cells.get('be_name') ?? '',
    server: cells.get('srv_name') ?? '',
    maintenance: admin !== undefined && (admin & MAINT_BITS) !== 0,
    draining: admin !== undefined && (admin & DRAIN_BITS) !== 0,
    ...optional,
  };
}

export function parseServersState(text: string): Result<readonly ServerState[]> {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const first = lines.find((l) => l.trim() !== '') ?? '';
  if (first.trim() !== '1') {
    return failure(`not a version-1 "show servers state" reply: ${JSON.stringify(first.slice(0, 60))}`);
  }
  const header = lines.find((l) => l.startsWith('# '));
  const columns = header?.slice(2).trim().split(/\s+/) ?? [];
  if (!columns.includes('be_name') || !columns.includes('srv_name')) {
    return failure('"show servers state" reply without its "# be_id be_name ..." header (truncated?)');
  }
  const complete = text.endsWith('\n') ? lines : lines.slice(0, -1);
  const rows = complete.slice(lines.indexOf(header ?? '') + 1).filter((l) => l.trim() !== '');
  const states: ServerState[] = [];
  for (const row of rows) {
    const fields = row.trim().split(/\s+/);
    if (fields.length !== columns.length) {
      return failure(`server row has ${fields.length} fields where the header has ${columns.length}: ${JSON.stringify(row.slice(0, 60))}`);
    }
    states.push(readRow(columns, fields));
  }
  if (complete.length < lines.length && lines[lines.length - 1] !== '') {
    return failure('"show servers state" reply ends inside a row (truncated)');
  }
  return success(states);
}

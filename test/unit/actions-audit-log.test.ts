import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAudit, auditFile, readAudit } from '../../src/adapters/actions/audit-log.js';
import type { AuditRecord } from '../../src/core/actions/audit-record.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'picon-audit-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const record = (i: number, reason = ''): AuditRecord => ({
  time: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(),
  profile: 'lab',
  user: 'op',
  action: 'drain',
  target: { node: `p${i}`, servers: [`web/p${i}`] },
  before: { [`web/p${i}`]: { status: 'UP' } },
  after: { [`web/p${i}`]: { status: 'DRAIN' } },
  result: 'ok',
  ...(reason !== '' && { reason }),
  dryRun: false,
});

describe('audit log', () => {
  it('lives in $PICON_DATA_DIR, else ~/.local/share/picon', () => {
    expect(auditFile({ PICON_DATA_DIR: '/data' })).toBe('/data/audit.jsonl');
    expect(auditFile({ HOME: '/home/op' })).toBe('/home/op/.local/share/picon/audit.jsonl');
  });

  it('appends one whole JSON line per record, even from many writers at once', async () => {
    const file = path.join(dir, 'sub', 'audit.jsonl');
    // A reason with a newline and quotes must stay inside its line.
    await Promise.all(Array.from({ length: 50 }, (_, i) => appendAudit(file, record(i, i === 7 ? 'said "no"\nand left' : ''))));
    const text = await readFile(file, 'utf8');
    const lines = text.split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1)).toHaveLength(50);
    const { records, broken } = await readAudit(file);
    expect(broken).toBe(0);
    expect(new Set(records.map((r) => r.target.node)).size).toBe(50);
    expect((records.find((r) => r.target.node === 'p7') as AuditRecord | undefined)?.reason).toBe('said "no"\nand left');
  });

  it('a half-written line from a crash is counted as broken; the next record starts on its own line', async () => {
    const file = path.join(dir, 'audit.jsonl');
    await appendAudit(file, record(1));
    await writeFile(file, `${await readFile(file, 'utf8')}{"time":"2025-01-01T00:00:0`, { flag: 'w' });
    await appendAudit(file, record(2));
    const { records, broken } = await readAudit(file);
    expect(records.map((r) => r.target.node)).toEqual(['p1', 'p2']);
    expect(broken).toBe(1);
    expect(await readAudit(path.join(dir, 'none.jsonl'))).toEqual({ records: [], broken: 0 });
  });
});

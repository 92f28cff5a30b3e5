import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAudit, auditFile, readAudit } from '../../src/adapters/actions/audit-log.js';
import { createClusterStore } from '../../src/adapters/monitor/cluster-store.js';
import { reportInterruptedOnce } from '../../src/cli/commands/console-wiring.js';
import type { AuditIntent } from '../../src/core/actions/audit-record.js';
import { initialClusterState } from '../../src/core/cluster/cluster-state.js';
import { aggregateStats } from '../../src/core/haproxy/stat-aggregate.js';
import { parseStatCsv } from '../../src/core/haproxy/stat-csv.js';
import { parseProfile } from '../../src/core/profile/parse-profile.js';
import { haproxyFixture } from './haproxy-fixtures.js';

const PROFILE = `
name: lab
head: { address: 127.0.0.1, haproxy: { sockets: [/run/admin.sock], backends: [web] } }
workers:
  - { name: s1, address: 127.0.0.2 }
  - { name: s2, address: 127.0.0.3 }
`;

const intent: AuditIntent = {
  kind: 'intent', id: 'k1', time: new Date(2026, 0, 5, 12, 3, 4).toISOString(), profile: 'lab', user: 'alice',
  // A pid no process has: the picon that wrote this is gone.
  process: { host: os.hostname(), pid: 2 ** 22 + 1, start: 'none:0' }, action: 'drain', title: 'drain s1',
  target: { node: 's1', servers: ['web/s1'] }, before: { 'web/s1': { status: 'UP', weight: 1, sessions: 0 } }, dryRun: false,
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'picon-console-journal-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the console and interrupted actions', () => {
  it('after the first HAProxy poll, tells each interrupted action once with what HAProxy says, and closes it', async () => {
    const parsed = parseProfile(PROFILE, '/tmp/lab.yaml', '/root');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const env = { PICON_DATA_DIR: dir };
    await appendAudit(auditFile(env), intent);
    const store = createClusterStore(initialClusterState(parsed.profile, Date.now()), 0);
    const told: string[] = [];
    reportInterruptedOnce(parsed.profile, store, auditFile(env), (_, text) => told.push(text));
    await new Promise((r) => setTimeout(r, 50));
    expect(told).toEqual([]);
    const records = aggregateStats([{ process: 'p1', records: parseStatCsv(haproxyFixture('2.6/show-stat.csv')).records }]);
    store.dispatch({ type: 'haproxy-stats', at: Date.now(), records, problems: [] });
    store.dispatch({ type: 'haproxy-stats', at: Date.now(), records, problems: [] });
    for (let i = 0; i < 50 && told.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(told).toEqual([expect.stringMatching(/^an action on s1 was interrupted at (2026-01-05 )?12:03:04 \(drain s1 by alice\); HAProxy now says web\/s1 UP weight 1, 0 sessions$/)]);
    const lines = (await readAudit(auditFile(env))).records;
    expect(lines.map((l) => [l.kind, l.id, 'result' in l ? l.result : ''])).toEqual([['intent', 'k1', ''], ['result', 'k1', 'interrupted']]);
  });
});

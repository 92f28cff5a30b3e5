import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionReport } from '../../src/core/actions/action-report.js';
import type { AuditLine, AuditRecord } from '../../src/core/actions/audit-record.js';
import { parseStatCsv } from '../../src/core/haproxy/stat-csv.js';
import { eventually, httpGet, startLab, type LabHandle } from './support/lab.js';

/**
 * drain, ready, maint, weight, restart on the lab at 127.0.12, each checked by reading HAProxy's
 * admin socket directly with socat (not through picon), by traffic through the frontend, and by
 * the lab's own pids.
 */

const WORKERS = ['p1', 'p2', 'p3', 'pi3'];
let lab: LabHandle;
let dataDir: string;

beforeAll(async () => {
  lab = await startLab({ subnet: '127.0.12' });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'picon-e2e-audit-'));
  lab.env['PICON_DATA_DIR'] = dataDir;
});
afterAll(async () => {
  await lab?.stop();
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

function socket(line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('socat', ['-', `UNIX-CONNECT:${lab.status.adminSocket}`], { timeout: 5000 }, (err, out) => (err !== null ? reject(err) : resolve(out)));
    child.stdin?.end(`${line}\n`);
  });
}

/** status and weight of each web server, straight from `show stat` on the admin socket. */
async function direct(): Promise<Record<string, { status: string; weight: number | undefined }>> {
  const out: Record<string, { status: string; weight: number | undefined }> = {};
  for (const r of parseStatCsv(await socket('show stat')).records) {
    if (r.proxy === 'web' && r.type === 'server') out[r.service] = { status: r.status?.raw ?? '', weight: r.weight };
  }
  return out;
}

const statuses = async (): Promise<string[]> => {
  const d = await direct();
  return WORKERS.map((w) => d[w]?.status ?? '?');
};

const picon = (...args: string[]) => lab.picon(['--profile', 'lab', ...args], { timeoutMs: 60_000 });

async function json(...args: string[]): Promise<{ code: number | null; report: ActionReport; stderr: string }> {
  const r = await picon('--json', ...args);
  return { code: r.code, report: JSON.parse(r.stdout) as ActionReport, stderr: r.stderr };
}

/** Which node answered each of n fresh requests through the frontend. */
async function answeredBy(n: number): Promise<string[]> {
  const nodes: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await httpGet(lab.status.frontendUrl);
    nodes.push(r.status === 200 ? String(r.headers['x-node']) : `HTTP ${r.status}`);
  }
  return nodes;
}

/** The audit journal's whole records (each action's result; intents left out). */
function audit(): AuditRecord[] {
  const lines = readFileSync(path.join(dataDir, 'audit.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as AuditLine);
  return lines.filter((l): l is AuditRecord => l.kind !== 'intent');
}

async function allReady(): Promise<void> {
  for (const w of WORKERS) expect((await picon('ready', w)).code).toBe(0);
  await eventually('every web server UP', async () => (await statuses()).every((s) => s === 'UP'));
}

describe('actions on the lab', () => {
  it('drain: the socket says DRAIN, the frontend sends the node no new requests; ready brings it back', async () => {
    const r = await picon('drain', 'p1', '--yes');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/web\/p1 {2}UP, weight 1, \d+ sessions? {2}-> {2}DRAIN, weight 1/);
    expect((await direct())['p1']?.status).toBe('DRAIN');
    const drained = await answeredBy(24);
    expect(drained).not.toContain('p1');
    expect(new Set(drained)).toEqual(new Set(['p2', 'p3', 'pi3']));

    expect((await picon('ready', 'p1')).code).toBe(0);
    expect((await direct())['p1']?.status).toBe('UP');
    expect(await answeredBy(8)).toContain('p1');

    const last = audit().slice(-2);
    expect(last.map((a) => [a.action, a.target.node, a.result, a.dryRun])).toEqual([['drain', 'p1', 'ok', false], ['ready', 'p1', 'ok', false]]);
    expect(last[0]?.before).toMatchObject({ 'web/p1': { status: 'UP' } });
    expect(last[0]?.after).toMatchObject({ 'web/p1': { status: 'DRAIN' } });
  });

  it('--dry-run prints the exact runtime-API lines and changes nothing (audited as a dry run)', async () => {
    const before = await direct();
    const { code, report } = await json('--dry-run', 'maint', 'p2');
    expect(code).toBe(0);
    expect(report.dryRun).toBe(true);
    expect(report.commands).toHaveLength(1);
    expect(report.commands[0]).toMatchObject({ kind: 'runtime-api', socket: lab.status.masterSocket });
    expect(report.commands[0]?.line).toMatch(/^@!\d+ set server web\/p2 state maint$/);
    expect(await direct()).toEqual(before);
    expect(audit().at(-1)).toMatchObject({ action: 'maint', dryRun: true, target: { node: 'p2' } });
  });

  it('drain, maint, restart and weight 0 without a terminal need --yes (exit 2); with it the socket says MAINT', async () => {
    const lines = [['maint', 'p2'], ['drain', 'p2'], ['weight', 'p2', '0'], ['restart', 'p2', 'nginx']];
    const results = await Promise.all(lines.map((args) => picon(...args)));
    for (const [i, refused] of results.entries()) {
      expect(refused.code, lines[i]?.join(' ')).toBe(2);
      expect(refused.stderr.trim().split('\n')).toHaveLength(1);
      expect(refused.stderr).toMatch(/^picon: .* needs confirmation and there is no terminal to ask on: add --yes to go ahead\n$/);
    }
    expect((await direct())['p2']).toMatchObject({ status: 'UP', weight: 1 });
    const { code, report } = await json('--yes', 'maint', 'p2');
    expect(code).toBe(0);
    expect(report.servers[0]?.after?.status).toBe('MAINT');
    expect((await direct())['p2']?.status).toBe('MAINT');
    await allReady();
  }, 60_000);

  it('weight: absolute and a percentage of the configured weight, read back from the socket', async () => {
    expect((await picon('weight', 'pi3', '3')).code).toBe(0);
    expect((await direct())['pi3']?.weight).toBe(3);
    const { report } = await json('weight', 'pi3', '200%');
    expect(report.servers[0]).toMatchObject({ weight: 2, after: { weight: 2, configuredWeight: 1 } });
    expect((await direct())['pi3']?.weight).toBe(2);
    const bad = await picon('weight', 'pi3', '300');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('0..256');
    expect((await picon('weight', 'pi3', '1')).code).toBe(0);
  });

  it('the guard refuses the last UP server; --force drains it and the frontend answers 503', async () => {
    for (const w of ['p1', 'p2', 'p3']) expect((await picon('drain', w, '--yes')).code).toBe(0);
    const refused = await picon('drain', 'pi3', '--yes');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('web/pi3 is the last server taking traffic in backend web');
    expect(refused.stderr).toContain('--force');
    expect((await direct())['pi3']?.status).toBe('UP');
    expect(audit().at(-1)).toMatchObject({ action: 'drain', result: 'refused', target: { node: 'pi3' } });

    const forced = await picon('drain', 'pi3', '--force', '--yes');
    expect(forced.code, forced.stderr).toBe(0);
    expect(await statuses()).toEqual(['DRAIN', 'DRAIN', 'DRAIN', 'DRAIN']);
    expect(await answeredBy(3)).toEqual(['HTTP 503', 'HTTP 503', 'HTTP 503']);
    await allReady();
  });

  it('drain --wait ends when the sessions are 0', async () => {
    const { code, report } = await json('--yes', 'drain', 'p3', '--wait', '--wait-timeout', '20');
    expect(code).toBe(0);
    expect(report.drain).toMatchObject({ drained: true, sessions: 0 });
    await allReady();
  });

  it('--read-only refuses every action with one line, exit 2', async () => {
    for (const args of [['drain', 'p1'], ['ready', 'p1'], ['weight', 'p1', '2'], ['restart', 'p1', 'nginx']]) {
      const r = await picon('--read-only', ...args);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain('--read-only');
    }
  });

  it('unknown node: exit 2 with the node list', async () => {
    const r = await picon('drain', 'p7');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nodes: head, p1, p2, p3, pi3');
  });

  it('restart gives the service a new pid and checks it is active', async () => {
    const pid = (s: typeof lab.status) => s.nodes.find((n) => n.name === 'p1')?.services.find((x) => x.name === 'webapp')?.pid;
    const before = pid(await lab.refresh());
    const { code, report } = await json('--yes', 'restart', 'p1', 'webapp');
    expect(code).toBe(0);
    expect(report.service).toMatchObject({ service: 'webapp', activeBefore: true, activeAfter: true });
    const after = pid(await lab.refresh());
    expect(after).not.toBe(before);
    expect(after).not.toBeNull();
    expect(audit().at(-1)).toMatchObject({ action: 'restart', result: 'ok', target: { node: 'p1', service: 'webapp' } });
  });

  it('weight --persist writes haproxy.cfg, keeps a backup, and survives `restart head haproxy`', async () => {
    const config = readFileSync(path.join(lab.dir, 'head', 'haproxy.cfg'), 'utf8');
    const { code, report } = await json('weight', 'p2', '4', '--persist');
    expect(code, JSON.stringify(report)).toBe(0);
    expect(report.persist).toMatchObject({ ok: true, checked: true, reloaded: true });
    const edited = readFileSync(path.join(lab.dir, 'head', 'haproxy.cfg'), 'utf8');
    expect(edited).toMatch(/server p2 \S+ check inter 1s fall 2 rise 2 weight 4\n/);
    expect(readFileSync(report.persist?.backup ?? '', 'utf8')).toBe(config);
    await eventually('p2 weight 4 after the persist reload', async () => (await direct())['p2']?.weight === 4);

    const reload = await picon('--yes', 'restart', 'head', 'haproxy');
    expect(reload.code, reload.stderr).toBe(0);
    await eventually('every server UP after the reload', async () => (await statuses()).every((s) => s === 'UP'));
    expect((await direct())['p2']?.weight).toBe(4);
  });

  it('restart on a frozen node: exit 1 after the 8 s handshake timeout, saying so (not "connection lost")', async () => {
    await lab.lab(['freeze', 'p3']);
    try {
      const r = await picon('--yes', 'restart', 'p3', 'nginx');
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).toMatch(/p3 \(.*\): SSH handshake timed out/);
      expect(r.stdout + r.stderr).not.toContain('Connection lost');
    } finally {
      await lab.lab(['start', 'p3']);
    }
  });
});

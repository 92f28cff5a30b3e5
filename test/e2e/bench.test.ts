import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/core/loadtest/run-record.js';
import { abProcesses } from '../support/proc-scan.js';
import { eventually, haproxyAdmin, PICON_BIN, run, startLab, type LabHandle, type RunResult } from './support/lab.js';

/** `picon bench` against a real lab on 127.0.7.x: history, HAProxy's shares, reweighting, cancel. */

const SUBNET = '127.0.7';
let lab: LabHandle;
let dataDir: string;

beforeAll(async () => {
  lab = await startLab({ subnet: SUBNET });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'picon-bench-data-'));
});
afterAll(async () => {
  await lab?.stop();
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

const env = (): NodeJS.ProcessEnv => ({ ...lab.env, PICON_DATA_DIR: dataDir });
const picon = (args: readonly string[], timeoutMs = 60_000): Promise<RunResult> =>
  run(process.execPath, [PICON_BIN, '--profile', 'lab', ...args], { env: env(), timeoutMs });
const historyLines = (): string[] => {
  const file = path.join(dataDir, 'bench-history.jsonl');
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l !== '') : [];
};

async function bench(args: readonly string[]): Promise<RunRecord> {
  const r = await picon(['bench', ...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as RunRecord;
}

const share = (record: RunRecord, server: string): number => record.shares?.servers.find((s) => s.server === server)?.share ?? -1;

describe('picon bench on the lab', () => {
  let first: RunRecord;

  it('runs a preset, saves one history line, and HAProxy\'s shares add up to the completed count', async () => {
    first = await bench(['home', '-n', '4000', '-c', '20']);
    expect(first.result).toMatchObject({ engine: 'builtin', completed: 4000, failed: 0, non2xx: 0, preset: 'home' });
    const lines = historyLines();
    expect(lines).toHaveLength(1);
    // The history line is the record; the printed --json adds schemaVersion.
    expect({ schemaVersion: 1, ...JSON.parse(lines[0] as string) }).toEqual(first);
    const shares = first.shares;
    if (shares === undefined) throw new Error(`no shares: ${first.sharesReason}`);
    expect(Math.abs(shares.total - first.result.completed) / first.result.completed).toBeLessThanOrEqual(0.01);
    expect(shares.servers.map((s) => s.server).sort()).toEqual(['web/p1', 'web/p2', 'web/p3', 'web/pi3']);
    for (const s of shares.servers) expect(s.share).toBeCloseTo(0.25, 1);
    expect(first.cluster?.haproxyVersion).toMatch(/^2\.6\./);
    expect(first.cluster?.servers.map((s) => s.weight)).toEqual([1, 1, 1, 1]);
    expect(first.throttled).toBe(false);
  });

  it('gives pi3 a bigger share after `weight pi3 3` (this run on 2 engine threads)', async () => {
    const weighted = await picon(['weight', 'pi3', '3']);
    expect(weighted.code).toBe(0);
    const after = await bench(['home', '-n', '4000', '-c', '20', '--threads', '2']);
    expect(after.plan.threads).toBe(2);
    expect(after.result).toMatchObject({ threads: 2, completed: 4000, failed: 0 });
    expect(after.cluster?.servers.find((s) => s.server === 'web/pi3')?.weight).toBe(3);
    expect(share(after, 'web/pi3')).toBeGreaterThan(share(first, 'web/pi3') + 0.15);
    expect(share(after, 'web/pi3')).toBeCloseTo(0.5, 1);
    expect(historyLines()).toHaveLength(2);
  });

  it('lists the runs and compares them side by side', async () => {
    const history = await picon(['bench', 'history']);
    expect(history.code).toBe(0);
    expect(history.stdout.trim().split('\n')).toHaveLength(2);
    const md = await picon(['bench', 'compare', 'last~1', 'last', '--format', 'md']);
    expect(md.code).toBe(0);
    expect(md.stdout.split('\n')[0]).toMatch(/^\| Metric \| Cluster \[\S+\] \| Cluster \[\S+\] \|$/);
    expect(md.stdout).toContain('| Failed Requests | 0 | 0 |');
  });

  it('runs ab on the head over SSH and reads its report', async () => {
    const record = await bench(['home', '--engine', 'ab', '-n', '2000', '-c', '10']);
    expect(record.result).toMatchObject({ engine: 'ab', completed: 2000, failed: 0 });
    expect(record.plan.from).toBe('head');
    expect(Math.abs((record.shares?.total ?? 0) - 2000) / 2000).toBeLessThanOrEqual(0.01);
  });

  it('Ctrl-C stops a remote ab and saves nothing', async () => {
    const before = historyLines().length;
    const child = spawn(process.execPath, [PICON_BIN, '--profile', 'lab', 'bench', 'home', '--engine', 'ab', '-d', '60', '-c', '2'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await eventually('ab to start on the head', () => abProcesses(`${SUBNET}.1:8080`).length === 1);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toBe('picon: home: stopped by SIGINT; ab on head was ended; nothing saved\n');
    await eventually('ab to end', () => abProcesses(`${SUBNET}.1:8080`).length === 0, 2_000);
    expect(historyLines()).toHaveLength(before);
  });

  it('fails with one line when the target refuses, and refuses runs over the caps', async () => {
    const refused = await picon(['bench', '--url', `http://${SUBNET}.1:1/`, '-n', '100', '-c', '2']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`picon: url: ${SUBNET}.1:1 did not answer: connect ECONNREFUSED ${SUBNET}.1:1\n`);
    const big = await picon(['bench', 'home', '-n', '500000']);
    expect(big.code).toBe(2);
    expect(big.stderr).toBe('picon: -n: 500000 is not allowed; give a whole number of requests from 1 to 200000\n');
    const unknown = await picon(['bench', 'homepage']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('picon: no preset named "homepage" (presets: home, work, home-tls, mix, p1-nginx, pi3-app)\n');
  });

  it('with p2\'s app killed, the run says how many answers were 5xx and that they came from web/p2', async () => {
    // nginx on p2 would answer HAProxy's health check (GET /) from its cache only until the cached
    // page expires; with p2's checks off, HAProxy keeps sending p2 its share of /api/work, which
    // nginx cannot pass on: 502s, however long the run takes.
    await haproxyAdmin(lab.status, 'disable health web/p2');
    await lab.lab(['kill', 'p2', 'webapp']);
    try {
      const r = await picon(['bench', 'work', '-n', '400', '-c', '4']);
      expect(r.code, r.stderr).toBe(0);
      const non2xx = Number(/non-2xx (\d+)/.exec(r.stdout)?.[1]);
      expect(non2xx).toBeGreaterThan(0);
      // One line while the shares fit 100 columns, else a table (name, share, requests, 5xx).
      expect(r.stdout).toMatch(new RegExp(`web/p2 +\\d+\\.\\d % +(\\(\\d+, ${non2xx} 5xx\\)|\\d+ ${non2xx} 5xx(?= |$))`, 'm'));
      expect(r.stdout).toContain(`⚠ ${non2xx} of 400 responses were not 2xx`);
      expect(r.stdout).toContain(`5xx from web/p2 ${non2xx} — the req/s above counts them`);
      const saved = JSON.parse(historyLines().at(-1) ?? '{}') as RunRecord;
      expect(saved.shares?.servers.find((x) => x.server === 'web/p2')?.http5xx).toBe(non2xx);
      expect(saved.shares?.servers.find((x) => x.server === 'web/p1')?.http5xx).toBe(0);
    } finally {
      await lab.lab(['start', 'p2', 'webapp']);
      await haproxyAdmin(lab.status, 'enable health web/p2');
    }
  });
});

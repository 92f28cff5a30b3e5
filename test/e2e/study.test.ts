import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudyEntry } from '../../src/core/study/study-entry.js';
import type { StudyResult } from '../../src/core/study/study-result.js';
import { httpGet, PICON_BIN, REPO_ROOT, run, startLab, type LabHandle, type RunResult } from './support/lab.js';

/**
 * `picon study` on the lab (127.0.62.x): a tiny study (2 rounds × 1 s cells, three targets, the
 * work endpoint) — its columns, "Cluster (No Nginx)" really through HAProxy's apps backend, one
 * history entry holding its runs; bad flags; a stop mid-way keeps the completed rounds, marked partial.
 */

const SUBNET = '127.0.62';
let lab: LabHandle;
let dataDir: string;
const history = (): string => path.join(dataDir, 'bench-history.jsonl');
const lines = (): string[] => (existsSync(history()) ? readFileSync(history(), 'utf8').split('\n').filter((l) => l !== '') : []);

beforeAll(async () => {
  lab = await startLab({ subnet: SUBNET });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'picon-study-'));
});
afterAll(async () => {
  await lab?.stop();
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

const env = (): NodeJS.ProcessEnv => ({ ...lab.env, PICON_DATA_DIR: dataDir });
/** Whether a --json output fits the JSON Schema published in schema/ (ajv, not the zod schema picon checks itself with). */
function fitsSchema(name: string, value: unknown): string {
  const validate = new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(readFileSync(path.join(REPO_ROOT, 'schema', `${name}.schema.json`), 'utf8')) as object);
  return validate(value) ? 'fits' : JSON.stringify(validate.errors);
}
const picon = (args: readonly string[]): Promise<RunResult> => run(process.execPath, [PICON_BIN, '--profile', 'lab', ...args], { env: env(), timeoutMs: 90_000 });

describe('picon study on the lab', () => {
  let study: StudyResult;

  it('runs the matrix in rounds and prints it as data with the seed\'s headings', async () => {
    const r = await picon(['study', '--rounds', '2', '--seconds', '1', '--rest', '0', '-c', '4', '--only', 'cluster,cluster-app,nginx:p1', '--endpoints', 'work', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    study = JSON.parse(r.stdout) as StudyResult;
    expect(fitsSchema('study', study)).toBe('fits');
    expect(study.columns.map((c) => c.heading)).toEqual(['Cluster', 'Cluster (No Nginx)', 'Single Pi Zero']);
    expect([study.partial, study.roundsCompleted, study.cells.length]).toEqual([false, 2, 3]);
    for (const cell of study.cells) {
      expect(cell.runs.map((x) => x.round)).toEqual([1, 2]);
      expect(cell.requestsPerSecond).toBeGreaterThan(0);
    }
    expect(study.cluster.models).toEqual([{ node: 'p1', model: 'Pi Zero' }, { node: 'p2', model: 'Pi Zero' }, { node: 'p3', model: 'Pi Zero' }, { node: 'pi3', model: 'Pi 3' }]);
    expect(study.cluster.haproxyVersion).toMatch(/^\d+\.\d+/);
    expect(study.scaling).toEqual([{ endpoint: 'work', comparable: false, reason: 'no single-node column via nginx for Pi 3' }]);
  }, 90_000);

  it('sent "Cluster (No Nginx)" through the apps backend, never nginx: HAProxy counted it on apps/* only', async () => {
    const byColumn = (id: string) => study.cells.find((c) => c.column === id);
    const apps = byColumn('cluster-app')?.shares ?? [];
    expect(apps.map((s) => s.server).sort()).toEqual(['apps/p1', 'apps/p2', 'apps/p3', 'apps/pi3']);
    expect(apps.reduce((n, s) => n + s.requests, 0)).toBeGreaterThan(0);
    expect((byColumn('cluster')?.shares ?? []).every((s) => s.server.startsWith('web/'))).toBe(true);
    // And the paths themselves: nginx marks its answers with X-Cache-Status, the app alone does not.
    const direct = await httpGet(`http://${SUBNET}.1:8081/`);
    const cached = await httpGet(`http://${SUBNET}.1:8080/`);
    expect([direct.status, direct.headers['x-cache-status'], typeof direct.headers['x-node']]).toEqual([200, undefined, 'string']);
    expect(cached.headers['x-cache-status']).toMatch(/HIT|MISS|EXPIRED|UPDATING/);
  });

  it('saved one history entry holding its runs; bench history lists it; study show prints its tables', async () => {
    expect(lines()).toHaveLength(1);
    const entry = JSON.parse(lines()[0] as string) as StudyEntry;
    expect([entry.kind, entry.id, entry.runs.length]).toEqual(['study', study.id, 6]);
    expect(entry.runs.map((x) => x.id).sort()).toEqual(study.cells.flatMap((c) => c.runs.map((x) => x.runId)).sort());
    const listed = await picon(['bench', 'history']);
    expect(listed.stdout).toMatch(new RegExp(`^${study.id} .* study +3 targets × 1 endpoints .* 2 rounds × 1 s +6 runs`, 'm'));
    const shown = await picon(['study', 'show', '--format', 'markdown']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('| Metric | Cluster | Cluster (No Nginx) | Single Pi Zero |');
    expect(shown.stdout).toMatch(/\| Requests Per Second \(mean\) \| [\d.]+ \| [\d.]+ \| [\d.]+ \|/);
  });

  it('--dry-run --json: the matrix as data, nothing run or saved', async () => {
    const r = await picon(['study', '--dry-run', '--json']);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as { cells: { heading: string; url: string }[] };
    expect(fitsSchema('study-plan', plan)).toBe('fits');
    expect(plan.cells).toHaveLength(14);
    expect(plan.cells[1]).toEqual({ column: 'cluster-app', heading: 'Cluster (No Nginx)', endpoint: 'cached', url: `http://${SUBNET}.1:8081/` });
    expect(lines()).toHaveLength(1);
  });

  it.each([
    [['study', '--rounds', '0'], /^picon: --rounds/],
    [['study', '--only', 'pi9'], /^picon: no --only target "pi9"/],
    [['study', '--format', 'xml'], /^picon: --format/],
    [['study', '--engine', 'ab'], /^picon: Cluster \(TLS\): ab does not check the certificate/],
    [['bench', 'home', '--node', 'p1'], /^picon: --node p1: preset "home" targets the frontend/],
  ])('refuses %j in one line, exit 2, nothing saved', async (args, line) => {
    const r = await picon(args);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(line);
    expect(lines()).toHaveLength(1);
  });

  it('SIGTERM before the first round is complete: exit 143, nothing saved', async () => {
    const child = spawn(process.execPath, [PICON_BIN, '--profile', 'lab', 'study', '--rounds', '2', '--seconds', '5', '-c', '2', '--only', 'cluster,cluster-app', '--endpoints', 'cached'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect([code, stderr]).toEqual([143, 'picon: study stopped by SIGTERM before its first round was complete; nothing saved\n']);
    expect(lines()).toHaveLength(1);
  }, 20_000);

  it('Ctrl-C mid-study: exit 130, the completed rounds saved and marked partial', async () => {
    const child = spawn(process.execPath, [PICON_BIN, '--profile', 'lab', 'study', '--rounds', '10', '--seconds', '1', '--rest', '0', '-c', '2', '--only', 'cluster', '--endpoints', 'cached'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise((resolve) => setTimeout(resolve, 7_000));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(lines()).toHaveLength(2);
    const entry = JSON.parse(lines()[1] as string) as StudyEntry;
    expect(entry.study.partial).toBe(true);
    expect(entry.study.stoppedBy).toBe('SIGINT');
    expect(entry.study.roundsCompleted).toBeGreaterThanOrEqual(1);
    expect(entry.study.roundsCompleted).toBeLessThan(10);
    expect(entry.runs).toHaveLength(entry.study.roundsCompleted);
    expect(stderr).toContain(`Saved as study ${entry.id} (partial: ${entry.study.roundsCompleted} of 10 rounds)`);
  }, 30_000);

  it('a target that does not answer: its cell says so, the study is still saved, exit 1', async () => {
    await lab.lab(['stop', 'p1', 'webapp']);
    try {
      const r = await picon(['study', '--rounds', '1', '--seconds', '1', '--rest', '0', '-c', '2', '--only', 'app:p1,nginx:pi3', '--endpoints', 'work']);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/^✗ Single Pi Zero \(No Nginx\) round 1: .*127\.0\.62\.11:9000/m);
      expect(r.stdout).toMatch(/^Requests Per Second \(mean\) +- +[\d.]+$/m);
      expect(lines()).toHaveLength(3);
    } finally {
      await lab.lab(['start', 'p1', 'webapp']);
    }
  }, 30_000);
});

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { RunRecord } from '../../src/core/loadtest/run-record.js';
import { PICON_BIN, run, startLab, type LabHandle, type RunResult } from './support/lab.js';

/**
 * The lab on 127.0.63.x: its https frontend with the CA `lab up` made (trusted, untrusted,
 * unchecked; ab refused without --insecure), and the `mix` preset through the frontend, whose
 * POSTs are counted on disk afterwards, not only from their 201s.
 */

const SUBNET = '127.0.63';
const HTTPS = `https://${SUBNET}.1:8443/`;
let lab: LabHandle;
let dataDir: string;
let noCaProfile: string;

beforeAll(async () => {
  lab = await startLab({ subnet: SUBNET });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'picon-tls-mix-'));
  // The lab's profile without its tls.ca: a client that does not know the lab's CA.
  const data = parse(readFileSync(lab.profilePath, 'utf8')) as Record<string, unknown>;
  delete data['tls'];
  noCaProfile = path.join(dataDir, 'no-ca.yaml');
  await writeFile(noCaProfile, stringify(data));
});
afterAll(async () => {
  await lab?.stop();
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

const picon = (args: readonly string[], profile = 'lab'): Promise<RunResult> =>
  run(process.execPath, [PICON_BIN, '--profile', profile, ...args], { env: { ...lab.env, PICON_DATA_DIR: dataDir }, timeoutMs: 90_000 });

async function benchJson(args: readonly string[], profile?: string): Promise<RunRecord> {
  const r = await picon(['bench', ...args, '--json'], profile);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as RunRecord;
}

function savedRuns(): number {
  const file = path.join(dataDir, 'bench-history.jsonl');
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').length : 0;
}

/** The bodies the workers' apps wrote, counted in each worker's writes/ directory. */
function writesOnDisk(): number {
  return lab.status.nodes
    .filter((n) => n.role === 'worker')
    .map((n) => path.join(lab.dir, n.name, 'writes'))
    .reduce((sum, dir) => sum + (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.body')).length : 0), 0);
}

describe('https through the lab frontend', () => {
  it('lab up made a CA: the lab profile names it and the https preset is checked against it', async () => {
    expect(existsSync(path.join(lab.dir, 'ca.pem'))).toBe(true);
    const record = await benchJson(['home-tls', '-n', '400', '-c', '4']);
    expect(record.plan).toMatchObject({ url: HTTPS, ca: path.join(lab.dir, 'ca.pem') });
    expect(record.plan.insecure).toBeUndefined();
    expect(record.result).toMatchObject({ completed: 400, failed: 0, non2xx: 0 });
  });

  it('the same https URL with --ca FILE: ok', async () => {
    const record = await benchJson(['--url', HTTPS, '-n', '200', '-c', '4', '--ca', path.join(lab.dir, 'ca.pem')], noCaProfile);
    expect(record.result).toMatchObject({ completed: 200, failed: 0 });
  });

  it('without the lab CA: refused in one line naming the target and --ca/--insecure, exit 1, nothing saved', async () => {
    const before = savedRuns();
    const r = await picon(['bench', '--url', HTTPS, '-n', '200', '-c', '4'], noCaProfile);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`picon: url: ${HTTPS}: the server's certificate is not trusted (unable to verify the first certificate); give --ca FILE (the CA that signed it; or tls.ca in the profile) or --insecure\n`);
    const wrongCa = await picon(['bench', '--url', HTTPS, '-n', '200', '-c', '4', '--ca', '/etc/ssl/certs/ca-certificates.crt'], noCaProfile);
    expect(wrongCa.code).toBe(1);
    expect(wrongCa.stderr).toMatch(new RegExp(`^picon: url: ${HTTPS.replaceAll('.', '\\.')}: the server's certificate is not trusted \\(.*\\); check that --ca .* or give --insecure\\n$`));
    expect(savedRuns()).toBe(before);
  });

  it('--insecure: ok, and the record and the summary say the certificate was not checked', async () => {
    const record = await benchJson(['--url', HTTPS, '-n', '200', '-c', '4', '--insecure'], noCaProfile);
    expect(record.plan.insecure).toBe(true);
    expect(record.result).toMatchObject({ completed: 200, failed: 0 });
    const text = await picon(['bench', '--url', HTTPS, '-n', '100', '-c', '2', '--insecure'], noCaProfile);
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')[0]).toMatch(/, certificate not checked\)$/);
  });

  it('a missing CA file, or one that is not a certificate: one line naming the file, exit 2', async () => {
    const missing = await picon(['bench', '--url', HTTPS, '-n', '100', '--ca', '/nonexistent/ca.pem']);
    expect([missing.code, missing.stderr]).toEqual([2, 'picon: --ca /nonexistent/ca.pem does not exist\n']);
    const key = path.join(lab.dir, 'ca.key');
    const notCert = await picon(['bench', '--url', HTTPS, '-n', '100', '--ca', key]);
    expect([notCert.code, notCert.stderr]).toEqual([2, `picon: --ca ${key} is a private key, not a CA certificate\n`]);
  });

  it('ab on https: refused without --insecure (ab never checks a certificate), runs with it', async () => {
    const refused = await picon(['bench', 'home-tls', '--engine', 'ab', '-n', '100', '-c', '2']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`picon: ab does not check the certificate of ${HTTPS}; add --insecure to run it unchecked, or use the built-in engine (which checks it, with --ca FILE for a private CA)\n`);
    const record = await benchJson(['home-tls', '--engine', 'ab', '-n', '100', '-c', '2', '--insecure']);
    expect(record.result).toMatchObject({ engine: 'ab', completed: 100, failed: 0 });
  });
});

describe('a mix through the lab frontend', () => {
  it('sends the mix by weight, gives each kind its own figures, and every 201 POST is a file on disk', async () => {
    expect(writesOnDisk()).toBe(0);
    const record = await benchJson(['mix', '-n', '400', '-c', '8']);
    const kinds = record.result.kinds ?? [];
    expect(kinds.map((k) => [k.name, k.method, k.path, k.completed + k.failed])).toEqual([
      ['home', 'GET', '/', 280],
      ['work', 'GET', '/api/work', 100],
      ['write', 'POST', '/api/write', 20],
    ]);
    const write = kinds[2];
    const created = Object.entries(write?.statuses ?? {}).filter(([s]) => s.startsWith('2')).reduce((sum, [, n]) => sum + n, 0);
    expect(write?.statuses).toEqual({ 201: created });
    expect(created).toBeGreaterThan(0);
    expect(writesOnDisk()).toBe(created);
    expect(kinds.reduce((s, k) => s + k.completed, 0)).toBe(record.result.completed);
    for (const k of kinds) expect(k.latency.p95Ms).not.toBeNull();
    // The history keeps each kind's body as its size only.
    expect(record.plan.mix?.[2]).toEqual({ name: 'write', weight: 5, method: 'POST', path: '/api/write', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, bodyBytes: 27 });
    expect(JSON.stringify(record)).not.toContain('a+lab+write');
  });

  it('the text summary has a row per kind; ab refuses a mix in one line, exit 2', async () => {
    const before = writesOnDisk();
    const text = await picon(['bench', 'mix', '-n', '200', '-c', '4']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^ {2}By kind\n {4}home +140 +70\.0 % +mean .* 200×140\n {4}work +50 +25\.0 % .*\n {4}write +10 +5\.0 % .* 201×10\n/m);
    expect(writesOnDisk() - before).toBe(10);
    const ab = await picon(['bench', 'mix', '--engine', 'ab']);
    expect([ab.code, ab.stderr]).toEqual([2, 'picon: preset "mix" is a mix of requests, which ab cannot send (it repeats one request); use --engine builtin\n']);
  });

  it('the app answers 405 to a GET of /api/write and 413 to a body over 64 KiB, writing nothing', async () => {
    const before = writesOnDisk();
    const app = `http://${SUBNET}.11:9000/api/write`;
    expect((await fetch(app)).status).toBe(405);
    expect((await fetch(app, { method: 'POST', body: 'x'.repeat(64 * 1024 + 1) })).status).toBe(413);
    expect((await fetch(app, { method: 'POST', body: 'one' })).status).toBe(201);
    expect(writesOnDisk()).toBe(before + 1);
  });
});

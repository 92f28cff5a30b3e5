import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PICON_BIN, run, startLab, type LabHandle, type RunResult } from './support/lab.js';

/**
 * Credentials in a load test, on the lab (127.0.45.x): a preset with an Authorization and an
 * X-Api-Key header, and a URL with user:password. The requests carry the real values (a small
 * HTTP server on the lab's subnet records what arrived); the history, the summary, --json,
 * `bench history` and the ab dry run hold none of them.
 */

const SUBNET = '127.0.45';
const TOKEN = 'Bearer e2e-s3cret-t0ken';
const API_KEY = 'e2e-api-k3y-42';
const PASSWORD = 'e2e-pa55w0rd';
const SECRETS = [TOKEN, 'e2e-s3cret-t0ken', API_KEY, PASSWORD, Buffer.from(`alice:${PASSWORD}`).toString('base64')];

let lab: LabHandle;
let dataDir: string;
let profile: string;
let server: http.Server;
let target: string;
const seen: { authorization?: string; apiKey?: string; accept?: string }[] = [];

beforeAll(async () => {
  lab = await startLab({ subnet: SUBNET });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'picon-history-files-'));
  server = http.createServer((req, res) => {
    if (seen.length < 1000) seen.push({ authorization: req.headers.authorization, apiKey: req.headers['x-api-key'] as string | undefined, accept: req.headers.accept });
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, `${SUBNET}.200`, resolve));
  target = `http://alice:${PASSWORD}@${SUBNET}.200:${(server.address() as AddressInfo).port}/`;
  const doc = parseDocument(readFileSync(lab.profilePath, 'utf8'));
  doc.set('name', 'lab-secrets');
  doc.set('loadTests', doc.createNode([
    { name: 'secret', target: 'frontend', path: '/', concurrency: 4, requests: 200, headers: { Authorization: TOKEN, 'X-Api-Key': API_KEY, Accept: 'text/plain' } },
  ]));
  profile = path.join(lab.dir, 'lab-secrets.yaml');
  writeFileSync(profile, doc.toString());
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await lab?.stop();
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

const picon = (args: readonly string[]): Promise<RunResult> =>
  run(process.execPath, [PICON_BIN, '--profile', profile, ...args], { env: { ...lab.env, PICON_DATA_DIR: dataDir }, timeoutMs: 60_000 });

function expectNoSecret(what: string, text: string): void {
  for (const secret of SECRETS) expect(text.includes(secret), `${what} holds ${secret}:\n${text}`).toBe(false);
}

describe('credentials in load tests', () => {
  it("sends the preset's headers, and prints and saves them redacted", async () => {
    seen.length = 0;
    const r = await picon(['bench', 'secret', '--url', target]);
    expect(r.code, r.stderr).toBe(0);
    expect(seen.length).toBe(200);
    expect(seen[0]).toEqual({ authorization: TOKEN, apiKey: API_KEY, accept: 'text/plain' });
    expect(r.stdout).toContain(`secret → http://alice:<redacted>@${SUBNET}.200:`);
    expectNoSecret('bench output', r.stdout + r.stderr);
    const json = await picon(['bench', 'secret', '--url', target, '--json']);
    expect(json.code, json.stderr).toBe(0);
    const record = JSON.parse(json.stdout) as { plan: { headers: Record<string, string>; url: string }; result: { completed: number } };
    expect(record.plan.headers).toEqual({ Authorization: '<redacted>', 'X-Api-Key': '<redacted>', Accept: 'text/plain' });
    expect(record.result.completed).toBe(200);
    expectNoSecret('bench --json', json.stdout + json.stderr);
  });

  it("sends a URL's user:password as Basic credentials, and keeps the password out of the record", async () => {
    seen.length = 0;
    const r = await picon(['bench', '--url', target, '-n', '50', '-c', '2', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(seen[0]?.authorization).toBe(`Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}`);
    const record = JSON.parse(r.stdout) as { plan: { url: string }; result: { target: string } };
    expect(record.plan.url).toBe(`http://alice:<redacted>@${SUBNET}.200:${(server.address() as AddressInfo).port}/`);
    expect(record.result.target).toBe(record.plan.url);
    expectNoSecret('bench --url --json', r.stdout + r.stderr);
  });

  it('the history file, `bench history`, `compare` and the ab dry run hold no secret; the history is 0600 in a 0700 dir', async () => {
    const file = path.join(dataDir, 'bench-history.jsonl');
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n').filter((l) => l !== '')).toHaveLength(3);
    expect(text).toContain('"Authorization":"<redacted>"');
    expectNoSecret('the history file', text);
    for (const args of [['bench', 'history'], ['bench', 'history', '--json'], ['bench', 'history', '--all', '--json'], ['bench', 'compare', 'last~2', 'last', '--format', 'json']]) {
      const r = await picon(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expectNoSecret(args.join(' '), r.stdout + r.stderr);
    }
    const dry = await picon(['bench', 'secret', '--url', target, '--engine', 'ab', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    // The preset's own Authorization wins over the URL's user:password, which ab could not parse.
    expect(dry.stdout).toContain(`-H Authorization: <redacted> -H X-Api-Key: <redacted> -H Accept: text/plain http://${SUBNET}.200:`);
    expectNoSecret('the ab dry run', dry.stdout + dry.stderr);
    const shown = await picon(['profile', 'show', profile]);
    expectNoSecret('profile show', shown.stdout + shown.stderr);
    expect(((await stat(dataDir)).mode & 0o777).toString(8)).toBe('700');
    expect(((await stat(file)).mode & 0o777).toString(8)).toBe('600');
    expect((await readdir(dataDir)).sort()).toEqual(['bench-history.jsonl']);
  });

  it("ab on the head sends a URL's user:password as Basic credentials (-A), and prints none of it", async () => {
    seen.length = 0;
    const r = await picon(['bench', '--url', target, '--engine', 'ab', '--from', 'head', '-n', '40', '-c', '2']);
    expect(r.code, r.stderr).toBe(0);
    expect(seen.length).toBe(40);
    expect(seen[0]?.authorization).toBe(`Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}`);
    expectNoSecret('bench --engine ab', r.stdout + r.stderr);
    const dry = await picon(['bench', '--url', target, '--engine', 'ab', '--dry-run']);
    expect(dry.stdout).toContain(`-A alice:<redacted> http://${SUBNET}.200:`);
    expectNoSecret('the ab dry run with URL credentials', dry.stdout + dry.stderr);
  });
});

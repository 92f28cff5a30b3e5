import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PICON_BIN, REPO_ROOT, run, startLab, type LabHandle, type RunResult } from './support/lab.js';

/**
 * Every command's real `--json` output on the lab, validated by ajv against the JSON Schema
 * published in schema/ (not against the zod schemas the code checks itself with).
 */

let lab: LabHandle;
let data: string;
const ajv = new Ajv({ strict: false, allErrors: true });
const validators = new Map<string, ValidateFunction>();

beforeAll(async () => {
  lab = await startLab({ subnet: '127.0.46' });
  data = await mkdtemp(path.join(os.tmpdir(), 'picon-json-data-'));
});
afterAll(async () => {
  await lab?.stop();
  if (data !== undefined) await rm(data, { recursive: true, force: true });
});

async function schemaFor(name: string): Promise<ValidateFunction> {
  const cached = validators.get(name);
  if (cached !== undefined) return cached;
  const schema = JSON.parse(await readFile(path.join(REPO_ROOT, 'schema', `${name}.schema.json`), 'utf8')) as object;
  const validate = ajv.compile(schema);
  validators.set(name, validate);
  return validate;
}

const picon = (args: readonly string[], timeoutMs = 30_000): Promise<RunResult> =>
  run(process.execPath, [PICON_BIN, ...args], { env: { ...lab.env, PICON_DATA_DIR: data }, timeoutMs });

/** Runs `picon ARGS --json`, checks the exit code and that stdout is one JSON document valid against schema/NAME.schema.json. */
async function jsonOf(name: string, args: readonly string[], code = 0, timeoutMs?: number): Promise<Record<string, unknown> & unknown[]> {
  const r = await picon([...args, '--json'], timeoutMs);
  expect(r.code, `picon ${args.join(' ')} --json: ${r.stderr}`).toBe(code);
  const value = JSON.parse(r.stdout) as Record<string, unknown> & unknown[];
  const validate = await schemaFor(name);
  expect(validate(value) ? [] : validate.errors, `picon ${args.join(' ')} --json against schema/${name}.schema.json`).toEqual([]);
  expect(r.stderr, 'no warning that the output does not fit its own schema').not.toContain('does not fit schema/');
  return value;
}

describe('--json outputs on the lab validate against schema/', () => {
  it('status: every server has its check description', async () => {
    const status = await jsonOf('status', ['--profile', 'lab', 'status']);
    expect(status['schemaVersion']).toBe(1);
    const servers = (status['haproxy'] as { servers: { server: string; checkStatus: string; checkDescription: string }[] }).servers;
    // HAProxy marks a check in progress with "* " ("* L7OK"): seen on a loaded machine.
    expect(servers.map((s) => [s.server, s.checkStatus.replace(/^\* /, ''), s.checkDescription])).toEqual(
      ['p1', 'p2', 'p3', 'pi3'].map((s) => [s, 'L7OK', 'Layer7 check passed']),
    );
  });

  it('drain, weight --persist and restart --dry-run: the report, with the runtime-API line drain would send', async () => {
    const report = await jsonOf('action', ['--profile', 'lab', 'drain', 'p1', '--dry-run']);
    expect(report).toMatchObject({ schemaVersion: 1, action: 'drain', dryRun: true, result: 'ok' });
    expect((report['commands'] as { line: string }[]).map((c) => c.line)).toEqual([expect.stringContaining('set server web/p1 state drain')]);
    const weight = await jsonOf('action', ['--profile', 'lab', 'weight', 'p2', '50%', '--persist', '--dry-run']);
    expect(weight).toMatchObject({ action: 'weight', dryRun: true, result: 'ok' });
    const restart = await jsonOf('action', ['--profile', 'lab', 'restart', 'p3', 'nginx', '--dry-run']);
    expect(restart).toMatchObject({ action: 'restart', dryRun: true, result: 'ok' });
  });

  it('--help and COMMAND --help: the command table as data, the same one completion and the text help use', async () => {
    const help = await jsonOf('help', ['--help']);
    const names = (help['commands'] as { name: string }[]).map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['status', 'drain', 'weight', 'bench', 'lab', 'profile', 'trust', 'completion']));
    const text = await picon(['--help']);
    for (const name of names) expect(text.stdout).toContain(name);
    const drain = await jsonOf('command-help', ['drain', '--help']);
    const flags = ((drain['command'] as { flags: { name: string; value: { kind: string; min?: number; max?: number } }[] }).flags);
    expect(flags.find((f) => f.name === '--wait-timeout')?.value).toMatchObject({ kind: 'int', min: 1 });
    expect((await picon(['drain', '--help'])).stdout).toContain('--wait-timeout');
  });

  it('bench: the preset list, exit 0', async () => {
    const list = await jsonOf('bench-presets', ['--profile', 'lab', 'bench']);
    expect((list['presets'] as { name: string }[]).map((p) => p.name)).toEqual(['home', 'work', 'home-tls', 'mix', 'p1-nginx', 'pi3-app']);
  });

  it('bench PRESET --dry-run: the plan as data, for both engines', async () => {
    const plan = await jsonOf('bench-plan', ['--profile', 'lab', 'bench', 'home', '-n', '50', '--dry-run']);
    expect(plan).toMatchObject({ dryRun: true, profile: 'lab', plan: { preset: 'home', engine: 'builtin', limit: { kind: 'requests', requests: 50 } } });
    const ab = await jsonOf('bench-plan', ['--profile', 'lab', 'bench', 'home', '-n', '50', '--engine', 'ab', '--dry-run']);
    expect(ab['abCommand']).toEqual(expect.arrayContaining(['-n', '50']));
  });

  it('bench: a short run, then history and compare', async () => {
    const runRecord = await jsonOf('bench-run', ['--profile', 'lab', 'bench', 'home', '-n', '200', '-c', '4'], 0, 60_000);
    expect(runRecord).toMatchObject({ schemaVersion: 1, profile: 'lab', result: { completed: 200, failed: 0 } });
    const history = await jsonOf('bench-history', ['--profile', 'lab', 'bench', 'history']);
    expect(history.map((r) => (r as { id: string }).id)).toEqual([runRecord['id']]);
    const compared = await jsonOf('bench-compare', ['--profile', 'lab', 'bench', 'compare', 'last']);
    expect((compared['runs'] as { id: string }[]).map((r) => r.id)).toEqual([runRecord['id']]);
  }, 90_000);

  it('profile list, show, validate, use', async () => {
    const list = await jsonOf('profile-list', ['profile', 'list']);
    expect((list['profiles'] as { name: string }[]).map((p) => p.name)).toContain('lab');
    const shown = await jsonOf('profile-show', ['profile', 'show', 'lab']);
    expect(shown['name']).toBe('lab');
    const valid = await jsonOf('profile-validate', ['profile', 'validate', lab.profilePath]);
    expect(valid['files']).toEqual([expect.objectContaining({ ok: true, name: 'lab' })]);
    const bad = path.join(data, 'bad.yaml');
    await writeFile(bad, 'head: {}\n');
    const invalid = await jsonOf('profile-validate', ['profile', 'validate', bad], 2);
    expect((invalid['files'] as { ok: boolean; errors: unknown[] }[])[0]).toMatchObject({ ok: false });
    const used = await jsonOf('profile-use', ['profile', 'use', 'lab']);
    expect(used).toMatchObject({ default: 'lab', name: 'lab' });
  });

  it('trust NODE with a key already in the lab profile\'s known_hosts', async () => {
    const trusted = await jsonOf('trust', ['--profile', 'lab', 'trust', 'p2']);
    expect(trusted).toMatchObject({ node: 'p2', status: 'already-trusted', keyType: expect.any(String) });
    expect(trusted['fingerprint']).toMatch(/^SHA256:/);
  });

  it('trust NODE with an unknown key: --dry-run says where it would go, --yes adds it, a changed key is an error', async () => {
    const known = path.join(data, 'trust_known_hosts');
    await writeFile(known, '');
    const doc = parseDocument(await readFile(lab.profilePath, 'utf8'));
    doc.set('name', 'lab-trust');
    doc.set('knownHosts', known);
    const profile = path.join(data, 'lab-trust.yaml');
    await writeFile(profile, doc.toString());
    const trust = (...extra: string[]) => run(process.execPath, [PICON_BIN, '--profile', profile, 'trust', 'p3', '--json', ...extra], {
      env: { ...lab.env, PICON_DATA_DIR: data, HOME: path.join(data, 'home') }, timeoutMs: 30_000,
    });
    const validate = await schemaFor('trust');
    const dry = await trust('--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    const planned = JSON.parse(dry.stdout) as Record<string, unknown>;
    expect(validate(planned) ? [] : validate.errors).toEqual([]);
    expect(planned).toMatchObject({ status: 'dry-run', file: known, knownHostsLine: expect.stringContaining(`[${lab.node('p3').address}]:2222 `) });
    expect(dry.stderr).toContain(`fingerprint  ${planned['fingerprint'] as string}`);
    expect(await readFile(known, 'utf8')).toBe('');
    const added = await trust('--yes');
    const addedDoc = JSON.parse(added.stdout) as Record<string, unknown>;
    expect(validate(addedDoc) ? [] : validate.errors).toEqual([]);
    expect(addedDoc).toMatchObject({ status: 'added', file: known, line: 1, fingerprint: planned['fingerprint'] });
    // Another node's key under p3's name: refused as a changed key, as an error document, exit 1.
    const other = (await readFile(lab.status.knownHosts, 'utf8')).split('\n').find((l) => l.startsWith(`[${lab.node('p1').address}]:2222 `)) ?? '';
    await writeFile(known, `${other.replace(lab.node('p1').address, lab.node('p3').address)}\n`);
    const changed = await trust('--yes');
    expect(changed.code).toBe(1);
    const error = JSON.parse(changed.stdout) as { error: { code: string; culprit: string; hint: string } };
    expect((await schemaFor('error'))(error)).toBe(true);
    expect(error.error).toMatchObject({ code: 'refused', culprit: 'p3', hint: expect.stringContaining('ssh-keygen') });
  });

  it('lab up --json (what the harness started the lab with), lab status, lab is-active, lab heat and cool, lab down of no lab', async () => {
    const up = await schemaFor('lab-status');
    expect(up(lab.status) ? [] : up.errors).toEqual([]);
    const status = await jsonOf('lab-status', ['lab', 'status', '--dir', lab.dir]);
    expect(status['nodes']).toEqual(lab.status.nodes.map((n) => expect.objectContaining({ name: n.name, address: n.address })));
    expect(status).toMatchObject({ healthy: true, subnet: '127.0.46' });
    const active = await jsonOf('lab-control', ['lab', 'is-active', 'p3', 'nginx', '--dir', lab.dir]);
    expect(active).toMatchObject({ verb: 'is-active', node: 'p3', service: 'nginx', active: true });
    const heat = await jsonOf('lab-sensors', ['lab', 'heat', 'p3', '--dir', lab.dir]);
    expect(heat).toMatchObject({ verb: 'heat', node: 'p3', sensors: { throttled: '0xe000e', throttledNow: true } });
    await jsonOf('lab-sensors', ['lab', 'cool', 'p3', '--dir', lab.dir]);
    const empty = path.join(data, 'no-lab');
    const down = await jsonOf('lab-down', ['lab', 'down', '--dir', empty]);
    expect(down).toMatchObject({ found: false, stopped: 0 });
  });

  it('refusals: one error document on stdout, the same exit code as without --json', async () => {
    const cases: [readonly string[], number, string | null][] = [
      [['--profile', 'lab', 'status', '--timeout', '0'], 2, '--timeout'],
      [['--profile', 'lab', 'drain', 'p9', '--dry-run'], 2, 'p9'],
      [['--profile', 'lab', 'bench', 'nosuch', '--dry-run'], 2, null],
      [['--profile', 'lab', 'trust', 'p9'], 2, 'p9'],
      [['frobnicate'], 2, 'frobnicate'],
      [['--profile', 'nosuch-profile', 'status'], 2, null],
      [['lab', 'status', '--dir', path.join(data, 'no-lab')], 1, path.join(data, 'no-lab')],
    ];
    for (const [args, code, culprit] of cases) {
      const plain = await picon(args);
      expect(plain.code, `picon ${args.join(' ')}`).toBe(code);
      const error = await jsonOf('error', args, code);
      const body = error['error'] as { message: string; culprit: string | null };
      expect(plain.stderr, `picon ${args.join(' ')}`).toContain(body.message);
      if (culprit !== null) expect(body.culprit, `picon ${args.join(' ')}`).toBe(culprit);
    }
    // The console and the wallboard are interactive: under --json they refuse, pointing at status --json.
    for (const args of [['--profile', 'lab'], ['--profile', 'lab', 'wall']]) {
      const error = await jsonOf('error', args, 2);
      expect(error['error']).toMatchObject({ code: 'bad-input', hint: 'For one snapshot as data: picon status --json' });
    }
  }, 60_000);
});

import { spawn } from 'node:child_process';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openUserSettings } from '../../src/adapters/files/user-settings.js';
import { fillTemplate } from '../../src/core/remote/shell-quote.js';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import {
  eventually, haproxyServerStatus, httpGet, labPids, pidGone, PICON_BIN, portOpen, run, sshArgs, startLab, type LabHandle, type LabStatus,
} from './support/lab.js';

const SUBNET = '127.0.3';

function pidOf(status: LabStatus, node: string, service: string): number | null {
  return status.nodes.find((n) => n.name === node)?.services.find((s) => s.name === service)?.pid ?? null;
}

function serviceOf(status: LabStatus, node: string, service: string) {
  const found = status.nodes.find((n) => n.name === node)?.services.find((s) => s.name === service);
  if (found === undefined) throw new Error(`no ${service} on ${node}`);
  return found;
}

async function nodesAnswering(url: string, count: number): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await httpGet(url);
    expect(res.status).toBe(200);
    seen.push(String(res.headers['x-node']));
  }
  return seen;
}

describe('picon lab (default shape)', () => {
  let lab: LabHandle;
  beforeAll(async () => {
    lab = await startLab({ subnet: SUBNET });
  });
  afterAll(async () => {
    await lab?.stop();
  });

  it('reports every node and service running, with the profile registered', () => {
    const s = lab.status;
    expect(s.healthy).toBe(true);
    expect(s.frontendUrl).toBe(`http://${SUBNET}.1:8080/`);
    expect(s.nodes.map((n) => [n.name, n.address, n.model])).toEqual([
      ['head', `${SUBNET}.1`, 'lab head'],
      ['p1', `${SUBNET}.11`, 'Pi Zero'],
      ['p2', `${SUBNET}.12`, 'Pi Zero'],
      ['p3', `${SUBNET}.13`, 'Pi Zero'],
      ['pi3', `${SUBNET}.14`, 'Pi 3'],
    ]);
    expect(s.nodes.every((n) => n.sshPort === 2222 && n.services.every((x) => x.running && x.pid !== null))).toBe(true);
    expect(openUserSettings(lab.env).registeredProfiles()['lab']).toBe(lab.profilePath);
    const profile = parse(readFileSync(lab.profilePath, 'utf8')) as { head: { haproxy: { sockets: string[] } } };
    expect(profile.head.haproxy.sockets).toEqual([s.adminSocket]);
  });

  it('the frontend reaches every worker in turn, and each answers as itself', async () => {
    const seen = await nodesAnswering(lab.status.frontendUrl, 8);
    expect(new Set(seen.slice(0, 4))).toEqual(new Set(['p1', 'p2', 'p3', 'pi3']));
    expect(seen.slice(4)).toEqual(seen.slice(0, 4));
    const page = await httpGet(`http://${SUBNET}.12:8080/`);
    expect(Buffer.byteLength(page.body)).toBe(556);
    expect(page.body).toContain('<strong id="node">p2</strong>');
    const work = await httpGet(`${lab.status.frontendUrl}api/work`);
    expect(JSON.parse(work.body)).toMatchObject({ node: work.headers['x-node'] });
    expect(work.headers['cache-control']).toBe('no-store');
  });

  it('ssh with the lab key and strict host-key checking works to every node', async () => {
    for (const node of lab.status.nodes) {
      const r = await lab.ssh(node.name, 'echo "$HOME"');
      expect(r, `${node.name}: ${r.stderr}`).toMatchObject({ code: 0 });
      // The lab's own empty HOME: this machine's shell start-up files do not run on the nodes.
      expect(r.stdout.trim()).toBe(path.join(lab.status.dir, 'home'));
    }
  });

  it('stop takes a service down (pid gone, port closed, HAProxy marks it DOWN); start brings it back', async () => {
    const before = pidOf(lab.status, 'p1', 'nginx') as number;
    const stop = await lab.lab(['stop', 'p1', 'nginx']);
    expect(stop.code).toBe(0);
    expect(pidGone(before)).toBe(true);
    expect(await portOpen(`${SUBNET}.11`, 8080)).toBe(false);
    expect(serviceOf(await lab.refresh(), 'p1', 'nginx').running).toBe(false);
    expect((await lab.lab(['is-active', 'p1', 'nginx'])).code).toBe(3);
    await eventually('HAProxy to mark p1 DOWN', async () => (await haproxyServerStatus(lab.status))['p1']?.startsWith('DOWN'));
    expect(new Set(await nodesAnswering(lab.status.frontendUrl, 6))).toEqual(new Set(['p2', 'p3', 'pi3']));

    expect((await lab.lab(['start', 'p1', 'nginx'])).code).toBe(0);
    const after = await lab.refresh();
    expect(serviceOf(after, 'p1', 'nginx')).toMatchObject({ running: true });
    expect(pidOf(after, 'p1', 'nginx')).not.toBe(before);
    expect((await lab.lab(['is-active', 'p1', 'nginx'])).code).toBe(0);
    await eventually('HAProxy to mark p1 UP', async () => (await haproxyServerStatus(lab.status))['p1'] === 'UP');
  });

  it('kill SIGKILLs every service of a node (ssh refused); start restores it', async () => {
    const before = await lab.refresh();
    const pids = ['sshd', 'webapp', 'nginx'].map((s) => pidOf(before, 'p2', s) as number);
    expect((await lab.lab(['kill', 'p2'])).code).toBe(0);
    expect(pids.every(pidGone)).toBe(true);
    expect(await portOpen(`${SUBNET}.12`, 2222)).toBe(false);
    const refused = await lab.ssh('p2', 'true');
    expect(refused.code).toBe(255);
    const status = await lab.lab(['status']);
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/p2 .*sshd DOWN/);

    expect((await lab.lab(['start', 'p2'])).code).toBe(0);
    expect((await lab.ssh('p2', 'true')).code).toBe(0);
    expect((await lab.refresh()).healthy).toBe(true);
  });

  it('freeze makes new ssh connections hang and existing ones go silent; start resumes both', async () => {
    const ticker = spawn('ssh', [...sshArgs(lab.status, `${SUBNET}.13`), 'while :; do echo tick; sleep 0.1; done'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let ticks = 0;
    ticker.stdout.on('data', (d: Buffer) => (ticks += (d.toString().match(/tick/g) ?? []).length));
    try {
      await eventually('the open session to tick', () => ticks > 0);
      expect((await lab.lab(['freeze', 'p3'])).code).toBe(0);
      expect(serviceOf(await lab.refresh(), 'p3', 'sshd').frozen).toBe(true);

      const started = Date.now();
      const hung = await lab.ssh('p3', 'true', { connectTimeoutS: 2 });
      expect(hung.code).toBe(255);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
      expect(hung.stderr).toMatch(/timed out/i);
      const frozenAt = ticks;
      await new Promise((r) => setTimeout(r, 500)); // a window in which a live session would tick 5 times
      expect(ticks).toBe(frozenAt);

      expect((await lab.lab(['start', 'p3'])).code).toBe(0);
      expect((await lab.ssh('p3', 'true')).code).toBe(0);
      await eventually('the open session to tick again', () => ticks > frozenAt);
    } finally {
      ticker.kill('SIGKILL');
    }
  });

  it('restart gives a new pid; the profile restart template works over ssh; HAProxy reload keeps serving', async () => {
    const before = await lab.refresh();
    expect((await lab.lab(['restart', 'p1', 'webapp'])).code).toBe(0);
    const mid = await lab.refresh();
    expect(pidOf(mid, 'p1', 'webapp')).not.toBe(pidOf(before, 'p1', 'webapp'));
    expect(pidGone(pidOf(before, 'p1', 'webapp') as number)).toBe(true);
    expect((await httpGet(`http://${SUBNET}.11:9000/api/work`)).headers['x-node']).toBe('p1');

    const profile = parse(readFileSync(lab.profilePath, 'utf8')) as { serviceControl: { restart: string; isActive: string } };
    const restart = fillTemplate(profile.serviceControl.restart, { node: 'pi3', service: 'nginx' });
    expect((await lab.ssh('pi3', restart.text)).code).toBe(0);
    const after = await lab.refresh();
    expect(pidOf(after, 'pi3', 'nginx')).not.toBe(pidOf(mid, 'pi3', 'nginx'));
    const isActive = fillTemplate(profile.serviceControl.isActive, { node: 'pi3', service: 'webapp' });
    expect(await lab.ssh('pi3', isActive.text)).toMatchObject({ code: 0, stdout: 'active\n' });

    const failures: string[] = [];
    let requests = 0;
    let reloading = true;
    const traffic = (async () => {
      while (reloading && requests < 500) {
        requests++;
        await httpGet(lab.status.frontendUrl).then((r) => r.status !== 200 && failures.push(String(r.status)), (e: Error) => failures.push(e.message));
      }
    })();
    const reload = await lab.ssh('head', fillTemplate(profile.serviceControl.restart, { node: 'head', service: 'haproxy' }).text);
    reloading = false;
    await traffic;
    expect(reload.code, reload.stderr).toBe(0);
    expect(reload.stdout).toContain('reloaded');
    expect(requests).toBeGreaterThan(0);
    expect(failures).toEqual([]);
    expect(pidOf(await lab.refresh(), 'head', 'haproxy')).toBe(pidOf(before, 'head', 'haproxy'));
  });

  it('lab up again in the same dir is idempotent; with other options it refuses', async () => {
    const again = await lab.lab(['up', '--subnet', SUBNET]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already up');
    const other = await lab.lab(['up', '--subnet', SUBNET, '--workers', '2']);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('already in');
  });

  it('lab up in a dir whose path has a blank refuses in one line, exit 2, and creates nothing', async () => {
    const spaced = path.join(path.dirname(lab.dir), 'with space', 'lab');
    const r = await lab.picon(['lab', 'up', '--subnet', '127.0.99', '--dir', spaced]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`picon: lab dir ${JSON.stringify(spaced)} may use only letters, digits and . _ / @ + - (its paths go into sshd, nginx and HAProxy configs); choose another --dir\n`);
    expect(existsSync(path.dirname(spaced))).toBe(false);
  });

  it('rejects unknown nodes and services with the names it has', async () => {
    const r = await lab.lab(['stop', 'p9']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nodes: head, p1, p2, p3, pi3');
    const s = await lab.lab(['restart', 'p1', 'haproxy']);
    expect(s.code).toBe(2);
    expect(s.stderr).toContain('it has: sshd, webapp, nginx');
  });

  it('down stops every process, also a frozen one, and removes its files and profile', async () => {
    expect((await lab.lab(['freeze', 'pi3'])).code).toBe(0);
    const status = await lab.refresh();
    const pids = labPids(status);
    expect(pids.length).toBe(1 + 2 + 4 * 3);
    const down = await lab.lab(['down']);
    expect(down.code).toBe(0);
    expect(pids.filter((p) => !pidGone(p))).toEqual([]);
    expect(existsSync(lab.dir)).toBe(false);
    expect(openUserSettings(lab.env).registeredProfiles()['lab']).toBeUndefined();
    for (const n of status.nodes) expect(await portOpen(n.address, 2222, 300)).toBe(false);
  });
});

describe('picon lab --workers 6, half dead', () => {
  let lab: LabHandle;
  beforeAll(async () => {
    lab = await startLab({ subnet: SUBNET, workers: 6 });
  });
  afterAll(async () => {
    await lab?.stop();
  });

  it('has node1…node6 and the frontend reaches all of them', async () => {
    expect(lab.status.nodes.map((n) => n.name)).toEqual(['head', 'node1', 'node2', 'node3', 'node4', 'node5', 'node6']);
    expect(new Set(await nodesAnswering(lab.status.frontendUrl, 6)).size).toBe(6);
  });

  it('a half-dead lab shows in status and down still removes every process', async () => {
    const pids = labPids(lab.status);
    process.kill(lab.status.keeper.pid as number, 'SIGKILL');
    expect((await lab.lab(['kill', 'node3', 'webapp'])).code).toBe(0);
    const status = await lab.lab(['status', '--json']);
    expect(status.code).toBe(1);
    const parsed = JSON.parse(status.stdout) as LabStatus;
    expect(parsed.healthy).toBe(false);
    expect(parsed.keeper.running).toBe(false);
    expect(serviceOf(parsed, 'node3', 'webapp').running).toBe(false);
    // Its reader gone after the first line (`picon lab down | head -1`), down still stops everything.
    const down = await run('bash', ['-c', `set -o pipefail; "$0" "$1" lab down --dir "$2" | head -1`, process.execPath, PICON_BIN, lab.dir], { env: lab.env });
    expect(down.code).toBe(0);
    expect(down.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(down.stderr).not.toMatch(/EPIPE|internal error|at .*\.js/);
    expect(pids.filter((p) => !pidGone(p))).toEqual([]);
  });
});

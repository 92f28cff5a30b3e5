import { chmod, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { openConnections } from '../../src/cli/open-connections.js';
import { createSocketChannel } from '../../src/adapters/haproxy/socket-channel.js';
import type { ActionReport } from '../../src/core/actions/action-report.js';
import { lockFilesFor } from '../../src/core/actions/head-lock.js';
import type { StatusReport } from '../../src/core/status/status-report.js';
import { startOperatorSshd, type OperatorSshd } from './support/operator-sshd.js';
import { allServersUp, eventually, haproxyServerStatus, profileAt, startLab, type LabHandle } from './support/lab.js';

/**
 * The head as on a real Pi: picon logs in as an ordinary user, and HAProxy's admin socket belongs
 * to root (the lab's socket is mode 600 in a directory only its owner may enter: root's when root
 * runs the tests, else that of the user whose passwordless sudo the helper uses). A second OpenSSH sshd on the
 * head of the lab on 127.0.31 lets in `picon-op`, who may run socat as root with `sudo -n`, and
 * `picon-nosudo`, who may not; the accounts and the sudoers rule exist only in its mount namespace.
 * Stream-local forwarding and plain socat are refused by the kernel (permission), so the runtime
 * API must go through `sudo -n socat`; without the sudo rule picon must say why in one line.
 */

const PORT = 2203;
let lab: LabHandle;
let sshd: OperatorSshd;
let withSudo: string;
let withoutSudo: string;

beforeAll(async () => {
  lab = await startLab({ subnet: '127.0.31' });
  sshd = await startOperatorSshd({
    lab: lab.status,
    node: 'head',
    port: PORT,
    users: [
      // socat for the runtime API; sh (the atomic write script) and the lab's own restart for weight --persist.
      { name: 'picon-op', sudo: ['/usr/bin/socat', '/usr/bin/sh', process.execPath] },
      { name: 'picon-nosudo', sudo: [] },
    ],
  });
  withSudo = await sshd.writeProfile('picon-op');
  withoutSudo = await sshd.writeProfile('picon-nosudo');
  await allServersUp(lab.status);
});

afterAll(async () => {
  await sshd?.stop();
  // picon-op cannot write the socket's directory: its head lock (and holder records) went to /run/lock.
  if (lab !== undefined) {
    const fallback = lockFilesFor(lab.status.adminSocket).fallback;
    const names = await readdir(path.dirname(fallback)).catch(() => [] as string[]);
    for (const n of names.filter((n) => n.startsWith(path.basename(fallback)))) await rm(path.join(path.dirname(fallback), n), { force: true });
  }
  await lab?.stop();
});

const picon = (profile: string, ...args: string[]) => lab.picon(['--profile', profile, ...args], { timeoutMs: 30_000 });

describe('an operator account on the head, HAProxy socket owned by root', () => {
  it('forwarding and plain socat are refused for permission; sudo -n socat gets through, and is kept', async () => {
    const profile = await profileAt(withSudo);
    const connections = await openConnections(profile, { env: process.env, reconnect: false });
    try {
      const transport = connections.get('head');
      const whoami = await transport.exec({ text: 'id -un' });
      expect(whoami).toMatchObject({ ok: true, value: { stdout: 'picon-op\n' } });
      const forwarded = await transport.openUnixSocket(lab.status.adminSocket, { timeoutMs: 5000 });
      expect(forwarded).toMatchObject({ ok: false, error: { kind: 'channel' } });

      const channel = createSocketChannel(transport, lab.status.adminSocket);
      const info = await channel.send('show info', 5000);
      if (!info.ok) throw new Error(info.error.message);
      expect(info.value).toMatch(/^Version: 2\.\d/m);
      expect(channel.mode()).toBe('sudo-socat');
      const stat = await channel.send('show stat', 5000);
      expect(stat).toMatchObject({ ok: true });
      expect(channel.mode()).toBe('sudo-socat');
    } finally {
      connections.closeAll();
    }
  });

  it('`picon status` and drain/ready of p3 work as picon-op', async () => {
    const status = await picon(withSudo, 'status', '--json');
    expect(status.code, status.stdout + status.stderr).toBe(0);
    const report = JSON.parse(status.stdout) as StatusReport;
    expect(report.haproxy).toMatchObject({ reachable: true, error: null });
    expect(report.haproxy.servers.map((s) => [s.server, s.status])).toEqual([['p1', 'UP'], ['p2', 'UP'], ['p3', 'UP'], ['pi3', 'UP']]);
    // The lab's check cannot read root's pid files as picon-op: not known, never "stopped".
    const haproxy = report.nodes.find((n) => n.name === 'head')?.services[0];
    expect(haproxy).toMatchObject({ name: 'haproxy', running: null });
    expect(haproxy?.detail).toMatch(/the check of haproxy could not run \(exit 126: cannot read .*head\.haproxy\)/);

    const drained = await picon(withSudo, 'drain', 'p3', '--yes');
    expect(drained.code, drained.stderr).toBe(0);
    expect((await haproxyServerStatus(lab.status)).p3).toBe('DRAIN');
    expect((await picon(withSudo, 'ready', 'p3')).code).toBe(0);
    expect((await haproxyServerStatus(lab.status)).p3).toBe('UP');
  });

  it('what sudo -n says to a user without a rule (the service check reads it as "could not run")', async () => {
    const connections = await openConnections(await profileAt(withoutSudo), { env: process.env, reconnect: false });
    try {
      const r = await connections.get('head').exec({ text: 'sudo -n systemctl is-active haproxy' });
      expect(r).toMatchObject({ ok: true, value: { code: 1, stdout: '', stderr: 'sudo: a password is required\n' } });
    } finally {
      connections.closeAll();
    }
  });

  it('without a sudo rule: status says in one line that the socket needs root and sudo -n refused', async () => {
    const status = await picon(withoutSudo, 'status');
    expect(status.code).toBe(1);
    const line = status.stdout.split('\n').find((l) => l.includes('needs root')) ?? '';
    // The lab profile names the master CLI too, which picon asks first.
    expect([lab.status.adminSocket, lab.status.masterSocket].some((socket) => line.includes(`head: ${socket}:`))).toBe(true);
    expect(line).toMatch(/the socket needs root and sudo -n refused: .*password is required/);
    // The nodes themselves are fine: only HAProxy is out of reach.
    expect(status.stdout).toMatch(/^head\s+head\s.*\sup\s/m);
    expect(status.stdout).not.toMatch(/STOPPED/);

    const drain = await picon(withoutSudo, 'drain', 'p3', '--yes');
    expect(drain.code).toBe(1);
    expect(drain.stderr + drain.stdout).toContain('sudo -n refused');
    expect((await haproxyServerStatus(lab.status)).p3).toBe('UP');
  });

  it('weight --persist as picon-op: the atomic write and the reload each through sudo -n; the file keeps its owner and mode', async () => {
    // As /etc/haproxy on a Pi: anyone may read haproxy.cfg, only root may change it. The admin
    // socket stays mode 600, so the runtime API still needs sudo.
    for (let d = lab.dir; d !== os.tmpdir() && d !== path.dirname(d); d = path.dirname(d)) await chmod(d, 0o755);
    await chmod(path.join(lab.dir, 'head'), 0o755);
    const config = path.join(lab.dir, 'head', 'haproxy.cfg');
    await chmod(config, 0o644);
    const before = await readFile(config, 'utf8');
    // The head's reload through sudo too, as the default `sudo -n systemctl restart {service}`
    // would; as the lab's owner, whose processes they are (root when root runs the tests).
    const data = parse(await readFile(withSudo, 'utf8')) as { serviceControl: { restart: string }; head: Record<string, unknown> };
    data.head.serviceControl = { restart: `sudo -n -u ${os.userInfo().username} ${data.serviceControl.restart}` };
    const persisting = withSudo.replace(/\.yaml$/, '-persist.yaml');
    await writeFile(persisting, stringify(data), { mode: 0o600 });

    const dry = await picon(persisting, '--dry-run', 'weight', 'p1', '3', '--persist');
    expect(dry.code, dry.stderr).toBe(0);
    for (const step of [/^\s*head\$ sudo -n sh -c 'set -u$/m, /' picon-write '[^']*haproxy\.cfg' '[^']*haproxy\.cfg' '1' '[^']*haproxy\.cfg\.picon-\d{8}T\d{6}\.\d{3}Z\.bak' '5'   # stdin: /m, /^\s*head\$ sudo -n .* lab restart /m]) {
      expect(dry.stdout).toMatch(step);
    }
    expect(await readFile(config, 'utf8')).toBe(before);

    const r = await picon(persisting, '--json', 'weight', 'p1', '3', '--persist');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as ActionReport;
    expect(report.persist).toMatchObject({ ok: true, checked: true, reloaded: true });
    expect(await readFile(config, 'utf8')).toMatch(/server p1 \S+ check inter 1s fall 2 rise 2 weight 3\n/);
    expect(await readFile(report.persist?.backup ?? '', 'utf8')).toBe(before);
    // A new file renamed over the old one, given its owner and mode (root's, or the lab owner's);
    // the backup is the old file itself.
    const ownerUid = (await stat(path.dirname(config))).uid;
    expect((await stat(config)).uid).toBe(ownerUid);
    expect((await stat(config)).mode & 0o777).toBe(0o644);
    expect((await stat(report.persist?.backup ?? '')).uid).toBe(ownerUid);
    expect((await readdir(path.dirname(config))).filter((n) => n.includes('.picon-') && n.endsWith('.tmp'))).toEqual([]);
    await eventually('p1 weight 3 after the reload', async () => {
      const r2 = await picon(withSudo, 'status', '--json');
      return (JSON.parse(r2.stdout) as StatusReport).haproxy.servers.find((x) => x.server === 'p1')?.weight === 3;
    });
  });
});

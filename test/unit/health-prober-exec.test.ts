import { afterEach, describe, expect, it } from 'vitest';
import { createNodeProber, type NodeProber, type ProbeTarget } from '../../src/adapters/health/node-prober.js';
import { fail, type ExecResult, type NodeTransport } from '../../src/core/ports/node-transport.js';
import { parseDfPosix } from '../../src/core/health/df.js';
import type { NodeHealth } from '../../src/core/health/node-health.js';
import { fixture, PROC_ZERO, SYSFS_ZERO } from './health-fixtures.js';
import { batchOutput, FakeNode } from './health-fake-node.js';

/** The prober on a node whose sshd refuses the SFTP subsystem: one exec per poll instead. */

const zero: ProbeTarget = { name: 'zero1', services: [], serviceControl: { isActive: 'systemctl is-active {service}' } };
const REFUSED = 'zero1: SFTP refused: Unable to start subsystem: sftp';

const PI_ZERO = { ...PROC_ZERO, ...SYSFS_ZERO };

/** A shell for the fake node: runs the batch's `tail -n +1 FILE…` and `df` against its files. */
function shell(node: FakeNode): (command: string) => ExecResult {
  return (command) => {
    const parts = [...command.matchAll(/\( (.*?) \) <\/dev\/null 2>&1/g)].map((m) => m[1] ?? '');
    return batchOutput(parts.map((part): readonly [string, number] => {
      if (part.startsWith("'tail' '-n' '+1' ")) {
        const paths = [...part.matchAll(/'(\/[^']*)'/g)].map((m) => m[1] ?? '');
        let out = '';
        let code = 0;
        for (const path of paths) {
          const content = node.files.get(path);
          if (content === undefined || typeof content === 'object') {
            code = 1;
            continue;
          }
          out += `${out === '' ? '' : '\n'}==> ${path} <==\n${typeof content === 'function' ? content() : content}`;
        }
        return [out, code];
      }
      if (part === "'env' 'LC_ALL=C' 'df' '-Pk' '/'") return [fixture('host/df-root'), 0];
      return [`sh: unexpected ${part}`, 127];
    }));
  };
}

let time = 1_700_000_000_000;
const clock = (): number => time;
const probers: NodeProber[] = [];
afterEach(() => {
  probers.splice(0).forEach((p) => p.stop());
});

/** A Pi Zero whose SFTP is refused while `refused.now` is true; counts SFTP attempts. */
function noSftpNode(): { node: FakeNode; transport: NodeTransport; refused: { now: boolean }; sftpAttempts: () => number } {
  const node = new FakeNode('zero1').serve(PI_ZERO);
  node.execHandler = shell(node);
  const refused = { now: true };
  let attempts = 0;
  const transport: NodeTransport = {
    ...node.transport,
    files: async () => {
      attempts += 1;
      return refused.now ? fail('channel', REFUSED) : node.transport.files();
    },
  };
  return { node, transport, refused, sftpAttempts: () => attempts };
}

function prober(transport: NodeTransport, extra: { sftpRetryMs?: number } = {}): NodeProber {
  const p = createNodeProber({ node: zero, transport, clock, slowIntervalMs: 15_000, ...extra });
  probers.push(p);
  return p;
}

async function twoPolls(p: NodeProber, node: FakeNode): Promise<NodeHealth> {
  await p.poll();
  time += 1000;
  node.serve({ '/proc/stat': 'pi/zero-stat.2', '/proc/net/dev': 'pi/zero-net-dev.2' });
  return p.poll();
}

describe('node prober where the SFTP subsystem is refused', () => {
  it('reads every metric with one exec per poll and says it is in exec mode', async () => {
    const { node, transport } = noSftpNode();
    const p = prober(transport);
    const h = await twoPolls(p, node);
    expect(h.cpu).toMatchObject({ state: 'ok', value: { busyPercent: 80 } });
    expect(h.load).toMatchObject({ state: 'ok', value: { load1: 1.21 } });
    expect(h.memory).toMatchObject({ state: 'ok', value: { usedBytes: (443208 - 339120) * 1024 } });
    expect(h.disk).toMatchObject({ state: 'ok', value: { totalBytes: 264212084 * 1024 } });
    expect(h.network.state).toBe('ok');
    expect(h.uptimeSeconds).toMatchObject({ state: 'ok', value: 151210.42 });
    expect(h.temperature).toMatchObject({ state: 'ok', value: { celsius: 48.312, source: 'thermal-zone' } });
    expect(h.armClockMax).toMatchObject({ state: 'ok', value: { hz: 1_000_000_000 } });
    expect(h.throttling).toMatchObject({ state: 'ok', value: { source: 'sysfs', now: { underVoltage: true } } });
    expect(h.board).toMatchObject({ state: 'ok', value: 'Raspberry Pi Zero W Rev 1.1' });
    expect(p.stats()).toMatchObject({ polls: 2, execs: 2, mode: 'exec', sftpRequests: 0 });
    expect(node.commands).toHaveLength(2);
    // The board and the max clock are read once; the steady-state poll reads only what changes.
    expect(node.commands[1]).not.toContain('device-tree');
    expect(node.commands[1]).not.toContain('cpuinfo_max_freq');
  });

  it('gives the same values as a prober reading the same files over SFTP', async () => {
    const viaExec = noSftpNode();
    const viaSftp = new FakeNode('zero1').serve(PI_ZERO);
    const df = parseDfPosix(fixture('host/df-root'));
    viaSftp.statvfsInfo = df.ok ? df.value : undefined;
    const [a, b] = [await twoPolls(prober(viaExec.transport), viaExec.node), await twoPolls(prober(viaSftp.transport), viaSftp)];
    const values = (h: NodeHealth) => [h.cpu, h.load, h.memory, h.disk, h.network, h.uptimeSeconds, h.temperature, h.board]
      .map((m) => (m.state === 'ok' ? m.value : m));
    expect(values(a)).toEqual(values(b));
  });

  it('a file the node lacks is unknown, and is not asked for again', async () => {
    const { node, transport } = noSftpNode();
    node.files.delete('/sys/class/thermal/thermal_zone0/temp');
    const p = prober(transport);
    const h = await p.poll();
    expect(h.temperature).toMatchObject({ state: 'unknown' });
    await p.poll();
    expect(node.commands[1]).not.toContain('thermal_zone0');
  });

  it('tries SFTP again only every sftpRetryMs, and goes back to it once it is offered', async () => {
    const { node, transport, refused, sftpAttempts } = noSftpNode();
    const p = prober(transport, { sftpRetryMs: 60_000 });
    for (let i = 0; i < 60; i++) {
      await p.poll();
      time += 1000;
    }
    expect(sftpAttempts()).toBe(1);
    expect(node.commands).toHaveLength(60);
    refused.now = false;
    await p.poll();
    expect(sftpAttempts()).toBe(2);
    expect(p.stats()).toMatchObject({ mode: 'sftp', execs: 60 });
    expect(node.takeLog()).toContain('open /proc/stat');
  });

  it('the exec failing: the metrics go stale with its reason', async () => {
    const { node, transport } = noSftpNode();
    const p = prober(transport);
    await twoPolls(p, node);
    node.execHandler = () => fail('timeout', 'zero1: command timed out after 5000 ms');
    time += 1000;
    const h = await p.poll();
    expect(h.load).toMatchObject({ state: 'stale', reason: 'zero1: command timed out after 5000 ms' });
    expect(h.disk).toMatchObject({ state: 'stale', reason: 'zero1: command timed out after 5000 ms' });
  });

  it('a lost connection is not a refusal: no exec, every read fails with the reason', async () => {
    const node = new FakeNode('zero1').serve(PI_ZERO);
    node.sftpError = 'zero1: connection lost (keepalive)';
    const p = prober(node.transport);
    const h = await p.poll();
    expect(h.load).toMatchObject({ state: 'unknown', reason: 'zero1: connection lost (keepalive)' });
    expect(node.commands).toEqual([]);
    expect(p.stats().mode).toBe('sftp');
  });
});

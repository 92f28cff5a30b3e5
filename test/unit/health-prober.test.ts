import { afterEach, describe, expect, it, vi } from 'vitest';
import { createNodeProber, type NodeProber, type ProbeTarget } from '../../src/adapters/health/node-prober.js';
import { bufferSize } from '../../src/adapters/health/sftp-files.js';
import { fixture, PROC_ZERO, SYSFS_ZERO } from './health-fixtures.js';
import { batchOutput, FakeNode } from './health-fake-node.js';

const zero: ProbeTarget = { name: 'zero1', services: ['nginx', 'app'], serviceControl: { isActive: 'systemctl is-active {service}' } };

let time = 1_700_000_000_000;
const clock = (): number => time;
const probers: NodeProber[] = [];
function prober(node: FakeNode, target = zero, extra: { intervalMs?: number; slowOffsetMs?: number; slowIntervalMs?: number } = {}): NodeProber {
  const p = createNodeProber({ node: target, transport: node.transport, clock, slowIntervalMs: 15_000, ...extra });
  probers.push(p);
  return p;
}
afterEach(() => {
  probers.splice(0).forEach((p) => p.stop());
});

function piZero(): FakeNode {
  const node = new FakeNode('zero1').serve({ ...PROC_ZERO, ...SYSFS_ZERO });
  node.execHandler = (cmd) => (cmd.includes('is-active') ? batchOutput([['active', 0], ['inactive', 3]]) : batchOutput([]));
  return node;
}

/** Moves /proc/stat and /proc/net/dev to their second sample. */
function advance(node: FakeNode, ms: number): void {
  time += ms;
  node.serve({ '/proc/stat': 'pi/zero-stat.2', '/proc/net/dev': 'pi/zero-net-dev.2' });
}

describe('node prober on a Pi Zero with the firmware sysfs files', () => {
  it('first poll: everything but the rates; the only process started is the service check', async () => {
    const node = piZero();
    const h = await prober(node).poll();
    expect(h.load).toMatchObject({ state: 'ok', value: { load1: 1.21 } });
    expect(h.memory).toMatchObject({ state: 'ok', value: { usedBytes: (443208 - 339120) * 1024 } });
    expect(h.disk).toMatchObject({ state: 'ok', value: { usedBytes: 400 * 4096 } });
    expect(h.uptimeSeconds).toMatchObject({ state: 'ok', value: 151210.42 });
    expect(h.temperature).toMatchObject({ state: 'ok', value: { celsius: 48.312, source: 'thermal-zone' } });
    expect(h.armClock).toMatchObject({ state: 'ok', value: { hz: 700_000_000, source: 'cpufreq' } });
    expect(h.armClockMax).toMatchObject({ state: 'ok', value: { hz: 1_000_000_000 } });
    expect(h.throttling).toMatchObject({ state: 'ok', value: { source: 'sysfs', now: { underVoltage: true } } });
    expect(h.board).toMatchObject({ state: 'ok', value: 'Raspberry Pi Zero W Rev 1.1' });
    expect(h.services.map((s) => [s.name, s.state.state === 'ok' && s.state.value.running])).toEqual([
      ['nginx', true],
      ['app', false],
    ]);
    expect(h.cpu.state).toBe('unknown');
    expect(node.commands).toHaveLength(1);
    expect(node.commands[0]).toContain(`systemctl is-active 'nginx'`);
  });

  it('steady state: CPU and network rates, no process on the node, files re-read on open handles', async () => {
    const node = piZero();
    const p = prober(node);
    await p.poll();
    node.takeLog();
    advance(node, 1000);
    const h = await p.poll();
    expect(h.cpu).toMatchObject({ state: 'ok', value: { busyPercent: 80, cores: [{ cpu: 0, busyPercent: 80 }] } });
    expect(h.network).toMatchObject({ state: 'ok', value: { rxBytesPerSecond: 100_000, txBytesPerSecond: 20_000 } });
    expect(node.commands).toHaveLength(1);
    const log = node.takeLog();
    expect(log.filter((l) => l.startsWith('open') || l.startsWith('close'))).toEqual([]);
    expect(log).toContain('read /proc/stat @0');
    expect(log).not.toContain('read /proc/device-tree/model @0');
    expect(log).not.toContain('read /sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq @0');
  });

  it('service checks run again only after the slow interval', async () => {
    time = 1_700_000_010_000; // a multiple of 15 s: with offset 0 the interval starts here
    const node = piZero();
    const p = prober(node, zero, { slowOffsetMs: 0 });
    await p.poll();
    for (let i = 0; i < 14; i++) {
      time += 1000;
      await p.poll();
    }
    expect(node.commands).toHaveLength(1);
    time += 1000;
    await p.poll();
    expect(node.commands).toHaveLength(2);
  });

  it('a slow interval of 0 checks the services on every poll (what the e2e probers use)', async () => {
    time = 1_700_000_010_000;
    const node = piZero();
    const p = prober(node, zero, { slowIntervalMs: 0 });
    for (let i = 0; i < 3; i++) {
      await p.poll();
      time += 1000;
    }
    expect(node.commands).toHaveLength(3);
  });

  it('nodes check their services once per slow interval each, at different seconds (spread by name)', async () => {
    time = 1_700_000_010_000;
    const nodes = ['p1', 'p2', 'p3', 'pi3', 'node17', 'node18'].map((name) => ({ name, fake: piZero() }));
    const probers = nodes.map(({ name, fake }) => prober(fake, { ...zero, name }));
    const checkedAt = new Map<string, number[]>();
    for (let second = 0; second < 60; second++) {
      for (const [i, p] of probers.entries()) {
        const { name, fake } = nodes[i]!;
        const before = fake.commands.length;
        await p.poll();
        if (fake.commands.length > before && second > 0) checkedAt.set(name, [...(checkedAt.get(name) ?? []), second % 15]);
      }
      time += 1000;
    }
    // After the first poll (which checks at once), each node checks once every 15 s, always at its own second.
    for (const { name } of nodes) {
      const seconds = checkedAt.get(name) ?? [];
      expect(seconds.length, name).toBeGreaterThanOrEqual(3);
      expect(new Set(seconds).size, name).toBe(1);
    }
    expect(new Set(nodes.map(({ name }) => checkedAt.get(name)?.[0])).size).toBeGreaterThan(2);
  });

  it('reads a /proc file the server hands out in pieces until EOF', async () => {
    const node = piZero();
    node.maxRead = 100;
    const h = await prober(node).poll();
    expect(h.memory).toMatchObject({ state: 'ok', value: { totalBytes: 443208 * 1024 } });
    expect(node.takeLog().filter((l) => l.startsWith('read /proc/meminfo')).length).toBeGreaterThan(10);
  });
});

describe('node prober on an old Pi kernel without the sysfs files', () => {
  function oldPi(vcgencmd: (cmd: string) => ReturnType<typeof batchOutput>): FakeNode {
    const node = new FakeNode('zero2').serve(PROC_ZERO);
    node.execHandler = (cmd) => (cmd.includes('is-active') ? batchOutput([['active', 0], ['active', 0]]) : vcgencmd(cmd));
    return node;
  }

  it('asks vcgencmd, in one batch, at the slow interval only', async () => {
    const node = oldPi(() => batchOutput([
      [fixture('pi/vcgencmd-measure_temp').trim(), 0],
      [fixture('pi/vcgencmd-measure_clock-arm').trim(), 0],
      [fixture('pi/vcgencmd-get_throttled').trim(), 0],
    ]));
    const p = prober(node);
    const h = await p.poll();
    expect(h.temperature).toMatchObject({ state: 'ok', value: { celsius: 48.3, source: 'vcgencmd' } });
    expect(h.armClock).toMatchObject({ state: 'ok', value: { hz: 600_000_000, source: 'vcgencmd' } });
    expect(h.throttling).toMatchObject({ state: 'ok', value: { raw: 0x50005, source: 'vcgencmd' } });
    expect(h.armClockMax).toMatchObject({ state: 'unknown' });
    const vc = node.commands.filter((c) => c.includes('vcgencmd'));
    expect(vc).toHaveLength(1);
    expect(vc[0]).toContain(`'vcgencmd' 'measure_temp'`);
    time += 1000;
    const later = await p.poll();
    expect(node.commands.filter((c) => c.includes('vcgencmd'))).toHaveLength(1);
    expect(later.temperature).toMatchObject({ state: 'ok', value: { celsius: 48.3 } });
  });

  it('vcgencmd without the video group: unknown with its message, and never tried again', async () => {
    const node = oldPi(() => batchOutput([[fixture('pi/vcgencmd-no-video-group').trim(), 255], ['', 255], ['', 255]]));
    const p = prober(node);
    const h = await p.poll();
    expect(h.temperature).toEqual({ state: 'unknown', reason: 'zero1: vcgencmd failed: VCHI initialization failed' });
    expect(h.throttling.state).toBe('unknown');
    time += 30_000;
    const later = await p.poll();
    expect(node.commands.filter((c) => c.includes('vcgencmd'))).toHaveLength(1);
    expect(later.temperature.state).toBe('unknown');
  });
});

describe('node prober on a machine that is not a Pi', () => {
  it('no sensors: unknown, never an error, and no vcgencmd', async () => {
    const node = new FakeNode('vm').serve({
      '/proc/stat': 'host/stat.1',
      '/proc/loadavg': 'host/loadavg',
      '/proc/meminfo': 'host/meminfo',
      '/proc/net/dev': 'host/net-dev.1',
      '/proc/uptime': 'host/uptime',
    });
    const h = await prober(node, { ...zero, name: 'vm', services: [] }).poll();
    expect(h.temperature).toEqual({ state: 'unknown', reason: 'vm has no /sys/class/thermal/thermal_zone0/temp' });
    expect(h.armClock).toEqual({ state: 'unknown', reason: 'vm has no /sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq' });
    expect(h.throttling.state).toBe('unknown');
    expect(h.board).toEqual({ state: 'unknown', reason: 'vm has no /proc/device-tree/model' });
    expect(h.memory.state).toBe('ok');
    expect(node.commands).toEqual([]);
  });
});

describe('node prober when things fail', () => {
  it('a failed read: that metric goes stale, the others stay fresh', async () => {
    const node = piZero();
    const p = prober(node);
    await p.poll();
    node.files.set('/proc/loadavg', { error: 4, message: 'Failure' });
    time += 1000;
    const h = await p.poll();
    expect(h.load).toMatchObject({ state: 'stale', value: { load1: 1.21 }, reason: 'zero1: /proc/loadavg: Failure' });
    expect(h.memory).toMatchObject({ state: 'ok', at: time });
    node.files.set('/proc/loadavg', fixture('pi/zero-loadavg'));
    time += 1000;
    expect((await p.poll()).load).toMatchObject({ state: 'ok', at: time });
  });

  it('connection lost: every metric goes stale with the reason, the poll does not throw', async () => {
    const node = piZero();
    const p = prober(node);
    await p.poll();
    node.sftpError = 'zero1: connection lost (keepalive)';
    node.execHandler = () => ({ ok: false, error: { kind: 'closed', message: 'zero1: connection lost (keepalive)' } });
    time += 20_000;
    const h = await p.poll();
    for (const metric of [h.load, h.memory, h.disk, h.uptimeSeconds, h.temperature, h.services[0]?.state]) {
      expect(metric).toMatchObject({ state: 'stale', reason: 'zero1: connection lost (keepalive)' });
    }
  });

  it('the SFTP server has no statvfs extension: disk is unknown', async () => {
    const node = piZero();
    node.sftp.ext_openssh_statvfs = () => { throw new Error('Server does not support this extended request'); };
    const h = await prober(node).poll();
    expect(h.disk).toEqual({ state: 'unknown', reason: 'zero1: the SFTP server has no statvfs extension' });
  });
});

describe('node prober schedule', () => {
  it('a poll asked for while one runs gets the same poll', async () => {
    const node = piZero();
    node.readDelayMs = 20;
    const p = prober(node);
    const [a, b] = await Promise.all([p.poll(), p.poll()]);
    expect(a).toBe(b);
    expect(p.stats().polls).toBe(1);
  });

  it('polls on its own every interval, never two at once, until stopped', async () => {
    const node = piZero();
    node.readDelayMs = 15;
    let jiffies = 0;
    node.files.set('/proc/stat', () => `cpu  ${(jiffies += 10)} 0 0 ${jiffies} 0 0 0 0 0 0\n`);
    let started = 0;
    let finished = 0;
    let mostAtOnce = 0;
    const files = node.transport.files;
    const transport = {
      ...node.transport,
      files: () => {
        started += 1;
        mostAtOnce = Math.max(mostAtOnce, started - finished);
        return files();
      },
    };
    const p = createNodeProber({ node: zero, transport, intervalMs: 5 });
    probers.push(p);
    p.subscribe(() => (finished += 1));
    p.start();
    await vi.waitFor(() => expect(finished).toBeGreaterThanOrEqual(4), { timeout: 5000 });
    p.stop();
    expect(mostAtOnce).toBe(1);
    expect(p.current().cpu).toMatchObject({ state: 'ok', value: { busyPercent: 50 } });
    const startedAtStop = started;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(started).toBe(startedAtStop);
  });
});

describe('SFTP reads per poll', () => {
  it('asks once per file after the server has shown a short read is the end of a file', async () => {
    const node = piZero();
    const p = prober(node);
    await p.poll();
    node.takeLog();
    await p.poll();
    const reads = node.takeLog().filter((l) => l.startsWith('read /proc/meminfo'));
    expect(reads).toHaveLength(1);
  });

  it('reads a file whole when it has grown past what its kept buffer held', async () => {
    const node = piZero();
    const p = prober(node);
    await p.poll();
    await p.poll();
    const meminfo = node.files.get('/proc/meminfo');
    if (typeof meminfo !== 'string') throw new Error('fixture');
    // Five times as long: more than the buffer sized from the last read (twice the file then).
    node.files.set('/proc/meminfo', `${meminfo}${'Padding:               0 kB\n'.repeat(Math.ceil((meminfo.length * 4) / 28))}`);
    node.takeLog();
    const h = await p.poll();
    expect(h.memory).toMatchObject({ state: 'ok', value: { totalBytes: 443208 * 1024 } });
    expect(node.takeLog().filter((l) => l.startsWith('read /proc/meminfo')).length).toBeGreaterThan(1);
    node.takeLog();
    await p.poll();
    expect(node.takeLog().filter((l) => l.startsWith('read /proc/meminfo'))).toHaveLength(1);
  });

  it('keeps reading to the end on a server that hands out files in pieces', async () => {
    const node = piZero();
    node.maxRead = 100;
    const p = prober(node);
    await p.poll();
    node.takeLog();
    const h = await p.poll();
    expect(h.memory).toMatchObject({ state: 'ok', value: { totalBytes: 443208 * 1024 } });
    expect(node.takeLog().filter((l) => l.startsWith('read /proc/meminfo')).length).toBeGreaterThan(10);
  });
});

describe('bufferSize', () => {
  it.each([
    [0, 512],
    [18, 512],
    [700, 2048],
    [1503, 4096],
    [5000, 16384],
    [100_000, 16384],
  ])('a file of %i bytes gets a %i-byte buffer', (bytes, size) => {
    expect(bufferSize(bytes)).toBe(size);
  });
});

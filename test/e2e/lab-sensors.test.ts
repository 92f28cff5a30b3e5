import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusReport } from '../../src/core/status/status-report.js';
import { parseCpufreqKhz, parseThermalZone } from '../../src/core/health/sysfs.js';
import { parseSysfsThrottled } from '../../src/core/health/raspberry-pi.js';
import { startLab, type LabHandle, type LabStatus } from './support/lab.js';

/**
 * The lab's Pi sensors end to end: each worker's files at a Pi's paths through its own sshd,
 * vcgencmd, `lab heat|cool|undervolt`, what `picon status` reads, and the hot app's slowdown.
 */

let lab: LabHandle;
beforeAll(async () => {
  lab = await startLab({ subnet: '127.0.50' });
}, 180_000);
afterAll(async () => {
  await lab?.stop();
});

type NodeReport = StatusReport['nodes'][number];

const status = async (): Promise<Map<string, NodeReport>> => {
  const r = await lab.picon(['--profile', 'lab', 'status', '--json'], { timeoutMs: 30_000 });
  const report = JSON.parse(r.stdout) as StatusReport;
  return new Map(report.nodes.map((n) => [n.name, n]));
};

const labJson = async (args: string[]) => {
  const r = await lab.lab([...args, '--json']);
  return { code: r.code, stderr: r.stderr, body: JSON.parse(r.stdout || '{}') as Record<string, unknown> };
};

const WORKERS = ['p1', 'p2', 'p3', 'pi3'];

/** The best (least disturbed) time of n keep-alive GETs of /api/work straight to a node's app, and the app's own CPU ms. */
async function workTime(address: string, n = 25): Promise<{ wallMs: number; cpuMs: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const walls: number[] = [];
  const cpus: number[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const started = process.hrtime.bigint();
      const body = await new Promise<string>((resolve, reject) => {
        http.get(`http://${address}:9000/api/work`, { agent }, (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve(text));
        }).on('error', reject);
      });
      walls.push(Number(process.hrtime.bigint() - started) / 1e6);
      cpus.push((JSON.parse(body) as { cpuMs: number }).cpuMs);
    }
  } finally {
    agent.destroy();
  }
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  return { wallMs: sorted(walls)[0] ?? 0, cpuMs: sorted(cpus)[Math.floor(cpus.length / 2)] ?? 0 };
}

describe('Pi sensors in the lab', () => {
  it('lab up turns them on for every worker, not the head; lab status shows each worker\'s values', async () => {
    expect(lab.status.sensors).toEqual({ on: true });
    expect(lab.status.nodes.map((n) => [n.name, n.sensors === null])).toEqual([['head', true], ['p1', false], ['p2', false], ['p3', false], ['pi3', false]]);
    const text = await lab.lab(['status']);
    expect(text.stdout).toContain('sensors: on');
    expect(text.stdout).toMatch(/pi3 .* 5\d\.\d°C 1200\/1200MHz 0x0\n/);
  });

  it('picon status reads temperature, clock and throttling on every worker at a Pi\'s paths; the Pi 3 is the warmest', async () => {
    const nodes = await status();
    for (const name of WORKERS) {
      const n = nodes.get(name)!;
      expect(n.temperatureCelsius, name).toBeGreaterThan(40);
      expect(n.temperatureCelsius, name).toBeLessThan(60);
      expect(n.armClockHz, name).toBe(n.armClockMaxHz);
      expect(n.throttling, name).toMatchObject({ raw: 0 });
    }
    expect(nodes.get('pi3')!.armClockMaxHz).toBe(1.2e9);
    expect(nodes.get('p1')!.armClockMaxHz).toBe(1e9);
    const zeros = ['p1', 'p2', 'p3'].map((n) => nodes.get(n)!.temperatureCelsius!);
    expect(nodes.get('pi3')!.temperatureCelsius).toBeGreaterThan(Math.max(...zeros) + 5);
    // The head keeps none, and says why.
    expect(nodes.get('head')!.temperatureCelsius).toBeNull();
    expect(nodes.get('head')!.metricNotes['temperature']).toContain('head');
  });

  it('each worker\'s session sees its own files at /sys and a vcgencmd that answers as a Pi\'s', async () => {
    const r = await lab.ssh('pi3', "cat /sys/class/thermal/thermal_zone0/temp /sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq /sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq '/sys/devices/platform/soc/soc:firmware/get_throttled'; vcgencmd measure_temp; vcgencmd measure_clock arm; vcgencmd get_throttled; vcgencmd version; echo exit=$?");
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => l.trimEnd());
    expect(lines[0]).toMatch(/^5\d{4}$/);
    expect(lines.slice(1, 4)).toEqual(['1200000', '1200000', '0']);
    expect(lines[4]).toMatch(/^temp=5\d\.\d'C$/);
    expect(lines.slice(5)).toEqual(['frequency(48)=1200000000', 'throttled=0x0', 'error=2 error_msg="Command not registered"', 'exit=2']);
    const p1 = await lab.ssh('p1', 'cat /sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq; ls /sys/devices/system/cpu/cpu0/topology >/dev/null && echo topology-kept');
    expect(p1.stdout.trim().split('\n').map((l) => l.trimEnd())).toEqual(['1000000', 'topology-kept']);
  });

  it('lab heat pi3: past 80 °C, clock capped, throttled now and since boot; its app really does the work slower', { timeout: 60_000 }, async () => {
    const pi3 = lab.node('pi3').address;
    const before = await workTime(pi3);
    const heat = await labJson(['heat', 'pi3']);
    expect(heat.code).toBe(0);
    expect(heat.body).toMatchObject({ verb: 'heat', node: 'pi3', sensors: { clockMhz: 600, maxClockMhz: 1200, throttled: '0xe000e', throttledNow: true, throttledSinceBoot: true } });
    const n = (await status()).get('pi3')!;
    expect(n.temperatureCelsius).toBeGreaterThan(80);
    expect(n.armClockHz).toBe(6e8);
    expect(n.throttling?.now).toEqual({ underVoltage: false, armFrequencyCapped: true, throttled: true, softTemperatureLimit: true });
    expect(n.throttling?.sinceBoot).toEqual({ underVoltage: false, armFrequencyCapped: true, throttled: true, softTemperatureLimit: true });
    // The others are untouched.
    expect((await status()).get('p1')!.throttling?.raw).toBe(0);

    await new Promise((r) => setTimeout(r, 1100)); // the app reads its clock at most once a second
    const hot = await workTime(pi3);
    // Work × max/cur = ×2 at 600 of 1200 MHz: the app's own CPU time doubles, and so does the best wall time, near enough.
    expect(hot.cpuMs / before.cpuMs).toBeGreaterThan(1.6);
    expect(hot.cpuMs / before.cpuMs).toBeLessThan(2.6);
    expect(hot.wallMs / before.wallMs).toBeGreaterThan(1.3);
  });

  it('lab cool pi3: the now bits clear, the since-boot bits stay, temperature and clock come back', async () => {
    const cool = await lab.lab(['cool', 'pi3']);
    expect(cool.code).toBe(0);
    expect(cool.stdout).toMatch(/^pi3: 5\d\.\d°C 1200\/1200MHz 0xe0000 {2}\(since boot: /);
    const n = (await status()).get('pi3')!;
    expect(n.temperatureCelsius).toBeLessThan(60);
    expect(n.armClockHz).toBe(1.2e9);
    expect(n.throttling?.raw).toBe(0xe0000);
    expect(Object.values(n.throttling?.now ?? { x: true }).some(Boolean)).toBe(false);
    const vc = await lab.ssh('pi3', 'vcgencmd get_throttled');
    expect(vc.stdout.trim()).toBe('throttled=0xe0000');
  });

  it('lab undervolt p1 sets under-voltage now and since boot; cool clears the now bit only', async () => {
    expect((await lab.lab(['undervolt', 'p1'])).code).toBe(0);
    let n = (await status()).get('p1')!;
    expect(n.throttling?.raw).toBe(0x10001);
    expect(n.throttling?.now.underVoltage).toBe(true);
    expect(n.armClockHz).toBe(1e9);
    expect((await lab.lab(['cool', 'p1'])).code).toBe(0);
    n = (await status()).get('p1')!;
    expect(n.throttling?.raw).toBe(0x10000);
    expect(n.throttling?.sinceBoot.underVoltage).toBe(true);
  });

  it('an unknown node, the head, a missing NODE or no lab: one line, exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['heat', 'nope'], /^picon: no lab node "nope" \(nodes: head, p1, p2, p3, pi3\)\n$/],
      [['cool', 'head'], /^picon: head has no sensors: only the workers \(p1, p2, p3, pi3\) are Pis with sensors\n$/],
    ];
    for (const [args, message] of cases) {
      const r = await lab.lab(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
    const nowhere = await lab.picon(['lab', 'undervolt', 'p1', '--dir', path.join(lab.dir, 'nowhere')]);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toMatch(/^picon: no lab in .*nowhere \(start one with/);
    expect(nowhere.stderr.trim().split('\n')).toHaveLength(1);
    const missing = await lab.lab(['heat']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.split('\n')[0]).toBe('picon: lab heat takes NODE');
  });

  it('two operators at once: changes never lose each other, and a reader never sees half a value', async () => {
    const dir = path.join(lab.dir, 'p2', 'sensors');
    const files = ['thermal_zone0/temp', 'cpufreq/scaling_cur_freq', 'firmware/get_throttled'].map((f) => path.join(dir, f));
    let reads = 0;
    const bad: string[] = [];
    let reading = true;
    const reader = (async () => {
      while (reading) {
        for (const f of files) {
          const text = readFileSync(f, 'latin1');
          const ok = f.endsWith('temp') ? parseThermalZone(text).ok : f.endsWith('freq') ? parseCpufreqKhz(text).ok : parseSysfsThrottled(text).ok;
          if (!ok) bad.push(`${f}: ${JSON.stringify(text)}`);
          reads++;
        }
        await new Promise((r) => setTimeout(r, 1));
      }
    })();
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all([lab.lab(['heat', 'p2']), lab.lab(['undervolt', 'p2'])]);
      expect(results.map((r) => r.code)).toEqual([0, 0]);
      const s = (await labJson(['cool', 'p2'])).body['sensors'] as { throttled: string };
      // Both got in: heat's and under-voltage's since-boot bits are there after every round.
      expect(s.throttled).toBe('0xf0000');
    }
    reading = false;
    await reader;
    expect(bad).toEqual([]);
    expect(reads).toBeGreaterThan(30);
    const after = (await lab.refresh()) as LabStatus;
    expect(after.nodes.find((n) => n.name === 'p2')?.sensors).toMatchObject({ throttled: '0xf0000', throttledNow: false, clockMhz: 1000 });
  }, 90_000);
});

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseBatch } from '../../src/core/health/command-batch.js';
import type { HaproxyInfo } from '../../src/core/haproxy/show-info.js';
import { parseShowInfo } from '../../src/core/haproxy/show-info.js';
import { stepNodeSample, type NodeSampleMemory } from '../../src/core/loadtest/node-sample.js';
import { parseProcessTicks } from '../../src/core/loadtest/process-ticks.js';
import { sampleCommand, sampleOutput, VCGENCMD_METRICS, type SampleWants } from '../../src/core/loadtest/sample-command.js';
import { fixture as healthFixture } from './health-fixtures.js';

/** A node's sample during a run: the command, and what its output becomes, on captured outputs. */

const root = fileURLToPath(new URL('../fixtures/loadtest/samples/', import.meta.url));
const captured = (name: string): string => readFileSync(root + name, 'latin1');

function output(node: string, wants: SampleWants, stdout: string) {
  const count = 1 + (wants.vcgencmd ? VCGENCMD_METRICS.length : 0) + (wants.processId !== undefined ? 1 : 0);
  const batch = parseBatch(stdout, count);
  if (!batch.ok) return batch.reason;
  return sampleOutput(node, wants, batch.value);
}

/** `/proc/stat`'s cpu line as numbers: [busy, total] as the kernel counts them (user..steal). */
function busyTotal(text: string): [number, number] {
  const cols = (/^cpu\s+(.*)$/m.exec(text)?.[1] ?? '').split(/\s+/).slice(0, 8).map(Number);
  const total = cols.reduce((a, b) => a + b, 0);
  return [total - (cols[3] ?? 0) - (cols[4] ?? 0), total];
}

const MARK = (code: number): string => `\npicon-exit-status:${code}\n`;
/** A tail-like output of the given files (as `tail -n +1` prints two or more). */
const tail = (files: Record<string, string>): string =>
  Object.entries(files).map(([path, text]) => `==> ${path} <==\n${text}`).join('\n');

describe('sampleCommand', () => {
  it('one tail of /proc/stat, /proc/uptime and the Pi files; vcgencmd only where a file is absent; ab and its children', () => {
    const text = sampleCommand({ netDev: true, vcgencmd: true, processId: 3201 }).text;
    expect(text).toContain("'tail' '-n' '+1' '/proc/stat' '/proc/uptime' '/sys/class/thermal/thermal_zone0/temp'");
    expect(text).toContain("'/proc/net/dev' 2>/dev/null");
    expect(text).toContain("test -e '/sys/devices/platform/soc/soc:firmware/get_throttled' || 'vcgencmd' 'get_throttled'");
    expect(text).toContain("for p in 3201 $(cat '/proc/3201/task/3201/children' 2>/dev/null)");
    expect(text.match(/picon-exit-status/g)).toHaveLength(5);
    expect(sampleCommand({ netDev: false, vcgencmd: false }).text.match(/picon-exit-status/g)).toHaveLength(1);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses %s as a process id', (pid) => {
    expect(() => sampleCommand({ netDev: false, vcgencmd: false, processId: pid })).toThrow(/not a process id/);
  });
});

describe('stepNodeSample on captured samples', () => {
  const head: SampleWants = { netDev: true, vcgencmd: true };

  it('the lab head (no Pi sensors): busy CPU per core and bytes out from /proc/net/dev between two samples, 1 s apart', () => {
    const first = stepNodeSample({}, { node: 'head', role: 'head', atMs: 0, output: output('head', head, captured('host-head.1')) });
    expect(first.sample.reading).toEqual({});
    expect(first.memory.vcgencmdMissing).toBe(true);
    const second = stepNodeSample(first.memory, { node: 'head', role: 'head', atMs: 1000, output: output('head', head, captured('host-head.2')) });
    const [b1, t1] = busyTotal(captured('host-head.1'));
    const [b2, t2] = busyTotal(captured('host-head.2'));
    expect(second.sample.reading?.cpu?.percent).toBeCloseTo(((b2 - b1) / (t2 - t1)) * 100, 0);
    expect(second.sample.reading?.cpu?.cores).toHaveLength(2);
    // lo only moved (eth0 did not), and a host with other interfaces leaves lo out.
    expect(second.sample.traffic).toEqual({ bytesOutPerSecond: 0, source: 'net-dev' });
    expect(second.sample.missed).toBeUndefined();
  });

  it('HAProxy counts the head bytes where show info has TotalBytesOut; the busiest process is its idle', () => {
    const info = (idle: number, bytes: number): HaproxyInfo => {
      const parsed = parseShowInfo(`Name: HAProxy\nVersion: 2.6.12\nNbthread: 2\nIdle_pct: ${idle}\nRun_queue: 3\nTotalBytesOut: ${bytes}\n`);
      if (!parsed.ok) throw new Error(parsed.reason);
      return parsed.value;
    };
    const first = stepNodeSample({}, { node: 'head', role: 'head', atMs: 0, output: output('head', head, captured('host-head.1')), haproxy: [info(90, 1000), info(40, 500)] });
    const second = stepNodeSample(first.memory, { node: 'head', role: 'head', atMs: 2000, output: output('head', head, captured('host-head.2')), haproxy: [info(80, 5000), info(30, 2500)] });
    expect(second.sample.haproxy).toEqual({ idlePercent: 30, runQueue: 6, threads: 2, processes: 2 });
    expect(second.sample.traffic).toEqual({ bytesOutPerSecond: 3000, source: 'haproxy' });
    const unread = stepNodeSample(second.memory, { node: 'head', role: 'head', atMs: 3000, output: output('head', head, captured('host-head.2')), haproxy: 'head: HAProxy socket timed out' });
    expect(unread.sample.haproxyMissed).toBe('head: HAProxy socket timed out');
    expect(unread.sample.haproxy).toBeUndefined();
  });

  it("ab's CPU on its node: timeout's and ab's ticks over the node's CPU time per core", () => {
    const wants: SampleWants = { netDev: false, vcgencmd: false, processId: 3201 };
    const first = stepNodeSample({}, { node: 'head', role: 'head', atMs: 0, output: output('head', wants, captured('ab-node.1')), generator: true });
    expect(first.generator?.missed).toMatch(/first sample/);
    const second = stepNodeSample(first.memory, { node: 'head', role: 'head', atMs: 1000, output: output('head', wants, captured('ab-node.2')), generator: true });
    const [, t1] = busyTotal(captured('ab-node.1'));
    const [, t2] = busyTotal(captured('ab-node.2'));
    // ab: utime 0→1, stime 10→19; timeout: 0 → 0.
    expect(second.generator?.reading?.cpuPercent).toBeCloseTo((10 / ((t2 - t1) / 2)) * 100, 0);
    const ended = stepNodeSample(second.memory, { node: 'head', role: 'head', atMs: 2000, output: output('head', wants, captured('ab-node.ended')), generator: true });
    expect(ended.generator?.missed).toBe('head: process 3201 has ended');
  });

  it('a Pi (sysfs files): temperature, clock, its maximum and the throttle bits', () => {
    const text = tail({
      '/proc/stat': healthFixture('pi/zero-stat.1'), '/proc/uptime': healthFixture('pi/zero-uptime'),
      '/sys/class/thermal/thermal_zone0/temp': healthFixture('pi/thermal_zone0-temp'),
      '/sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq': healthFixture('pi/scaling_cur_freq'),
      '/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq': healthFixture('pi/cpuinfo_max_freq'),
      '/sys/devices/platform/soc/soc:firmware/get_throttled': healthFixture('pi/sysfs-get_throttled'),
    });
    const wants: SampleWants = { netDev: false, vcgencmd: true };
    const step = stepNodeSample({}, { node: 'pi3', role: 'worker', atMs: 0, output: output('pi3', wants, `${text}${MARK(0)}${MARK(0)}${MARK(0)}${MARK(0)}`) });
    expect(step.sample.reading).toEqual({ temperatureC: 48.3, clockMhz: 700, clockMaxMhz: 1000, throttleBits: 0x50005 });
    expect(step.memory.vcgencmdMissing).toBeUndefined();
    // Every file vcgencmd stands in for is there: the next command leaves vcgencmd out.
    expect(step.memory.sysfsComplete).toBe(true);
  });

  it('a Pi without the sysfs files: vcgencmd answers for the throttle bits, temperature and clock', () => {
    const text = tail({ '/proc/stat': healthFixture('pi/zero-stat.1'), '/proc/uptime': healthFixture('pi/zero-uptime') });
    const vc = [healthFixture('pi/vcgencmd-get_throttled'), healthFixture('pi/vcgencmd-measure_temp'), healthFixture('pi/vcgencmd-measure_clock-arm')];
    const stdout = `${text}${MARK(1)}${vc.map((v) => `${v.trim()}${MARK(0)}`).join('')}`;
    const step = stepNodeSample({}, { node: 'p1', role: 'worker', atMs: 0, output: output('p1', { netDev: false, vcgencmd: true }, stdout) });
    expect(step.sample.reading).toEqual({ throttleBits: 0x50005, temperatureC: 48.3, clockMhz: 600 });
  });

  it.each<[string, string, SampleWants, RegExp | undefined, RegExp | undefined]>([
    ['cut short before any marker', captured('host-head.1').slice(0, 200), { netDev: true, vcgencmd: true }, /did not finish/, undefined],
    ['empty', '', { netDev: false, vcgencmd: false }, /did not finish/, undefined],
    ['no tail on the node', `sh: tail: not found${MARK(127)}`, { netDev: false, vcgencmd: false }, /has no tail/, undefined],
    ['a garbled throttle file', `${tail({ '/proc/stat': healthFixture('pi/zero-stat.1'), '/sys/devices/platform/soc/soc:firmware/get_throttled': 'zz\n' })}${MARK(1)}`, { netDev: false, vcgencmd: false }, undefined, /sysfs get_throttled: expected a hex bit field/],
    ['a garbled /proc/stat', `${tail({ '/proc/stat': 'cpu x y\n', '/proc/uptime': '1.0 2.0\n' })}${MARK(0)}`, { netDev: false, vcgencmd: false }, undefined, /\/proc\/stat: bad cpu line/],
    ['vcgencmd refused (not in the video group)', `${tail({ '/proc/stat': healthFixture('pi/zero-stat.1'), '/proc/uptime': '1 1\n' })}${MARK(1)}${healthFixture('pi/vcgencmd-no-video-group').trim()}${MARK(255)}${MARK(0)}${MARK(0)}`, { netDev: false, vcgencmd: true }, undefined, /vcgencmd: /],
  ])('%s', (_name, stdout, wants, missed, problem) => {
    const out = output('p2', wants, stdout);
    const step = stepNodeSample({}, { node: 'p2', role: 'worker', atMs: 0, output: out });
    if (missed !== undefined) {
      expect(step.sample.missed).toMatch(missed);
      expect(step.sample.reading).toBeUndefined();
    } else {
      expect(step.sample.missed).toBeUndefined();
      expect(step.sample.problems?.join('; ')).toMatch(problem as RegExp);
    }
  });

  it('a timed-out or lost node: the sample is missed with the reason, the memory kept for the next', () => {
    const memory: NodeSampleMemory = { atMs: 0 };
    const step = stepNodeSample(memory, { node: 'p3', role: 'worker', atMs: 1000, output: 'p3: command timed out after 3 s', generator: true });
    expect(step.sample).toEqual({ node: 'p3', role: 'worker', atMs: 1000, missed: 'p3: command timed out after 3 s' });
    expect(step.generator).toEqual({ atMs: 1000, missed: 'p3: command timed out after 3 s' });
    expect(step.memory).toBe(memory);
  });
});

describe('parseProcessTicks', () => {
  const line = (pid: number, comm: string, utime: number, stime: number): string =>
    `${pid} (${comm}) R 1 ${pid} 1 0 -1 4194304 415 0 2 0 ${utime} ${stime} 0 0 20 0 1 0 1017403 11780096 1753`;
  it.each<[string, string, Record<number, number> | RegExp]>([
    ['ab and its parent timeout', captured('ab-node.2').split('\n').filter((l) => /^\d+ \(/.test(l)).join('\n'), { 3201: 0, 3203: 20 }],
    ['a name with spaces and parentheses', line(7, 'my (odd) name', 5, 6), { 7: 11 }],
    ['a line cut before stime', line(7, 'ab', 5, 6).split(' ').slice(0, 14).join(' '), /expected "pid \(comm\) state/],
    ['no parenthesis', '7 ab R 1 2 3', /expected/],
    ['empty', '', /empty/],
  ])('%s', (_name, text, expected) => {
    const parsed = parseProcessTicks(text);
    if (expected instanceof RegExp) expect(!parsed.ok && parsed.reason).toMatch(expected);
    else expect(parsed.ok && Object.fromEntries(parsed.value)).toEqual(expected);
  });
});

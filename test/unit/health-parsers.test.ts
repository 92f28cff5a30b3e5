import { describe, expect, it } from 'vitest';
import { parseLoadavg } from '../../src/core/health/loadavg.js';
import { parseMeminfo } from '../../src/core/health/meminfo.js';
import { parseNetDev } from '../../src/core/health/net-dev.js';
import { parseProcStat } from '../../src/core/health/proc-stat.js';
import { parseUptime } from '../../src/core/health/uptime.js';
import { diskUsage } from '../../src/core/health/disk.js';
import { fixture } from './health-fixtures.js';

describe('parseProcStat', () => {
  it.each([
    ['host/stat.1', { total: 8620 + 1339 + 78491 + 230 + 245 + 3, idle: 78491 + 230, iowait: 230 }, [0, 1]],
    ['pi/zero-stat.1', { total: 12873 + 6411 + 1489231 + 1130 + 386, idle: 1489231 + 1130, iowait: 1130 }, [0]],
    ['pi/pi4-stat.1', { total: 40012 + 12 + 15020 + 3300111 + 2201 + 510, idle: 3300111 + 2201, iowait: 2201 }, [0, 1, 2, 3]],
  ])('%s: totals and one entry per online CPU', (name, all, cores) => {
    const result = parseProcStat(fixture(name));
    expect(result.ok && result.value.all).toEqual(all);
    expect(result.ok && [...result.value.cores.keys()]).toEqual(cores);
  });

  it('reads the processes-created counter', () => {
    const result = parseProcStat(fixture('pi/zero-stat.1'));
    expect(result.ok && result.value.forks).toBe(18322);
  });

  it('keeps the complete core lines of a read cut inside a core line', () => {
    const text = fixture('pi/pi4-stat.1');
    const result = parseProcStat(text.slice(0, text.indexOf('cpu2') + 12));
    expect(result.ok && [...result.value.cores.keys()]).toEqual([0, 1]);
  });

  it('reads old kernels with four columns', () => {
    const result = parseProcStat('cpu  10 0 5 85\ncpu0 10 0 5 85\n');
    expect(result.ok && result.value.all).toEqual({ total: 100, idle: 85, iowait: 0 });
  });

  it.each([
    ['empty', '', /no "cpu" line/],
    ['cut inside the cpu line', 'cpu  8620 0 13', /bad cpu line/],
    ['garbage', 'Permission denied\n', /no "cpu" line/],
    ['letters in a column', 'cpu  1 2 x 4 5 6 7 8 9 10\n', /bad cpu line/],
  ])('%s → a reason', (_name, text, reason) => {
    const result = parseProcStat(text);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });
});

describe('parseLoadavg', () => {
  it.each([
    ['host/loadavg', { load1: 0.02, load5: 0.08, load15: 0.04, running: 1, tasks: 88, lastPid: 5721 }],
    ['pi/zero-loadavg', { load1: 1.21, load5: 0.98, load15: 0.77, running: 2, tasks: 112, lastPid: 18322 }],
  ])('%s', (name, expected) => {
    expect(parseLoadavg(fixture(name))).toEqual({ ok: true, value: expected });
  });

  it.each([[''], ['0.02 0.08'], ['0.02 0.08 0.04 1/93'], ['a b c 1/2 3'], ['\0\0\0']])('%j → a reason', (text) => {
    const result = parseLoadavg(text);
    expect(!result.ok && result.reason).toMatch(/^\/proc\/loadavg: expected/);
  });
});

describe('parseUptime', () => {
  it.each([
    ['host/uptime', 306.56],
    ['pi/zero-uptime', 151210.42],
  ])('%s', (name, seconds) => {
    expect(parseUptime(fixture(name))).toEqual({ ok: true, value: seconds });
  });

  it.each([[''], ['304.76'], ['-1 2'], ['up 3 days']])('%j → a reason', (text) => {
    expect(parseUptime(text).ok).toBe(false);
  });
});

describe('parseMeminfo', () => {
  it.each([
    ['host/meminfo', 24683656, 24361864, false],
    ['pi/meminfo-zero', 443208, 339120, false],
    ['pi/meminfo-old-kernel', 380800, 201324 + 14336 + 98304, true],
  ])('%s: total, available, used = total − available', (name, total, available, estimated) => {
    expect(parseMeminfo(fixture(name))).toEqual({
      ok: true,
      value: { totalBytes: total * 1024, availableBytes: available * 1024, usedBytes: (total - available) * 1024, estimated },
    });
  });

  it.each([
    ['empty', '', /no MemTotal/],
    ['cut before MemAvailable', 'MemTotal:         443208 kB\nMemFr', /neither MemAvailable nor MemFree/],
    ['garbage', '<html>502 Bad Gateway</html>', /no MemTotal/],
  ])('%s → a reason', (_name, text, reason) => {
    const result = parseMeminfo(text);
    expect(!result.ok && result.reason).toMatch(reason);
  });
});

describe('parseNetDev', () => {
  it.each([
    ['host/net-dev.1', ['lo', 'ifb0', 'ifb1', 'eth0'], { name: 'eth0', rxBytes: 193755312, txBytes: 435663 }],
    ['pi/zero-net-dev.1', ['lo', 'wlan0'], { name: 'wlan0', rxBytes: 18837421, txBytes: 4520117 }],
  ])('%s: every interface, bytes in and out', (name, names, last) => {
    const result = parseNetDev(fixture(name));
    expect(result.ok && result.value.map((i) => i.name)).toEqual(names);
    expect(result.ok && result.value.at(-1)).toEqual(last);
  });

  it('keeps the complete lines of a read cut inside a line', () => {
    const text = fixture('pi/zero-net-dev.1');
    const result = parseNetDev(text.slice(0, text.indexOf('wlan0') + 20));
    expect(result.ok && result.value.map((i) => i.name)).toEqual(['lo']);
  });

  it.each([[''], ['garbage\nmore garbage\n'], ['Inter-|   Receive   |  Transmit\n']])('%j → a reason', (text) => {
    const result = parseNetDev(text);
    expect(!result.ok && result.reason).toMatch(/unexpected header/);
  });
});

describe('diskUsage (statvfs of /)', () => {
  const vfs = (blocks: number, bfree: number, bavail: number) =>
    ({ f_bsize: 4096, f_frsize: 4096, f_blocks: blocks, f_bfree: bfree, f_bavail: bavail });

  it('captured from OpenSSH through ssh2: used = (blocks − free) × fragment size; percent as df shows it', () => {
    const used = 66053021 - 60336416;
    expect(diskUsage(JSON.parse(fixture('host/statvfs-root.json')))).toEqual({
      ok: true,
      value: {
        totalBytes: 66053021 * 4096,
        usedBytes: used * 4096,
        availableBytes: 20881123 * 4096,
        usedPercent: (used / (used + 20881123)) * 100,
      },
    });
  });

  it('uses the block size when the fragment size is 0', () => {
    const result = diskUsage({ ...vfs(100, 50, 50), f_frsize: 0, f_bsize: 1024 });
    expect(result.ok && result.value.totalBytes).toBe(100 * 1024);
  });

  it.each([
    ['undefined', undefined, /missing or bad fields/],
    ['a string', 'statvfs', /missing or bad fields/],
    ['names without f_', { bsize: 4096, frsize: 4096, blocks: 10, bfree: 5, bavail: 5 }, /missing or bad fields/],
    ['a missing field', { f_bsize: 4096, f_frsize: 4096, f_blocks: 10, f_bfree: 5 }, /missing or bad fields/],
    ['free beyond total', vfs(10, 11, 1), /inconsistent/],
    ['zero blocks', vfs(0, 0, 0), /inconsistent/],
  ])('%s → a reason', (_name, info, reason) => {
    const result = diskUsage(info);
    expect(!result.ok && result.reason).toMatch(reason);
  });
});

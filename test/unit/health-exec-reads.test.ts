import { describe, expect, it } from 'vitest';
import { parseBatch } from '../../src/core/health/command-batch.js';
import { parseDfPosix } from '../../src/core/health/df.js';
import { diskUsage } from '../../src/core/health/disk.js';
import { execReads, execReadsCommand } from '../../src/core/health/exec-reads.js';
import { parseLoadavg } from '../../src/core/health/loadavg.js';
import { parseMeminfo } from '../../src/core/health/meminfo.js';
import { parseNetDev } from '../../src/core/health/net-dev.js';
import { parseProcStat } from '../../src/core/health/proc-stat.js';
import { PROC, SYSFS } from '../../src/core/health/probe-paths.js';
import { parseUptime } from '../../src/core/health/uptime.js';
import { fixture } from './health-fixtures.js';

const HEADER = 'Filesystem     1024-blocks     Used Available Capacity Mounted on\n';

describe('parseDfPosix', () => {
  it.each([
    ['host/df-root', { f_blocks: 264212084, f_bfree: 264212084 - 23177880, f_bavail: 83213032 }],
    ['host/df-shm', { f_blocks: 24683656, f_bfree: 24683656, f_bavail: 24683656 }],
    ['host/df-proc', { f_blocks: 0, f_bfree: 0, f_bavail: 0 }],
  ])('%s → statvfs fields in 1024-byte blocks', (name, fields) => {
    expect(parseDfPosix(fixture(name))).toEqual({ ok: true, value: { f_bsize: 1024, f_frsize: 1024, ...fields } });
  });

  it('gives the same disk use as the statvfs reply over SFTP for the same file system', () => {
    const df = parseDfPosix(fixture('host/df-root'));
    const viaDf = df.ok ? diskUsage(df.value) : df;
    const viaSftp = diskUsage(JSON.parse(fixture('host/statvfs-root.json')));
    expect(viaDf.ok && viaSftp.ok && viaDf.value.totalBytes).toBe(viaSftp.ok && viaSftp.value.totalBytes);
    // The two captures were taken minutes apart: the used share moved a little, not the size.
    expect(viaDf.ok && viaSftp.ok && Math.abs(viaDf.value.usedPercent - viaSftp.value.usedPercent)).toBeLessThan(0.5);
    expect(viaDf.ok && Math.round(viaDf.value.usedPercent)).toBe(22); // df's own Capacity column
  });

  it('reads a device name with spaces and a mount point with spaces', () => {
    const result = parseDfPosix(`${HEADER}my disk 100 40 50 45% /mnt/my disk\n`);
    expect(result).toEqual({ ok: true, value: { f_bsize: 1024, f_frsize: 1024, f_blocks: 100, f_bfree: 60, f_bavail: 50 } });
  });

  it.each([
    ['empty', '', /POSIX header/],
    ['df\'s error for a missing path', fixture('host/df-missing'), /POSIX header/],
    ['a translated header', 'Dateisystem 1K-Blöcke Benutzt Verfügbar Verw% Eingehängt auf\n/dev/vda 1 1 0 100% /\n', /POSIX header/],
    ['512-byte blocks (no -k)', 'Filesystem 512-blocks Used Available Capacity Mounted on\n/dev/vda 2 1 1 50% /\n', /POSIX header/],
    ['cut after the header', fixture('host/df-root').split('\n')[0] ?? '', /no file system line/],
    ['cut inside the row', fixture('host/df-root').slice(0, 90), /bad file system line/],
    ['two file systems', `${HEADER}/dev/a 10 1 9 10% /\n/dev/b 10 1 9 10% /b\n`, /2 file system lines/],
    ['more used than the size', `${HEADER}/dev/a 10 11 0 100% /\n`, /11 blocks used of 10/],
    ['letters in a column', `${HEADER}/dev/a 10 x 9 10% /\n`, /bad file system line/],
  ])('%s → a reason', (_name, text, reason) => {
    const result = parseDfPosix(text);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });
});

describe('execReadsCommand', () => {
  it('one tail for every file (stderr dropped) and df in the C locale, every argument quoted, in one batch', () => {
    expect(execReadsCommand(['/proc/loadavg', "/tmp/it's"], '/').text).toBe(
      "( 'tail' '-n' '+1' '/proc/loadavg' '/tmp/it'\\''s' 2>/dev/null ) </dev/null 2>&1; printf '\\npicon-exit-status:%s\\n' \"$?\"; " +
        "( 'env' 'LC_ALL=C' 'df' '-Pk' '/' ) </dev/null 2>&1; printf '\\npicon-exit-status:%s\\n' \"$?\"",
    );
  });

  it('refuses fewer than two files (tail prints no header for one)', () => {
    expect(() => execReadsCommand(['/proc/loadavg'], '/')).toThrow(/two paths/);
  });
});

describe('execReads on a real batch (captured from this command run by sh)', () => {
  const paths = [PROC.stat, PROC.loadavg, PROC.meminfo, PROC.netDev, PROC.uptime, PROC.board, SYSFS.temperature];
  const batch = parseBatch(fixture('host/exec-batch'), 2);
  const results = batch.ok ? batch.value : [];
  const reads = execReads('p1', paths, '/', results);
  const text = (path: string): string => {
    const read = reads.files.get(path);
    return read?.kind === 'read' ? read.value : '';
  };

  it('every /proc file is whole and parses as it does when read over SFTP', () => {
    expect(parseProcStat(text(PROC.stat))).toMatchObject({ ok: true, value: { cores: expect.any(Map) } });
    expect(text(PROC.stat)).toMatch(/^cpu .*\nsoftirq [\d ]+\n$/s);
    expect(parseLoadavg(text(PROC.loadavg)).ok).toBe(true);
    expect(text(PROC.loadavg)).toMatch(/^[\d.]+ [\d.]+ [\d.]+ \d+\/\d+ \d+\n$/);
    expect(parseMeminfo(text(PROC.meminfo)).ok).toBe(true);
    expect(parseNetDev(text(PROC.netDev))).toMatchObject({ ok: true, value: expect.arrayContaining([expect.objectContaining({ name: 'lo' })]) });
    expect(parseUptime(text(PROC.uptime)).ok).toBe(true);
  });

  it('a file the node does not have is missing (unknown)', () => {
    expect(reads.files.get(PROC.board)).toEqual({ kind: 'missing', reason: 'p1 has no /proc/device-tree/model (or may not read it)' });
    expect(reads.files.get(SYSFS.temperature)).toMatchObject({ kind: 'missing' });
  });

  it('the disk read is statvfs-shaped and gives the disk use', () => {
    expect(reads.disk.kind).toBe('read');
    const usage = reads.disk.kind === 'read' ? diskUsage(reads.disk.value) : undefined;
    expect(usage).toMatchObject({ ok: true, value: { totalBytes: 264212084 * 1024 } });
  });
});

describe('execReads: splitting tail\'s output', () => {
  const df = { code: 0, output: fixture('host/df-root') };
  const files = (code: number | null, output: string) => execReads('p1', ['/a', '/b:c', '/d'], '/', [{ code, output }, df]).files;

  it.each([
    ['all three', 0, '==> /a <==\n1\n\n==> /b:c <==\ntwo words\n\n==> /d <==\n3', ['1\n', 'two words\n', '3']],
    ['a file without a final newline', 0, '==> /a <==\n1\n==> /b:c <==\n2\n\n==> /d <==\n3', ['1', '2\n', '3']],
    ['an empty file', 0, '==> /a <==\n\n==> /b:c <==\n2\n\n==> /d <==\n3', ['', '2\n', '3']],
    ['the first missing (exit 1)', 1, '==> /b:c <==\n2\n\n==> /d <==\n3', [undefined, '2\n', '3']],
    ['the middle missing (exit 1)', 1, '==> /a <==\n1\n\n==> /d <==\n3', ['1\n', undefined, '3']],
    ['a header-like text inside a line is text', 0, '==> /a <==\nx ==> /b:c <==\n\n==> /d <==\n3', ['x ==> /b:c <==\n', undefined, '3']],
  ] as const)('%s', (_name, code, output, texts) => {
    const reads = files(code, output);
    expect(['/a', '/b:c', '/d'].map((p) => {
      const r = reads.get(p);
      return r?.kind === 'read' ? r.value : undefined;
    })).toEqual(texts);
  });

  it.each([
    ['no tail on the node', 127, { kind: 'failed', reason: 'p1 has no tail' }],
    ['tail failed otherwise', 2, { kind: 'failed', reason: 'p1: tail exited 2' }],
    ['the batch was cut', null, { kind: 'failed', reason: 'p1: reading /a /b:c /d did not finish' }],
  ] as const)('%s → every file failed', (_name, code, read) => {
    const reads = files(code, 'sh: 1: tail: not found');
    expect([...reads.values()]).toEqual([read, read, read]);
  });

  it('garbage: every file missing, never a wrong text', () => {
    expect([...files(1, 'Segmentation fault\n\u0000\u0001').values()].map((r) => r.kind)).toEqual(['missing', 'missing', 'missing']);
  });

  it.each([
    ['no df on the node → missing', { code: 127, output: 'sh: 1: df: not found' }, { kind: 'missing', reason: 'p1 has no df' }],
    ['df fails → failed', { code: 1, output: fixture('host/df-missing').trim() }, { kind: 'failed', reason: 'p1: df /: df: /nonexistent: No such file or directory' }],
    ['df prints garbage → failed', { code: 0, output: 'hello' }, { kind: 'failed', reason: expect.stringMatching(/^p1: df: expected the POSIX header/) }],
    ['cut before df → failed', undefined, { kind: 'failed', reason: 'p1: df / did not finish' }],
  ] as const)('the disk: %s', (_name, result, read) => {
    const tail = { code: 0, output: '==> /a <==\n1\n\n==> /b <==\n2\n' };
    expect(execReads('p1', ['/a', '/b'], '/', result === undefined ? [tail] : [tail, result]).disk).toEqual(read);
  });
});

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
  it('cats each path and runs df in the C locale, every argument quoted, in one batch', () => {
    expect(execReadsCommand(['/proc/loadavg', "/tmp/it's"], '/').text).toBe(
      "( 'cat' '/proc/loadavg' ) </dev/null 2>&1; printf '\\npicon-exit-status:%s\\n' \"$?\"; " +
        "( 'cat' '/tmp/it'\\''s' ) </dev/null 2>&1; printf '\\npicon-exit-status:%s\\n' \"$?\"; " +
        "( 'env' 'LC_ALL=C' 'df' '-Pk' '/' ) </dev/null 2>&1; printf '\\npicon-exit-status:%s\\n' \"$?\"",
    );
  });
});

describe('execReads on a real batch (captured from this command run by sh)', () => {
  const paths = [PROC.stat, PROC.loadavg, PROC.meminfo, PROC.netDev, PROC.uptime, PROC.board, SYSFS.temperature];
  const batch = parseBatch(fixture('host/exec-batch'), paths.length + 1);
  const results = batch.ok ? batch.value : [];
  const reads = execReads('p1', paths, '/', results);
  const text = (path: string): string => {
    const read = reads.files.get(path);
    return read?.kind === 'read' ? read.value : '';
  };

  it('every /proc file parses as it does when read over SFTP', () => {
    expect(parseProcStat(text(PROC.stat))).toMatchObject({ ok: true, value: { cores: expect.any(Map) } });
    expect(parseLoadavg(text(PROC.loadavg)).ok).toBe(true);
    expect(parseMeminfo(text(PROC.meminfo)).ok).toBe(true);
    expect(parseNetDev(text(PROC.netDev))).toMatchObject({ ok: true, value: expect.arrayContaining([expect.objectContaining({ name: 'lo' })]) });
    expect(parseUptime(text(PROC.uptime)).ok).toBe(true);
  });

  it('a file the node does not have is missing (unknown), as over SFTP', () => {
    expect(reads.files.get(PROC.board)).toEqual({ kind: 'missing', reason: 'p1 has no /proc/device-tree/model' });
    expect(reads.files.get(SYSFS.temperature)).toEqual({ kind: 'missing', reason: `p1 has no ${SYSFS.temperature}` });
  });

  it('the disk read is statvfs-shaped and gives the disk use', () => {
    expect(reads.disk.kind).toBe('read');
    const usage = reads.disk.kind === 'read' ? diskUsage(reads.disk.value) : undefined;
    expect(usage).toMatchObject({ ok: true, value: { totalBytes: 264212084 * 1024 } });
  });

  it.each([
    ['permission denied → missing', { code: 1, output: 'cat: /proc/x: Permission denied' }, { kind: 'missing', reason: 'p1: /proc/x: permission denied' }],
    ['another failure → failed, with cat\'s words', { code: 1, output: 'cat: /proc/x: Input/output error' }, { kind: 'failed', reason: 'p1: cat /proc/x: cat: /proc/x: Input/output error' }],
    ['killed without a word → failed, with the exit code', { code: 137, output: '' }, { kind: 'failed', reason: 'p1: cat /proc/x: exit 137' }],
    ['the batch was cut → failed', { code: null, output: '' }, { kind: 'failed', reason: 'p1: reading /proc/x did not finish' }],
  ] as const)('a file: %s', (_name, result, read) => {
    expect(execReads('p1', ['/proc/x'], '/', [result, { code: 0, output: fixture('host/df-root') }]).files.get('/proc/x')).toEqual(read);
  });

  it.each([
    ['no df on the node → missing', { code: 127, output: 'sh: 1: df: not found' }, { kind: 'missing', reason: 'p1 has no df' }],
    ['df fails → failed', { code: 1, output: fixture('host/df-missing').trim() }, { kind: 'failed', reason: 'p1: df /: df: /nonexistent: No such file or directory' }],
    ['df prints garbage → failed', { code: 0, output: 'hello' }, { kind: 'failed', reason: expect.stringMatching(/^p1: df: expected the POSIX header/) }],
    ['cut before df → failed', undefined, { kind: 'failed', reason: 'p1: df / did not finish' }],
  ] as const)('the disk: %s', (_name, result, read) => {
    expect(execReads('p1', [], '/', result === undefined ? [] : [result]).disk).toEqual(read);
  });
});

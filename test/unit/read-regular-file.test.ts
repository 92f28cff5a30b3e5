import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRegularFile, readRegularFileSync } from '../../src/adapters/files/read-regular-file.js';
import { byteSize } from '../../src/core/present/byte-size.js';

/** Files a user names are read only when regular, and never past the cap — on real files, a FIFO, a socket and /dev/zero. */

const dir = mkdtempSync(path.join(os.tmpdir(), 'picon-read-'));
const at = (name: string) => path.join(dir, name);
let server: net.Server;
beforeAll(async () => {
  writeFileSync(at('small'), 'hello\n');
  writeFileSync(at('exact'), Buffer.alloc(1024, 0x61));
  writeFileSync(at('over'), Buffer.alloc(1025, 0x61));
  mkdirSync(at('dir'));
  execFileSync('mkfifo', [at('fifo')]);
  symlinkSync(at('small'), at('link'));
  server = net.createServer();
  await new Promise<void>((resolve) => server.listen(at('sock'), resolve));
});
afterAll(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const CASES: readonly [string, string, { ok: true; text: string } | { ok: false; refusal: string; reason: string }][] = [
  ['a small file', 'small', { ok: true, text: 'hello\n' }],
  ['a file of exactly the cap', 'exact', { ok: true, text: 'a'.repeat(1024) }],
  ['a symbolic link to a file', 'link', { ok: true, text: 'hello\n' }],
  ['a file one byte over', 'over', { ok: false, refusal: 'too-big', reason: 'is 1025 bytes; a test file is at most 1 KiB' }],
  ['a missing file', 'nope', { ok: false, refusal: 'missing', reason: 'does not exist' }],
  ['a path through a file', 'small/x', { ok: false, refusal: 'missing', reason: 'does not exist' }],
  ['a directory', 'dir', { ok: false, refusal: 'not-a-file', reason: 'is a directory, not a test file' }],
  ['a FIFO (no writer: must not block)', 'fifo', { ok: false, refusal: 'not-a-file', reason: 'is a FIFO, not a test file' }],
  ['a Unix socket', 'sock', { ok: false, refusal: 'not-a-file', reason: 'is a socket, not a test file' }],
];

describe.each([
  ['readRegularFile', (f: string) => readRegularFile(f, 1024, 'a test file')],
  ['readRegularFileSync', async (f: string) => readRegularFileSync(f, 1024, 'a test file')],
])('%s', (_name, read) => {
  it.each(CASES)('%s', async (_what, name, expected) => {
    const r = await read(at(name));
    if (expected.ok) expect(r.ok && r.bytes.toString()).toBe(expected.text);
    else expect(r).toEqual(expected);
  });

  it('/dev/zero: a character device, refused at once', async () => {
    expect(await read('/dev/zero')).toEqual({ ok: false, refusal: 'not-a-file', reason: 'is a character device, not a test file' });
  });

  it('an unreadable file: permission denied (a write-only sysctl, refused even to root)', async () => {
    expect(await read('/proc/sys/vm/drop_caches')).toEqual({ ok: false, refusal: 'denied', reason: 'cannot be read (permission denied)' });
  });
});

describe('a file that grows while it is read', () => {
  it('is refused once it passes the cap (the size at open is not trusted)', async () => {
    // /proc/self/… files report size 0 and then give more: the cap is applied to what is read.
    const r = await readRegularFile('/proc/self/maps', 16, 'a test file');
    expect(r).toEqual({ ok: false, refusal: 'too-big', reason: 'is over 16 bytes; a test file is at most 16 bytes' });
    expect(readRegularFileSync('/proc/self/maps', 16, 'a test file')).toEqual(r);
  });
});

describe('byteSize: the caps named in refusals', () => {
  it.each([[1024 * 1024, '1 MiB'], [16 * 1024 * 1024, '16 MiB'], [64 * 1024, '64 KiB'], [1000, '1000 bytes']])('%d → %s', (n, text) => {
    expect(byteSize(n)).toBe(text);
  });
});

import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendRun, historyArchives, readHistory, scanAllHistory } from '../../src/adapters/loadtest/history-store.js';
import { archivedNote, archiveName, archivesOf, lineStartAt, rotationCut, type RotationLimits } from '../../src/core/loadtest/history-rotation.js';
import { formatHistoryLine, type RunRecord } from '../../src/core/loadtest/run-record.js';

const LIMITS: RotationLimits = { rotateAtBytes: 8 * 1024, keepBytes: 4 * 1024, readTailBytes: 16 * 1024 };

describe('rotation decisions', () => {
  it.each([
    [0, undefined],
    [8 * 1024, undefined],
    [8 * 1024 + 1, 4 * 1024 + 1],
    [600 * 1024, 596 * 1024],
  ])('a %d-byte live file: cut at %s', (size, cut) => {
    expect(rotationCut(size, LIMITS)).toBe(cut);
  });

  it.each([
    ['the byte before the cut ends a line', 10, '\nabc', 10],
    ['a line starts later', 10, 'xx\nabc', 12],
    ['no line starts in the bytes read', 10, 'xxxx', undefined],
    ['the start of the file', 0, 'abc', 0],
  ])('first whole line: %s', (_what, from, bytes, start) => {
    expect(lineStartAt(from, new TextEncoder().encode(bytes))).toBe(start);
  });

  it('names archives by the rotation time (UTC), numbered when the name is taken, and sorts them oldest first', () => {
    const at = new Date('2026-12-06T10:15:00.500Z');
    expect(archiveName('bench-history.jsonl', at)).toBe('bench-history-20261206-101500.jsonl');
    expect(archiveName('bench-history.jsonl', at, 3)).toBe('bench-history-20261206-101500-3.jsonl');
    const entries = ['audit.jsonl', 'bench-history.jsonl', 'bench-history-20261206-101500-10.jsonl', 'bench-history-20261206-101500-2.jsonl',
      'bench-history-20261206-101500.jsonl', 'bench-history-20251231-235959.jsonl', 'bench-history.jsonl.lock', 'bench-history-x.jsonl',
      'bench-history.jsonl.rotating-123'];
    expect(archivesOf('bench-history.jsonl', entries)).toEqual([
      'bench-history-20251231-235959.jsonl', 'bench-history-20261206-101500.jsonl', 'bench-history-20261206-101500-2.jsonl', 'bench-history-20261206-101500-10.jsonl',
    ]);
  });

  it('says how many runs went where', () => {
    expect(archivedNote(51200, '/d/bench-history-20261206-101500.jsonl')).toBe(
      'archived 51,200 older runs to /d/bench-history-20261206-101500.jsonl (`picon bench history --all` reads them)',
    );
    expect(archivedNote(1, 'a')).toMatch(/^archived 1 older run to a /);
  });
});

function record(id: string, pad = 600): RunRecord {
  return {
    version: 1, id, startedAt: '2026-11-27T12:00:00.000Z', profile: 'lab', label: 'Cluster',
    plan: { url: 'http://127.0.7.1:8080/', preset: 'home', target: 'frontend', method: 'GET', concurrency: 10, limit: { kind: 'requests', requests: 100 }, keepAlive: true, headers: { 'X-Pad': 'p'.repeat(pad) }, engine: 'builtin' },
    result: {
      engine: 'builtin', target: 'http://127.0.7.1:8080/', concurrency: 10, requestsPerSecond: 100, meanTimePerRequestMs: 2,
      latency: { p50Ms: 1, p95Ms: 3, p99Ms: 4, maxMs: 5 }, completed: 100, failed: 0, non2xx: 0, transferBytesPerSecond: 1000, durationSeconds: 0.2,
    },
    throttleBefore: [], throttleAfter: [], newlyThrottled: {}, throttled: false,
  };
}

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'picon-rotation-'));
  file = path.join(dir, 'data', 'bench-history.jsonl');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function everyId(): Promise<string[]> {
  const ids: string[] = [];
  await scanAllHistory(file, { onRecord: (r) => void ids.push(r.id) });
  return ids;
}

describe('a rotating history (real files)', () => {
  it('keeps the newest runs live, archives the rest with one note, and loses none', async () => {
    const notes: string[] = [];
    const ids = Array.from({ length: 40 }, (_, i) => `r${String(i).padStart(2, '0')}`);
    let second = 0;
    for (const id of ids) await appendRun(file, record(id), { limits: LIMITS, onNote: (n) => notes.push(n), now: () => new Date(Date.UTC(2026, 11, 6, 10, 0, second++)) });
    const archives = await historyArchives(file);
    expect(archives.length).toBeGreaterThan(1);
    expect(notes).toHaveLength(archives.length);
    expect(notes[0]).toMatch(new RegExp(`^archived \\d+ older runs to ${archives[0]} `));
    const live = await readHistory(file, LIMITS);
    expect(live.records.length).toBeGreaterThan(0);
    expect((await stat(file)).size).toBeLessThanOrEqual(LIMITS.rotateAtBytes);
    expect(live.records.map((r) => r.id)).toEqual(ids.slice(-live.records.length));
    expect(await everyId()).toEqual(ids);
    const archived = notes.map((n) => Number(/archived (\d+)/.exec(n)?.[1]));
    expect(archived.reduce((a, b) => a + b, 0) + live.records.length).toBe(ids.length);
    expect((await readdir(path.dirname(file))).filter((n) => n.includes('.lock') || n.includes('.rotating-'))).toEqual([]);
  });

  it('reads only the tail of a huge live file, from its first whole line, and says how much it left', async () => {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const lines = Array.from({ length: 60 }, (_, i) => formatHistoryLine(record(`old${i}`)));
    await writeFile(file, lines.join(''));
    const history = await readHistory(file, LIMITS);
    expect(history.broken).toEqual([]);
    expect(history.records.length).toBeGreaterThan(0);
    expect(history.records.at(-1)?.id).toBe('old59');
    expect(history.unreadBytes).toBe(lines.slice(0, 60 - history.records.length).join('').length);
    expect(await everyId()).toHaveLength(60);
  });

  it('the next save archives a file that was never rotated (an old 60-run file), in one step', async () => {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await writeFile(file, Array.from({ length: 60 }, (_, i) => formatHistoryLine(record(`old${i}`))).join(''));
    const notes: string[] = [];
    await appendRun(file, record('new'), { limits: LIMITS, onNote: (n) => notes.push(n) });
    expect(notes).toHaveLength(1);
    const live = await readHistory(file, LIMITS);
    expect(Number(/archived (\d+)/.exec(notes[0] ?? '')?.[1]) + live.records.length).toBe(61);
    expect(await everyId()).toEqual([...Array.from({ length: 60 }, (_, i) => `old${i}`), 'new']);
  });

  it('finishes what a killed rotation left: a temp file, an archive name still on the live file', async () => {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await writeFile(file, Array.from({ length: 20 }, (_, i) => formatHistoryLine(record(`a${i}`))).join(''));
    await writeFile(`${file}.rotating-99999`, 'half a copy');
    const { link } = await import('node:fs/promises');
    await link(file, path.join(path.dirname(file), 'bench-history-20260101-000000.jsonl'));
    await appendRun(file, record('b'), { limits: LIMITS });
    const names = await readdir(path.dirname(file));
    expect(names).not.toContain('bench-history.jsonl.rotating-99999');
    expect(names).not.toContain('bench-history-20260101-000000.jsonl');
    expect(await everyId()).toEqual([...Array.from({ length: 20 }, (_, i) => `a${i}`), 'b']);
  });

  it('gives a run found in both an archive and the live file once (a rotation killed before cutting its archive)', async () => {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await writeFile(path.join(path.dirname(file), 'bench-history-20260101-000000.jsonl'), ['x1', 'x2', 'x3'].map((id) => formatHistoryLine(record(id))).join(''));
    await writeFile(file, ['x2', 'x3', 'x4'].map((id) => formatHistoryLine(record(id))).join(''));
    expect(await everyId()).toEqual(['x1', 'x2', 'x3', 'x4']);
  });
});

describe('private files', () => {
  it('creates the data dir 0700 and the history 0600, and tightens an existing 0777 data dir it owns, saying so', async () => {
    const notes: string[] = [];
    await appendRun(file, record('r1'), { onNote: (n) => notes.push(n) });
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(notes).toEqual([]);
    await chmod(path.dirname(file), 0o777);
    await appendRun(file, record('r2'), { onNote: (n) => notes.push(n) });
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    expect(notes).toEqual([`${path.dirname(file)} was mode 0777; made it 0700 (only you can read it)`]);
    expect((await readFile(file, 'utf8')).split('\n')).toHaveLength(3);
  });
});

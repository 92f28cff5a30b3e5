import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dataDir } from '../../src/adapters/files/data-dir.js';
import { appendRun, readHistory } from '../../src/adapters/loadtest/history-store.js';
import { resolveRunRef } from '../../src/core/loadtest/run-ref.js';
import { runId, type RunRecord } from '../../src/core/loadtest/run-record.js';

function record(id: string, rps: number): RunRecord {
  return {
    version: 1, id, startedAt: '2026-11-27T12:00:00.000Z', profile: 'lab', label: 'Cluster',
    plan: { url: 'http://127.0.7.1:8080/', preset: 'home', target: 'frontend', method: 'GET', concurrency: 10, limit: { kind: 'requests', requests: 100 }, keepAlive: true, headers: {}, engine: 'builtin' },
    result: {
      engine: 'builtin', target: 'http://127.0.7.1:8080/', concurrency: 10, requestsPerSecond: rps, meanTimePerRequestMs: 2,
      latency: { p50Ms: 1, p95Ms: 3, p99Ms: 4, maxMs: 5 }, completed: 100, failed: 0, non2xx: 0, transferBytesPerSecond: 1000, durationSeconds: 0.2,
    },
    throttleBefore: [], throttleAfter: [], newlyThrottled: {}, throttled: false,
  };
}

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'picon-history-'));
  file = path.join(dir, 'data', 'bench-history.jsonl');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('history store', () => {
  it('is empty before the first run and keeps runs in order, one line each', async () => {
    expect(await readHistory(file)).toEqual({ records: [], studies: [], broken: [], unreadBytes: 0 });
    await appendRun(file, record('r1', 100));
    await appendRun(file, record('r2', 200));
    const text = await readFile(file, 'utf8');
    expect(text.split('\n')).toHaveLength(3);
    expect((await readHistory(file)).records.map((r) => [r.id, r.result.requestsPerSecond])).toEqual([['r1', 100], ['r2', 200]]);
  });

  it('skips and reports an unfinished last line (a crash while saving); the runs before it survive', async () => {
    await appendRun(file, record('r1', 100));
    const whole = JSON.stringify(record('r2', 200));
    await appendFile(file, whole.slice(0, 80));
    const history = await readHistory(file);
    expect(history.records.map((r) => r.id)).toEqual(['r1']);
    expect(history.broken).toEqual([{ line: 2, reason: 'an unfinished last line (a run interrupted while saving)' }]);
  });

  it('starts the next run on a fresh line after such a crash', async () => {
    await appendRun(file, record('r1', 100));
    await appendFile(file, '{"version":1,"id":"r2"');
    await appendRun(file, record('r3', 300));
    const history = await readHistory(file);
    expect(history.records.map((r) => r.id)).toEqual(['r1', 'r3']);
    expect(history.broken).toEqual([{ line: 2, reason: 'not JSON' }]);
  });

  it('reports a line that is JSON but not a run', async () => {
    await writeFile(file.replace('data/bench-history.jsonl', 'h.jsonl'), `${JSON.stringify({ version: 1, id: 'x' })}\n[1,2]\n`);
    const history = await readHistory(file.replace('data/bench-history.jsonl', 'h.jsonl'));
    expect(history.records).toEqual([]);
    expect(history.broken.map((b) => b.line)).toEqual([1, 2]);
    expect(history.broken[0]?.reason).toMatch(/^not a run record \(startedAt: /);
  });

  it('lives in $PICON_DATA_DIR, else the XDG data home, else ~/.local/share/picon', () => {
    expect(dataDir({ PICON_DATA_DIR: '/srv/picon', XDG_DATA_HOME: '/x', HOME: '/home/u' })).toBe('/srv/picon');
    expect(dataDir({ XDG_DATA_HOME: '/x/data', HOME: '/home/u' })).toBe('/x/data/picon');
    expect(dataDir({ XDG_DATA_HOME: 'relative', HOME: '/home/u' })).toBe('/home/u/.local/share/picon');
  });
});

describe('run ids and references', () => {
  const runs = [record('20261127-120000-aaa', 1), record('20261127-130000-bbb', 2), record('20261128-090000-ccc', 3)];
  it('makes sortable ids from the start time', () => {
    expect(runId(new Date('2026-11-27T12:03:04.500Z'), () => 0.5)).toBe('20261127-120304-i00');
  });
  it.each([
    ['last', '20261128-090000-ccc'],
    ['last~1', '20261127-130000-bbb'],
    ['last~2', '20261127-120000-aaa'],
    ['20261127-130000-bbb', '20261127-130000-bbb'],
    ['20261128', '20261128-090000-ccc'],
    ['aaa', '20261127-120000-aaa'],
  ])('%s', (ref, id) => {
    expect(resolveRunRef(ref, runs)).toMatchObject({ ok: true, value: { id } });
  });
  it.each([
    ['last~3', '"last~3": the history holds 3 runs'],
    ['20261127', '"20261127" matches 2 runs (20261127-120000-aaa, 20261127-130000-bbb…); give more of the id'],
    ['zzz', 'no run "zzz" in the history (see `picon bench history`)'],
  ])('refuses %s', (ref, reason) => {
    expect(resolveRunRef(ref, runs)).toEqual({ ok: false, reason });
  });
});

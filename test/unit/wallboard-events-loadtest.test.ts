import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile, appendFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { reduceCluster } from '../../src/core/cluster/cluster-reducer.js';
import type { ClusterState } from '../../src/core/cluster/cluster-state.js';
import { parseHistory, type RunRecord } from '../../src/core/loadtest/run-record.js';
import { eventLines } from '../../src/core/wallboard/event-lines.js';
import { lastRunOf, loadTestPanel } from '../../src/core/wallboard/load-test-lines.js';
import { compactDuration } from '../../src/core/present/time.js';
import { createLastRunReader } from '../../src/adapters/loadtest/last-run-reader.js';
import { emptyState, T0 } from './wallboard-fixtures.js';

/** A real history line: `picon --profile lab bench work -n 300 -c 4` on the lab. */
const HISTORY = readFileSync(new URL('../fixtures/wallboard/bench-history.jsonl', import.meta.url), 'utf8');
const captured = (): RunRecord => {
  const record = parseHistory(HISTORY).records[0];
  if (record === undefined) throw new Error('fixture has no record');
  return record;
};
const texts = (lines: readonly { text: string }[]) => lines.map((l) => l.text);
const log = (s: ClusterState, at: number, level: 'info' | 'warn' | 'error', text: string) => reduceCluster(s, { type: 'log', at, level, text });

describe('eventLines', () => {
  it('says when nothing has happened', () => {
    expect(eventLines(emptyState(), 0).lines).toEqual([{ text: 'nothing has happened yet', tone: 'dim' }]);
  });

  it('prints the newest events oldest first, with clock times and tones by level', () => {
    let s = emptyState();
    s = log(s, T0, 'info', 'p1 UP');
    s = log(s, T0 + 1000, 'warn', 'p2 DRAIN');
    s = log(s, T0 + 2000, 'error', 'p3 DOWN L4CON');
    const panel = eventLines(s, 0, 2);
    expect(panel.lines).toEqual([
      { text: '12:00:01 p2 DRAIN', tone: 'warn' },
      { text: '12:00:02 p3 DOWN L4CON', tone: 'bad' },
    ]);
    expect(panel.title).toBe('Events · 1 error');
  });
});

describe('loadTestPanel', () => {
  it('shows the newest saved run of the profile: what, when, req/s, latency, failures, shares', () => {
    const run = captured();
    const panel = loadTestPanel(emptyState(), { lastRun: run }, Date.parse(run.startedAt) + 190_000, 0);
    expect(panel.title).toBe('Last load test · 20261127-123355-p0v');
    expect(texts(panel.lines)).toEqual([
      'Cluster · work',
      'builtin -c 4, 300 requests',
      'at 12:33:55 (3m 10s ago)',
      '70.5 req/s  p95 143 ms  mean 54 ms',
      '300 done, 0 failed, 0 non-2xx',
      'p1 25%  p2 25%  p3 25%  pi3 25%',
    ]);
  });

  it('keeps backend names in the shares when the run spread over more than one backend', () => {
    const run = captured();
    const shares = { ...run.shares!, servers: [{ server: 'web/p1', requests: 3, share: 0.75 }, { server: 'api/a1', requests: 1, share: 0.25 }] };
    const lines = loadTestPanel(emptyState(), { lastRun: { ...run, shares } }, T0, 0).lines;
    expect(texts(lines)).toContain('web/p1 75%  api/a1 25%');
  });

  it('warns when a node throttled during the run', () => {
    const run: RunRecord = { ...captured(), throttled: true, newlyThrottled: { p2: ['under-voltage'] } };
    const lines = loadTestPanel(emptyState(), { lastRun: run }, T0, 0).lines;
    expect(lines.at(-1)).toEqual({ text: "⚠ flagged: p2: under-voltage (new since boot by the run's end) — these figures understate the hardware", tone: 'bad' });
  });

  it('prefers a test running now, and falls back to the state and then to a hint', () => {
    const running = reduceCluster(emptyState(), {
      type: 'load-test',
      at: T0,
      activity: { label: 'home', state: 'running', startedAt: T0 - 5000, progress: 0.4, requestsPerSecond: 120 },
    });
    expect(texts(loadTestPanel(running, { lastRun: captured() }, T0, 0).lines)).toEqual(['home · running 5s', '40% done', '120 req/s']);
    expect(texts(loadTestPanel(emptyState(), {}, T0, 0).lines)).toEqual(['none yet for wall (picon bench PRESET)']);
    expect(texts(loadTestPanel(emptyState(), { problem: 'EACCES' }, T0, 0).lines)).toContain('history: EACCES');
  });

  it('picks the newest run of the profile, not of another profile', () => {
    const mine = captured();
    const other = { ...mine, id: 'x', profile: 'other' };
    expect(lastRunOf([mine, other], 'lab')?.id).toBe(mine.id);
    expect(lastRunOf([other], 'lab')).toBeUndefined();
  });
});

describe('createLastRunReader', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('reads the history read-only and picks up a new run when the file changes', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'picon-wall-'));
    const file = path.join(dir, 'bench-history.jsonl');
    const reader = createLastRunReader(file, 'lab', 20);
    reader.start();
    try {
      await expect.poll(() => reader.current(), { timeout: 2000 }).toEqual({});
      await writeFile(file, HISTORY);
      await expect.poll(() => reader.current().lastRun?.id, { timeout: 2000 }).toBe('20261127-123355-p0v');
      await appendFile(file, HISTORY.replace('20261127-123355-p0v', '20261127-130000-abc'));
      await expect.poll(() => reader.current().lastRun?.id, { timeout: 2000 }).toBe('20261127-130000-abc');
      expect(readFileSync(file, 'utf8')).toBe(HISTORY + HISTORY.replace('20261127-123355-p0v', '20261127-130000-abc'));
    } finally {
      reader.stop();
    }
  });
});

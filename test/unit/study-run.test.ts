import { describe, expect, it } from 'vitest';
import { runStudy } from '../../src/adapters/loadtest/run-study.js';
import type { LoadTestEngine } from '../../src/adapters/loadtest/engine.js';
import { parseHistoryEntries } from '../../src/core/study/history-entries.js';
import { studyEntry } from '../../src/core/study/study-entry.js';
import { assembleStudy } from '../../src/core/study/study-assemble.js';
import { formatHistoryLine } from '../../src/core/loadtest/run-record.js';
import { planStudy } from '../../src/core/study/study-plan.js';
import { profileOf, runRecord, SEED_YAML } from './study-fixtures.js';

const seed = profileOf(SEED_YAML);
const planned = planStudy(seed, { rounds: 3, seconds: 1, restSeconds: 0, concurrency: 2, engine: 'builtin', includeFlagged: false, only: ['cluster', 'nginx:pi3', 'app:pi3'], endpoints: ['cached'] });
if (!planned.ok) throw new Error(planned.reason);
const plan = planned.plan;

/** An engine that answers at once with the URL's req/s, and stops the study at the chosen run. */
function engine(order: string[], stopAt?: { run: number; controller: AbortController }): LoadTestEngine {
  return async ({ plan: p, signal }) => {
    order.push(p.url);
    if (stopAt !== undefined && order.length === stopAt.run) stopAt.controller.abort();
    if (signal?.aborted === true) return { ok: false, reason: 'cancelled', cancelled: true };
    return { ok: true, result: { engine: 'builtin', target: p.url, concurrency: 2, requestsPerSecond: order.length, meanTimePerRequestMs: 1, latency: { p50Ms: 1, p95Ms: 1, p99Ms: 1, maxMs: 1 }, completed: 10, failed: 0, non2xx: 0, transferBytesPerSecond: 0, durationSeconds: 1 } };
  };
}

describe('runStudy', () => {
  it('runs the cells in interleaved rounds and keeps every run, unsaved one by one', async () => {
    const order: string[] = [];
    const ran = await runStudy(plan, { profile: 'seed', depsFor: async () => ({ engine: engine(order), save: async () => { throw new Error('saved one by one'); } }) });
    expect(order).toEqual([1, 2, 3].flatMap(() => ['http://10.0.0.1/', 'http://10.0.0.14/', 'http://10.0.0.14:8080/']));
    expect([ran.roundsCompleted, ran.stopped, ran.outcomes.length]).toEqual([3, false, 9]);
    expect(ran.outcomes.map((o) => `${o.round}:${o.cell}`)).toEqual(['1:0', '1:1', '1:2', '2:0', '2:1', '2:2', '3:0', '3:1', '3:2']);
  });

  it('stopped mid-round, keeps the completed rounds only (partial)', async () => {
    const order: string[] = [];
    const controller = new AbortController();
    const ran = await runStudy(plan, { profile: 'seed', depsFor: async () => ({ engine: engine(order, { run: 5, controller }), save: async () => undefined }) }, { signal: controller.signal });
    expect([ran.roundsCompleted, ran.stopped, ran.outcomes.length, order.length]).toEqual([1, true, 3, 5]);
    const result = assembleStudy(plan, ran.outcomes, { id: 's', startedAt: 'a', finishedAt: 'b', profile: seed, roundsCompleted: ran.roundsCompleted, stoppedBy: 'SIGINT' });
    expect([result.partial, result.roundsCompleted, result.stoppedBy, result.cells.map((c) => c.used)]).toEqual([true, 1, 'SIGINT', [1, 1, 1]]);
  });

  it('waits out the rest between loads, less the readings taken in it', async () => {
    const rests: number[] = [];
    let t = 0;
    const rested = { ...plan, settings: { ...plan.settings, rounds: 1, restSeconds: 2 } };
    await runStudy(rested, { profile: 'seed', now: () => (t += 100), sleep: async (ms) => void rests.push(ms), depsFor: async () => ({ engine: engine([]), save: async () => undefined }) });
    expect(rests).toHaveLength(2);
    for (const ms of rests) expect(ms).toBeLessThan(2000);
  });
});

describe('the history with studies', () => {
  it('reads a study line beside run lines, old run lines as before, and reports a broken study line', () => {
    const run = runRecord('Cluster', { mean: 1, p95: 1, rps: 1 });
    const result = assembleStudy(plan, [{ cell: 0, round: 1, ok: true, record: run }], { id: 'st1', startedAt: '2026-12-07T04:00:00.000Z', finishedAt: 'b', profile: seed, roundsCompleted: 1 });
    const line = JSON.stringify(studyEntry(result, [run]));
    const text = [formatHistoryLine(run).trim(), line, '{"version":1,"kind":"study","id":"x"}', ''].join('\n');
    const parsed = parseHistoryEntries(text);
    expect(parsed.records.map((r) => r.id)).toEqual([run.id]);
    expect(parsed.studies.map((s) => [s.id, s.runs.length, s.study.cells.length])).toEqual([['st1', 1, 3]]);
    expect(parsed.broken).toEqual([{ line: 3, reason: expect.stringMatching(/^not a study record \(/) as unknown as string }]);
  });
});

import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../src/core/loadtest/latency-histogram.js';
import { LatencyTally } from '../../src/core/loadtest/latency-tally.js';

/**
 * An engine thread counts latencies in a LatencyTally; the main thread merges the tallies into
 * the HDR histogram. The percentiles must be HDR's own, exactly as if every latency had been
 * recorded there one by one.
 */

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PERCENTILES = [0, 1, 10, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 100];

const CASES: { what: string; latencies: () => number[] }[] = [
  { what: 'sub-millisecond to a few milliseconds, with fractions of a microsecond', latencies: () => Array.from({ length: 5000 }, (_, i) => 0.0004 + i * 0.00137) },
  { what: 'around the 65.536 ms line where exact counting ends', latencies: () => Array.from({ length: 4001 }, (_, i) => 65.536 + (i - 2000) * 0.0003) },
  { what: 'every power of two from 1 µs to an hour, and its neighbours', latencies: () => Array.from({ length: 33 }, (_, k) => 2 ** k / 1000).flatMap((ms) => [ms - 0.001, ms, ms + 0.001]) },
  { what: 'past an hour (counted as an hour), zero, and negative clock noise', latencies: () => [0, -0.002, 3_600_001, 7_200_000, 1, 2] },
  { what: 'a log-normal spread from 0.1 ms to 10 s', latencies: () => { const r = random(14); return Array.from({ length: 20_000 }, () => Math.exp(Math.log(0.1) + r() * Math.log(1e5))); } },
  { what: 'a stall: most fast, a tail of 1–3 s', latencies: () => { const r = random(7); return Array.from({ length: 10_000 }, (_, i) => (i % 50 === 0 ? 1000 + r() * 2000 : 0.5 + r() * 2)); } },
];

describe('LatencyTally merged into the HDR histogram', () => {
  for (const c of CASES) {
    it(`gives HDR's own percentiles, mean and max: ${c.what}`, () => {
      const latencies = c.latencies();
      const direct = new LatencyHistogram();
      for (const ms of latencies) direct.record(ms);
      // Two threads' tallies, split unevenly.
      const a = new LatencyTally();
      const b = new LatencyTally();
      latencies.forEach((ms, i) => (i % 3 === 0 ? a : b).record(ms));
      expect(a.count + b.count).toBe(latencies.length);
      const merged = new LatencyHistogram();
      merged.merge(a.toData());
      merged.merge(b.toData());
      expect(merged.count).toBe(direct.count);
      expect(PERCENTILES.map((p) => merged.percentile(p))).toEqual(PERCENTILES.map((p) => direct.percentile(p)));
      expect(merged.max()).toBe(direct.max());
      expect(merged.mean()).toBeCloseTo(direct.mean() as number, 9);
    });
  }

  it('stays small however many different slow latencies it sees', () => {
    const tally = new LatencyTally();
    for (let i = 0; i < 200_000; i++) tally.record(65.536 + i * 0.37);
    const pairs = tally.toData().counts.length / 2;
    // 1024 keys for each power of two the latencies span (65 ms to 74 s: 11 of them).
    expect(pairs).toBeLessThanOrEqual(11 * 1024);
    expect(tally.count).toBe(200_000);
  });

  it('hands over nothing for an empty tally', () => {
    const merged = new LatencyHistogram();
    merged.merge(new LatencyTally().toData());
    expect([merged.count, merged.percentile(50), merged.max()]).toEqual([0, null, null]);
  });
});

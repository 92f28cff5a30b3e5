import { describe, expect, it } from 'vitest';
import { flagsByNode, runFlags } from '../../src/core/loadtest/run-flags.js';
import { runSamples } from '../../src/core/loadtest/run-sample-series.js';
import { flagLines, isFlagged, leaveOutFlagged, leftOutLine, samplesPart } from '../../src/core/loadtest/record-flags.js';
import type { NodeReading, NodeSample } from '../../src/core/loadtest/run-samples.js';
import type { RunRecord } from '../../src/core/loadtest/run-record.js';

/** A run's flags from its samples, and how records (new and old) say they are flagged. */

const busy = { percent: 90, cores: [95, 85] };
const idle = { percent: 3, cores: [4, 2] };
const at = (node: string, s: number, reading: NodeReading): NodeSample => ({ node, role: 'worker', atMs: s * 1000, reading });
const missed = (node: string, s: number, reason: string): NodeSample => ({ node, role: 'worker', atMs: s * 1000, missed: reason });
const cool = (node: string, s: number): NodeSample => at(node, s, { cpu: busy, temperatureC: 52, clockMhz: 1200, clockMaxMhz: 1200, throttleBits: 0 });
const seconds = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('runFlags', () => {
  it.each<[string, NodeSample[], ReturnType<typeof runFlags>]>([
    ['a cool run: no flag', seconds(0, 10).flatMap((s) => [cool('p1', s), cool('pi3', s)]), []],
    [
      'pi3 hot before and after (0x50005 throughout, clock 600 of 1200): throttled now and clock capped, not "since the run began"',
      seconds(0, 10).map((s) => at('pi3', s, { cpu: busy, temperatureC: 84, clockMhz: 600, clockMaxMhz: 1200, throttleBits: 0x50005 })),
      [
        { node: 'pi3', kind: 'throttled-now', what: ['under-voltage', 'throttled'], fromS: 0, toS: 10, samples: 11 },
        { node: 'pi3', kind: 'clock-capped', what: ['600 of 1200 MHz'], fromS: 0, toS: 10, samples: 11 },
      ],
    ],
    [
      'p2 heated at 4–6 s and cooled (the since-boot bits stay): when it was throttled now, and that it happened',
      seconds(0, 10).map((s) =>
        s < 4 ? cool('p2', s) : s <= 6 ? at('p2', s, { cpu: busy, clockMhz: 700, clockMaxMhz: 1200, throttleBits: 0xe000e }) : at('p2', s, { cpu: busy, clockMhz: 1200, clockMaxMhz: 1200, throttleBits: 0xe0000 }),
      ),
      [
        { node: 'p2', kind: 'throttled-now', what: ['ARM frequency capped', 'throttled', 'soft temperature limit'], fromS: 4, toS: 6, samples: 3 },
        { node: 'p2', kind: 'throttled-since-start', what: ['ARM frequency capped', 'throttled', 'soft temperature limit'], fromS: 4, toS: 10, samples: 7 },
        { node: 'p2', kind: 'clock-capped', what: ['700 of 1200 MHz'], fromS: 4, toS: 6, samples: 3 },
      ],
    ],
    [
      'a throttle between two samples: only the since-boot bit shows it',
      [at('p1', 0, { throttleBits: 0 }), at('p1', 1, { throttleBits: 0x40000 }), at('p1', 2, { throttleBits: 0x40000 })],
      [{ node: 'p1', kind: 'throttled-since-start', what: ['throttled'], fromS: 1, toS: 2, samples: 2 }],
    ],
    ['an idle node below its top clock (the governor): no flag', seconds(0, 3).map((s) => at('p3', s, { cpu: idle, clockMhz: 600, clockMaxMhz: 1200, throttleBits: 0 })), []],
    ['a busy PC below its top (turbo) clock, no firmware bits: not judged', seconds(0, 3).map((s) => at('pc', s, { cpu: busy, clockMhz: 2100, clockMaxMhz: 3600 })), []],
    [
      'a node whose first sample was missed: its first reading is its start; missed samples count for nothing',
      [missed('p1', 0, 'p1: command timed out after 3 s'), at('p1', 1, { throttleBits: 0x50000 }), missed('p1', 2, 'p1: connection lost'), at('p1', 3, { throttleBits: 0x50000 })],
      [],
    ],
    [
      'the clock maximum read at one sample only still counts for the others',
      [at('p1', 0, { cpu: busy, clockMhz: 1200, clockMaxMhz: 1200, throttleBits: 0 }), at('p1', 1, { cpu: busy, clockMhz: 800 })],
      [{ node: 'p1', kind: 'clock-capped', what: ['800 of 1200 MHz'], fromS: 1, toS: 1, samples: 1 }],
    ],
  ])('%s', (_name, samples, flags) => {
    expect(runFlags(samples)).toEqual(flags);
  });

  it('says per node what and when', () => {
    const flags = runFlags(seconds(0, 2).map((s) => at('pi3', s, { cpu: busy, clockMhz: 600, clockMaxMhz: 1200, throttleBits: 0x50005 })));
    expect(flagsByNode(flags)).toEqual(['pi3: throttled now (under-voltage, throttled) at 0–2 s, clock 600 of 1200 MHz at 0–2 s']);
  });
});

describe('runSamples', () => {
  const run = [cool('p1', 0), missed('p1', 1, 'p1: command timed out after 3 s'), cool('p1', 2), at('p2', 0, { cpu: idle }), at('p2', 1, { cpu: busy }), at('p2', 2, { cpu: busy })];

  it('keeps every sample in columns, a missed one as nulls with its reason, and the summaries', () => {
    const samples = runSamples({ intervalMs: 1000, nodes: run });
    expect(samples.kept).toBe('series');
    expect(samples.nodes?.[0]).toEqual({
      node: 'p1', role: 'worker', t: [0, 1, 2], cpu: [90, null, 90], cores: [[95, 85], null, [95, 85]],
      tempC: [52, null, 52], clockMhz: [1200, null, 1200], clockMaxMhz: 1200, throttle: [0, null, 0],
      missed: [{ t: 1, reason: 'p1: command timed out after 3 s' }],
    });
    expect(samples.nodes?.[1]).not.toHaveProperty('tempC');
    expect(samples.summary.nodes[1]).toEqual({ node: 'p2', role: 'worker', samples: 3, missed: 0, cpu: { mean: 61, max: 90, min: 3 }, busiestCore: { mean: 64.7, max: 95, min: 4 } });
  });

  it('past the limit of node-samples keeps only the summaries (the flags are made from every sample anyway)', () => {
    const samples = runSamples({ intervalMs: 1000, nodes: run, limit: 5 });
    expect(samples.kept).toBe('aggregate');
    expect(samples).not.toHaveProperty('nodes');
    expect(samples.summary.nodes.map((n) => n.samples)).toEqual([3, 3]);
  });

  it('a 300 s run of 5 nodes stays under 100 KB of JSON in the history', () => {
    const nodes = ['head', 'p1', 'p2', 'p3', 'pi3'].flatMap((n) => seconds(0, 300).map((s) => at(n, s, { cpu: { percent: 55.5, cores: [61.2, 49.8, 70.1, 30.3] }, temperatureC: 61.3, clockMhz: 1200, clockMaxMhz: 1200, throttleBits: 0 })));
    const size = JSON.stringify(runSamples({ intervalMs: 1000, nodes })).length;
    expect(size).toBeLessThan(100_000);
    expect(runSamples({ intervalMs: 1000, nodes }).kept).toBe('series');
  });
});

describe('record flags', () => {
  const base = { throttleBefore: [], throttleAfter: [], newlyThrottled: {}, throttled: false } as unknown as RunRecord;
  const old = { ...base, id: 'old', label: 'Cluster', throttled: true, newlyThrottled: { pi3: ['soft temperature limit'] } } as RunRecord;
  const hot = { ...base, id: 'hot', label: 'Cluster', ...samplesPart({ intervalMs: 1000, nodes: seconds(0, 2).map((s) => at('pi3', s, { cpu: busy, clockMhz: 600, clockMaxMhz: 1200, throttleBits: 0x50005 })) }) } as RunRecord;
  const fine = { ...base, id: 'fine', label: 'Cluster', ...samplesPart({ intervalMs: 1000, nodes: [cool('p1', 0), cool('p1', 1)] }) } as RunRecord;

  it('a record written before the sampler is still flagged, and says what it knew', () => {
    expect(isFlagged(old)).toBe(true);
    expect(flagLines(old)).toEqual(["pi3: soft temperature limit (new since boot by the run's end)"]);
    expect(isFlagged(fine)).toBe(false);
    expect(hot.throttled).toBe(true);
    expect(hot.newlyThrottled).toEqual({ pi3: ['under-voltage', 'throttled', 'clock 600 of 1200 MHz'] });
  });

  it('leaves flagged runs out unless asked, in one line', () => {
    const split = leaveOutFlagged([old, fine, hot], false);
    expect(split.shown.map((r) => r.id)).toEqual(['fine']);
    expect(leftOutLine(split.leftOut)).toBe('2 flagged runs left out (pi3 throttled, pi3 clock capped); --include-flagged to show them');
    expect(leftOutLine([hot])).toBe('1 flagged run left out (pi3 throttled, pi3 clock capped); --include-flagged to show it');
    expect(leaveOutFlagged([old, fine, hot], true).shown).toHaveLength(3);
    expect(leftOutLine([])).toBeUndefined();
  });
});

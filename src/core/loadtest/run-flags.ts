import { THROTTLE_CONDITIONS, SINCE_BOOT_SHIFT } from '../health/throttling.js';
import type { RunFlag, RunFlagKind } from './run-flag.js';
import type { NodeSample } from './run-samples.js';

/**
 * A run's flags from every sample of every node: a throttle bit of "now" at any sample, a
 * "since boot" bit that was clear at the node's first sample (a throttle that came and went
 * between two samples), or a Pi's clock below its maximum while the node was busy.
 */

/**
 * A Pi's governor (ondemand, Raspberry Pi OS's default) lowers an idle core's clock; that is not
 * a cap. Below this busy % of its busiest core a lower clock is not flagged.
 */
export const CLOCK_BUSY_PERCENT = 50;

const NOW_MASK = THROTTLE_CONDITIONS.reduce((bits, c) => bits | (1 << c.bit), 0);

function labels(bits: number, shift: number): string[] {
  return THROTTLE_CONDITIONS.filter((c) => (bits & (1 << (c.bit + shift))) !== 0).map((c) => c.label);
}

const seconds = (atMs: number): number => Math.max(0, Math.round(atMs / 100) / 10);

function busyEnough(sample: NodeSample): boolean {
  const cpu = sample.reading?.cpu;
  if (cpu === undefined) return true;
  return Math.max(cpu.percent, ...cpu.cores) >= CLOCK_BUSY_PERCENT;
}

interface Seen {
  node: string;
  kind: RunFlagKind;
  what: Set<string>;
  fromS: number;
  toS: number;
  samples: number;
  lowestMhz?: number;
  maxMhz?: number;
}

/** `samples`: every node's samples, in the order they were taken. */
export function runFlags(samples: readonly NodeSample[]): RunFlag[] {
  const startBits = new Map<string, number>();
  const maxClock = new Map<string, number>();
  // Only a Pi's clock is judged (a node with the firmware's throttle bits): a PC's cpufreq reads
  // below cpuinfo_max_freq (its turbo) most of the time, busy or not.
  const pis = new Set(samples.filter((s) => s.reading?.throttleBits !== undefined).map((s) => s.node));
  for (const s of samples) {
    const max = s.reading?.clockMaxMhz;
    if (max !== undefined && pis.has(s.node)) maxClock.set(s.node, Math.max(max, maxClock.get(s.node) ?? 0));
  }
  const seen = new Map<string, Seen>();
  const note = (s: NodeSample, kind: RunFlagKind, what: readonly string[]): Seen => {
    const key = `${s.node}\0${kind}`;
    const t = seconds(s.atMs);
    const found = seen.get(key) ?? { node: s.node, kind, what: new Set<string>(), fromS: t, toS: t, samples: 0 };
    for (const w of what) found.what.add(w);
    found.toS = t;
    found.samples += 1;
    seen.set(key, found);
    return found;
  };
  for (const s of samples) {
    const r = s.reading;
    if (r === undefined) continue;
    if (r.throttleBits !== undefined) {
      const start = startBits.get(s.node);
      if (start === undefined) startBits.set(s.node, r.throttleBits);
      if ((r.throttleBits & NOW_MASK) !== 0) note(s, 'throttled-now', labels(r.throttleBits, 0));
      const fresh = start === undefined ? 0 : r.throttleBits & ~start & (NOW_MASK << SINCE_BOOT_SHIFT);
      if (fresh !== 0) note(s, 'throttled-since-start', labels(fresh, SINCE_BOOT_SHIFT));
    }
    const max = maxClock.get(s.node);
    if (r.clockMhz !== undefined && max !== undefined && r.clockMhz < max && busyEnough(s)) {
      const found = note(s, 'clock-capped', []);
      found.lowestMhz = Math.min(found.lowestMhz ?? r.clockMhz, r.clockMhz);
      found.maxMhz = max;
    }
  }
  const order = (f: Seen): string[] => (f.kind === 'clock-capped' ? [`${f.lowestMhz} of ${f.maxMhz} MHz`] : THROTTLE_CONDITIONS.map((c) => c.label).filter((l) => f.what.has(l)));
  return [...seen.values()].map((f) => ({ node: f.node, kind: f.kind, what: order(f), fromS: f.fromS, toS: f.toS, samples: f.samples }));
}

const KIND_WORDS: Readonly<Record<RunFlagKind, string>> = {
  'throttled-now': 'throttled now',
  'throttled-since-start': 'throttled since the run began',
  'clock-capped': 'clock',
};

const when = (f: RunFlag): string => (f.fromS === f.toS ? `at ${f.fromS} s` : `at ${f.fromS}–${f.toS} s`);

/** "throttled now (under-voltage, throttled) at 0–12 s". */
export function flagText(f: RunFlag): string {
  return f.kind === 'clock-capped' ? `clock ${f.what.join(', ')} ${when(f)}` : `${KIND_WORDS[f.kind]} (${f.what.join(', ')}) ${when(f)}`;
}

/** Per node, its flags in words: "pi3: throttled now (…) at 0–12 s, clock 600 of 1200 MHz at 0–12 s". */
export function flagsByNode(flags: readonly RunFlag[]): string[] {
  const nodes = [...new Set(flags.map((f) => f.node))];
  return nodes.map((n) => `${n}: ${flags.filter((f) => f.node === n).map(flagText).join(', ')}`);
}

/** One or two words a list of left-out runs can name: "pi3 throttled", "p2 clock capped". */
export function flagWords(flags: readonly RunFlag[]): string[] {
  const words = flags.map((f) => `${f.node} ${f.kind === 'clock-capped' ? 'clock capped' : 'throttled'}`);
  return [...new Set(words)];
}

/** For records read by an older picon: the conditions by node, as its `newlyThrottled` was. */
export function legacyConditions(flags: readonly RunFlag[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of flags) {
    const words = f.kind === 'clock-capped' ? [`clock ${f.what.join(', ')}`] : f.what.map((w) => (f.kind === 'throttled-now' ? w : `${w} (since the run began)`));
    out[f.node] = [...new Set([...(out[f.node] ?? []), ...words])];
  }
  return out;
}

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseBatch } from '../../src/core/health/command-batch.js';
import { stepNodeSample, type NodeSampleMemory } from '../../src/core/loadtest/node-sample.js';
import { sampleOutput, samplePartCount, type SampleWants } from '../../src/core/loadtest/sample-command.js';
import { MAX_FRAME_CHARS, splitFrames, type FrameEvent } from '../../src/core/loadtest/sample-frames.js';
import { sampleLoopScript, tickLine } from '../../src/core/loadtest/sample-loop.js';

/**
 * The sampling loop's stream (sample-loop.ts) on frames captured from a lab head and worker
 * (test/fixtures/loadtest/samples/loop-*.frames, see its README): split as it streams in, torn
 * and malformed output named, and each frame read into the same samples the one-shot command gave.
 */

const root = fileURLToPath(new URL('../fixtures/loadtest/samples/', import.meta.url));
const WORKER = readFileSync(`${root}loop-worker.frames`, 'latin1');
const HEAD = readFileSync(`${root}loop-head.frames`, 'latin1');
const frameAt = (text: string, n: number): string => {
  const start = text.indexOf(`picon-sample:${n}\n`);
  const end = text.indexOf(`picon-sample-end:${n}\n`) + `picon-sample-end:${n}\n`.length;
  return text.slice(start, end);
};
const W1 = frameAt(WORKER, 1);
const W2 = frameAt(WORKER, 2);

/** Feeds `text` in chunks of `size` as onStdout would, collecting every event. */
function streamed(text: string, size: number): { events: FrameEvent[]; rest: string } {
  const events: FrameEvent[] = [];
  let rest = '';
  for (let i = 0; i < text.length; i += size) {
    const split = splitFrames(rest + text.slice(i, i + size));
    events.push(...split.events);
    rest = split.rest;
  }
  return { events, rest };
}
const kinds = (events: readonly FrameEvent[]): string[] =>
  events.map((e) => (e.kind === 'frame' ? `frame ${e.seq}` : e.kind === 'refused' ? `refused ${e.seq}` : `problem: ${e.reason}`));

describe('splitFrames', () => {
  const cases: { name: string; text: string; sizes?: number[]; events: (string | RegExp)[]; rest?: string }[] = [
    { name: 'two whole frames of a worker', text: WORKER, events: ['frame 1', 'frame 2'] },
    { name: 'the same, arriving in chunks of 1, 7 and 100 characters', text: WORKER, sizes: [1, 7, 100], events: ['frame 1', 'frame 2'] },
    { name: 'a frame still coming in stays in rest', text: W1 + W2.slice(0, 200), events: ['frame 1'], rest: W2.slice(0, 200) },
    { name: 'a begin line not yet whole waits', text: 'picon-sample:1', events: [], rest: 'picon-sample:1' },
    { name: 'a frame torn by the next one: named, the next one read', text: W1.slice(0, W1.lastIndexOf('\n', 300) + 1) + W2, events: ['problem: sample 1 was cut short by the next one', 'frame 2'] },
    { name: 'torn in the middle of a line: the end read is not its begin\'s', text: W1.slice(0, 300) + W2, events: ['problem: sample 1 ended as sample 2'] },
    { name: 'an end that is not its begin\'s', text: W1.replace('picon-sample-end:1\n', 'picon-sample-end:7\n') + W2, events: ['problem: sample 1 ended as sample 7', 'frame 2'] },
    { name: 'text outside a frame (a login banner), then a frame', text: `Welcome to a node\n${W1}`, events: [/^problem: output outside a frame: "Welcome to a node"$/, 'frame 1'] },
    { name: 'a tick the loop refused', text: `picon-sample-refused:x\n${W1}`, events: ['refused x', 'frame 1'] },
    { name: 'blank lines between frames are no problem', text: `${W1}\n\n${W2}`, events: ['frame 1', 'frame 2'] },
    { name: 'a line without end past the limit', text: 'x'.repeat(MAX_FRAME_CHARS + 1), events: [/^problem: output outside a frame: "x+…"$/], rest: '' },
    { name: 'a frame without end past the limit', text: `picon-sample:3\n${'T 1 1 1 1 1\n'.repeat(MAX_FRAME_CHARS / 10)}`, events: [`problem: sample 3 grew past ${MAX_FRAME_CHARS} characters without its end`], rest: '' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      for (const size of c.sizes ?? [c.text.length]) {
        const got = streamed(c.text, size);
        const names = kinds(got.events);
        expect(names).toHaveLength(c.events.length);
        c.events.forEach((want, i) => (typeof want === 'string' ? expect(names[i]).toBe(want) : expect(names[i]).toMatch(want)));
        expect(got.rest).toBe(c.rest ?? '');
      }
    });
  }
});

describe('a frame read as a sample', () => {
  const bodyOf = (text: string, n: number): string => {
    const event = splitFrames(frameAt(text, n)).events[0];
    if (event?.kind !== 'frame') throw new Error('no frame');
    return event.body;
  };
  const read = (node: string, role: 'head' | 'worker', wants: SampleWants, body: string, memory: NodeSampleMemory, atMs: number, services: Map<number, string>) => {
    const batch = parseBatch(body, samplePartCount(wants));
    if (!batch.ok) throw new Error(batch.reason);
    return stepNodeSample(memory, { node, role, atMs, output: sampleOutput(node, wants, batch.value), ...(wants.services !== undefined && { services }) });
  };
  // p1 of the lab: 12412 and 12417 nginx's master and worker, 12194 its app; the head: HAProxy 12431.
  const worker = new Map([[12412, 'nginx'], [12417, 'nginx'], [12194, 'app']]);
  const head = new Map([[12431, 'haproxy']]);

  it('a worker with Pi sensors: CPU per core, temperature, clock, throttle bits, and its services from the second frame on', () => {
    const wants1: SampleWants = { netDev: false, vcgencmd: true, services: [...worker.keys()] };
    const first = read('p1', 'worker', wants1, bodyOf(WORKER, 1), {}, 0, worker);
    expect(first.sample.problems).toBeUndefined();
    expect(first.sample.reading).toMatchObject({ temperatureC: 45, clockMhz: 1000, clockMaxMhz: 1000, throttleBits: 0 });
    expect(first.memory.sysfsComplete).toBe(true);
    const second = read('p1', 'worker', { ...wants1, vcgencmd: false }, bodyOf(WORKER, 2), first.memory, 1000, worker);
    expect(second.sample.reading?.cpu?.cores).toHaveLength(2);
    expect(second.sample.services?.map((s) => s.name).sort()).toEqual(['app', 'nginx']);
    expect(second.sample.services?.find((s) => s.name === 'app')?.threads).toBeGreaterThan(1);
  });

  it('the head: /proc/net/dev for its bytes, HAProxy\'s threads', () => {
    const wants: SampleWants = { netDev: true, vcgencmd: true, services: [...head.keys()] };
    const first = read('head', 'head', wants, bodyOf(HEAD, 1), {}, 0, head);
    const second = read('head', 'head', { ...wants, vcgencmd: false }, bodyOf(HEAD, 2), first.memory, 1000, head);
    expect(second.sample.traffic?.source).toBe('net-dev');
    expect(second.sample.services?.map((s) => s.name)).toEqual(['haproxy']);
    expect(second.sample.reading?.cpu?.percent).toBeGreaterThanOrEqual(0);
  });

  it('a frame with parts missing reads as a sample that did not finish, never a crash', () => {
    const wants: SampleWants = { netDev: false, vcgencmd: false, services: [1] };
    const batch = parseBatch('', samplePartCount(wants));
    expect(batch.ok && sampleOutput('p1', wants, batch.value)).toBe('p1: the sample did not finish');
  });
});

describe('the loop and its ticks', () => {
  it('a tick is digits, spaces and colons: the sample number, vcgencmd, the services\' pids, ab\'s pid', () => {
    expect(tickLine(7, { netDev: false, vcgencmd: true, services: [4242, 4243], processId: 99 })).toBe('7:1:4242 4243:99\n');
    expect(tickLine(8, { netDev: true, vcgencmd: false })).toBe('8:0::\n');
    expect(() => tickLine(9, { netDev: false, vcgencmd: false, services: [-1] })).toThrow(/not a process id: -1/);
    expect(() => tickLine(9, { netDev: false, vcgencmd: false, processId: 1.5 })).toThrow(/not a process id/);
  });
  it('the loop runs in the node\'s sh, the whole script one quoted argument; only the head\'s reads /proc/net/dev', () => {
    const text = sampleLoopScript({ netDev: true }).text;
    expect(text).toMatch(/^'exec' 'sh' '-c' '.*'$/s);
    expect(text).toContain("'\\''/proc/net/dev'\\''");
    expect(sampleLoopScript({ netDev: false }).text).not.toContain('/proc/net/dev');
  });
});

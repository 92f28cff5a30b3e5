import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createRunSampler, type SampledNode } from '../../src/adapters/loadtest/run-sampler.js';
import { fail, ok, type ExecOptions, type ExecResult, type NodeTransport, type Outcome } from '../../src/core/ports/node-transport.js';
import type { RemoteCommand } from '../../src/core/remote/shell-quote.js';

/** The run sampler with nodes that answer, answer slowly, or are gone: the run is never held up; one sampling loop per node for the whole run. */

const root = fileURLToPath(new URL('../fixtures/loadtest/samples/', import.meta.url));
const WORKER = readFileSync(`${root}host-worker.1`, 'latin1');

/**
 * A node whose sampling loop answers each tick with the captured sample after `delayMs`, or whose
 * exec fails as `error` says. It records the loop's execs and the tick lines picon wrote.
 */
function node(name: string, behaviour: { delayMs?: number; error?: string; reply?: (seq: string) => string; exitAfter?: number } = {}): NodeTransport & { execs: string[]; ticks: string[] } {
  const execs: string[] = [];
  const ticks: string[] = [];
  const exec = (command: RemoteCommand, options?: ExecOptions): Promise<Outcome<ExecResult>> => {
    execs.push(command.text);
    if (behaviour.error !== undefined) return Promise.resolve(fail('closed', behaviour.error));
    return new Promise((resolve) => {
      const end = (): void => resolve(ok({ code: 0, signal: null, stdout: '', stderr: '' }));
      options?.holdStdinUntil?.addEventListener('abort', end);
      options?.signal?.addEventListener('abort', end);
      let answered = 0;
      options?.stdinWriter?.((text) => {
        for (const line of text.split('\n').filter(Boolean)) {
          ticks.push(line);
          const seq = line.split(':')[0] ?? '';
          answered += 1;
          // The loop dies after `exitAfter` ticks (a node's sshd killed under it).
          if (behaviour.exitAfter !== undefined && answered > behaviour.exitAfter) {
            resolve(ok({ code: 255, signal: null, stdout: '', stderr: 'Connection closed' }));
            return;
          }
          const reply = behaviour.reply?.(seq) ?? `picon-sample:${seq}\n${WORKER}picon-sample-end:${seq}\n`;
          setTimeout(() => options.onStdout?.(reply), behaviour.delayMs ?? 0);
        }
      });
    });
  };
  return { node: name, execs, ticks, exec } as unknown as NodeTransport & { execs: string[]; ticks: string[] };
}

const sampled = (name: string, transport: NodeTransport): SampledNode => ({ name, role: 'worker', transport });
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('createRunSampler', () => {
  it('samples every node on each interval; a slow node misses the ticks it is still busy with, a dead one says why, and the end waits for neither', async () => {
    const fine = node('p1');
    const slow = node('p2', { delayMs: 250 });
    const dead = node('p3', { error: 'p3: connection lost' });
    const frozen = node('p4', { delayMs: 60_000 });
    const sampler = createRunSampler({
      nodes: [sampled('p1', fine), sampled('p2', slow), sampled('p3', dead), sampled('p4', frozen)],
      intervalMs: 100,
      timeoutMs: 400,
    });
    const began = Date.now();
    await sampler.baseline();
    sampler.start();
    await sleep(1_000);
    const ended = Date.now();
    const run = await sampler.finish();
    // The frozen node's sample in flight ends by its timeout; it is not asked again at the end.
    expect(Date.now() - ended).toBeLessThan(700);
    const of = (n: string) => run.nodes.filter((s) => s.node === n);
    expect(of('p1').length).toBeGreaterThanOrEqual(10);
    expect(of('p1').every((s) => s.missed === undefined)).toBe(true);
    expect(of('p2').some((s) => /^the sample at \d\.\d s had not answered yet$/.test(s.missed ?? ''))).toBe(true);
    expect(of('p2').filter((s) => s.missed === undefined).length).toBeGreaterThanOrEqual(3);
    expect(of('p3').every((s) => s.missed === 'p3: connection lost' || /no answer to the previous sample/.test(s.missed ?? ''))).toBe(true);
    expect(of('p4').some((s) => /timed out after 400 ms/.test(s.missed ?? ''))).toBe(true);
    expect(of('p4').at(-1)?.missed).toMatch(/^no answer to the previous sample \(p4: sample timed out/);
    // One tick per node per sample, never two at once on a busy node; one loop per node for the run.
    expect(slow.ticks.length).toBeLessThan(of('p2').length);
    expect(fine.ticks.length).toBe(of('p1').length);
    expect([fine, slow, frozen].map((n) => n.execs.length)).toEqual([1, 1, 1]);
    expect(run.nodes.map((s) => s.atMs)).toEqual([...run.nodes.map((s) => s.atMs)].sort((a, b) => a - b));
    expect(run.nodes[0]?.atMs).toBeLessThanOrEqual(0);
    expect(Date.now() - began).toBeLessThan(3_000);
  });

  it('duringRun false: the samples before and after the run only', async () => {
    const fine = node('p1');
    const sampler = createRunSampler({ nodes: [sampled('p1', fine)], intervalMs: 50, duringRun: false });
    await sampler.baseline();
    sampler.start();
    await sleep(300);
    const run = await sampler.finish();
    expect(run.nodes).toHaveLength(2);
    expect(fine.ticks).toHaveLength(2);
  });

  it('one tick per node per sample carries the services: HAProxy\'s pid from show info, a worker\'s found before the run', async () => {
    const head = node('head');
    const p1 = node('p1');
    let infos = 0;
    const sampler = createRunSampler({
      nodes: [{ name: 'head', role: 'head', transport: head }, { name: 'p1', role: 'worker', transport: p1, services: async () => new Map([[7902, 'app'], [8096, 'nginx']]) }],
      haproxyInfo: async () => {
        infos += 1;
        return [{ pid: 4242, idlePercent: 90, fields: new Map() } as never];
      },
      intervalMs: 100,
    });
    await sampler.baseline();
    sampler.start();
    await sleep(450);
    const run = await sampler.finish();
    const of = (n: string) => run.nodes.filter((s) => s.node === n);
    expect(head.ticks).toHaveLength(of('head').length);
    expect(p1.ticks).toHaveLength(of('p1').length);
    expect(of('p1').length).toBeGreaterThanOrEqual(4);
    expect(head.ticks.every((t) => t.split(':')[2] === '4242')).toBe(true);
    expect(p1.ticks.every((t) => t.split(':')[2] === '7902 8096')).toBe(true);
    expect([head.execs.length, p1.execs.length]).toEqual([1, 1]);
    expect(head.execs[0]).toContain("'/proc/net/dev'");
    expect(p1.execs[0]).not.toContain('/proc/net/dev');
    expect(infos).toBe(of('head').length);
  });

  it('a node whose loop prints garbage or torn frames: those samples are missed with the problem named, the run goes on', async () => {
    let n = 0;
    const garbled = node('p1', {
      reply: (seq) => {
        n += 1;
        if (n === 2) return 'Segmentation fault\n';
        if (n === 3) return `picon-sample:${seq}\n==> /proc/stat <==\ncpu 1 2\n`;
        return `picon-sample:${seq}\n${WORKER}picon-sample-end:${seq}\n`;
      },
    });
    const sampler = createRunSampler({ nodes: [sampled('p1', garbled)], intervalMs: 100, timeoutMs: 300 });
    await sampler.baseline();
    sampler.start();
    await sleep(750);
    const run = await sampler.finish();
    const missed = run.nodes.map((s) => s.missed).filter((m) => m !== undefined);
    expect(missed[0]).toBe('p1: the sampling loop printed something unexpected (output outside a frame: "Segmentation fault")');
    // Frame 3 never ended: its sample times out (the ticks meanwhile are not asked), frame 4 and on are read.
    expect(missed.some((m) => /^the sample at 0\.\d s had not answered yet$/.test(m))).toBe(true);
    expect(missed).toContain('p1: sample timed out after 300 ms');
    const read = run.nodes.map((s, i) => (s.missed === undefined ? i : -1)).filter((i) => i > 0);
    expect(read.at(-1)).toBe(run.nodes.length - 1);
    expect(garbled.ticks.length).toBeGreaterThanOrEqual(5);
    expect(garbled.execs).toHaveLength(1);
  });

  it('a loop that ends under the run (its sshd gone): that sample is missed with why, the next one starts a new loop', async () => {
    const dying = node('p2', { exitAfter: 3 });
    const sampler = createRunSampler({ nodes: [sampled('p2', dying)], intervalMs: 100, timeoutMs: 300 });
    await sampler.baseline();
    sampler.start();
    await sleep(750);
    const run = await sampler.finish();
    const missed = run.nodes.filter((s) => s.missed !== undefined);
    expect(missed.map((s) => s.missed)).toContain('p2: the sampling loop ended (exit 255): "Connection closed"');
    expect(dying.execs.length).toBeGreaterThanOrEqual(2);
    // Every loop answers 3 ticks then dies: one sample in 4 is missed.
    expect(run.nodes.filter((s) => s.missed === undefined).length).toBeGreaterThanOrEqual(3 * missed.length - 3);
  });

  it('a stopped sampler (a cancelled run) sends nothing more', async () => {
    const fine = node('p1');
    const sampler = createRunSampler({ nodes: [sampled('p1', fine)], intervalMs: 50 });
    await sampler.baseline();
    sampler.start();
    sampler.stop();
    await sleep(200);
    expect(fine.ticks).toHaveLength(1);
  });
});

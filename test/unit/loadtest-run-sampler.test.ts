import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createRunSampler, type SampledNode } from '../../src/adapters/loadtest/run-sampler.js';
import { fail, ok, type ExecOptions, type ExecResult, type NodeTransport, type Outcome } from '../../src/core/ports/node-transport.js';
import type { RemoteCommand } from '../../src/core/remote/shell-quote.js';

/** The run sampler with nodes that answer, answer slowly, or are gone: the run is never held up. */

const root = fileURLToPath(new URL('../fixtures/loadtest/samples/', import.meta.url));
const WORKER = readFileSync(`${root}host-worker.1`, 'latin1');

/** A node whose exec answers the captured sample after `delayMs`, or fails as `error` says; it honours the exec's timeout. */
function node(name: string, behaviour: { delayMs?: number; error?: string } = {}): NodeTransport & { commands: string[] } {
  const commands: string[] = [];
  const exec = (command: RemoteCommand, options?: ExecOptions): Promise<Outcome<ExecResult>> => {
    commands.push(command.text);
    if (behaviour.error !== undefined) return Promise.resolve(fail('closed', behaviour.error));
    const delay = behaviour.delayMs ?? 0;
    const timeout = options?.timeoutMs ?? 10_000;
    return new Promise((resolve) =>
      setTimeout(() => resolve(delay > timeout ? fail('timeout', `${name}: command timed out after ${timeout} ms`) : ok({ code: 0, signal: null, stdout: WORKER, stderr: '' })), Math.min(delay, timeout)),
    );
  };
  return { node: name, commands, exec } as unknown as NodeTransport & { commands: string[] };
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
    expect(of('p4').at(-1)?.missed).toMatch(/^no answer to the previous sample \(p4: command timed out/);
    // One command per node per sample, never two at once on a busy node.
    expect(slow.commands.length).toBeLessThan(of('p2').length);
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
    expect(fine.commands).toHaveLength(2);
  });

  it('one command per node per sample carries the services: HAProxy\'s pid from show info, a worker\'s found before the run', async () => {
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
    expect(head.commands).toHaveLength(of('head').length);
    expect(p1.commands).toHaveLength(of('p1').length);
    expect(of('p1').length).toBeGreaterThanOrEqual(4);
    expect(head.commands.every((c) => c.includes('set -- 4242\n'))).toBe(true);
    expect(p1.commands.every((c) => c.includes('set -- 7902 8096\n'))).toBe(true);
    expect(infos).toBe(of('head').length);
  });

  it('a stopped sampler (a cancelled run) sends nothing more', async () => {
    const fine = node('p1');
    const sampler = createRunSampler({ nodes: [sampled('p1', fine)], intervalMs: 50 });
    await sampler.baseline();
    sampler.start();
    sampler.stop();
    await sleep(200);
    expect(fine.commands).toHaveLength(1);
  });
});

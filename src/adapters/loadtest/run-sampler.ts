import { parseBatch } from '../../core/health/command-batch.js';
import type { HaproxyInfo } from '../../core/haproxy/show-info.js';
import { stepNodeSample, type NodeSampleMemory } from '../../core/loadtest/node-sample.js';
import type { PidGroups } from '../../core/loadtest/process-cpu.js';
import { sampleOutput, samplePartCount, type SampleOutput, type SampleWants } from '../../core/loadtest/sample-command.js';
import type { SampledRun } from '../../core/loadtest/run-sample-series.js';
import { SAMPLE_INTERVAL_MS, type GeneratorPlace, type GeneratorSample, type NodeRole, type NodeSample } from '../../core/loadtest/run-samples.js';
import type { NodeTransport } from '../../core/ports/node-transport.js';
import type { LocalCpu } from './local-cpu.js';
import { openSampleLoop, type SampleLoopSession } from './sample-loop-session.js';

/**
 * Samples every node (and the load generator) during a run, on every whole interval from the
 * run's start: one long-lived sampling loop per node for the whole run (sample-loop.ts, one exec
 * whose stdin picon holds), asked for each sample with one tick line and answering with one frame.
 * A node whose last sample has not answered yet misses this one (with why) instead of piling
 * ticks up, so a slow or dead node never holds the run or the other nodes back. The same frame
 * has the threads of the node's services (HAProxy's pids from `show info`, a worker's found once
 * before the run) for the bottleneck verdict. The loops end with the run (`finish`, `stop`), or
 * with picon's connections if picon dies.
 */

export interface SampledNode {
  readonly name: string;
  readonly role: NodeRole;
  readonly transport: NodeTransport;
  /** Finds the node's service pids once, before the first sample (a worker's nginx and app). */
  readonly services?: () => Promise<PidGroups>;
}

export interface RunSamplerOptions {
  readonly nodes: readonly SampledNode[];
  /** The head's `show info` of every process, or why it could not be read. */
  readonly haproxyInfo?: () => Promise<readonly HaproxyInfo[] | string>;
  /** Where the load comes from: picon (then `localCpu` reads it) or ab on a node. */
  readonly generator?: GeneratorPlace;
  readonly localCpu?: LocalCpu;
  readonly intervalMs?: number;
  /** Per sample (default 3 s: a sample later than that is of little use). */
  readonly timeoutMs?: number;
  /** Only the samples before and after the run, none during it (the sampling-cost bench's baseline). */
  readonly duringRun?: boolean;
  readonly clock?: () => number;
}

export interface RunSampler {
  /** The sample before the run (at t ≤ 0); then `start` at the run's start. */
  baseline(): Promise<void>;
  start(): void;
  /** ab's process on its node, once the engine knows it. */
  generatorProcess(pid: number): void;
  /** Stops the ticks, takes the last sample, and gives every sample taken. Never waits past the timeout. */
  finish(): Promise<SampledRun>;
  /** Stops without a last sample (a cancelled run). */
  stop(): void;
}

interface NodeState {
  readonly node: SampledNode;
  memory: NodeSampleMemory;
  busySince?: number;
  /** The sample being taken, to wait for at the end. */
  inFlight?: Promise<void>;
  /** The node's last sample failed (a timeout, a lost connection): the end does not wait on it again. */
  failed?: string;
  /** The pids whose threads the command reads → their service. */
  services?: PidGroups;
  readonly samples: NodeSample[];
  /** The node's sampling loop, started with its first sample. */
  loop?: SampleLoopSession;
}

function haproxyPids(info: readonly HaproxyInfo[] | string): PidGroups | undefined {
  if (typeof info === 'string') return undefined;
  return new Map(info.map((i) => i.pid).filter((p): p is number => p !== undefined).map((p) => [p, 'haproxy']));
}

export function createRunSampler(options: RunSamplerOptions): RunSampler {
  const intervalMs = options.intervalMs ?? SAMPLE_INTERVAL_MS;
  const timeoutMs = options.timeoutMs ?? 3_000;
  const clock = options.clock ?? Date.now;
  const generatorNode = options.generator?.kind === 'node' ? options.generator.node : undefined;
  const states = options.nodes.map((node): NodeState => ({ node, memory: {}, samples: [] }));
  const generatorSamples: GeneratorSample[] = [];
  let origin = clock();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  /** After finish: late answers of earlier samples are dropped. */
  let closed = false;
  let pid: number | undefined;

  const wantsOf = (state: NodeState): SampleWants => ({
    netDev: state.node.role === 'head',
    // vcgencmd only where a sysfs file was absent (or before the first sample says).
    vcgencmd: state.memory.vcgencmdMissing !== true && state.memory.sysfsComplete !== true,
    ...(state.node.name === generatorNode && pid !== undefined && { processId: pid }),
    ...(state.services !== undefined && state.services.size > 0 && { services: [...state.services.keys()] }),
  });

  async function readNode(state: NodeState, wants: SampleWants): Promise<SampleOutput | string> {
    state.loop ??= openSampleLoop(state.node.transport, state.node.name, { netDev: wants.netDev });
    const frame = await state.loop.sample(wants, timeoutMs);
    if (typeof frame === 'string') return frame;
    const batch = parseBatch(frame.body, samplePartCount(wants));
    if (!batch.ok) return `${state.node.name}: ${batch.reason}`;
    return sampleOutput(state.node.name, wants, batch.value);
  }

  function missed(state: NodeState, atMs: number, reason: string): void {
    state.samples.push({ node: state.node.name, role: state.node.role, atMs, missed: reason });
    if (state.node.name === generatorNode) generatorSamples.push({ atMs, missed: reason });
  }

  function sampleNode(state: NodeState, atMs: number): Promise<void> {
    const taking = takeSample(state, atMs);
    if (state.inFlight === undefined) {
      state.inFlight = taking;
      void taking.finally(() => {
        if (state.inFlight === taking) state.inFlight = undefined;
      });
    }
    return taking;
  }

  async function takeSample(state: NodeState, atMs: number): Promise<void> {
    const generator = state.node.name === generatorNode;
    if (state.busySince !== undefined) {
      const reason = `the sample at ${((state.busySince - origin) / 1000).toFixed(1)} s had not answered yet`;
      missed(state, atMs, reason);
      return;
    }
    state.busySince = origin + atMs;
    const head = state.node.role === 'head' && options.haproxyInfo !== undefined;
    // HAProxy's pids come with its `show info`: the first sample asks for them before the command.
    const info = head && state.services === undefined ? await options.haproxyInfo?.() : undefined;
    if (info !== undefined) state.services = haproxyPids(info) ?? new Map();
    const wants = wantsOf(state);
    const services = state.services;
    const [output, haproxy] = await Promise.all([readNode(state, wants), head && info === undefined ? options.haproxyInfo?.() : info]);
    if (head && haproxy !== undefined) state.services = haproxyPids(haproxy) ?? state.services;
    state.busySince = undefined;
    state.failed = typeof output === 'string' ? output : undefined;
    if (closed) return;
    const step = stepNodeSample(state.memory, {
      node: state.node.name, role: state.node.role, atMs, output,
      ...(haproxy !== undefined && { haproxy }),
      ...(generator && { generator: true }),
      ...(wants.services !== undefined && services !== undefined && { services }),
    });
    state.memory = step.memory;
    state.samples.push(step.sample);
    if (step.generator !== undefined) generatorSamples.push(step.generator);
  }

  function sampleLocal(atMs: number): Promise<void> {
    const cpu = options.localCpu;
    if (options.generator?.kind !== 'picon' || cpu === undefined) return Promise.resolve();
    return cpu.sample().then((reading) => {
      if (closed) return;
      generatorSamples.push(typeof reading === 'string' ? { atMs, missed: reading } : reading === undefined ? { atMs, missed: 'first sample (a figure needs two)' } : { atMs, reading });
    });
  }

  function sampleAll(atMs: number): Promise<void> {
    return Promise.all([...states.map((s) => sampleNode(s, atMs)), sampleLocal(atMs)]).then(() => undefined);
  }

  function schedule(n: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      void sampleAll(clock() - origin);
      schedule(n + 1);
    }, Math.max(0, origin + n * intervalMs - clock()));
  }

  return {
    async baseline() {
      await Promise.all(states.map(async (s) => {
        if (s.node.services !== undefined) s.services = await s.node.services().catch(() => new Map());
      }));
      origin = clock();
      await sampleAll(0);
    },
    start() {
      const was = origin;
      origin = clock();
      // The baseline was taken before the run's start: its time becomes negative.
      for (const state of states) state.samples.splice(0, state.samples.length, ...state.samples.map((x) => ({ ...x, atMs: x.atMs - (origin - was) })));
      generatorSamples.splice(0, generatorSamples.length, ...generatorSamples.map((x) => ({ ...x, atMs: x.atMs - (origin - was) })));
      if (options.duringRun !== false) schedule(1);
    },
    generatorProcess(p) {
      pid = p;
    },
    async finish() {
      stopped = true;
      clearTimeout(timer);
      // The last sample waits for each node's sample in flight (bounded by its timeout), but a
      // node whose sample just failed is not asked again: a dead node costs one timeout at most.
      await Promise.all(states.map((s) => s.inFlight));
      const atMs = clock() - origin;
      await Promise.all([
        ...states.map((s) => (s.failed !== undefined ? Promise.resolve(missed(s, atMs, `no answer to the previous sample (${s.failed})`)) : sampleNode(s, atMs))),
        sampleLocal(atMs),
      ]);
      closed = true;
      for (const s of states) s.loop?.close();
      const sorted = states.flatMap((s) => s.samples).sort((a, b) => a.atMs - b.atMs);
      return {
        intervalMs,
        afterRunMs: atMs,
        nodes: sorted,
        ...(options.generator !== undefined && { generator: { place: options.generator, samples: generatorSamples.sort((a, b) => a.atMs - b.atMs) } }),
      };
    },
    stop() {
      stopped = true;
      closed = true;
      clearTimeout(timer);
      for (const s of states) s.loop?.close();
    },
  };
}

import type { GeneratorSecond, NodeSecond, RunSecond } from './bottleneck.js';
import type { SampledRun } from './run-sample-series.js';
import type { GeneratorSample, NodeSample } from './run-samples.js';

/**
 * The bottleneck verdict's seconds from the run sampler's samples: each sample taken during the
 * run (after the start, before the sample after the run) is one second, with every node that
 * answered, the head's HAProxy and the generator. For picon the generator's figure is its busiest
 * thread's demand; for ab (one thread on its node) its CPU %, as time waiting for a core is not in it.
 */

function nodeSecond(s: NodeSample): NodeSecond | undefined {
  const cpu = s.reading?.cpu;
  if (cpu === undefined) return undefined;
  return {
    node: s.node,
    role: s.role,
    coresPct: cpu.cores,
    groups: s.services ?? [],
    ...(s.traffic !== undefined && { netBytesPerSecond: s.traffic.bytesOutPerSecond }),
  };
}

function generatorSecond(g: GeneratorSample | undefined, place: NonNullable<SampledRun['generator']>['place'], threads: number | undefined): GeneratorSecond | undefined {
  const r = g?.reading;
  if (r === undefined) return undefined;
  if (place.kind === 'picon' && threads === undefined) return undefined;
  if (place.kind === 'node') return { where: place.node, cpuPct: r.cpuPercent, busiestThreadPct: r.busiestThreadPercent ?? r.cpuPercent, threads: 1 };
  return {
    where: 'picon',
    cpuPct: r.cpuPercent,
    busiestThreadPct: r.busiestThreadDemand ?? r.busiestThreadPercent ?? r.cpuPercent,
    threads: threads ?? 1,
    ...(r.throttledPercent !== undefined && { throttledPct: r.throttledPercent }),
  };
}

/** `generatorThreads`: the built-in engine's load threads; undefined when picon does not generate the load. */
export function runSeconds(run: SampledRun, generatorThreads: number | undefined): RunSecond[] {
  const during = (atMs: number): boolean => atMs > 0 && (run.afterRunMs === undefined || atMs < run.afterRunMs);
  const ticks = [...new Set([...run.nodes.map((s) => s.atMs), ...(run.generator?.samples ?? []).map((s) => s.atMs)])].filter(during).sort((a, b) => a - b);
  const seconds: RunSecond[] = [];
  for (const atMs of ticks) {
    const samples = run.nodes.filter((s) => s.atMs === atMs);
    const nodes = samples.map(nodeSecond).filter((n): n is NodeSecond => n !== undefined);
    const h = samples.find((s) => s.role === 'head')?.haproxy;
    const generator = run.generator === undefined ? undefined : generatorSecond(run.generator.samples.find((s) => s.atMs === atMs), run.generator.place, generatorThreads);
    if (nodes.length === 0 && generator === undefined) continue;
    seconds.push({
      atMs,
      ...(h !== undefined && {
        haproxy: {
          ...(h.idlePercent !== undefined && { idlePct: h.idlePercent }),
          ...(h.runQueue !== undefined && { runQueue: h.runQueue }),
          ...(h.threads !== undefined && { threads: h.threads }),
          ...(h.processes !== undefined && { processes: h.processes }),
        },
      }),
      nodes,
      ...(generator !== undefined && { generator }),
    });
  }
  return seconds;
}

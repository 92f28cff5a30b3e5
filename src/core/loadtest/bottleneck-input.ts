import type { RunSecond } from './bottleneck.js';
import type { GeneratorPlace, GeneratorSample } from './run-samples.js';

/**
 * ab's CPU on its node, from the run sampler's generator samples, as the verdict's generator when
 * the bottleneck sampler had none (it samples only picon's own threads). ab is one thread; its
 * figure is CPU %, not demand (time waiting for a core is not in it).
 */
export function withSampledGenerator(
  seconds: readonly RunSecond[],
  generator: { readonly place: GeneratorPlace; readonly samples: readonly GeneratorSample[] } | undefined,
): readonly RunSecond[] {
  if (generator === undefined || generator.place.kind !== 'node' || seconds.some((s) => s.generator !== undefined)) return seconds;
  const where = generator.place.node;
  const readings = generator.samples.filter((s) => s.atMs > 0 && s.reading !== undefined).map((s) => s.reading);
  return seconds.map((s, i) => {
    const r = readings[i];
    return r === undefined ? s : { ...s, generator: { where, cpuPct: r.cpuPercent, busiestThreadPct: r.busiestThreadPercent ?? r.cpuPercent, threads: 1 } };
  });
}

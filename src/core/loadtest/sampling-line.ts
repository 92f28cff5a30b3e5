import type { RunRecord } from './run-record.js';
import type { GeneratorSummary } from './run-samples.js';

/**
 * The summary's "Sampled" line: how many nodes, how often, what was missed and the generator's
 * CPU — "5 nodes every 1 s (61 samples each), 2 missed (p3: command timed out after 3 s);
 * picon's CPU 43 % mean, busiest thread 38 %".
 */

function generatorText(g: GeneratorSummary): string {
  const who = g.place.kind === 'picon' ? "picon's CPU" : `ab's CPU on ${g.place.node}`;
  if (g.cpu === undefined) return `${who} not read`;
  const busiest = g.busiestThread === undefined ? '' : `, busiest thread ${Math.round(g.busiestThread.mean)} %`;
  return `${who} ${Math.round(g.cpu.mean)} % mean, ${Math.round(g.cpu.max)} % max${busiest}`;
}

export function samplingLine(record: RunRecord): string | undefined {
  const samples = record.samples;
  if (samples === undefined) return undefined;
  const nodes = samples.summary.nodes;
  if (nodes.length === 0) return undefined;
  const most = Math.max(...nodes.map((n) => n.samples));
  const missed = nodes.reduce((n, s) => n + s.missed, 0);
  const firstMiss = samples.nodes?.flatMap((n) => n.missed.map((m) => m.reason))[0];
  const missText = missed === 0 ? '' : `, ${missed} missed${firstMiss === undefined ? '' : ` (${firstMiss})`}`;
  const every = `every ${samples.intervalMs / 1000} s`;
  const kept = samples.kept === 'aggregate' ? '; summaries kept, not every sample' : '';
  const generator = samples.summary.generator === undefined ? '' : `; ${generatorText(samples.summary.generator)}`;
  return `${nodes.length} node${nodes.length === 1 ? '' : 's'} ${every} (${most} samples)${missText}${generator}${kept}`;
}

import type { KnobResult } from '../../adapters/lab/lab-knobs.js';
import { numberFlag } from '../../core/flags/flag-value.js';
import type { CommandContext } from '../command.js';
import { EXIT_BAD_INPUT, UsageError } from '../exit-codes.js';
import { writeJson, writeJsonError } from '../json-output.js';
import type { LabOps } from '../lab-wiring.js';

/** `lab head-threads`, `lab cpu-cap`, `lab slow`: the knobs that make one part the bottleneck (docs/lab.md). */

const KNOBS = ['head-threads', 'cpu-cap', 'slow'] as const;
type Knob = (typeof KNOBS)[number];

function number(flag: string, text: string, min: number, max: number, unit: string, whole: boolean): number {
  const n = numberFlag(flag, text, { min, max, unit, whole });
  if (!n.ok) throw new UsageError(n.reason);
  return n.value;
}

export async function runKnob(
  ctx: CommandContext,
  sub: string | undefined,
  rest: readonly string[],
  lab: Pick<LabOps, 'headThreads' | 'cpuCap' | 'slowApp'>,
  dir: string,
): Promise<number | undefined> {
  const knob = KNOBS.find((k) => k === sub) as Knob | undefined;
  if (knob === undefined) return undefined;
  let result: KnobResult;
  let node: string | null = null;
  let service: string | null = null;
  if (knob === 'head-threads') {
    const [value, ...extra] = rest;
    if (value === undefined || extra.length > 0) throw new UsageError('usage: picon lab head-threads N|auto');
    const threads = value === 'auto' ? undefined : number('head-threads', value, 1, 64, 'threads', true);
    node = 'head';
    service = 'haproxy';
    result = await lab.headThreads({ dir, threads });
  } else if (knob === 'cpu-cap') {
    const [n, s, value, ...extra] = rest;
    if (n === undefined || s === undefined || value === undefined || extra.length > 0) throw new UsageError('usage: picon lab cpu-cap NODE SERVICE PCT|off');
    const percent = value === 'off' ? undefined : number('cpu-cap', value.replace(/%$/, ''), 1, 400, '% of one core', false);
    [node, service] = [n, s];
    result = await lab.cpuCap({ dir, node: n, service: s, percent });
  } else {
    const [n, value, ...extra] = rest;
    if (n === undefined || value === undefined || extra.length > 0) throw new UsageError('usage: picon lab slow NODE FACTOR');
    const factor = number('slow', value, 1, 1000, 'times the work', false);
    node = n;
    service = 'webapp';
    result = await lab.slowApp({ dir, node: n, factor });
  }
  if (ctx.globals.json) {
    if (result.code === 0) writeJson(ctx, 'lab-control', { verb: knob, node: node ?? '', service, lines: result.lines });
    else writeJsonError(ctx, { code: result.code === EXIT_BAD_INPUT ? 'bad-input' : 'failed', message: result.lines.join('; ') });
    return result.code;
  }
  for (const line of result.lines) (result.code === 0 ? ctx.stdout : ctx.stderr).write(`${result.code === 0 ? '' : 'picon: '}${line}\n`);
  return result.code;
}

import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ControlVerb } from '../../adapters/lab/lab-control.js';
import { DEFAULT_SUBNET, defaultLabDir, MAX_WORKERS, parseSubnet } from '../../adapters/lab/lab-plan.js';
import { attachDashValues, numberFlag, refusal } from '../../core/flags/flag-value.js';
import type { SensorVerb } from '../../adapters/lab/lab-sensors.js';
import { renderLabStatus, sensorsLine, sensorsOf, sensorsText, type LabStatus } from '../../adapters/lab/lab-status.js';
import { stallChoice } from '../../core/lab/stall-schedule.js';
import { runKnob } from './lab-knob-commands.js';
import type { CommandContext } from '../command.js';
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_PARTIAL, UsageError } from '../exit-codes.js';
import { writeJson, writeJsonError } from '../json-output.js';
import type { LabOps } from '../lab-wiring.js';
import { createRuntime } from '../runtime.js';

const USAGE = [
  'usage: picon lab up [--workers N] [--subnet 127.K.L] [--metrics prometheus] [--dir DIR]',
  '       picon lab status [--json] | down [--keep-files]',
  '       picon lab stop|start|kill NODE [SERVICE] | freeze NODE [SERVICE]',
  '       picon lab restart|is-active NODE SERVICE',
  '       picon lab stall NODE --every 3s --for 1s | --off   (its app holds every response during each stall)',
  '       picon lab heat|cool|undervolt NODE   (a worker\'s Pi sensors)',
  '       picon lab head-threads N|auto | cpu-cap NODE SERVICE PCT|off | slow NODE FACTOR',
  '  (every subcommand takes --dir DIR; default $PICON_LAB_DIR or ~/.local/share/picon/lab)',
].join('\n');

const SENSOR_VERBS: readonly SensorVerb[] = ['heat', 'cool', 'undervolt'];
const CONTROL: readonly ControlVerb[] = ['stop', 'start', 'kill', 'freeze', 'restart', 'is-active'];

function summary(status: LabStatus, seconds: number, already: boolean): string {
  const workers = status.nodes.filter((n) => n.role === 'worker');
  return [
    already ? `lab already up in ${status.dir}` : `lab up in ${seconds.toFixed(1)} s: head + ${workers.length} workers on ${status.subnet}.0/24`,
    `  frontend   ${status.frontendUrl}`,
    `  ${sensorsLine(status)}`,
    `  profile    ${status.profile} (registered as "lab": picon --profile lab)`,
    `  ssh        ssh -i ${status.identityFile} -o UserKnownHostsFile=${status.knownHosts} -p 2222 ${status.user}@ADDRESS`,
    '  stop it    picon lab down' + (status.dir === defaultLabDir(process.env, os.homedir()) ? '' : ` --dir ${status.dir}`),
    '',
  ].join('\n');
}

export async function run(ctx: CommandContext): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: attachDashValues(ctx.args, ['--dir', '--workers', '--subnet', '--metrics', '--every', '--for']),
      allowPositionals: true,
      options: {
        dir: { type: 'string' },
        workers: { type: 'string' },
        subnet: { type: 'string' },
        metrics: { type: 'string' },
        'keep-files': { type: 'boolean' },
        every: { type: 'string' },
        for: { type: 'string' },
        off: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message, USAGE);
  }
  const { values, positionals } = parsed;
  const [sub, ...rest] = positionals;
  const dir = values.dir !== undefined ? path.resolve(values.dir) : defaultLabDir(ctx.env, os.homedir());
  // The lab's operations come from the composition root (local processes; no SSH, no profile).
  const lab = await createRuntime(ctx).lab();
  const out = (text: string) => ctx.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  const err = (text: string) => ctx.stderr.write(`${text}\n`);

  if (sub === 'up') {
    if (rest.length > 0) throw new UsageError(`unexpected "${rest.join(' ')}"`, USAGE);
    let workers: number | undefined;
    if (values.workers !== undefined) {
      const n = numberFlag('--workers', values.workers, { min: 1, max: MAX_WORKERS, unit: 'workers', whole: true });
      if (!n.ok) throw new UsageError(n.reason);
      workers = n.value;
    }
    if (values.subnet !== undefined && parseSubnet(values.subnet) === undefined) {
      throw new UsageError(refusal('--subnet', values.subnet, 'a loopback /24 as 127.K.L, such as 127.0.2'));
    }
    if (values.metrics !== undefined && values.metrics !== 'prometheus') {
      throw new UsageError(refusal('--metrics', values.metrics, '"prometheus" (node_exporter on every node, HAProxy\'s exporter and a Prometheus server on the head)'));
    }
    const result = await lab.up({
      dir, subnet: values.subnet ?? DEFAULT_SUBNET, ...(workers !== undefined && { workers }),
      ...(values.metrics === 'prometheus' && { metrics: 'prometheus' as const }),
      progress: err,
    });
    if (!result.ok) {
      if (ctx.globals.json) {
        writeJsonError(ctx, { code: result.code === EXIT_BAD_INPUT ? 'bad-input' : 'failed', message: result.reason, ...(result.hint !== undefined && { hint: result.hint }) });
        return result.code;
      }
      err(`picon: ${result.reason}`);
      if (result.hint !== undefined) err(`  ${result.hint}`);
      return result.code;
    }
    if (ctx.globals.json) writeJson(ctx, 'lab-status', result.status);
    else out(summary(result.status, result.seconds, result.already));
    return EXIT_OK;
  }
  if (sub === 'status') {
    const read = await lab.state(dir);
    if (read.kind !== 'ok') {
      const message = read.kind === 'none' ? `no lab in ${dir}` : read.reason;
      if (ctx.globals.json) writeJsonError(ctx, { code: 'failed', message, culprit: dir });
      else err(`picon: ${message}`);
      return EXIT_PARTIAL;
    }
    const status = lab.status(read.state);
    if (ctx.globals.json) writeJson(ctx, 'lab-status', status);
    else out(renderLabStatus(status));
    return status.healthy ? EXIT_OK : EXIT_PARTIAL;
  }
  if (sub === 'down') {
    const result = await lab.down(dir, { keepFiles: values['keep-files'] === true });
    if (ctx.globals.json) writeJson(ctx, 'lab-down', { dir, found: result.found, stopped: result.stopped, lines: result.lines });
    else for (const line of result.lines) out(line);
    return EXIT_OK;
  }
  if (sub === 'stall') return stallCommand(ctx, lab, dir, rest, values);
  const sensorVerb = SENSOR_VERBS.find((v) => v === sub);
  if (sensorVerb !== undefined) {
    const [node, ...extra] = rest;
    if (node === undefined || extra.length > 0) throw new UsageError(`lab ${sensorVerb} takes NODE`, USAGE);
    const result = await lab.sensors(dir, node, sensorVerb);
    if (!result.ok) {
      if (ctx.globals.json) writeJsonError(ctx, { code: result.code === EXIT_BAD_INPUT ? 'bad-input' : 'failed', message: result.reason });
      else err(`picon: ${result.reason}`);
      return result.code;
    }
    const sensors = sensorsOf(result.after.now);
    const line = `${result.node}: ${sensorsText(sensors)} (was ${sensorsText(sensorsOf(result.before.now))})`;
    if (ctx.globals.json) writeJson(ctx, 'lab-sensors', { verb: sensorVerb, node: result.node, sensors, lines: [line] });
    else out(line);
    return EXIT_OK;
  }
  const knob = await runKnob(ctx, sub, rest, lab, dir);
  if (knob !== undefined) return knob;
  const verb = CONTROL.find((v) => v === sub);
  if (verb !== undefined) {
    const [node, service, ...extra] = rest;
    if (node === undefined || extra.length > 0) throw new UsageError(`lab ${verb} takes NODE [SERVICE]`, USAGE);
    const result = await lab.control({ dir, verb, node, ...(service !== undefined && { service }) });
    const answered = result.code === 0 || (verb === 'is-active' && result.code === 3);
    if (ctx.globals.json) {
      if (answered) {
        writeJson(ctx, 'lab-control', { verb, node, service: service ?? null, ...(verb === 'is-active' && { active: result.code === 0 }), lines: result.lines });
      } else {
        writeJsonError(ctx, { code: result.code === EXIT_BAD_INPUT ? 'bad-input' : 'failed', message: result.lines.join('; ') });
      }
      return result.code;
    }
    for (const line of result.lines) (result.code === 0 || (verb === 'is-active' && result.code === 3) ? out : err)(result.code === EXIT_BAD_INPUT ? `picon: ${line}` : line);
    return result.code;
  }
  throw new UsageError(sub === undefined ? 'lab needs a subcommand' : `unknown lab subcommand "${sub}"`, USAGE);
}

async function stallCommand(ctx: CommandContext, lab: LabOps, dir: string, rest: readonly string[], values: { every?: string; for?: string; off?: boolean }): Promise<number> {
  const [node, ...extra] = rest;
  if (node === undefined || extra.length > 0) throw new UsageError('lab stall takes one NODE', USAGE);
  if (values.off === true && (values.every !== undefined || values.for !== undefined)) throw new UsageError('lab stall: give --off, or --every and --for, not both');
  let stall = null;
  if (values.off !== true) {
    const choice = stallChoice(values.every, values.for);
    if (!choice.ok) throw new UsageError(choice.reason);
    stall = { everyMs: choice.everyMs, forMs: choice.forMs };
  }
  const result = await lab.stall(dir, node, stall);
  if (!result.ok) {
    if (ctx.globals.json) writeJsonError(ctx, { code: result.code === EXIT_BAD_INPUT ? 'bad-input' : 'failed', message: result.reason, culprit: node });
    else ctx.stderr.write(`picon: ${result.reason}\n`);
    return result.code;
  }
  if (ctx.globals.json) writeJson(ctx, 'lab-control', { verb: 'stall', node, service: 'webapp', lines: [result.line] });
  else ctx.stdout.write(`${result.line}\n`);
  return EXIT_OK;
}

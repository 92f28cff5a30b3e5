import { terminalConfirm } from '../../adapters/actions/terminal-confirm.js';
import { isRunning } from '../../adapters/actions/process-identity.js';
import { progressFile, progressStore } from '../../adapters/actions/rollout-progress-file.js';
import { resumeRollout, startRollout, type RolloutDeps } from '../../adapters/actions/run-rollout.js';
import { describeAction, needsConfirmation } from '../../core/actions/catalog.js';
import { withSchemaVersion } from '../../core/json-output/schema-version.js';
import { outputMismatch } from '../../core/json-output/output-schemas.js';
import { parseRolloutArgs, ROLLOUT_USAGE } from '../../core/rollout/parse-rollout-args.js';
import { eventLine, type RolloutEvent } from '../../core/rollout/rollout-events.js';
import { progressLine, type NodePhase } from '../../core/rollout/rollout-progress.js';
import { resolveRollout } from '../../core/rollout/resolve-rollout.js';
import type { CommandContext } from '../command.js';
import { UsageError } from '../exit-codes.js';
import { terminalPassphrasePrompt } from '../passphrase-prompt.js';
import { createRuntime } from '../runtime.js';

/** picon rollout restart|weight|state … and picon rollout resume (docs/actions.md#rollout). */

const CONNECT_TIMEOUT_MS = 10_000;

/** Events as they come: one JSON object per line with --json; else the plan, a progress line per step, and the end. */
function eventPrinter(ctx: CommandContext): (event: RolloutEvent) => void {
  const phases = new Map<string, NodePhase>();
  const tty = ctx.stderr.isTTY === true && !ctx.globals.json;
  let inPlace = false;
  const endLine = () => {
    if (inPlace) ctx.stderr.write('\n');
    inPlace = false;
  };
  return (event) => {
    if (ctx.globals.json) {
      const line = withSchemaVersion({ time: new Date().toISOString(), ...event });
      const mismatch = outputMismatch('rollout-event', line);
      if (mismatch !== undefined) ctx.stderr.write(`picon: warning: this event does not fit schema/rollout-event.schema.json (${mismatch}); please report it\n`);
      ctx.stdout.write(`${JSON.stringify(line)}\n`);
      return;
    }
    if (event.event === 'plan') for (const node of event.batches.flat()) phases.set(node, 'waiting');
    if (event.event === 'phase') {
      phases.set(event.node, event.phase);
      const line = progressLine({ nodes: [...phases].map(([node, phase]) => ({ node, phase, servers: [] })) });
      if (tty) {
        ctx.stderr.write(`\r\x1b[K${line}`);
        inPlace = true;
      } else ctx.stderr.write(`${line}\n`);
      return;
    }
    const text = eventLine(event);
    if (text === undefined) return;
    endLine();
    if (event.event === 'stopped' || event.event === 'refused') ctx.stderr.write(`picon: ${text}\n`);
    else if (event.event === 'note') ctx.stderr.write(`${text}\n`);
    else ctx.stdout.write(`${text}\n`);
  };
}

export async function run(ctx: CommandContext): Promise<number> {
  const parsed = parseRolloutArgs(ctx.args);
  if (!parsed.ok) throw new UsageError(parsed.reason, `usage: ${ROLLOUT_USAGE}`);
  const command = parsed.value;
  const runtime = createRuntime(ctx);
  const profile = await runtime.profile();
  const nodes = command.kind === 'start' ? resolveRollout(profile, command.request) : undefined;
  if (nodes !== undefined && !nodes.ok) throw new UsageError(nodes.reason);
  const title = command.kind === 'start' ? describeAction(command.request) : 'rollout resume';
  // The catalog's rule: on a terminal it asks [y/N] (after its own checks); without one, --yes.
  const asks = command.kind === 'resume' || needsConfirmation(command.request);
  if (asks && !ctx.globals.yes && !ctx.globals.dryRun && ctx.stdin.isTTY !== true) {
    throw new UsageError(`${title} needs confirmation and there is no terminal to ask on: add --yes to go ahead`);
  }
  const connectTo = nodes?.ok === true ? [profile.head.name, ...nodes.value.map((n) => n.node.name)] : profile.nodes.map((n) => n.name);
  const passphrasePrompt = terminalPassphrasePrompt(ctx);
  await runtime.connections({ reconnect: false, connectTimeoutMs: CONNECT_TIMEOUT_MS, nodes: connectTo, ...(passphrasePrompt !== undefined && { passphrasePrompt }) });
  const emit = eventPrinter(ctx);
  const cancel = new AbortController();
  const onInterrupt = () => {
    if (cancel.signal.aborted) process.exit(130);
    cancel.abort();
    emit({ event: 'note', message: 'stopping after the nodes in hand are back in service (Ctrl-C again quits at once; `picon rollout resume` goes on)' });
  };
  process.on('SIGINT', onInterrupt);
  try {
    const actions = await runtime.actionDeps({ confirm: terminalConfirm(ctx.stdin, ctx.stderr) });
    const deps: RolloutDeps = { actions, store: progressStore(progressFile(ctx.env, profile.name)), emit, isRunning, signal: cancel.signal };
    const options = { dryRun: ctx.globals.dryRun, yes: ctx.globals.yes };
    if (command.kind === 'resume') return await resumeRollout(deps, { ...options, ...(command.lockWaitMs !== undefined && { lockWaitMs: command.lockWaitMs }) });
    return await startRollout(deps, command.request, nodes?.ok === true ? nodes.value : [], options);
  } finally {
    process.off('SIGINT', onInterrupt);
    runtime.close();
  }
}


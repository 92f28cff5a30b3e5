import type { ActionReport, PlannedCommand } from '../../core/actions/action-report.js';
import { describeRequest } from '../../core/actions/action-request.js';
import { confirmQuestion } from '../../core/actions/catalog.js';
import type { ResolvedServiceStep } from '../../core/actions/plan-step.js';
import { serviceCommands } from '../../core/actions/remote-steps.js';
import type { RemoteCommand } from '../../core/remote/shell-quote.js';
import type { NodeTransport } from '../../core/ports/node-transport.js';
import { defaultSleep, type ActionDeps, type ActionOptions } from './action-deps.js';
import { withHeadLock } from './head-lock.js';
import { outputTail, runStep } from './shell-step.js';

/**
 * `restart NODE SERVICE`: the node's serviceControl.restart template over SSH, then its isActive
 * template until the service is running again (or the wait is over). The head's haproxy is
 * restarted holding the head lock, as every other change of HAProxy is.
 */

const ACTIVE_WAIT_MS = 15_000;

async function isActive(transport: NodeTransport, command: RemoteCommand, timeoutMs: number): Promise<boolean | null> {
  const r = await transport.exec(command, { timeoutMs });
  if (!r.ok) return null;
  return r.value.code === 0;
}

export async function runRestart(deps: ActionDeps, step: ResolvedServiceStep, options: ActionOptions): Promise<ActionReport> {
  const { profile } = deps;
  const { request, node } = step;
  const title = describeRequest(request);
  const base = { action: 'restart' as const, profile: profile.name, node: request.node, title, dryRun: options.dryRun, forced: [], servers: [] };
  const commands = serviceCommands(node, request.service);
  const planned: PlannedCommand[] = [
    { node: node.name, kind: 'shell', line: commands.restart.text },
    { node: node.name, kind: 'shell', line: commands.isActive.text },
  ];
  const timeoutMs = deps.commandTimeoutMs ?? 60_000;
  const transport = deps.transport(node.name);
  const up = await transport.ready(timeoutMs);
  const service = (activeBefore: boolean | null, activeAfter: boolean | null, output?: string) => ({
    service: request.service,
    activeBefore,
    activeAfter,
    ...(output !== undefined && { output }),
  });
  if (!up.ok) return { ...base, commands: planned, result: 'failed', reason: up.error.message, service: service(null, null) };

  const before = await isActive(transport, commands.isActive, timeoutMs);
  if (options.dryRun) return { ...base, commands: planned, result: 'ok', service: service(before, null) };
  if (!options.yes && !(await deps.confirm(confirmQuestion(request)))) {
    return { ...base, commands: planned, result: 'declined', reason: 'not confirmed; nothing was changed', service: service(before, null) };
  }

  const restart = async (): Promise<ActionReport> => {
    const recorded = await deps.journal?.intent({ ...base, commands: planned, result: 'ok', service: service(before, null) });
    if (recorded?.ok === false) return { ...base, commands: planned, result: 'refused', refusedBy: 'journal', reason: recorded.reason, service: service(before, null) };

    deps.progress?.(`${title}…`);
    const restarted = await runStep(transport, commands.restart, { timeoutMs });
    const output = restarted.result !== undefined ? outputTail(`${restarted.result.stdout}\n${restarted.result.stderr}`) : undefined;
    const now = deps.now ?? Date.now;
    const sleep = deps.sleep ?? defaultSleep;
    const deadline = now() + ACTIVE_WAIT_MS;
    let after = await isActive(transport, commands.isActive, timeoutMs);
    while (restarted.ok && after !== true && now() < deadline) {
      await sleep(deps.pollMs ?? 1000);
      after = await isActive(transport, commands.isActive, timeoutMs);
    }
    const report = { ...base, commands: planned, service: service(before, after, output) };
    if (!restarted.ok) return { ...report, result: 'failed', reason: restarted.reason };
    if (after !== true) {
      return { ...report, result: 'failed', reason: `${request.service} on ${node.name} is not active after the restart (\`${commands.isActive.text}\` ${after === null ? 'could not run' : 'says inactive'})` };
    }
    return { ...report, result: 'ok' };
  };
  if (node.name !== profile.head.name || request.service !== 'haproxy') return restart();
  // Restarting (reloading) HAProxy changes HAProxy: it waits for and holds the head lock.
  return withHeadLock(deps, title, request.lockWaitMs, restart, (failure) => ({
    ...base,
    commands: planned,
    result: 'refused',
    reason: failure.reason,
    refusedBy: 'lock',
    ...(failure.hint !== undefined && { hint: failure.hint }),
    service: service(before, null),
  }));
}

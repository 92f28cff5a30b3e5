import { remoteCommand, shellQuote, type RemoteCommand } from '../remote/shell-quote.js';
import { CAPS, type RunPlan } from './run-plan.js';

/**
 * ab on a node, as the seed ran it. The wrapper records ab's pid so a cancel can stop it (an
 * exec channel has no terminal, so closing it does not hang ab up), and a `timeout` guard ends it
 * past the duration cap even if nobody is left to cancel it.
 */

export const AB_MISSING_EXIT = 127;

/** ab's own argv, URL last. */
export function abArgs(plan: RunPlan): string[] {
  const args = ['ab', '-r', '-s', '30', '-c', String(plan.concurrency)];
  if (plan.keepAlive) args.push('-k');
  if (plan.limit.kind === 'requests') args.push('-n', String(plan.limit.requests));
  else args.push('-t', String(plan.limit.seconds), '-n', String(CAPS.maxRequests));
  if (plan.method === 'HEAD') args.push('-i');
  else if (plan.method !== 'GET') args.push('-m', plan.method);
  for (const [name, value] of Object.entries(plan.headers)) args.push('-H', `${name}: ${value}`);
  args.push(plan.url);
  return args;
}

export function abPidFile(runId: string): string {
  if (!/^[A-Za-z0-9-]+$/.test(runId)) throw new Error(`run id "${runId}" is not safe in a file name`);
  return `/tmp/picon-ab-${runId}.pid`;
}

/** The guard: the longest a run may last, plus slack for ab's per-request timeout. */
export function abGuardSeconds(plan: RunPlan): number {
  return (plan.limit.kind === 'duration' ? plan.limit.seconds : CAPS.maxDurationSeconds) + 60;
}

export function abRunCommand(plan: RunPlan, runId: string): RemoteCommand {
  const pidFile = shellQuote(abPidFile(runId));
  const script = [
    `command -v ab >/dev/null 2>&1 || { echo "ab: command not found" >&2; exit ${AB_MISSING_EXIT}; }`,
    `guard=; command -v timeout >/dev/null 2>&1 && guard="timeout -s INT ${abGuardSeconds(plan)}"`,
    `$guard ${abArgs(plan).map(shellQuote).join(' ')} & p=$!`,
    `echo "$p" > ${pidFile}`,
    'wait "$p"; code=$?',
    `rm -f ${pidFile}`,
    'exit "$code"',
  ].join('\n');
  return remoteCommand(['sh', '-c', script]);
}

/** Stops the run started with `runId`, if it is still going. */
export function abStopCommand(runId: string): RemoteCommand {
  const pidFile = shellQuote(abPidFile(runId));
  const script = `if [ -f ${pidFile} ]; then p=$(cat ${pidFile}); pkill -TERM -P "$p" 2>/dev/null; kill -TERM "$p" 2>/dev/null; rm -f ${pidFile}; fi; exit 0`;
  return remoteCommand(['sh', '-c', script]);
}

/** ab is missing: the exit code or the shell's message says so. */
export function abMissing(code: number | null, stderr: string): boolean {
  return code === AB_MISSING_EXIT || /ab: (command )?not found/.test(stderr);
}

import { remoteCommand, shellQuote, type RemoteCommand } from '../remote/shell-quote.js';
import { CAPS, type RunPlan } from './run-plan.js';
import { urlCredentials } from './url-credentials.js';

/**
 * ab on a node, as the seed ran it, inside a wrapper that ends it when its picon goes away. An
 * exec channel has no terminal, so neither closing it nor losing the connection hangs ab up. The
 * wrapper's stdin is held open by picon for the whole run (`ExecOptions.holdStdinUntil`); a
 * watcher (`cat`) reads it, and when it reaches EOF — picon let go to cancel, or picon died and
 * sshd closed the session — the wrapper stops ab. A `timeout` guard ends ab past the duration cap
 * even if the node never sees the connection go (a host that lost power sends no FIN). Nothing is
 * written to the node's disk: the wrapper keeps ab's pid in a shell variable.
 */

export const AB_MISSING_EXIT = 127;

/**
 * The wrapper's first line of stdout, before ab can print anything: the pid of ab's process
 * (`timeout`, which runs ab as its child, where the node has it), for the run sampler.
 */
export const AB_PID_MARKER = 'picon-ab-pid:';

/** The pid in the marker line, and stdout without it (ab's own report). */
export function splitAbPid(stdout: string): { readonly pid?: number; readonly report: string } {
  const match = new RegExp(`^${AB_PID_MARKER}(\\d{1,10})\\n`).exec(stdout);
  if (match?.[1] === undefined) return { report: stdout };
  return { pid: Number(match[1]), report: stdout.slice(match[0].length) };
}

/**
 * ab cannot read credentials in a URL (`http://user:pass@host/`): they go to `-A user:pass` (HTTP
 * Basic, as the built-in engine sends them) unless the plan sets its own Authorization header.
 */
function abTarget(plan: RunPlan): { readonly url: string; readonly basic?: string } {
  let url: URL;
  try {
    url = new URL(plan.url);
  } catch {
    return { url: plan.url };
  }
  const basic = urlCredentials(url);
  if (basic === undefined) return { url: plan.url };
  url.username = '';
  url.password = '';
  const ownAuthorization = Object.keys(plan.headers).some((name) => name.toLowerCase() === 'authorization');
  return { url: url.toString(), ...(!ownAuthorization && { basic }) };
}

/** ab's own argv, URL last. */
export function abArgs(plan: RunPlan): string[] {
  const args = ['ab', '-r', '-s', '30', '-c', String(plan.concurrency)];
  if (plan.keepAlive) args.push('-k');
  if (plan.limit.kind === 'requests') args.push('-n', String(plan.limit.requests));
  else args.push('-t', String(plan.limit.seconds), '-n', String(CAPS.maxRequests));
  if (plan.method === 'HEAD') args.push('-i');
  else if (plan.method !== 'GET') args.push('-m', plan.method);
  for (const [name, value] of Object.entries(plan.headers)) args.push('-H', `${name}: ${value}`);
  const target = abTarget(plan);
  if (target.basic !== undefined) args.push('-A', target.basic);
  args.push(target.url);
  return args;
}

/** The guard: the longest a run may last, plus slack for ab's per-request timeout. */
export function abGuardSeconds(plan: RunPlan): number {
  return (plan.limit.kind === 'duration' ? plan.limit.seconds : CAPS.maxDurationSeconds) + 60;
}

/**
 * The wrapper. fd 3 keeps the session's stdin for the watcher (a background job's own stdin is
 * /dev/null in sh). The watcher stops ab (GNU timeout passes the signal on to it) unless the
 * wrapper ended it first, when ab was done; its trap then ends its `cat` too, so nothing of the
 * run is left on the node. dash reports a job ended by a signal on `wait`: not ab's complaint.
 */
export function abRunCommand(plan: RunPlan): RemoteCommand {
  const script = [
    `command -v ab >/dev/null 2>&1 || { echo "ab: command not found" >&2; exit ${AB_MISSING_EXIT}; }`,
    `guard=; command -v timeout >/dev/null 2>&1 && guard="timeout -s INT ${abGuardSeconds(plan)}"`,
    'exec 3<&0 </dev/null',
    // A shell that prints its own pid, then becomes $guard/ab: the marker comes before ab's output.
    `sh -c 'echo "${AB_PID_MARKER}$$"; exec "$@"' picon-ab $guard ${abArgs(plan).map(shellQuote).join(' ')} 3<&- & ab=$!`,
    `{ trap 'kill "$c" 2>/dev/null; exit 0' TERM; cat <&3 >/dev/null 2>&1 & c=$!; wait "$c"; kill -TERM "$ab" 2>/dev/null; } & watcher=$!`,
    'exec 3<&-',
    'wait "$ab" 2>/dev/null; code=$?',
    'kill "$watcher" 2>/dev/null',
    'exit "$code"',
  ].join('\n');
  return remoteCommand(['sh', '-c', script]);
}

/** ab is missing: the exit code or the shell's message says so. */
export function abMissing(code: number | null, stderr: string): boolean {
  return code === AB_MISSING_EXIT || /ab: (command )?not found/.test(stderr);
}

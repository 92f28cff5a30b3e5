import { SYSFS, VCGENCMD } from '../health/probe-paths.js';
import { remoteCommand, shellQuote, type RemoteCommand } from '../remote/shell-quote.js';
import { THREADS_LINES } from './process-cpu.js';
import { sampleFiles, VCGENCMD_METRICS, type SampleWants } from './sample-command.js';

/**
 * The run sampler's one long-lived command per node: a shell loop that reads one tick line from
 * its stdin per sample and answers it with one frame on stdout, until its stdin ends (picon let go
 * at the end of the run, or picon died and its connection with it: then sshd closes the channel
 * and the loop's `read` sees EOF). A sample costs the node no process: the files are read with the
 * shell's `read`, the services' threads as before (THREADS_LINES); only vcgencmd, while a sysfs
 * file is absent, starts one.
 *
 * A tick line is `SEQ:VCGENCMD:SERVICE_PIDS:AB_PID` (`7:0:4242 4243:`): digits, spaces and colons
 * only — the loop refuses any other line (`picon-sample-refused:`) and never evaluates it; the
 * pids are word-split into `set --` (no glob character can pass). A frame is
 * `picon-sample:SEQ`, then the parts exactly as sampleCommand's batch prints them (tail's
 * `==> FILE <==` layout, each part followed by its `picon-exit-status:` line), then
 * `picon-sample-end:SEQ`: sample-frames.ts splits the stream, sampleOutput reads a frame.
 */

export const FRAME_BEGIN = 'picon-sample:';
export const FRAME_END = 'picon-sample-end:';
export const FRAME_REFUSED = 'picon-sample-refused:';

const status = (code: string): string => `printf '\\npicon-exit-status:%s\\n' ${code}`;

function checkPid(pid: number): string {
  if (!Number.isSafeInteger(pid) || pid <= 0) throw new Error(`not a process id: ${pid}`);
  return String(pid);
}

/** The tick asking for sample `seq` with these wants (netDev is the loop's, fixed for the run). */
export function tickLine(seq: number, wants: SampleWants): string {
  if (!Number.isSafeInteger(seq) || seq < 0) throw new Error(`not a sample number: ${seq}`);
  const services = (wants.services ?? []).map(checkPid).join(' ');
  const ab = wants.processId === undefined ? '' : checkPid(wants.processId);
  return `${seq}:${wants.vcgencmd ? 1 : 0}:${services}:${ab}\n`;
}

/** The loop's command for a node; the head's reads /proc/net/dev too. */
export function sampleLoopScript(options: { readonly netDev: boolean }): RemoteCommand {
  const files = sampleFiles({ netDev: options.netDev, vcgencmd: false }).map(shellQuote).join(' ');
  const sysfs = { throttling: SYSFS.throttling, temperature: SYSFS.temperature, armClock: SYSFS.armClock } as const;
  const vcgencmd = VCGENCMD_METRICS.map((m) => `  { [ -e ${shellQuote(sysfs[m])} ] || ${remoteCommand(VCGENCMD[m]).text}; } </dev/null 2>&1; ${status('"$?"')}`);
  const lines = [
    'while IFS=: read -r seq v svc ab; do',
    `  case "$seq:$v:$svc:$ab" in *[!0-9:\\ ]*|:*) printf '${FRAME_REFUSED}%s\\n' "$seq"; continue;; esac`,
    `  printf '${FRAME_BEGIN}%s\\n' "$seq"`,
    // As `tail -n +1 FILE…` prints them; /proc/stat's cpu lines only (they come first; the rest is never read).
    `  h=; for f in ${files}; do`,
    '    [ -r "$f" ] || continue; [ -z "$h" ] || echo; h=1; printf \'==> %s <==\\n\' "$f"',
    '    case $f in',
    "      /proc/stat) while IFS= read -r l; do case $l in cpu*) printf '%s\\n' \"$l\";; *) break;; esac; done < \"$f\";;",
    "      *) while IFS= read -r l || [ -n \"$l\" ]; do printf '%s\\n' \"$l\"; done < \"$f\";;",
    '    esac',
    `  done 2>/dev/null; ${status('0')}`,
    '  if [ "$v" = 1 ]; then',
    ...vcgencmd,
    '  fi',
    '  if [ -n "$ab" ]; then',
    '    c=; read -r c < "/proc/$ab/task/$ab/children"',
    `    for p in $ab $c; do read -r s < "/proc/$p/stat" && printf '%s\\n' "$s"; done; ${status('0')}`,
    '  fi 2>/dev/null',
    '  if [ -n "$svc" ]; then',
    '    set -- $svc',
    ...THREADS_LINES,
    `    ${status('0')}`,
    '  fi',
    `  printf '${FRAME_END}%s\\n' "$seq"`,
    'done',
  ];
  // In the node's /bin/sh, not the login shell: dash or ash run this loop with a third of bash's instructions.
  return remoteCommand(['exec', 'sh', '-c', lines.join('\n')]);
}

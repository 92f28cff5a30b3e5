import { abGuardSeconds, abMissing, abRunCommand, splitAbPid } from '../../core/loadtest/ab-command.js';
import { abReportToResult, parseAbReport } from '../../core/loadtest/ab-report.js';
import type { NodeTransport } from '../../core/ports/node-transport.js';
import { engineCancelled, engineFailed, type EngineOutcome, type LoadTestEngine } from './engine.js';

/**
 * ab on a chosen node over its SSH connection, as the seed ran it. ab's report arrives when it
 * ends (the exec is not streamed), so progress is the elapsed time only. The wrapper's stdin is
 * held open for the run: a cancel lets go of it and the wrapper ends ab (`ab-command.ts`); should
 * picon die instead, the connection drops and the node sees the same EOF.
 */

export interface AbEngineOptions {
  /** How long a cancel waits for the wrapper to confirm ab has ended. Default 3 s. */
  readonly stopWaitMs?: number;
}

/** The line of ab's stderr that says what went wrong ("apr_socket_connect(): Connection refused (111)"). */
function abComplaint(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !/^(Completed|Finished) \d+ requests$/.test(l));
  return lines.find((l) => /apr_|error|refused|timed out|Invalid|failed/i.test(l)) ?? lines[lines.length - 1] ?? '';
}

export function abEngine(transport: NodeTransport, options: AbEngineOptions = {}): LoadTestEngine {
  const node = transport.node;
  const stopWaitMs = options.stopWaitMs ?? 3_000;
  return async (run): Promise<EngineOutcome> => {
    const { plan } = run;
    if (run.signal?.aborted === true) return engineCancelled();
    const began = Date.now();
    const ticker = setInterval(() => run.onProgress?.({ elapsedMs: Date.now() - began }), 1000);
    const stdinHold = new AbortController();
    const channelAbort = new AbortController();
    let stopTimer: NodeJS.Timeout | undefined;
    let cancelled = false;
    let head = '';
    let pidTold = false;
    const onStdout = (text: string): void => {
      if (pidTold || run.onGeneratorProcess === undefined) return;
      head += text;
      const { pid } = splitAbPid(head);
      if (pid !== undefined) {
        pidTold = true;
        run.onGeneratorProcess(pid);
      } else if (head.includes('\n') || head.length > 64) pidTold = true;
    };
    const onCancel = (): void => {
      cancelled = true;
      stdinHold.abort();
      stopTimer = setTimeout(() => channelAbort.abort(), stopWaitMs);
    };
    run.signal?.addEventListener('abort', onCancel, { once: true });
    try {
      const outcome = await transport.exec(abRunCommand(plan), {
        timeoutMs: (abGuardSeconds(plan) + 15) * 1000,
        signal: channelAbort.signal,
        holdStdinUntil: stdinHold.signal,
        onStdout,
      });
      if (cancelled) {
        if (outcome.ok) return engineCancelled(`ab on ${node} was ended`);
        return engineCancelled(`ab on ${node} did not confirm its end within ${stopWaitMs / 1000} s; the node ends it when it sees the connection close, its guard within ${abGuardSeconds(plan)} s at the latest`);
      }
      // A timed-out or lost channel closes the wrapper's stdin too: the node ends ab itself.
      if (!outcome.ok) return engineFailed(outcome.error.message);
      const { code, stderr } = outcome.value;
      const stdout = splitAbPid(outcome.value.stdout).report;
      if (abMissing(code, stderr)) return engineFailed(`ab is not installed on ${node}: apt-get install apache2-utils`);
      const report = parseAbReport(stdout);
      if (!report.ok) {
        const complaint = abComplaint(stderr);
        if (complaint !== '') return engineFailed(`${node}: ab: ${complaint}`);
        return engineFailed(`${node}: ab exited ${code ?? outcome.value.signal ?? '?'}: ${report.reason}`);
      }
      const result = abReportToResult(report.value, { target: plan.url, ...(plan.preset !== undefined && { preset: plan.preset }) });
      if (result.completed === 0) {
        // With -r ab keeps going through refused connections and reports them as receive errors.
        const { connect, receive, exceptions } = report.value.failures;
        return engineFailed(`${node}: ab: ${new URL(plan.url).host} did not answer (${connect} connect, ${receive} receive errors, ${exceptions} exceptions)`);
      }
      return { ok: true, result };
    } finally {
      clearInterval(ticker);
      clearTimeout(stopTimer);
      stdinHold.abort();
      run.signal?.removeEventListener('abort', onCancel);
    }
  };
}

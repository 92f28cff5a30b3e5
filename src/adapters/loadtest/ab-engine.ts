import { abGuardSeconds, abMissing, abRunCommand, abStopCommand } from '../../core/loadtest/ab-command.js';
import { abReportToResult, parseAbReport } from '../../core/loadtest/ab-report.js';
import type { NodeTransport } from '../ssh/transport.js';
import { engineCancelled, engineFailed, type EngineOutcome, type LoadTestEngine } from './engine.js';

/**
 * ab on a chosen node over its SSH connection, as the seed ran it. ab's report arrives when it
 * ends (the exec is not streamed), so progress is the elapsed time only. A cancel closes the
 * channel and stops ab by the pid its wrapper recorded.
 */

/** The line of ab's stderr that says what went wrong ("apr_socket_connect(): Connection refused (111)"). */
function abComplaint(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !/^(Completed|Finished) \d+ requests$/.test(l));
  return lines.find((l) => /apr_|error|refused|timed out|Invalid|failed/i.test(l)) ?? lines[lines.length - 1] ?? '';
}

export function abEngine(transport: NodeTransport): LoadTestEngine {
  const node = transport.node;
  return async (run): Promise<EngineOutcome> => {
    const { plan, runId } = run;
    if (run.signal?.aborted === true) return engineCancelled();
    const began = Date.now();
    const ticker = setInterval(() => run.onProgress?.({ elapsedMs: Date.now() - began }), 1000);
    const execAbort = new AbortController();
    const onAbort = (): void => execAbort.abort();
    run.signal?.addEventListener('abort', onAbort);
    try {
      const outcome = await transport.exec(abRunCommand(plan, runId), {
        timeoutMs: (abGuardSeconds(plan) + 15) * 1000,
        signal: execAbort.signal,
      });
      if (!outcome.ok) {
        if (outcome.error.kind === 'aborted' || outcome.error.kind === 'timeout') {
          // The channel is closed; make sure ab itself is gone too.
          await transport.exec(abStopCommand(runId), { timeoutMs: 5_000 });
        }
        if (outcome.error.kind === 'aborted') return engineCancelled();
        return engineFailed(outcome.error.message);
      }
      const { code, stdout, stderr } = outcome.value;
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
      run.signal?.removeEventListener('abort', onAbort);
    }
  };
}

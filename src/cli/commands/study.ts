import { caOfPlan } from '../../adapters/loadtest/ca-file.js';
import { appendStudy, notSavedLine, readHistory } from '../../adapters/loadtest/history-store.js';
import { runStudy, type StudyProgress } from '../../adapters/loadtest/run-study.js';
import { formatProgress } from '../../core/loadtest/progress-line.js';
import { runId } from '../../core/loadtest/run-record.js';
import { redactDeep } from '../../core/redact/secrets.js';
import { assembleStudy } from '../../core/study/study-assemble.js';
import { studyEntry, type StudyEntry } from '../../core/study/study-entry.js';
import { planStudy, type StudyPlan } from '../../core/study/study-plan.js';
import type { StudyResult } from '../../core/study/study-result.js';
import { renderStudy, type StudyFormat } from '../../core/study/study-tables.js';
import type { CommandContext } from '../command.js';
import { EXIT_OK, EXIT_PARTIAL, UsageError } from '../exit-codes.js';
import { writeJson, writeJsonError } from '../json-output.js';
import { createRuntime, type Runtime } from '../runtime.js';
import { SIGNAL_EXIT_CODES, watchStopSignals } from '../stop-signals.js';
import { parseStudyArgs, STUDY_USAGE } from './study-args.js';
import { checkReportFlag, writeReportFlag, type ReportFlag } from './study-report-flag.js';

/**
 * `picon study`: the seed's whole matrix in one command — every target × endpoint in interleaved
 * rounds, each cell the median of its rounds — printed as the seed's tables and saved as one
 * history entry holding its runs. `picon study show [last|ID]` prints a saved one again.
 */

/** How long the wind-down after a signal may take (the run in flight ends, the completed rounds are saved). */
const STOP_GRACE_MS = 8_000;
/** Reading HAProxy and sampling the nodes before and after each run, roughly. */
const OVERHEAD_PER_RUN_S = 1;

function print(ctx: CommandContext, result: StudyResult, format: StudyFormat): void {
  if (format === 'json') writeJson(ctx, 'study', result);
  else ctx.stdout.write(renderStudy(result, format));
}

function progressLine(p: StudyProgress): string {
  const where = `study ${p.index + 1}/${p.total} (round ${p.round}) ${p.cell.column.heading} · ${p.cell.endpoint.id}`;
  if (p.phase === 'resting') return `${where}: resting`;
  return p.progress === undefined ? where : formatProgress(where, p.cell.plan.limit, p.progress);
}

export function estimatedSeconds(plan: StudyPlan): number {
  const runs = plan.cells.length * plan.settings.rounds;
  return runs * (plan.settings.secondsPerCell + OVERHEAD_PER_RUN_S) + (runs - 1) * plan.settings.restSeconds;
}

async function runPlanned(runtime: Runtime, plan: StudyPlan, format: StudyFormat, caPem: string | undefined, report: ReportFlag | undefined): Promise<number> {
  const { ctx } = runtime;
  const tty = ctx.stderr.isTTY === true;
  const controller = new AbortController();
  const signals = watchStopSignals({
    graceMs: STOP_GRACE_MS,
    onStop: () => controller.abort(),
    onExitNow: (signal) => ctx.stderr.write(`${tty ? '\r\x1b[2K' : ''}picon: study stopped at once (${signal}); nothing saved\n`),
  });
  try {
    const profile = await runtime.profile();
    const [connections, client, file, { haproxySnapshot }] = await Promise.all([
      runtime.connections({ reconnect: false, connectTimeoutMs: 8_000 }),
      runtime.haproxy(),
      runtime.historyFile(),
      import('../../adapters/loadtest/cluster-snapshots.js'),
    ]);
    const backends = [...profile.haproxy.backends, ...(profile.haproxy.appBackend !== undefined ? [profile.haproxy.appBackend] : [])];
    const snapshot = haproxySnapshot(client, backends);
    if (plan.settings.engine === 'ab') {
      const from = plan.cells[0]?.plan.from ?? profile.head.name;
      const ready = await connections.get(from).ready(10_000);
      if (!ready.ok) throw new Error(`cannot run ab on ${from}: ${ready.error.message}`);
    }
    const started = new Date();
    const before = await snapshot();
    const notes: string[] = [];
    const ran = await runStudy(
      plan,
      {
        profile: profile.name,
        depsFor: async (cell) => ({ ...(await runtime.loadTestDeps(cell.plan, (line) => notes.push(line), caPem)), haproxy: snapshot }),
      },
      { signal: controller.signal, onProgress: (p) => tty && ctx.stderr.write(`\r\x1b[2K${progressLine(p)}`) },
    );
    if (tty) ctx.stderr.write('\r\x1b[2K');
    const stoppedBy = ran.stopped ? (signals.received() ?? 'SIGINT') : undefined;
    if (ran.stopped && ran.roundsCompleted === 0) {
      ctx.stderr.write(`picon: study stopped by ${stoppedBy} before its first round was complete; nothing saved\n`);
      return SIGNAL_EXIT_CODES[stoppedBy ?? 'SIGINT'];
    }
    const result = redactDeep(assembleStudy(plan, ran.outcomes, {
      id: runId(started),
      startedAt: started.toISOString(),
      finishedAt: new Date().toISOString(),
      profile,
      ...(before.ok ? { cluster: before.value.cluster } : { clusterReason: before.reason }),
      roundsCompleted: ran.roundsCompleted,
      ...(stoppedBy !== undefined && { stoppedBy }),
    }));
    const runs = ran.outcomes.flatMap((o) => (o.ok ? [o.record] : []));
    let saveError: string | undefined;
    await appendStudy(file, studyEntry(result, runs), { onNote: (line) => notes.push(line) }).catch((error: Error) => (saveError = error.message));
    print(ctx, result, format);
    for (const line of notes) ctx.stderr.write(`picon: ${line}\n`);
    const reported = report === undefined || (await writeReportFlag(ctx, result, report));
    if (saveError !== undefined) {
      ctx.stderr.write(`picon: ${notSavedLine(file, saveError).replace('the run was', 'the study was')}\n`);
      return EXIT_PARTIAL;
    }
    if (format !== 'json') ctx.stderr.write(`Saved as study ${result.id}${result.partial ? ` (partial: ${result.roundsCompleted} of ${plan.settings.rounds} rounds)` : ''}\n`);
    if (stoppedBy !== undefined) return SIGNAL_EXIT_CODES[stoppedBy];
    return !reported || result.cells.some((c) => c.used === 0) ? EXIT_PARTIAL : EXIT_OK;
  } finally {
    signals.dispose();
    runtime.close();
  }
}

function dryRun(ctx: CommandContext, profile: string, plan: StudyPlan): number {
  const cells = plan.cells.map((c) => ({ column: c.column.id, heading: c.column.heading, endpoint: c.endpoint.id, url: c.plan.url }));
  if (ctx.globals.json) {
    writeJson(ctx, 'study-plan', { dryRun: true, profile, columns: plan.columns, endpoints: plan.endpoints, cells, settings: plan.settings, estimatedSeconds: estimatedSeconds(plan) });
    return EXIT_OK;
  }
  const s = plan.settings;
  const lines = [
    `study of ${profile}: ${plan.columns.length} targets × ${plan.endpoints.length} endpoints, ${s.rounds} rounds × ${s.secondsPerCell} s a cell, ${s.restSeconds} s rest, -c ${s.concurrency}, ${s.engine}; about ${Math.ceil(estimatedSeconds(plan))} s`,
    ...cells.map((c, i) => `  ${String(i + 1).padStart(2)}. ${c.heading.padEnd(28)} ${c.url}`),
    'not run (--dry-run)',
  ];
  ctx.stdout.write(`${lines.join('\n')}\n`);
  return EXIT_OK;
}

async function show(runtime: Runtime, positional: readonly string[], format: StudyFormat, report: ReportFlag | undefined): Promise<number> {
  const { ctx } = runtime;
  if (positional.length > 1) throw new UsageError('usage: picon study show [last|ID] [--format human|markdown|csv|json]');
  const history = await readHistory(await runtime.historyFile());
  const ref = positional[0] ?? 'last';
  const studies: readonly StudyEntry[] = history.studies;
  const found = ref === 'last' ? studies.at(-1) : studies.find((s) => s.id === ref);
  if (found === undefined) {
    const ids = studies.slice(-5).map((s) => s.id).join(', ');
    throw new UsageError(studies.length === 0 ? 'no study saved yet; run `picon study`' : `no study "${ref}" (the last ones: ${ids})`);
  }
  print(ctx, found.study, format);
  if (report !== undefined && !(await writeReportFlag(ctx, found.study, report))) return EXIT_PARTIAL;
  return EXIT_OK;
}

export async function run(ctx: CommandContext): Promise<number> {
  const runtime = createRuntime(ctx);
  const showing = ctx.args[0] === 'show';
  const args = parseStudyArgs(showing ? ctx.args.slice(1) : ctx.args, ctx.globals.json);
  if (showing) {
    const extra = args.given.filter((f) => f !== '--format' && f !== '--report' && f !== '--force');
    if (extra.length > 0) throw new UsageError(`${extra[0]} is for running a study; \`study show\` takes --format and --report`);
    if (args.report !== undefined) await checkReportFlag(args.report);
    return show(runtime, args.positional, args.format, args.report);
  }
  if (args.positional.length > 0) throw new UsageError(`unknown argument "${args.positional[0]}"`, STUDY_USAGE);
  const profile = await runtime.profile();
  const planned = planStudy(profile, args.options);
  if (!planned.ok) throw new UsageError(planned.reason);
  const tlsPlan = planned.plan.cells.find((c) => c.column.tls)?.plan;
  const ca = tlsPlan === undefined ? undefined : await caOfPlan(tlsPlan, args.options.ca !== undefined);
  if (ca !== undefined && !ca.ok) throw new UsageError(ca.reason);
  if (args.report !== undefined) await checkReportFlag(args.report);
  if (ctx.globals.dryRun) return dryRun(ctx, profile.name, planned.plan);
  try {
    return await runPlanned(runtime, planned.plan, args.format, ca?.value, args.report);
  } catch (error) {
    const message = `study: ${(error as Error).message}`;
    if (ctx.globals.json) writeJsonError(ctx, { code: 'failed', message, culprit: 'study' });
    else ctx.stderr.write(`picon: ${message}\n`);
    return EXIT_PARTIAL;
  }
}

import path from 'node:path';
import { caOfPlan } from '../../adapters/loadtest/ca-file.js';
import { notSavedLine } from '../../adapters/loadtest/history-store.js';
import { allRuns, liveEntries, liveRecords } from './bench-history-read.js';
import { mergeByStart, studyHistoryRow } from '../../core/study/study-history-row.js';
import { runLoadTest } from '../../adapters/loadtest/run-load-test.js';
import { abArgs } from '../../core/loadtest/ab-command.js';
import { COMPARE_FORMATS, renderComparison, type CompareFormat } from '../../core/loadtest/compare-table.js';
import { mixText, recordedKinds } from '../../core/loadtest/mix.js';
import { leaveOutFlagged, leftOutLine } from '../../core/loadtest/record-flags.js';
import { formatProgress } from '../../core/loadtest/progress-line.js';
import { resolveRunRef } from '../../core/loadtest/run-ref.js';
import { CAPS, planRun, presetsOf, type RunOverrides, type RunPlan } from '../../core/loadtest/run-plan.js';
import { choiceFlag, numberFlag, type NumberRule } from '../../core/flags/flag-value.js';
import { runLabel, type RunRecord } from '../../core/loadtest/run-record.js';
import { historyRow, limitText, rateText, renderHistoryRows, renderRunSummary, threadsText } from '../../core/loadtest/run-summary.js';
import type { Profile } from '../../core/profile/profile.js';
import { redactDeep } from '../../core/redact/secrets.js';
import { withSchemaVersion } from '../../core/json-output/schema-version.js';
import type { CommandContext } from '../command.js';
import { EXIT_OK, EXIT_PARTIAL, UsageError } from '../exit-codes.js';
import { SIGNAL_EXIT_CODES, watchStopSignals } from '../stop-signals.js';
import { writeJson, writeJsonError } from '../json-output.js';
import { createRuntime, type Runtime } from '../runtime.js';

const USAGE = 'usage: picon bench [PRESET] [-c N] [-n N | -d SECONDS] [--rate N] [--engine builtin|ab] [--threads N] [--from NODE] [--node NODE] [--url URL] [--ca FILE | --insecure]';
/** How long a stopped run may take to wind down (ab's end confirmed by its node) before picon exits anyway. */
const STOP_GRACE_MS = 5_000;

interface BenchArgs {
  readonly positional: string[];
  readonly values: Map<string, string>;
  /** `--all`: history and compare read the archives too; `--insecure`: https unchecked. */
  readonly all: boolean;
  readonly insecure: boolean;
  /** `--include-flagged`: compare shows flagged runs too. */
  readonly includeFlagged: boolean;
}

const VALUE_FLAGS: Readonly<Record<string, string>> = {
  '-c': 'concurrency', '--concurrency': 'concurrency',
  '-n': 'requests', '--requests': 'requests',
  '-d': 'duration', '--duration': 'duration',
  '--rate': 'rate', '--engine': 'engine', '--threads': 'threads', '--from': 'from', '--node': 'node', '--url': 'url', '--format': 'format', '--ca': 'ca',
};

/** Flags whose value is checked against a range or a list, which names what is allowed (an empty value too). */
const CHECKED_FLAGS = new Set(['concurrency', 'requests', 'duration', 'threads', 'rate', 'engine', 'format']);

function parseArgs(args: readonly string[]): BenchArgs {
  const positional: string[] = [];
  const values = new Map<string, string>();
  const switches = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--all' || arg === '--insecure' || arg === '--include-flagged') {
      switches.add(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const key = VALUE_FLAGS[flag];
    if (key !== undefined) {
      const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined || (value === '' && !CHECKED_FLAGS.has(key))) throw new UsageError(`${flag} needs a value`, USAGE);
      if (values.has(key)) throw new UsageError(`${flag} is given twice`);
      values.set(key, value);
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option ${arg}`, USAGE);
    } else {
      positional.push(arg);
    }
  }
  return { positional, values, all: switches.has('--all'), insecure: switches.has('--insecure'), includeFlagged: switches.has('--include-flagged') };
}

const COUNT_RULES: Readonly<Record<string, NumberRule>> = {
  concurrency: { min: 1, max: CAPS.maxConcurrency, unit: 'connections', whole: true },
  requests: { min: 1, max: CAPS.maxRequests, unit: 'requests', whole: true },
  duration: { min: 1, max: CAPS.maxDurationSeconds, unit: 'seconds', whole: true },
  threads: { min: 1, max: CAPS.maxThreads, unit: 'threads', whole: true },
  rate: { min: 1, max: CAPS.maxRate, unit: 'requests a second', whole: true },
};

function count(values: Map<string, string>, key: string, flag: string): number | undefined {
  const text = values.get(key);
  if (text === undefined) return undefined;
  const checked = numberFlag(flag, text, COUNT_RULES[key] as NumberRule);
  if (!checked.ok) throw new UsageError(checked.reason);
  return checked.value;
}

function overridesOf(values: Map<string, string>): RunOverrides {
  const engineText = values.get('engine');
  const engine = engineText === undefined ? undefined : choiceFlag('--engine', engineText, ['builtin', 'ab'] as const);
  if (engine !== undefined && !engine.ok) throw new UsageError(engine.reason);
  const o: Record<string, unknown> = {
    concurrency: count(values, 'concurrency', '-c'),
    requests: count(values, 'requests', '-n'),
    durationSeconds: count(values, 'duration', '-d'),
    threads: count(values, 'threads', '--threads'),
    rate: count(values, 'rate', '--rate'),
    url: values.get('url'),
    node: values.get('node'),
    engine: engine?.value,
    from: values.get('from'),
    ca: values.has('ca') ? path.resolve(values.get('ca') as string) : undefined,
  };
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as RunOverrides;
}

function modelOf(profile: Profile, node: string | undefined): string | undefined {
  return profile.workers.find((w) => w.name === node)?.model;
}

/** A run against the cluster: SSH for HAProxy's counters, the nodes' throttle bits and ab. */
async function runPlanned(runtime: Runtime, profile: Profile, plan: RunPlan, caPem: string | undefined): Promise<number> {
  const { ctx } = runtime;
  const connections = await runtime.connections({ reconnect: false, connectTimeoutMs: 8_000 });
  const tty = ctx.stderr.isTTY === true;
  const label = plan.preset ?? 'url';
  const remote = plan.engine === 'ab' ? ` on ${plan.from}` : '';
  const controller = new AbortController();
  let loadStarted = false;
  const signals = watchStopSignals({
    graceMs: STOP_GRACE_MS,
    onStop: () => controller.abort(),
    onExitNow: (signal, why) => {
      const when = why === 'second signal' ? `at once (a second signal, ${signal})` : `after ${STOP_GRACE_MS / 1000} s of waiting`;
      const ab = !loadStarted ? '; the load had not started' : remote === '' ? '' : `; ab${remote} ends as soon as the node sees the connection close`;
      ctx.stderr.write(`${tty ? '\r\x1b[2K' : ''}picon: ${label}: stopped ${when}${ab}; nothing saved\n`);
    },
  });
  try {
    if (plan.engine === 'ab' && plan.from !== undefined) {
      const ready = await connections.get(plan.from).ready(10_000);
      if (!ready.ok) {
        const message = `cannot run ab on ${plan.from}: ${ready.error.message}`;
        if (ctx.globals.json) writeJsonError(ctx, { code: 'failed', message, culprit: plan.from ?? null });
        else ctx.stderr.write(`picon: ${message}\n`);
        return EXIT_PARTIAL;
      }
    }
    const file = await runtime.historyFile();
    const deps = await runtime.loadTestDeps(plan, (line) => ctx.stderr.write(`picon: ${line}\n`), caPem);
    if (tty) ctx.stderr.write(`${label}: reading HAProxy and the nodes before the run…`);
    const outcome = await runLoadTest(
      {
        plan,
        profile: profile.name,
        label: runLabel(plan, modelOf(profile, plan.node)),
        signal: controller.signal,
        onPhase: (phase) => {
          if (phase === 'running') loadStarted = true;
        },
        onProgress: (p) => {
          if (tty) ctx.stderr.write(`\r\x1b[2K${formatProgress(label, plan.limit, p)}`);
        },
      },
      deps,
    );
    if (tty) ctx.stderr.write('\r\x1b[2K');
    if (!outcome.ok) {
      if (!outcome.cancelled) {
        if (ctx.globals.json) writeJsonError(ctx, { code: 'failed', message: `${label}: ${outcome.reason}`, culprit: label });
        else ctx.stderr.write(`picon: ${label}: ${outcome.reason}\n`);
        return EXIT_PARTIAL;
      }
      const signal = signals.received() ?? 'SIGINT';
      const how = outcome.reason === 'cancelled' ? '' : `; ${outcome.reason}`;
      ctx.stderr.write(`picon: ${label}: stopped by ${signal}${how}; nothing saved\n`);
      return SIGNAL_EXIT_CODES[signal];
    }
    if (ctx.globals.json) writeJson(ctx, 'bench-run', outcome.record);
    else ctx.stdout.write(renderRunSummary(outcome.record, outcome.saveError === undefined));
    if (outcome.saveError === undefined) return EXIT_OK;
    ctx.stderr.write(`picon: ${notSavedLine(file, outcome.saveError)}\n`);
    return EXIT_PARTIAL;
  } finally {
    signals.dispose();
    runtime.close();
  }
}

async function runBench(runtime: Runtime, args: BenchArgs): Promise<number> {
  const { ctx } = runtime;
  if (args.positional.length > 1) throw new UsageError(`one preset at a time (got ${args.positional.join(', ')})`, USAGE);
  if (args.all) throw new UsageError('--all is for `picon bench history` and `picon bench compare`');
  if (args.includeFlagged) throw new UsageError('--include-flagged is for `picon bench compare`');
  if (args.values.has('format')) throw new UsageError('--format is for `picon bench compare`');
  const overrides = { ...overridesOf(args.values), ...(args.insecure && { insecure: true }) };
  const profile = await runtime.profile();
  const presetName = args.positional[0];
  if (presetName === undefined && overrides.url === undefined) {
    // The list is an answer, not an error: exit 0 (docs/load-tests.md).
    if (ctx.globals.json) {
      writeJson(ctx, 'bench-presets', { profile: profile.name, presets: redactDeep(presetsOf(profile)) });
      return EXIT_OK;
    }
    const list = presetsOf(profile).map((p) => `  ${p.name.padEnd(14)} ${p.description ?? ''}`.trimEnd()).join('\n');
    ctx.stdout.write(`Presets of ${profile.name} (run one: picon bench PRESET):\n${list}\n`);
    return EXIT_OK;
  }
  const planned = planRun(profile, presetName, overrides);
  if (!planned.ok) throw new UsageError(planned.reason);
  const plan = planned.value;
  const ca = await caOfPlan(plan, overrides.ca !== undefined);
  if (ca !== undefined && !ca.ok) throw new UsageError(ca.reason);
  if (ctx.globals.dryRun) {
    const shown = redactDeep(plan);
    if (ctx.globals.json) {
      const { body: _body, mix, ...rest } = shown;
      const planned = { ...rest, ...(mix !== undefined && { mix: recordedKinds(mix) }) };
      writeJson(ctx, 'bench-plan', { dryRun: true, profile: profile.name, plan: planned, ...(plan.engine === 'ab' && { abCommand: abArgs(shown) }) });
      return EXIT_OK;
    }
    const how = plan.engine === 'ab' ? `on ${plan.from}: ${abArgs(shown).join(' ')}` : `built-in engine${threadsText(plan.threads)}, -c ${plan.concurrency}, ${limitText(plan.limit)}${rateText(plan.rate)}`;
    ctx.stdout.write(`${plan.preset ?? 'url'} → ${mixText(plan.mix) ?? plan.method} ${shown.url} (${how}); not run (--dry-run)\n`);
    return EXIT_OK;
  }
  return runPlanned(runtime, profile, plan, ca?.value);
}

async function history(runtime: Runtime, args: BenchArgs): Promise<number> {
  const { ctx } = runtime;
  if (args.positional.length > 0 || args.values.size > 0 || args.insecure) throw new UsageError('usage: picon bench history [--all] [--json]');
  if (args.includeFlagged) throw new UsageError('--include-flagged is for `picon bench compare`; history lists every run');
  if (!args.all) {
    const { records, studies } = await liveEntries(ctx);
    if (ctx.globals.json) writeJson(ctx, 'bench-history', records);
    else ctx.stdout.write(renderHistoryRows(mergeByStart(records, studies).map((e) => ('kind' in e ? studyHistoryRow(e) : historyRow(e)))));
  } else if (ctx.globals.json) {
    const lines = await allRuns(ctx, (r) => JSON.stringify(withSchemaVersion(r)));
    ctx.stdout.write(lines.length === 0 ? '[]\n' : `[\n${lines.join(',\n')}\n]\n`);
  } else {
    ctx.stdout.write(renderHistoryRows(await allRuns(ctx, historyRow, studyHistoryRow)));
  }
  return EXIT_OK;
}

async function compare(runtime: Runtime, args: BenchArgs): Promise<number> {
  const { ctx } = runtime;
  const usage = 'usage: picon bench compare RUN... [--all] [--include-flagged] [--format md|csv|json]  (RUN: an id from `picon bench history`, last, last~1, ...)';
  const extra = [...args.values.keys()].filter((k) => k !== 'format');
  if (args.positional.length === 0 || extra.length > 0 || args.insecure) throw new UsageError(usage);
  const chosen = choiceFlag('--format', args.values.get('format') ?? (ctx.globals.json ? 'json' : 'human'), COMPARE_FORMATS);
  if (!chosen.ok) throw new UsageError(chosen.reason);
  const format: CompareFormat = chosen.value;
  // With --all: the ids first, then a second pass keeps only the chosen runs.
  const index: readonly { readonly id: string }[] = args.all ? await allRuns(ctx, (r) => ({ id: r.id })) : await liveRecords(ctx);
  const ids = args.positional.map((ref) => {
    const found = resolveRunRef(ref, index);
    if (!found.ok) throw new UsageError(args.all || !found.reason.startsWith('no run') ? found.reason : `${found.reason}; older runs: add --all`);
    return found.value.id;
  });
  const byId = new Map((args.all ? await allRuns(ctx, (r) => (ids.includes(r.id) ? r : undefined)) : (index as readonly RunRecord[])).map((r) => [r.id, r]));
  const { shown, leftOut } = leaveOutFlagged(ids.map((id) => byId.get(id) as RunRecord), args.includeFlagged);
  const line = leftOutLine(leftOut);
  if (shown.length === 0 && format !== 'json') {
    ctx.stdout.write(`${line ?? ''}\n`);
    return EXIT_OK;
  }
  ctx.stdout.write(renderComparison(shown, format, { leftOut }));
  // CSV has no notes under its table: the line goes to stderr.
  if (format === 'csv' && line !== undefined) ctx.stderr.write(`picon: ${line}\n`);
  return EXIT_OK;
}

export async function run(ctx: CommandContext): Promise<number> {
  const runtime = createRuntime(ctx);
  const [first, ...rest] = ctx.args;
  if (first === 'history') return history(runtime, parseArgs(rest));
  if (first === 'compare') return compare(runtime, parseArgs(rest));
  return runBench(runtime, parseArgs(ctx.args));
}

import { headHaproxyClient } from '../../adapters/haproxy/head-client.js';
import { abEngine } from '../../adapters/loadtest/ab-engine.js';
import { builtinEngine } from '../../adapters/loadtest/builtin-engine.js';
import { haproxySnapshot, throttleSnapshot } from '../../adapters/loadtest/cluster-snapshots.js';
import { appendRun, historyFile, readHistory } from '../../adapters/loadtest/history-store.js';
import { runLoadTest, type RunDependencies } from '../../adapters/loadtest/run-load-test.js';
import { loadProfileForCommand } from '../../adapters/profile/load-profile.js';
import { openClusterConnections } from '../../adapters/ssh/cluster-connections.js';
import { hostKeyCheckerFor } from '../../adapters/ssh/host-key-verifier.js';
import { stderrKnownHostsWarner } from '../../adapters/ssh/known-hosts-warnings.js';
import { abArgs } from '../../core/loadtest/ab-command.js';
import { COMPARE_FORMATS, renderComparison, type CompareFormat } from '../../core/loadtest/compare-table.js';
import { ENGINE_NAMES, type EngineName } from '../../core/loadtest/load-test-result.js';
import { formatProgress } from '../../core/loadtest/progress-line.js';
import { resolveRunRef } from '../../core/loadtest/run-ref.js';
import { planRun, presetsOf, type RunOverrides, type RunPlan } from '../../core/loadtest/run-plan.js';
import { runLabel, type RunRecord } from '../../core/loadtest/run-record.js';
import { limitText, renderHistory, renderRunSummary, threadsText } from '../../core/loadtest/run-summary.js';
import type { Profile } from '../../core/profile/profile.js';
import type { CommandContext } from '../command.js';
import { EXIT_OK, EXIT_PARTIAL, UsageError } from '../exit-codes.js';
import { refuseIfReadOnly } from '../read-only.js';

const USAGE = 'usage: picon bench [PRESET] [-c N] [-n N | -d SECONDS] [--engine builtin|ab] [--threads N] [--from NODE] [--node NODE] [--url URL]';
const EXIT_CANCELLED = 130;

interface BenchArgs {
  readonly positional: string[];
  readonly values: Map<string, string>;
}

const VALUE_FLAGS: Readonly<Record<string, string>> = {
  '-c': 'concurrency', '--concurrency': 'concurrency',
  '-n': 'requests', '--requests': 'requests',
  '-d': 'duration', '--duration': 'duration',
  '--engine': 'engine', '--threads': 'threads', '--from': 'from', '--node': 'node', '--url': 'url', '--format': 'format',
};

function parseArgs(args: readonly string[]): BenchArgs {
  const positional: string[] = [];
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const key = VALUE_FLAGS[flag];
    if (key !== undefined) {
      const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined || value === '') throw new UsageError(`${flag} needs a value`, USAGE);
      if (values.has(key)) throw new UsageError(`${flag} is given twice`);
      values.set(key, value);
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option ${arg}`, USAGE);
    } else {
      positional.push(arg);
    }
  }
  return { positional, values };
}

function count(values: Map<string, string>, key: string, flag: string): number | undefined {
  const text = values.get(key);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`${flag} must be a whole number above 0, not "${text}"`);
  return Number(text);
}

function overridesOf(values: Map<string, string>): RunOverrides {
  const engine = values.get('engine');
  if (engine !== undefined && !ENGINE_NAMES.includes(engine as EngineName)) throw new UsageError(`--engine must be builtin or ab, not "${engine}"`);
  if (engine === 'wrk') throw new UsageError('--engine wrk is not a run engine (its report parser is for comparisons); use builtin or ab');
  const o: Record<string, unknown> = {
    concurrency: count(values, 'concurrency', '-c'),
    requests: count(values, 'requests', '-n'),
    durationSeconds: count(values, 'duration', '-d'),
    threads: count(values, 'threads', '--threads'),
    url: values.get('url'),
    node: values.get('node'),
    engine,
    from: values.get('from'),
  };
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as RunOverrides;
}

function modelOf(profile: Profile, node: string | undefined): string | undefined {
  return profile.workers.find((w) => w.name === node)?.model;
}

/** A run against the cluster: SSH for HAProxy's counters, the nodes' throttle bits and ab. */
async function runPlanned(ctx: CommandContext, profile: Profile, plan: RunPlan): Promise<number> {
  const connections = await openClusterConnections({
    profile,
    hostKeyCheckFor: hostKeyCheckerFor(profile, ctx.env, stderrKnownHostsWarner(ctx.stderr)),
    env: ctx.env,
    reconnect: false,
    connectTimeoutMs: 8_000,
  });
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.on('SIGINT', onSigint);
  const tty = ctx.stderr.isTTY === true;
  const label = plan.preset ?? 'url';
  try {
    let engine = builtinEngine();
    if (plan.engine === 'ab' && plan.from !== undefined) {
      const from = connections.get(plan.from);
      const ready = await from.ready(10_000);
      if (!ready.ok) {
        ctx.stderr.write(`picon: cannot run ab on ${plan.from}: ${ready.error.message}\n`);
        return EXIT_PARTIAL;
      }
      engine = abEngine(from);
    }
    const head = connections.get(profile.head.name);
    const client = headHaproxyClient(profile, connections);
    const deps: RunDependencies = {
      engine,
      haproxy: haproxySnapshot(client, profile.haproxy.backends),
      throttle: throttleSnapshot(profile.nodes.map((n) => connections.get(n.name))),
      save: (record) => appendRun(historyFile(ctx.env), record),
    };
    if (tty) ctx.stderr.write(`${label}: reading HAProxy and the nodes before the run…`);
    const outcome = await runLoadTest(
      {
        plan,
        profile: profile.name,
        label: runLabel(plan, modelOf(profile, plan.node)),
        signal: controller.signal,
        onProgress: (p) => {
          if (tty) ctx.stderr.write(`\r\x1b[2K${formatProgress(label, plan.limit, p)}`);
        },
      },
      deps,
    );
    if (tty) ctx.stderr.write('\r\x1b[2K');
    if (!outcome.ok) {
      ctx.stderr.write(outcome.cancelled ? 'Cancelled; nothing saved.\n' : `picon: ${label}: ${outcome.reason}\n`);
      return outcome.cancelled ? EXIT_CANCELLED : EXIT_PARTIAL;
    }
    ctx.stdout.write(ctx.globals.json ? `${JSON.stringify(outcome.record, null, 2)}\n` : renderRunSummary(outcome.record));
    return EXIT_OK;
  } finally {
    process.off('SIGINT', onSigint);
    connections.closeAll();
  }
}

async function runBench(ctx: CommandContext, args: BenchArgs): Promise<number> {
  if (args.positional.length > 1) throw new UsageError(`one preset at a time (got ${args.positional.join(', ')})`, USAGE);
  if (args.values.has('format')) throw new UsageError('--format is for `picon bench compare`');
  const runs = args.positional.length > 0 || args.values.has('url');
  refuseIfReadOnly(ctx.globals, `bench ${args.positional[0] ?? args.values.get('url') ?? ''}`.trim(), runs ? 'loads-cluster' : 'reads');
  const overrides = overridesOf(args.values);
  const profile = await loadProfileForCommand(ctx);
  const presetName = args.positional[0];
  if (presetName === undefined && overrides.url === undefined) {
    const list = presetsOf(profile).map((p) => `  ${p.name.padEnd(14)} ${p.description ?? ''}`).join('\n');
    throw new UsageError('name a preset or give --url', `Presets of ${profile.name}:\n${list}`);
  }
  const planned = planRun(profile, presetName, overrides);
  if (!planned.ok) throw new UsageError(planned.reason);
  const plan = planned.plan;
  if (ctx.globals.dryRun) {
    const how = plan.engine === 'ab' ? `on ${plan.from}: ${abArgs(plan).join(' ')}` : `built-in engine${threadsText(plan.threads)}, -c ${plan.concurrency}, ${limitText(plan.limit)}`;
    ctx.stdout.write(`${plan.preset ?? 'url'} → ${plan.method} ${plan.url} (${how}); not run (--dry-run)\n`);
    return EXIT_OK;
  }
  return runPlanned(ctx, profile, plan);
}

async function loadRecords(ctx: CommandContext): Promise<readonly RunRecord[]> {
  const file = historyFile(ctx.env);
  const history = await readHistory(file);
  for (const b of history.broken) ctx.stderr.write(`picon: skipped line ${b.line} of ${file}: ${b.reason}\n`);
  return history.records;
}

async function history(ctx: CommandContext, args: BenchArgs): Promise<number> {
  if (args.positional.length > 0 || args.values.size > 0) throw new UsageError('usage: picon bench history [--json]');
  const records = await loadRecords(ctx);
  ctx.stdout.write(ctx.globals.json ? `${JSON.stringify(records, null, 2)}\n` : renderHistory(records));
  return EXIT_OK;
}

async function compare(ctx: CommandContext, args: BenchArgs): Promise<number> {
  const usage = 'usage: picon bench compare RUN... [--format md|csv|json]  (RUN: an id from `picon bench history`, last, last~1, ...)';
  const extra = [...args.values.keys()].filter((k) => k !== 'format');
  if (args.positional.length === 0 || extra.length > 0) throw new UsageError(usage);
  const format = (args.values.get('format') ?? (ctx.globals.json ? 'json' : 'human')) as CompareFormat;
  if (!COMPARE_FORMATS.includes(format)) throw new UsageError(`--format must be md, csv or json, not "${format}"`);
  const records = await loadRecords(ctx);
  const chosen = args.positional.map((ref) => {
    const found = resolveRunRef(ref, records);
    if (!found.ok) throw new UsageError(found.reason);
    return found.record;
  });
  ctx.stdout.write(renderComparison(chosen, format));
  return EXIT_OK;
}

export async function run(ctx: CommandContext): Promise<number> {
  const [first, ...rest] = ctx.args;
  if (first === 'history') return history(ctx, parseArgs(rest));
  if (first === 'compare') return compare(ctx, parseArgs(rest));
  return runBench(ctx, parseArgs(ctx.args));
}

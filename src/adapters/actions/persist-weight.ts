import type { PersistOutcome, PlannedCommand } from '../../core/actions/action-report.js';
import { atomicWriteCommand, atomicWriteFailure, atomicWriteStdin, KEEP_BACKUPS, parseAtomicWriteOutput } from '../../core/actions/atomic-write.js';
import { setWeightInConfig } from '../../core/actions/config-weight-edit.js';
import { backupPath, inspectFileCommand, MAX_CONFIG_BYTES, parseFileFacts, readFileCommand, serviceCommands } from '../../core/actions/remote-steps.js';
import { stateFileFor, type StateFile } from '../../core/actions/server-state-file.js';
import { byteSize, measuredSize } from '../../core/present/byte-size.js';
import type { Profile, ServerRef } from '../../core/profile/profile.js';
import type { RemoteCommand } from '../../core/remote/shell-quote.js';
import type { HaproxyClient } from '../../core/ports/haproxy-runtime.js';
import type { NodeTransport } from '../../core/ports/node-transport.js';
import { failure, success, type Result } from '../../core/result.js';
import { outputTail, runStep } from './shell-step.js';

/**
 * `weight --persist` on the head: read haproxy.cfg (refused past MAX_CONFIG_BYTES, never cut),
 * edit the server lines, and replace the file atomically (core/actions/atomic-write.ts: a temp
 * file beside it, `haproxy -c` on that, backup, rename), so a kill at any moment leaves the old
 * config or the new one. Then save the server states the same way where the config loads them
 * from a file, and reload HAProxy through the head's service template.
 */

export interface PersistPlan {
  /** haproxy.cfg as the profile names it. */
  readonly config: string;
  /** The file replaced: `config` with symlinks resolved. */
  readonly file: string;
  readonly edited: string;
  readonly changes: readonly { readonly before: string; readonly after: string }[];
  readonly backup: string;
  readonly sudo: boolean;
  readonly stateFile?: StateFile;
  readonly commands: readonly PlannedCommand[];
  readonly steps: {
    readonly write: RemoteCommand;
    readonly saveState?: RemoteCommand;
    readonly reload: RemoteCommand;
  };
}

const READ_TIMEOUT_MS = 15_000;

type Read = Result<{ readonly file: string; readonly text: string; readonly sudo: boolean }>;

/** The config's real path, text and whether it needs sudo — refused whole, never read cut. */
async function readConfig(head: NodeTransport, config: string): Promise<Read> {
  const inspected = await runStep(head, inspectFileCommand(config), { timeoutMs: READ_TIMEOUT_MS });
  if (!inspected.ok) {
    const said = inspected.result?.code === 3 ? outputTail(inspected.result.stderr, 1) : '';
    return failure(said !== '' ? said : `cannot read ${config}: ${inspected.reason}`);
  }
  const facts = parseFileFacts(inspected.result.stdout);
  if (facts === undefined) return failure(`cannot read ${config}: ${head.node} answered ${JSON.stringify(outputTail(inspected.result.stdout))}`);
  if (facts.bytes > MAX_CONFIG_BYTES) {
    return failure(`${config} is ${measuredSize(facts.bytes)}, more than the ${byteSize(MAX_CONFIG_BYTES)} picon edits; refused, nothing changed`);
  }
  // A slow link (a Pi Zero on Wi-Fi) reads a big config at 250 kB/s or more.
  const timeoutMs = READ_TIMEOUT_MS + Math.ceil(facts.bytes / 250);
  const read = await runStep(head, readFileCommand(facts.path), { timeoutMs, maxOutputBytes: MAX_CONFIG_BYTES });
  if (!read.ok) return failure(`cannot read ${config}: ${read.reason}`);
  const text = read.result.stdout;
  const bad = text.indexOf('\uFFFD');
  if (bad >= 0) {
    const line = text.slice(0, bad).split('\n').length;
    return failure(`${config}:${line} is not UTF-8 text; writing it back would change those bytes; refused, nothing changed`);
  }
  return success({ file: facts.path, text, sudo: facts.sudo });
}

export async function planPersist(
  profile: Profile,
  head: NodeTransport,
  weights: readonly { readonly ref: ServerRef; readonly weight: number }[],
  at: Date,
): Promise<Result<PersistPlan>> {
  const config = profile.haproxy.config;
  const read = await readConfig(head, config);
  if (!read.ok) return read;
  const { file, sudo } = read.value;
  let text = read.value.text;
  const changes: { before: string; after: string }[] = [];
  for (const { ref, weight } of weights) {
    const edit = setWeightInConfig(text, ref, weight);
    if (!edit.ok) return failure(`${config}: ${edit.reason}`);
    text = edit.text;
    changes.push({ before: edit.before, after: edit.after });
  }
  const backup = backupPath(file, at);
  const firstBackend = weights[0]?.ref.backend;
  const stateFile = firstBackend === undefined ? undefined : stateFileFor(text, firstBackend);
  const steps = {
    write: atomicWriteCommand({ file, reference: file, check: true, backup, keepBackups: KEEP_BACKUPS, sudo }),
    ...(stateFile !== undefined && { saveState: atomicWriteCommand({ file: stateFile.path, reference: file, check: false, keepBackups: 0, sudo }) }),
    reload: serviceCommands(profile.head, 'haproxy').restart,
  };
  const node = profile.head.name;
  const shell = (command: RemoteCommand, note?: string): PlannedCommand => ({ node, kind: 'shell', line: command.text, ...(note !== undefined && { note }) });
  const edits = changes.map((c) => JSON.stringify(c.after.trim())).join(', ');
  const commands = [
    shell(steps.write, `stdin: size and sha256, then ${file} with ${edits}; haproxy -c on a temp file beside it, backup ${backup}, rename over ${file}`),
    ...(steps.saveState !== undefined ? [shell(steps.saveState, `stdin: size and sha256, then show servers state${stateFile?.scope === 'local' ? ` ${firstBackend}` : ''}`)] : []),
    shell(steps.reload),
  ];
  return success({ config, file, edited: text, changes, backup, sudo, ...(stateFile !== undefined && { stateFile }), commands, steps });
}

// More than a Result: a failed write still says which temp files it removed.
type Written = { ok: true; removedTemps: readonly string[]; prunedBackups: readonly string[] } | { ok: false; reason: string; removedTemps: readonly string[] };

/** Runs one atomic write; a failure says why and what the file is now. */
async function writeAtomically(head: NodeTransport, command: RemoteCommand, text: string, file: string, timeoutMs: number): Promise<Written> {
  const r = await head.exec(command, { timeoutMs, stdin: atomicWriteStdin(text) });
  if (!r.ok) return { ok: false, reason: `${r.error.message}; ${file} is the old or the new one, never part of either`, removedTemps: [] };
  const said = parseAtomicWriteOutput(r.value.stdout);
  if (r.value.code === 0) return { ok: true, removedTemps: said.removedTemps, prunedBackups: said.prunedBackups };
  // HAProxy names the temp file it checked; the operator knows the file by its own name.
  const stderr = said.temp === undefined ? r.value.stderr : r.value.stderr.split(said.temp).join(file);
  const why = outputTail(stderr) || 'no output';
  return { ok: false, reason: `${atomicWriteFailure(r.value.code, file)}: ${why}; ${file} not changed`, removedTemps: said.removedTemps };
}

/** `show servers state` as HAProxy prints it, from the first process (the file format is that reply). */
async function serversStateText(client: HaproxyClient, backend: string | undefined): Promise<Result<string>> {
  const reply = await client.serversStateText(backend);
  if (!reply.ok) return failure(reply.error.message);
  if (!reply.value.startsWith('1\n')) return failure(`show servers state answered ${JSON.stringify(outputTail(reply.value, 1))}`);
  return success(reply.value);
}

export async function executePersist(
  profile: Profile,
  head: NodeTransport,
  client: HaproxyClient,
  plan: PersistPlan,
  options: { readonly timeoutMs: number; readonly backend?: string; readonly progress?: (line: string) => void },
): Promise<PersistOutcome> {
  const base = { config: plan.config, changes: plan.changes, checked: false, restored: false, reloaded: false };
  const written = await writeAtomically(head, plan.steps.write, plan.edited, plan.file, options.timeoutMs);
  const tidied = {
    ...(written.removedTemps.length > 0 && { removedTemps: written.removedTemps }),
    ...(written.ok && written.prunedBackups.length > 0 && { prunedBackups: written.prunedBackups }),
  };
  if (!written.ok) return { ...base, ...tidied, ok: false, reason: written.reason };
  const done = { ...base, ...tidied, checked: true, backup: plan.backup };
  let stateFile: string | undefined;
  if (plan.steps.saveState !== undefined && plan.stateFile !== undefined) {
    const state = await serversStateText(client, plan.stateFile.scope === 'local' ? options.backend : undefined);
    const saved = state.ok ? await writeAtomically(head, plan.steps.saveState, state.value, plan.stateFile.path, options.timeoutMs) : state;
    if (!saved.ok) return { ...done, ok: false, reason: `config written and checked, but the server states were not saved to ${plan.stateFile.path}: ${saved.reason}; not reloaded` };
    stateFile = plan.stateFile.path;
  }
  options.progress?.(`reloading HAProxy on ${profile.head.name}`);
  const reloaded = await runStep(head, plan.steps.reload, { timeoutMs: options.timeoutMs });
  return {
    ...done,
    ...(stateFile !== undefined && { stateFile }),
    reloaded: reloaded.ok,
    ok: reloaded.ok,
    ...(!reloaded.ok && { reason: `config written and checked, but the reload failed: ${reloaded.reason}` }),
  };
}

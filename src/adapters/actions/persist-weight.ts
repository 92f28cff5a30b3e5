import type { PersistOutcome, PlannedCommand } from '../../core/actions/action-report.js';
import { setWeightInConfig } from '../../core/actions/config-weight-edit.js';
import {
  backupCommand,
  backupPath,
  canWriteCommand,
  checkConfigCommand,
  readFileCommand,
  restoreCommand,
  serviceCommands,
  writeFileCommand,
} from '../../core/actions/remote-steps.js';
import { stateFileFor, type StateFile } from '../../core/actions/server-state-file.js';
import { showServersState } from '../../core/haproxy/runtime-commands.js';
import type { Profile, ServerRef } from '../../core/profile/profile.js';
import type { RemoteCommand } from '../../core/remote/shell-quote.js';
import { createProcessTargets } from '../haproxy/process-targets.js';
import type { NodeTransport } from '../ssh/transport.js';
import { outputTail, runStep } from './shell-step.js';

/**
 * `weight --persist` on the head: back up haproxy.cfg, write the edited server lines, check it
 * with `haproxy -c` (restore the backup if it fails), save the server states where the config
 * loads them from a file, and reload HAProxy through the head's service template.
 */

export interface PersistPlan {
  readonly config: string;
  readonly edited: string;
  readonly changes: readonly { readonly before: string; readonly after: string }[];
  readonly backup: string;
  readonly sudo: boolean;
  readonly stateFile?: StateFile;
  readonly commands: readonly PlannedCommand[];
  readonly steps: {
    readonly backup: RemoteCommand;
    readonly write: RemoteCommand;
    readonly check: RemoteCommand;
    readonly restore: RemoteCommand;
    readonly saveState?: RemoteCommand;
    readonly reload: RemoteCommand;
  };
}

const READ_TIMEOUT_MS = 15_000;

export async function planPersist(
  profile: Profile,
  head: NodeTransport,
  weights: readonly { readonly ref: ServerRef; readonly weight: number }[],
  at: Date,
): Promise<{ ok: true; plan: PersistPlan } | { ok: false; reason: string }> {
  const config = profile.haproxy.config;
  const read = await runStep(head, readFileCommand(config), { timeoutMs: READ_TIMEOUT_MS });
  if (!read.ok) return { ok: false, reason: `cannot read ${config}: ${read.reason}` };
  let text = read.result.stdout;
  const changes: { before: string; after: string }[] = [];
  for (const { ref, weight } of weights) {
    const edit = setWeightInConfig(text, ref, weight);
    if (!edit.ok) return { ok: false, reason: `${config}: ${edit.reason}` };
    text = edit.text;
    changes.push({ before: edit.before, after: edit.after });
  }
  const writable = await head.exec(canWriteCommand(config), { timeoutMs: READ_TIMEOUT_MS });
  const sudo = !(writable.ok && writable.value.code === 0);
  const backup = backupPath(config, at);
  const firstBackend = weights[0]?.ref.backend;
  const stateFile = firstBackend === undefined ? undefined : stateFileFor(text, firstBackend);
  const steps = {
    backup: backupCommand(config, backup, sudo),
    write: writeFileCommand(config, sudo),
    check: checkConfigCommand(config, sudo),
    restore: restoreCommand(backup, config, sudo),
    ...(stateFile !== undefined && { saveState: writeFileCommand(stateFile.path, sudo) }),
    reload: serviceCommands(profile.head, 'haproxy').restart,
  };
  const node = profile.head.name;
  const shell = (command: RemoteCommand, note?: string): PlannedCommand => ({ node, kind: 'shell', line: command.text, ...(note !== undefined && { note }) });
  const commands = [
    shell(steps.backup),
    shell(steps.write, `stdin: ${config} with ${changes.map((c) => JSON.stringify(c.after.trim())).join(', ')}`),
    shell(steps.check, `on failure: ${steps.restore.text}`),
    ...(steps.saveState !== undefined ? [shell(steps.saveState, `stdin: show servers state${stateFile?.scope === 'local' ? ` ${firstBackend}` : ''}`)] : []),
    shell(steps.reload),
  ];
  return { ok: true, plan: { config, edited: text, changes, backup, sudo, ...(stateFile !== undefined && { stateFile }), commands, steps } };
}

/** `show servers state` as HAProxy prints it, from the first process (the file format is that reply). */
async function serversStateText(profile: Profile, head: NodeTransport, backend: string | undefined): Promise<{ ok: true; text: string } | { ok: false; reason: string }> {
  const targets = createProcessTargets({
    transport: head,
    sockets: profile.haproxy.sockets,
    ...(profile.haproxy.masterSocket !== undefined && { masterSocket: profile.haproxy.masterSocket }),
  });
  const resolved = await targets.resolve(READ_TIMEOUT_MS);
  if (!resolved.ok) return { ok: false, reason: resolved.error.message };
  const first = resolved.value[0];
  const built = showServersState(backend);
  if (first === undefined || !built.ok) return { ok: false, reason: 'no HAProxy process to read server states from' };
  const reply = await first.send(built.command, READ_TIMEOUT_MS);
  if (!reply.ok) return { ok: false, reason: reply.error.message };
  if (!reply.value.startsWith('1\n')) return { ok: false, reason: `show servers state answered ${JSON.stringify(outputTail(reply.value, 1))}` };
  return { ok: true, text: reply.value };
}

export async function executePersist(
  profile: Profile,
  head: NodeTransport,
  plan: PersistPlan,
  options: { readonly timeoutMs: number; readonly backend?: string; readonly progress?: (line: string) => void },
): Promise<PersistOutcome> {
  const base = { config: plan.config, changes: plan.changes, checked: false, restored: false, reloaded: false };
  const step = (command: RemoteCommand, stdin?: string) =>
    runStep(head, command, { timeoutMs: options.timeoutMs, ...(stdin !== undefined && { stdin }) });
  const backedUp = await step(plan.steps.backup);
  if (!backedUp.ok) return { ...base, ok: false, reason: `no backup made, config not touched: ${backedUp.reason}` };
  const withBackup = { ...base, backup: plan.backup };
  const written = await step(plan.steps.write, plan.edited);
  const checked = written.ok ? await step(plan.steps.check) : written;
  if (!checked.ok) {
    const restored = await step(plan.steps.restore);
    const what = written.ok ? 'haproxy -c rejected the edited config' : 'writing the config failed';
    return {
      ...withBackup,
      ok: false,
      restored: restored.ok,
      reason: `${what}: ${checked.reason}${restored.ok ? '' : `; restoring the backup FAILED too: ${restored.reason}`}`,
    };
  }
  let stateFile: string | undefined;
  if (plan.steps.saveState !== undefined && plan.stateFile !== undefined) {
    const state = await serversStateText(profile, head, plan.stateFile.scope === 'local' ? options.backend : undefined);
    const saved = state.ok ? await step(plan.steps.saveState, state.text) : state;
    if (!saved.ok) return { ...withBackup, checked: true, ok: false, reason: `config written and checked, but the server states were not saved to ${plan.stateFile.path}: ${saved.reason}; not reloaded` };
    stateFile = plan.stateFile.path;
  }
  options.progress?.(`reloading HAProxy on ${profile.head.name}`);
  const reloaded = await step(plan.steps.reload);
  return {
    ...withBackup,
    checked: true,
    ...(stateFile !== undefined && { stateFile }),
    reloaded: reloaded.ok,
    ok: reloaded.ok,
    ...(!reloaded.ok && { reason: `config written and checked, but the reload failed: ${reloaded.reason}` }),
  };
}

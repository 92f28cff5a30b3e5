import { runAction } from '../../adapters/actions/run-action.js';
import { terminalConfirm } from '../../adapters/actions/terminal-confirm.js';
import { exitCodeFor } from '../../core/actions/action-report.js';
import { describeRequest, type ActionKind } from '../../core/actions/action-request.js';
import { needsConfirmation } from '../../core/actions/catalog.js';
import { parseActionArgs } from '../../core/actions/parse-action-args.js';
import { renderActionReport, reportLine } from '../../core/actions/report-text.js';
import { resolveAction } from '../../core/actions/resolve-action.js';
import type { CommandContext, CommandModule } from '../command.js';
import { UsageError } from '../exit-codes.js';
import { writeJson } from '../json-output.js';
import { terminalPassphrasePrompt } from '../passphrase-prompt.js';
import { createRuntime } from '../runtime.js';

/** picon drain | ready | maint | weight | restart: one action on one node (docs/actions.md). */

const CONNECT_TIMEOUT_MS = 10_000;

async function runKind(kind: ActionKind, ctx: CommandContext): Promise<number> {
  const parsed = parseActionArgs(kind, ctx.args);
  if (!parsed.ok) throw new UsageError(parsed.reason, `usage: ${parsed.usage}`);
  const request = parsed.request;
  const title = describeRequest(request);
  const runtime = createRuntime(ctx);
  const profile = await runtime.profile();
  // Resolved once, here: the runner acts on exactly these servers (or this node's service).
  const resolved = resolveAction(profile, request);
  if (!resolved.ok) throw new UsageError(resolved.reason);
  // The catalog's rule: on a terminal the runner asks [y/N] (after its own checks); without one, --yes.
  if (needsConfirmation(request) && !ctx.globals.yes && !ctx.globals.dryRun && ctx.stdin.isTTY !== true) {
    throw new UsageError(`${title} needs confirmation and there is no terminal to ask on: add --yes to go ahead`);
  }

  const nodes = request.kind === 'restart' ? [request.node] : [profile.head.name];
  const passphrasePrompt = terminalPassphrasePrompt(ctx);
  await runtime.connections({ reconnect: false, connectTimeoutMs: CONNECT_TIMEOUT_MS, nodes, ...(passphrasePrompt !== undefined && { passphrasePrompt }) });
  try {
    const deps = await runtime.actionDeps({ confirm: terminalConfirm(ctx.stdin, ctx.stderr), progress: (line) => ctx.stderr.write(`${line}\n`) });
    const report = await runAction(deps, resolved.value, { dryRun: ctx.globals.dryRun, yes: ctx.globals.yes });
    if (ctx.globals.json) writeJson(ctx, 'action', report);
    // Refused or declined: nothing was done, so the one line (the console's words) on stderr; else the full lines.
    else if (report.result === 'refused' || report.result === 'declined') ctx.stderr.write(`picon: ${reportLine(report)}\n`);
    else ctx.stdout.write(renderActionReport(report));
    if (report.auditWarning !== undefined) ctx.stderr.write(`picon: warning: ${report.auditWarning}\n`);
    return exitCodeFor(report);
  } finally {
    runtime.close();
  }
}

/** The command module of one action verb (the command table's entries come from the catalog). */
export const actionCommand = (kind: ActionKind): CommandModule => ({ run: (ctx) => runKind(kind, ctx) });

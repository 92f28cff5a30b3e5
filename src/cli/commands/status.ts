import { parseArgs } from 'node:util';
import { reportInterrupted } from '../../adapters/actions/interrupted-actions.js';
import { takeStatus } from '../../adapters/status/take-status.js';
import { statusCurrentState } from '../../core/status/status-interrupted.js';
import { anyNodeSelected, parseStatusSort, selectionChoices, selectStatus } from '../../core/status/status-select.js';

const STATUS_USAGE = 'usage: picon status [--timeout SECONDS] [--tag TAG] [--model MODEL] [--sort [-]COLUMN] [--json]';
import { renderStatus } from '../../views/cli/status-view.js';
import { attachDashValues, numberFlag } from '../../core/flags/flag-value.js';
import type { CommandContext } from '../command.js';
import { EXIT_OK, EXIT_PARTIAL, UsageError } from '../exit-codes.js';
import { writeJson } from '../json-output.js';
import { terminalPassphrasePrompt } from '../passphrase-prompt.js';
import { createRuntime } from '../runtime.js';

export async function run(ctx: CommandContext): Promise<number> {
  let timeoutSeconds = 5;
  let timeoutText: string | undefined;
  let picked: { tag?: string; model?: string; sort?: string };
  try {
    ({ timeout: timeoutText, ...picked } = parseArgs({
      args: attachDashValues(ctx.args, ['--timeout', '--sort']),
      options: { timeout: { type: 'string' }, tag: { type: 'string' }, model: { type: 'string' }, sort: { type: 'string' } },
      strict: true,
    }).values);
  } catch (error) {
    throw new UsageError(`status: ${(error as Error).message}`, STATUS_USAGE);
  }
  const sort = picked.sort === undefined ? undefined : parseStatusSort(picked.sort);
  if (sort?.ok === false) throw new UsageError(sort.reason, STATUS_USAGE);
  if (timeoutText !== undefined) {
    const timeout = numberFlag('--timeout', timeoutText, { min: 1, max: 120, unit: 'seconds' });
    if (!timeout.ok) throw new UsageError(timeout.reason);
    timeoutSeconds = timeout.value;
  }
  const runtime = createRuntime(ctx);
  const profile = await runtime.profile();
  const selection = { ...(picked.tag !== undefined && { tag: picked.tag }), ...(picked.model !== undefined && { model: picked.model }), ...(sort?.ok === true && { sort: sort.sort }) };
  if (!anyNodeSelected(profile, selection)) {
    const { tags, models } = selectionChoices(profile);
    throw new UsageError(`no node of ${profile.name} matches${selection.tag !== undefined ? ` --tag ${selection.tag}` : ''}${selection.model !== undefined ? ` --model ${selection.model}` : ''} (tags: ${tags.join(', ') || 'none'}; models: ${models.join(', ') || 'none'})`);
  }
  const passphrasePrompt = terminalPassphrasePrompt(ctx);
  await runtime.connections({ reconnect: false, connectTimeoutMs: timeoutSeconds * 1000, ...(passphrasePrompt !== undefined && { passphrasePrompt }) });
  try {
    const snapshot = await takeStatus(profile, await runtime.statusParts(timeoutSeconds * 1000), { timeoutMs: timeoutSeconds * 1000 });
    const found = await reportInterrupted(await runtime.auditFile(), profile.name, statusCurrentState(snapshot), { by: 'picon status' });
    for (const w of found.warnings) ctx.stderr.write(`picon: warning: ${w}\n`);
    const report = selectStatus({ ...snapshot, interrupted: found.actions }, profile, selection);
    if (ctx.globals.json) writeJson(ctx, 'status', report);
    else ctx.stdout.write(renderStatus(report));
    const allGood = report.nodes.every((n) => n.reachable) && report.haproxy.reachable;
    return allGood ? EXIT_OK : EXIT_PARTIAL;
  } finally {
    runtime.close();
  }
}

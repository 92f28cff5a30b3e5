import { parseArgs } from 'node:util';
import { ACTION_KINDS } from '../../core/actions/action-request.js';
import { auditChange } from '../../core/audit/audit-change.js';
import { auditEntries, filterAudit, type AuditFilter } from '../../core/audit/audit-entry.js';
import { parseSince } from '../../core/audit/audit-since.js';
import { auditTable } from '../../core/audit/audit-table.js';
import { attachDashValues, choiceFlag, numberFlag } from '../../core/flags/flag-value.js';
import type { CommandContext } from '../command.js';
import { EXIT_OK, UsageError } from '../exit-codes.js';
import { writeJson } from '../json-output.js';
import { createRuntime } from '../runtime.js';

const USAGE = 'usage: picon audit [--since 2h|DATE] [--node NODE] [--action ACTION] [--limit N] [--json]';
const DEFAULT_LIMIT = 50;

function filterOf(ctx: CommandContext): AuditFilter {
  let values;
  try {
    ({ values } = parseArgs({
      args: attachDashValues(ctx.args, ['--since', '--node', '--action', '--limit']),
      options: { since: { type: 'string' }, node: { type: 'string' }, action: { type: 'string' }, limit: { type: 'string' } },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message, USAGE);
  }
  const since = values.since === undefined ? undefined : parseSince(values.since, Date.now());
  if (since !== undefined && !since.ok) throw new UsageError(since.reason);
  const action = values.action === undefined ? undefined : choiceFlag('--action', values.action, ACTION_KINDS);
  if (action !== undefined && !action.ok) throw new UsageError(action.reason);
  const limit = numberFlag('--limit', values.limit ?? String(DEFAULT_LIMIT), { min: 1, max: 1_000_000, unit: 'actions', whole: true });
  if (!limit.ok) throw new UsageError(limit.reason);
  return {
    limit: limit.value,
    ...(since !== undefined && { since: since.value }),
    ...(values.node !== undefined && { node: values.node }),
    ...(action !== undefined && { action: action.value }),
  };
}

/**
 * `picon audit`: what picon did to the clusters, read from the audit journal on this machine —
 * an intent and its result are one line. `--profile NAME` keeps that profile's actions.
 */
export async function run(ctx: CommandContext): Promise<number> {
  const runtime = createRuntime(ctx);
  // --profile NAME|PATH: that profile's actions, by the name the journal records.
  const filter = { ...filterOf(ctx), ...(ctx.globals.profile !== undefined && { profile: (await runtime.profile()).name }) };
  const journal = await runtime.auditJournal();
  const entries = filterAudit(auditEntries(journal.lines, journal.isRunning), filter);
  if (journal.broken > 0) ctx.stderr.write(`picon: skipped ${journal.broken} unreadable line${journal.broken === 1 ? '' : 's'} of ${journal.file}\n`);
  if (ctx.globals.json) {
    writeJson(ctx, 'audit', { file: journal.file, broken: journal.broken, entries: entries.map((e) => ({ ...e, change: auditChange(e.before, e.after) })) });
    return EXIT_OK;
  }
  if (entries.length === 0) {
    ctx.stdout.write(`no actions recorded${filter.since !== undefined || filter.node !== undefined || filter.action !== undefined || filter.profile !== undefined ? ' that match' : ''} in ${journal.file}\n`);
    return EXIT_OK;
  }
  const profiles = new Set(entries.map((e) => e.profile));
  ctx.stdout.write(`${auditTable(entries, { showProfile: profiles.size > 1 || filter.profile === undefined }).join('\n')}\n`);
  return EXIT_OK;
}

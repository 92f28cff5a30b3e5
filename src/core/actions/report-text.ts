import type { ActionReport, PlannedCommand, ServerOutcome } from './action-report.js';
import { KEEP_BACKUPS } from './atomic-write.js';
import { describeView } from './server-view.js';

/**
 * An action report as a person reads it, in two lengths made of the same pieces: the one line
 * (`reportLine`: the title, the verdict, and why or what is true now) that the console flashes and
 * the command line prints for a refusal or a decline, and the full lines (`renderActionReport`:
 * that line, then each server, the drain, the persist, the service, the commands) that follow
 * `picon drain p1` and friends. A result says the same words in both.
 */

export function commandLine(c: PlannedCommand): string {
  if (c.kind === 'shell') return `${c.node}$ ${c.line}${c.note !== undefined ? `   # ${c.note}` : ''}`;
  const via = c.process !== undefined && c.process !== c.socket ? ` (${c.process})` : '';
  return `${c.node} ${c.socket ?? ''}${via}: ${c.line}`;
}

function serverLine(s: ServerOutcome, dryRun: boolean): string {
  const name = `${s.target.backend}/${s.target.server}`;
  if (!s.ok) return `  ${name}  FAILED: ${s.reason ?? 'unknown reason'}${s.after !== null ? ` (now ${describeView(s.after)})` : ''}`;
  const before = s.before !== null ? describeView(s.before) : 'unknown';
  if (dryRun) return `  ${name}  now ${before}`;
  const after = s.after !== null ? describeView(s.after) : 'not read back';
  const warn = s.after !== null && s.after.mismatches.length > 0 ? `  [processes differ: ${s.after.mismatches.join('; ')}]` : '';
  return `  ${name}  ${before}  ->  ${after}${warn}`;
}

/** Why it did not happen (the reason and what to try), or undefined. */
function because(report: ActionReport): string {
  const reason = report.reason ?? 'no reason given';
  const said = reason.startsWith(`${report.result}: `) ? reason.slice(report.result.length + 2) : reason;
  return `${said}${report.hint !== undefined ? `; ${report.hint}` : ''}`;
}

/** What is true now after an ok action: each server's state, or the service's; '' when nothing was read back. */
function nowTrue(report: ActionReport): string {
  if (report.service !== undefined) {
    const active = report.service.activeAfter;
    return `${report.service.service} ${active === true ? 'active' : active === false ? 'NOT active' : 'state unknown'}`;
  }
  const after = report.servers.map((s) => s.after).filter((v) => v !== null);
  return after.map((v) => `${v.server} ${v.status ?? '?'}${v.weight !== null ? ` weight ${v.weight}` : ''}`).join(', ');
}

/** The verdict and its why or what is true now, without the title: the console's event-log line. */
export function reportSummary(report: ActionReport): string {
  if (report.result !== 'ok') return `${report.result}: ${because(report)}`;
  if (report.dryRun) return 'dry run, nothing changed';
  const now = nowTrue(report);
  return now === '' ? 'done' : `done: ${now}`;
}

/** The one line: "drain p1: done: p1 DRAIN weight 1", "maint p2: declined: not confirmed; nothing was changed". */
export function reportLine(report: ActionReport, title: string = report.title): string {
  return `${title}: ${reportSummary(report)}`;
}

/** The full lines: the one line, then what each part did (or, for a dry run, would do). */
export function renderActionReport(report: ActionReport): string {
  const lines: string[] = [reportLine(report)];
  for (const f of report.forced) lines.push(`  forced: ${f}`);
  for (const s of report.servers) lines.push(serverLine(s, report.dryRun));
  if (report.drain !== undefined) {
    const d = report.drain;
    const secs = (d.waitedMs / 1000).toFixed(1);
    lines.push(d.drained ? `  drained: 0 sessions after ${secs} s` : `  still ${d.sessions ?? '?'} sessions after ${secs} s (timed out)`);
  }
  const p = report.persist;
  if (p !== undefined && !report.dryRun) {
    for (const c of p.changes) lines.push(`  ${p.config}: ${c.before.trim()}  ->  ${c.after.trim()}`);
    if (p.backup !== undefined) lines.push(`  backup: ${p.backup}`);
    for (const t of p.removedTemps ?? []) lines.push(`  removed ${t}, left by an interrupted run`);
    if (p.prunedBackups !== undefined) lines.push(`  old backups removed (the newest ${KEEP_BACKUPS} are kept): ${p.prunedBackups.join(', ')}`);
    if (p.stateFile !== undefined) lines.push(`  server states saved to ${p.stateFile}`);
    if (p.reapplied !== undefined && p.reapplied.length > 0) lines.push(`  kept through the reload: ${p.reapplied.join(', ')}`);
    lines.push(p.ok ? `  persisted: config checked${p.reloaded ? ' and HAProxy reloaded' : ''}` : `  NOT persisted: ${p.reason ?? ''}`);
  }
  const svc = report.service;
  if (svc !== undefined && !report.dryRun) {
    const word = (a: boolean | null): string => (a === null ? 'unknown' : a ? 'active' : 'inactive');
    lines.push(`  ${svc.service}: ${word(svc.activeBefore)}  ->  ${word(svc.activeAfter)}`);
    if (svc.output !== undefined && svc.output !== '') lines.push(...svc.output.split('\n').map((l) => `    ${l}`));
  }
  if (report.dryRun) {
    lines.push('  would run:');
    lines.push(...report.commands.map((c) => `    ${commandLine(c)}`));
  }
  return `${lines.join('\n')}\n`;
}

import type { ActionReport, PlannedCommand, ServerOutcome } from './action-report.js';
import { KEEP_BACKUPS } from './atomic-write.js';
import { describeView } from './server-view.js';

/** An action report as a person reads it: the lines after `picon drain p1` and friends, and the console's one line. */

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

export function renderActionReport(report: ActionReport): string {
  const lines: string[] = [];
  const verdict = report.dryRun
    ? 'dry run, nothing changed'
    : report.result === 'ok'
      ? 'done'
      : report.result;
  lines.push(`${report.title}: ${verdict}`);
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
  if (report.result !== 'ok' && report.reason !== undefined && !report.dryRun) {
    lines.push(`  ${report.reason}${report.hint !== undefined ? `; ${report.hint}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The console's one line for the event log and the status line: what is true now. */
export function reportSummary(report: ActionReport): string {
  if (report.result !== 'ok') {
    const reason = report.reason ?? 'no reason given';
    return reason.startsWith(`${report.result}: `) ? reason : `${report.result}: ${reason}`;
  }
  const after = report.servers.map((s) => s.after).filter((v) => v !== null);
  const states = after.map((v) => `${v.server} ${v.status ?? '?'}${v.weight !== null ? ` weight ${v.weight}` : ''}`);
  if (report.service !== undefined) {
    const active = report.service.activeAfter;
    return `done: ${report.service.service} ${active === true ? 'active' : active === false ? 'NOT active' : 'state unknown'}`;
  }
  return states.length > 0 ? `done: ${states.join(', ')}` : 'done';
}

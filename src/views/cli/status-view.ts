import type { StatusReport } from '../../core/status/status-report.js';
import { shortDuration } from './duration.js';
import { textTable } from './text-table.js';

export function renderStatus(report: StatusReport): string {
  const nodes = textTable(
    ['NODE', 'ROLE', 'MODEL', 'ADDRESS', 'SSH', 'UPTIME', 'LOAD 1/5/15'],
    report.nodes.map((n) => [
      n.name,
      n.role,
      n.model ?? '-',
      n.address,
      n.reachable ? 'ok' : (n.errorKind ?? 'down'),
      n.uptimeSeconds === null ? '-' : shortDuration(n.uptimeSeconds),
      n.load === null ? '-' : n.load.map((l) => l.toFixed(2)).join(' '),
    ]),
  );
  const errors = report.nodes.filter((n) => !n.reachable && n.error !== null).map((n) => `  ! ${n.error}\n`);
  const h = report.haproxy;
  const haproxy = h.reachable
    ? textTable(
        ['BACKEND', 'SERVER', 'NODE', 'STATUS', 'CHECK', 'WEIGHT', 'SESSIONS', 'SINCE'],
        h.servers.map((s) => [
          s.backend,
          s.server,
          s.node ?? '-',
          s.status,
          s.checkStatus ?? '-',
          s.weight === null ? '-' : String(s.weight),
          s.currentSessions === null ? '-' : String(s.currentSessions),
          s.lastChangeSeconds === null ? '-' : shortDuration(s.lastChangeSeconds),
        ]),
      )
    : `  ! ${h.error ?? 'HAProxy not read'}\n`;
  const warnings = h.warnings.map((w) => `  ! ${w}\n`);
  return [
    `profile ${report.profile}\n\n`,
    nodes,
    ...errors,
    `\nHAProxy${h.version !== null ? ` ${h.version}` : ''}\n`,
    haproxy,
    ...warnings,
  ].join('');
}

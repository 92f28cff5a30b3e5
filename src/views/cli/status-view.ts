import { haproxyLoadText } from '../../core/haproxy/haproxy-load.js';
import type { StatusReport } from '../../core/status/status-report.js';
import { parseServerStatus } from '../../core/haproxy/server-status.js';
import { serverStateText } from '../../core/present/state-words.js';
import { compactDuration } from '../../core/present/time.js';
import { formatLoad, UNKNOWN_TEXT as NA } from '../../core/present/units.js';
import { armClock, celsius, percent, perSecond, services, throttling, usedOfTotal } from './status-format.js';
import { textTable } from './text-table.js';

export function renderStatus(report: StatusReport): string {
  const nodes = textTable(
    ['NODE', 'ROLE', 'MODEL', 'ADDRESS', 'SSH', 'UPTIME', 'LOAD 1/5/15', 'CPU', 'MEMORY'],
    report.nodes.map((n) => [
      n.name,
      n.role,
      n.model ?? NA,
      n.address,
      n.reachable ? 'up' : (n.errorKind ?? 'down'),
      n.uptimeSeconds === null ? NA : compactDuration(n.uptimeSeconds),
      n.load === null ? NA : n.load.map(formatLoad).join(' '),
      percent(n.cpu?.busyPercent ?? null),
      usedOfTotal(n.memory),
    ]),
  );
  const errors = report.nodes.filter((n) => !n.reachable && n.error !== null).map((n) => `  ! ${n.error}\n`);
  const health = textTable(
    ['NODE', 'DISK', 'TEMP', 'ARM CLOCK', 'THROTTLING', 'READ FROM', 'SERVICES'],
    report.nodes.map((n) => [
      n.name,
      n.disk === null ? NA : `${usedOfTotal(n.disk)} ${percent(n.disk.usedPercent)}`,
      celsius(n.temperatureCelsius),
      armClock(n.armClockHz, n.armClockMaxHz),
      throttling(n.throttling),
      n.healthSource === null ? NA : `${n.healthSource.source}${n.healthSource.ageSeconds === null ? '' : `, ${n.healthSource.ageSeconds} s old`}`,
      services(n.services),
    ]),
  );
  const h = report.haproxy;
  const frontends = h.frontends.map(
    (f) => `  frontend ${f.name}: ${perSecond(f.requestsPerSecond)} req/s, ${f.currentSessions ?? NA} sessions, ${f.status}\n`,
  );
  const haproxy = h.reachable
    ? textTable(
        ['BACKEND', 'SERVER', 'NODE', 'STATUS', 'CHECK', 'WEIGHT', 'SESSIONS', 'SINCE', 'REQ/S'],
        h.servers.map((s) => [
          s.backend,
          s.server,
          s.node ?? NA,
          serverStateText(parseServerStatus(s.status)),
          s.checkStatus ?? NA,
          s.weight === null ? NA : String(s.weight),
          s.currentSessions === null ? NA : String(s.currentSessions),
          s.lastChangeSeconds === null ? NA : compactDuration(s.lastChangeSeconds),
          perSecond(s.requestsPerSecond),
        ]),
      )
    : `  ! ${h.error ?? 'HAProxy not read'}\n`;
  const warnings = h.warnings.map((w) => `  ! ${w}\n`);
  const interrupted = report.interrupted.map((a) => `! ${a.message}\n`);
  return [
    `profile ${report.profile}\n`,
    ...interrupted,
    '\n',
    nodes,
    ...errors,
    '\n',
    health,
    `\nHAProxy${h.version !== null ? ` ${h.version}` : ''}${h.load !== null ? `  ${haproxyLoadText({ ...(h.load.idlePct !== null && { idlePct: h.load.idlePct }), ...(h.load.runQueue !== null && { runQueue: h.load.runQueue }), ...(h.load.threads !== null && { threads: h.load.threads }), processes: h.load.processes })}` : ''}\n`,
    ...frontends,
    haproxy,
    ...warnings,
  ].join('');
}

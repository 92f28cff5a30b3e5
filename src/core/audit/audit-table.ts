import { fit } from '../present/fit.js';
import { auditChange } from './audit-change.js';
import type { AuditEntry } from './audit-entry.js';

/** `picon audit`: one line per action, oldest first, times in UTC as the journal keeps them. */

const whenText = (iso: string): string => iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, '');

function detail(entry: AuditEntry): string {
  const change = auditChange(entry.before, entry.after);
  const forced = entry.forced !== undefined && entry.forced.length > 0 ? ` (forced: ${entry.forced.join(', ')})` : '';
  const reason = entry.reason !== undefined ? ` — ${entry.reason}` : '';
  return `${change}${forced}${reason}`;
}

export function auditTable(entries: readonly AuditEntry[], options: { readonly showProfile: boolean }): string[] {
  const rows = entries.map((e) => ({
    when: whenText(e.time),
    user: e.user,
    profile: e.profile,
    title: e.title,
    outcome: e.outcome,
    detail: detail(e),
  }));
  const head = { when: 'TIME (UTC)', user: 'USER', profile: 'PROFILE', title: 'ACTION', outcome: 'RESULT', detail: 'CHANGE' };
  const width = (k: keyof typeof head): number => Math.max(head[k].length, ...rows.map((r) => [...r[k]].length));
  const line = (r: typeof head): string =>
    [fit(r.when, width('when')), fit(r.user, width('user')), ...(options.showProfile ? [fit(r.profile, width('profile'))] : []), fit(r.title, width('title')), fit(r.outcome, width('outcome')), r.detail]
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)];
}

import type { AuditState } from '../actions/audit-record.js';

/**
 * What an action changed, in a few words per target: "web/p1 UP→DRAIN", "web/pi3 weight 1→3",
 * "nginx active". Targets are the journal's keys ("backend/server", "service NAME"); a value of a
 * shape picon did not write is shown as it stands.
 */

type Fields = Readonly<Record<string, unknown>>;

const asFields = (v: unknown): Fields | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Fields) : undefined);
const word = (v: unknown): string => (v === undefined || v === null ? '-' : typeof v === 'string' ? v : JSON.stringify(v));
const activeWord = (v: unknown): string => (v === true ? 'active' : v === false ? 'inactive' : '-');

function serverChange(name: string, before: Fields | undefined, after: Fields | undefined): string {
  if (after === undefined) return `${name} ${word(before?.['status'])}`;
  const parts: string[] = [];
  const [s0, s1] = [word(before?.['status']), word(after['status'])];
  parts.push(s0 === s1 ? s1 : `${s0}→${s1}`);
  const [w0, w1] = [before?.['weight'], after['weight']];
  if (w0 !== w1) parts.push(`weight ${word(w0)}→${word(w1)}`);
  return `${name} ${parts.join(' ')}`;
}

function serviceChange(name: string, before: Fields | undefined, after: Fields | undefined): string {
  const [a0, a1] = [activeWord(before?.['active']), activeWord(after?.['active'])];
  return after === undefined || a0 === a1 ? `${name} ${after === undefined ? a0 : a1}` : `${name} ${a0}→${a1}`;
}

export function auditChange(before: AuditState, after: AuditState | undefined): string {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after ?? {})])];
  return keys
    .map((key) => {
      const [b, a] = [asFields(before[key]), after === undefined ? undefined : asFields(after[key])];
      return key.startsWith('service ') ? serviceChange(key.slice('service '.length), b, a) : serverChange(key, b, a);
    })
    .join(', ');
}

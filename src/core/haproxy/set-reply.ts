/**
 * HAProxy answers a successful `set`/`enable`/`disable` with an empty line; any text is the
 * reason it refused ("No such server.", "Permission denied", "Absolute weight can only be ...").
 */

export type SetReply = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export function parseSetReply(text: string): SetReply {
  const reason = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join(' ');
  return reason === '' ? { ok: true } : { ok: false, reason };
}

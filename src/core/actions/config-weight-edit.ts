import type { ServerRef } from '../profile/profile.js';

/**
 * `weight --persist`: the one edit picon makes to haproxy.cfg — the `weight` of one `server` line
 * in one backend (or listen) section. Everything else (indentation, other options, comments,
 * line endings) stays byte for byte.
 */

export type ConfigEdit =
  | { readonly ok: true; readonly text: string; readonly before: string; readonly after: string; readonly changed: boolean }
  | { readonly ok: false; readonly reason: string };

const SECTIONS = new Set([
  'global', 'defaults', 'frontend', 'backend', 'listen', 'peers', 'resolvers', 'userlist', 'cache',
  'program', 'mailers', 'http-errors', 'ring', 'log-forward', 'fcgi-app', 'crt-store', 'traces',
]);

/** The line without its comment (a `#` that starts a word and is not escaped) or line ending. */
function splitComment(line: string): { code: string; rest: string } {
  const body = line.endsWith('\r') ? line.slice(0, -1) : line;
  const ending = line.endsWith('\r') ? '\r' : '';
  const hash = /(^|\s)#/.exec(body);
  if (hash === null) return { code: body, rest: ending };
  const at = hash.index + hash[1]!.length;
  return { code: body.slice(0, at), rest: body.slice(at) + ending };
}

const words = (code: string): string[] => code.trim().split(/\s+/).filter((w) => w !== '');

export function setWeightInConfig(text: string, ref: ServerRef, weight: number): ConfigEdit {
  const lines = text.split('\n');
  let section: { kind: string; name: string | undefined } | undefined;
  let sectionFound = false;
  let templates = 0;
  const matches: number[] = [];
  lines.forEach((line, i) => {
    const [first, second, ...others] = words(splitComment(line).code);
    if (first === undefined) return;
    if (SECTIONS.has(first)) {
      section = { kind: first, name: second };
      if ((first === 'backend' || first === 'listen') && second === ref.backend) sectionFound = true;
      return;
    }
    const inBackend = section !== undefined && (section.kind === 'backend' || section.kind === 'listen') && section.name === ref.backend;
    if (!inBackend) return;
    if (first === 'server' && second === ref.server && others.length > 0) matches.push(i);
    if (first === 'server-template') templates++;
  });
  const where = `${ref.backend}/${ref.server}`;
  if (!sectionFound) return { ok: false, reason: `no "backend ${ref.backend}" section in the config` };
  if (matches.length === 0) {
    const template = templates > 0 ? ` (its servers come from server-template, which picon does not edit)` : '';
    return { ok: false, reason: `no "server ${ref.server}" line in backend ${ref.backend}${template}` };
  }
  if (matches.length > 1) return { ok: false, reason: `${where} is defined on ${matches.length} lines; edit the config by hand` };
  const index = matches[0]!;
  const before = lines[index]!;
  const { code, rest } = splitComment(before);
  const weightPattern = /(\sweight\s+)(\S+)/;
  let edited: string;
  if (weightPattern.test(code)) {
    edited = code.replace(weightPattern, (_all, lead: string) => `${lead}${weight}`);
  } else {
    const trimmed = code.replace(/\s+$/, '');
    const gap = code.slice(trimmed.length);
    edited = `${trimmed} weight ${weight}${rest.startsWith('#') ? (gap === '' ? ' ' : gap) : ''}`;
  }
  const after = edited + rest;
  const out = [...lines];
  out[index] = after;
  return { ok: true, text: out.join('\n'), before: before.replace(/\r$/, ''), after: after.replace(/\r$/, ''), changed: after !== before };
}

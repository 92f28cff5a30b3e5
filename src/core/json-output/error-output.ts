import { z } from 'zod';
import { schemaVersionField } from './schema-version.js';

/** What any command prints on stdout under `--json` when it refuses or fails; the exit code is the one it has without `--json`. */
export const errorOutputSchema = z.object({
  ...schemaVersionField,
  error: z.object({
    /** bad-input (exit 2: a flag, name, profile or file to fix), refused (a guard, a lock, a changed host key), failed (a target could not be reached or did not do it), internal (a bug: exit 70). */
    code: z.enum(['bad-input', 'refused', 'failed', 'internal']),
    /** The same one line picon prints without --json. */
    message: z.string(),
    /** What the message is about: the flag, the node, the file, the holder; null when it names none. */
    culprit: z.string().nullable(),
    /** What to try next, where picon knows. */
    hint: z.string().optional(),
  }),
});

export type ErrorOutput = z.infer<typeof errorOutputSchema>;
export type ErrorCode = ErrorOutput['error']['code'];

/**
 * The culprit of a one-line message picon wrote for people: the flag it starts with (`--timeout
 * must be …`), else the first quoted name ("p9", '--bogus'), else the first path, else the first
 * flag it names (`add --yes`); null for a usage line.
 */
export function culpritOf(message: string): string | null {
  if (message.startsWith('usage:')) return null;
  const leading = /^(--?[a-z][a-z-]*)\b/.exec(message);
  if (leading?.[1] !== undefined) return leading[1];
  const quoted = /"([^"]+)"|'(--?[a-z][a-z-]*)'/.exec(message);
  if (quoted !== null) return quoted[1] ?? quoted[2] ?? null;
  const file = /(?:^|\s)((?:~|\.{1,2})?\/[^\s:,;()]+)/.exec(message);
  if (file?.[1] !== undefined) return file[1];
  const flag = /(?:^|[\s(`])(--?[a-z][a-z-]*)\b/.exec(message);
  return flag?.[1] ?? null;
}

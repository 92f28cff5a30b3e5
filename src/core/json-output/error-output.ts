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
 * The culprit of a one-line message picon wrote for people: the first flag it names (`--timeout`),
 * else the first quoted name ("p9"), else the first path.
 */
export function culpritOf(message: string): string | null {
  const flag = /(?:^|[\s(`])(--?[a-z][a-z-]*)\b/.exec(message);
  if (flag?.[1] !== undefined && flag[1] !== '-') return flag[1];
  const quoted = /"([^"]+)"/.exec(message);
  if (quoted?.[1] !== undefined) return quoted[1];
  const file = /(?:^|\s)((?:~|\.{1,2})?\/[^\s:,;]+)/.exec(message);
  return file?.[1] ?? null;
}

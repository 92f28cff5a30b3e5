import { z } from 'zod';
import { schemaVersionField } from './schema-version.js';

/**
 * `picon trust NODE --json`: the key the node offered and what became of it. A changed or revoked
 * key, or a node that cannot be reached, is an error output instead.
 */
export const trustOutputSchema = z.object({
  ...schemaVersionField,
  node: z.string(),
  /** The known_hosts name: `address` or `[address]:port`. */
  host: z.string(),
  through: z.string().optional(),
  keyType: z.string(),
  /** SHA256:… as ssh-keygen -l prints it. */
  fingerprint: z.string(),
  status: z.enum(['added', 'already-trusted', 'dry-run']),
  /** The known_hosts file and line it is on (added, already-trusted) or would be added to (dry-run). */
  file: z.string(),
  line: z.number().optional(),
  knownHostsLine: z.string().optional(),
});

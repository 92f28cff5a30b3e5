/** Documented in README.md and docs/architecture.md. */
export const EXIT_OK = 0;
/** Some target failed; the partial result was still printed. */
export const EXIT_PARTIAL = 1;
/** Bad input: profile, flags, names. */
export const EXIT_BAD_INPUT = 2;

/** An error the user can fix: printed as one line, exits 2. `refused`: input that is fine, but picon may not do it (--read-only). */
export class UsageError extends Error {
  constructor(message: string, readonly hint?: string, readonly kind: 'bad-input' | 'refused' = 'bad-input') {
    super(message);
    this.name = 'UsageError';
  }
}

/** Documented in README.md and docs/architecture.md. */
export const EXIT_OK = 0;
/** Some target failed; the partial result was still printed. */
export const EXIT_PARTIAL = 1;
/** Bad input: profile, flags, names. */
export const EXIT_BAD_INPUT = 2;

/** An error the user can fix: printed as one line, exits 2. */
export class UsageError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Documented in README.md and docs/architecture.md. */
export const EXIT_OK = 0;
/** Some target failed; the partial result was still printed. */
export const EXIT_PARTIAL = 1;
/** Bad input: profile, flags, names. */
export const EXIT_BAD_INPUT = 2;

/** Lives in core so adapters can throw it without importing the CLI. */
export { UsageError } from '../core/usage-error.js';

/** An error the user can fix: printed as one line, exits 2. `refused`: input that is fine, but picon may not do it (--read-only). */
export class UsageError extends Error {
  constructor(message: string, readonly hint?: string, readonly kind: 'bad-input' | 'refused' = 'bad-input') {
    super(message);
    this.name = 'UsageError';
  }
}

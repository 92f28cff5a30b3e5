/**
 * An expected failure as a value (never an exception): `ok` with its value, or not `ok` with a
 * `reason` — one printable line naming the culprit, or (R) a richer description such as a
 * RemoteError. One shape for every parser, check and step.
 */
export type Result<T, R = string> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: R };

export const success = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const failure = <R = string>(reason: R): Result<never, R> => ({ ok: false, reason });

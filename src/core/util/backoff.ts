/**
 * Reconnect delay: exponential from `baseMs`, capped at `maxMs`, with "full jitter"
 * (a random point in [delay/2, delay]) so nodes that failed together do not retry together.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random, baseMs = 500, maxMs = 30_000): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}

import type { LoadTestPreset, MixEntry } from '../profile/schema.js';

/**
 * A preset's mix of requests, planned: each kind with its name and share, and the order the
 * built-in engine sends them in. Pure.
 */

export interface MixKind {
  readonly name: string;
  readonly weight: number;
  readonly method: LoadTestPreset['method'];
  readonly path: string;
  /** The preset's headers with the kind's own over them. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export function mixKinds(preset: Pick<LoadTestPreset, 'headers'>, entries: readonly MixEntry[]): MixKind[] {
  return entries.map((e) => ({
    name: e.name ?? `${e.method} ${e.path}`,
    weight: e.weight,
    method: e.method,
    path: e.path,
    headers: { ...(preset.headers ?? {}), ...(e.headers ?? {}) },
    ...(e.body !== undefined && { body: e.body }),
  }));
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * One period of the sending order: kind indexes, each kind as often as its weight (after dividing
 * the weights by their greatest common divisor), spread evenly by smooth weighted round-robin
 * (nginx's): 70/25/5 becomes a period of 20 with the single 5 % request in the middle, so a run of
 * any whole number of periods holds the mix exactly and a short run is never all one kind.
 */
export function mixSchedule(weights: readonly number[]): number[] {
  const divisor = weights.reduce((g, w) => (w > 0 ? gcd(g, w) : g), 0);
  if (divisor === 0) return [];
  const reduced = weights.map((w) => w / divisor);
  const total = reduced.reduce((s, w) => s + w, 0);
  const current = reduced.map(() => 0);
  const order: number[] = [];
  for (let n = 0; n < total; n++) {
    let best = -1;
    for (let i = 0; i < reduced.length; i++) {
      current[i] = (current[i] as number) + (reduced[i] as number);
      if (best < 0 || (current[i] as number) > (current[best] as number)) best = i;
    }
    current[best] = (current[best] as number) - total;
    order.push(best);
  }
  return order;
}

/** How many of `requests` each kind gets when they are sent in schedule order from the start. */
export function kindCounts(schedule: readonly number[], kinds: number, requests: number): number[] {
  const counts = Array.from({ length: kinds }, () => 0);
  if (schedule.length === 0) return counts;
  const periods = Math.floor(requests / schedule.length);
  for (const k of schedule) counts[k] = (counts[k] as number) + periods;
  for (let i = 0; i < requests % schedule.length; i++) {
    const k = schedule[i] as number;
    counts[k] = (counts[k] as number) + 1;
  }
  return counts;
}

/** A kind as the history keeps it: the body's size, not the body (it may hold a form's secrets, and be large). */
export type RecordedKind = Omit<MixKind, 'body'> & { readonly bodyBytes?: number };

export function recordedKinds(kinds: readonly MixKind[]): RecordedKind[] {
  return kinds.map(({ body, ...kind }) => ({ ...kind, ...(body !== undefined && { bodyBytes: new TextEncoder().encode(body).length }) }));
}

/** "a mix of 70 GET /, 25 GET /api/work, 5 POST /api/write on" for a dry run's line; undefined without a mix. */
export function mixText(kinds: readonly MixKind[] | undefined): string | undefined {
  if (kinds === undefined) return undefined;
  return `a mix of ${kinds.map((k) => `${k.weight} ${k.method} ${k.path}`).join(', ')} on`;
}

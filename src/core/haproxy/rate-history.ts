/**
 * The last `capacity` samples of each series (e.g. 60 one-second request rates per server, for a
 * sparkline). Memory is bounded: `capacity` numbers per key, and keys not seen in a poll can be
 * dropped with `retain`.
 */
export class RateHistory {
  private readonly series = new Map<string, { values: (number | undefined)[]; next: number; size: number }>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`history capacity must be a positive integer, not ${capacity}`);
  }

  /** Adds a sample; undefined marks a gap (no rate this poll). */
  push(key: string, value: number | undefined): void {
    let ring = this.series.get(key);
    if (ring === undefined) {
      ring = { values: new Array<number | undefined>(this.capacity), next: 0, size: 0 };
      this.series.set(key, ring);
    }
    ring.values[ring.next] = value;
    ring.next = (ring.next + 1) % this.capacity;
    ring.size = Math.min(this.capacity, ring.size + 1);
  }

  /** Oldest first. */
  values(key: string): (number | undefined)[] {
    const ring = this.series.get(key);
    if (ring === undefined) return [];
    const start = (ring.next - ring.size + this.capacity) % this.capacity;
    return Array.from({ length: ring.size }, (_, i) => ring.values[(start + i) % this.capacity]);
  }

  /** Forgets every series whose key is not in `keys` (servers removed from the config). */
  retain(keys: Iterable<string>): void {
    const keep = new Set(keys);
    for (const key of [...this.series.keys()]) if (!keep.has(key)) this.series.delete(key);
  }

  keys(): string[] {
    return [...this.series.keys()];
  }
}

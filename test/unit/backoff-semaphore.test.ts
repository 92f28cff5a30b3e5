import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/core/util/backoff.js';
import { Semaphore } from '../../src/core/util/semaphore.js';

describe('backoffDelay', () => {
  it('doubles per attempt within [d/2, d] and stops at the cap', () => {
    expect(backoffDelay(1, () => 0)).toBe(250);
    expect(backoffDelay(1, () => 1)).toBe(500);
    expect(backoffDelay(4, () => 1)).toBe(4000);
    expect(backoffDelay(30, () => 1)).toBe(30_000);
    expect(backoffDelay(30, () => 0)).toBe(15_000);
  });
});

describe('Semaphore', () => {
  it('lets at most N through and wakes waiters in order', async () => {
    const s = new Semaphore(2);
    const a = await s.acquire();
    const b = await s.acquire();
    const order: string[] = [];
    const c = s.acquire().then((r) => (order.push('c'), r));
    const d = s.acquire().then((r) => (order.push('d'), r));
    expect(s.inUse).toBe(2);
    expect(s.queued).toBe(2);
    a();
    a(); // releasing twice is harmless
    (await c)();
    b();
    (await d)();
    expect(order).toEqual(['c', 'd']);
    expect(s.inUse).toBe(0);
  });
});

describe('Semaphore.setLimit', () => {
  it('a lower limit admits no one until the holders are under it; a higher one admits waiters at once', async () => {
    const s = new Semaphore(3);
    const held = [await s.acquire(), await s.acquire(), await s.acquire()];
    s.setLimit(1);
    let got = false;
    const next = s.acquire().then((r) => ((got = true), r));
    held[0]?.();
    held[1]?.();
    await Promise.resolve();
    expect(got).toBe(false);
    expect(s.inUse).toBe(1);
    held[2]?.();
    (await next)();
    expect(got).toBe(true);

    const one = await s.acquire();
    const waiters = [s.acquire(), s.acquire()];
    expect(s.queued).toBe(2);
    s.setLimit(3);
    const admitted = await Promise.all(waiters);
    expect(s.inUse).toBe(3);
    for (const r of [one, ...admitted]) r();
    expect(s.inUse).toBe(0);
  });
});

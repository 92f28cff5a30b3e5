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

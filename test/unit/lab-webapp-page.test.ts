import { describe, expect, it } from 'vitest';
import { cpuWork, HOME_PAGE_BYTES, homePage, WORK_BODY_BYTES, workBody, workUnits } from '../../src/adapters/lab/webapp-page.js';

describe('homePage', () => {
  it.each([['p1', 'Pi Zero'], ['pi3', 'Pi 3'], ['node200', 'Pi Zero'], ['a<b&"c"', 'x']])('is exactly 556 bytes for %s and names the node', (node, model) => {
    const page = homePage(node, model);
    expect(Buffer.byteLength(page)).toBe(HOME_PAGE_BYTES);
    expect(page).toContain('<strong id="node">');
    expect(page).not.toContain('a<b');
  });

  it('names the node in the body', () => {
    expect(homePage('p2', 'Pi Zero')).toContain('<strong id="node">p2</strong> (Pi Zero)');
  });
});

describe('work', () => {
  it('a Pi 3 does a third of the units of a Pi Zero', () => {
    expect(workUnits(1) / workUnits(3)).toBeCloseTo(3, 5);
  });

  it('is deterministic, so the JIT cannot drop it', () => {
    expect(cpuWork(1000)).toBe(cpuWork(1000));
    expect(cpuWork(1000)).not.toBe(cpuWork(1001));
  });
});

describe('workBody', () => {
  it.each([['p1', 1.5], ['node200', 12345.6789]])('is always WORK_BODY_BYTES long and valid JSON (%s)', (node, cpuMs) => {
    const body = workBody({ node, model: 'Pi Zero', units: 600000, result: 123456789, cpuMs });
    expect(Buffer.byteLength(body)).toBe(WORK_BODY_BYTES);
    expect(JSON.parse(body)).toMatchObject({ node, units: 600000 });
  });
});

import { describe, expect, it } from 'vitest';
import { checkLastUpGuard, type Removal } from '../../src/core/haproxy/last-up-guard.js';
import { parseStatCsv } from '../../src/core/haproxy/stat-csv.js';
import { parseServerStatus } from '../../src/core/haproxy/server-status.js';
import type { StatRecord } from '../../src/core/haproxy/stat-record.js';
import { haproxyFixture } from './haproxy-fixtures.js';

const server = (service: string, status: string, weight = 1, proxy = 'web'): StatRecord => ({
  proxy,
  service,
  type: 'server',
  status: parseServerStatus(status),
  weight,
});
const backend: StatRecord = { proxy: 'web', service: 'BACKEND', type: 'backend', status: parseServerStatus('UP') };
const ref = (server: string) => ({ backend: 'web', server });
const drain: Removal = { kind: 'drain' };
const maint: Removal = { kind: 'maint' };
const zero: Removal = { kind: 'weight', weight: 0 };

describe('checkLastUpGuard', () => {
  it.each([
    ['another server is UP', [server('a', 'UP'), server('b', 'UP')], true],
    ['the other is in a transition but still UP', [server('a', 'UP'), server('b', 'UP 1/2')], true],
    ['the other has no check', [server('a', 'UP'), server('b', 'no check')], true],
    ['the other is DOWN', [server('a', 'UP'), server('b', 'DOWN')], false],
    ['the other is DRAIN', [server('a', 'UP'), server('b', 'DRAIN')], false],
    ['the other is MAINT', [server('a', 'UP'), server('b', 'MAINT')], false],
    ['the other is UP with weight 0', [server('a', 'UP'), server('b', 'UP', 0)], false],
    ['the only UP one is in another backend', [server('a', 'UP'), server('b', 'UP', 1, 'api')], false],
    ['the target itself is already out of rotation', [server('a', 'DRAIN'), server('b', 'DOWN')], true],
  ])('drain a when %s → allowed %s', (_what, servers, allowed) => {
    const verdict = checkLastUpGuard([{ records: [...servers, backend] }], ref('a'), drain);
    expect(verdict.allowed).toBe(allowed);
  });

  it('says why, naming the server and backend', () => {
    const verdict = checkLastUpGuard([{ records: [server('a', 'UP'), server('b', 'DOWN')] }], ref('a'), maint);
    expect(verdict).toEqual({
      allowed: false,
      reason: 'web/a is the last server taking traffic in backend web; it would go DOWN and answer 503',
    });
  });

  it('applies to maint and weight 0, not to ready or a weight above 0', () => {
    const records = [server('a', 'UP'), server('b', 'DOWN')];
    expect(checkLastUpGuard([{ records }], ref('a'), maint).allowed).toBe(false);
    expect(checkLastUpGuard([{ records }], ref('a'), zero).allowed).toBe(false);
    expect(checkLastUpGuard([{ records }], ref('a'), { kind: 'weight', weight: 1 }).allowed).toBe(true);
  });

  it('refuses when any one process would be left without a server', () => {
    const p1 = { process: 'process 1', records: [server('a', 'UP'), server('b', 'UP')] };
    const p2 = { process: 'process 2', records: [server('a', 'UP'), server('b', 'DOWN')] };
    const verdict = checkLastUpGuard([p1, p2], ref('a'), drain);
    expect(verdict).toEqual({ allowed: false, reason: expect.stringContaining('in backend web in process 2') });
  });

  it('names a server it cannot find', () => {
    expect(checkLastUpGuard([{ records: [server('a', 'UP')] }], ref('nope'), drain)).toEqual({ allowed: false, reason: 'no server web/nope' });
  });

  it('on the real 2.6 poll: s4 (no check) keeps the backend up while s1 and s2 are out', () => {
    const records = parseStatCsv(haproxyFixture('2.6/show-stat-drain-maint.csv')).records;
    expect(checkLastUpGuard([{ records }], ref('s4'), drain).allowed).toBe(false);
    const original = parseStatCsv(haproxyFixture('2.6/show-stat.csv')).records;
    expect(checkLastUpGuard([{ records: original }], ref('s1'), drain).allowed).toBe(true);
    expect(checkLastUpGuard([{ records: original }], { backend: 'api', server: 'a1' }, drain).allowed).toBe(true);
  });
});

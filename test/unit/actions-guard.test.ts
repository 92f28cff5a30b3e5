import { describe, expect, it } from 'vitest';
import { decideGuard } from '../../src/core/actions/guard-decision.js';
import { parseStatCsv } from '../../src/core/haproxy/stat-csv.js';
import { haproxyFixture } from './haproxy-fixtures.js';

/** Captured from the lab: web/s1 DRAIN, s2 MAINT, s3 DOWN, s4 UP (show-stat-drain-maint.csv). */
const records = parseStatCsv(haproxyFixture('2.6/show-stat-drain-maint.csv')).records;
const one = [{ records }];

describe('decideGuard on captured show stat', () => {
  it('refuses to take out s4, the one UP server, and says how to override', () => {
    const d = decideGuard(one, [{ ref: { backend: 'web', server: 's4' }, removal: { kind: 'drain' } }], false);
    expect(d).toEqual({
      proceed: false,
      reason: 'refused: web/s4 is the last server taking traffic in backend web; it would go DOWN and answer 503',
      hint: 'add --force to do it anyway (clients get 503 until a server is back)',
    });
  });

  it('--force proceeds and names what it overrode', () => {
    const d = decideGuard(one, [{ ref: { backend: 'web', server: 's4' }, removal: { kind: 'maint' } }], true);
    expect(d.proceed && d.overridden).toEqual(['web/s4 is the last server taking traffic in backend web; it would go DOWN and answer 503']);
  });

  it('servers already out of rotation and actions that put one back pass', () => {
    expect(decideGuard(one, [{ ref: { backend: 'web', server: 's2' }, removal: { kind: 'maint' } }], false).proceed).toBe(true);
    expect(decideGuard(one, [{ ref: { backend: 'web', server: 's4' }, removal: undefined }], false).proceed).toBe(true);
  });

  it('two servers of one node in one backend: the second is checked with the first already out', () => {
    const two = [{ records: records.map((r) => (r.service === 's1' ? { ...r, status: { raw: 'UP', state: 'UP' as const } } : r)) }];
    const d = decideGuard(two, [
      { ref: { backend: 'web', server: 's1' }, removal: { kind: 'drain' } },
      { ref: { backend: 'web', server: 's4' }, removal: { kind: 'drain' } },
    ], false);
    expect(d.proceed).toBe(false);
    expect(!d.proceed && d.reason).toContain('web/s4 is the last server');
  });
});

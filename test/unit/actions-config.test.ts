import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { setWeightInConfig } from '../../src/core/actions/config-weight-edit.js';
import { stateFileFor } from '../../src/core/actions/server-state-file.js';
import { runtimeChanges } from '../../src/core/actions/runtime-changes.js';

const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`../fixtures/actions/${name}`, import.meta.url)), 'utf8');
const LAB = fixture('lab-haproxy.cfg');
const PI = fixture('pi-cluster-haproxy.cfg');

/** The lines that differ between two texts. */
function diff(a: string, b: string): [string, string][] {
  const x = a.split('\n');
  const y = b.split('\n');
  expect(y).toHaveLength(x.length);
  return x.flatMap((line, i) => (line === y[i] ? [] : [[line, y[i] ?? '']]));
}

describe('setWeightInConfig on real configs', () => {
  it('changes only the weight of the lab server line', () => {
    const r = setWeightInConfig(LAB, { backend: 'web', server: 'p2' }, 7);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(diff(LAB, r.text)).toEqual([[r.before, r.after]]);
    expect(r.after).toMatch(/^    server p2 127\.0\.\d+\.12:8080 check inter 1s fall 2 rise 2 weight 7$/);
    expect(r.changed).toBe(true);
  });

  it.each([
    ['pi1', 'web', 3, '\tserver pi1 192.168.1.11:80 check weight 3 # Pi Zero'],
    ['pi2', 'web', 3, '\tserver pi2 192.168.1.12:80 check\tweight 3'],
    ['pi3', 'web', 3, '\tserver pi3 192.168.1.13:80 check weight 3'],
    ['pi5', 'web', 0, '\tserver pi5 192.168.1.15:80 check weight 0   # Pi 3: three times a Zero'],
    ['pi1', 'api', 9, '\tserver pi1 192.168.1.11:8080 check weight 9'],
  ])('server %s in %s: weight %s keeps tabs and comments', (server, backend, weight, after) => {
    const r = setWeightInConfig(PI, { backend, server }, weight);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.after).toBe(after);
    expect(diff(PI, r.text)).toHaveLength(1);
  });

  it('keeps CRLF line endings', () => {
    const crlf = LAB.replace(/\n/g, '\r\n');
    const r = setWeightInConfig(crlf, { backend: 'web', server: 'p1' }, 4);
    expect(r.ok && r.text).toBe(crlf.replace(/(server p1 \S+ check inter 1s fall 2 rise 2 weight )1/, '$14'));
  });

  it('the same weight is no change', () => {
    const r = setWeightInConfig(LAB, { backend: 'web', server: 'p1' }, 1);
    expect(r.ok && r.changed).toBe(false);
    expect(r.ok && r.text).toBe(LAB);
  });

  it.each([
    [{ backend: 'web', server: 'pi4' }, 'no "server pi4" line in backend web'],
    [{ backend: 'stats', server: 'x' }, 'no "server x" line in backend stats'],
    [{ backend: 'db', server: 'pi1' }, 'no "backend db" section in the config'],
    [{ backend: 'http', server: 'pi1' }, 'no "backend http" section in the config'],
  ])('%j is refused: %s', (ref, reason) => {
    expect(setWeightInConfig(PI, ref, 2)).toEqual({ ok: false, reason });
  });

  it('refuses a server defined twice and servers from server-template', () => {
    const twice = `backend web\n  server a 1.2.3.4:80\n  server a 1.2.3.5:80\n`;
    expect(setWeightInConfig(twice, { backend: 'web', server: 'a' }, 2)).toEqual({ ok: false, reason: 'web/a is defined on 2 lines; edit the config by hand' });
    const template = `backend web\n  server-template pi 4 pi.local:80 check\n`;
    const r = setWeightInConfig(template, { backend: 'web', server: 'pi1' }, 2);
    expect(!r.ok && r.reason).toContain('server-template');
  });

  it('truncated or garbage text is refused, not guessed at', () => {
    expect(setWeightInConfig(LAB.slice(0, LAB.indexOf('backend web') + 5), { backend: 'web', server: 'p1' }, 2).ok).toBe(false);
    expect(setWeightInConfig('\0\x01garbage', { backend: 'web', server: 'p1' }, 2).ok).toBe(false);
    expect(setWeightInConfig('', { backend: 'web', server: 'p1' }, 2).ok).toBe(false);
  });
});

describe('stateFileFor', () => {
  it('finds the files HAProxy 2.6 says it loads (haproxy -c names them)', () => {
    expect(stateFileFor(PI, 'web')).toEqual({ path: '/var/lib/haproxy/state/global', scope: 'global' });
    expect(stateFileFor(PI, 'api')).toEqual({ path: '/var/lib/haproxy/api', scope: 'local' });
  });

  it('is undefined when the config loads no state file', () => {
    expect(stateFileFor(LAB, 'web')).toBeUndefined();
    expect(stateFileFor(PI, 'nosuch')).toBeUndefined();
    expect(stateFileFor('global\n server-state-file /s\nbackend web\n server a 1.1.1.1:80\n', 'web')).toBeUndefined();
  });
});

describe('runtimeChanges', () => {
  it('lists forced drain/maint and changed weights of other servers', () => {
    const states = [
      { backend: 'web', server: 'a', adminBits: 0x01, maintenance: true, draining: false, userWeight: 1, initialWeight: 1 },
      { backend: 'web', server: 'b', adminBits: 0x08, maintenance: false, draining: true, userWeight: 1, initialWeight: 1 },
      { backend: 'web', server: 'c', adminBits: 0, maintenance: false, draining: false, userWeight: 3, initialWeight: 1 },
      { backend: 'web', server: 'd', adminBits: 0x04, maintenance: true, draining: false, userWeight: 1, initialWeight: 1 },
      { backend: 'web', server: 'e', adminBits: 0x08, maintenance: false, draining: true, userWeight: 1, initialWeight: 1 },
    ];
    expect(runtimeChanges(states, [{ backend: 'web', server: 'e' }])).toEqual([
      { ref: { backend: 'web', server: 'a' }, kind: 'state', state: 'maint' },
      { ref: { backend: 'web', server: 'b' }, kind: 'state', state: 'drain' },
      { ref: { backend: 'web', server: 'c' }, kind: 'weight', weight: 3 },
    ]);
  });
});

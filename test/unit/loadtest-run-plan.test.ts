import { describe, expect, it } from 'vitest';
import { parseProfile } from '../../src/core/profile/parse-profile.js';
import type { Profile } from '../../src/core/profile/profile.js';
import { CAPS, planRun, presetsOf } from '../../src/core/loadtest/run-plan.js';

function profile(yaml: string): Profile {
  const parsed = parseProfile(yaml, '/profiles/test.yaml', '/home/u');
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  return parsed.profile;
}

const CLUSTER = `
head:
  address: 10.0.0.1
  haproxy:
    sockets: [/run/haproxy/admin.sock]
    frontendUrl: http://piclusternode0/
workers:
  - { name: p1, address: 10.0.0.11, model: Pi Zero }
  - { name: pi3, address: 10.0.0.14, model: Pi 3 }
`;
const bare = profile(CLUSTER);

describe('presets', () => {
  it('mirror the seed when the profile has none', () => {
    expect(presetsOf(bare).map((p) => [p.name, p.target, p.path, p.concurrency, p.requests])).toEqual([
      ['home', 'frontend', '/', 100, 10000],
      ['work', 'frontend', '/api/work', 100, 1000],
      ['node-nginx', 'nginx', '/', 100, 10000],
      ['node-app', 'app', '/api/work', 100, 1000],
    ]);
  });

  it('are the profile\'s own when it has some', () => {
    const own = profile(`${CLUSTER}\nloadTests:\n  - { name: quick, path: /x, concurrency: 5, durationSeconds: 3 }\n`);
    expect(presetsOf(own).map((p) => p.name)).toEqual(['quick']);
    const planned = planRun(own, 'quick');
    expect(planned).toMatchObject({ ok: true, value: { url: 'http://piclusternode0/x', concurrency: 5, limit: { kind: 'duration', seconds: 3 } } });
  });
});

describe('planRun', () => {
  it('home is `ab -k -c 100 -n 10000` against the frontend', () => {
    expect(planRun(bare, 'home')).toEqual({
      ok: true,
      value: {
        url: 'http://piclusternode0/',
        preset: 'home',
        target: 'frontend',
        method: 'GET',
        concurrency: 100,
        limit: { kind: 'requests', requests: 10000 },
        keepAlive: true,
        headers: {},
        engine: 'builtin',
      },
    });
  });

  it('fills a node URL template with the node\'s address; --node picks another worker', () => {
    expect(planRun(bare, 'node-nginx')).toMatchObject({ ok: true, value: { url: 'http://10.0.0.11/', node: 'p1', target: 'nginx' } });
    expect(planRun(bare, 'node-app', { node: 'pi3' })).toMatchObject({ ok: true, value: { url: 'http://10.0.0.14:8080/api/work', node: 'pi3' } });
  });

  it('lets the command line change concurrency and the limit', () => {
    expect(planRun(bare, 'home', { concurrency: 8, durationSeconds: 5 })).toMatchObject({ ok: true, value: { concurrency: 8, limit: { kind: 'duration', seconds: 5 } } });
    expect(planRun(bare, undefined, { url: 'https://example.test:8443/a?b=1', requests: 50, concurrency: 2 })).toMatchObject({
      ok: true,
      value: { url: 'https://example.test:8443/a?b=1', target: 'url', limit: { kind: 'requests', requests: 50 } },
    });
  });

  it("takes the built-in engine's threads from the preset or --threads; ab ignores the preset's", () => {
    const threaded = profile(`${CLUSTER}\nloadTests:\n  - { name: wide, requests: 1000, threads: 3 }\n`);
    const plain = planRun(bare, 'home');
    expect(plain).toMatchObject({ ok: true, value: { engine: 'builtin' } });
    expect(plain.ok && plain.value.threads).toBe(undefined);
    expect(planRun(threaded, 'wide')).toMatchObject({ ok: true, value: { threads: 3 } });
    expect(planRun(threaded, 'wide', { threads: 1 })).toMatchObject({ ok: true, value: { threads: 1 } });
    const ab = planRun(threaded, 'wide', { engine: 'ab' });
    expect(ab).toMatchObject({ ok: true, value: { engine: 'ab' } });
    expect(ab.ok && ab.value.threads).toBe(undefined);
  });

  it('runs ab from the head unless --from names another node', () => {
    expect(planRun(bare, 'home', { engine: 'ab' })).toMatchObject({ ok: true, value: { engine: 'ab', from: 'head' } });
    expect(planRun(bare, 'home', { engine: 'ab', from: 'pi3' })).toMatchObject({ ok: true, value: { from: 'pi3' } });
  });

  const refusals: [string, string | undefined, Parameters<typeof planRun>[2], string][] = [
    ['no target at all', undefined, {}, 'name a preset or give --url'],
    ['unknown preset', 'homepage', {}, 'no preset named "homepage" (presets: home, work, node-nginx, node-app)'],
    ['not http', undefined, { url: 'ftp://x/' }, '"ftp://x/" is not an http(s) URL'],
    ['not a URL', undefined, { url: 'piclusternode0' }, '"piclusternode0" is not a URL (expected http://host[:port]/path)'],
    ['a space in --url', undefined, { url: 'http://lb/a b' }, '--url "http://lb/a b": has a space at character 12; percent-encode it as %20'],
    ['CR/LF in --url', undefined, { url: 'http://lb/\r\nX: 1' }, '--url "http://lb/\\r\\nX: 1": has a carriage return (CR) at character 11; percent-encode it as %0D'],
    ['a fragment in --url', undefined, { url: 'http://lb/#x' }, '--url "http://lb/#x": its path has "#" at character 2: a fragment is never sent to the server; percent-encode it as %23'],
    ['unknown node', 'node-nginx', { node: 'p9' }, 'no worker named "p9" (workers: p1, pi3)'],
    ['--node on a frontend preset', 'home', { node: 'p1' }, '--node p1: preset "home" targets the frontend, where HAProxy picks the node; --node is for an nginx or app preset'],
    ['--node with a bare --url', undefined, { url: 'http://lb/', node: 'pi3' }, '--node pi3: a bare --url goes where the URL says; --node is for an nginx or app preset'],
    ['requests over the hard cap', 'home', { requests: CAPS.maxRequests + 1 }, '200001 requests is over the hard cap of 200000'],
    ['duration over the hard cap', 'home', { durationSeconds: 301 }, '301 s is over the hard cap of 300 s'],
    ['concurrency over the cap', 'home', { concurrency: 1001 }, 'concurrency 1001 is outside 1-1000'],
    ['fewer requests than connections', 'home', { requests: 10 }, '10 requests is fewer than the concurrency (100)'],
    ['both -n and -d', 'home', { requests: 100, durationSeconds: 5 }, 'give -n or -d, not both'],
    ['ab from nowhere', 'home', { engine: 'ab', from: 'p7' }, 'no node named "p7" to run ab from (nodes: head, p1, pi3)'],
    ['--from without ab', 'home', { from: 'p1' }, '--from is for --engine ab (the built-in engine runs here)'],
    ['--threads with ab', 'home', { engine: 'ab', threads: 2 }, '--threads is for the built-in engine (ab runs one thread)'],
    ['too many threads', 'home', { threads: 17 }, 'threads must be a whole number from 1 to 16, not 17'],
  ];
  it.each(refusals)('refuses %s with one line', (_name, preset, overrides, reason) => {
    expect(planRun(bare, preset, overrides)).toEqual({ ok: false, reason });
  });

  it('refuses a preset over the cap even though the profile schema allows it', () => {
    const big = profile(`${CLUSTER}\nloadTests:\n  - { name: soak, durationSeconds: 600 }\n`);
    expect(planRun(big, 'soak')).toEqual({ ok: false, reason: '600 s is over the hard cap of 300 s' });
  });

  it('refuses a frontend preset without a frontend URL, and a body with ab', () => {
    const noFrontend = profile(CLUSTER.replace('    frontendUrl: http://piclusternode0/\n', ''));
    expect(planRun(noFrontend, 'home')).toEqual({ ok: false, reason: 'preset "home" targets the frontend but the profile has no head.haproxy.frontendUrl; give --url' });
    const post = profile(`${CLUSTER}\nloadTests:\n  - { name: post, method: POST, body: '{"a":1}', requests: 100 }\n`);
    expect(planRun(post, 'post', { engine: 'ab' })).toEqual({ ok: false, reason: 'preset "post" has a body, which the ab engine cannot send; use --engine builtin' });
    expect(planRun(post, 'post')).toMatchObject({ ok: true, value: { method: 'POST', body: '{"a":1}' } });
  });
});

describe('a fixed-rate plan (--rate)', () => {
  it.each([
    [{ rate: 500, durationSeconds: 10 }, { ok: true }],
    [{ rate: 100, requests: 30_000 }, { ok: true }],
    [{ rate: 10, requests: 10_000 }, { ok: false, reason: '-n 10000 at --rate 10 takes 1000 s, over the 300 s cap; give -d SECONDS or a higher rate' }],
    [{ rate: 0, durationSeconds: 5 }, { ok: false, reason: `--rate must be a number of requests a second above 0 and up to ${CAPS.maxRate}, not 0` }],
    [{ rate: -3, durationSeconds: 5 }, { ok: false }],
    [{ rate: Number.NaN, durationSeconds: 5 }, { ok: false }],
    [{ rate: 200, durationSeconds: 5, engine: 'ab' as const }, { ok: false, reason: '--rate: ab cannot send at a fixed rate; use the built-in engine (--engine builtin)' }],
  ])('%o → %o', (overrides, want) => {
    const planned = planRun(bare, 'home', overrides);
    expect(planned).toMatchObject(want);
    if (planned.ok) expect(planned.value.rate).toBe(overrides.rate);
  });

  it('is absent from a closed-loop plan', () => {
    const planned = planRun(bare, 'home', { durationSeconds: 5 });
    expect(planned.ok && 'rate' in planned.value).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { isSecretName, redactDeep, redactText } from '../../src/core/redact/secrets.js';

describe('secret header names', () => {
  it.each([
    ['Authorization', true],
    ['authorization', true],
    ['Proxy-Authorization', true],
    ['Cookie', true],
    ['Set-Cookie', true],
    ['X-Api-Key', true],
    ['x-api_key', true],
    ['X-Auth-Token', true],
    ['X-CSRF-TOKEN', true],
    ['Client-Secret', true],
    ['X-Password', true],
    ['access_token', true],
    ['Accept', false],
    ['Host', false],
    ['User-Agent', false],
    ['X-Request-Id', false],
    ['Content-Type', false],
  ])('%s → %s', (name, secret) => {
    expect(isSecretName(name)).toBe(secret);
  });

  it('replaces only the secret headers’ values', () => {
    expect(redactDeep({ headers: { Authorization: 'Bearer abc', Accept: 'text/html', 'X-Api-Key': 'k1' } }).headers).toEqual({
      Authorization: '<redacted>',
      Accept: 'text/html',
      'X-Api-Key': '<redacted>',
    });
  });
});

describe('URLs', () => {
  it.each([
    ['http://user:pass@host/', 'http://user:<redacted>@host/'],
    ['https://admin:s3cr%40t@10.0.0.1:8443/x?y=1', 'https://admin:<redacted>@10.0.0.1:8443/x?y=1'],
    ['http://ghp_TOKEN123@host/', 'http://<redacted>@host/'],
    ['http://user:@host/', 'http://user:<redacted>@host/'],
    ['http://host/path?token=abc&page=2', 'http://host/path?token=<redacted>&page=2'],
    ['http://host/?page=2&api_key=zzz', 'http://host/?page=2&api_key=<redacted>'],
    ['http://host/?Access%5FToken=zzz#frag', 'http://host/?Access%5FToken=<redacted>#frag'],
    ['http://127.0.7.1:8080/', 'http://127.0.7.1:8080/'],
    ['http://[::1]:8080/a?b=c', 'http://[::1]:8080/a?b=c'],
    ['http://host/a@b', 'http://host/a@b'],
    ['http://user:<redacted>@host/', 'http://user:<redacted>@host/'],
    ['not a url', 'not a url'],
  ])('%s → %s', (url, shown) => {
    expect(redactText(url)).toBe(shown);
  });
});

describe('free text', () => {
  it.each([
    ['ab -r -c 10 -H Authorization: Bearer abc.def http://h/', 'ab -r -c 10 -H Authorization: <redacted>'],
    ["ab -H 'Cookie: a=1; b=2' 'http://u:p@h:80/'", "ab -H 'Cookie: <redacted>' 'http://u:<redacted>@h:80/'"],
    ['127.0.7.1:1 did not answer: connect ECONNREFUSED 127.0.7.1:1', '127.0.7.1:1 did not answer: connect ECONNREFUSED 127.0.7.1:1'],
    ['p1: ab: host did not answer (3 connect, 0 receive errors)', 'p1: ab: host did not answer (3 connect, 0 receive errors)'],
    ['fetch http://bob:hunter2@example.org/x failed', 'fetch http://bob:<redacted>@example.org/x failed'],
    ['X-Auth-Token:abc\nAccept: */*', 'X-Auth-Token:<redacted>\nAccept: */*'],
    ['url → http://host:8080/', 'url → http://host:8080/'],
  ])('%j → %j', (text, shown) => {
    expect(redactText(text)).toBe(shown);
  });

  it('is idempotent', () => {
    const once = redactText("-H 'Authorization: Basic eDp5' http://a:b@h/?token=t");
    expect(redactText(once)).toBe(once);
    expect(once).not.toMatch(/eDp5|:b@|token=t/);
  });
});

describe('records', () => {
  it('redacts headers by name and every string inside, keeping numbers and shape', () => {
    const record = {
      id: 'r1',
      plan: { url: 'http://u:pw@h/', headers: { Authorization: 'Basic x', Accept: 'a' }, concurrency: 3 },
      result: { target: 'http://u:pw@h/', completed: 10 },
      reason: 'Cookie: c=1',
      list: ['http://t0k@h/'],
    };
    expect(redactDeep(record)).toEqual({
      id: 'r1',
      plan: { url: 'http://u:<redacted>@h/', headers: { Authorization: '<redacted>', Accept: 'a' }, concurrency: 3 },
      result: { target: 'http://u:<redacted>@h/', completed: 10 },
      reason: 'Cookie: <redacted>',
      list: ['http://<redacted>@h/'],
    });
    expect(record.plan.headers.Authorization).toBe('Basic x');
  });
});

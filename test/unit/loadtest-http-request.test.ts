import { describe, expect, it } from 'vitest';
import { prepareRequest } from '../../src/core/loadtest/http-request.js';
import type { RunPlan } from '../../src/core/loadtest/run-plan.js';

/** The bytes the built-in engine writes for a plan, and where it connects. */

type Input = Pick<RunPlan, 'url' | 'method' | 'headers' | 'body' | 'keepAlive'>;
const plan = (over: Partial<Input>): Input => ({ url: 'http://127.0.7.1:8080/', method: 'GET', headers: {}, keepAlive: true, ...over });

const prepared = (over: Partial<Input>) => {
  const r = prepareRequest(plan(over));
  if (!r.ok) throw new Error(r.reason);
  return { ...r.value, text: new TextDecoder().decode(r.value.bytes) };
};

describe('prepareRequest', () => {
  const CASES: { what: string; plan: Partial<Input>; text: string; where: [string, number, boolean] }[] = [
    {
      what: 'a keep-alive GET (HTTP/1.1 keeps the connection open by default)',
      plan: {},
      text: 'GET / HTTP/1.1\r\nHost: 127.0.7.1:8080\r\n\r\n',
      where: ['127.0.7.1', 8080, false],
    },
    {
      what: 'keep-alive off: Connection: close, path and query kept',
      plan: { url: 'http://127.0.7.11:9000/api/work?n=3', keepAlive: false },
      text: 'GET /api/work?n=3 HTTP/1.1\r\nHost: 127.0.7.11:9000\r\nConnection: close\r\n\r\n',
      where: ['127.0.7.11', 9000, false],
    },
    {
      what: 'a POST body: its length in UTF-8 bytes; the plan\'s own framing headers are dropped',
      plan: { method: 'POST', url: 'http://cluster.local/submit', body: '{"name":"café"}', headers: { 'Content-Type': 'application/json', 'content-length': '1', Connection: 'x' } },
      text: 'POST /submit HTTP/1.1\r\nHost: cluster.local\r\nContent-Type: application/json\r\nContent-Length: 16\r\n\r\n{"name":"café"}',
      where: ['cluster.local', 80, false],
    },
    {
      what: 'a Host header that replaces picon\'s own, keeping its spelling',
      plan: { url: 'https://[::1]/x', method: 'HEAD', headers: { host: 'www.example.org', 'user-agent': 'ab', 'X-Trace': '1' } },
      text: 'HEAD /x HTTP/1.1\r\nhost: www.example.org\r\nuser-agent: ab\r\nX-Trace: 1\r\n\r\n',
      where: ['::1', 443, true],
    },
    {
      what: 'a URL with user:password: sent as Basic credentials (percent-decoded), never in Host',
      plan: { url: 'http://bob:p%40ss@127.0.7.1:8080/' },
      text: `GET / HTTP/1.1\r\nHost: 127.0.7.1:8080\r\nAuthorization: Basic ${btoa('bob:p@ss')}\r\n\r\n`,
      where: ['127.0.7.1', 8080, false],
    },
    {
      what: "a preset's own Authorization wins over the URL's credentials",
      plan: { url: 'http://bob:pw@h/', headers: { Authorization: 'Bearer t' } },
      text: 'GET / HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer t\r\n\r\n',
      where: ['h', 80, false],
    },
  ];
  for (const c of CASES) {
    it(c.what, () => {
      const r = prepared(c.plan);
      expect(r.text).toBe(c.text);
      expect([r.host, r.port, r.tls]).toEqual(c.where);
      expect(r.head).toBe(c.plan.method === 'HEAD');
    });
  }

  it('refuses a header that would split the request, and a URL that is not http(s)', () => {
    expect(prepareRequest(plan({ headers: { 'X-A': 'a\r\nHost: evil' } }))).toEqual({ ok: false, reason: 'header "X-A" cannot be sent (a line break or colon in it)' });
    expect(prepareRequest(plan({ headers: { 'X:A': 'a' } }))).toEqual({ ok: false, reason: 'header "X:A" cannot be sent (a line break or colon in it)' });
    expect(prepareRequest(plan({ url: 'ftp://127.0.0.1/' }))).toEqual({ ok: false, reason: '"ftp://127.0.0.1/" is not an http(s) URL' });
    expect(prepareRequest(plan({ url: 'nope' }))).toEqual({ ok: false, reason: '"nope" is not a URL' });
  });
});

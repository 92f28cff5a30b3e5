import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HttpResponseParser, MAX_HEAD_BYTES, type ResponseParserOptions } from '../../src/core/loadtest/http-response-parser.js';

/**
 * The built-in engine's response parser on real captured response streams (nginx 1.22, node:http;
 * see test/fixtures/loadtest/capture-http.sh), split at every byte, cut short, and on garbage.
 */

const sample = (name: string): Uint8Array => readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'loadtest', 'http', `${name}.http`));
const bytes = (text: string): Uint8Array => Buffer.from(text, 'latin1');

type Seen = [status: number, bytes: number, close: boolean];

interface Parsed {
  readonly responses: Seen[];
  readonly error: string | undefined;
  readonly endError: string | undefined;
  readonly idle: boolean;
}

/** Feeds the pieces in order, then ends the connection. */
function parse(pieces: readonly Uint8Array[], options: ResponseParserOptions = {}): Parsed {
  const responses: Seen[] = [];
  const parser = new HttpResponseParser((status, n, close) => responses.push([status, n, close]), options);
  let error: string | undefined;
  for (const piece of pieces) error ??= parser.feed(piece);
  const idle = parser.idle;
  return { responses, error, idle, endError: parser.end() };
}

const CASES: { name: string; options?: ResponseParserOptions; responses: Seen[] }[] = [
  { name: 'nginx-keepalive-pipelined', responses: [[200, 794, false], [404, 308, false], [200, 794, false]] },
  { name: 'nginx-close', responses: [[200, 789, true]] },
  { name: 'nginx-http10', responses: [[200, 789, true]] },
  { name: 'nginx-gzip-chunked', responses: [[200, 309, false]] },
  { name: 'nginx-head', options: { headRequests: true }, responses: [[200, 238, false]] },
  { name: 'nginx-304', responses: [[304, 180, false]] },
  { name: 'node-chunked-trailer', responses: [[200, 524, false], [200, 199, false]] },
  // The interim 100 Continue is not a response of its own; its bytes count with the final one.
  { name: 'node-continue', responses: [[200, 224, false]] },
  // No length, no chunks: the body runs until the server closes.
  { name: 'node-http10-until-close', responses: [[200, 127, true]] },
];

describe('HttpResponseParser on captured responses', () => {
  for (const c of CASES) {
    it(`${c.name}: whole`, () => {
      const data = sample(c.name);
      expect(parse([data], c.options)).toEqual({ responses: c.responses, error: undefined, endError: undefined, idle: c.name !== 'node-http10-until-close' });
      expect(c.responses.reduce((sum, r) => sum + r[1], 0)).toBe(data.length);
    });

    it(`${c.name}: split at every byte boundary, and one byte at a time`, () => {
      const data = sample(c.name);
      for (let i = 0; i <= data.length; i++) {
        const got = parse([data.subarray(0, i), data.subarray(i)], c.options);
        expect({ at: i, responses: got.responses, error: got.error, endError: got.endError }).toEqual({ at: i, responses: c.responses, error: undefined, endError: undefined });
      }
      const single = Array.from(data, (b) => Uint8Array.of(b));
      expect(parse(single, c.options).responses).toEqual(c.responses);
    });
  }

  it('reads pipelined responses that arrive in one piece, leftovers and all', () => {
    const a = sample('nginx-keepalive-pipelined');
    const b = sample('node-chunked-trailer');
    const joined = Buffer.concat([a, b, a.subarray(0, 100)]);
    const got = parse([joined.subarray(0, 900), joined.subarray(900)]);
    expect(got.responses.map((r) => r[0])).toEqual([200, 404, 200, 200, 200]);
    expect(got.error).toBeUndefined();
    expect(got.idle).toBe(false);
    expect(got.endError).toBe('the connection closed in the middle of a response (100 bytes read)');
  });

  it('reads only the given length of a reused read buffer, whatever lies past it', () => {
    const data = sample('nginx-keepalive-pipelined');
    const buffer = new Uint8Array(4096).fill(0x0a);
    const seen: Seen[] = [];
    const parser = new HttpResponseParser((status, n, close) => seen.push([status, n, close]));
    for (let i = 0; i < data.length; i += 7) {
      const piece = data.subarray(i, i + 7);
      buffer.fill(0x0a);
      buffer.set(piece);
      expect(parser.feed(buffer, piece.length)).toBeUndefined();
    }
    expect(seen).toEqual([[200, 794, false], [404, 308, false], [200, 794, false]]);
  });

  it('is idle only between responses', () => {
    const data = sample('nginx-close');
    const parser = new HttpResponseParser(() => undefined);
    expect(parser.idle).toBe(true);
    parser.feed(data.subarray(0, 10));
    expect(parser.idle).toBe(false);
    parser.feed(data.subarray(10));
    expect(parser.idle).toBe(true);
  });
});

describe('HttpResponseParser on header spellings', () => {
  const SPELLINGS: { what: string; data: string; responses: Seen[] }[] = [
    { what: 'HTTP/1.0 kept alive by a token in a list', data: 'HTTP/1.0 200 OK\r\nConnection: Upgrade,  Keep-Alive \r\nContent-Length: 2\r\n\r\nok', responses: [[200, 75, false]] },
    { what: 'no spaces, lower case, bare LF line ends', data: 'HTTP/1.1 503 Busy\nconnection:close\ncontent-length:0\n\n', responses: [[503, 53, true]] },
    { what: 'chunk extensions and a chunk size in upper case', data: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, Chunked\r\n\r\nA;name=x\r\n0123456789\r\n0\r\n\r\n', responses: [[200, 80, false]] },
    { what: 'a coding other than chunked last: the body runs until the close', data: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nContent-Length: 3\r\n\r\nabcdef', responses: [[200, 69, true]] },
    { what: 'chunked before another coding: the body runs until the close', data: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n1\r\na\r\n0\r\n\r\n', responses: [[200, 64, true]] },
    { what: 'empty list items and tabs around a final chunked', data: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip ,\tCHUNKED\t, ,\r\n\r\n1\r\na\r\n0\r\n\r\n', responses: [[200, 69, false]] },
    { what: 'an empty Transfer-Encoding: the Content-Length frames the body', data: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: \r\nContent-Length: 2\r\n\r\nok', responses: [[200, 61, false]] },
    { what: 'a word that only starts like chunked', data: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunkedx\r\n\r\nabc', responses: [[200, 51, true]] },
  ];
  for (const c of SPELLINGS) {
    it(c.what, () => {
      const data = bytes(c.data);
      const got = parse([data]);
      expect(got.responses).toEqual(c.responses);
      expect(got.error).toBeUndefined();
      expect(c.responses[0]?.[1]).toBe(c.data.length);
      for (let i = 0; i <= data.length; i++) {
        const split = parse([data.subarray(0, i), data.subarray(i)]);
        expect({ at: i, responses: split.responses, error: split.error }).toEqual({ at: i, responses: c.responses, error: undefined });
      }
    });
  }
});

describe('HttpResponseParser with HEAD and GET requests on one connection', () => {
  it('reads the options as each response ends, so a HEAD may follow a GET', () => {
    const get = sample('nginx-keepalive-pipelined').subarray(0, 794);
    const head = sample('nginx-head');
    const options = { headRequests: false };
    const seen: Seen[] = [];
    const parser = new HttpResponseParser((status, n, close) => seen.push([status, n, close]), options);
    expect(parser.feed(get)).toBeUndefined();
    options.headRequests = true;
    expect(parser.feed(head)).toBeUndefined();
    options.headRequests = false;
    expect(parser.feed(get)).toBeUndefined();
    expect(seen).toEqual([[200, 794, false], [200, 238, false], [200, 794, false]]);
  });
});

describe('HttpResponseParser on truncated streams', () => {
  for (const c of CASES.filter((x) => x.name !== 'node-http10-until-close')) {
    it(`${c.name}: a close mid-response is an error, a close between responses is not`, () => {
      const data = sample(c.name);
      const boundaries = new Set(c.responses.reduce<number[]>((acc, r) => [...acc, (acc.at(-1) ?? 0) + r[1]], [0]));
      for (let i = 1; i < data.length; i++) {
        const got = parse([data.subarray(0, i)], c.options);
        if (boundaries.has(i)) expect(got.endError).toBeUndefined();
        else expect(got.endError).toMatch(/^the connection closed in the middle of a response \(\d+ bytes read\)$/);
      }
    });
  }
});

describe('HttpResponseParser on garbage', () => {
  const CR = '\r\n';
  const GARBAGE: { what: string; data: string; error: string }[] = [
    { what: 'an SSH banner (a load test pointed at port 22)', data: `SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3${CR}`, error: 'not an HTTP/1.x response: "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3"' },
    { what: 'HTML with no status line', data: `<html><body>hi</body></html>${CR}`, error: 'not an HTTP/1.x response: "<html><body>hi</body></html>"' },
    { what: 'HTTP/2', data: `HTTP/2 200${CR}${CR}`, error: 'not an HTTP/1.x response: "HTTP/2 200"' },
    { what: 'a status that is not 3 digits', data: `HTTP/1.1 20x OK${CR}${CR}`, error: 'not an HTTP/1.x response: "HTTP/1.1 20x OK"' },
    { what: 'a status glued to its reason', data: `HTTP/1.1 2000K${CR}${CR}`, error: 'not an HTTP/1.x response: "HTTP/1.1 2000K"' },
    { what: 'binary', data: `\u0000\u0001\u0002\u00ff${CR}`, error: 'not an HTTP/1.x response: "\\u0000\\u0001\\u0002ÿ"' },
    { what: 'a header line without a colon', data: `HTTP/1.1 200 OK${CR}Content-Length 5${CR}${CR}`, error: 'a header line without a name and colon: "Content-Length 5"' },
    { what: 'a bad Content-Length', data: `HTTP/1.1 200 OK${CR}Content-Length: 5x${CR}${CR}`, error: 'a bad Content-Length: "5x"' },
    { what: 'an empty Content-Length', data: `HTTP/1.1 200 OK${CR}Content-Length: ${CR}${CR}`, error: 'a bad Content-Length: ""' },
    { what: 'two different Content-Lengths', data: `HTTP/1.1 200 OK${CR}content-length: 5${CR}CONTENT-LENGTH: 6${CR}${CR}`, error: 'two different Content-Length headers (5, 6)' },
    { what: 'a bad chunk size', data: `HTTP/1.1 200 OK${CR}Transfer-Encoding: chunked${CR}${CR}zz${CR}`, error: 'a bad chunk size: "zz"' },
    { what: 'chunk data longer than its size', data: `HTTP/1.1 200 OK${CR}Transfer-Encoding: chunked${CR}${CR}2${CR}abc${CR}`, error: 'chunk data runs past its size ("c")' },
    { what: 'a switch to another protocol', data: `HTTP/1.1 101 Switching Protocols${CR}Upgrade: websocket${CR}${CR}`, error: 'the server switched protocols (101), which a load test cannot follow' },
  ];
  for (const g of GARBAGE) {
    it(`refuses ${g.what}`, () => {
      const got = parse([bytes(g.data)]);
      expect(got.error).toBe(g.error);
      expect(got.responses).toEqual([]);
      expect(got.endError).toBe(g.error);
    });
  }

  it('refuses a head that never ends, and stays failed', () => {
    const parser = new HttpResponseParser(() => undefined);
    expect(parser.feed(bytes(`HTTP/1.1 200 OK\r\n`))).toBeUndefined();
    const error = `the response head is over ${MAX_HEAD_BYTES / 1024} KiB`;
    expect(parser.feed(bytes(`X-Pad: ${'a'.repeat(MAX_HEAD_BYTES)}`))).toBe(error);
    expect(parser.feed(sample('nginx-close'))).toBe(error);
    expect(parser.error).toBe(error);
  });

  it('keeps the good responses before the garbage', () => {
    const got = parse([Buffer.concat([sample('nginx-close'), bytes('garbage\r\n')])]);
    expect(got.responses).toEqual([[200, 789, true]]);
    expect(got.error).toBe('not an HTTP/1.x response: "garbage"');
  });
});

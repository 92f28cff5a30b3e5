import { describe, expect, it } from 'vitest';
import { headerNameProblem, headerValueProblem, requestPathProblem, urlTextProblem } from '../../src/core/loadtest/request-fields.js';

/** What a preset's path and headers (and `bench --url`) may hold: refused when read, never "fixed" on the way out. */

describe('requestPathProblem', () => {
  it.each([
    ['/'],
    ['/api/work'],
    ['/search?q=two%20words&x=1'],
    ["/a-b_c.d~e!$&'()*+,;=:@/"],
    ['/caf%C3%A9'],
    ['/?only=query'],
  ])('%j is sent as written', (path) => {
    expect(requestPathProblem(path)).toBeUndefined();
  });

  it.each([
    ['api/work', 'must start with "/"'],
    ['', 'must start with "/"'],
    ['/search?q=two words', 'has a space at character 14; percent-encode it as %20'],
    ['/a\r\nHost: evil', 'has a carriage return (CR) at character 3; percent-encode it as %0D'],
    ['/a\nb', 'has a line feed (LF) at character 3; percent-encode it as %0A'],
    ['/a\tb', 'has a tab at character 3; percent-encode it as %09'],
    ['/a\0', 'has a NUL byte at character 3; percent-encode it as %00'],
    ['/a\x1bb', 'has a control character (U+001B) at character 3; percent-encode it as %1B'],
    ['/page#top', 'has "#" at character 6: a fragment is never sent to the server; percent-encode it as %23'],
    ['/a\\b', 'has "\\" at character 3; percent-encode it as %5C'],
    ['/"quoted"', 'has """ at character 2; percent-encode it as %22'],
    ['/café', 'has "é" at character 5; percent-encode it as %C3%A9'],
    ['/100%', 'has a "%" not followed by two hex digits at character 5; write "%25" for a literal "%"'],
    ['/%zz', 'has a "%" not followed by two hex digits at character 2; write "%25" for a literal "%"'],
  ])('%j is refused: %s', (path, reason) => {
    expect(requestPathProblem(path)).toBe(reason);
  });
});

describe('headerNameProblem', () => {
  it.each([['Accept'], ['X-Run-Id'], ["!#$%&'*+-.^_`|~09az"]])('%j is a token', (name) => {
    expect(headerNameProblem(name)).toBeUndefined();
  });

  it.each([
    ['', 'is empty'],
    ['X Run', "has a space; a header name is letters, digits and !#$%&'*+-.^_`|~ only"],
    ['X-Run:', "has \":\"; a header name is letters, digits and !#$%&'*+-.^_`|~ only"],
    ['X\r\nEvil', "has a carriage return (CR); a header name is letters, digits and !#$%&'*+-.^_`|~ only"],
    ['Ünicode', "has \"Ü\"; a header name is letters, digits and !#$%&'*+-.^_`|~ only"],
  ])('%j is refused: %s', (name, reason) => {
    expect(headerNameProblem(name)).toBe(reason);
  });
});

describe('headerValueProblem', () => {
  it.each([[''], ['text/html'], ['a\tb (tab allowed)'], ['Bearer abc.def'], ['naïve UTF-8']])('%j is one clean line', (value) => {
    expect(headerValueProblem(value)).toBeUndefined();
  });

  it.each([
    ['a\r\nX-Injected: 1', 'has a carriage return (CR) at character 2; a header value is one line with no control characters'],
    ['a\nb', 'has a line feed (LF) at character 2; a header value is one line with no control characters'],
    ['a\0', 'has a NUL byte at character 2; a header value is one line with no control characters'],
    ['a\x7f', 'has a control character (U+007F) at character 2; a header value is one line with no control characters'],
  ])('%j is refused: %s', (value, reason) => {
    expect(headerValueProblem(value)).toBe(reason);
  });
});

describe('urlTextProblem (--url as typed)', () => {
  it.each([['http://lb/'], ['http://lb'], ['https://lb:8443/a?b=c'], ['http://[::1]:8080/x'], ['http://lb?x=1']])('%j passes', (url) => {
    expect(urlTextProblem(url)).toBeUndefined();
  });

  it.each([
    ['http://lb/a b', 'has a space at character 12; percent-encode it as %20'],
    ['http://lb/a\r\nX: 1', 'has a carriage return (CR) at character 12; percent-encode it as %0D'],
    ['http://l b/', 'has a space at character 9; percent-encode it as %20'],
    ['http://lb/a#frag', 'its path has "#" at character 3: a fragment is never sent to the server; percent-encode it as %23'],
    ['http://lb/a\\b', 'its path has "\\" at character 3; percent-encode it as %5C'],
  ])('%j is refused: %s', (url, reason) => {
    expect(urlTextProblem(url)).toBe(reason);
  });
});

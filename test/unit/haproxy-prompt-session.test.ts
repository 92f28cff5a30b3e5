import type { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createPromptSession, replyBeforePrompt } from '../../src/adapters/haproxy/prompt-session.js';
import { fail, ok, type Outcome } from '../../src/core/ports/node-transport.js';
import { haproxyCliStream } from './haproxy-cli-fake.js';

/** Opens fake CLI connections and keeps them, to see how many were opened and which are closed. */
function opener(answer: (line: string) => string, prompt = '> ') {
  const streams: Duplex[] = [];
  const open = async (): Promise<Outcome<Duplex>> => {
    const s = haproxyCliStream(answer, prompt);
    streams.push(s);
    return ok(s);
  };
  return { open, streams };
}

describe('replyBeforePrompt', () => {
  it.each([
    ['\n> ', '\n'],
    ['Name: HAProxy\nTainted: 0\n\n> ', 'Name: HAProxy\nTainted: 0\n\n'],
    ['No such server.\n\nmaster> ', 'No such server.\n\n'],
    ['master> ', ''],
    ['# pxname,svname,qcur\nweb,p1,0,', undefined],
    ['Name: HAProxy\n', undefined],
    ['description: a > b', undefined],
    ['', undefined],
  ])('%j → %j', (text, reply) => {
    expect(replyBeforePrompt(text)).toBe(reply);
  });
});

describe('prompt session', () => {
  it('runs command after command on one connection, each reply as a one-command connection gets it', async () => {
    const { open, streams } = opener((line) => (line === 'show info' ? 'Name: HAProxy\n\n' : '\n'));
    const session = createPromptSession(open, 'head: admin.sock');
    expect(await session.send('show info', 1000)).toEqual(ok('Name: HAProxy\n\n'));
    expect(await session.send('set server web/p1 weight 2', 1000)).toEqual(ok('\n'));
    expect(await session.send('show info', 1000)).toEqual(ok('Name: HAProxy\n\n'));
    expect(streams).toHaveLength(1);
    session.close();
    expect(streams[0]?.destroyed).toBe(true);
  });

  it('keeps the order of commands sent together (one at a time on the connection)', async () => {
    const { open, streams } = opener((line) => `${line}\n`, 'master> ');
    const session = createPromptSession(open, 'head: master.sock');
    const replies = await Promise.all(['@!1 show stat', '@!2 show stat', '@!3 show info'].map((l) => session.send(l, 1000)));
    expect(replies).toEqual([ok('@!1 show stat\n'), ok('@!2 show stat\n'), ok('@!3 show info\n')]);
    expect(streams).toHaveLength(1);
    session.close();
  });

  it('opens a new connection when HAProxy closed the kept one, and the command still gets its reply', async () => {
    const { open, streams } = opener(() => 'Name: HAProxy\n\n');
    const session = createPromptSession(open, 'head: admin.sock');
    await session.send('show info', 1000);
    streams[0]?.push(null); // HAProxy's idle timeout
    streams[0]?.destroy();
    expect(await session.send('show info', 1000)).toEqual(ok('Name: HAProxy\n\n'));
    expect(streams).toHaveLength(2);
    session.close();
  });

  it('gives what was read when HAProxy closes instead of answering (an unknown worker on the master CLI)', async () => {
    const streams: Duplex[] = [];
    const session = createPromptSession(async () => {
      const s = haproxyCliStream(() => 'unused', 'master> ');
      s.write = ((chunk: string) => {
        if (String(chunk).startsWith('prompt')) s.push('master> ');
        else {
          s.push("Can't find the target PID matching the prefix '@!99'\n");
          s.push(null);
        }
        return true;
      }) as Duplex['write'];
      streams.push(s);
      return ok(s);
    }, 'head: master.sock');
    expect(await session.send('@!99 show info', 1000)).toEqual(ok("Can't find the target PID matching the prefix '@!99'\n"));
    session.close();
  });

  it('fails with a timeout naming the socket, and the next command starts afresh', async () => {
    let silent = true;
    const { open, streams } = opener((line) => (silent && line === 'show stat' ? '' : '\n'));
    const session = createPromptSession(async () => {
      const r = await open();
      if (r.ok && silent) {
        const s = r.value;
        const write = s.write.bind(s);
        s.write = ((chunk: string) => (String(chunk).startsWith('show stat') ? true : write(chunk))) as Duplex['write'];
      }
      return r;
    }, 'head: admin.sock');
    expect(await session.send('show stat', 50)).toEqual(fail('timeout', 'head: admin.sock: no complete reply within 50 ms'));
    expect(streams[0]?.destroyed).toBe(true);
    silent = false;
    expect(await session.send('show stat', 1000)).toEqual(ok('\n'));
    expect(streams).toHaveLength(2);
    session.close();
  });

  it('passes on why the connection could not be opened', async () => {
    const refused = fail('channel', 'head: unix socket /run/haproxy/admin.sock refused: administratively prohibited');
    const session = createPromptSession(async () => refused, 'head: admin.sock');
    expect(await session.send('show info', 1000)).toEqual(refused);
  });

  it('closes a connection left unused', async () => {
    const { open, streams } = opener(() => '\n');
    const session = createPromptSession(open, 'head: admin.sock', 20);
    await session.send('show info', 1000);
    await new Promise((r) => setTimeout(r, 60));
    expect(streams[0]?.destroyed).toBe(true);
    expect(await session.send('show info', 1000)).toEqual(ok('\n'));
    expect(streams).toHaveLength(2);
    session.close();
  });
});

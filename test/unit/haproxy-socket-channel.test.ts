import type { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createSocketChannel } from '../../src/adapters/haproxy/socket-channel.js';
import { fail, ok, type ExecResult, type NodeTransport, type Outcome } from '../../src/core/ports/node-transport.js';
import { haproxyCliStream } from './haproxy-cli-fake.js';
import { classifySocatFailure, socatCommand, socatReason } from '../../src/core/haproxy/socat-command.js';

type Exec = (text: string) => Outcome<ExecResult>;

/** A head whose forwarding is refused and whose shell answers per command text. */
function head(exec: Exec, forward?: () => Outcome<Duplex>): NodeTransport & { ran: string[] } {
  const ran: string[] = [];
  return {
    node: 'head',
    ran,
    status: () => ({ state: 'up', since: 0, attempts: 0 }),
    ready: async () => ok(undefined),
    openUnixSocket: async (path) => (forward === undefined ? fail('channel', `head: unix socket ${path} refused: administratively prohibited`) : forward()),
    exec: async (command) => {
      ran.push(command.text);
      return exec(command.text);
    },
    files: async () => fail('channel', 'no'),
    onStatusChange: () => () => undefined,
    close: () => undefined,
  };
}

const result = (code: number, stdout: string, stderr = ''): Outcome<ExecResult> => ok({ code, signal: null, stdout, stderr });
const DENIED = '2026/11/27 12:00:00 socat[811] E connect(5, AF=1 "/run/haproxy/admin.sock", 25): Permission denied\n';

describe('socket channel fallback (forwarding refused)', () => {
  it('uses socat, then sudo -n socat when the socket is root-only, and remembers it', async () => {
    const transport = head((text) => (text.startsWith("'sudo'") ? result(0, 'Name: HAProxy\n') : result(1, '', DENIED)));
    const channel = createSocketChannel(transport, '/run/haproxy/admin.sock');
    expect(await channel.send('show info', 5000)).toEqual(ok('Name: HAProxy\n'));
    expect(channel.mode()).toBe('sudo-socat');
    expect(transport.ran).toEqual([
      "'socat' '-t' '5' 'stdio' 'UNIX-CONNECT:/run/haproxy/admin.sock'",
      "'sudo' '-n' 'socat' '-t' '5' 'stdio' 'UNIX-CONNECT:/run/haproxy/admin.sock'",
    ]);
    await channel.send('show stat', 5000);
    expect(transport.ran).toHaveLength(3);
  });

  it.each([
    ['socat missing', result(127, '', 'sh: 1: socat: not found\n'), 'head: /run/haproxy/admin.sock: stream-local forwarding refused and socat is not installed on the head'],
    ['HAProxy stopped', result(1, '', '2026/11/27 socat[9] E connect(5, AF=1 "/run/haproxy/admin.sock", 25): No such file or directory\n'), 'head: /run/haproxy/admin.sock: no such socket (is HAProxy running?)'],
  ])('says why when %s', async (_what, reply, message) => {
    const channel = createSocketChannel(head(() => reply), '/run/haproxy/admin.sock');
    expect(await channel.send('show info', 5000)).toEqual(fail('channel', message));
    expect(channel.mode()).toBe('forward');
  });

  it('says sudo refused when the socket needs root and sudo wants a password', async () => {
    const transport = head((text) => (text.startsWith("'sudo'") ? result(1, '', 'sudo: a password is required\n') : result(1, '', DENIED)));
    const outcome = await createSocketChannel(transport, '/run/haproxy/admin.sock').send('show info', 5000);
    expect(outcome).toEqual(fail('auth', 'head: /run/haproxy/admin.sock: the socket needs root and sudo -n refused: sudo: a password is required'));
  });

  it('does not run socat when forwarding works', async () => {
    const transport = head(
      () => result(0, 'unexpected'),
      () => ok(haproxyCliStream((line) => (line === 'set server web/s1 state ready' ? '\n' : 'Unknown command.\n'))),
    );
    expect(await createSocketChannel(transport, '/run/haproxy/admin.sock').send('set server web/s1 state ready', 1000)).toEqual(ok('\n'));
    expect(transport.ran).toEqual([]);
  });

  it('refuses a socket path socat would read as options, without running anything', async () => {
    const transport = head(() => result(0, ''));
    const outcome = await createSocketChannel(transport, '/tmp/x,fork').send('show info', 1000);
    expect(outcome.ok).toBe(false);
    expect(transport.ran).toEqual([]);
  });
});

describe('socat helpers', () => {
  it.each([
    [1, DENIED, 'permission'],
    [127, 'bash: socat: command not found', 'no-socat'],
    [1, 'sudo: socat: command not found', 'no-socat'],
    [1, 'sudo: a password is required', 'sudo-refused'],
    [1, 'socat[1] E connect(...): Connection refused', 'missing-socket'],
    [1, 'something else', 'other'],
  ] as const)('exit %s with %j is %s', (code, stderr, kind) => {
    expect(classifySocatFailure(code, stderr)).toBe(kind);
  });

  it('strips socat\'s timestamp prefix and quotes every argument', () => {
    expect(socatReason(DENIED)).toBe('permission denied');
    // Captured on the lab with HAProxy killed: the master socket file is still there.
    expect(socatReason('2026/11/27 20:12:59 socat[4242] E connect(, AF=1 "/tmp/man/lab/head/master.sock", 31): Connection refused\n')).toBe('connection refused');
    expect(socatReason('2026/11/27 20:12:59 socat[4242] E write(5, 0x55d, 10): Broken pipe\n')).toBe('write(5, 0x55d, 10): Broken pipe');
    expect(socatCommand('/run/haproxy/admin.sock', { sudo: false, waitSeconds: 0.3 }).text).toBe(
      "'socat' '-t' '1' 'stdio' 'UNIX-CONNECT:/run/haproxy/admin.sock'",
    );
  });
});

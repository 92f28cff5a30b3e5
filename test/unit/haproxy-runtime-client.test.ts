import type { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createHaproxyClient } from '../../src/adapters/haproxy/runtime-client.js';
import { fail, ok, type NodeTransport, type Outcome } from '../../src/core/ports/node-transport.js';
import { haproxyCliStream } from './haproxy-cli-fake.js';
import { haproxyFixture } from './haproxy-fixtures.js';

type Answer = (socket: string, line: string) => string | undefined;

/** A head whose sockets answer from fixtures; undefined means the socket cannot be opened. */
function head(answer: Answer): NodeTransport & { sent: string[] } {
  const sent: string[] = [];
  return {
    node: 'head',
    sent,
    status: () => ({ state: 'up', since: 0, attempts: 0 }),
    ready: async () => ok(undefined),
    async openUnixSocket(path): Promise<Outcome<Duplex>> {
      if (answer(path, '') === undefined) return fail('channel', `head: unix socket ${path} refused: open failed`);
      const stream = haproxyCliStream((line) => {
        sent.push(`${path} ${line}`);
        return answer(path, line) ?? '';
      });
      return ok(stream);
    },
    exec: async () => ok({ code: 127, signal: null, stdout: '', stderr: 'sh: 1: socat: not found' }),
    files: async () => fail('channel', 'no'),
    onStatusChange: () => () => undefined,
    close: () => undefined,
  };
}

const info18 = haproxyFixture('1.8/show-info-process-2.txt');
const oldProcesses: Answer = (socket, line) => {
  if (socket === '/run/haproxy/gone.sock') return undefined;
  if (line === 'show info') return info18;
  if (line === 'show stat') return haproxyFixture(socket.endsWith('1.sock') ? '1.8/show-stat-process-1.csv' : '1.8/show-stat-process-2.csv');
  if (line === 'set server web/pi1 state drain') return socket.endsWith('2.sock') ? 'No such server.\n\n' : '\n';
  return 'Unknown command.\n';
};

describe('runtime client across sockets (multi-process HAProxy)', () => {
  it('aggregates the processes that answered and lists the one that did not', async () => {
    const sockets = ['/run/haproxy/1.sock', '/run/haproxy/2.sock', '/run/haproxy/gone.sock'];
    const stats = await createHaproxyClient({ transport: head(oldProcesses), sockets }).stats();
    if (!stats.ok) throw new Error(stats.error.message);
    expect(stats.value.values.map((v) => v.process)).toEqual(sockets.slice(0, 2));
    expect(stats.value.failed).toEqual([
      { process: '/run/haproxy/gone.sock', error: { kind: 'channel', message: 'head: /run/haproxy/gone.sock: stream-local forwarding refused and socat is not installed on the head' } },
    ]);
    expect(stats.value.records.find((r) => r.service === 'pi1')?.mismatches.map((m) => m.field)).toEqual(['weight']);
  });

  it("sends an action to every process and names the one that refused", async () => {
    const transport = head(oldProcesses);
    const client = createHaproxyClient({ transport, sockets: ['/run/haproxy/1.sock', '/run/haproxy/2.sock'] });
    const result = await client.setServerState({ backend: 'web', server: 'pi1' }, 'drain');
    expect(result).toEqual({
      ok: false,
      reason: '/run/haproxy/2.sock: No such server.',
      replies: [
        { process: '/run/haproxy/1.sock', line: 'set server web/pi1 state drain', ok: true },
        { process: '/run/haproxy/2.sock', line: 'set server web/pi1 state drain', ok: false, reason: 'No such server.' },
      ],
    });
  });

  it("reads the first process's `show servers state` as HAProxy prints it (what --persist saves to a state file)", async () => {
    const state = '1\n# be_id be_name srv_id srv_name\n3 web 1 pi1\n\n';
    const transport = head((socket, line) => (line === 'show servers state web' ? state : line === '' ? '' : 'Unknown command.\n'));
    const client = createHaproxyClient({ transport, sockets: ['/run/haproxy/1.sock', '/run/haproxy/2.sock'] });
    const text = await client.serversStateText('web');
    expect(text.ok && text.value).toBe(state);
    expect(transport.sent).toEqual(['/run/haproxy/1.sock show servers state web']);
  });

  it('plans without sending: the exact line per process (for --dry-run)', async () => {
    const transport = head(oldProcesses);
    const client = createHaproxyClient({ transport, sockets: ['/run/haproxy/1.sock', '/run/haproxy/2.sock'] });
    const planned = await client.plan({ backend: 'web', server: 'pi1' }, { kind: 'weight', weight: 0 });
    expect(planned.ok && planned.plan.lines).toEqual([
      { process: '/run/haproxy/1.sock', socket: '/run/haproxy/1.sock', line: 'set server web/pi1 weight 0' },
      { process: '/run/haproxy/2.sock', socket: '/run/haproxy/2.sock', line: 'set server web/pi1 weight 0' },
    ]);
    expect(transport.sent.filter((s) => s.includes('set '))).toEqual([]);
  });
});

describe('runtime client through the master CLI', () => {
  const proc = (pid: number) =>
    `#<PID>          <type>          <reloads>       <uptime>        <version>\n100             master          0 [failed: 0]   0d00h00m34s     2.6.12\n# workers\n${pid}             worker          0               0d00h00m34s     2.6.12\n# programs\n\n`;

  it('addresses the workers from show proc, and after a reload reads it again and resends', async () => {
    let worker = 200;
    const transport = head((_socket, line) => {
      if (line === 'show proc') return proc(worker);
      if (line === `@!${worker} show info`) return haproxyFixture('2.6/show-info.txt');
      if (line.startsWith(`@!${worker} set server`)) return '\n';
      if (line.startsWith('@!')) return `Can't find the target PID matching the prefix '${line.split(' ')[0]}'\n`;
      return '';
    });
    const client = createHaproxyClient({ transport, sockets: ['/run/haproxy/admin.sock'], masterSocket: '/run/haproxy/master.sock', workerListMs: 60_000 });
    const [a, b] = await Promise.all([client.info(), client.info()]);
    expect(a.ok && b.ok).toBe(true);
    expect(transport.sent.filter((s) => s.endsWith('show proc'))).toHaveLength(1);
    worker = 300; // HAProxy reloaded
    const fresh = await client.info();
    expect(fresh.ok && fresh.value.values[0]?.process).toBe('worker 300');
    expect(transport.sent.filter((s) => s.endsWith('show proc'))).toHaveLength(2);
    expect((await client.setServerState({ backend: 'web', server: 's1' }, 'drain')).replies).toEqual([
      { process: 'worker 300', line: '@!300 set server web/s1 state drain', ok: true },
    ]);
  });
});

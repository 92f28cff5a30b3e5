import type { Client } from 'ssh2';
import { describe, expect, it } from 'vitest';
import { openForward, openSftp, runExec } from '../../src/adapters/ssh/ssh-exec.js';
import { remoteCommand } from '../../src/core/remote/shell-quote.js';

/**
 * A connection that has just gone: ssh2's Client throws "Not connected" at once instead of
 * calling back. Seen for real when Dropbear died under `picon status`, which then crashed.
 */
const goneClient = {
  exec() {
    throw new Error('Not connected');
  },
  openssh_forwardOutStreamLocal() {
    throw new Error('Not connected');
  },
  sftp() {
    throw new Error('Not connected');
  },
} as unknown as Client;

describe('a connection gone under a call', () => {
  it('runExec answers "connection closed" instead of throwing', async () => {
    const r = await runExec(goneClient, 'head', remoteCommand(['uptime']), 1000, {});
    expect(r).toEqual({ ok: false, error: { kind: 'closed', message: 'head: connection closed (Not connected)' } });
  });

  it('openForward answers "connection closed" instead of throwing, and leaves no timer behind', async () => {
    const started = Date.now();
    const r = await openForward(goneClient, 'head', 'unix socket /run/haproxy/admin.sock', 60_000, (c, cb) =>
      c.openssh_forwardOutStreamLocal('/run/haproxy/admin.sock', cb),
    );
    expect(r).toEqual({ ok: false, error: { kind: 'closed', message: 'head: connection closed (Not connected)' } });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('openSftp answers "connection closed" instead of throwing', async () => {
    expect(await openSftp(goneClient, 'p1')).toEqual({ ok: false, error: { kind: 'closed', message: 'p1: connection closed (Not connected)' } });
  });
});

import { Server, utils, type Connection } from 'ssh2';
import type { AddressInfo } from 'node:net';
import { generateKeyPair } from './ssh-keys.js';

/**
 * An in-process ssh2 server on 127.0.0.1:0 (the way mscdex/ssh2 tests itself): a fast contract
 * test for the transport. `handleExec` answers each exec request.
 */
export interface ExecCall {
  readonly command: string;
  write(stdout: string, stderr?: string): void;
  exit(code: number): void;
  readonly closed: Promise<void>;
}

export interface TestSshServer {
  readonly port: number;
  readonly hostKey: { readonly publicSsh: string; readonly private: string };
  readonly clientKey: { readonly private: string };
  /** Sessions open right now and the most seen at once. */
  readonly stats: { open: number; maxOpen: number; connections: number };
  readonly connections: Set<Connection>;
  close(): Promise<void>;
}

export async function startTestSshServer(handleExec: (call: ExecCall) => void, port = 0): Promise<TestSshServer> {
  const host = generateKeyPair('ed25519');
  const client = generateKeyPair('ed25519');
  const allowed = utils.parseKey(client.public);
  if (allowed instanceof Error) throw allowed;
  const allowedKey = Array.isArray(allowed) ? allowed[0] : allowed;
  const stats = { open: 0, maxOpen: 0, connections: 0 };
  const connections = new Set<Connection>();
  const server = new Server({ hostKeys: [host.private] }, (conn) => {
    stats.connections++;
    connections.add(conn);
    conn.on('close', () => connections.delete(conn));
    conn.on('error', () => undefined);
    conn.on('authentication', (ctx) => {
      if (ctx.method === 'publickey' && allowedKey !== undefined && ctx.key.data.equals(allowedKey.getPublicSSH())) {
        if (ctx.signature === undefined) return ctx.accept();
        if (allowedKey.verify(ctx.blob as Buffer, ctx.signature, ctx.hashAlgo) === true) return ctx.accept();
      }
      ctx.reject(['publickey']);
    });
    conn.on('session', (accept) => {
      const session = accept();
      stats.open++;
      stats.maxOpen = Math.max(stats.maxOpen, stats.open);
      let counted = true;
      const done = () => {
        if (counted) stats.open--;
        counted = false;
      };
      session.on('close', done);
      session.on('exec', (acceptExec, _reject, info) => {
        const stream = acceptExec();
        stream.resume();
        let resolveClosed: () => void = () => undefined;
        const closed = new Promise<void>((r) => (resolveClosed = r));
        stream.on('close', () => {
          done();
          resolveClosed();
        });
        handleExec({
          command: info.command,
          write: (out, err) => {
            if (out) stream.write(out);
            if (err) stream.stderr.write(err);
          },
          exit: (code) => {
            stream.exit(code);
            stream.end();
          },
          closed,
        });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    port: address.port,
    hostKey: { publicSsh: host.public, private: host.private },
    clientKey: { private: client.private },
    stats,
    connections,
    close: () =>
      new Promise((resolve) => {
        for (const c of connections) c.end();
        server.close(() => resolve());
      }),
  };
}

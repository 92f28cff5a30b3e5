import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The composition root opens SSH connections only for a command that needs them: a profile
 * whose nodes are a TCP listener on this test's subnet (127.0.59) counts every connection picon
 * makes. No lab: the listener stands in for the nodes' sshd.
 */

const root = path.resolve(import.meta.dirname, '..', '..');
const bin = path.join(root, 'bin/picon');
const ADDRESS = '127.0.59.1';
let dir: string;
let server: net.Server;
let connections = 0;

function picon(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { PATH: process.env['PATH'], HOME: path.join(dir, 'home'), PICON_CONFIG_DIR: path.join(dir, 'config'), PICON_DATA_DIR: path.join(dir, 'data') };
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: root, env, timeout: 30_000 }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  if (!existsSync(path.join(root, 'dist/cli/main.js'))) throw new Error('dist/ is missing: run `npx tsc -p tsconfig.build.json`');
  dir = mkdtempSync(path.join(os.tmpdir(), 'picon-runtime-no-ssh-'));
  mkdirSync(path.join(dir, 'home', '.ssh'), { recursive: true });
  // A key to offer: without one a node fails before any TCP connection.
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'home', '.ssh', 'id_ed25519')]);
  server = net.createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, ADDRESS, resolve));
  const port = (server.address() as net.AddressInfo).port;
  const profile = [
    'name: nossh',
    'ssh:',
    '  user: picon',
    `  port: ${port}`,
    'head:',
    '  name: h',
    `  address: ${ADDRESS}`,
    '  haproxy:',
    '    sockets: [/run/haproxy/admin.sock]',
    '    backends: [web]',
    `    frontendUrl: http://${ADDRESS}:9/`,
    'workers:',
    '  - name: w1',
    `    address: ${ADDRESS}`,
  ].join('\n');
  writeFileSync(path.join(dir, 'nossh.yaml'), `${profile}\n`);
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('commands that need no SSH open no connection', () => {
  it.each([
    [['profile', 'validate', 'PROFILE'], 0],
    [['--profile', 'PROFILE', 'bench', 'history'], 0],
    [['--profile', 'PROFILE', 'bench', 'history', '--all', '--json'], 0],
    [['--profile', 'PROFILE', 'bench', 'compare', 'last'], 2],
    [['--profile', 'PROFILE', 'bench'], 0],
    [['--profile', 'PROFILE', 'bench', 'home', '--dry-run'], 0],
    [['lab', 'status', '--dir', 'NOLAB'], 1],
    [['profile', 'show', 'PROFILE'], 0],
    [['lab', 'stall', 'w1', '--off', '--dir', 'NOLAB'], 2],
  ])('picon %j exits %i and connects to no node', async (args, exit) => {
    const before = connections;
    const run = await picon(...args.map((a) => (a === 'PROFILE' ? path.join(dir, 'nossh.yaml') : a === 'NOLAB' ? path.join(dir, 'nolab') : a)));
    expect(run.code, run.stderr).toBe(exit);
    expect(connections - before).toBe(0);
  });

  it('while `picon status` does connect, to the head and the worker (the listener counts what it should)', async () => {
    const before = connections;
    const run = await picon('--profile', path.join(dir, 'nossh.yaml'), 'status', '--timeout', '2');
    expect(run.code).toBe(1);
    expect(connections - before).toBeGreaterThanOrEqual(2);
  });
});

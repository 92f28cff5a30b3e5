import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abEngine } from '../../src/adapters/loadtest/ab-engine.js';
import type { ExecOptions, ExecResult, NodeTransport, Outcome } from '../../src/core/ports/node-transport.js';
import type { RunPlan } from '../../src/core/loadtest/run-plan.js';
import type { RemoteCommand } from '../../src/core/remote/shell-quote.js';
import { abProcesses, stillRunning, treeOf, type ProcessInfo } from '../support/proc-scan.js';

/**
 * The ab engine with its remote wrapper run here by sh, through a transport that behaves as an
 * SSH exec channel does: stdin held open while the caller holds it, and closed with the channel;
 * closing the channel does not signal the command. Real ab against a local server.
 */

const ADDRESS = '127.0.66.3';
let server: http.Server;
let base: string;

beforeAll(async () => {
  // /done answers after a timer tick, so its 3000 requests take over a second and the test sees ab
  // running before it ends (on a quiet machine ab finished them before the first look).
  const answer = (res: http.ServerResponse): void => void res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(256));
  server = http.createServer((req, res) => (req.url === '/done' ? setTimeout(() => answer(res), 1) : answer(res)));
  await new Promise<void>((resolve) => server.listen(0, ADDRESS, resolve));
  base = `http://${ADDRESS}:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const plan = (over: Partial<RunPlan>): RunPlan => ({
  url: `${base}/`, target: 'url', method: 'GET', concurrency: 2, limit: { kind: 'requests', requests: 400 },
  keepAlive: true, headers: {}, engine: 'ab', from: 'p1', ...over,
});

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - started;
}

interface LocalNode {
  readonly transport: NodeTransport;
  /** The wrapper processes started, newest last. */
  readonly started: ChildProcess[];
  /** The connection drops (picon died): stdin and the outputs close, nothing is signalled. */
  drop(): void;
}

/** A NodeTransport whose exec runs the command here with sh, as sshd would on the node. */
function localNode(node: string, env: NodeJS.ProcessEnv = process.env): LocalNode {
  const started: ChildProcess[] = [];
  const drops: (() => void)[] = [];
  const exec = (command: RemoteCommand, options: ExecOptions = {}): Promise<Outcome<ExecResult>> =>
    new Promise((resolve) => {
      const child = spawn('sh', ['-c', command.text], { env, stdio: ['pipe', 'pipe', 'pipe'] });
      started.push(child);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdin.on('error', () => undefined);
      if (options.stdin !== undefined) child.stdin.write(options.stdin);
      const hold = options.holdStdinUntil;
      if (hold === undefined || hold.aborted) child.stdin.end();
      else hold.addEventListener('abort', () => child.stdin.end(), { once: true });
      const closeChannel = (kind: 'aborted' | 'closed'): void => {
        child.stdin.destroy();
        child.stdout.destroy();
        child.stderr.destroy();
        resolve({ ok: false, error: { kind, message: `${node}: ${kind}` } });
      };
      options.signal?.addEventListener('abort', () => closeChannel('aborted'));
      drops.push(() => closeChannel('closed'));
      child.on('close', (code, signal) => resolve({ ok: true, value: { code, signal, stdout, stderr } }));
    });
  return { transport: { node, exec } as unknown as NodeTransport, started, drop: () => drops.forEach((d) => d()) };
}

/** The wrapper and everything under it, once ab runs (sh, timeout, ab, the watcher and its cat). */
async function wrapperTree(local: LocalNode, url: string): Promise<ProcessInfo[]> {
  await until(() => abProcesses(url).length === 1, 'ab to start');
  const pid = local.started.at(-1)?.pid;
  if (pid === undefined) throw new Error('no wrapper');
  const tree = treeOf(pid);
  expect(tree.some((p) => p.argv[0] === 'cat')).toBe(true);
  return tree;
}

describe('ab engine (the remote wrapper run locally)', () => {
  it('runs ab, reads its report, and leaves nothing of the run behind', async () => {
    const local = localNode('p1');
    const url = `${base}/done`;
    const running = abEngine(local.transport)({ plan: plan({ url, preset: 'home', limit: { kind: 'requests', requests: 3000 } }), runId: 'ab-1' });
    const tree = await wrapperTree(local, url);
    const outcome = await running;
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(outcome.result).toMatchObject({ engine: 'ab', preset: 'home', completed: 3000, failed: 0, concurrency: 2 });
    // The report is in once the wrapper's shell has exited; its stdin watcher follows within moments.
    await until(() => stillRunning(tree).length === 0, 'every process of the run to end', 3000);
  });

  it('says how to install ab when the node has none', async () => {
    const bin = await mkdtemp(path.join(os.tmpdir(), 'picon-no-ab-'));
    await symlink('/bin/sh', path.join(bin, 'sh'));
    const outcome = await abEngine(localNode('p1', { PATH: bin }).transport)({ plan: plan({}), runId: 'ab-2' });
    expect(outcome).toEqual({ ok: false, cancelled: false, reason: 'ab is not installed on p1: apt-get install apache2-utils' });
    await rm(bin, { recursive: true });
  });

  it('fails when the target refuses (ab -r reports it as receive errors)', async () => {
    const outcome = await abEngine(localNode('p1').transport)({ plan: plan({ url: `http://${ADDRESS}:1/` }), runId: 'ab-3' });
    expect(outcome).toMatchObject({ ok: false, cancelled: false });
    if (!outcome.ok) expect(outcome.reason).toMatch(new RegExp(`^p1: ab: ${ADDRESS}:1 did not answer \\(0 connect, \\d+ receive errors, \\d+ exceptions\\)$`));
  });

  it('a cancel lets go of stdin: the wrapper ends ab and says so, nothing left', async () => {
    const local = localNode('p1');
    const controller = new AbortController();
    const url = `${base}/cancel`;
    const running = abEngine(local.transport)({ plan: plan({ url, limit: { kind: 'duration', seconds: 60 } }), runId: 'ab-4', signal: controller.signal });
    const tree = await wrapperTree(local, url);
    controller.abort();
    expect(await running).toEqual({ ok: false, cancelled: true, reason: 'ab on p1 was ended' });
    expect(stillRunning(tree)).toEqual([]);
  });

  it('when the connection drops (picon killed), the node ends ab on its own', async () => {
    const local = localNode('p1');
    const url = `${base}/dropped`;
    const running = abEngine(local.transport)({ plan: plan({ url, limit: { kind: 'duration', seconds: 60 } }), runId: 'ab-5' });
    const tree = await wrapperTree(local, url);
    local.drop();
    expect(await running).toEqual({ ok: false, cancelled: false, reason: 'p1: closed' });
    const ms = await until(() => abProcesses(url).length === 0, 'ab to end after the drop', 3_000);
    expect(ms).toBeLessThan(3_000);
    await until(() => stillRunning(tree).length === 0, 'the whole wrapper to end', 3_000);
  });

  it('a wrapper that does not confirm in time: the channel is closed and the outcome says what ends ab', async () => {
    // A node where `cat` never sees EOF: the wrapper's stdin is kept open by a stray holder.
    const local = localNode('p1');
    const controller = new AbortController();
    const url = `${base}/stuck`;
    const stuck: NodeTransport = {
      node: 'p1',
      exec: (command: RemoteCommand, options: ExecOptions = {}) => local.transport.exec(command, { ...options, holdStdinUntil: new AbortController().signal }),
    } as unknown as NodeTransport;
    const running = abEngine(stuck, { stopWaitMs: 300 })({ plan: plan({ url, limit: { kind: 'duration', seconds: 60 } }), runId: 'ab-6', signal: controller.signal });
    await until(() => abProcesses(url).length === 1, 'ab to start');
    controller.abort();
    expect(await running).toEqual({
      ok: false,
      cancelled: true,
      reason: 'ab on p1 did not confirm its end within 0.3 s; the node ends it when it sees the connection close, its guard within 120 s at the latest',
    });
    // Closing the channel closed stdin as sshd does: ab ends after all.
    await until(() => abProcesses(url).length === 0, 'ab to end once the channel closed', 3_000);
  });
});

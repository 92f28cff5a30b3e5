import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shellQuote } from '../../src/core/remote/shell-quote.js';
import { eventually, PICON_BIN, REPO_ROOT, startLab, type LabHandle } from './support/lab.js';

/**
 * `picon wall` on a real lab (127.0.14), in a real terminal: tmux on a private socket at 160×48.
 * What the test reads is what a person would see (`tmux capture-pane`).
 */

const SOCKET = `picon-wall-${process.pid}-${randomBytes(3).toString('hex')}`;
const SESSION = 'wall';

let lab: LabHandle;
let dataDir: string;
let tmuxStarted = false;

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A short command with no input (the harness's `run` writes to stdin, which a quick exit turns into EPIPE). */
function exec(program: string, args: readonly string[], timeoutMs = 10_000): Promise<Ran> {
  return new Promise((resolve) => {
    const child = execFile(program, args, { timeout: timeoutMs }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr }),
    );
    child.stdin?.end();
  });
}

const tmux = (...args: string[]) => exec('tmux', ['-L', SOCKET, '-f', '/dev/null', ...args]);
const screen = async (): Promise<string> => (await tmux('capture-pane', '-p', '-t', SESSION)).stdout;
const paneFlag = async (name: string): Promise<string> => (await tmux('display-message', '-p', '-t', SESSION, `#{${name}}`)).stdout.trim();
const seen = (what: string, pattern: RegExp, timeoutMs = 20_000) =>
  eventually(what, async () => pattern.test(await screen()), timeoutMs, 250).catch(async (error: Error) => {
    throw new Error(`${error.message}\n--- screen ---\n${await screen()}`);
  });

function adminSocket(command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('socat', ['-', `UNIX-CONNECT:${lab.status.adminSocket}`], { timeout: 5000 }, (error, stdout) =>
      error !== null ? reject(error) : resolve(stdout),
    );
    child.stdin?.end(`${command}\n`);
  });
}

beforeAll(async () => {
  lab = await startLab({ subnet: '127.0.14' });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'picon-wall-data-'));
});

afterAll(async () => {
  if (tmuxStarted) {
    // tmux 3.3 leaves its socket file behind after kill-server.
    const socketPath = (await tmux('display-message', '-p', '#{socket_path}')).stdout.trim();
    await tmux('kill-server');
    if (socketPath.endsWith(SOCKET)) await rm(socketPath, { force: true });
  }
  await lab?.stop();
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

describe('picon wall in tmux on the lab', () => {
  it('shows node names and states, a drained server as DRAIN (HAProxy\'s word, as the console says it), and q quits and restores the terminal', async () => {
    const env = {
      PICON_CONFIG_DIR: lab.configDir,
      PICON_LAB_DIR: lab.dir,
      PICON_DATA_DIR: dataDir,
      TERM: 'xterm-256color',
      LANG: 'C.UTF-8',
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: process.env['HOME'] ?? os.homedir(),
    };
    const script = path.join(dataDir, 'wall.sh');
    const assignments = Object.entries(env).map(([k, v]) => `${k}=${shellQuote(v)}`).join(' ');
    await writeFile(
      script,
      `cd ${shellQuote(REPO_ROOT)}\nenv -i ${assignments} ${shellQuote(process.execPath)} ${shellQuote(PICON_BIN)} --profile lab wall\necho "picon-exit=$?"\nexec sleep 600\n`,
    );
    const started = await tmux('new-session', '-d', '-s', SESSION, '-x', '160', '-y', '48', `sh ${shellQuote(script)}`);
    expect(started.code, started.stderr).toBe(0);
    tmuxStarted = true;

    await seen('every node up on the board', /Nodes · 5\/5 up/);
    const board = await screen();
    for (const node of ['head', 'p1', 'p2', 'p3', 'pi3']) {
      expect(board).toMatch(new RegExp(`│${node}\\s+(head|worker)\\s+up\\s`));
    }
    await seen('every server UP with its check', /│p2\s+UP\s+L7OK/);
    expect(await screen()).toMatch(/┌─ HAProxy 2\.6/);
    expect(await paneFlag('alternate_on')).toBe('1');

    expect((await adminSocket('set server web/p2 state drain')).trim()).toBe('');
    await seen('p2 DRAIN in the servers table', /│p2\s+DRAIN\s+L7OK/);
    await seen('the drain in the event log', /\d\d:\d\d:\d\d p2 DRAIN/);
    expect(await screen()).toMatch(/│p1\s+UP\s+L7OK/);

    // A smaller terminal: the grid lays itself out again within it, every panel still there.
    await tmux('resize-window', '-t', SESSION, '-x', '100', '-y', '30');
    const small = await eventually('the board laid out in 100×30', async () => {
      const s = await screen();
      const lines = s.replace(/\n+$/, '').split('\n');
      const fits = lines.length <= 30 && lines.every((l) => [...l].length <= 100);
      return fits && /┐$/.test(lines[1] ?? '') && /┘$/.test(lines[lines.length - 1] ?? '') && s.includes('Nodes · 5/5 up') ? s : undefined;
    }, 20_000, 200);
    for (const panel of ['Requests/s', 'CPU % per node', 'HAProxy 2.6', 'Temperature', 'Nodes ·', 'Events']) expect(small).toContain(panel);
    expect(small).toMatch(/│p2\s+DRAIN/);
    await tmux('resize-window', '-t', SESSION, '-x', '160', '-y', '48');
    await eventually('the board back at 160 columns', async () => {
      const lines = (await screen()).split('\n');
      return [...(lines[1] ?? '')].length === 160 && /┐$/.test(lines[1] ?? '');
    }, 20_000, 200);

    await tmux('send-keys', '-t', SESSION, 'q');
    await seen('picon to exit 0 after q', /picon-exit=0/, 10_000);
    const after = await screen();
    expect(after).not.toContain('Nodes ·');
    expect(await paneFlag('alternate_on')).toBe('0');
    expect(await paneFlag('cursor_flag')).toBe('1');
  });

  it('without a terminal exits 2 with one line pointing to picon status', async () => {
    const r = await lab.picon(['--profile', 'lab', 'wall'], { timeoutMs: 20_000 });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('picon: wall needs a terminal (stdout is not a TTY); for a one-shot text view run `picon status`\n');
  });

  it('loading the built wall command loads blessed and never Ink or React', async () => {
    const probe = path.join(dataDir, 'probe.mjs');
    const hooks = path.join(dataDir, 'hooks.mjs');
    await writeFile(hooks, `let port;\nexport function initialize(data) { port = data.port; }\nexport async function resolve(s, c, next) { const r = await next(s, c); port.postMessage(r.url); return r; }\n`);
    await writeFile(
      probe,
      [
        `import { register, createRequire } from 'node:module';`,
        `import { MessageChannel } from 'node:worker_threads';`,
        `const { port1, port2 } = new MessageChannel();`,
        `const urls = [];`,
        `const SENTINEL = 'data:text/javascript,export default 1';`,
        `const done = new Promise((resolve) => port1.on('message', (u) => (u === SENTINEL ? resolve() : urls.push(u))));`,
        `register(${JSON.stringify(`file://${hooks}`)}, { data: { port: port2 }, transferList: [port2] });`,
        `await import(${JSON.stringify(`file://${path.join(REPO_ROOT, 'dist', 'cli', 'commands', 'wall.js')}`)});`,
        // Messages arrive in order: once the sentinel's resolve is seen, every earlier one is.
        `await import(SENTINEL);`,
        `await done;`,
        `port1.close();`,
        `const cjs = Object.keys(createRequire(import.meta.url).cache);`,
        `console.log(JSON.stringify([...urls, ...cjs]));`,
      ].join('\n'),
    );
    const r = await exec(process.execPath, [probe], 30_000);
    expect(r.code, r.stderr).toBe(0);
    const loaded = JSON.parse(r.stdout) as string[];
    expect(loaded.some((u) => u.includes('/node_modules/blessed/'))).toBe(true);
    expect(loaded.some((u) => u.includes('/node_modules/blessed-contrib/'))).toBe(true);
    expect(loaded.filter((u) => /\/node_modules\/(ink|react|react-reconciler)\//.test(u))).toEqual([]);
  });
});

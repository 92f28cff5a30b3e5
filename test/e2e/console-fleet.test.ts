import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PICON_BIN, startLab, type LabHandle } from './support/lab.js';
import { tmuxServer, type TmuxServer } from './support/tmux.js';

/**
 * The console, the wallboard and `picon status` at fleet size: a lab of 30 workers (127.0.75),
 * node30 at weight 5 taking the most of some light traffic, in tmux at 160×48.
 */

const COLUMNS = 160;
const ROWS = 48;
let lab: LabHandle;
let tmux: TmuxServer;
let dataDir = '';
let stopTraffic: () => Promise<number> = async () => 0;

/** Requests to the frontend, four at a time, until stopped; resolves to how many were answered. */
function traffic(url: string): () => Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  let running = true;
  let answered = 0;
  const one = (): Promise<void> => new Promise((resolve) => {
    http.get(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => {
        answered += 1;
        resolve();
      });
    }).on('error', () => resolve());
  });
  const loops = Array.from({ length: 4 }, async () => {
    while (running) {
      await one();
      await new Promise((r) => setTimeout(r, 5));
    }
  });
  return async () => {
    running = false;
    await Promise.all(loops);
    agent.destroy();
    return answered;
  };
}

const tableRows = (s: string): string[] => s.split('\n').map((l) => /^[▸ ] (head|node\d+)\s/.exec(l)?.[1]).filter((n): n is string => n !== undefined);

beforeAll(async () => {
  lab = await startLab({ subnet: '127.0.75', workers: 30 });
  const weight = await lab.picon(['--profile', 'lab', 'weight', 'node30', '5', '--yes']);
  if (weight.code !== 0) throw new Error(`weight node30 5 failed: ${weight.stderr}`);
  stopTraffic = traffic(lab.status.frontendUrl);
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'picon-fleet-data-'));
  tmux = tmuxServer(`picon-fleet-${process.pid}-${randomBytes(3).toString('hex')}`);
}, 240_000);

afterAll(async () => {
  const answered = await stopTraffic();
  console.log(`traffic: ${answered} requests answered`);
  await tmux?.kill();
  await lab?.stop();
  if (dataDir !== '') await rm(dataDir, { recursive: true, force: true });
});

const env = (): Record<string, string> => ({ PICON_CONFIG_DIR: lab.env['PICON_CONFIG_DIR'] ?? '', PICON_LAB_DIR: lab.env['PICON_LAB_DIR'] ?? '', PICON_DATA_DIR: dataDir, CI: 'true' });

describe('the console at 31 nodes in tmux (127.0.75)', () => {
  it('shows the busiest server first in the share pane, sorts with o/O and filters with /', async () => {
    await tmux.start('console', COLUMNS, ROWS, `${process.execPath} ${PICON_BIN} --profile lab; echo EXITED $?; sleep 60`, env());
    const busy = await tmux.waitScreen('console', 'node30 first in the share pane, with "N more"', (s) => /┤.*\s{2}node30\s+█/.test(s) && /\d+ more: \d+% of requests/.test(s), 45_000);
    const first = busy.split('\n').find((l) => /┤.*\s{2}node\d+\s+█/.test(l));
    expect(first).toMatch(/\s{2}node30\s+█+[▏▎▍▌▋▊▉]?\s+(1[0-9]|2[0-9])%/);
    expect(tableRows(busy)[0]).toBe('head');

    await tmux.keys('console', 'o');
    await tmux.waitScreen('console', 'sorted by name', (s) => /^ {2}NODE▲|^ {2}NODE.?▲/m.test(s) && s.includes('nodes sorted by name, A to Z'));
    await tmux.keys('console', 'O');
    const reversed = await tmux.waitScreen('console', 'name, Z to A', (s) => /NODE.?▼/.test(s) && tableRows(s)[0] === 'node30');
    expect(tableRows(reversed).slice(0, 3)).toEqual(['node30', 'node29', 'node28']);

    await tmux.keys('console', '/');
    await tmux.run('send-keys', '-t', 'console', '-l', 'node3');
    await tmux.keys('console', 'Enter');
    const filtered = await tmux.waitScreen('console', 'filter node3', (s) => s.includes('[filter: node3, 2 of 31]'));
    expect(tableRows(filtered)).toEqual(['node30', 'node3']);
    await tmux.keys('console', 'Escape', 'q');
    await tmux.waitScreen('console', 'exit 0', (s) => s.includes('EXITED 0'));
  }, 90_000);

  it('the wallboard pages its servers and nodes tables with n and p', async () => {
    await tmux.start('wall', COLUMNS, ROWS, `${process.execPath} ${PICON_BIN} --profile lab wall; echo EXITED $?; sleep 60`, env());
    const page1 = await tmux.waitScreen('wall', 'page 1 of the servers', (s) => /HAProxy.*· 1–(\d+) of 30 \(n\/p: page\)/.test(s) && s.includes('n/p pages'), 30_000);
    const shown = Number(/HAProxy.*· 1–(\d+) of 30/.exec(page1)?.[1]);
    expect(shown).toBeGreaterThan(3);
    expect(shown).toBeLessThan(30);
    expect(page1).toMatch(/Nodes · \d+\/31 up · 1–\d+ of 31/);
    await tmux.keys('wall', 'n');
    await tmux.waitScreen('wall', 'page 2', (s) => s.includes(`· ${shown + 1}–`) && !s.includes('· 1–'));
    await tmux.keys('wall', 'p');
    await tmux.waitScreen('wall', 'page 1 again', (s) => s.includes(`HAProxy`) && /· 1–\d+ of 30/.test(s));
    await tmux.keys('wall', 'q');
    await tmux.waitScreen('wall', 'exit 0', (s) => s.includes('EXITED 0'));
  }, 60_000);

  it('picon status --sort and --model pick and order the nodes; a --tag nobody has is one line', async () => {
    const sorted = await lab.picon(['--profile', 'lab', 'status', '--sort', '-name', '--model', 'zero', '--json'], { timeoutMs: 60_000 });
    expect(sorted.stderr).toBe('');
    const report = JSON.parse(sorted.stdout) as { nodes: { name: string }[]; haproxy: { servers: unknown[] } };
    expect(report.nodes.map((n) => n.name)).toEqual(Array.from({ length: 30 }, (_, i) => `node${i + 1}`).reverse());
    expect(report.haproxy.servers).toHaveLength(30);
    const none = await lab.picon(['--profile', 'lab', 'status', '--tag', 'rack9']);
    expect(none).toMatchObject({ code: 2, stdout: '' });
    expect(none.stderr).toMatch(/^picon: no node of lab matches --tag rack9 \(tags: none; models: .*Pi Zero.*\)\n$/);
  }, 90_000);
});

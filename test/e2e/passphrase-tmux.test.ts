import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PICON_BIN, run, startLab, type LabHandle } from './support/lab.js';
import type { StatusReport } from '../../src/core/status/status-report.js';
import { tmuxServer } from './support/tmux.js';

/**
 * An encrypted key file on a real terminal (tmux), lab on 127.0.32: picon asks for the
 * passphrase once, without echo, and never prints it; a wrong one leaves every node at "auth";
 * when ssh-agent holds that key, nothing is asked at all (the agent is tried first, as in OpenSSH).
 * The console asks in its own dialog, as the terminal is its screen; the wallboard asks before it
 * takes the screen.
 */

const PASSPHRASE = 'correct horse battery';
const EXITED = 'PICON-EXITED';
const tmux = tmuxServer(`picon-passphrase-e2e-${process.pid}`);
let lab: LabHandle;
let profile = '';
let lockedKey = '';
let agentSocket = '';
let agentPid = 0;

beforeAll(async () => {
  lab = await startLab({ subnet: '127.0.32' });
  lockedKey = path.join(lab.dir, 'locked_key');
  copyFileSync(lab.status.identityFile, lockedKey);
  copyFileSync(`${lab.status.identityFile}.pub`, `${lockedKey}.pub`);
  execFileSync('ssh-keygen', ['-q', '-p', '-P', '', '-N', PASSPHRASE, '-f', lockedKey]);
  const doc = parseDocument(readFileSync(lab.profilePath, 'utf8'));
  doc.setIn(['ssh', 'identityFile'], lockedKey);
  profile = path.join(lab.dir, 'lab-locked.yaml');
  writeFileSync(profile, doc.toString());
  agentSocket = path.join(lab.dir, 'agent.sock');
  const out = execFileSync('ssh-agent', ['-s', '-a', agentSocket], { encoding: 'utf8' });
  agentPid = Number(/SSH_AGENT_PID=(\d+)/.exec(out)?.[1]);
});

afterAll(async () => {
  await tmux.kill();
  if (agentPid > 0) process.kill(agentPid, 'SIGTERM');
  await lab?.stop();
});

/** `picon status` in a fresh tmux session; SSH_AUTH_SOCK only when an agent is wanted. */
async function statusOnTerminal(session: string, agent: boolean): Promise<void> {
  const env = { PICON_CONFIG_DIR: lab.env['PICON_CONFIG_DIR'] ?? '', ...(agent && { SSH_AUTH_SOCK: agentSocket }) };
  const unset = agent ? '' : 'env -u SSH_AUTH_SOCK ';
  await tmux.start(session, 120, 30, `${unset}${process.execPath} ${PICON_BIN} --profile ${profile} status; echo ${EXITED} $?; sleep 60`, env);
}

const exitCode = (screen: string): string | undefined => new RegExp(`${EXITED} (\\d+)`).exec(screen)?.[1];

describe('an encrypted key on a terminal', () => {
  it('asks once for the passphrase, shows none of it, and every node logs in', async () => {
    await statusOnTerminal('right', false);
    const prompt = await tmux.waitScreen('right', 'the passphrase prompt', (s) => s.includes(`Enter passphrase for key '${lockedKey}':`));
    expect(prompt.match(/Enter passphrase/g)).toHaveLength(1);
    await tmux.type('right', PASSPHRASE);
    await tmux.keys('right', 'Enter');
    const done = await tmux.waitScreen('right', 'status printed', (s) => exitCode(s) !== undefined, 30_000);
    expect(exitCode(done)).toBe('0');
    for (const node of ['head', 'p1', 'p2', 'p3', 'pi3']) expect(done).toMatch(new RegExp(`^${node}\\s+\\S+\\s.*\\sup\\s`, 'm'));
    expect(done.match(/Enter passphrase/g)).toHaveLength(1);
    expect(done).not.toContain('horse');
  });

  it('a wrong passphrase: every node says auth, exit 1, and the wrong text is not shown either', async () => {
    await statusOnTerminal('wrong', false);
    await tmux.waitScreen('wrong', 'the passphrase prompt', (s) => s.includes('Enter passphrase for key'));
    await tmux.type('wrong', 'not it at all');
    await tmux.keys('wrong', 'Enter');
    const done = await tmux.waitScreen('wrong', 'status printed', (s) => exitCode(s) !== undefined, 30_000);
    expect(exitCode(done)).toBe('1');
    for (const node of ['head', 'p1', 'p2', 'p3', 'pi3']) expect(done).toMatch(new RegExp(`^${node}\\s+\\S+\\s.*\\sauth\\b`, 'm'));
    expect(done).not.toContain('not it');
  });

  it('with the key in ssh-agent nothing is asked: the agent logs in', async () => {
    execFileSync('ssh-add', ['-q', lab.status.identityFile], { env: { ...process.env, SSH_AUTH_SOCK: agentSocket }, stdio: 'ignore' });
    await statusOnTerminal('agent', true);
    const done = await tmux.waitScreen('agent', 'status printed', (s) => exitCode(s) !== undefined, 30_000);
    expect(done).not.toContain('Enter passphrase');
    expect(exitCode(done)).toBe('0');
    for (const node of ['head', 'p1', 'p2', 'p3', 'pi3']) expect(done).toMatch(new RegExp(`^${node}\\s+\\S+\\s.*\\sup\\s`, 'm'));
  });

  it('without a terminal nothing can ask: every node says auth, naming the encrypted key and ssh-add', async () => {
    const { SSH_AUTH_SOCK: _agent, ...env } = lab.env;
    const r = await run(process.execPath, [PICON_BIN, '--profile', profile, 'status', '--json'], { env, timeoutMs: 30_000 });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as StatusReport;
    for (const node of report.nodes) {
      expect(node.errorKind).toBe('auth');
      expect(node.error).toContain(`${lockedKey} is encrypted and no passphrase was given: ssh-add it`);
    }
  });

  it('the console asks in its own dialog, shows none of it, and every node comes up', async () => {
    const env = { PICON_CONFIG_DIR: lab.env['PICON_CONFIG_DIR'] ?? '', PICON_DATA_DIR: path.join(lab.dir, 'console-data') };
    await tmux.start('console', 120, 40, `env -u SSH_AUTH_SOCK ${process.execPath} ${PICON_BIN} --profile ${profile}; echo ${EXITED} $?; sleep 60`, env);
    // The dialog inside the console (its header painted around it, a moment after Ink's frame).
    await tmux.waitScreen('console', 'the passphrase dialog in the console', (s) => s.includes(`Passphrase for key ${lockedKey}`) && /^picon lab/.test(s));
    await tmux.type('console', PASSPHRASE);
    await tmux.keys('console', 'Enter');
    const row = (s: string, node: string) => s.split('\n').find((l) => new RegExp(`^[▸ ] ${node}\\s`).test(l)) ?? '';
    const up = await tmux.waitScreen('console', 'every node up', (s) => ['head', 'p1', 'p2', 'p3', 'pi3'].every((n) => /\bup\b/.test(row(s, n))), 30_000);
    expect(up).not.toContain('Passphrase for key');
    expect(up).not.toContain('horse');
    await tmux.keys('console', 'q');
    const left = await tmux.waitScreen('console', 'the console exited', (s) => exitCode(s) !== undefined);
    expect(exitCode(left)).toBe('0');
    expect(left).not.toContain('horse');
  });

  it('the wallboard asks on the plain terminal before it takes the screen, then every node is up on the board', async () => {
    const env = { PICON_CONFIG_DIR: lab.env['PICON_CONFIG_DIR'] ?? '', PICON_DATA_DIR: path.join(lab.dir, 'wall-data'), TERM: 'xterm-256color' };
    await tmux.start('wall', 160, 48, `env -u SSH_AUTH_SOCK ${process.execPath} ${PICON_BIN} --profile ${profile} wall; echo ${EXITED} $?; sleep 60`, env);
    const asked = await tmux.waitScreen('wall', 'the passphrase prompt', (s) => s.includes(`Enter passphrase for key '${lockedKey}':`));
    expect(asked).not.toMatch(/Nodes ·/);
    await tmux.type('wall', PASSPHRASE);
    await tmux.keys('wall', 'Enter');
    const board = await tmux.waitScreen('wall', 'every node up on the board', (s) => /Nodes · 5\/5 up/.test(s), 30_000);
    expect(board).not.toContain('horse');
    await tmux.keys('wall', 'q');
    const left = await tmux.waitScreen('wall', 'the wallboard exited', (s) => exitCode(s) !== undefined);
    expect(exitCode(left)).toBe('0');
  });
});

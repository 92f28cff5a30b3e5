import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PICON_BIN, run, startLab, type LabHandle } from './support/lab.js';
import type { StatusReport } from '../../src/core/status/status-report.js';

/** Auth as OpenSSH does it: ssh-agent first, then key files; no key → an "auth" reason. */
let lab: LabHandle;
let agentPid: number | undefined;
let agentSocket: string;
let noKeyProfile: string;

beforeAll(async () => {
  lab = await startLab({ subnet: '127.0.20' });
  const doc = parseDocument(readFileSync(lab.profilePath, 'utf8'));
  doc.set('name', 'lab-agent');
  doc.deleteIn(['ssh', 'identityFile']);
  noKeyProfile = path.join(lab.dir, 'lab-agent.yaml');
  writeFileSync(noKeyProfile, doc.toString());
  agentSocket = path.join(lab.dir, 'agent.sock');
  const out = execFileSync('ssh-agent', ['-s', '-a', agentSocket], { encoding: 'utf8' });
  agentPid = Number(/SSH_AGENT_PID=(\d+)/.exec(out)?.[1]);
  execFileSync('ssh-add', ['-q', lab.status.identityFile], { env: { ...process.env, SSH_AUTH_SOCK: agentSocket }, stdio: 'ignore' });
});
afterAll(async () => {
  if (agentPid !== undefined && agentPid > 0) process.kill(agentPid, 'SIGTERM');
  await lab?.stop();
});

function status(extraEnv: NodeJS.ProcessEnv) {
  const { SSH_AUTH_SOCK: _inherited, ...env } = lab.env;
  return run(process.execPath, [PICON_BIN, '--profile', noKeyProfile, 'status', '--json', '--timeout', '4'], {
    env: { ...env, ...extraEnv },
    timeoutMs: 30_000,
  });
}

describe('SSH authentication', () => {
  it('logs in with a key held by ssh-agent when the profile names no key file', async () => {
    const r = await status({ SSH_AUTH_SOCK: agentSocket });
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as StatusReport;
    expect(report.nodes.every((n) => n.reachable)).toBe(true);
    expect(r.code).toBe(0);
  });

  it('says "auth" for every node when neither the agent nor a key file has an accepted key', async () => {
    const r = await status({});
    const report = JSON.parse(r.stdout) as StatusReport;
    expect(r.code).toBe(1);
    expect(report.nodes.map((n) => n.errorKind)).toEqual(['auth', 'auth', 'auth', 'auth', 'auth']);
    expect(report.nodes[1]?.error).toMatch(/^p1 \(.*\): (no ssh-agent and no usable identity file|authentication failed)/);
  });
});

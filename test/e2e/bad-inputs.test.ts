import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusReport } from '../../src/core/status/status-report.js';
import { PICON_BIN, run, startLab, type LabHandle, type RunResult } from './support/lab.js';
import { tmuxServer } from './support/tmux.js';

/**
 * Every bad input refused, as a user meets it: files that are not profiles (/dev/zero, a FIFO,
 * 2 MB), presets with CR/LF or a blank, `--read-only bench`, a missing or wrongly unlocked key
 * file, an unreadable known_hosts file holding @revoked — against the real lab on 127.0.44.
 */

const tmp = mkdtempSync(path.join(os.tmpdir(), 'picon-bad-inputs-'));
const EXITED = 'PICON-EXITED';
const tmux = tmuxServer(`picon-bad-inputs-e2e-${process.pid}`);
let lab: LabHandle;
let dataDir: string;

beforeAll(async () => {
  lab = await startLab({ subnet: '127.0.44' });
  dataDir = path.join(tmp, 'data');
});
afterAll(async () => {
  await tmux.kill();
  await lab?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

/** The lab profile with `edit` applied, under a new name; returns its path. */
function labProfile(name: string, edit: (doc: ReturnType<typeof parseDocument>) => void): string {
  const doc = parseDocument(readFileSync(lab.profilePath, 'utf8'));
  doc.set('name', name);
  edit(doc);
  const file = path.join(tmp, `${name}.yaml`);
  writeFileSync(file, doc.toString());
  return file;
}

/** bin/picon with the lab's environment, no ssh-agent, the test's own data dir; timed. */
async function picon(args: readonly string[], env: NodeJS.ProcessEnv = {}, prefix: readonly string[] = []): Promise<RunResult & { ms: number }> {
  const { SSH_AUTH_SOCK: _agent, ...base } = lab.env;
  const started = Date.now();
  const [program, ...before] = prefix.length > 0 ? prefix : [process.execPath];
  const r = await run(program as string, [...before, ...(prefix.length > 0 ? [process.execPath] : []), PICON_BIN, ...args], {
    env: { ...base, PICON_DATA_DIR: dataDir, ...env },
    timeoutMs: 30_000,
  });
  return { ...r, ms: Date.now() - started };
}

/**
 * Runs picon and reports its peak memory: node loads a hook (`--import`) that prints maxRSS as
 * the process exits.
 */
function piconMeasured(args: readonly string[]): Promise<{ code: number | null; stderr: string; ms: number; maxRssMb: number }> {
  const hook = `data:text/javascript,process.on('exit',()=>process.stderr.write('maxrss='+process.resourceUsage().maxRSS+'\\n'))`;
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', hook, PICON_BIN, ...args], { env: { ...lab.env, PICON_DATA_DIR: dataDir }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => {
      clearTimeout(timer);
      const kb = Number(/maxrss=(\d+)/.exec(stderr)?.[1] ?? NaN);
      resolve({ code, stderr: stderr.replace(/maxrss=\d+\n/, ''), ms: Date.now() - started, maxRssMb: kb / 1024 });
    });
  });
}

describe('files that are not profiles', () => {
  it('--profile /dev/zero: refused in one line at once, memory bounded (was: read until memory ran out)', async () => {
    const r = await piconMeasured(['--profile', '/dev/zero', 'status']);
    expect(r.stderr).toBe('picon: /dev/zero: is a character device, not a profile file\n');
    expect(r.code).toBe(2);
    expect(r.ms).toBeLessThan(5000);
    expect(r.maxRssMb).toBeLessThan(200);
  });

  it('a FIFO: refused, no hang (nobody writes to it)', async () => {
    const fifo = path.join(tmp, 'fifo.yaml');
    execFileSync('mkfifo', [fifo]);
    const r = await picon(['--profile', fifo, 'status']);
    expect(r.timedOut).toBe(false);
    expect(r.stderr).toBe(`picon: ${fifo}: is a FIFO, not a profile file\n`);
    expect(r.code).toBe(2);
  });

  it('a 2 MB file: refused by its size, whatever it holds', async () => {
    const big = path.join(tmp, 'big.yaml');
    writeFileSync(big, `# ${'x'.repeat(2 * 1024 * 1024 - 3)}\n`);
    const r = await picon(['profile', 'validate', big]);
    expect(r.stdout).toBe(`${big}: is 2097152 bytes; a profile file is at most 1 MiB\n`);
    expect(r.code).toBe(2);
  });
});

describe('presets with a header or path that cannot be sent as written', () => {
  it('profile validate names file:line:field for a CR/LF in a header value and a blank in a path', async () => {
    const file = labProfile('bad-presets', (doc) => {
      doc.set('loadTests', [
        { name: 'crlf', target: 'frontend', headers: { 'X-Run': 'a\r\nX-Injected: 1' } },
        { name: 'blank', target: 'frontend', path: '/search?q=two words' },
      ]);
    });
    const lineOf = (text: string) => readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;
    const r = await picon(['profile', 'validate', file]);
    expect(r.code).toBe(2);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^${file}:${lineOf('X-Run')}:\\d+: loadTests\\[0\\]\\.headers\\["X-Run"\\]: value has a carriage return \\(CR\\) at character 2;`)),
      expect.stringMatching(new RegExp(`^${file}:${lineOf('two words')}:\\d+: loadTests\\[1\\]\\.path: has a space at character 14; percent-encode it as %20`)),
    ]);
    // A command that needs the profile refuses it before connecting, with the first problem.
    const bench = await picon(['--profile', file, 'bench', 'blank']);
    expect(bench.code).toBe(2);
    expect(bench.stderr.split('\n')[0]).toContain('loadTests[0].headers["X-Run"]: value has a carriage return (CR)');
  });

  it('bench --url with a blank is refused, not silently encoded', async () => {
    const r = await picon(['--profile', 'lab', 'bench', '--url', `http://${lab.node('head').address}:8080/a b`, '-n', '10', '-c', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('has a space at character');
  });
});

describe('--read-only', () => {
  it('bench PRESET: refused in one line, exit 2, nothing saved in the history, which still reads', async () => {
    const r = await picon(['--read-only', '--profile', 'lab', 'bench', 'home', '-n', '20', '-c', '2']);
    expect(r.stderr).toBe('picon: bench home: refused, picon is running --read-only (it loads the cluster)\n');
    expect(r.code).toBe(2);
    const history = await picon(['--read-only', 'bench', 'history', '--json']);
    expect(history.code).toBe(0);
    expect(JSON.parse(history.stdout)).toEqual([]);
  });

  it('lab stop is refused too (the lab is a cluster); lab status is not', async () => {
    const stop = await picon(['--read-only', 'lab', 'stop', 'p1', 'nginx', '--dir', lab.dir]);
    expect(stop.stderr).toBe("picon: lab stop: refused, picon is running --read-only (it starts, stops or changes the lab's processes)\n");
    expect(stop.code).toBe(2);
    const status = await picon(['--read-only', 'lab', 'status', '--dir', lab.dir, '--json']);
    expect(status.code).toBe(0);
    expect((JSON.parse(status.stdout) as { healthy: boolean }).healthy).toBe(true);
  });
});

describe('key files', () => {
  it('a missing identity file named in the profile is named in every node’s error, in status and status --json', async () => {
    const missing = path.join(tmp, 'keys', 'id_pi');
    const profile = labProfile('missing-key', (doc) => doc.setIn(['ssh', 'identityFile'], missing));
    const json = await picon(['--profile', profile, 'status', '--json', '--timeout', '4']);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as StatusReport;
    for (const node of report.nodes) {
      expect(node.errorKind).toBe('auth');
      // Whatever default keys (~/.ssh/id_*) this machine has were tried too; the named one is said.
      expect(node.error).toMatch(new RegExp(`^${node.name} \\(.*\\): (no ssh-agent and no usable identity file|authentication failed \\(no key was accepted\\)); identity file ${missing} does not exist`));
    }
    const text = await picon(['--profile', profile, 'status', '--timeout', '4']);
    for (const node of ['head', 'p1', 'p2', 'p3', 'pi3']) {
      expect(text.stdout).toMatch(new RegExp(`^  ! ${node} \\(.*; identity file ${missing} does not exist$`, 'm'));
    }
  });

  it('an encrypted key and a wrong passphrase typed on the terminal: "wrong passphrase for FILE"', async () => {
    const locked = path.join(tmp, 'locked_key');
    copyFileSync(lab.status.identityFile, locked);
    execFileSync('ssh-keygen', ['-q', '-p', '-P', '', '-N', 'the right one', '-f', locked]);
    const profile = labProfile('locked-key', (doc) => doc.setIn(['ssh', 'identityFile'], locked));
    const env = { PICON_CONFIG_DIR: lab.env['PICON_CONFIG_DIR'] ?? '', PICON_DATA_DIR: dataDir };
    await tmux.start('wrong', 250, 40, `env -u SSH_AUTH_SOCK ${process.execPath} ${PICON_BIN} --profile ${profile} status --timeout 4; echo ${EXITED} $?; sleep 60`, env);
    await tmux.waitScreen('wrong', 'the passphrase prompt', (s) => s.includes(`Enter passphrase for key '${locked}':`));
    await tmux.type('wrong', 'not the right one');
    await tmux.keys('wrong', 'Enter');
    const done = await tmux.waitScreen('wrong', 'status printed', (s) => s.includes(EXITED), 30_000);
    expect(new RegExp(`${EXITED} (\\d+)`).exec(done)?.[1]).toBe('1');
    for (const node of ['head', 'p1', 'p2', 'p3', 'pi3']) {
      expect(done).toMatch(new RegExp(`! ${node} \\(.*\\): (no ssh-agent and no usable identity file|authentication failed \\(no key was accepted\\)); wrong passphrase for ${locked}$`, 'm'));
    }
    expect(done).not.toContain('not the right');
  });
});

describe('known_hosts files that cannot be read', () => {
  let profile: string;
  let env: NodeJS.ProcessEnv;
  let revoked: string;
  let malformed: string;
  /** As root, without the capabilities that read any file: a mode-000 file is unreadable then too. */
  const noReadAll = process.getuid?.() === 0 ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search'] : [];

  beforeAll(() => {
    const home = path.join(tmp, 'home');
    const bin = path.join(tmp, 'bin');
    const config = path.join(home, '.ssh', 'config');
    revoked = path.join(tmp, 'revoked_hosts');
    malformed = path.join(tmp, 'malformed_hosts');
    mkdirSync(path.dirname(config), { recursive: true });
    mkdirSync(bin);
    // p1's own key, marked @revoked, in a GlobalKnownHostsFile; two malformed lines in another.
    const p1Line = readFileSync(lab.status.knownHosts, 'utf8').split('\n').find((l) => l.startsWith(`[${lab.node('p1').address}]:2222 `));
    writeFileSync(revoked, `@revoked ${p1Line}\n`);
    writeFileSync(malformed, 'not-a-host-line\nanother-bad-line\n');
    writeFileSync(config, `Host *\n  GlobalKnownHostsFile ${revoked} ${malformed}\n`);
    writeFileSync(path.join(bin, 'ssh'), `#!/bin/sh\nexec /usr/bin/ssh -F '${config}' "$@"\n`);
    chmodSync(path.join(bin, 'ssh'), 0o755);
    env = { HOME: home, PATH: `${bin}:${process.env['PATH'] ?? ''}` };
    profile = labProfile('revoked', () => undefined);
  });

  it('readable, the @revoked line refuses p1 (the file is read), and the malformed lines are one warning', async () => {
    chmodSync(revoked, 0o644);
    const r = await picon(['--profile', profile, 'status', '--json', '--timeout', '4'], env, noReadAll);
    const report = JSON.parse(r.stdout) as StatusReport;
    expect(report.nodes.find((n) => n.name === 'p1')).toMatchObject({ reachable: false, errorKind: 'host-key-revoked' });
    expect(r.stderr).toBe(`picon: warning: ${malformed}:1: skipped a malformed line: no key after the host field (and 1 more in this file)\n`);
  });

  it('unreadable: one warning naming the file, said once for five nodes; the check goes on with the other files (as OpenSSH)', async () => {
    chmodSync(revoked, 0o000);
    try {
      const r = await picon(['--profile', profile, 'status', '--json', '--timeout', '4'], env, noReadAll);
      const report = JSON.parse(r.stdout) as StatusReport;
      expect(report.nodes.map((n) => [n.name, n.reachable])).toEqual([['head', true], ['p1', true], ['p2', true], ['p3', true], ['pi3', true]]);
      expect(r.stderr.split('\n').filter((l) => l !== '')).toEqual([
        `picon: warning: ${revoked} cannot be read (permission denied): its host keys, @revoked ones too, were not checked`,
        `picon: warning: ${malformed}:1: skipped a malformed line: no key after the host field (and 1 more in this file)`,
      ]);
    } finally {
      chmodSync(revoked, 0o644);
    }
  });
});

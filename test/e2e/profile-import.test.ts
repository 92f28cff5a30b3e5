import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outputMismatch } from '../../src/core/json-output/output-schemas.js';
import { startLab, type LabHandle } from './support/lab.js';

/**
 * `picon profile import --ansible` through the built binary and Debian's real ansible-inventory:
 * the kinds of inventory Pi-cluster projects publish (INI with a head group and a workers group,
 * YAML, a directory with group_vars/host_vars, a dynamic script), its failures, and an inventory of
 * the real lab (127.0.74) whose imported profile `picon status` then reads the lab with.
 */

const root = path.resolve(import.meta.dirname, '..', '..');
const bin = path.join(root, 'bin/picon');
const inventories = path.join(root, 'test/fixtures/ansible/inventories');
let work: string;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function picon(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: inventories, env: { PATH: process.env['PATH'], HOME: path.join(work, 'home'), PICON_CONFIG_DIR: path.join(work, 'config'), ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr }),
    );
  });
}

beforeAll(() => {
  if (!existsSync(path.join(root, 'dist/cli/main.js'))) throw new Error('dist/ is missing: run `npx tsc -p tsconfig.build.json`');
  work = mkdtempSync(path.join(os.tmpdir(), 'picon-import-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('picon profile import --ansible (ansible-inventory reads the inventory)', () => {
  it.each([
    ['pi-cluster/hosts.ini', 'pi-cluster', 'head node1.local (group control_plane), 3 workers, tags cluster, control_plane, nodes'],
    ['yaml-cluster/inventory.yml', 'yaml-cluster', 'head gateway (group lb), 3 workers, tags lb, web'],
    ['dir-cluster', 'dir-cluster', 'head lb (group head), 3 workers, tags head, workers'],
    ['dynamic/inventory.sh', 'dynamic', 'head balancer (group head), 2 workers, tags head, workers, rack1'],
  ])('%s → profile %s that passes profile validate', async (inventory, name, summary) => {
    const run = await picon(['profile', 'import', '--ansible', inventory]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const file = path.join(work, 'config', 'profiles', `${name}.yaml`);
    expect(run.stdout.split('\n')[0]).toBe(`Wrote ${file}: profile ${name}, ${summary}`);
    const validate = await picon(['profile', 'validate', file]);
    expect(validate.code).toBe(0);
    const show = await picon(['--profile', name, 'profile', 'show', '--json']);
    expect(show.code).toBe(0);
    expect(JSON.parse(show.stdout).name).toBe(name);
  });

  it('names what it could not carry over, one line each', async () => {
    const run = await picon(['profile', 'import', '--ansible', 'turing-pi/hosts.ini', '--out', path.join(work, 'turing.yaml')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Not carried over (5):\n');
    expect(run.stdout).toMatch(/\n {2}turing4 {2}ansible_ssh_common_args -o StrictHostKeyChecking=no {2}picon always checks host keys; add them with `picon trust NODE`\n/);
    expect(readFileSync(path.join(work, 'turing.yaml'), 'utf8')).toContain('jump: turing1');
  });

  it('--json prints what was written and what was not carried over, in its schema', async () => {
    const run = await picon(['profile', 'import', '--ansible', 'dir-cluster', '--out', path.join(work, 'json.yaml'), '--json']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const json = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(outputMismatch('profile-import', json)).toBeUndefined();
    expect(json).toMatchObject({ name: 'dir-cluster', head: { name: 'lb', chosenBy: 'group head' }, workers: 3, tags: ['head', 'workers'] });
    expect(json['notCarried']).toEqual([{ host: 'w3', variable: 'ansible_password', why: 'picon takes no passwords: it logs in with keys (ssh-agent or an identity file)' }]);
  });

  it('refuses to replace a file without --force, and replaces it whole with it', async () => {
    const out = path.join(work, 'twice.yaml');
    writeFileSync(out, 'mine\n');
    const refused = await picon(['profile', 'import', '--ansible', 'dir-cluster', '--out', out]);
    expect(refused).toMatchObject({ code: 2, stdout: '', stderr: `picon: ${out} exists; --force replaces it\n` });
    expect(readFileSync(out, 'utf8')).toBe('mine\n');
    const forced = await picon(['profile', 'import', '--ansible', 'dir-cluster', '--out', out, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('name: dir-cluster');
  });

  it('ansible-inventory missing, an inventory it cannot parse, a missing inventory, a bad --head: one line, exit 2', async () => {
    const noAnsible = await picon(['profile', 'import', '--ansible', 'dir-cluster', '--out', path.join(work, 'a.yaml')], { PATH: '/nonexistent' });
    expect(noAnsible).toMatchObject({ code: 2, stderr: 'picon: ansible-inventory is not installed (it comes with Ansible: on Debian `apt-get install ansible-core`)\n' });
    const broken = path.join(work, 'broken.ini');
    writeFileSync(broken, '[web\nw1 ansible_host=\n');
    const parse = await picon(['profile', 'import', '--ansible', broken, '--out', path.join(work, 'b.yaml')]);
    expect(parse.code).toBe(2);
    expect(parse.stderr).toMatch(new RegExp(`^picon: ansible-inventory -i ${broken} --list failed \\(exit 1\\): Completely failed to parse inventory source ${broken}\\n$`));
    const script = path.join(work, 'failing.sh');
    writeFileSync(script, '#!/bin/sh\necho "cannot reach the CMDB" >&2\nexit 3\n');
    chmodSync(script, 0o755);
    const dynamic = await picon(['profile', 'import', '--ansible', script, '--out', path.join(work, 'c.yaml')]);
    expect(dynamic.code).toBe(2);
    expect(dynamic.stderr.split('\n').filter((l) => l !== '')).toHaveLength(1);
    expect(dynamic.stderr).toContain(`ansible-inventory -i ${script} --list failed`);
    const missing = await picon(['profile', 'import', '--ansible', 'nope.ini']);
    expect(missing).toMatchObject({ code: 2, stderr: 'picon: --ansible nope.ini: no such file or directory\n' });
    const head = await picon(['profile', 'import', '--ansible', 'pi-cluster/hosts.ini', '--head', 'nodes', '--out', path.join(work, 'd.yaml')]);
    expect(head).toMatchObject({ code: 2, stderr: 'picon: --ansible pi-cluster/hosts.ini: --head nodes: group nodes has 3 hosts (node2.local, node3.local, node4.local); name one host\n' });
    for (const f of ['a', 'b', 'c', 'd']) expect(existsSync(path.join(work, `${f}.yaml`))).toBe(false);
  });
});

describe('an inventory of the real lab, imported, then picon status on it (127.0.74)', () => {
  let lab: LabHandle;
  let inventory: string;
  beforeAll(async () => {
    lab = await startLab({ subnet: '127.0.74' });
    const s = lab.status;
    const host = (name: string): string => `${name} ansible_host=${lab.node(name).address}`;
    inventory = path.join(work, 'lab-inventory');
    mkdirSync(path.join(inventory, 'group_vars'), { recursive: true });
    writeFileSync(path.join(inventory, 'hosts'), [ // in a directory Ansible skips *.ini
      '[lb]', `${host('head')} picon_haproxy_sockets=${s.adminSocket} picon_frontend_url=${s.frontendUrl}`, '',
      '[zeros]', host('p1'), host('p2'), `${host('p3')} ansible_ssh_common_args='-o UserKnownHostsFile=${s.knownHosts} -J head'`, '',
      '[pi3s]', `${host('pi3')} model="Pi 3"`, '',
      '[web:children]', 'zeros', 'pi3s', '',
    ].join('\n'));
    writeFileSync(path.join(inventory, 'group_vars', 'all.yml'), [
      `ansible_user: ${s.user}`, 'ansible_port: 2222', `ansible_ssh_private_key_file: ${s.identityFile}`,
      `ansible_ssh_common_args: -o UserKnownHostsFile=${s.knownHosts}`, 'ansible_python_interpreter: /usr/bin/python3', '',
    ].join('\n'));
  }, 180_000);
  afterAll(async () => lab?.stop());

  it('imports it and reads every node of the lab through the imported profile', async () => {
    const out = path.join(work, 'lab-imported.yaml');
    const imported = await lab.picon(['profile', 'import', '--ansible', inventory, '--out', out]);
    expect(imported.stderr).toBe('');
    expect(imported.stdout.split('\n')[0]).toBe(`Wrote ${out}: profile lab-inventory, head head (group lb), 4 workers, tags lb, web, zeros, pi3s`);
    const profile = readFileSync(out, 'utf8');
    expect(profile).toContain(`knownHosts: ${lab.status.knownHosts}`);
    expect(profile).toContain('jump: head');
    const status = await lab.picon(['--profile', out, 'status', '--json'], { timeoutMs: 60_000 });
    expect(status.stderr).toBe('');
    expect(status.code).toBe(0);
    const report = JSON.parse(status.stdout) as { nodes: { name: string; reachable: boolean }[]; haproxy: { reachable: boolean } };
    expect(report.nodes.map((n) => [n.name, n.reachable])).toEqual([['head', true], ['p1', true], ['p2', true], ['p3', true], ['pi3', true]]);
    expect(report.haproxy.reachable).toBe(true);
  }, 90_000);
});

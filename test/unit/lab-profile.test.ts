import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { resolveProfile } from '../../src/core/profile/resolve.js';
import { profileSchema } from '../../src/core/profile/schema.js';
import { fillTemplate } from '../../src/core/remote/shell-quote.js';
import { labProfileData, labServiceControl } from '../../src/adapters/lab/lab-profile.js';
import { planLab } from '../../src/adapters/lab/lab-plan.js';

const DIR = '/tmp/alice.lab';

function profileFor(workers?: number) {
  const r = planLab({ dir: DIR, subnet: '127.0.3', ...(workers !== undefined && { workers }) });
  if (!r.ok) throw new Error(r.reason);
  const data = labProfileData({ plan: r.plan, user: 'alice', nodeBin: '/usr/bin/node', mainJs: '/opt/picon/dist/cli/main.js' });
  const parsed = profileSchema.parse(data);
  const resolved = resolveProfile(parsed, { file: `${DIR}/lab.yaml`, homeDir: '/home/alice' });
  if (!resolved.ok) throw new Error(JSON.stringify(resolved.issues));
  return resolved.profile;
}

describe('labProfileData', () => {
  it('is a valid profile naming the lab key, known_hosts, sockets and frontend', () => {
    const p = profileFor();
    expect(p.name).toBe('lab');
    expect(p.knownHostsFiles).toEqual([`${DIR}/known_hosts`]);
    expect(p.head).toMatchObject({ address: '127.0.3.1', services: ['haproxy'], ssh: { user: 'alice', port: 2222, identityFile: `${DIR}/client_key` } });
    expect(p.haproxy).toEqual({
      sockets: [`${DIR}/head/admin.sock`],
      masterSocket: `${DIR}/head/master.sock`,
      backends: ['web'],
      frontendUrl: 'http://127.0.3.1:8080/',
      frontendHttpsUrl: 'https://127.0.3.1:8443/',
      frontendAppUrl: 'http://127.0.3.1:8081/',
      appBackend: 'apps',
      config: `${DIR}/head/haproxy.cfg`,
    });
    expect(p.workers.map((w) => [w.name, w.model, w.servers[0]?.server])).toEqual([
      ['p1', 'Pi Zero', 'p1'], ['p2', 'Pi Zero', 'p2'], ['p3', 'Pi Zero', 'p3'], ['pi3', 'Pi 3', 'pi3'],
    ]);
    expect(p.urls).toEqual({ nginx: 'http://{address}:8080', app: 'http://{address}:9000' });
    expect(p.loadTests.map((t) => t.name)).toEqual(['home', 'work', 'home-tls', 'mix', 'p1-nginx', 'pi3-app']);
    expect(p.tls).toEqual({ ca: `${DIR}/ca.pem` });
  });

  it('service templates call the lab over SSH with every part quoted (even a dir lab up would refuse)', () => {
    const r = planLab({ dir: "/tmp/o'brien lab", subnet: '127.0.3' });
    if (!r.ok) throw new Error(r.reason);
    const worker = { serviceControl: labServiceControl({ plan: r.plan, nodeBin: '/usr/bin/node', mainJs: '/opt/picon/dist/cli/main.js' }) };
    expect(fillTemplate(worker.serviceControl.restart, { node: 'p1', service: 'nginx' }).text).toBe(
      "'/usr/bin/node' '/opt/picon/dist/cli/main.js' lab restart --dir '/tmp/o'\\''brien lab' 'p1' 'nginx'",
    );
    const file = `'/tmp/o'\\''brien lab/pids/''p1'.'webapp'`;
    expect(fillTemplate(worker.serviceControl.isActive, { node: 'p1', service: 'webapp' }).text).toBe(
      `if read -r pid 2>/dev/null < ${file}; then if [ -d "/proc/$pid" ]; then echo active; else echo inactive; exit 3; fi; ` +
        `elif [ -e ${file} ] || ! [ -x '/tmp/o'\\''brien lab/pids/' ]; then echo cannot read ${file}; exit 126; ` +
        `else echo inactive; exit 3; fi`,
    );
  });

  it('the service check is true exactly while the pid in the pid file runs (shell builtins only), and says when it cannot read it', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "o'brien lab "));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const planned = planLab({ dir, subnet: '127.0.99' });
    if (!planned.ok) throw new Error(planned.reason);
    const plan = planned.plan;
    const check = (service: string) => {
      const r = spawnSync('sh', ['-c', fillTemplate(labServiceControl({ plan, nodeBin: 'node', mainJs: 'x.js' }).isActive, { node: 'p1', service }).text], { encoding: 'utf8' });
      return [r.status, r.stdout.trim()];
    };
    // No way into pids/ (here: not there; for an operator account: root's 0700 lab dir, see
    // operator-sudo.test.ts): the check could not ask, which is not "inactive".
    expect(check('nginx')).toEqual([126, `cannot read ${path.join(dir, 'pids', 'p1.nginx')}`]);
    mkdirSync(path.join(dir, 'pids'));
    writeFileSync(path.join(dir, 'pids', 'p1.nginx'), `${process.pid}\n`);
    expect(check('nginx')).toEqual([0, 'active']);
    expect(check('webapp')).toEqual([3, 'inactive']);
    writeFileSync(path.join(dir, 'pids', 'p1.webapp'), '999999999\n');
    expect(check('webapp')).toEqual([3, 'inactive']);

  });

  it('names presets after node1 for --workers N', () => {
    expect(profileFor(6).loadTests.map((t) => t.name)).toEqual(['home', 'work', 'home-tls', 'mix', 'node1-nginx', 'node1-app']);
  });
});

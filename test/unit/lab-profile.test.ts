import { describe, expect, it } from 'vitest';
import { resolveProfile } from '../../src/core/profile/resolve.js';
import { profileSchema } from '../../src/core/profile/schema.js';
import { fillTemplate } from '../../src/core/remote/shell-quote.js';
import { labProfileData } from '../../src/adapters/lab/lab-profile.js';
import { planLab } from '../../src/adapters/lab/lab-plan.js';

function profileFor(workers?: number) {
  const r = planLab({ dir: "/tmp/o'brien lab", subnet: '127.0.3', ...(workers !== undefined && { workers }) });
  if (!r.ok) throw new Error(r.reason);
  const data = labProfileData({ plan: r.plan, user: 'alice', nodeBin: '/usr/bin/node', mainJs: '/opt/picon/dist/cli/main.js' });
  const parsed = profileSchema.parse(data);
  const resolved = resolveProfile(parsed, { file: "/tmp/o'brien lab/lab.yaml", homeDir: '/home/alice' });
  if (!resolved.ok) throw new Error(JSON.stringify(resolved.issues));
  return resolved.profile;
}

describe('labProfileData', () => {
  it('is a valid profile naming the lab key, known_hosts, sockets and frontend', () => {
    const p = profileFor();
    expect(p.name).toBe('lab');
    expect(p.knownHostsFiles).toEqual(["/tmp/o'brien lab/known_hosts"]);
    expect(p.head).toMatchObject({ address: '127.0.3.1', services: ['haproxy'], ssh: { user: 'alice', port: 2222, identityFile: "/tmp/o'brien lab/client_key" } });
    expect(p.haproxy).toEqual({
      sockets: ["/tmp/o'brien lab/head/admin.sock"],
      masterSocket: "/tmp/o'brien lab/head/master.sock",
      backends: ['web'],
      frontendUrl: 'http://127.0.3.1:8080/',
      config: "/tmp/o'brien lab/head/haproxy.cfg",
    });
    expect(p.workers.map((w) => [w.name, w.model, w.servers[0]?.server])).toEqual([
      ['p1', 'Pi Zero', 'p1'], ['p2', 'Pi Zero', 'p2'], ['p3', 'Pi Zero', 'p3'], ['pi3', 'Pi 3', 'pi3'],
    ]);
    expect(p.urls).toEqual({ nginx: 'http://{address}:8080', app: 'http://{address}:9000' });
    expect(p.loadTests.map((t) => t.name)).toEqual(['home', 'work', 'p1-nginx', 'pi3-app']);
  });

  it('service templates call the lab over SSH with every part quoted', () => {
    const p = profileFor();
    const worker = p.workers[0]!;
    expect(fillTemplate(worker.serviceControl.restart, { node: 'p1', service: 'nginx' }).text).toBe(
      "'/usr/bin/node' '/opt/picon/dist/cli/main.js' lab restart --dir '/tmp/o'\\''brien lab' 'p1' 'nginx'",
    );
    expect(fillTemplate(worker.serviceControl.isActive, { node: 'p1', service: 'webapp' }).text).toContain("lab is-active --dir '/tmp/o'\\''brien lab' 'p1' 'webapp'");
  });

  it('names presets after node1 for --workers N', () => {
    expect(profileFor(6).loadTests.map((t) => t.name)).toEqual(['home', 'work', 'node1-nginx', 'node1-app']);
  });
});

import { describe, expect, it } from 'vitest';
import { haproxyConfig } from '../../src/adapters/lab/haproxy-config.js';
import { knownHostsLine } from '../../src/adapters/lab/lab-files.js';
import { planLab, type LabPlan } from '../../src/adapters/lab/lab-plan.js';
import { nginxConfig } from '../../src/adapters/lab/nginx-config.js';
import { sshdConfig } from '../../src/adapters/lab/sshd-config.js';

function plan(): LabPlan {
  const r = planLab({ dir: '/lab', subnet: '127.0.3' });
  if (!r.ok) throw new Error(r.reason);
  return r.plan;
}

const lines = (text: string) => text.split('\n').map((l) => l.trim());

describe('sshdConfig', () => {
  it('listens only on the node address, port 2222, with its own key and pid file', () => {
    const p = plan();
    const text = lines(sshdConfig({ node: p.workerNodes[0]!, labDir: p.dir, user: 'alice' }));
    expect(text).toEqual(expect.arrayContaining([
      'ListenAddress 127.0.3.11:2222',
      'HostKey /lab/p1/ssh_host_ed25519_key',
      'PidFile /lab/p1/sshd.pid',
      'AuthorizedKeysFile /lab/client_key.pub',
      'AllowUsers alice',
      'StrictModes no',
      'UsePAM no',
      'PasswordAuthentication no',
      'PermitRootLogin prohibit-password',
      'MaxSessions 10',
      'AllowStreamLocalForwarding yes',
      'SetEnv HOME=/lab/home',
    ]));
    expect(text.filter((l) => l.startsWith('ListenAddress'))).toHaveLength(1);
  });
});

describe('nginxConfig', () => {
  it('caches / and passes everything else to the app on :9000, all files under the prefix', () => {
    const p = plan();
    const text = nginxConfig({ node: p.workerNodes[3]! });
    expect(text).toContain('listen 127.0.3.14:8080;');
    expect(text).toContain('server 127.0.3.14:9000;');
    expect(text).toMatch(/location = \/ \{[^}]*proxy_cache page;/);
    expect(text).toMatch(/location \/ \{\s*proxy_pass http:\/\/app;\s*\}/);
    expect(text).toContain('daemon off;');
    const paths = [...text.matchAll(/(?:pid|error_log|_temp_path|proxy_cache_path) (\/\S+?)[;\s]/g)].map((m) => m[1]);
    expect(paths.length).toBeGreaterThan(6);
    expect(paths.every((x) => x?.startsWith('/lab/pi3/nginx/'))).toBe(true);
  });

  it('has a user directive only when asked (root)', () => {
    const node = plan().workerNodes[0]!;
    expect(nginxConfig({ node })).not.toMatch(/^user /m);
    expect(nginxConfig({ node, user: 'root root' })).toMatch(/^user root root;$/m);
  });
});

describe('haproxyConfig', () => {
  it('has frontend http on the head, backend web with a checked server per worker', () => {
    const p = plan();
    const text = lines(haproxyConfig({ head: p.head, workers: p.workerNodes }));
    expect(text).toContain('bind 127.0.3.1:8080');
    expect(text).toContain('stats socket /lab/head/admin.sock mode 600 level admin expose-fd listeners');
    expect(text).toContain('backend web');
    expect(text.filter((l) => l.startsWith('server '))).toEqual([
      'server p1 127.0.3.11:8080 check inter 1s fall 2 rise 2 weight 1',
      'server p2 127.0.3.12:8080 check inter 1s fall 2 rise 2 weight 1',
      'server p3 127.0.3.13:8080 check inter 1s fall 2 rise 2 weight 1',
      'server pi3 127.0.3.14:8080 check inter 1s fall 2 rise 2 weight 1',
      'server p1 127.0.3.11:9000 check inter 2s fall 2 rise 2 weight 1',
      'server p2 127.0.3.12:9000 check inter 2s fall 2 rise 2 weight 1',
      'server p3 127.0.3.13:9000 check inter 2s fall 2 rise 2 weight 1',
      'server pi3 127.0.3.14:9000 check inter 2s fall 2 rise 2 weight 1',
    ]);
    // The apps' own backend, behind its own frontend: the study's "Cluster (No Nginx)".
    const apps = text.slice(text.indexOf('frontend apps'));
    expect(apps.slice(0, 7)).toEqual(['frontend apps', 'bind 127.0.3.1:8081', 'default_backend apps', '', 'backend apps', 'balance roundrobin', 'option httpchk GET /health']);
  });
});

describe('knownHostsLine', () => {
  it('uses the [addr]:port form and drops the key comment', () => {
    expect(knownHostsLine('127.0.3.11', 2222, 'ssh-ed25519 AAAAC3Nza picon-lab-p1\n')).toBe('[127.0.3.11]:2222 ssh-ed25519 AAAAC3Nza');
  });
});

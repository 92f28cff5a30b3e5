import { describe, expect, it } from 'vitest';
import { defaultLabDir, labDirProblem, labFiles, parseSubnet, planLab } from '../../src/adapters/lab/lab-plan.js';

describe('planLab', () => {
  it('gives the default shape: head on .1 and p1, p2, p3, pi3 on .11–.14', () => {
    const r = planLab({ dir: '/tmp/lab', subnet: '127.0.3' });
    if (!r.ok) throw new Error(r.reason);
    expect(r.plan.nodes.map((n) => [n.name, n.address, n.model, n.speed])).toEqual([
      ['head', '127.0.3.1', 'lab head', 1],
      ['p1', '127.0.3.11', 'Pi Zero', 1],
      ['p2', '127.0.3.12', 'Pi Zero', 1],
      ['p3', '127.0.3.13', 'Pi Zero', 1],
      ['pi3', '127.0.3.14', 'Pi 3', 3],
    ]);
    expect(r.plan.head.services).toEqual(['sshd', 'haproxy']);
    expect(r.plan.workerNodes.every((w) => w.services.join() === 'sshd,webapp,nginx')).toBe(true);
    expect(r.plan.workerNodes[0]?.dir).toBe('/tmp/lab/p1');
  });

  it('gives node1…nodeN for --workers N, up to .210 for 200', () => {
    const r = planLab({ dir: '/tmp/lab', subnet: '127.0.2', workers: 200 });
    if (!r.ok) throw new Error(r.reason);
    expect(r.plan.workerNodes).toHaveLength(200);
    expect(r.plan.workerNodes[0]).toMatchObject({ name: 'node1', address: '127.0.2.11' });
    expect(r.plan.workerNodes[199]).toMatchObject({ name: 'node200', address: '127.0.2.210' });
  });

  it.each([
    [{ dir: '/tmp/lab', subnet: '10.0.0' }, 'subnet "10.0.0"'],
    [{ dir: '/tmp/lab', subnet: '127.0.300' }, 'subnet "127.0.300"'],
    [{ dir: '/tmp/lab', subnet: '127.0' }, 'subnet "127.0"'],
    [{ dir: 'relative/lab', subnet: '127.0.2' }, 'must be an absolute path'],
    [{ dir: '/tmp/lab', subnet: '127.0.2', workers: 0 }, '--workers must be'],
    [{ dir: '/tmp/lab', subnet: '127.0.2', workers: 201 }, '--workers must be'],
    [{ dir: '/tmp/lab', subnet: '127.0.2', workers: 2.5 }, '--workers must be'],
    [{ dir: `/tmp/${'x'.repeat(100)}`, subnet: '127.0.2' }, 'too long for a Unix socket'],
  ])('refuses %j with a reason', (options, reason) => {
    const r = planLab(options);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });

  it('parses subnets', () => {
    expect(parseSubnet('127.0.2')).toBe('127.0.2');
    expect(parseSubnet('127.010.2')).toBe('127.10.2');
    expect(parseSubnet('127.0.2.1')).toBeUndefined();
    expect(parseSubnet('')).toBeUndefined();
  });

  it('keeps the head sockets where the profile and harness expect them', () => {
    const r = planLab({ dir: '/d', subnet: '127.0.2' });
    if (!r.ok) throw new Error(r.reason);
    expect(labFiles.adminSocket(r.plan.head)).toBe('/d/head/admin.sock');
    expect(labFiles.masterSocket(r.plan.head)).toBe('/d/head/master.sock');
    expect(labFiles.state('/d')).toBe('/d/lab.json');
  });
});

describe('defaultLabDir', () => {
  it('prefers PICON_LAB_DIR, then XDG_DATA_HOME, then ~/.local/share', () => {
    expect(defaultLabDir({ PICON_LAB_DIR: '/x/lab' }, '/home/u')).toBe('/x/lab');
    expect(defaultLabDir({ XDG_DATA_HOME: '/data' }, '/home/u')).toBe('/data/picon/lab');
    expect(defaultLabDir({ XDG_DATA_HOME: 'relative' }, '/home/u')).toBe('/home/u/.local/share/picon/lab');
    expect(defaultLabDir({}, '/home/u')).toBe('/home/u/.local/share/picon/lab');
  });
});

describe('labDirProblem', () => {
  it.each(['/tmp/picon-e2e-AbC123/lab', '/home/pi/.local/share/picon/lab', '/srv/lab@2+x-y_z'])('%s is fine', (dir) => {
    expect(labDirProblem(dir)).toBeUndefined();
  });
  it.each(['/tmp/sp ace/lab', "/tmp/o'brien/lab", '/tmp/a"b', '/tmp/semi;colon', '/tmp/new\nline', '/tmp/$HOME'])('%j is refused, naming it', (dir) => {
    expect(labDirProblem(dir)).toBe(`lab dir ${JSON.stringify(dir)} may use only letters, digits and . _ / @ + - (its paths go into sshd, nginx and HAProxy configs); choose another --dir`);
  });
});

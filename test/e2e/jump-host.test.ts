import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type LabHandle } from './support/lab.js';
import type { StatusReport } from '../../src/core/status/status-report.js';

/** The seed's ClusterHAT zeros are reachable only through the head: the lab's p1–p3 behind `jump: head`. */
let lab: LabHandle;
let profile: string;

beforeAll(async () => {
  lab = await startLab({ subnet: '127.0.18' });
  const doc = parseDocument(readFileSync(lab.profilePath, 'utf8'));
  doc.set('name', 'lab-jump');
  for (const i of [0, 1, 2]) doc.setIn(['workers', i, 'ssh'], doc.createNode({ jump: 'head' }));
  profile = path.join(lab.dir, 'lab-jump.yaml');
  writeFileSync(profile, doc.toString());
});
afterAll(async () => {
  await lab?.stop();
});

const status = async () => {
  const r = await lab.picon(['--profile', profile, 'status', '--json', '--timeout', '4'], { timeoutMs: 30_000 });
  return { code: r.code, report: JSON.parse(r.stdout) as StatusReport, stderr: r.stderr };
};

describe('nodes behind a jump host', () => {
  it('reaches the zeros through the head, each hop host-key checked', async () => {
    const { code, report } = await status();
    expect(code).toBe(0);
    expect(report.nodes.map((n) => [n.name, n.reachable])).toEqual([
      ['head', true], ['p1', true], ['p2', true], ['p3', true], ['pi3', true],
    ]);
  });

  it('says the jump host is why a zero is unreachable when the head is down', async () => {
    await lab.lab(['kill', 'head', 'sshd']);
    try {
      const { code, report } = await status();
      expect(code).toBe(1);
      const byName = new Map(report.nodes.map((n) => [n.name, n]));
      expect(byName.get('head')).toMatchObject({ reachable: false, errorKind: 'refused' });
      for (const zero of ['p1', 'p2', 'p3']) {
        expect(byName.get(zero)).toMatchObject({ reachable: false, errorKind: 'jump' });
        expect(byName.get(zero)?.error).toContain(`${zero} (via head)`);
      }
      expect(byName.get('pi3')?.reachable).toBe(true);
    } finally {
      await lab.lab(['start', 'head']);
    }
  });

  it('refuses a zero whose own host key is wrong even though the head is fine', async () => {
    const file = lab.status.knownHosts;
    const original = readFileSync(file, 'utf8');
    const lines = original.split('\n');
    const p1 = lines.findIndex((l) => l.startsWith('[127.0.18.11]:2222'));
    const pi3 = lines.find((l) => l.startsWith('[127.0.18.14]:2222'))!;
    lines[p1] = pi3.replace('[127.0.18.14]:2222', '[127.0.18.11]:2222');
    writeFileSync(file, lines.join('\n'));
    try {
      const { report } = await status();
      const p1Node = report.nodes.find((n) => n.name === 'p1');
      expect(p1Node).toMatchObject({ reachable: false, errorKind: 'host-key-changed' });
      expect(report.nodes.find((n) => n.name === 'head')?.reachable).toBe(true);
    } finally {
      writeFileSync(file, original);
    }
  });
});

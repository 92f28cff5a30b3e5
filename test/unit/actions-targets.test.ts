import { describe, expect, it } from 'vitest';
import { nodeServers, nodeService, profileForNodes } from '../../src/core/actions/node-targets.js';
import { testProfile } from './actions-fakes.js';

const profile = testProfile();

describe('node targets', () => {
  it('a node in several backends is acted on in all; --backend narrows', () => {
    const all = nodeServers(profile, 'p1');
    expect(all.ok && all.value.servers).toEqual([{ backend: 'web', server: 'p1' }, { backend: 'api', server: 'p1' }]);
    const api = nodeServers(profile, 'p1', 'api');
    expect(api.ok && api.value.servers).toEqual([{ backend: 'api', server: 'p1' }]);
  });

  it.each([
    ['p4', undefined, 'no node named "p4" in profile test (nodes: head, p1, p2, p3); did you mean "p1"?'],
    ['zebra', undefined, 'no node named "zebra" in profile test (nodes: head, p1, p2, p3)'],
    ['head', undefined, 'head is not an HAProxy server (the servers are on: p1, p2, p3)'],
    ['p3', 'api', 'p3 has no server in backend "api" (its servers: web/p3)'],
  ])('%s (backend %s): %s', (node, backend, reason) => {
    expect(nodeServers(profile, node, backend)).toEqual({ ok: false, reason });
  });

  it('restart needs a service the node lists', () => {
    expect(nodeService(profile, 'head', 'haproxy').ok).toBe(true);
    expect(nodeService(profile, 'p1', 'ngnix')).toEqual({ ok: false, reason: 'p1 has no service "ngnix" (its services: nginx, webapp); did you mean "nginx"?' });
    expect(nodeService(profile, 'nope', 'nginx').ok).toBe(false);
  });

  it('profileForNodes keeps the named nodes and their jump hosts', () => {
    const jumping = testProfile(`
name: j
head: { name: head, address: h, haproxy: { sockets: [/s] } }
workers:
  - { name: z1, address: z1, ssh: { jump: head } }
  - { name: z2, address: z2 }
`);
    expect(profileForNodes(jumping, ['z1']).nodes.map((n) => n.name)).toEqual(['head', 'z1']);
    expect(profileForNodes(jumping, ['head']).nodes.map((n) => n.name)).toEqual(['head']);
  });
});

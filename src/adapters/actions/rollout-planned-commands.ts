import type { PlannedCommand } from '../../core/actions/action-report.js';
import { serviceCommands } from '../../core/actions/remote-steps.js';
import { resolveWeight } from '../../core/actions/weight-value.js';
import type { ServerCommand } from '../../core/haproxy/runtime-commands.js';
import type { HaproxyClient } from '../../core/ports/haproxy-runtime.js';
import type { RolloutNode } from '../../core/rollout/resolve-rollout.js';
import type { RolloutRequest } from '../../core/rollout/rollout-request.js';
import type { ServersSnapshot } from './read-servers.js';
import { saved } from './rollout-saved-servers.js';

/** Every remote command the rollout would send, node by node (the dry run's plan). */
export async function plannedCommands(client: HaproxyClient, snapshot: ServersSnapshot, request: RolloutRequest, nodes: readonly RolloutNode[], head: string): Promise<PlannedCommand[]> {
  const out: PlannedCommand[] = [];
  const lines = async (node: string, command: ServerCommand, refs: RolloutNode['servers']) => {
    for (const ref of refs) {
      const p = await client.plan(ref, command);
      if (p.ok) for (const l of p.plan.lines) out.push({ node: head, kind: 'runtime-api', socket: l.socket, process: l.process, line: l.line, note: node });
      else out.push({ node: head, kind: 'runtime-api', line: `(${ref.backend}/${ref.server}: ${p.reason})` });
    }
  };
  for (const n of nodes) {
    const change = request.change;
    if (change.kind === 'restart') {
      await lines(n.node.name, { kind: 'state', state: 'drain' }, n.servers);
      const shell = serviceCommands(n.node, change.service);
      out.push({ node: n.node.name, kind: 'shell', line: shell.restart.text }, { node: n.node.name, kind: 'shell', line: shell.isActive.text });
      await lines(n.node.name, { kind: 'health', health: 'down' }, n.servers);
      for (const s of saved(snapshot, n)) await lines(n.node.name, { kind: 'state', state: s.state }, [{ backend: s.backend, server: s.server }]);
    } else if (change.kind === 'state') {
      await lines(n.node.name, { kind: 'state', state: change.state }, n.servers);
    } else {
      for (const ref of n.servers) {
        const w = resolveWeight(change.weight, snapshot.view(ref).configuredWeight ?? undefined, `${ref.backend}/${ref.server}`);
        if (w.ok) await lines(n.node.name, { kind: 'weight', weight: w.value }, [ref]);
        else out.push({ node: head, kind: 'runtime-api', line: `(${w.reason})` });
      }
    }
  }
  return out;
}


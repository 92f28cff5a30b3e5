import path from 'node:path';
import { z } from 'zod';
import type { Inventory } from './ansible-inventory.js';
import { HEAD_VARS, listValue, pickName, readHost, type HostNode, type NotCarried } from './inventory-host.js';
import { nameSchema } from './schema.js';
import { parseJumpSpec } from './ssh-common-args.js';

/**
 * An Ansible inventory (as `ansible-inventory --list` gives it) turned into a picon profile:
 * one host is the head (`--head GROUP|HOST`, else a group such as `head` or `control_plane` with
 * one host), every other host a worker, groups become tags, and every variable that could not
 * be carried over is named.
 */

export type { NotCarried };

export interface InventoryImportInput {
  readonly inventory: Inventory;
  /** `--head`: a group with one host, or a host. */
  readonly head?: string;
  /** The profile's name. */
  readonly name: string;
  /** The inventory as the user named it (for the description). */
  readonly source: string;
  /** Where relative key and known_hosts paths are resolved, as Ansible's ssh would. */
  readonly cwd: string;
}

export interface InventoryImport {
  /** The profile, in the shape src/core/profile/schema.ts reads. */
  readonly data: Record<string, unknown>;
  readonly head: { readonly name: string; readonly chosenBy: string };
  readonly workers: number;
  readonly tags: readonly string[];
  readonly notCarried: readonly NotCarried[];
}

export type InventoryImportResult = { readonly ok: true; readonly value: InventoryImport } | { readonly ok: false; readonly reason: string };

/** Groups tried, in order, when no --head is given: the first with exactly one host is the head. */
export const HEAD_GROUPS = ['head', 'lb', 'loadbalancer', 'haproxy', 'control_plane', 'controller', 'master'];

/** The default HAProxy admin socket of Debian's haproxy package. */
export const DEFAULT_SOCKET = '/run/haproxy/admin.sock';

function groupList(inventory: Inventory): string {
  const groups = [...inventory.groups].map(([g, hosts]) => `${g} (${hosts.length} host${hosts.length === 1 ? '' : 's'})`);
  return groups.length === 0 ? 'no groups' : `groups: ${groups.join(', ')}`;
}

function chooseHead(inventory: Inventory, head: string | undefined): { ok: true; host: string; chosenBy: string } | { ok: false; reason: string } {
  if (head !== undefined) {
    const members = inventory.groups.get(head);
    if (members !== undefined) {
      if (members.length === 1) return { ok: true, host: members[0] as string, chosenBy: `group ${head}` };
      return { ok: false, reason: `--head ${head}: group ${head} has ${members.length} hosts (${members.slice(0, 5).join(', ')}${members.length > 5 ? ', …' : ''}); name one host` };
    }
    if (inventory.hosts.some((h) => h.name === head)) return { ok: true, host: head, chosenBy: '--head' };
    return { ok: false, reason: `--head ${head}: no group or host of that name (${groupList(inventory)})` };
  }
  for (const group of HEAD_GROUPS) {
    const members = inventory.groups.get(group);
    if (members?.length === 1) return { ok: true, host: members[0] as string, chosenBy: `group ${group}` };
  }
  return { ok: false, reason: `which host runs HAProxy? name it with --head GROUP|HOST (${groupList(inventory)})` };
}

/** One value for every node, or undefined when they differ. */
function shared<T>(values: readonly (T | undefined)[]): T | undefined {
  const first = values[0];
  return first !== undefined && values.every((v) => v === first) ? first : undefined;
}

function headHaproxy(node: HostNode, drop: (n: NotCarried) => void): Record<string, unknown> {
  const vars = node.headVars;
  const socketSchema = z.array(z.string().regex(/^\/[A-Za-z0-9._/@+-]{0,199}$/)).min(1);
  const sockets = vars['picon_haproxy_sockets'] === undefined ? undefined : socketSchema.safeParse(listValue(vars['picon_haproxy_sockets']));
  if (sockets?.success === false) drop({ host: node.host, variable: 'picon_haproxy_sockets', why: 'is not a list of absolute socket paths; used the default' });
  const backends = vars['picon_haproxy_backends'] === undefined ? undefined : z.array(nameSchema).min(1).safeParse(listValue(vars['picon_haproxy_backends']));
  if (backends?.success === false) drop({ host: node.host, variable: 'picon_haproxy_backends', why: 'is not a list of backend names; used [web]' });
  const url = vars['picon_frontend_url'] === undefined ? undefined : z.url({ protocol: /^https?$/ }).safeParse(vars['picon_frontend_url']);
  if (url?.success === false) drop({ host: node.host, variable: 'picon_frontend_url', why: 'is not an http(s) URL' });
  return {
    sockets: sockets?.success === true ? sockets.data : [DEFAULT_SOCKET],
    ...(backends?.success === true && { backends: backends.data }),
    ...(url?.success === true && { frontendUrl: url.data }),
  };
}

export function inventoryToProfile(input: InventoryImportInput): InventoryImportResult {
  const { inventory } = input;
  if (inventory.hosts.length === 0) return { ok: false, reason: 'the inventory has no hosts' };
  const chosen = chooseHead(inventory, input.head);
  if (!chosen.ok) return chosen;

  const notCarried: NotCarried[] = [];
  const taken = new Set<string>();
  const nodes: HostNode[] = [];
  for (const host of inventory.hosts) {
    const name = pickName(host.name, taken);
    const read = readHost(host, name, input.cwd);
    if ('leftOut' in read) {
      if (host.name === chosen.host) return { ok: false, reason: `head ${host.name}: ${read.leftOut.variable} ${read.leftOut.why}` };
      notCarried.push(...read.notCarried, read.leftOut);
      continue;
    }
    taken.add(name);
    notCarried.push(...read.notCarried);
    nodes.push(read.node);
  }
  const head = nodes.find((n) => n.host === chosen.host) as HostNode;
  const workers = nodes.filter((n) => n !== head);
  if (workers.length === 0) return { ok: false, reason: `no workers: every host but the head (${head.host}) was left out or there is none` };
  const drop = (n: NotCarried): void => void notCarried.push(n);
  for (const w of workers) {
    for (const v of HEAD_VARS) if (w.headVars[v] !== undefined) drop({ host: w.host, variable: v, why: 'only the head\'s is used' });
  }

  const jumps = new Map<HostNode, string>();
  for (const node of nodes) {
    if (node.proxyJump === undefined) continue;
    const variable = 'ansible_ssh_common_args ProxyJump';
    if (node.proxyJump.includes(',')) {
      drop({ host: node.host, variable, why: `"${node.proxyJump}" has several hops; picon jumps through one node` });
      continue;
    }
    const target = parseJumpSpec(node.proxyJump).host;
    const via = nodes.find((n) => n.host === target || n.address === target || n.name === target);
    if (via === undefined) drop({ host: node.host, variable, why: `"${node.proxyJump}" is not a host of the inventory; picon jumps only through a node of the profile` });
    else if (via === node) drop({ host: node.host, variable, why: 'names the host itself' });
    else if (via.proxyJump !== undefined) drop({ host: node.host, variable, why: `"${via.host}" itself jumps through another host; picon supports one hop` });
    else jumps.set(node, via.name);
  }

  const knownHosts = [...new Set(nodes.map((n) => n.knownHostsFile).filter((f) => f !== undefined))];
  if (knownHosts.length > 1) {
    for (const n of nodes) if (n.knownHostsFile !== undefined) drop({ host: n.host, variable: 'ansible_ssh_common_args UserKnownHostsFile', why: 'differs between hosts; a profile has one knownHosts file' });
  }
  const user = shared(nodes.map((n) => n.user));
  const port = shared(nodes.map((n) => n.port));
  const identityFile = shared(nodes.map((n) => n.identityFile));
  const common = { ...(user !== undefined && { user }), ...(port !== undefined && { port }), ...(identityFile !== undefined && { identityFile }) };

  const nodeData = (n: HostNode): Record<string, unknown> => {
    const ssh = {
      ...(user === undefined && n.user !== undefined && { user: n.user }),
      ...(port === undefined && n.port !== undefined && { port: n.port }),
      ...(identityFile === undefined && n.identityFile !== undefined && { identityFile: n.identityFile }),
      ...(jumps.has(n) && { jump: jumps.get(n) }),
    };
    return {
      name: n.name,
      address: n.address,
      ...(n.model !== undefined && { model: n.model }),
      ...(n.tags.length > 0 && { tags: n.tags }),
      ...(Object.keys(ssh).length > 0 && { ssh }),
      ...(n.services !== undefined && { services: n.services }),
    };
  };
  if (head.servers !== undefined) drop({ host: head.host, variable: 'picon_servers', why: 'the head is no HAProxy server' });

  const tags = [...new Set(nodes.flatMap((n) => n.tags))];
  const data: Record<string, unknown> = {
    name: input.name,
    description: `imported from the Ansible inventory ${input.source}`,
    ...(knownHosts.length === 1 && { knownHosts: knownHosts[0] }),
    ...(Object.keys(common).length > 0 && { ssh: common }),
    head: { ...nodeData(head), services: head.services ?? ['haproxy'], haproxy: headHaproxy(head, drop) },
    workers: workers.map((w) => ({ ...nodeData(w), ...(w.servers !== undefined && { servers: w.servers }) })),
  };
  return { ok: true, value: { data, head: { name: head.name, chosenBy: chosen.chosenBy }, workers: workers.length, tags, notCarried } };
}

/** The profile's name from the inventory's path: `pi-cluster/hosts.ini` → `pi-cluster`. */
export function profileNameFor(inventoryPath: string): string {
  const trimmed = inventoryPath.replace(/\/+$/, '');
  let base = path.basename(trimmed).replace(/\.(ini|ya?ml|json|sh|py|cfg)$/i, '');
  if (/^(hosts|inventory|inventories|production|staging)$/i.test(base)) base = path.basename(path.dirname(path.resolve(trimmed))) || base;
  return pickName(base, new Set());
}

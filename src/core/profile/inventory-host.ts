import path from 'node:path';
import { z } from 'zod';
import { NAME_RULE } from '../names.js';
import type { InventoryHost } from './ansible-inventory.js';
import { addressSchema, nameSchema, sshSettingsSchema } from './schema.js';
import { parseSshCommonArgs } from './ssh-common-args.js';

/**
 * One Ansible host read as a picon node: the variables picon carries over, checked with the
 * profile's own field rules, and one line for each variable it could not carry.
 */

export interface NotCarried {
  readonly host: string;
  /** The variable (`ansible_become`), the ssh option (`ansible_ssh_common_args -o …`) or `group NAME`. */
  readonly variable: string;
  readonly why: string;
}

export interface HostNode {
  readonly host: string;
  readonly name: string;
  readonly address: string;
  readonly user?: string;
  readonly port?: number;
  readonly identityFile?: string;
  /** As written (`pi@gw:22`); resolved to a node once every host is read. */
  readonly proxyJump?: string;
  readonly knownHostsFile?: string;
  readonly model?: string;
  readonly services?: readonly string[];
  readonly tags: readonly string[];
  /** picon_* variables only the head uses. */
  readonly headVars: Readonly<Record<string, unknown>>;
  readonly servers?: readonly string[];
}

export type HostRead = { readonly node: HostNode; readonly notCarried: readonly NotCarried[] } | { readonly leftOut: NotCarried; readonly notCarried: readonly NotCarried[] };

/** Variables read as one of their Ansible aliases, first found wins. */
const ALIASES = {
  address: ['ansible_host', 'ansible_ssh_host'],
  port: ['ansible_port', 'ansible_ssh_port'],
  user: ['ansible_user', 'ansible_ssh_user', 'ansible_remote_user'],
  key: ['ansible_ssh_private_key_file', 'ansible_private_key_file'],
  model: ['picon_model', 'model', 'pi_model'],
} as const;
const SSH_ARGS = ['ansible_ssh_common_args', 'ansible_ssh_extra_args'];
export const HEAD_VARS = ['picon_haproxy_sockets', 'picon_haproxy_backends', 'picon_frontend_url'];
const OTHER_PICON = ['picon_services', 'picon_servers'];
const SSH_CONNECTIONS = new Set(['ssh', 'paramiko', 'paramiko_ssh', 'smart']);

/** Built once: zod schemas are dear to make, and 200 hosts would make them 200 times. */
const PORT = z.number().int().min(1).max(65535);
const USER = sshSettingsSchema.shape.user.unwrap();
const FILE = z.string().min(1);
const MODEL = z.string().min(1).max(64);
const NAMES = z.array(nameSchema);
const SERVERS = z.array(z.string().regex(/^[A-Za-z0-9._-]{1,64}\/[A-Za-z0-9._-]{1,64}$/));

function whyNot(variable: string): string {
  if (/pass(word)?$|_pass$|_password$/.test(variable)) return 'picon takes no passwords: it logs in with keys (ssh-agent or an identity file)';
  if (variable.startsWith('ansible_become')) return 'picon does not become another user; its service commands use `sudo -n`';
  if (variable === 'ansible_python_interpreter') return 'picon runs no Python on the nodes';
  if (variable.startsWith('picon_')) return 'not a variable picon knows (docs/profiles.md lists them)';
  return 'picon has no use for it';
}

/** A valid picon name from an inventory host name: other characters become "-". */
export function pickName(host: string, taken: ReadonlySet<string>): string {
  const base = host.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 64) || 'host';
  let name = base;
  for (let n = 2; taken.has(name); n += 1) name = `${base.slice(0, 60)}-${n}`;
  return name;
}

/** A list variable written as a YAML list or as "a,b c". */
export function listValue(value: unknown): string[] | undefined {
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  if (typeof value === 'string') return value.split(/[\s,]+/).filter((v) => v !== '');
  return undefined;
}

function absoluteFrom(cwd: string, file: string): string {
  return file.startsWith('~') || path.isAbsolute(file) ? file : path.resolve(cwd, file);
}

export function readHost(host: InventoryHost, name: string, cwd: string): HostRead {
  const vars = host.vars;
  const notCarried: NotCarried[] = [];
  const used = new Set<string>();
  const drop = (variable: string, why: string): void => void notCarried.push({ host: host.name, variable, why });
  const first = (names: readonly string[]): { variable: string; value: unknown } | undefined => {
    names.forEach((n) => used.add(n));
    const variable = names.find((n) => vars[n] !== undefined);
    return variable === undefined ? undefined : { variable, value: vars[variable] };
  };
  const checked = <T>(found: { variable: string; value: unknown } | undefined, schema: z.ZodType<T>, rule: string): T | undefined => {
    if (found === undefined) return undefined;
    const result = schema.safeParse(found.value);
    if (result.success) return result.data;
    drop(found.variable, `${JSON.stringify(found.value)} ${rule}`);
    return undefined;
  };

  used.add('ansible_connection');
  const connection = vars['ansible_connection'];
  if (connection !== undefined && !SSH_CONNECTIONS.has(String(connection))) {
    return { leftOut: { host: host.name, variable: 'ansible_connection', why: `is "${String(connection)}": picon reaches every node over SSH; host left out` }, notCarried };
  }
  const addressVar = first(ALIASES.address) ?? { variable: 'inventory name', value: host.name };
  const address = addressSchema.safeParse(addressVar.value);
  if (!address.success) {
    return { leftOut: { host: host.name, variable: addressVar.variable, why: `${JSON.stringify(addressVar.value)} is not a host name or IP address; host left out` }, notCarried };
  }

  const portVar = first(ALIASES.port);
  const port = checked(
    portVar === undefined ? undefined : { ...portVar, value: typeof portVar.value === 'string' && /^\d+$/.test(portVar.value) ? Number(portVar.value) : portVar.value },
    PORT, 'is not a port (1-65535)');
  const user = checked(first(ALIASES.user), USER, 'is not a user name');
  const key = checked(first(ALIASES.key), FILE, 'is not a file name');
  const model = checked(first(ALIASES.model), MODEL, 'is not a model label (text, at most 64 characters)');
  used.add('picon_services');
  const services = vars['picon_services'] === undefined ? undefined
    : checked({ variable: 'picon_services', value: listValue(vars['picon_services']) ?? vars['picon_services'] }, NAMES, `is not a list of service names (${NAME_RULE})`);
  used.add('picon_servers');
  const servers = vars['picon_servers'] === undefined ? undefined
    : checked({ variable: 'picon_servers', value: listValue(vars['picon_servers']) ?? vars['picon_servers'] },
      SERVERS, 'is not a list of backend/server');

  let proxyJump: string | undefined;
  let knownHostsFile: string | undefined;
  for (const variable of SSH_ARGS) {
    used.add(variable);
    const value = vars[variable];
    if (value === undefined) continue;
    const parsed = typeof value === 'string' ? parseSshCommonArgs(value) : { ok: false as const, reason: 'is not text' };
    if (!parsed.ok) {
      drop(variable, `${JSON.stringify(value)} ${parsed.reason}`);
      continue;
    }
    proxyJump = parsed.args.proxyJump ?? proxyJump;
    knownHostsFile = parsed.args.userKnownHostsFile ?? knownHostsFile;
    for (const other of parsed.args.others) {
      drop(`${variable} ${other}`, /stricthostkeychecking/i.test(other)
        ? 'picon always checks host keys; add them with `picon trust NODE`'
        : 'an ssh option picon does not use (it takes ProxyJump, -J and UserKnownHostsFile)');
    }
  }

  const headVars: Record<string, unknown> = {};
  for (const v of HEAD_VARS) if (vars[v] !== undefined) headVars[v] = vars[v];
  HEAD_VARS.forEach((v) => used.add(v));
  for (const variable of Object.keys(vars).sort()) {
    if (!used.has(variable) && !OTHER_PICON.includes(variable)) drop(variable, whyNot(variable));
  }

  const tags: string[] = [];
  for (const group of host.groups) {
    if (nameSchema.safeParse(group).success) tags.push(group);
    else drop(`group ${group}`, `is not a tag picon can keep (${NAME_RULE})`);
  }
  if (name !== host.name) drop('inventory name', `is not a picon name (${NAME_RULE}); the node is called "${name}"`);

  return {
    node: {
      host: host.name,
      name,
      address: address.data,
      ...(user !== undefined && { user }),
      ...(port !== undefined && { port }),
      ...(key !== undefined && { identityFile: absoluteFrom(cwd, key) }),
      ...(proxyJump !== undefined && { proxyJump }),
      ...(knownHostsFile !== undefined && { knownHostsFile: absoluteFrom(cwd, knownHostsFile) }),
      ...(model !== undefined && { model }),
      ...(services !== undefined && { services: [...new Set(services)] }),
      ...(servers !== undefined && { servers: [...new Set(servers)] }),
      tags,
      headVars,
    },
    notCarried,
  };
}

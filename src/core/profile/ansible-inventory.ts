import { z } from 'zod';

/**
 * The JSON `ansible-inventory --list` prints: one key per group (`hosts`, `children`, and with
 * `--export` its `vars`), and `_meta.hostvars` with each host's variables (group variables
 * already folded in, unless `--export`). Read into hosts in inventory order, each with its
 * groups (the groups it is in and their parents) and its variables.
 */

const groupSchema = z.object({
  hosts: z.array(z.string()).optional(),
  children: z.array(z.string()).optional(),
  vars: z.record(z.string(), z.unknown()).optional(),
});

const listSchema = z
  .object({
    _meta: z.object({ hostvars: z.record(z.string(), z.record(z.string(), z.unknown())) }).optional(),
  })
  .catchall(groupSchema);

type Group = z.infer<typeof groupSchema>;

export interface InventoryHost {
  readonly name: string;
  /** Every group the host is in, directly or through a parent group; without `all` and `ungrouped`. */
  readonly groups: readonly string[];
  readonly vars: Readonly<Record<string, unknown>>;
}

export interface Inventory {
  /** In the order Ansible lists them: depth first from `all`, each host where it first appears. */
  readonly hosts: readonly InventoryHost[];
  /** Group name → its hosts (directly or through children), in inventory order; without `all` and `ungrouped`. */
  readonly groups: ReadonlyMap<string, readonly string[]>;
}

export type InventoryResult = { readonly ok: true; readonly inventory: Inventory } | { readonly ok: false; readonly reason: string };

const IMPLICIT = new Set(['all', 'ungrouped']);

function issueText(issue: z.core.$ZodIssue): string {
  const where = issue.path.map(String).join('.');
  return where === '' ? issue.message : `${where}: ${issue.message}`;
}

/** Parses the output of `ansible-inventory --list` (text, as printed). */
export function parseAnsibleInventory(text: string): InventoryResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `its output is not JSON (${(error as Error).message})` };
  }
  const parsed = listSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { ok: false, reason: `its output is not an inventory list: ${first === undefined ? 'unexpected shape' : issueText(first)}` };
  }
  const { _meta, ...rest } = parsed.data;
  const groupsByName = new Map<string, Group>(Object.entries(rest) as [string, Group][]);
  const hostvars = _meta?.hostvars ?? {};

  const order: string[] = [];
  const hostGroups = new Map<string, string[]>();
  const hostGroupVars = new Map<string, Record<string, unknown>>();
  const members = new Map<string, string[]>();
  const visiting = new Set<string>();

  /** Walks a group and its children; `lineage` is the group and its parents, outermost first. */
  const walk = (name: string, lineage: readonly string[], inherited: Record<string, unknown>): string[] => {
    if (visiting.has(name)) return [];
    visiting.add(name);
    if (!IMPLICIT.has(name) && !members.has(name)) members.set(name, []);
    const group = groupsByName.get(name) ?? {};
    const vars = { ...inherited, ...(group.vars ?? {}) };
    const path = IMPLICIT.has(name) ? lineage : [...lineage, name];
    const found: string[] = [];
    for (const host of group.hosts ?? []) {
      if (!hostGroups.has(host)) {
        order.push(host);
        hostGroups.set(host, []);
        hostGroupVars.set(host, {});
      }
      const groups = hostGroups.get(host) as string[];
      for (const g of path) if (!groups.includes(g)) groups.push(g);
      Object.assign(hostGroupVars.get(host) as Record<string, unknown>, vars);
      found.push(host);
    }
    for (const child of group.children ?? []) found.push(...walk(child, path, vars));
    visiting.delete(name);
    if (!IMPLICIT.has(name)) {
      const known = members.get(name) ?? [];
      for (const host of found) if (!known.includes(host)) known.push(host);
      members.set(name, known);
    }
    return found;
  };
  walk('all', [], {});
  // Groups `all` does not reach (a hand-written list) still count.
  for (const name of groupsByName.keys()) if (!members.has(name) && !IMPLICIT.has(name)) walk(name, [], {});
  // Hosts with variables but in no group listed.
  for (const host of Object.keys(hostvars)) {
    if (!hostGroups.has(host)) {
      order.push(host);
      hostGroups.set(host, []);
    }
  }

  const hosts = order.map((name) => ({
    name,
    groups: hostGroups.get(name) ?? [],
    vars: { ...(hostGroupVars.get(name) ?? {}), ...(hostvars[name] ?? {}) },
  }));
  return { ok: true, inventory: { hosts, groups: members } };
}

import { describeRequest, type ActionKind, type ActionRequest, type RestartRequest, type ServerActionRequest } from './action-request.js';
import type { PlanStep } from './plan-step.js';
import { describeRollout, type RolloutRequest } from '../rollout/rollout-request.js';

/**
 * The action catalog: every key and verb that changes or loads the cluster, once. The console's
 * keymap, footer and help overlay, docs/keybindings.md, `picon --help` and its command table,
 * completion, the `:` command line, confirmation (console and CLI) and the --read-only rule are
 * all derived from these entries. Adding an action is an entry here, its plan steps and tests.
 */

export type ActionName = ActionKind | 'bench' | 'rollout';

/** A load test of one preset (the `b` key, `:bench NAME`, `picon bench NAME`). */
export interface LoadTestRequest {
  readonly kind: 'bench';
  readonly preset: string;
}

export type CatalogRequest = ActionRequest | LoadTestRequest | RolloutRequest;
type RequestOf<N extends ActionName> = N extends 'bench' ? LoadTestRequest : N extends 'rollout' ? RolloutRequest : N extends 'restart' ? RestartRequest : ServerActionRequest;

export type ActionEffect = 'changes-cluster' | 'loads-cluster';

/** When an action asks first: a dialog in the console, `[y/N]` on a terminal, `--yes` otherwise. */
export type ConfirmRule = 'always' | 'weight-zero' | 'never';

/** The flags an action verb takes (their help is in src/cli/commands.ts). */
export type ActionFlag = 'wait' | 'wait-timeout' | 'backend' | 'force' | 'persist' | 'lock-wait';

export interface ActionKey {
  readonly char: string;
  /** One word for the footer. */
  readonly hint: string;
  /** The help overlay's and docs/keybindings.md's line. */
  readonly description: string;
  /** 'node': on the selected node (nodes, details); 'any': the load-test results view too. */
  readonly on: 'node' | 'any';
}

export interface ActionVerb {
  /** After `picon `: the synopsis `picon --help` prints. */
  readonly usage: string;
  readonly summary: string;
  /** Positional arguments, in order, as completion knows them. */
  readonly args: readonly ('node' | 'service' | 'text')[];
  readonly flags: readonly ActionFlag[];
}

export interface CatalogEntry<N extends ActionName = ActionName> {
  readonly name: N;
  readonly key: ActionKey;
  /**
   * `picon VERB …`: generated into the command table. Absent: the verb is a command of its own
   * with more than this action (`picon bench` also lists, shows and compares runs).
   */
  readonly verb?: ActionVerb;
  /** What `:` takes, after the colon. */
  readonly colon: string;
  /** One real command line (without `picon`), for the docs and for the tests that walk the catalog. */
  readonly example: readonly string[];
  readonly effect: ActionEffect;
  readonly confirm: ConfirmRule;
  /** What happens, in one sentence: the confirm dialog's line and the `[y/N]` question's. */
  readonly consequence: (request: RequestOf<N>) => string;
  readonly plan: (request: RequestOf<N>) => readonly PlanStep[];
}

const define = <N extends ActionName>(entry: CatalogEntry<N>): CatalogEntry => entry as unknown as CatalogEntry;

export const CATALOG: readonly CatalogEntry[] = [
  define({
    name: 'drain',
    key: { char: 'd', hint: 'drain', description: 'Drain the selected node: no new sessions (confirmed)', on: 'node' },
    verb: {
      usage: 'drain NODE [--wait [--wait-timeout S]] [--backend B] [--force] [--lock-wait S]',
      summary: 'Stop sending new sessions to a node (HAProxy state drain)',
      args: ['node'],
      flags: ['wait', 'wait-timeout', 'backend', 'force', 'lock-wait'],
    },
    colon: 'drain NODE [--force] [--wait]',
    example: ['drain', 'p2'],
    effect: 'changes-cluster',
    confirm: 'always',
    consequence: (r) => `${r.node} gets no new sessions; current ones finish.`,
    plan: (r) => [{ kind: 'set-servers', request: r }],
  }),
  define({
    name: 'ready',
    key: { char: 'r', hint: 'ready', description: 'Put the selected node back into service', on: 'node' },
    verb: { usage: 'ready NODE [--backend B] [--lock-wait S]', summary: 'Put a drained or maintained node back into service', args: ['node'], flags: ['backend', 'lock-wait'] },
    colon: 'ready NODE',
    example: ['ready', 'p2'],
    effect: 'changes-cluster',
    confirm: 'never',
    consequence: (r) => `${r.node} takes new sessions again.`,
    plan: (r) => [{ kind: 'set-servers', request: r }],
  }),
  define({
    name: 'maint',
    key: { char: 'm', hint: 'maint', description: 'Put the selected node in maintenance (confirmed)', on: 'node' },
    verb: { usage: 'maint NODE [--backend B] [--force] [--lock-wait S]', summary: 'Take a node out of service (HAProxy state maint)', args: ['node'], flags: ['backend', 'force', 'lock-wait'] },
    colon: 'maint NODE [--force]',
    example: ['maint', 'p2'],
    effect: 'changes-cluster',
    confirm: 'always',
    consequence: (r) => `${r.node} is taken out of service at once; its sessions are cut.`,
    plan: (r) => [{ kind: 'set-servers', request: r }],
  }),
  define({
    name: 'weight',
    key: { char: 'w', hint: 'weight', description: "Set the selected node's weight: a number or a %, +/- to nudge", on: 'node' },
    verb: {
      usage: 'weight NODE VALUE|PCT% [--persist] [--backend B] [--force] [--lock-wait S]',
      summary: "Set a node's HAProxy weight (0-256 or a % of its configured weight)",
      args: ['node', 'text'],
      flags: ['persist', 'backend', 'force', 'lock-wait'],
    },
    colon: 'weight NODE VALUE|PCT%',
    example: ['weight', 'p2', '3'],
    effect: 'changes-cluster',
    confirm: 'weight-zero',
    consequence: (r) => (r.weight?.amount === 0 ? `Weight 0: ${r.node} gets no new sessions.` : `${r.node} gets a share of new sessions by its new weight.`),
    plan: (r) => [{ kind: 'set-servers', request: r }],
  }),
  define({
    name: 'restart',
    key: { char: 's', hint: 'restart', description: 'Restart a service on the selected node (pick which, confirmed)', on: 'node' },
    verb: { usage: 'restart NODE SERVICE [--lock-wait S]', summary: 'Restart a service on a node through its service template', args: ['node', 'service'], flags: ['lock-wait'] },
    colon: 'restart NODE SERVICE',
    example: ['restart', 'p1', 'nginx'],
    effect: 'changes-cluster',
    confirm: 'always',
    consequence: (r) => `Runs the profile's restart command for ${r.service} on ${r.node}.`,
    plan: (r) => [{ kind: 'restart-service', request: r }],
  }),
  define({
    name: 'bench',
    key: { char: 'b', hint: 'bench', description: "Run a load test: pick one of the profile's presets", on: 'any' },
    colon: 'bench PRESET',
    example: ['bench', 'smoke'],
    effect: 'loads-cluster',
    confirm: 'never',
    consequence: (r) => `Sends the ${r.preset} preset's requests to the cluster.`,
    plan: (r) => [{ kind: 'load-test', preset: r.preset }],
  }),
  define({
    name: 'rollout',
    key: { char: 'R', hint: 'rollout', description: 'Rolling restart of a service on the selected node or every worker, one at a time (confirmed)', on: 'node' },
    colon: 'rollout restart SERVICE --workers p1,p2|--all [--batch N]',
    example: ['rollout', 'restart', 'nginx', '--all'],
    effect: 'changes-cluster',
    confirm: 'always',
    consequence: (r) =>
      r.change.kind === 'restart'
        ? `Each node in turn is drained, restarted and readied once HAProxy's check says UP; the rest keep serving.`
        : `Each node in turn gets the change, batch by batch; the last server taking traffic is never taken out.`,
    plan: (r) => [{ kind: 'rollout', request: r }],
  }),
];

export function catalogEntry(name: ActionName): CatalogEntry {
  const found = CATALOG.find((e) => e.name === name);
  if (found === undefined) throw new Error(`no action "${name}" in the catalog`);
  return found;
}

export function isActionName(word: string): word is ActionName {
  return CATALOG.some((e) => e.name === word);
}

/** "drain p1", "restart nginx on p1", "bench smoke": how lines, questions and refusals name it. */
export function describeAction(request: CatalogRequest): string {
  if (request.kind === 'rollout') return describeRollout(request);
  return request.kind === 'bench' ? `bench ${request.preset}` : describeRequest(request);
}

export function needsConfirmation(request: CatalogRequest): boolean {
  switch (catalogEntry(request.kind).confirm) {
    case 'always':
      return true;
    case 'never':
      return false;
    case 'weight-zero':
      return request.kind === 'weight' && request.weight?.amount === 0;
  }
}

export function consequenceOf(request: CatalogRequest): string {
  return catalogEntry(request.kind).consequence(request as never);
}

/** The `[y/N]` question on a terminal, naming the servers it acts on: the console's dialog's words. */
export function confirmQuestion(request: CatalogRequest, servers: readonly string[] = []): string {
  const on = servers.length > 0 ? ` (${servers.join(', ')})` : '';
  return `${describeAction(request)}${on}: ${consequenceOf(request)} Go ahead?`;
}

export function planOf(request: CatalogRequest): readonly PlanStep[] {
  return catalogEntry(request.kind).plan(request as never);
}

/**
 * `--read-only`, the one rule for the console and every command: what changes a cluster (the lab
 * is one) or loads it is refused with one line; reading goes on. Local files that change no
 * cluster (`trust` adding a host key, `profile use`) are not the flag's business.
 */
export type CommandEffect = 'reads' | ActionEffect | 'changes-lab';

const REFUSED: Readonly<Record<CommandEffect, string | undefined>> = {
  reads: undefined,
  'changes-cluster': 'it changes the cluster',
  'loads-cluster': 'it loads the cluster',
  'changes-lab': "it starts, stops or changes the lab's processes",
};

/** The one-line refusal, or undefined when it may run. */
export function readOnlyRefusal(readOnly: boolean, title: string, effect: CommandEffect): string | undefined {
  const why = REFUSED[effect];
  return readOnly && why !== undefined ? `${title}: refused, picon is running --read-only (${why})` : undefined;
}

import type { CommandModule } from './command.js';

export interface CommandEntry {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  /** Loaded only when the command runs, so `--version` and `--help` stay fast. */
  readonly load: () => Promise<CommandModule>;
}

/** Every command, in the order `picon --help` lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  { name: 'status', usage: 'status', summary: "One snapshot of every node's health and HAProxy's servers (--json)", load: () => import('./commands/status.js') },
  { name: 'drain', usage: 'drain NODE [--wait [--wait-timeout S]] [--backend B] [--force]', summary: 'Stop sending new sessions to a node (HAProxy state drain)', load: () => import('./commands/actions.js').then((m) => m.drain) },
  { name: 'ready', usage: 'ready NODE [--backend B]', summary: 'Put a drained or maintained node back into service', load: () => import('./commands/actions.js').then((m) => m.ready) },
  { name: 'maint', usage: 'maint NODE [--backend B] [--force]', summary: 'Take a node out of service (HAProxy state maint)', load: () => import('./commands/actions.js').then((m) => m.maint) },
  { name: 'weight', usage: 'weight NODE VALUE|PCT% [--persist] [--backend B] [--force]', summary: "Set a node's HAProxy weight (0-256 or a % of its configured weight)", load: () => import('./commands/actions.js').then((m) => m.weight) },
  { name: 'restart', usage: 'restart NODE SERVICE', summary: 'Restart a service on a node through its service template', load: () => import('./commands/actions.js').then((m) => m.restart) },
  { name: 'bench', usage: 'bench [PRESET] [-c N] [-n N | -d S] | history | compare RUN...', summary: 'Run a load test, list past runs, compare them', load: () => import('./commands/bench.js') },
  { name: 'wall', usage: 'wall', summary: 'Full-screen read-only wallboard', load: () => import('./commands/wall.js') },
  { name: 'lab', usage: 'lab up|down|status|stop|start|kill|freeze', summary: 'A real HAProxy + nginx + sshd cluster on loopback addresses', load: () => import('./commands/lab.js') },
  { name: 'profile', usage: 'profile list|show [NAME]|validate FILE...|use NAME', summary: 'List, show, validate and choose cluster profiles', load: () => import('./commands/profile.js') },
  { name: 'trust', usage: 'trust NODE', summary: "Show a node's host key fingerprint and add it to known_hosts", load: () => import('./commands/trust.js') },
];

export function findCommand(name: string): CommandEntry | undefined {
  return COMMANDS.find((c) => c.name === name);
}

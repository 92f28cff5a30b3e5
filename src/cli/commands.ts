import type { CommandModule } from './command.js';

export interface CommandEntry {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  /** More for `picon COMMAND --help`: the other forms and what the options do, one line each. */
  readonly details?: readonly string[];
  /** Loaded only when the command runs, so `--version` and `--help` stay fast. */
  readonly load: () => Promise<CommandModule>;
}

/** Every command, in the order `picon --help` lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  { name: 'status', usage: 'status [--timeout SECONDS]', summary: "One snapshot of every node's health and HAProxy's servers (--json)", details: ['--timeout S   how long to wait for each node (1-120, default 5)', 'exit 0 when every node answered, 1 when some did not (the rest is still printed)'], load: () => import('./commands/status.js') },
  { name: 'drain', usage: 'drain NODE [--wait [--wait-timeout S]] [--backend B] [--force] [--lock-wait S]', summary: 'Stop sending new sessions to a node (HAProxy state drain)', details: ['--wait              wait until its current sessions reach 0, showing progress', '--wait-timeout S    give up waiting after S seconds', '--backend B         only in backend B (default: every backend the node is in)', '--force             even if it is the last server UP in a backend', '--lock-wait S       wait up to S seconds for another picon\'s lock on HAProxy (default 10)'], load: () => import('./commands/actions.js').then((m) => m.drain) },
  { name: 'ready', usage: 'ready NODE [--backend B] [--lock-wait S]', summary: 'Put a drained or maintained node back into service', load: () => import('./commands/actions.js').then((m) => m.ready) },
  { name: 'maint', usage: 'maint NODE [--backend B] [--force] [--lock-wait S]', summary: 'Take a node out of service (HAProxy state maint)', load: () => import('./commands/actions.js').then((m) => m.maint) },
  { name: 'weight', usage: 'weight NODE VALUE|PCT% [--persist] [--backend B] [--force] [--lock-wait S]', summary: "Set a node's HAProxy weight (0-256 or a % of its configured weight)", details: ['--persist    also write it into haproxy.cfg on the head (backup, haproxy -c, reload)', '--backend B  only in backend B', '--force      weight 0 even if it is the last server UP in a backend'], load: () => import('./commands/actions.js').then((m) => m.weight) },
  { name: 'restart', usage: 'restart NODE SERVICE [--lock-wait S]', summary: 'Restart a service on a node through its service template', load: () => import('./commands/actions.js').then((m) => m.restart) },
  { name: 'bench', usage: 'bench [PRESET] [-c N] [-n N | -d S] | history | compare RUN...', summary: 'Run a load test, list past runs, compare them', details: [
    'picon bench                 lists the profile\'s presets',
    '-c N                        connections (concurrency)',
    '-n N | -d S                 requests, or seconds',
    '--engine builtin|ab         picon\'s own engine (default), or ab on a node over SSH',
    '--from NODE                 where ab runs (default: the head)',
    '--threads N                 the built-in engine\'s worker threads (1-16)',
    '--node NODE                 the worker for an nginx or app preset',
    '--url URL                   a bare URL instead of a preset',
    'compare RUN... --format human|md|csv|json;  RUN: last, last~N or a run id',
    'history --all, compare --all  the archived runs too (past 8 MiB older runs are archived)',
  ], load: () => import('./commands/bench.js') },
  { name: 'wall', usage: 'wall', summary: 'Full-screen read-only wallboard', load: () => import('./commands/wall.js') },
  { name: 'lab', usage: 'lab up|down|status|stop|start|kill|freeze', summary: 'A real HAProxy + nginx + sshd cluster on loopback addresses', details: [
    'picon lab up [--workers N] [--subnet 127.K.L] [--dir DIR]',
    'picon lab status [--json] | down [--keep-files]',
    'picon lab stop|start|kill NODE [SERVICE] | freeze NODE',
    'every subcommand takes --dir DIR (default $PICON_LAB_DIR or ~/.local/share/picon/lab)',
  ], load: () => import('./commands/lab.js') },
  { name: 'profile', usage: 'profile list|show [NAME]|validate FILE...|use NAME', summary: 'List, show, validate and choose cluster profiles', load: () => import('./commands/profile.js') },
  { name: 'trust', usage: 'trust NODE', summary: "Show a node's host key fingerprint and add it to known_hosts", load: () => import('./commands/trust.js') },
];

export function findCommand(name: string): CommandEntry | undefined {
  return COMMANDS.find((c) => c.name === name);
}

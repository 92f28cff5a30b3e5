import type { CommandModule } from './command.js';
import { int, NONE, of, oneOf, type CommandSpec, type FlagSpec } from './command-spec.js';

export interface CommandEntry extends CommandSpec {
  /** Loaded only when the command runs, so `--version`, `--help` and completion stay fast. */
  readonly load: () => Promise<CommandModule>;
}

const lockWait: FlagSpec = { name: '--lock-wait', value: int(0, 3600), placeholder: 'S', help: "wait up to S seconds for another picon's lock on HAProxy (default 10)" };
const backend: FlagSpec = { name: '--backend', value: of('backend'), placeholder: 'B', help: 'only in backend B (default: every backend the node is in)' };
const force: FlagSpec = { name: '--force', value: NONE, help: 'even if it is the last server UP in a backend' };

/** Flags every command takes, wherever they stand on the line. */
export const GLOBAL_FLAGS: readonly FlagSpec[] = [
  { name: '--profile', aliases: ['-p'], value: of('profile'), placeholder: 'NAME|PATH', help: 'cluster profile (default: set with `picon profile use NAME`)' },
  { name: '--json', value: NONE, help: 'machine-readable output' },
  { name: '--yes', aliases: ['-y'], value: NONE, help: 'do not ask for confirmation' },
  { name: '--dry-run', value: NONE, help: 'print the exact remote commands, change nothing' },
  { name: '--read-only', value: NONE, help: 'refuse what changes or loads a cluster (actions, bench runs, lab up/down/stop…)' },
  { name: '--help', aliases: ['-h'], value: NONE, help: 'this help (or `picon COMMAND --help`)' },
  { name: '--version', aliases: ['-V'], value: NONE, help: 'print the version' },
];

/** The console's own flags (`picon` with no command). */
export const CONSOLE_FLAGS: readonly FlagSpec[] = [
  { name: '--interval', value: int(0.2, 60), placeholder: 'SECONDS', help: 'how often the console polls (0.2-60, default 1)' },
];

/** Every command, in the order `picon --help` lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'status', usage: 'status [--timeout SECONDS]', summary: "One snapshot of every node's health and HAProxy's servers (--json)",
    flags: [{ name: '--timeout', value: int(1, 120), placeholder: 'S', help: 'how long to wait for each node (1-120, default 5)' }],
    notes: ['exit 0 when every node answered, 1 when some did not (the rest is still printed)'],
    load: () => import('./commands/status.js'),
  },
  {
    name: 'drain', usage: 'drain NODE [--wait [--wait-timeout S]] [--backend B] [--force] [--lock-wait S]', summary: 'Stop sending new sessions to a node (HAProxy state drain)',
    args: [{ value: of('node') }],
    flags: [
      { name: '--wait', value: NONE, help: 'wait until its current sessions reach 0, showing progress' },
      { name: '--wait-timeout', value: int(1, 86400), placeholder: 'S', help: 'give up waiting after S seconds (default 120)' },
      backend, force, lockWait,
    ],
    load: () => import('./commands/actions.js').then((m) => m.drain),
  },
  {
    name: 'ready', usage: 'ready NODE [--backend B] [--lock-wait S]', summary: 'Put a drained or maintained node back into service',
    args: [{ value: of('node') }], flags: [backend, lockWait],
    load: () => import('./commands/actions.js').then((m) => m.ready),
  },
  {
    name: 'maint', usage: 'maint NODE [--backend B] [--force] [--lock-wait S]', summary: 'Take a node out of service (HAProxy state maint)',
    args: [{ value: of('node') }], flags: [backend, force, lockWait],
    load: () => import('./commands/actions.js').then((m) => m.maint),
  },
  {
    name: 'weight', usage: 'weight NODE VALUE|PCT% [--persist] [--backend B] [--force] [--lock-wait S]', summary: "Set a node's HAProxy weight (0-256 or a % of its configured weight)",
    args: [{ value: of('node') }, { value: of('text') }],
    flags: [
      { name: '--persist', value: NONE, help: 'also write it into haproxy.cfg on the head (backup, haproxy -c, reload)' },
      backend,
      { ...force, help: 'weight 0 even if it is the last server UP in a backend' },
      lockWait,
    ],
    load: () => import('./commands/actions.js').then((m) => m.weight),
  },
  {
    name: 'restart', usage: 'restart NODE SERVICE [--lock-wait S]', summary: 'Restart a service on a node through its service template',
    args: [{ value: of('node') }, { value: of('service') }], flags: [lockWait],
    load: () => import('./commands/actions.js').then((m) => m.restart),
  },
  {
    name: 'bench', usage: 'bench [PRESET] [-c N] [-n N | -d S] | history | compare RUN...', summary: 'Run a load test, list past runs, compare them',
    args: [{ value: of('preset') }],
    subcommands: [
      { name: 'history', help: 'picon bench history [--all]   the past runs' },
      { name: 'compare', args: [{ value: of('run'), repeat: true }], help: 'picon bench compare RUN...    RUN: last, last~N or a run id' },
    ],
    flags: [
      { name: '-c', aliases: ['--concurrency'], value: int(1, 1000), placeholder: 'N', help: 'connections (concurrency, 1-1000)', only: [''] },
      { name: '-n', aliases: ['--requests'], value: int(1, 200_000), placeholder: 'N', help: 'requests (up to 200000)', only: [''] },
      { name: '-d', aliases: ['--duration'], value: int(1, 300), placeholder: 'S', help: 'seconds instead of requests (up to 300)', only: [''] },
      { name: '--engine', value: oneOf('builtin', 'ab'), help: "picon's own engine (default), or ab on a node over SSH", only: [''] },
      { name: '--from', value: of('node'), placeholder: 'NODE', help: 'where ab runs (default: the head)', only: [''] },
      { name: '--threads', value: int(1, 16), placeholder: 'N', help: "the built-in engine's worker threads (1-16)", only: [''] },
      { name: '--node', value: of('worker'), placeholder: 'NODE', help: 'the worker for an nginx or app preset', only: [''] },
      { name: '--url', value: of('url'), placeholder: 'URL', help: 'a bare URL instead of a preset', only: [''] },
      { name: '--format', value: oneOf('human', 'md', 'csv', 'json'), help: 'how compare prints its table', only: ['compare'] },
      { name: '--all', value: NONE, help: 'history and compare: the archived runs too (past 8 MiB older runs are archived)', only: ['history', 'compare'] },
      { name: '--include-flagged', value: NONE, help: 'compare: show flagged runs too (a node throttled or its clock was capped)', only: ['compare'] },
    ],
    notes: ["picon bench with no PRESET lists the profile's presets"],
    load: () => import('./commands/bench.js'),
  },
  { name: 'wall', usage: 'wall', summary: 'Full-screen read-only wallboard', load: () => import('./commands/wall.js') },
  {
    name: 'lab', usage: 'lab up|down|status|stop|start|kill|freeze|heat|cool|undervolt', summary: 'A real HAProxy + nginx + sshd cluster on loopback addresses',
    valuesProfile: 'lab',
    subcommands: [
      { name: 'up', help: 'picon lab up [--workers N] [--subnet 127.K.L]      start it' },
      { name: 'down', help: 'picon lab down [--keep-files]                      stop everything it started' },
      { name: 'status', help: 'picon lab status [--json]                          what runs where' },
      { name: 'stop', args: [{ value: of('node') }, { value: of('service') }], help: 'picon lab stop|start|kill NODE [SERVICE] | freeze NODE [SERVICE]' },
      { name: 'start', args: [{ value: of('node') }, { value: of('service') }], help: '' },
      { name: 'kill', args: [{ value: of('node') }, { value: of('service') }], help: '' },
      { name: 'freeze', args: [{ value: of('node') }, { value: of('service') }], help: '' },
      { name: 'restart', args: [{ value: of('node') }, { value: of('service') }], help: 'picon lab restart|is-active NODE SERVICE' },
      { name: 'is-active', args: [{ value: of('node') }, { value: of('service') }], help: '' },
      { name: 'heat', args: [{ value: of('node') }], help: 'picon lab heat|cool|undervolt NODE               a worker\'s Pi sensors: hot and throttled, back to rest, under-voltage' },
      { name: 'cool', args: [{ value: of('node') }], help: '' },
      { name: 'undervolt', args: [{ value: of('node') }], help: '' },
      { name: 'head-threads', args: [{ value: of('text') }], help: 'picon lab head-threads N|auto                      HAProxy held to N threads (a reload)' },
      { name: 'cpu-cap', args: [{ value: of('node') }, { value: of('service') }, { value: of('text') }], help: 'picon lab cpu-cap NODE SERVICE PCT|off            the service gets PCT % of one core (a cgroup)' },
      { name: 'slow', args: [{ value: of('node') }, { value: of('text') }], help: 'picon lab slow NODE FACTOR                         its /api/work does FACTOR× the work (1: normal)' },
    ],
    flags: [
      { name: '--workers', value: int(1, 200), placeholder: 'N', help: 'how many workers (1-200; default: the p1, p2, p3, pi3 of the demo)', only: ['up'] },
      { name: '--subnet', value: of('text'), placeholder: '127.K.L', help: 'its addresses, 127.K.L.0/24', only: ['up'] },
      { name: '--keep-files', value: NONE, help: 'leave its directory in place', only: ['down'] },
      { name: '--dir', value: of('dir'), placeholder: 'DIR', help: 'its directory (default $PICON_LAB_DIR or ~/.local/share/picon/lab)' },
    ],
    load: () => import('./commands/lab.js'),
  },
  {
    name: 'profile', usage: 'profile list|show [NAME]|validate FILE...|use NAME', summary: 'List, show, validate and choose cluster profiles',
    subcommands: [
      { name: 'list', help: 'picon profile list              every profile picon finds by name' },
      { name: 'show', args: [{ value: of('profile') }], help: 'picon profile show [NAME]       one profile, resolved' },
      { name: 'validate', args: [{ value: of('file'), repeat: true }], help: 'picon profile validate FILE...  every problem in each file' },
      { name: 'use', args: [{ value: of('profile') }], help: 'picon profile use NAME          make it the default' },
    ],
    load: () => import('./commands/profile.js'),
  },
  {
    name: 'trust', usage: 'trust NODE', summary: "Show a node's host key fingerprint and add it to known_hosts",
    args: [{ value: of('node') }],
    load: () => import('./commands/trust.js'),
  },
  {
    name: 'completion', usage: 'completion bash|zsh|fish', summary: 'Print a shell completion script (README.md: Shell completion)',
    args: [{ value: oneOf('bash', 'zsh', 'fish') }],
    notes: ['bash: source <(picon completion bash)   zsh: source <(picon completion zsh)   fish: picon completion fish | source'],
    load: () => import('./completion/completion-command.js'),
  },
];

export function findCommand(name: string): CommandEntry | undefined {
  return COMMANDS.find((c) => c.name === name);
}

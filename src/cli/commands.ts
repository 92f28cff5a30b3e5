import { ACTION_KINDS, type ActionKind } from '../core/actions/action-request.js';
import { STATUS_SORTS } from '../core/status/status-select.js';
import { CATALOG, catalogEntry, type ActionFlag, type CatalogEntry, type CommandEffect, type ConfirmRule } from '../core/actions/catalog.js';
import type { CommandModule } from './command.js';
import { int, NONE, of, oneOf, type CommandSpec, type FlagSpec } from './command-spec.js';

export interface CommandEntry extends CommandSpec {
  /** What this line would do, for --read-only (src/cli/read-only.ts); absent: it only reads. */
  readonly effect?: (words: readonly string[], args: readonly string[]) => { readonly effect: CommandEffect; readonly title: string };
  /** Loaded only when the command runs, so `--version`, `--help` and completion stay fast. */
  readonly load: () => Promise<CommandModule>;
}

/** The action verbs' flags; which verb takes which is the catalog's (src/core/actions/catalog.ts). */
const ACTION_FLAGS: Readonly<Record<ActionFlag, FlagSpec>> = {
  wait: { name: '--wait', value: NONE, help: 'wait until its current sessions reach 0, showing progress' },
  'wait-timeout': { name: '--wait-timeout', value: int(1, 86400), placeholder: 'S', help: 'give up waiting after S seconds (default 120)' },
  persist: { name: '--persist', value: NONE, help: 'also write it into haproxy.cfg on the head (backup, haproxy -c, reload)' },
  backend: { name: '--backend', value: of('backend'), placeholder: 'B', help: 'only in backend B (default: every backend the node is in)' },
  force: { name: '--force', value: NONE, help: 'even if it is the last server UP in a backend' },
  'lock-wait': { name: '--lock-wait', value: int(0, 3600), placeholder: 'S', help: "wait up to S seconds for another picon's lock on HAProxy (default 10)" },
};
/** weight's --force is about weight 0. */
const WEIGHT_FORCE: FlagSpec = { ...ACTION_FLAGS.force, help: 'weight 0 even if it is the last server UP in a backend' };

const CONFIRM_NOTE: Readonly<Record<ConfirmRule, string | undefined>> = {
  always: 'asks [y/N] on a terminal; without one it needs --yes (exit 2 otherwise)',
  'weight-zero': 'weight 0 asks [y/N] on a terminal; without one it needs --yes (exit 2 otherwise)',
  never: undefined,
};

/** `picon drain` and the other action verbs, from their catalog entries. */
function actionCommand(action: CatalogEntry): CommandEntry[] {
  const verb = action.verb;
  if (verb === undefined) return [];
  const note = CONFIRM_NOTE[action.confirm];
  return [{
    name: action.name,
    usage: verb.usage,
    summary: verb.summary,
    args: verb.args.map((kind) => ({ value: of(kind) })),
    flags: verb.flags.map((f) => (action.name === 'weight' && f === 'force' ? WEIGHT_FORCE : ACTION_FLAGS[f])),
    ...(note !== undefined && { notes: [note] }),
    effect: (words) => ({ effect: action.effect, title: [action.name, ...words].join(' ') }),
    load: () => import('./commands/actions.js').then((m) => m.actionCommand(action.name as ActionKind)),
  }];
}

/** `picon lab SUB`: only `status` (and the nodes' own `is-active` check) read. */
export function labEffect(sub: string | undefined): CommandEffect {
  return sub === undefined || sub === 'status' || sub === 'is-active' ? 'reads' : 'changes-lab';
}

/** `picon bench PRESET` and `--url URL` run a load test; history, compare and the preset list read. */
function benchEffect(words: readonly string[], args: readonly string[]): { effect: CommandEffect; title: string } {
  const at = args.findIndex((a) => a === '--url' || a.startsWith('--url='));
  const url = at < 0 ? undefined : args[at]?.startsWith('--url=') ? args[at]?.slice('--url='.length) : args[at + 1];
  const listing = words[0] === 'history' || words[0] === 'compare';
  const runs = !listing && (words.length > 0 || url !== undefined);
  return { effect: runs ? 'loads-cluster' : 'reads', title: `bench ${words[0] ?? url ?? ''}`.trim() };
}

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
    name: 'status', usage: 'status [--timeout SECONDS] [--tag TAG] [--model MODEL] [--sort [-]COLUMN]', summary: "One snapshot of every node's health and HAProxy's servers (--json)",
    flags: [
      { name: '--timeout', value: int(1, 120), placeholder: 'S', help: 'how long to wait for each node (1-120, default 5)' },
      { name: '--tag', value: of('text'), placeholder: 'TAG', help: 'only the nodes with this tag (an Ansible import\'s groups)' },
      { name: '--model', value: of('text'), placeholder: 'MODEL', help: 'only the nodes whose model contains MODEL (zero matches Pi Zero)' },
      { name: '--sort', value: oneOf(...STATUS_SORTS), placeholder: '[-]COLUMN', help: 'the nodes by a column, the largest number or A first; -COLUMN the other way' },
    ],
    notes: ['exit 0 when every node answered, 1 when some did not (the rest is still printed)'],
    load: () => import('./commands/status.js'),
  },
  ...CATALOG.flatMap(actionCommand),
  {
    name: 'rollout', usage: 'rollout restart SERVICE|weight N|state S (--workers p1,p2 | --all) [--batch N] [--wait-idle S] [--shutdown-sessions] | resume',
    summary: 'A rolling restart (or weight or state change) over many nodes, batch by batch; resume where it stopped',
    subcommands: [
      { name: 'restart', args: [{ value: of('service') }], help: 'picon rollout restart SERVICE     drain, wait idle, restart, check UP, ready — node by node' },
      { name: 'weight', args: [{ value: of('text') }], help: 'picon rollout weight N|PCT%       set the weight batch by batch' },
      { name: 'state', args: [{ value: oneOf('ready', 'drain', 'maint') }], help: 'picon rollout state ready|drain|maint' },
      { name: 'resume', help: 'picon rollout resume              go on from where the last rollout stopped' },
    ],
    flags: [
      { name: '--workers', value: of('text'), placeholder: 'p1,p2', help: 'these nodes, in this order', only: ['restart', 'weight', 'state'] },
      { name: '--all', value: NONE, help: 'every worker, in profile order', only: ['restart', 'weight', 'state'] },
      { name: '--batch', value: int(1, 1000), placeholder: 'N', help: 'nodes at a time (default 1; smaller where a backend would lose its last server UP)', only: ['restart', 'weight', 'state'] },
      { name: '--wait-idle', value: int(0, 86400), placeholder: 'S', help: 'how long a drained node may take to reach 0 sessions (default 60)', only: ['restart'] },
      { name: '--shutdown-sessions', value: NONE, help: 'at the --wait-idle timeout cut the sessions left instead of stopping', only: ['restart'] },
      { name: '--lock-wait', value: int(0, 3600), placeholder: 'S', help: "wait up to S seconds for another picon's lock on HAProxy (default 10)" },
    ],
    notes: [
      'asks [y/N] on a terminal; without one it needs --yes (exit 2 otherwise); --dry-run prints the batches and every command',
      'exit 0 done, 1 refused or stopped at a failure (the line says where and how to resume), 2 bad input or nothing could be recorded',
    ],
    effect: (_words, args) => ({ effect: catalogEntry('rollout').effect, title: ['rollout', ...args].join(' ') }),
    load: () => import('./commands/rollout.js'),
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
      { name: '--rate', value: int(1, 1_000_000), placeholder: 'N', help: 'fixed rate: N requests a second on a schedule, latency counted from when each was due (built-in engine)', only: [''] },
      { name: '--engine', value: oneOf('builtin', 'ab'), help: "picon's own engine (default), or ab on a node over SSH", only: [''] },
      { name: '--from', value: of('node'), placeholder: 'NODE', help: 'where ab runs (default: the head)', only: [''] },
      { name: '--threads', value: int(1, 16), placeholder: 'N', help: "the built-in engine's worker threads (1-16)", only: [''] },
      { name: '--node', value: of('worker'), placeholder: 'NODE', help: 'the worker for an nginx or app preset', only: [''] },
      { name: '--url', value: of('url'), placeholder: 'URL', help: 'a bare URL instead of a preset', only: [''] },
      { name: '--ca', value: of('file'), placeholder: 'FILE', help: "https: check the server's certificate against this CA (PEM; default: the profile's tls.ca)", only: [''] },
      { name: '--insecure', value: NONE, help: "https: do not check the server's certificate (ab on https needs it: ab never checks)", only: [''] },
      { name: '--format', value: oneOf('human', 'md', 'csv', 'json'), help: 'how compare prints its table', only: ['compare'] },
      { name: '--all', value: NONE, help: 'history and compare: the archived runs too (past 8 MiB older runs are archived)', only: ['history', 'compare'] },
      { name: '--include-flagged', value: NONE, help: 'compare: show flagged runs too (a node throttled or its clock was capped)', only: ['compare'] },
    ],
    notes: ["picon bench with no PRESET lists the profile's presets"],
    effect: benchEffect,
    load: () => import('./commands/bench.js'),
  },
  {
    name: 'study', usage: 'study [--rounds N] [--seconds S] [--rest S] [-c N] [--only T,...] [--report DIR] | show [last|ID]', summary: "The seed's study: every target × endpoint in interleaved rounds, as the seed's tables",
    subcommands: [{ name: 'show', args: [{ value: of('text') }], help: 'picon study show [last|ID]      a saved study\'s tables again' }],
    flags: [
      { name: '--rounds', value: int(1, 20), placeholder: 'N', help: 'rounds; each cell is the median of its rounds (default 3)', only: [''] },
      { name: '--seconds', value: int(1, 300), placeholder: 'S', help: 'seconds a cell runs in each round (default 5)', only: [''] },
      { name: '--rest', value: int(0, 60), placeholder: 'S', help: 'seconds of rest between runs (default 1)', only: [''] },
      { name: '-c', aliases: ['--concurrency'], value: int(1, 1000), placeholder: 'N', help: "connections, as the seed's ab -c (default 100)", only: [''] },
      { name: '--engine', value: oneOf('builtin', 'ab'), help: "picon's own engine (default: checks the https column's certificate), or ab on the head", only: [''] },
      { name: '--threads', value: int(1, 16), placeholder: 'N', help: "the built-in engine's worker threads (1-16)", only: [''] },
      { name: '--only', value: of('text'), placeholder: 'T,...', help: 'targets: cluster, cluster-app, cluster-tls, nginx, app, or a column id such as app:pi3', only: [''] },
      { name: '--endpoints', value: of('text'), placeholder: 'E,...', help: 'cached (/), work (the uncached endpoint); default both', only: [''] },
      { name: '--include-flagged', value: NONE, help: 'flagged runs (throttled, clock capped, non-2xx) count in the medians', only: [''] },
      { name: '--ca', value: of('file'), placeholder: 'FILE', help: "the https column: check the certificate against this CA (default: the profile's tls.ca)", only: [''] },
      { name: '--insecure', value: NONE, help: "the https column: do not check the certificate (ab needs it)", only: [''] },
      { name: '--format', value: oneOf('human', 'markdown', 'csv', 'json'), help: 'how the tables are printed (--json: json)' },
      { name: '--report', value: of('dir'), placeholder: 'DIR', help: 'also write DIR/report.md and its SVG charts (DIR new or empty)', only: ['', 'show'] },
      { name: '--force', value: NONE, help: '--report into a directory that has files (picon replaces its own three)', only: ['', 'show'] },
    ],
    notes: ['exit 0 done, 1 a cell had no usable run or the study could not be saved, 2 bad input, 130/143/129 stopped (the completed rounds are saved, marked partial)'],
    effect: (words) => ({ effect: words[0] === 'show' ? 'reads' : 'loads-cluster', title: words[0] === 'show' ? 'study show' : 'study' }),
    load: () => import('./commands/study.js'),
  },
  { name: 'wall', usage: 'wall', summary: 'Full-screen read-only wallboard', load: () => import('./commands/wall.js') },
  {
    name: 'lab', usage: 'lab up|down|status|stop|start|kill|freeze|stall|heat|cool|undervolt|head-threads|cpu-cap|slow', summary: 'A real HAProxy + nginx + sshd cluster on loopback addresses',
    valuesProfile: 'lab',
    effect: (words) => ({ effect: labEffect(words[0]), title: `lab ${words[0] ?? ''}`.trim() }),
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
      { name: 'stall', args: [{ value: of('worker') }], help: 'picon lab stall NODE --every 3s --for 1s | --off   its app holds every response for 1 s in every 3 s' },
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
      { name: '--every', value: of('text'), placeholder: 'DURATION', help: 'how often the app stalls (e.g. 3s, 500ms)', only: ['stall'] },
      { name: '--for', value: of('text'), placeholder: 'DURATION', help: 'how long each stall holds every response (shorter than --every)', only: ['stall'] },
      { name: '--off', value: NONE, help: 'the app answers at once again', only: ['stall'] },
      { name: '--dir', value: of('dir'), placeholder: 'DIR', help: 'its directory (default $PICON_LAB_DIR or ~/.local/share/picon/lab)' },
    ],
    load: () => import('./commands/lab.js'),
  },
  {
    name: 'profile', usage: 'profile list|show [NAME]|validate FILE...|use NAME|import --ansible INVENTORY', summary: 'List, show, validate, choose and import cluster profiles',
    subcommands: [
      { name: 'list', help: 'picon profile list              every profile picon finds by name' },
      { name: 'show', args: [{ value: of('profile') }], help: 'picon profile show [NAME]       one profile, resolved' },
      { name: 'validate', args: [{ value: of('file'), repeat: true }], help: 'picon profile validate FILE...  every problem in each file' },
      { name: 'use', args: [{ value: of('profile') }], help: 'picon profile use NAME          make it the default' },
      { name: 'import', help: 'picon profile import --ansible INVENTORY [--head GROUP|HOST] [--out FILE] [--force]   a profile from an Ansible inventory' },
    ],
    flags: [
      { name: '--ansible', value: of('file'), placeholder: 'INVENTORY', help: 'the inventory, read by `ansible-inventory -i INVENTORY --list` (INI, YAML, a directory, a script)', only: ['import'] },
      { name: '--head', value: of('text'), placeholder: 'GROUP|HOST', help: 'the HAProxy node: a group with one host, or a host (default: a group head, lb, haproxy, control_plane… with one host)', only: ['import'] },
      { name: '--out', value: of('file'), placeholder: 'FILE', help: 'where to write it (default: NAME.yaml in your config directory\'s profiles/)', only: ['import'] },
      { name: '--force', value: NONE, help: 'replace the file if it exists', only: ['import'] },
    ],
    load: () => import('./commands/profile.js'),
  },
  {
    name: 'audit', usage: 'audit [--since 2h|DATE] [--node NODE] [--action ACTION] [--limit N]', summary: 'What picon did to the clusters: the audit journal, one line per action (--json)',
    flags: [
      { name: '--since', value: of('text'), placeholder: 'WHEN', help: 'only actions since then: 30s, 15m, 2h, 7d, 1w ago, or a UTC date or time (2026-12-07T03:12)' },
      { name: '--node', value: of('node'), placeholder: 'NODE', help: 'only actions on this node' },
      { name: '--action', value: oneOf(...ACTION_KINDS), help: 'only this action' },
      { name: '--limit', value: int(1, 1_000_000), placeholder: 'N', help: 'the newest N (default 50)' },
    ],
    notes: ['with --profile NAME, only that profile\'s actions; times are UTC, as the journal keeps them'],
    load: () => import('./commands/audit.js'),
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

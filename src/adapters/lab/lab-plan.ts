import path from 'node:path';

/**
 * The lab's shape, decided before anything runs: which nodes exist, their loopback addresses,
 * ports, services and where each node's files live. Pure.
 */

export type LabRole = 'head' | 'worker';
export type LabServiceName = 'sshd' | 'haproxy' | 'nginx' | 'webapp';

export const SSH_PORT = 2222;
export const HTTP_PORT = 8080;
/** The head's https frontend (HAProxy terminates TLS). */
export const HTTPS_PORT = 8443;
export const APP_PORT = 9000;
/** The head's second frontend, whose backend's servers are the apps themselves (no nginx): the study's "Cluster (No Nginx)". */
export const APP_FRONTEND_PORT = 8081;
export const MAX_WORKERS = 200;
export const DEFAULT_SUBNET = '127.0.2';

export interface LabNodePlan {
  readonly name: string;
  readonly role: LabRole;
  readonly model: string;
  readonly address: string;
  /** Directory holding this node's configs, pids and logs. */
  readonly dir: string;
  /** How much faster its app is than a Pi Zero's (1 or 3). */
  readonly speed: number;
  /** In start order; `sshd` first so a node is reachable as soon as possible. */
  readonly services: readonly LabServiceName[];
}

export interface LabPlan {
  readonly dir: string;
  readonly subnet: string;
  /** Undefined: the default shape (p1, p2, p3, pi3). */
  readonly workers?: number;
  readonly head: LabNodePlan;
  readonly workerNodes: readonly LabNodePlan[];
  /** Head first. */
  readonly nodes: readonly LabNodePlan[];
}

export interface LabOptions {
  readonly dir: string;
  readonly subnet: string;
  readonly workers?: number;
}

export type LabPlanResult = { readonly ok: true; readonly plan: LabPlan } | { readonly ok: false; readonly reason: string };

/** AF_UNIX paths are limited to 108 bytes on Linux; the longest socket is <dir>/head/master.sock. */
const SUN_PATH_MAX = 107;

export function parseSubnet(subnet: string): string | undefined {
  const m = /^127\.(\d{1,3})\.(\d{1,3})$/.exec(subnet);
  if (m === null) return undefined;
  const parts = [Number(m[1]), Number(m[2])];
  return parts.every((p) => p <= 255) ? `127.${parts[0]}.${parts[1]}` : undefined;
}

function node(dir: string, name: string, role: LabRole, model: string, address: string, speed: number): LabNodePlan {
  const services: LabServiceName[] = role === 'head' ? ['sshd', 'haproxy'] : ['sshd', 'webapp', 'nginx'];
  return { name, role, model, address, dir: path.join(dir, name), speed, services };
}

/** What the lab's own paths may use: they go unquoted into sshd, nginx and HAProxy configs, and socat addresses. */
const LAB_DIR = /^\/[A-Za-z0-9._/@+-]*$/;

/** Why a directory cannot hold a lab that is to run, or undefined. */
export function labDirProblem(dir: string): string | undefined {
  return LAB_DIR.test(dir)
    ? undefined
    : `lab dir ${JSON.stringify(dir)} may use only letters, digits and . _ / @ + - (its paths go into sshd, nginx and HAProxy configs); choose another --dir`;
}

export function planLab(options: LabOptions): LabPlanResult {
  const subnet = parseSubnet(options.subnet);
  if (subnet === undefined) {
    return { ok: false, reason: `subnet "${options.subnet}" must look like 127.K.L (three octets of a loopback /24)` };
  }
  if (!path.isAbsolute(options.dir)) return { ok: false, reason: `lab dir "${options.dir}" must be an absolute path` };
  const { workers } = options;
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 1 || workers > MAX_WORKERS)) {
    return { ok: false, reason: `--workers must be a whole number from 1 to ${MAX_WORKERS}, not ${workers}` };
  }
  if (Buffer.byteLength(path.join(options.dir, 'head', 'master.sock')) > SUN_PATH_MAX) {
    return { ok: false, reason: `lab dir "${options.dir}" is too long for a Unix socket path; choose a shorter --dir` };
  }
  const dir = options.dir;
  const head = node(dir, 'head', 'head', 'lab head', `${subnet}.1`, 1);
  const workerNodes =
    workers === undefined
      ? [
          node(dir, 'p1', 'worker', 'Pi Zero', `${subnet}.11`, 1),
          node(dir, 'p2', 'worker', 'Pi Zero', `${subnet}.12`, 1),
          node(dir, 'p3', 'worker', 'Pi Zero', `${subnet}.13`, 1),
          node(dir, 'pi3', 'worker', 'Pi 3', `${subnet}.14`, 3),
        ]
      : Array.from({ length: workers }, (_, i) => node(dir, `node${i + 1}`, 'worker', 'Pi Zero', `${subnet}.${11 + i}`, 1));
  return {
    ok: true,
    plan: { dir, subnet, ...(workers !== undefined && { workers }), head, workerNodes, nodes: [head, ...workerNodes] },
  };
}

/** Every file the lab writes, by role; one place so generators, processes and docs agree. */
export const labFiles = {
  state: (dir: string) => path.join(dir, 'lab.json'),
  lock: (dir: string) => path.join(dir, 'lab.lock'),
  /** One file per running service holding its pid: what the profile's isActive template reads. */
  pids: (dir: string) => path.join(dir, 'pids'),
  profile: (dir: string) => path.join(dir, 'lab.yaml'),
  knownHosts: (dir: string) => path.join(dir, 'known_hosts'),
  /** The lab CA's certificate: what https load tests trust (the lab profile's tls.ca). */
  caCert: (dir: string) => path.join(dir, 'ca.pem'),
  caKey: (dir: string) => path.join(dir, 'ca.key'),
  clientKey: (dir: string) => path.join(dir, 'client_key'),
  keeperScript: (dir: string) => path.join(dir, 'keeper.pl'),
  keeperSocket: (dir: string) => path.join(dir, 'keeper.sock'),
  keeperLog: (dir: string) => path.join(dir, 'keeper.log'),
  /** HOME of every SSH session on the lab's nodes: empty, so no start-up file of this machine's user runs. */
  home: (dir: string) => path.join(dir, 'home'),
  sshdConfig: (n: LabNodePlan) => path.join(n.dir, 'sshd_config'),
  hostKey: (n: LabNodePlan) => path.join(n.dir, 'ssh_host_ed25519_key'),
  sshdPid: (n: LabNodePlan) => path.join(n.dir, 'sshd.pid'),
  /** A worker's Pi sensor files and its vcgencmd (see docs/lab.md, "Pi sensors"). */
  sensors: (n: LabNodePlan) => path.join(n.dir, 'sensors'),
  sshdLog: (n: LabNodePlan) => path.join(n.dir, 'sshd.log'),
  nginxPrefix: (n: LabNodePlan) => path.join(n.dir, 'nginx'),
  nginxConfig: (n: LabNodePlan) => path.join(n.dir, 'nginx', 'nginx.conf'),
  nginxLog: (n: LabNodePlan) => path.join(n.dir, 'nginx', 'error.log'),
  webappLog: (n: LabNodePlan) => path.join(n.dir, 'webapp.log'),
  haproxyConfig: (n: LabNodePlan) => path.join(n.dir, 'haproxy.cfg'),
  haproxyPid: (n: LabNodePlan) => path.join(n.dir, 'haproxy.pid'),
  haproxyLog: (n: LabNodePlan) => path.join(n.dir, 'haproxy.log'),
  adminSocket: (n: LabNodePlan) => path.join(n.dir, 'admin.sock'),
  /** The head's server certificate and key, for HAProxy's `bind … ssl crt`. */
  headTlsPem: (n: LabNodePlan) => path.join(n.dir, 'tls.pem'),
  /** Where a worker's app writes each POST /api/write body. */
  writesDir: (n: LabNodePlan) => path.join(n.dir, 'writes'),
  masterSocket: (n: LabNodePlan) => path.join(n.dir, 'master.sock'),
};

/** The port a service answers on, for readiness checks. */
export function servicePort(service: LabServiceName): number {
  switch (service) {
    case 'sshd':
      return SSH_PORT;
    case 'haproxy':
    case 'nginx':
      return HTTP_PORT;
    case 'webapp':
      return APP_PORT;
  }
}

export function defaultLabDir(env: NodeJS.ProcessEnv, homeDir: string): string {
  const explicit = env['PICON_LAB_DIR'];
  if (explicit !== undefined && explicit !== '') return path.resolve(explicit);
  const data = env['XDG_DATA_HOME'];
  const base = data !== undefined && data !== '' && path.isAbsolute(data) ? data : path.join(homeDir, '.local', 'share');
  return path.join(base, 'picon', 'lab');
}

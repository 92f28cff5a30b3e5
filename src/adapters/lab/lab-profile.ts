import { shellQuote } from '../../core/remote/shell-quote.js';
import { LAB_APP_BACKEND, LAB_BACKEND } from './haproxy-config.js';
import { APP_FRONTEND_PORT, APP_PORT, HTTP_PORT, HTTPS_PORT, labFiles, SSH_PORT, type LabPlan } from './lab-plan.js';

export const LAB_PROFILE_NAME = 'lab';

export interface LabProfileInput {
  readonly plan: LabPlan;
  readonly user: string;
  /** Absolute path of the node binary that runs picon (process.execPath). */
  readonly nodeBin: string;
  /** Absolute path of dist/cli/main.js. */
  readonly mainJs: string;
}

/**
 * The service-control command templates. Restart calls the lab itself over SSH on the node; the
 * check, which the health prober runs every 15 s on every node, reads the service's pid file and
 * looks in /proc with shell builtins only, as cheap as `systemctl is-active` (`picon lab is-active`
 * starts Node.js, far too costly to run that often on 50 nodes).
 */
export function labServiceControl(input: Omit<LabProfileInput, 'user'>): { restart: string; isActive: string } {
  const base = `${shellQuote(input.nodeBin)} ${shellQuote(input.mainJs)} lab`;
  const dir = shellQuote(input.plan.dir);
  const pids = shellQuote(`${labFiles.pids(input.plan.dir)}/`);
  return {
    restart: `${base} restart --dir ${dir} {node} {service}`,
    // Prints and exits like `systemctl is-active`: "active" (0) or "inactive" (3). /proc, not
    // `kill -0`, so that any login user sees root's services (as systemctl lets them); a pid file
    // the user may not read is "could not run" (126), never "inactive".
    isActive:
      `if read -r pid 2>/dev/null < ${pids}{node}.{service}; then if [ -d "/proc/$pid" ]; then echo active; else echo inactive; exit 3; fi; ` +
      `elif [ -e ${pids}{node}.{service} ] || ! [ -x ${pids} ]; then echo cannot read ${pids}{node}.{service}; exit 126; ` +
      `else echo inactive; exit 3; fi`,
  };
}

/**
 * The `lab` profile as plain data, in the shape src/core/profile/schema.ts accepts (the caller
 * validates it before writing).
 */
export function labProfileData(input: LabProfileInput): Record<string, unknown> {
  const { plan } = input;
  const head = plan.head;
  const first = plan.workerNodes[0];
  const fast = plan.workerNodes.find((w) => w.speed > 1) ?? first;
  const frontendUrl = `http://${head.address}:${HTTP_PORT}/`;
  const shape = plan.workers === undefined ? 'head + p1, p2, p3 (Pi Zero) + pi3 (Pi 3)' : `head + ${plan.workers} workers`;
  return {
    name: LAB_PROFILE_NAME,
    description: `picon lab on ${plan.subnet}.0/24 (${shape}); files in ${plan.dir}`,
    knownHosts: labFiles.knownHosts(plan.dir),
    ssh: { user: input.user, port: SSH_PORT, identityFile: labFiles.clientKey(plan.dir) },
    serviceControl: labServiceControl(input),
    urls: { nginx: `http://{address}:${HTTP_PORT}`, app: `http://{address}:${APP_PORT}` },
    head: {
      name: head.name,
      address: head.address,
      model: head.model,
      services: ['haproxy'],
      haproxy: {
        sockets: [labFiles.adminSocket(head)],
        masterSocket: labFiles.masterSocket(head),
        backends: [LAB_BACKEND],
        frontendUrl,
        frontendHttpsUrl: `https://${head.address}:${HTTPS_PORT}/`,
        frontendAppUrl: `http://${head.address}:${APP_FRONTEND_PORT}/`,
        appBackend: LAB_APP_BACKEND,
        config: labFiles.haproxyConfig(head),
      },
    },
    tls: { ca: labFiles.caCert(plan.dir) },
    workers: plan.workerNodes.map((w) => ({ name: w.name, address: w.address, model: w.model, services: ['nginx', 'webapp'] })),
    loadTests: [
      { name: 'home', description: 'The cached homepage through HAProxy', target: 'frontend', path: '/', concurrency: 20, requests: 2000 },
      { name: 'work', description: 'CPU-bound /api/work through HAProxy', target: 'frontend', path: '/api/work', concurrency: 8, requests: 400 },
      { name: 'home-tls', description: 'The cached homepage through HAProxy over https (the lab CA)', target: 'frontend', https: true, path: '/', concurrency: 20, requests: 2000 },
      {
        name: 'mix',
        description: '70 % the homepage, 25 % /api/work, 5 % a form POSTed to /api/write (fsynced)',
        target: 'frontend',
        concurrency: 8,
        requests: 400,
        mix: [
          { name: 'home', weight: 70, path: '/' },
          { name: 'work', weight: 25, path: '/api/work' },
          { name: 'write', weight: 5, method: 'POST', path: '/api/write', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'name=picon&note=a+lab+write' },
        ],
      },
      ...(first === undefined
        ? []
        : [{ name: `${first.name}-nginx`, description: `${first.name}'s nginx cache directly`, target: 'nginx', node: first.name, path: '/', concurrency: 10, requests: 1000 }]),
      ...(fast === undefined
        ? []
        : [{ name: `${fast.name}-app`, description: `${fast.name}'s app directly, no cache`, target: 'app', node: fast.name, path: '/api/work', concurrency: 4, requests: 200 }]),
    ],
  };
}

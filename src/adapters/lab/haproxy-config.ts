import { APP_FRONTEND_PORT, APP_PORT, HTTP_PORT, HTTPS_PORT, labFiles, type LabNodePlan } from './lab-plan.js';

export const LAB_BACKEND = 'web';
/** The apps themselves, behind their own frontend; picon's actions leave it alone (it is not in the profile's backends). */
export const LAB_APP_BACKEND = 'apps';

export interface HaproxyConfigInput {
  readonly head: LabNodePlan;
  readonly workers: readonly LabNodePlan[];
}

/**
 * haproxy.cfg for the head, shaped like a Pi cluster's: one HTTP frontend, backend `web` with one
 * health-checked server per worker (and the same frontend over https on HTTPS_PORT) (named like the worker, weight 1), an admin stats socket that
 * hands its listeners over on reload. A second frontend (APP_FRONTEND_PORT) sends to backend `apps`,
 * whose servers are the workers' apps, bypassing nginx. Master-worker mode comes from the command line (-W -S).
 */
export function haproxyConfig({ head, workers }: HaproxyConfigInput): string {
  return [
    '# picon lab: HAProxy on the head',
    'global',
    `    stats socket ${labFiles.adminSocket(head)} mode 600 level admin expose-fd listeners`,
    '    stats timeout 2m',
    '    maxconn 4096',
    '',
    'defaults',
    '    mode http',
    '    timeout connect 2s',
    '    timeout client 30s',
    '    timeout server 30s',
    '    timeout http-request 10s',
    '    timeout check 2s',
    '',
    'frontend http',
    `    bind ${head.address}:${HTTP_PORT}`,
    `    default_backend ${LAB_BACKEND}`,
    '',
    // The same frontend over https, with the lab CA's certificate for the head (lab-tls.ts).
    'frontend https',
    `    bind ${head.address}:${HTTPS_PORT} ssl crt ${labFiles.headTlsPem(head)} alpn http/1.1`,
    `    default_backend ${LAB_BACKEND}`,
    '',
    `backend ${LAB_BACKEND}`,
    '    balance roundrobin',
    '    option httpchk GET /',
    ...workers.map((w) => `    server ${w.name} ${w.address}:${HTTP_PORT} check inter 1s fall 2 rise 2 weight 1`),
    '',
    'frontend apps',
    `    bind ${head.address}:${APP_FRONTEND_PORT}`,
    `    default_backend ${LAB_APP_BACKEND}`,
    '',
    `backend ${LAB_APP_BACKEND}`,
    '    balance roundrobin',
    '    option httpchk GET /health',
    ...workers.map((w) => `    server ${w.name} ${w.address}:${APP_PORT} check inter 2s fall 2 rise 2 weight 1`),
    '',
  ].join('\n');
}

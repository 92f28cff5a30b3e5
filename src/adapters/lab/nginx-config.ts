import path from 'node:path';
import { APP_PORT, HTTP_PORT, labFiles, type LabNodePlan } from './lab-plan.js';

export interface NginxConfigInput {
  readonly node: LabNodePlan;
  /** Set only when running as root: the user nginx's workers run as. */
  readonly user?: string;
}

/**
 * nginx for one worker: a cache in front of the node's app. `/` is cached (like a homepage);
 * every other path goes straight through. Everything (pid, temp, cache, logs) stays in the
 * node's own prefix.
 */
export function nginxConfig({ node, user }: NginxConfigInput): string {
  const prefix = labFiles.nginxPrefix(node);
  const p = (name: string) => path.join(prefix, name);
  return [
    `# picon lab: nginx for ${node.name}`,
    ...(user !== undefined ? [`user ${user};`] : []),
    'daemon off;',
    'master_process on;',
    'worker_processes 1;',
    `pid ${p('nginx.pid')};`,
    `error_log ${labFiles.nginxLog(node)} warn;`,
    '',
    'events {',
    '    worker_connections 1024;',
    '}',
    '',
    'http {',
    '    access_log off;',
    '    default_type application/octet-stream;',
    '    keepalive_timeout 30s;',
    `    client_body_temp_path ${p('temp/client')};`,
    `    proxy_temp_path ${p('temp/proxy')};`,
    `    fastcgi_temp_path ${p('temp/fastcgi')};`,
    `    uwsgi_temp_path ${p('temp/uwsgi')};`,
    `    scgi_temp_path ${p('temp/scgi')};`,
    `    proxy_cache_path ${p('cache')} levels=1 keys_zone=page:1m max_size=16m inactive=10m;`,
    '',
    '    upstream app {',
    `        server ${node.address}:${APP_PORT};`,
    '        keepalive 16;',
    '    }',
    '',
    '    server {',
    `        listen ${node.address}:${HTTP_PORT};`,
    `        server_name ${node.name};`,
    '        proxy_http_version 1.1;',
    '        proxy_set_header Connection "";',
    '        proxy_set_header Host $host;',
    '',
    '        location = / {',
    '            proxy_pass http://app;',
    '            proxy_cache page;',
    '            proxy_cache_valid 200 10s;',
    '            proxy_cache_lock on;',
    '            add_header X-Cache-Status $upstream_cache_status always;',
    '        }',
    '',
    '        location / {',
    '            proxy_pass http://app;',
    '        }',
    '    }',
    '}',
    '',
  ].join('\n');
}

/** Directories nginx needs before it starts (it creates the last level of temp paths itself). */
export function nginxDirs(node: LabNodePlan): string[] {
  const prefix = labFiles.nginxPrefix(node);
  return [prefix, path.join(prefix, 'temp'), path.join(prefix, 'cache'), path.join(prefix, 'logs')];
}

import path from 'node:path';
import type { ProfileData } from './schema.js';
import type { MetricsSpec, NodeSpec, NodeSsh, Profile, ServerRef } from './profile.js';

export interface ProfileIssue {
  /** Field path inside the profile, e.g. ["workers", 2, "ssh", "jump"]. */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

// Not a Result: a failure carries every issue found, each with its path.
export type ResolveResult =
  | { readonly ok: true; readonly profile: Profile }
  | { readonly ok: false; readonly issues: readonly ProfileIssue[] };

export interface ResolveContext {
  /** Absolute path of the profile file. */
  readonly file: string;
  readonly homeDir: string;
}

function expandPath(p: string, ctx: ResolveContext): string {
  if (p === '~') return ctx.homeDir;
  if (p.startsWith('~/')) return path.join(ctx.homeDir, p.slice(2));
  return path.resolve(path.dirname(ctx.file), p);
}

const TEMPLATE_FIELDS = ['{service}', '{node}'];

function placeholderIssues(template: string | undefined, allowed: readonly string[], path: (string | number)[]): ProfileIssue[] {
  if (template === undefined) return [];
  const unknown = (template.match(/\{[^}]*\}/g) ?? []).filter((p) => !allowed.includes(p));
  return unknown.length === 0
    ? []
    : [{ path, message: `unknown placeholder ${unknown.join(', ')} (allowed: ${allowed.join(', ')})` }];
}

function duplicateIssues(values: readonly string[], path: (string | number)[], what: string): ProfileIssue[] {
  return values.flatMap((value, i) =>
    values.indexOf(value) < i ? [{ path: [...path, i], message: `${what} "${value}" is listed twice` }] : []);
}

/** Templates use only known placeholders, URL templates are http(s), lists hold no repeats. */
function checkTemplatesAndLists(data: ProfileData): ProfileIssue[] {
  const issues: ProfileIssue[] = [];
  type Control = { readonly restart?: string; readonly isActive?: string } | undefined;
  const controls: [Control, (string | number)[]][] = [
    [data.serviceControl, ['serviceControl']],
    [data.head.serviceControl, ['head', 'serviceControl']],
    ...data.workers.map((w, i): [Control, (string | number)[]] => [w.serviceControl, ['workers', i, 'serviceControl']]),
  ];
  for (const [control, path] of controls) {
    issues.push(...placeholderIssues(control?.restart, TEMPLATE_FIELDS, [...path, 'restart']));
    issues.push(...placeholderIssues(control?.isActive, TEMPLATE_FIELDS, [...path, 'isActive']));
  }
  for (const key of ['nginx', 'app'] as const) {
    const template = data.urls?.[key];
    if (template === undefined) continue;
    const path = ['urls', key];
    const bad = placeholderIssues(template, ['{address}'], path);
    issues.push(...bad);
    if (bad.length > 0) continue;
    let protocol = '';
    try {
      protocol = new URL(template.replaceAll('{address}', 'node.example')).protocol;
    } catch {
      protocol = '';
    }
    if (protocol !== 'http:' && protocol !== 'https:') {
      issues.push({ path, message: `must be an http(s) URL with {address} in it (got "${template}")` });
    }
  }
  if (data.metrics !== undefined) {
    issues.push(...placeholderIssues(data.metrics.match.value, ['{name}', '{address}'], ['metrics', 'match', 'value']));
    if (data.metrics.match.labels?.[data.metrics.match.label] !== undefined) {
      issues.push({ path: ['metrics', 'match', 'labels', data.metrics.match.label], message: `is match.label already; give its value per node in match.value` });
    }
  }
  issues.push(...duplicateIssues(data.head.haproxy.sockets, ['head', 'haproxy', 'sockets'], 'socket'));
  issues.push(...duplicateIssues(data.head.haproxy.backends, ['head', 'haproxy', 'backends'], 'backend'));
  issues.push(...duplicateIssues(data.head.services, ['head', 'services'], 'service'));
  data.workers.forEach((w, i) => issues.push(...duplicateIssues(w.services, ['workers', i, 'services'], 'service')));
  data.loadTests.forEach((preset, i) => {
    if (preset.target === 'frontend' && data.head.haproxy.frontendUrl === undefined) {
      issues.push({ path: ['loadTests', i, 'target'], message: 'target "frontend" needs head.haproxy.frontendUrl' });
    }
  });
  return issues;
}

function metricsSpec(data: NonNullable<ProfileData['metrics']>, nodes: readonly NodeSpec[]): MetricsSpec {
  const { label } = data.match;
  const template = data.match.value ?? (label === 'instance' ? '{address}:9100' : '{name}');
  return {
    prometheus: data.prometheus.replace(/\/+$/, ''),
    label,
    labelValues: new Map(nodes.map((n) => [n.name, template.replaceAll('{name}', n.name).replaceAll('{address}', n.address)])),
    labels: data.match.labels ?? {},
    window: data.window,
    timeoutMs: Math.round(data.timeoutSeconds * 1000),
  };
}

/**
 * Turns schema-valid data into a Profile, checking what a schema of single fields cannot:
 * unique names, jump hosts that exist and do not loop, servers in backends of interest,
 * presets naming real nodes.
 */
export function resolveProfile(data: ProfileData, ctx: ResolveContext): ResolveResult {
  const issues: ProfileIssue[] = [];
  const defaults = data.ssh ?? {};
  const backends = data.head.haproxy.backends;

  // `jump: head` means the head node, whatever its name, unless a worker is called "head".
  const jumpTarget = (jump: string): string =>
    jump === 'head' && !data.workers.some((w) => w.name === 'head') ? data.head.name : jump;
  const ssh = (own: ProfileData['ssh']): NodeSsh => {
    const merged = { ...defaults, ...(own ?? {}) };
    return {
      ...(merged.user !== undefined && { user: merged.user }),
      ...(merged.port !== undefined && { port: merged.port }),
      ...(merged.identityFile !== undefined && { identityFile: expandPath(merged.identityFile, ctx) }),
      ...(own?.jump !== undefined && { jump: jumpTarget(own.jump) }),
    };
  };

  const head: NodeSpec = {
    name: data.head.name,
    role: 'head',
    address: data.head.address,
    ...(data.head.model !== undefined && { model: data.head.model }),
    ...(data.head.tags !== undefined && data.head.tags.length > 0 && { tags: data.head.tags }),
    ssh: ssh(data.head.ssh),
    services: data.head.services,
    serviceControl: { ...data.serviceControl, ...(data.head.serviceControl ?? {}) },
    servers: [],
  };

  const workers: NodeSpec[] = data.workers.map((w, i) => {
    const servers: ServerRef[] = (w.servers ?? backends.map((b) => `${b}/${w.name}`)).map((ref) => {
      const [backend = '', server = ''] = ref.split('/');
      return { backend, server };
    });
    servers.forEach((s, j) => {
      if (!backends.includes(s.backend)) {
        issues.push({
          path: ['workers', i, 'servers', j],
          message: `backend "${s.backend}" is not in head.haproxy.backends (${backends.join(', ')})`,
        });
      }
    });
    return {
      name: w.name,
      role: 'worker',
      address: w.address,
      ...(w.model !== undefined && { model: w.model }),
      ...(w.tags !== undefined && w.tags.length > 0 && { tags: w.tags }),
      ssh: ssh(w.ssh),
      services: w.services,
      serviceControl: { ...data.serviceControl, ...(w.serviceControl ?? {}) },
      servers,
    };
  });

  const nodes = [head, ...workers];
  const nodePath = (index: number): (string | number)[] => (index === 0 ? ['head'] : ['workers', index - 1]);
  const seen = new Map<string, number>();
  nodes.forEach((node, index) => {
    const first = seen.get(node.name);
    if (first !== undefined) {
      issues.push({ path: [...nodePath(index), 'name'], message: `node name "${node.name}" is used twice` });
    } else {
      seen.set(node.name, index);
    }
  });

  const serverOwners = new Map<string, string>();
  workers.forEach((w, i) =>
    w.servers.forEach((s, j) => {
      const key = `${s.backend}/${s.server}`;
      const owner = serverOwners.get(key);
      if (owner !== undefined) {
        issues.push({ path: ['workers', i, 'servers', j], message: `server ${key} already belongs to ${owner}` });
      } else {
        serverOwners.set(key, w.name);
      }
    }),
  );

  nodes.forEach((node, index) => {
    const jump = node.ssh.jump;
    if (jump === undefined) return;
    const where = [...nodePath(index), 'ssh', 'jump'];
    if (jump === node.name) {
      issues.push({ path: where, message: 'a node cannot jump through itself' });
      return;
    }
    const via = nodes.find((n) => n.name === jump);
    if (via === undefined) {
      issues.push({ path: where, message: `no node named "${jump}" (nodes: ${nodes.map((n) => n.name).join(', ')})` });
    } else if (via.ssh.jump !== undefined) {
      issues.push({ path: where, message: `"${jump}" itself jumps through "${via.ssh.jump}"; only one hop is supported` });
    }
  });

  data.loadTests.forEach((preset, i) => {
    if (preset.target !== 'frontend' && preset.node === undefined) {
      issues.push({ path: ['loadTests', i, 'node'], message: `target "${preset.target}" needs a node` });
    }
    if (preset.node !== undefined && !workers.some((w) => w.name === preset.node)) {
      issues.push({ path: ['loadTests', i, 'node'], message: `no worker named "${preset.node}"` });
    }
    if (preset.https === true && preset.target !== 'frontend') {
      issues.push({ path: ['loadTests', i, 'https'], message: `https is for target "frontend" (head.haproxy.frontendHttpsUrl); for ${preset.target}, give an https URL in urls.${preset.target}` });
    }
    if (preset.https === true && data.head.haproxy.frontendHttpsUrl === undefined) {
      issues.push({ path: ['loadTests', i, 'https'], message: 'https: true needs head.haproxy.frontendHttpsUrl' });
    }
    if (preset.mix !== undefined && (preset.body !== undefined || preset.method !== 'GET')) {
      issues.push({ path: ['loadTests', i, 'mix'], message: "a mix gives each request its own method and body; move the preset's method and body into the mix" });
    }
    if (preset.requests !== undefined && preset.durationSeconds !== undefined) {
      issues.push({ path: ['loadTests', i], message: 'give requests or durationSeconds, not both' });
    }
  });
  const presetNames = new Set<string>();
  data.loadTests.forEach((preset, i) => {
    if (presetNames.has(preset.name)) issues.push({ path: ['loadTests', i, 'name'], message: `preset "${preset.name}" is defined twice` });
    presetNames.add(preset.name);
  });

  issues.push(...checkTemplatesAndLists(data));

  if (issues.length > 0) return { ok: false, issues };

  const profile: Profile = {
    name: data.name ?? path.basename(ctx.file).replace(/\.ya?ml$/i, ''),
    file: ctx.file,
    ...(data.description !== undefined && { description: data.description }),
    knownHostsFiles: data.knownHosts !== undefined ? [expandPath(data.knownHosts, ctx)] : [],
    head,
    haproxy: {
      sockets: data.head.haproxy.sockets,
      ...(data.head.haproxy.masterSocket !== undefined && { masterSocket: data.head.haproxy.masterSocket }),
      backends,
      ...(data.head.haproxy.frontendUrl !== undefined && { frontendUrl: data.head.haproxy.frontendUrl }),
      ...(data.head.haproxy.frontendHttpsUrl !== undefined && { frontendHttpsUrl: data.head.haproxy.frontendHttpsUrl }),
      ...(data.head.haproxy.frontendAppUrl !== undefined && { frontendAppUrl: data.head.haproxy.frontendAppUrl }),
      ...(data.head.haproxy.appBackend !== undefined && { appBackend: data.head.haproxy.appBackend }),
      config: data.head.haproxy.config,
    },
    workers,
    nodes,
    urls: data.urls ?? { nginx: 'http://{address}:80', app: 'http://{address}:8080' },
    loadTests: data.loadTests,
    ...(data.metrics !== undefined && { metrics: metricsSpec(data.metrics, nodes) }),
    ...(data.tls !== undefined && { tls: { ca: expandPath(data.tls.ca, ctx) } }),
  };
  return { ok: true, profile };
}

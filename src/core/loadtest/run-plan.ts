import type { Profile } from '../profile/profile.js';
import { MAX_ENGINE_THREADS, type LoadTestPreset } from '../profile/schema.js';
import type { EngineName } from './load-test-result.js';
import { mixKinds, type MixKind } from './mix.js';
import { urlTextProblem } from './request-fields.js';
import { planTls } from './tls-plan.js';
import { failure, success, type Result } from '../result.js';

/** Exactly what one run will do, decided before anything runs. Pure. */

export type RunLimit =
  | { readonly kind: 'requests'; readonly requests: number }
  | { readonly kind: 'duration'; readonly seconds: number };

export type TargetKind = LoadTestPreset['target'] | 'url';

export interface RunPlan {
  readonly url: string;
  /** Undefined for a bare `--url`. */
  readonly preset?: string;
  readonly target: TargetKind;
  /** The node for target nginx or app. */
  readonly node?: string;
  readonly method: LoadTestPreset['method'];
  readonly concurrency: number;
  readonly limit: RunLimit;
  readonly keepAlive: boolean;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly engine: EngineName;
  /** The node ab runs on (engine ab). */
  readonly from?: string;
  /** The built-in engine's worker threads, where the preset or the command line sets them. */
  readonly threads?: number;
  /** A preset's mix: these requests interleaved by weight instead of one (url gives the origin). */
  readonly mix?: readonly MixKind[];
  /** https: the CA file the certificate is checked against (else Node's CA list). */
  readonly ca?: string;
  /** https: the certificate is not checked (--insecure). */
  readonly insecure?: true;
  /** A fixed-rate run (`--rate`): requests a second on a schedule, every connection together (send-schedule.ts). */
  readonly rate?: number;
}

export const CAPS = {
  defaultRequests: 10_000,
  maxRequests: 200_000,
  defaultDurationSeconds: 30,
  maxDurationSeconds: 300,
  maxConcurrency: 1000,
  maxThreads: MAX_ENGINE_THREADS,
  maxRate: 1_000_000,
} as const;

/** What the command line may change about a preset. */
export interface RunOverrides {
  readonly concurrency?: number;
  readonly requests?: number;
  readonly durationSeconds?: number;
  readonly url?: string;
  readonly node?: string;
  readonly engine?: EngineName;
  readonly from?: string;
  readonly threads?: number;
  /** `--ca FILE` (absolute). */
  readonly ca?: string;
  readonly insecure?: boolean;
  readonly rate?: number;
}

export type RunPlanResult = Result<RunPlan>;

const preset = (p: Omit<LoadTestPreset, 'method' | 'concurrency' | 'keepAlive'> & Partial<LoadTestPreset>): LoadTestPreset => ({
  method: 'GET',
  concurrency: 100,
  keepAlive: true,
  ...p,
});

/** The seed's experiments: the cached homepage and an uncached endpoint, through HAProxy and per node. */
export function defaultPresets(profile: Profile): readonly LoadTestPreset[] {
  const first = profile.workers[0]?.name;
  return [
    preset({ name: 'home', description: 'The homepage through HAProxy (ab -k -c 100 -n 10000)', target: 'frontend', path: '/', requests: 10_000 }),
    preset({ name: 'work', description: 'An uncached endpoint through HAProxy', target: 'frontend', path: '/api/work', requests: 1_000 }),
    preset({ name: 'node-nginx', description: "One node's nginx (--node)", target: 'nginx', node: first, path: '/', requests: 10_000 }),
    preset({ name: 'node-app', description: "One node's app directly, no cache (--node)", target: 'app', node: first, path: '/api/work', requests: 1_000 }),
  ];
}

/** The profile's presets, or the defaults when it has none. */
export function presetsOf(profile: Profile): readonly LoadTestPreset[] {
  return profile.loadTests.length > 0 ? profile.loadTests : defaultPresets(profile);
}

/** An absolute http(s) URL, or the reason it is not one. */
export function checkHttpUrl(text: string): Result<string> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return failure(`"${text}" is not a URL (expected http://host[:port]/path)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return failure(`"${text}" is not an http(s) URL`);
  }
  return success(url.href);
}

function joinPath(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

function targetUrl(profile: Profile, p: LoadTestPreset, node: string | undefined): Result<string> {
  if (p.target === 'frontend') {
    const field = p.https === true ? 'frontendHttpsUrl' : 'frontendUrl';
    const base = profile.haproxy[field];
    if (base === undefined) return failure(`preset "${p.name}" targets the frontend but the profile has no head.haproxy.${field}; give --url`);
    return checkHttpUrl(joinPath(base, p.path));
  }
  const worker = profile.workers.find((w) => w.name === node);
  if (worker === undefined) {
    const names = profile.workers.map((w) => w.name).join(', ');
    return failure(node === undefined ? `preset "${p.name}" needs --node (one of ${names})` : `no worker named "${node}" (workers: ${names})`);
  }
  return checkHttpUrl(joinPath(profile.urls[p.target].replaceAll('{address}', worker.address), p.path));
}

function limitOf(p: LoadTestPreset | undefined, o: RunOverrides): RunLimit | string {
  if (o.requests !== undefined && o.durationSeconds !== undefined) return 'give -n or -d, not both';
  if (o.requests !== undefined) return { kind: 'requests', requests: o.requests };
  if (o.durationSeconds !== undefined) return { kind: 'duration', seconds: o.durationSeconds };
  if (p?.requests !== undefined) return { kind: 'requests', requests: p.requests };
  if (p?.durationSeconds !== undefined) return { kind: 'duration', seconds: p.durationSeconds };
  return { kind: 'requests', requests: CAPS.defaultRequests };
}

/** The cap a plan breaks, as one line; undefined when it is within every cap. */
export function capViolation(plan: Pick<RunPlan, 'limit' | 'concurrency'>): string | undefined {
  const { limit, concurrency } = plan;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > CAPS.maxConcurrency) {
    return `concurrency ${concurrency} is outside 1-${CAPS.maxConcurrency}`;
  }
  if (limit.kind === 'requests') {
    if (!Number.isInteger(limit.requests) || limit.requests < 1) return `requests must be a whole number above 0, not ${limit.requests}`;
    if (limit.requests > CAPS.maxRequests) return `${limit.requests} requests is over the hard cap of ${CAPS.maxRequests}`;
    if (limit.requests < concurrency) return `${limit.requests} requests is fewer than the concurrency (${concurrency})`;
  } else {
    if (!(limit.seconds > 0)) return `duration must be above 0 seconds, not ${limit.seconds}`;
    if (limit.seconds > CAPS.maxDurationSeconds) return `${limit.seconds} s is over the hard cap of ${CAPS.maxDurationSeconds} s`;
  }
  return undefined;
}

/** A fixed rate that cannot run: not a positive number, or -n at that rate takes past the duration cap. */
export function rateProblem(rate: number, limit: RunLimit): string | undefined {
  if (!(Number.isFinite(rate) && rate > 0 && rate <= CAPS.maxRate)) return `--rate must be a number of requests a second above 0 and up to ${CAPS.maxRate}, not ${rate}`;
  if (limit.kind === 'requests' && limit.requests / rate > CAPS.maxDurationSeconds) {
    return `-n ${limit.requests} at --rate ${rate} takes ${Math.ceil(limit.requests / rate)} s, over the ${CAPS.maxDurationSeconds} s cap; give -d SECONDS or a higher rate`;
  }
  return undefined;
}

/**
 * A preset (or a bare `--url`) plus command-line overrides → the run. The target URL only ever
 * comes from a preset or an explicit `--url`.
 */
export function planRun(profile: Profile, presetName: string | undefined, o: RunOverrides = {}): RunPlanResult {
  const engine = o.engine ?? 'builtin';
  let p: LoadTestPreset | undefined;
  if (presetName !== undefined) {
    p = presetsOf(profile).find((x) => x.name === presetName);
    if (p === undefined) {
      const names = presetsOf(profile).map((x) => x.name).join(', ');
      return failure(`no preset named "${presetName}" (presets: ${names})`);
    }
  } else if (o.url === undefined) {
    return failure('name a preset or give --url');
  }
  if (o.node !== undefined && (p === undefined || p.target === 'frontend')) {
    const what = p === undefined ? 'a bare --url goes where the URL says' : `preset "${p.name}" targets the frontend, where HAProxy picks the node`;
    return { ok: false, reason: `--node ${o.node}: ${what}; --node is for an nginx or app preset` };
  }
  const node = o.node ?? p?.node;
  const urlProblem = o.url === undefined ? undefined : urlTextProblem(o.url);
  if (urlProblem !== undefined) return failure(`--url ${JSON.stringify(o.url)}: ${urlProblem}`);
  const url = o.url !== undefined ? checkHttpUrl(o.url) : targetUrl(profile, p as LoadTestPreset, node);
  if (!url.ok) return url;
  const limit = limitOf(p, o);
  if (typeof limit === 'string') return failure(limit);
  const concurrency = o.concurrency ?? p?.concurrency ?? 100;
  const over = capViolation({ limit, concurrency });
  if (over !== undefined) return failure(over);
  let from: string | undefined;
  if (engine === 'ab') {
    from = o.from ?? profile.head.name;
    if (!profile.nodes.some((n) => n.name === from)) {
      return failure(`no node named "${from}" to run ab from (nodes: ${profile.nodes.map((n) => n.name).join(', ')})`);
    }
    if (p?.mix !== undefined) return failure(`preset "${p.name}" is a mix of requests, which ab cannot send (it repeats one request); use --engine builtin`);
    if (p?.body !== undefined) return failure(`preset "${p.name}" has a body, which the ab engine cannot send; use --engine builtin`);
    if (o.threads !== undefined) return failure('--threads is for the built-in engine (ab runs one thread)');
    if (o.rate !== undefined) return failure('--rate: ab cannot send at a fixed rate; use the built-in engine (--engine builtin)');
  } else if (o.from !== undefined) {
    return failure('--from is for --engine ab (the built-in engine runs here)');
  }
  const threads = engine === 'builtin' ? (o.threads ?? p?.threads) : undefined;
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1 && threads <= CAPS.maxThreads)) {
    return failure(`threads must be a whole number from 1 to ${CAPS.maxThreads}, not ${threads}`);
  }
  if (o.rate !== undefined) {
    const problem = rateProblem(o.rate, limit);
    if (problem !== undefined) return failure(problem);
  }
  const tls = planTls({ url: url.value, engine, ...(o.ca !== undefined && { caFlag: o.ca }), ...(o.insecure === true && { insecure: true }), ...(profile.tls !== undefined && { profileCa: profile.tls.ca }) });
  if (!tls.ok) return tls;
  const target = o.url !== undefined ? 'url' : (p as LoadTestPreset).target;
  return success({
    url: url.value,
    ...(p !== undefined && { preset: p.name }),
    target,
    ...(target !== 'frontend' && target !== 'url' && node !== undefined && { node }),
    method: p?.method ?? 'GET',
    concurrency,
    limit,
    keepAlive: p?.keepAlive ?? true,
    headers: p?.headers ?? {},
    ...(p?.body !== undefined && { body: p.body }),
    engine,
    ...(from !== undefined && { from }),
    ...(threads !== undefined && { threads }),
    ...(p?.mix !== undefined && { mix: mixKinds(p, p.mix) }),
    ...tls.value,
    ...(o.rate !== undefined && { rate: o.rate }),
  });
}

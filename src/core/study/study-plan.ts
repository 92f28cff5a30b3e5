import type { EngineName } from '../loadtest/load-test-result.js';
import { planRun, presetsOf, type RunPlan } from '../loadtest/run-plan.js';
import type { Profile } from '../profile/profile.js';
import type { StudyColumn, StudyEndpoint, StudySettings, StudyTargetKind } from './study-result.js';

/**
 * A study's matrix, decided before anything runs: the columns (targets) from the profile, the
 * endpoints, and for each endpoint × column the run plan one round of that cell runs. Pure.
 */

export interface StudyOptions {
  readonly rounds: number;
  readonly seconds: number;
  readonly restSeconds: number;
  readonly concurrency: number;
  readonly engine: EngineName;
  readonly includeFlagged: boolean;
  /** Column ids or kinds to keep ("cluster", "app", "nginx:p1"); absent: every column. */
  readonly only?: readonly string[];
  /** Endpoint ids to keep ("cached", "work"); absent: both. */
  readonly endpoints?: readonly string[];
  /** `--ca FILE` (absolute) and `--insecure`, for the https column. */
  readonly ca?: string;
  readonly insecure?: boolean;
  readonly threads?: number;
}

export interface StudyCellPlan {
  readonly column: StudyColumn;
  readonly endpoint: StudyEndpoint;
  readonly plan: RunPlan;
}

export interface StudyPlan {
  readonly columns: readonly StudyColumn[];
  readonly endpoints: readonly StudyEndpoint[];
  /** Endpoint by endpoint, columns in order: the order of one round. */
  readonly cells: readonly StudyCellPlan[];
  readonly settings: StudySettings;
}

export type StudyPlanResult = { readonly ok: true; readonly plan: StudyPlan } | { readonly ok: false; readonly reason: string };

const DEFAULT_WORK_PATH = '/api/work';

/** The uncached endpoint: the path of the profile's `work` preset, else of its first app preset, else /api/work. */
export function workPath(profile: Profile): string {
  const presets = presetsOf(profile);
  const work = presets.find((p) => p.name === 'work' && p.mix === undefined) ?? presets.find((p) => p.target === 'app' && p.mix === undefined);
  return work?.path ?? DEFAULT_WORK_PATH;
}

export function studyEndpoints(profile: Profile): StudyEndpoint[] {
  const work = workPath(profile);
  return [
    { id: 'cached', title: 'Cached homepage (/)', path: '/', cached: true },
    { id: 'work', title: `Uncached work (${work})`, path: work, cached: false },
  ];
}

const origin = (url: string): string => url.replace(/\/+$/, '');

/**
 * The seed's columns: the cluster through HAProxy, through HAProxy straight to the apps, each
 * distinct worker model alone via its nginx and via its app; then the cluster over https.
 * A column needs its URL in the profile; the first worker of a model stands for the model.
 */
export function studyColumns(profile: Profile): StudyColumn[] {
  const h = profile.haproxy;
  const cluster = (id: StudyTargetKind, heading: string, url: string | undefined, viaNginx: boolean, tls: boolean): StudyColumn[] =>
    url === undefined ? [] : [{ id, heading, kind: id, baseUrl: origin(url), viaHaproxy: true, viaNginx, tls }];
  const models = new Map<string, { node: string; address: string }>();
  for (const w of profile.workers) {
    const model = w.model ?? w.name;
    if (!models.has(model)) models.set(model, { node: w.name, address: w.address });
  }
  const singles = [...models].flatMap(([model, { node, address }]): StudyColumn[] => {
    const base = (kind: 'nginx' | 'app'): string => origin(profile.urls[kind].replaceAll('{address}', address));
    return [
      { id: `nginx:${node}`, heading: `Single ${model}`, kind: 'nginx', node, model, baseUrl: base('nginx'), viaHaproxy: false, viaNginx: true, tls: base('nginx').startsWith('https:') },
      { id: `app:${node}`, heading: `Single ${model} (No Nginx)`, kind: 'app', node, model, baseUrl: base('app'), viaHaproxy: false, viaNginx: false, tls: base('app').startsWith('https:') },
    ];
  });
  return [
    ...cluster('cluster', 'Cluster', h.frontendUrl, true, h.frontendUrl?.startsWith('https:') === true),
    ...cluster('cluster-app', 'Cluster (No Nginx)', h.frontendAppUrl, false, h.frontendAppUrl?.startsWith('https:') === true),
    ...singles,
    ...cluster('cluster-tls', 'Cluster (TLS)', h.frontendHttpsUrl, true, true),
  ];
}

/** `--only`: a column's id ("nginx:p1"), its kind ("app": every app column) or its heading. */
function selected<T>(all: readonly T[], wanted: readonly string[] | undefined, names: (t: T) => readonly string[], what: string): T[] | string {
  if (wanted === undefined) return [...all];
  const unknown = wanted.filter((w) => !all.some((t) => names(t).includes(w)));
  if (unknown.length > 0) return `no ${what} "${unknown[0]}" (${what}s: ${[...new Set(all.flatMap((t) => names(t).slice(0, 2)))].join(', ')})`;
  return all.filter((t) => wanted.some((w) => names(t).includes(w)));
}

export function planStudy(profile: Profile, o: StudyOptions): StudyPlanResult {
  const columns = selected(studyColumns(profile), o.only, (c) => [c.id, c.kind, c.heading], '--only target');
  if (typeof columns === 'string') return { ok: false, reason: columns };
  if (columns.length === 0) return { ok: false, reason: `profile ${profile.name} gives a study nothing to run (no head.haproxy.frontendUrl and no workers)` };
  const endpoints = selected(studyEndpoints(profile), o.endpoints, (e) => [e.id], '--endpoints endpoint');
  if (typeof endpoints === 'string') return { ok: false, reason: endpoints };
  const cells: StudyCellPlan[] = [];
  for (const endpoint of endpoints) {
    for (const column of columns) {
      const planned = planRun(profile, undefined, {
        url: `${column.baseUrl}${endpoint.path}`,
        durationSeconds: o.seconds,
        concurrency: o.concurrency,
        engine: o.engine,
        ...(o.threads !== undefined && { threads: o.threads }),
        ...(column.tls && o.ca !== undefined && { ca: o.ca }),
        ...(column.tls && o.insecure === true && { insecure: true }),
      });
      if (!planned.ok) return { ok: false, reason: `${column.heading}: ${planned.reason}` };
      const target = column.kind === 'nginx' || column.kind === 'app' ? column.kind : 'frontend';
      const plan: RunPlan = { ...planned.value, preset: `study-${endpoint.id}`, target, ...(column.node !== undefined && { node: column.node }) };
      cells.push({ column, endpoint, plan });
    }
  }
  return {
    ok: true,
    plan: {
      columns,
      endpoints,
      cells,
      settings: {
        rounds: o.rounds,
        secondsPerCell: o.seconds,
        restSeconds: o.restSeconds,
        concurrency: o.concurrency,
        engine: o.engine,
        keepAlive: true,
        includeFlagged: o.includeFlagged,
      },
    },
  };
}

/** The order runs go in: every cell once per round (A B C … A B C …), round after round. */
export function studySchedule(cells: number, rounds: number): { readonly round: number; readonly cell: number }[] {
  const order: { round: number; cell: number }[] = [];
  for (let round = 1; round <= rounds; round++) for (let cell = 0; cell < cells; cell++) order.push({ round, cell });
  return order;
}

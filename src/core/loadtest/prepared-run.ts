import { prepareRequest, type PreparedRequest } from './http-request.js';
import { mixSchedule } from './mix.js';
import type { RunPlan } from './run-plan.js';

/** Every request a built-in run sends, serialized once: the plan's one request, or each kind of its mix and their order. Pure. */

export interface PreparedRun {
  /** The plan's request; with a mix, its first kind's (every kind goes to the same host). */
  readonly request: PreparedRequest;
  readonly mix?: { readonly requests: readonly PreparedRequest[]; readonly schedule: readonly number[] };
}

export type PreparedRunResult = { readonly ok: true; readonly run: PreparedRun } | { readonly ok: false; readonly reason: string };

type PlanPart = Pick<RunPlan, 'url' | 'method' | 'headers' | 'body' | 'keepAlive' | 'mix'>;

export function prepareRun(plan: PlanPart): PreparedRunResult {
  if (plan.mix === undefined) {
    const one = prepareRequest(plan);
    return one.ok ? { ok: true, run: { request: one.value } } : one;
  }
  const requests: PreparedRequest[] = [];
  for (const kind of plan.mix) {
    let url: URL;
    try {
      url = new URL(plan.url);
    } catch {
      return { ok: false, reason: `"${plan.url}" is not a URL` };
    }
    const prepared = prepareRequest({ url: `${url.origin}${kind.path}`.replace(/^(https?:\/\/)/, `$1${userInfo(url)}`), method: kind.method, headers: kind.headers, body: kind.body, keepAlive: plan.keepAlive });
    if (!prepared.ok) return { ok: false, reason: `mix "${kind.name}": ${prepared.reason}` };
    requests.push(prepared.value);
  }
  const schedule = mixSchedule(plan.mix.map((k) => k.weight));
  if (schedule.length === 0) return { ok: false, reason: 'the mix has no request with a weight above 0' };
  return { ok: true, run: { request: requests[0] as PreparedRequest, mix: { requests, schedule } } };
}

/** The URL's "user:password@" (still encoded), so a mix keeps the target's credentials. */
function userInfo(url: URL): string {
  if (url.username === '' && url.password === '') return '';
  return `${url.username}${url.password !== '' ? `:${url.password}` : ''}@`;
}

import type { AuditProcess } from '../actions/audit-record.js';
import type { AdminState } from '../haproxy/runtime-commands.js';
import type { Result } from '../result.js';
import type { RolloutRequest } from './rollout-request.js';

/**
 * A rollout's progress: what `picon rollout resume` continues from. Saved whole after every step
 * (src/adapters/actions/rollout-progress-file.ts), so a killed picon leaves the last step it finished.
 * Every transition is a pure function of the previous progress.
 */

/** waiting → draining → restarting → checking → readying → done (restart); waiting → setting → done (weight, state). */
export type NodePhase = 'waiting' | 'draining' | 'restarting' | 'checking' | 'readying' | 'setting' | 'done' | 'failed';

export const NODE_PHASES: readonly NodePhase[] = ['waiting', 'draining', 'restarting', 'checking', 'readying', 'setting', 'done', 'failed'];

/** A server as it was before the rollout touched it: what `ready` restores. */
export interface SavedServer {
  readonly backend: string;
  readonly server: string;
  readonly state: AdminState;
  readonly weight: number | null;
}

export interface NodeProgress {
  readonly node: string;
  readonly phase: NodePhase;
  readonly servers: readonly SavedServer[];
}

export interface RolloutStop {
  readonly node: string;
  readonly phase: NodePhase;
  readonly reason: string;
  readonly at: string;
}

export interface RolloutProgress {
  readonly version: 1;
  readonly id: string;
  readonly profile: string;
  readonly title: string;
  readonly request: RolloutRequest;
  readonly batches: readonly (readonly string[])[];
  readonly nodes: readonly NodeProgress[];
  readonly status: 'running' | 'stopped' | 'done';
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly process: AuditProcess;
  readonly stopped?: RolloutStop;
}

export function withPhase(progress: RolloutProgress, nodes: readonly string[], phase: NodePhase, at: Date): RolloutProgress {
  return {
    ...progress,
    status: 'running',
    updatedAt: at.toISOString(),
    nodes: progress.nodes.map((n) => (nodes.includes(n.node) ? { ...n, phase } : n)),
  };
}

/** The first failure: the node is left as it is (out of rotation), the rest keep serving. */
export function stoppedAt(progress: RolloutProgress, node: string, reason: string, at: Date): RolloutProgress {
  const phase = progress.nodes.find((n) => n.node === node)?.phase ?? 'waiting';
  return { ...progress, status: 'stopped', updatedAt: at.toISOString(), stopped: { node, phase, reason, at: at.toISOString() } };
}

export function finished(progress: RolloutProgress, at: Date): RolloutProgress {
  const { stopped: _gone, ...rest } = progress;
  return { ...rest, status: 'done', updatedAt: at.toISOString() };
}

export function phaseOf(progress: RolloutProgress, node: string): NodePhase | undefined {
  return progress.nodes.find((n) => n.node === node)?.phase;
}

/** "p1 done · p2 restarting · p3 waiting": the progress line. */
export function progressLine(progress: Pick<RolloutProgress, 'nodes'>): string {
  return progress.nodes.map((n) => `${n.node} ${n.phase}`).join(' · ');
}

export function doneNodes(progress: RolloutProgress): string[] {
  return progress.nodes.filter((n) => n.phase === 'done').map((n) => n.node);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The saved file read back: the shape checked, or one line saying what is wrong with it. */
export function parseProgress(text: string, file: string): Result<RolloutProgress> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, reason: `${file} is not JSON (cut short or edited); start the rollout again` };
  }
  const bad = (what: string): Result<RolloutProgress> => ({ ok: false, reason: `${file}: ${what}; start the rollout again` });
  if (!isObject(data) || data['version'] !== 1) return bad('not a rollout progress file of this picon (version 1)');
  for (const field of ['id', 'profile', 'title', 'startedAt', 'updatedAt'] as const) if (typeof data[field] !== 'string') return bad(`no ${field}`);
  if (!['running', 'stopped', 'done'].includes(data['status'] as string)) return bad('no status');
  const request = data['request'];
  if (!isObject(request) || request['kind'] !== 'rollout' || !isObject(request['change'])) return bad('no request');
  const nodes = data['nodes'];
  if (!Array.isArray(nodes) || nodes.some((n) => !isObject(n) || typeof n['node'] !== 'string' || !NODE_PHASES.includes(n['phase'] as NodePhase) || !Array.isArray(n['servers']))) return bad('no nodes');
  if (!Array.isArray(data['batches'])) return bad('no batches');
  if (!isObject(data['process'])) return bad('no process');
  return { ok: true, value: data as unknown as RolloutProgress };
}

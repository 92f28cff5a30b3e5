import type { Profile } from '../profile/profile.js';
import type { StudyCell, StudyColumn, StudyEndpoint, StudyScaling } from './study-result.js';

/**
 * The scaling efficiency of one endpoint, only where the paths compare: the cluster through
 * HAProxy and nginx ÷ what its workers would serve alone via their nginx — each single-node
 * column's median req/s times the workers of its model. No-nginx and https columns never enter
 * it (a different path); a model without its column, or a cell without figures, means none. Pure.
 */

/** How many of the profile's workers each column stands for (its model's count). */
export function workersOfModel(profile: Pick<Profile, 'workers'>, model: string | undefined): number {
  return profile.workers.filter((w) => (w.model ?? w.name) === model).length;
}

export function studyScaling(
  endpoint: StudyEndpoint,
  columns: readonly StudyColumn[],
  cells: readonly StudyCell[],
  profile: Pick<Profile, 'workers'>,
): StudyScaling {
  const none = (reason: string): StudyScaling => ({ endpoint: endpoint.id, comparable: false, reason });
  const cellOf = (c: StudyColumn): StudyCell | undefined => cells.find((x) => x.column === c.id && x.endpoint === endpoint.id);
  const cluster = columns.find((c) => c.kind === 'cluster');
  if (cluster === undefined) return none('no Cluster column (through HAProxy and nginx)');
  const clusterRps = cellOf(cluster)?.requestsPerSecond ?? null;
  if (clusterRps === null) return none('the Cluster column has no unflagged run');
  const singles = columns.filter((c) => c.kind === 'nginx');
  if (singles.length === 0) return none('no single-node column via nginx (a column to an app bypasses nginx)');
  const models = [...new Set(profile.workers.map((w) => w.model ?? w.name))];
  const missing = models.filter((m) => !singles.some((c) => c.model === m));
  if (missing.length > 0) return none(`no single-node column via nginx for ${missing.join(', ')}`);
  const singleRps: number[] = [];
  for (const c of singles) {
    const rps = cellOf(c)?.requestsPerSecond ?? null;
    if (rps === null) return none(`${c.heading} has no unflagged run`);
    singleRps.push(rps);
  }
  const workersPerColumn = singles.map((c) => workersOfModel(profile, c.model));
  const sumSingleRps = singleRps.reduce((s, rps, i) => s + rps * (workersPerColumn[i] ?? 0), 0);
  if (sumSingleRps === 0) return none('the single nodes served nothing');
  return {
    endpoint: endpoint.id,
    comparable: true,
    clusterColumn: cluster.id,
    singleColumns: singles.map((c) => c.id),
    clusterRps,
    singleRps,
    sumSingleRps,
    efficiency: clusterRps / sumSingleRps,
    workersPerColumn,
  };
}

/** "Scaling efficiency: 0.41 (Cluster 844.50 req/s ÷ (3 × Single Pi Zero 443.57 + 1 × Single Pi 3 1593.10 = 2923.81))". */
export function scalingText(s: StudyScaling, columns: readonly StudyColumn[]): string {
  if (!s.comparable) return `Scaling efficiency: none (${s.reason})`;
  const heading = (id: string): string => columns.find((c) => c.id === id)?.heading ?? id;
  const parts = s.singleColumns.map((id, i) => `${s.workersPerColumn[i] ?? 0} × ${heading(id)} ${(s.singleRps[i] ?? 0).toFixed(2)}`);
  return `Scaling efficiency: ${s.efficiency.toFixed(2)} (${heading(s.clusterColumn)} ${s.clusterRps.toFixed(2)} req/s ÷ (${parts.join(' + ')} = ${s.sumSingleRps.toFixed(2)}))`;
}

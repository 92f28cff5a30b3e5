import type { StudyCell, StudyColumn, StudyEndpoint, StudyResult, StudyRun } from '../../src/core/study/study-result.js';

/**
 * A study holding the seed write-up's own figures (its two tables), as if each cell had one round
 * of that value: what picon's report must print exactly as the seed did.
 */

const column = (id: string, heading: string, kind: StudyColumn['kind'], node?: string, model?: string): StudyColumn => ({
  id,
  heading,
  kind,
  ...(node === undefined ? {} : { node, model }),
  baseUrl: kind.startsWith('cluster') ? 'http://127.0.66.1:8080' : kind === 'nginx' ? `http://${node}:8080` : `http://${node}:9000`,
  viaHaproxy: kind.startsWith('cluster'),
  viaNginx: kind !== 'app' && kind !== 'cluster-app',
  tls: kind === 'cluster-tls',
});

export const SEED_COLUMNS: StudyColumn[] = [
  column('cluster', 'Cluster', 'cluster'),
  column('cluster-app', 'Cluster (No Nginx)', 'cluster-app'),
  column('nginx:p1', 'Single Pi Zero', 'nginx', 'p1', 'Pi Zero'),
  column('app:p1', 'Single Pi Zero (No Nginx)', 'app', 'p1', 'Pi Zero'),
  column('nginx:pi3', 'Single Pi 3', 'nginx', 'pi3', 'Pi 3'),
  column('app:pi3', 'Single Pi 3 (No Nginx)', 'app', 'pi3', 'Pi 3'),
];

export const SEED_ENDPOINTS: StudyEndpoint[] = [
  { id: 'cached', title: 'Cached homepage (/)', path: '/', cached: true },
  { id: 'work', title: 'Uncached work (/api/work)', path: '/api/work', cached: false },
];

function run(round: number, id: string, mean: number, p95: number | null, rps: number, flags: string[] = []): StudyRun {
  return { round, runId: id, meanTimePerRequestMs: mean, p95Ms: p95, requestsPerSecond: rps, completed: 10_000, failed: 0, non2xx: 0, flagged: flags.length > 0, flags };
}

function cell(endpoint: string, col: string, mean: number, p95: number, rps: number, extra: Partial<StudyCell> = {}): StudyCell {
  const r = run(1, `20171104-1200${String(SEED_COLUMNS.findIndex((c) => c.id === col)).padStart(2, '0')}-${endpoint.slice(0, 3)}`, mean, p95, rps);
  const viaHaproxy = col.startsWith('cluster');
  return {
    column: col,
    endpoint,
    runs: [r],
    used: 1,
    meanTimePerRequestMs: mean,
    p95Ms: p95,
    requestsPerSecond: rps,
    spread: { meanTimePerRequestMs: { min: mean, max: mean, percent: 0 }, p95Ms: { min: p95, max: p95, percent: 0 }, requestsPerSecond: { min: rps, max: rps, percent: 0 } },
    leftOut: [],
    shares: viaHaproxy
      ? [
          { server: 'web/p1', requests: 2500, share: 0.25 },
          { server: 'web/p2', requests: 2500, share: 0.25 },
          { server: 'web/p3', requests: 2500, share: 0.25 },
          { server: 'web/pi3', requests: 2500, share: 0.25 },
        ]
      : [],
    bottleneck: viaHaproxy
      ? { component: 'haproxy', node: 'head', evidence: 'HAProxy on head: idle 2 %, its busiest thread 99 %' }
      : { component: 'workers', node: col.split(':')[1] ?? null, evidence: `the workers: ${col.split(':')[1]} app 98 %` },
    ...extra,
  };
}

export const SEED_STUDY: StudyResult = {
  version: 1,
  id: '20171104-120000-abc',
  startedAt: '2017-11-04T12:00:00.000Z',
  finishedAt: '2017-11-04T12:04:10.000Z',
  profile: 'pi-cluster',
  settings: { rounds: 1, secondsPerCell: 12, restSeconds: 2, concurrency: 100, engine: 'ab', keepAlive: true, includeFlagged: false },
  columns: SEED_COLUMNS,
  endpoints: SEED_ENDPOINTS,
  // The seed's first table has no No-Nginx columns: those cells were not run on the cached page.
  cells: [
    cell('cached', 'cluster', 118.413, 173, 844.5),
    cell('cached', 'nginx:p1', 225.442, 280, 443.57),
    cell('cached', 'nginx:pi3', 62.771, 62, 1593.1),
    cell('work', 'cluster', 1058.234, 5476, 94.5),
    cell('work', 'cluster-app', 430.534, 1187, 232.27),
    cell('work', 'nginx:p1', 6354.98, 7060, 15.74),
    cell('work', 'app:p1', 6588.006, 7384, 15.18),
    cell('work', 'nginx:pi3', 1877.685, 5053, 53.26),
    cell('work', 'app:pi3', 236.815, 655, 422.27),
  ],
  scaling: [
    {
      endpoint: 'cached',
      comparable: true,
      clusterColumn: 'cluster',
      singleColumns: ['nginx:p1', 'nginx:pi3'],
      clusterRps: 844.5,
      singleRps: [443.57, 1593.1],
      sumSingleRps: 443.57 * 3 + 1593.1,
      efficiency: 844.5 / (443.57 * 3 + 1593.1),
      workersPerColumn: [3, 1],
    },
    { endpoint: 'work', comparable: false, reason: 'the cluster column ran through HAProxy to the apps' },
  ],
  cluster: {
    haproxyVersion: '1.7.5-2',
    servers: [
      { server: 'web/p1', weight: 1, status: 'UP' },
      { server: 'web/p2', weight: 1, status: 'UP' },
      { server: 'web/p3', weight: 1, status: 'UP' },
      { server: 'web/pi3', weight: 3, status: 'UP' },
    ],
    models: [
      { node: 'p1', model: 'Pi Zero' },
      { node: 'p2', model: 'Pi Zero' },
      { node: 'p3', model: 'Pi Zero' },
      { node: 'pi3', model: 'Pi 3' },
    ],
    flags: [],
  },
  partial: false,
  roundsCompleted: 1,
};

/** The seed study with its Pi 3's second round flagged (throttled): left out of the medians. */
export function withFlaggedRound(): StudyResult {
  const cells = SEED_STUDY.cells.map((c) => {
    if (c.column !== 'nginx:pi3' || c.endpoint !== 'cached') return c;
    const flagged = run(2, '20171104-120500-thr', 90, 120, 700, ['pi3 throttled', 'pi3 clock capped']);
    return { ...c, runs: [...c.runs, flagged], leftOut: [flagged.runId] };
  });
  return {
    ...SEED_STUDY,
    settings: { ...SEED_STUDY.settings, rounds: 2 },
    cells,
    cluster: { ...SEED_STUDY.cluster, flags: ['pi3 throttled', 'pi3 clock capped'] },
  };
}

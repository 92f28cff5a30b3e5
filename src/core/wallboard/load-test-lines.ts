import type { ClusterState, LoadTestActivity } from '../cluster/cluster-state.js';
import type { RunRecord } from '../loadtest/run-record.js';
import { errorWarning, limitText, throttleWarning } from '../loadtest/run-summary.js';
import { clockTime, compactDuration } from '../present/time.js';
import { seg, type Segment } from '../present/tone.js';
import { formatRate, UNKNOWN_TEXT } from '../present/units.js';
import type { TextPanel } from './widget-data.js';

/** What the wall knows about load tests: the history's newest run of this profile, or why it could not be read. */
export interface LoadTestSource {
  readonly lastRun?: RunRecord;
  readonly problem?: string;
}

/** The newest run of `profile` in a history (oldest first). */
export function lastRunOf(records: readonly RunRecord[], profile: string): RunRecord | undefined {
  for (let i = records.length - 1; i >= 0; i--) if (records[i]?.profile === profile) return records[i];
  return undefined;
}

const ms = (n: number | null | undefined): string => (n === null || n === undefined ? UNKNOWN_TEXT : `${n.toFixed(n >= 10 ? 0 : 1)} ms`);

function recordLines(r: RunRecord, now: number, offsetMinutes: number): Segment[] {
  const started = Date.parse(r.startedAt);
  const when = Number.isNaN(started) ? r.startedAt : `${clockTime(started, offsetMinutes)} (${compactDuration((now - started) / 1000)} ago)`;
  const lines: Segment[] = [
    seg(`${r.label} · ${r.plan.preset ?? r.plan.url}`),
    seg(`${r.result.engine} -c ${r.plan.concurrency}${r.plan.limit !== undefined ? `, ${limitText(r.plan.limit)}` : ''}`, 'dim'),
    seg(`at ${when}`, 'dim'),
    seg(`${r.result.requestsPerSecond.toFixed(1)} req/s  p95 ${ms(r.result.latency.p95Ms)}  mean ${ms(r.result.meanTimePerRequestMs)}`, 'good'),
    seg(`${r.result.completed} done, ${r.result.failed} failed, ${r.result.non2xx} non-2xx`, r.result.failed > 0 || r.result.non2xx > 0 ? 'bad' : 'normal'),
  ];
  if (r.shares !== undefined && r.shares.total > 0) {
    const backends = new Set(r.shares.servers.map((s) => s.server.split('/')[0]));
    const name = (server: string) => (backends.size === 1 ? server.slice(server.indexOf('/') + 1) : server);
    lines.push(seg(r.shares.servers.map((s) => `${name(s.server)} ${(s.share * 100).toFixed(0)}%`).join('  ')));
  }
  for (const warning of [errorWarning(r), throttleWarning(r)]) if (warning !== undefined) lines.push(seg(warning, 'bad'));
  return lines;
}

function activityLines(a: LoadTestActivity, now: number): Segment[] {
  const lines: Segment[] = [seg(`${a.label} · ${a.state}${a.state === 'running' ? ` ${compactDuration((now - a.startedAt) / 1000)}` : ''}`, a.state === 'failed' ? 'bad' : 'normal')];
  if (a.progress !== undefined) lines.push(seg(`${(a.progress * 100).toFixed(0)}% done`));
  if (a.requestsPerSecond !== undefined) lines.push(seg(`${formatRate(a.requestsPerSecond)} req/s${a.errors !== undefined ? `, ${a.errors} errors` : ''}`, 'good'));
  if (a.summary !== undefined) lines.push(seg(a.summary));
  if (a.throttled === true) lines.push(seg('⚠ flagged: a node throttled or ran below its top clock', 'bad'));
  return lines;
}

/** A running test first, else the newest saved run of this profile, else the state's last test, else a hint. */
export function loadTestPanel(state: ClusterState, source: LoadTestSource, now: number, offsetMinutes: number): TextPanel {
  const problem = source.problem !== undefined ? [seg(`history: ${source.problem}`, 'warn')] : [];
  if (state.loadTest?.state === 'running') return { title: 'Load test (running)', lines: [...activityLines(state.loadTest, now), ...problem] };
  if (source.lastRun !== undefined) return { title: `Last load test · ${source.lastRun.id}`, lines: [...recordLines(source.lastRun, now, offsetMinutes), ...problem] };
  if (state.loadTest !== undefined) return { title: 'Last load test', lines: [...activityLines(state.loadTest, now), ...problem] };
  return { title: 'Last load test', lines: [seg(`none yet for ${state.profileName} (picon bench PRESET)`, 'dim'), ...problem] };
}

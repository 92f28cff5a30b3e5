import type { BarChart } from '../chart/bar-chart.js';
import type { StudyCell, StudyResult } from './study-result.js';

/**
 * A study's two charts, from its result: requests per second per column, and latency (mean and
 * 95 %, the figures a study keeps per cell) per column — one panel per endpoint, each with its
 * own axis, in the result's column order.
 */

export interface StudyCharts {
  readonly requestsPerSecond: BarChart;
  readonly latency: BarChart;
}

function cellOf(result: StudyResult, endpoint: string, column: string): StudyCell | undefined {
  return result.cells.find((c) => c.endpoint === endpoint && c.column === column);
}

/** "median of 3 rounds × 5 s per cell · 100 connections, keep-alive · builtin · profile lab". */
export function studySubtitle(result: StudyResult): string {
  const s = result.settings;
  const rounds = `${s.rounds} round${s.rounds === 1 ? '' : 's'}`;
  const what = s.rounds === 1 ? `1 round of ${s.secondsPerCell} s per cell` : `median of ${rounds} × ${s.secondsPerCell} s per cell`;
  const flagged = s.includeFlagged ? ', flagged runs included' : '';
  const partial = result.partial ? ` · partial: ${result.roundsCompleted} of ${rounds}` : '';
  return `${what}${flagged} · ${s.concurrency} connections${s.keepAlive ? ', keep-alive' : ''} · ${s.engine} · profile ${result.profile} · ${result.startedAt.slice(0, 10)}${partial}`;
}

function panels(result: StudyResult, values: (cell: StudyCell | undefined) => (number | null)[]): BarChart['panels'] {
  return result.endpoints.map((e) => ({
    title: e.title,
    groups: result.columns
      .filter((c) => cellOf(result, e.id, c.id) !== undefined)
      .map((c) => ({ label: c.heading, values: values(cellOf(result, e.id, c.id)) })),
  }));
}

export function studyCharts(result: StudyResult): StudyCharts {
  const subtitle = studySubtitle(result);
  return {
    requestsPerSecond: {
      title: 'Requests per second by target',
      subtitle,
      valueLabel: 'Requests per second',
      unit: 'req/s',
      categoryLabel: 'Target',
      series: ['req/s'],
      panels: panels(result, (cell) => [cell?.requestsPerSecond ?? null]),
    },
    latency: {
      title: 'Latency by target: mean and 95 %',
      subtitle,
      valueLabel: 'Time per request',
      unit: 'ms',
      categoryLabel: 'Target',
      series: ['mean', '95 %'],
      panels: panels(result, (cell) => [cell?.meanTimePerRequestMs ?? null, cell?.p95Ms ?? null]),
    },
  };
}

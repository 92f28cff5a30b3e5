import type { BarChart } from '../chart/bar-chart.js';
import type { StudyCell, StudyResult } from './study-result.js';

/**
 * A study's two charts, from its result: requests per second per column, and latency (the median,
 * the mean, 95 % and 99 %, medians of the rounds) per column — one panel per endpoint, each with its
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

const LATENCY_SERIES: readonly { readonly name: string; readonly words: string; readonly value: (cell: StudyCell | undefined) => number | null }[] = [
  { name: '50 %', words: 'median', value: (c) => c?.p50Ms ?? null },
  { name: 'mean', words: 'mean', value: (c) => c?.meanTimePerRequestMs ?? null },
  { name: '95 %', words: '95 %', value: (c) => c?.p95Ms ?? null },
  { name: '99 %', words: '99 %', value: (c) => c?.p99Ms ?? null },
];

/** The latency figures the study has (a study saved before the median and 99 % were kept has mean and 95 % only). */
function latencyChart(result: StudyResult, subtitle: string): BarChart {
  const present = LATENCY_SERIES.filter((s) => result.cells.some((c) => s.value(c) !== null));
  const shown = present.length > 0 ? present : LATENCY_SERIES.filter((s) => s.name === 'mean' || s.name === '95 %');
  const words = shown.map((s) => s.words);
  return {
    title: `Latency by target: ${words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`}`,
    subtitle,
    valueLabel: 'Time per request',
    unit: 'ms',
    categoryLabel: 'Target',
    series: shown.map((s) => s.name),
    panels: panels(result, (cell) => shown.map((s) => s.value(cell))),
  };
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
    latency: latencyChart(result, subtitle),
  };
}

import type { KindResult } from './load-test-result.js';

/** A mixed run's kinds as rows under its summary: count, share, latency and status codes per kind. Pure. */

const ms = (n: number | null): string => (n === null ? '-' : n >= 10 ? `${n.toFixed(0)} ms` : `${n.toFixed(2)} ms`);

export function renderKindLines(kinds: readonly KindResult[]): string[] {
  const total = kinds.reduce((s, k) => s + k.completed + k.failed, 0);
  const rows = kinds.map((k) => [
    k.name,
    `${k.completed}`,
    `${((100 * (k.completed + k.failed)) / Math.max(1, total)).toFixed(1)} %`,
    `mean ${ms(k.meanTimePerRequestMs)}`,
    `p95 ${ms(k.latency.p95Ms)}`,
    `p99 ${ms(k.latency.p99Ms)}`,
    Object.entries(k.statuses).map(([status, n]) => `${status}×${n}`).join(' ') || 'no responses',
    k.failed > 0 ? `${k.failed} failed` : '',
  ]);
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return [
    '  By kind',
    ...rows.map((row) => `    ${row.map((cell, i) => (i === 1 || i === 2 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd()}`),
  ];
}

import type { TableData } from './widget-data.js';

/**
 * One page of a wallboard table: as many rows as fit, the page-th screenful (wrapping round, so
 * `n` pressed past the last page shows the first again), its title saying which rows these are.
 */
export function pageTable(table: TableData, capacity: number, page: number): TableData {
  const fit = Math.max(1, capacity);
  const pages = Math.ceil(table.rows.length / fit);
  if (pages <= 1) return table;
  const at = ((page % pages) + pages) % pages;
  const first = at * fit;
  const rows = table.rows.slice(first, first + fit);
  return { ...table, title: `${table.title} · ${first + 1}–${first + rows.length} of ${table.rows.length} (n/p: page)`, rows };
}

/** Whether either table has more rows than it shows (the header then names the keys). */
export function pages(table: TableData, capacity: number): number {
  return Math.max(1, Math.ceil(table.rows.length / Math.max(1, capacity)));
}

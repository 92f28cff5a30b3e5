import { describe, expect, it } from 'vitest';
import { fitColumns, screenLayout, throughputSplit, visibleWindow } from '../../src/views/console/layout.js';

const ids = (width: number) => fitColumns(width).map((c) => c.id);
const used = (width: number) => {
  const cols = fitColumns(width);
  const last = cols[cols.length - 1]!;
  return last.x + last.width;
};

describe('console layout: columns', () => {
  it('keeps the essentials at 80 columns and drops by priority', () => {
    const cols = ids(78);
    expect(cols).toEqual(expect.arrayContaining(['name', 'reach', 'cpu', 'flags', 'state', 'weight', 'rate']));
    expect(cols).not.toContain('model');
    expect(used(78)).toBeLessThanOrEqual(78);
  });

  it('shows every column at 200 and the sparkline grows into spare room', () => {
    expect(ids(198)).toHaveLength(16);
    const spark = fitColumns(198).find((c) => c.id === 'spark')!;
    expect(spark.width).toBeGreaterThan(10);
    expect(used(198)).toBeLessThanOrEqual(198);
  });

  it('at 120 columns fits more than at 80 and less than at 200, always in screen order', () => {
    expect(ids(118).length).toBeGreaterThan(ids(78).length);
    expect(ids(118).length).toBeLessThanOrEqual(ids(198).length);
    const order = ids(198);
    for (const w of [40, 78, 118]) {
      const shown = ids(w);
      expect(shown).toEqual(order.filter((id) => shown.includes(id)));
      expect(used(w)).toBeLessThanOrEqual(Math.max(w, 30));
    }
  });

  it('widens the name column for long names, within bounds', () => {
    expect(fitColumns(118, 12)[0]).toMatchObject({ id: 'name', width: 12 });
    expect(fitColumns(118, 40)[0]).toMatchObject({ width: 16 });
  });
});

describe('console layout: rows', () => {
  const total = (l: ReturnType<typeof screenLayout>) =>
    l.headerRows + (1 + l.tableRows) + (l.chartRows > 0 ? 1 + l.chartRows : 0) + (l.eventRows > 0 ? 1 + l.eventRows : 0) + l.statusRows + l.footerRows;

  it.each([
    [80, 24, 5],
    [120, 40, 5],
    [200, 60, 5],
    [80, 24, 50],
    [120, 40, 50],
    [200, 60, 50],
  ])('%i×%i with %i nodes: at most rows − 1 tall, every part placed', (columns, rows, nodes) => {
    const l = screenLayout({ columns, rows }, nodes);
    expect(l.height).toBe(rows - 1);
    expect(total(l)).toBeLessThanOrEqual(rows - 1);
    expect(l.tableRows).toBeGreaterThan(0);
    expect(l.tableRows).toBeLessThanOrEqual(nodes);
    expect(l.chartRows).toBeGreaterThanOrEqual(3);
    expect(l.eventRows).toBeGreaterThanOrEqual(2);
  });

  it('shows all five lab nodes at 80×24 and most of 50 at 200×60', () => {
    expect(screenLayout({ columns: 80, rows: 24 }, 5).tableRows).toBe(5);
    expect(screenLayout({ columns: 200, rows: 60 }, 50).tableRows).toBeGreaterThanOrEqual(40);
    expect(screenLayout({ columns: 120, rows: 40 }, 5)).toMatchObject({ chartRows: expect.any(Number), eventRows: expect.any(Number) });
  });

  it('drops the panes on a tiny terminal instead of overflowing', () => {
    const l = screenLayout({ columns: 80, rows: 10 }, 5);
    expect(total(l)).toBeLessThanOrEqual(9);
    expect(l.chartRows).toBe(0);
  });

  it('scrolls the table so the selection stays in view', () => {
    expect(visibleWindow(50, 0, 10)).toEqual({ start: 0, end: 10 });
    expect(visibleWindow(50, 9, 10)).toEqual({ start: 0, end: 10 });
    expect(visibleWindow(50, 10, 10)).toEqual({ start: 1, end: 11 });
    expect(visibleWindow(50, 49, 10)).toEqual({ start: 40, end: 50 });
    expect(visibleWindow(5, 4, 10)).toEqual({ start: 0, end: 5 });
    expect(visibleWindow(5, 0, 0)).toEqual({ start: 0, end: 0 });
  });

  it('splits the throughput pane: share bars only when wide enough', () => {
    expect(throughputSplit(78).share).toBeGreaterThan(0);
    expect(throughputSplit(50).share).toBe(0);
    const s = throughputSplit(118);
    expect(s.axis + s.chart + s.share + 2).toBe(118);
  });
});

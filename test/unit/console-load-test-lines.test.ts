import { describe, expect, it } from 'vitest';
import { renderComparison } from '../../src/core/loadtest/compare-table.js';
import { initialUiState, type RecentRuns } from '../../src/views/console/console-state.js';
import { comparisonText, lastRunLines, loadTestsPaneLines, wrapText } from '../../src/views/console/render/load-test-lines.js';
import type { Segment } from '../../src/core/present/tone.js';
import { liveClusterState, runRecord, T0 } from '../support/console-fixture.js';

const text = (line: readonly Segment[]): string => line.map((s) => s.text).join('');
const cluster = runRecord('20250101-113000-aaa', { rps: 812.25, meanMs: 4.925, p95Ms: 9.5, startedAt: T0 - 30 * 60_000 });
const single = runRecord('20250101-114000-bbb', { label: 'Single Pi 3 p1', target: 'nginx', node: 'p1', rps: 500.5, meanMs: 7.99, p95Ms: 14, startedAt: T0 - 20 * 60_000 });
const hot = runRecord('20250101-115500-ccc', { label: 'Single Pi Zero p2', target: 'nginx', node: 'p2', rps: 301.75, meanMs: 13.256, p95Ms: 22, startedAt: T0 - 5 * 60_000, throttled: true });

/** The results view; `includeFlagged` (the `f` toggle) on unless said, so the layout tests see every run. */
function pane(runs: RecentRuns | undefined, size = { columns: 120, rows: 40 }, rows = 35, readOnly = false, runsBack = 0, includeFlagged = true): string[] {
  const { state } = liveClusterState();
  const ui = { ...initialUiState(), view: 'loadtests' as const, runsBack, includeFlagged, ...(runs !== undefined && { runs }) };
  return loadTestsPaneLines({ now: T0, cluster: state, ui, size, readOnly }, rows).map(text);
}

describe('wrapText', () => {
  it.each([
    ['fits as it is', 'a b  c', 10, ['a b  c']],
    ['breaks between parts first', 'web/p1 60.0 % (60)  web/p2 40.0 % (40)', 20, ['web/p1 60.0 % (60)', 'web/p2 40.0 % (40)']],
    ['then between words of a part too wide', 'weights web/p1 2, web/p2 1', 12, ['weights', 'web/p1 2,', 'web/p2 1']],
    ['leaves a word wider than the line to be cut', 'abcdefghijkl xy', 5, ['abcdefghijkl', 'xy']],
    ['empty text', '', 5, ['']],
  ])('%s', (_, input, width, expected) => {
    expect(wrapText(input, width)).toEqual(expected);
  });
});

describe('comparisonText', () => {
  it('is `picon bench compare`\'s human table when every run fits', () => {
    const { shown, lines } = comparisonText([cluster, single, hot], 200, true);
    expect(shown).toBe(3);
    expect(lines).toEqual(renderComparison([cluster, single, hot], 'human').trimEnd().split('\n'));
  });

  it('leaves a flagged run out unless asked (f), and says so in one line', () => {
    const { shown, lines } = comparisonText([cluster, single, hot], 200);
    expect(shown).toBe(2);
    expect(lines[0]).toMatch(/^Metric\s+Cluster\s+Single Pi 3 p1$/);
    expect(lines.at(-1)).toBe('1 flagged run left out (p2 throttled); f to show it');
    expect(comparisonText([hot], 200)).toEqual({ shown: 0, kept: 0, lines: ['1 flagged run left out (p2 throttled); f to show it'] });
  });

  it('drops the oldest runs until the table fits, but keeps the newest one however narrow', () => {
    const wide = comparisonText([cluster, single, hot], 200, true).lines[0]?.length ?? 0;
    const two = comparisonText([cluster, single, hot], wide - 1, true);
    expect(two.shown).toBe(2);
    expect(two.lines[0]).toMatch(/^Metric\s+Single Pi 3 p1\s+Single Pi Zero p2 ⚠$/);
    expect(comparisonText([cluster, single, hot], 10, true).shown).toBe(1);
    expect(comparisonText([], 80)).toEqual({ shown: 0, kept: 0, lines: [] });
  });
});

describe('lastRunLines', () => {
  it('heads the run with its label, FLAGGED, when and id; labels accented, the figures after them', () => {
    const lines = lastRunLines(hot, 120, T0);
    expect(text(lines[0] ?? [])).toBe('Single Pi Zero p2  FLAGGED  2025-01-01 11:55:00 UTC (5m 0s ago)  20250101-115500-ccc');
    expect(lines[0]?.find((s) => s.text.includes('FLAGGED'))?.tone).toBe('alert');
    const rps = lines.find((l) => text(l).includes('Requests/s'));
    expect(rps?.map((s) => [s.text, s.tone])).toEqual([['  Requests/s     ', 'accent'], ['301.75', 'normal']]);
    expect(lines.map(text)).toContain('  Duration       0.33 s');
    expect(lines.some((l) => text(l).startsWith("⚠ flagged: p2: under-voltage (new since boot by the run's end)"))).toBe(true);
    expect(text(lastRunLines(cluster, 120, T0)[0] ?? [])).not.toContain('FLAGGED');
  });

  it('wraps a long line under its label; compact leaves out the duration and the flag sentence, not the error warning', () => {
    const lines = lastRunLines(hot, 60, T0).map(text);
    const at = lines.findIndex((l) => l.startsWith('  Cluster'));
    expect(lines[at]).toBe('  Cluster        HAProxy 2.6.12; weights web/p1 2, web/p2 1,');
    expect(lines[at + 1]).toBe('                 web/p3 1; out: web/p3 DRAIN');
    const compact = lastRunLines(hot, 120, T0, true).map(text);
    expect(compact.some((l) => l.includes('Duration') || l.startsWith('⚠ flagged'))).toBe(false);
    expect(compact).toContain('⚠ 2 of 100 responses were not 2xx (2.0 %) — the req/s above counts them');
    expect(compact[0]).toContain('FLAGGED');
  });
});

describe('loadTestsPaneLines', () => {
  it('says what it is doing before the history is read, and why it could not be', () => {
    expect(pane(undefined)[1]).toBe('reading the load-test history…');
    expect(pane({ state: 'loading' })[1]).toBe('reading the load-test history…');
    expect(pane({ state: 'failed', reason: 'EACCES' })[1]).toBe('could not read the load-test history: EACCES');
  });

  it('says there are no runs yet, with how to make one (read-only: the command line)', () => {
    expect(pane({ state: 'loaded', records: [] })[1]).toBe("No runs yet for this profile: press b to run one of the profile's presets.");
    expect(pane({ state: 'loaded', records: [] }, undefined, 35, true)[1]).toBe('No runs yet for this profile: a run needs picon without --read-only.');
  });

  it('shows the newest run, then the comparison; the title line is exactly as wide as the pane', () => {
    const lines = pane({ state: 'loaded', records: [cluster, single, hot] }, { columns: 100, rows: 40 });
    expect([...(lines[0] ?? '')].length).toBe(100);
    expect(lines[0]).toMatch(/^─ Last load test \(3 read, ↑ older\) ─+  Esc back$/);
    expect(pane({ state: 'loaded', records: [cluster] })[0]).toMatch(/^─ Last load test ─+  Esc back$/);
    expect(lines[1]).toMatch(/^Single Pi Zero p2  FLAGGED/);
    const table = lines.findIndex((l) => l.startsWith('Metric'));
    expect(lines[table - 1]).toMatch(/^─ The last 3 runs side by side, newest last ─+$/);
    // The fixture's runs each had 2 non-2xx answers: the table grows that row.
    expect(lines[table + 5]).toMatch(/^Non-2xx Responses\s+2\s+2\s+2$/);
    expect(lines[table + 6]).toBe('Scaling efficiency: 1.01 (cluster 812.25 req/s ÷ (500.50 + 301.75) single-node req/s)');
  });

  it('browsing back shows that run in full and the runs up to it; past the ends it stays at the oldest', () => {
    const at = (back: number, columns = 100) => pane({ state: 'loaded', records: [cluster, single, hot] }, { columns, rows: 40 }, 35, false, back);
    expect(at(0)[0]).toMatch(/^─ Last load test \(3 read, ↑ older\) ─+  Esc back$/);
    const one = at(1);
    expect(one[0]).toMatch(/^─ Load test 2 of 3 read \(↑ older, ↓ newer\) ─+  Esc back$/);
    expect(one[1]).toMatch(/^Single Pi 3 p1  2025-01-01 11:40:00 UTC/);
    expect(one.some((l) => /^─ 2 runs up to this one side by side, newest last ─+$/.test(l))).toBe(true);
    expect(one.find((l) => l.startsWith('Metric'))).toMatch(/^Metric\s+Cluster\s+Single Pi 3 p1$/);
    expect(at(1, 40).some((l) => l.startsWith('─ This run (too narrow for more side by side)'))).toBe(true);
    expect(at(2)[0]).toMatch(/^─ Load test 1 of 3 read \(↓ newer\) ─/);
    expect(at(2).some((l) => l.startsWith('─ The oldest run read'))).toBe(true);
    expect(at(9)).toEqual(at(2));
  });

  it('titles the comparison by how many runs it holds', () => {
    const titleOf = (records: typeof cluster[], columns: number) => pane({ state: 'loaded', records }, { columns, rows: 40 }).find((l) => /^─ The /.test(l));
    expect(titleOf([cluster], 100)).toMatch(/^─ The one run so far ─+$/);
    expect(titleOf([cluster, single], 100)).toMatch(/^─ The last 2 runs side by side, newest last ─+$/);
    expect(titleOf([cluster, single, hot], 50)).toMatch(/^─ The last run \(too narrow for more side by side\)/);
  });

  it('goes compact when the rows are short, and never returns more lines than rows', () => {
    const records = [cluster, single, hot];
    expect(pane({ state: 'loaded', records }, undefined, 40)).toContain('  Duration       0.33 s');
    const short = pane({ state: 'loaded', records }, undefined, 19);
    expect(short.length).toBeLessThanOrEqual(19);
    expect(short).not.toContain('  Duration       0.33 s');
    expect(short.some((l) => l.startsWith('Requests Per Second (mean)'))).toBe(true);
    expect(pane({ state: 'loaded', records }, undefined, 3)).toHaveLength(3);
  });
});

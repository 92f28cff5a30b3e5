import { afterEach, describe, expect, it } from 'vitest';
import { createBlessedScreen } from '../../src/adapters/wallboard/blessed-screen.js';
import type { WallScreen } from '../../src/core/ports/wall-screen.js';
import { startWallboard, type Wallboard } from '../../src/views/wallboard/wallboard-view.js';
import { captured, emptyState, stats, T0, throttling, THROTTLED_CAPTURE, withNode } from './wallboard-fixtures.js';
import { TextTerminal } from './wallboard-terminal.js';

function cluster() {
  let s = stats(emptyState(), T0, captured('2.6/show-stat-drain-maint.csv'));
  s = withNode(s, 's1', { busy: 20, celsius: 48.3, throttling: throttling(0) });
  s = withNode(s, 'w3', { busy: 50, celsius: 61, throttling: throttling(THROTTLED_CAPTURE) });
  return s;
}

let wall: Wallboard | undefined;
afterEach(() => wall?.stop());

function start(term: TextTerminal) {
  const state = cluster();
  wall = startWallboard({
    screen: createBlessedScreen({ output: term.output, input: term.input, terminal: 'xterm-256color' }),
    state: () => state,
    clock: () => T0 + 1000,
    offsetMinutes: () => 0,
  });
  return wall;
}

describe('the wallboard on a non-TTY stream', () => {
  it('starts and draws every node, the servers with their states, and the panels', async () => {
    const term = new TextTerminal(160, 48);
    start(term);
    await expect.poll(() => term.lines()[0], { timeout: 3000 }).toBe(' ⚠ w3: under-voltage, throttled now, 61 °C · picon wall · wall · 12:00:01 · read-only · q quits');
    const text = term.text();
    for (const name of ['head', 's1', 's2', 'w3']) expect(text).toMatch(new RegExp(`│${name}\\s+(head|worker)\\s+(up|connecting)`));
    expect(text).toMatch(/│s1\s+DRAIN\s+L7OK\s+3/);
    expect(text).toMatch(/│s2\s+MAINT/);
    expect(text).toMatch(/│w3\s+DOWN\s+L4CON/);
    expect(text).toMatch(/│w3\s+worker\s+up\s+50%\s+61\.0°C\s+under-voltage, throttled/);
    expect(text).toContain('12:00:00 w3: under-voltage, throttled');
    for (const title of ['Requests/s, last 5 min', 'CPU % per node', 'Temperature °C · 1 throttling now', 'Nodes · 2/4 up', 'Events', 'Last load test']) {
      expect(text).toContain(`┌─ ${title}`);
    }
    expect(text).toContain('waiting for two HAProxy polls');
    expect(term.lines()).toHaveLength(48);
    expect(term.raw).toContain('\x1b[?1049h'); // the alternate screen: the shell's screen comes back on quit
  });

  it('is read-only: the only keys it listens to are q and Ctrl-C, and n/PgDn p/PgUp to page its tables', () => {
    const keys: string[][] = [];
    const widget = { set: () => undefined, capacity: () => 5 };
    const screen: WallScreen = {
      header: () => widget,
      line: () => widget,
      bar: () => widget,
      donuts: () => widget,
      table: () => widget,
      text: () => widget,
      size: () => ({ columns: 160, rows: 48 }),
      render: () => undefined,
      onKeys: (k) => void keys.push([...k]),
      onResize: () => undefined,
      destroy: () => undefined,
    };
    wall = startWallboard({ screen, state: cluster });
    expect(keys).toEqual([['q', 'C-c'], ['n', 'pagedown'], ['p', 'pageup']]);
  });

  it('q resolves quit and restores the terminal', async () => {
    const term = new TextTerminal(120, 40);
    const w = start(term);
    await expect.poll(() => term.text(), { timeout: 3000 }).toContain('picon wall');
    let quit = false;
    void w.quit.then(() => (quit = true));
    term.input.write('q');
    await expect.poll(() => quit, { timeout: 2000 }).toBe(true);
    const drawn = term.raw.length;
    w.stop();
    await expect.poll(() => term.raw.slice(drawn), { timeout: 2000 }).toContain('\x1b[?1049l'); // back to the normal screen
    expect(term.raw.slice(drawn)).toContain('\x1b[?25h'); // cursor shown again
  });

  it('Ctrl-C quits too', async () => {
    const term = new TextTerminal(120, 40);
    const w = start(term);
    await expect.poll(() => term.text(), { timeout: 3000 }).toContain('picon wall');
    let quit = false;
    void w.quit.then(() => (quit = true));
    term.input.write('\x03');
    await expect.poll(() => quit, { timeout: 2000 }).toBe(true);
  });

  it('lays itself out again when the terminal is resized', async () => {
    const term = new TextTerminal(160, 48);
    start(term);
    const chartTop = () => term.lines()[1]?.match(/^┌─ Requests[^┐]*┐/)?.[0].length;
    await expect.poll(chartTop, { timeout: 3000 }).toBe(107); // 8 of 12 columns
    term.resize(100, 30);
    await expect.poll(chartTop, { timeout: 3000 }).toBe(67);
    expect(term.text()).toMatch(/│w3\s+worker\s+up/);
    expect(term.lines()).toHaveLength(30);
  });

  it('cuts a title too wide for its box instead of garbling the first line', async () => {
    const term = new TextTerminal(80, 12);
    const screen = createBlessedScreen({ output: term.output, input: term.input, terminal: 'xterm-256color' });
    try {
      screen.text({ row: 0, col: 0, rowSpan: 12, colSpan: 6 }).set({
        title: 'Last load test · 20261127-123355-p0v',
        lines: [{ text: 'Cluster · work · builtin -c 4, 300 requests', tone: 'normal' }],
      });
      screen.render();
      await expect.poll(() => term.lines()[2], { timeout: 2000 }).toBe('│Cluster · work · builtin -c 4, 300 r… │');
      expect(term.lines()[1]).toBe('┌─ Last load test · 20261127-123355-… ─┐');
    } finally {
      screen.destroy();
    }
  });
});

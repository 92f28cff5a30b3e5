import { EventEmitter } from 'node:events';
import { render } from 'ink';
import { afterEach, describe, expect, it } from 'vitest';
import { createClusterStore } from '../../src/adapters/monitor/cluster-store.js';
import { App } from '../../src/views/console/app.js';
import type { ConsoleDeps } from '../../src/views/console/console-ports.js';
import type { Dialog } from '../../src/views/console/console-state.js';
import { ANCHOR, inkStdout } from '../../src/views/console/direct/ink-stdout.js';
import { BEGIN_SYNC, END_SYNC } from '../../src/views/console/direct/pane-diff.js';
import { createPanePainter, type PanePainter } from '../../src/views/console/direct/pane-painter.js';
import { createUiStore, type UiStore } from '../../src/views/console/ui-store.js';
import { frontendRecord, liveClusterState, serverRecord, T0 } from '../support/console-fixture.js';

/** The direct panes: the painter's bytes, the stdout Ink writes through, and Ink left alone by data. */

const SIZE = { columns: 100, rows: 30 };
const confirm: Dialog = { kind: 'confirm', action: { request: { kind: 'drain', node: 'p2' } } as never, title: 'drain p2?', lines: [], variant: 'confirm', focus: 'cancel' };
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
/** Waits (polling every millisecond, at most 2 s) until `done` holds. */
async function until(what: string, done: () => boolean): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** Rows written by painter bytes: terminal row (1-based) → the line, escapes removed. */
function rowsWritten(bytes: string): Map<number, string> {
  const rows = new Map<number, string>();
  for (const m of bytes.matchAll(/\u001b\[(\d+);1H\u001b\[2K((?:(?!\u001b\[\d+;1H|\u001b8).)*)/gs)) rows.set(Number(m[1]), (m[2] ?? '').replace(/\u001b\[[0-9;]*m/g, ''));
  return rows;
}

/** A second of HAProxy counters: every rate changes. */
function poll(cluster: ReturnType<typeof createClusterStore>, second: number, status: Record<string, string> = {}): void {
  cluster.dispatch({
    type: 'haproxy-stats',
    at: T0 + 1000 * second,
    records: [frontendRecord(second * 40), ...['p1', 'p2', 'p3', 'pi3'].map((w, i) => serverRecord(w, status[w] ?? 'UP', { requests: second * (5 + i * 5) }))],
    problems: [],
  });
}

describe('inkStdout: the stdout Ink writes to', () => {
  class Sink extends EventEmitter {
    isTTY = true;
    columns = 100;
    rows = 30;
    out: string[] = [];
    write(chunk: string) {
      this.out.push(chunk);
      return true;
    }
  }
  const wrap = () => {
    const sink = new Sink();
    let frames = 0;
    const out = inkStdout(sink as unknown as NodeJS.WriteStream, () => `<panes ${++frames}>`);
    return { sink, out };
  };

  it('draws the panes after a frame of Ink\'s, inside its synchronized update, and anchors the frame at the top', () => {
    const { sink, out } = wrap();
    out.write(BEGIN_SYNC);
    out.write('\u001b[2K\u001b[1A\u001b[2K\u001b[Gfooter\n');
    out.write(END_SYNC);
    expect(sink.out).toEqual([BEGIN_SYNC, `${ANCHOR}\u001b[2K\u001b[1A\u001b[2K\u001b[Gfooter\n`, `<panes 1>${END_SYNC}`]);
  });

  it('passes an empty update and cursor visibility through untouched; a frame outside an update gets the panes right after', () => {
    const { sink, out } = wrap();
    out.write(BEGIN_SYNC);
    out.write(END_SYNC);
    out.write('\u001b[?25l');
    out.write('frame\n');
    expect(sink.out).toEqual([BEGIN_SYNC, END_SYNC, '\u001b[?25l', `${ANCHOR}frame\n<panes 1>`]);
  });

  it('is the real stream for everything else: size, TTY, resize events', () => {
    const { sink, out } = wrap();
    expect([out.columns, out.rows, out.isTTY]).toEqual([100, 30, true]);
    let resized = 0;
    const onResize = () => resized++;
    out.on('resize', onResize);
    sink.emit('resize');
    out.off('resize', onResize);
    sink.emit('resize');
    expect(resized).toBe(1);
  });
});

describe('the pane painter', () => {
  let painter: PanePainter | undefined;
  afterEach(() => painter?.stop());

  const setup = (color = false) => {
    const { state } = liveClusterState();
    const cluster = createClusterStore(state, 1);
    const ui = createUiStore();
    const writes: string[] = [];
    painter = createPanePainter({ cluster, ui, now: () => T0 + 60_000, readOnly: false, color, size: () => SIZE, write: (b) => writes.push(b) });
    return { cluster, ui, writes, painter };
  };

  it('draws every pane once started, as one synchronized update at absolute rows', async () => {
    const { writes, painter: p } = setup();
    p.start();
    await turn();
    expect(writes).toHaveLength(1);
    const bytes = writes[0] ?? '';
    expect(bytes.startsWith(`${BEGIN_SYNC}\u001b7`) && bytes.endsWith(`\u001b8${END_SYNC}`)).toBe(true);
    const rows = rowsWritten(bytes);
    expect(rows.get(1)).toMatch(/^picon lab {2}HAProxy 2\.6\.12 +12:01:00$/);
    expect(rows.get(3)).toMatch(/^ {2}NODE/);
    expect([4, 5, 6, 7, 8].map((r) => rows.get(r)?.slice(0, 6))).toEqual(['▸ head', '  p1  ', '  p2  ', '  p3  ', '  pi3 ']);
    expect([...rows.values()].filter((l) => l.startsWith('─ Throughput'))).toHaveLength(1);
  });

  it('after a poll writes only the rows that changed, and nothing when nothing did', async () => {
    const { cluster, writes, painter: p } = setup();
    p.start();
    await turn();
    poll(cluster, 12, { p2: 'DRAIN' });
    await until('the poll painted', () => writes.length > 1);
    const rows = rowsWritten(writes[1] ?? '');
    expect(rows.get(6)).toMatch(/^ {2}p2 .*DRAIN/);
    expect(rows.has(1)).toBe(false);
    expect(rows.size).toBeLessThan(rowsWritten(writes[0] ?? '').size);
    expect(p.update()).toBe('');
  });

  it('moves the selection by repainting two table rows; leaves the rows of an open dialog alone', async () => {
    const { ui, writes, painter: p } = setup();
    p.start();
    await turn();
    ui.dispatch({ type: 'move', delta: 1, visible: ['head', 'p1', 'p2', 'p3', 'pi3'] });
    await turn();
    expect([...rowsWritten(writes[1] ?? '').keys()]).toEqual([4, 5]);
    ui.dispatch({ type: 'open', dialog: confirm });
    await turn();
    expect(writes).toHaveLength(2);
    const all = rowsWritten(p.afterInkFrame());
    expect([...all.values()].some((l) => l.startsWith('─ Throughput') || l.startsWith('─ Events'))).toBe(false);
    expect(all.get(3)).toMatch(/NODE/);
  });

  it('draws everything again after one of Ink\'s frames; the colourless painter writes no colour', async () => {
    const { painter: p } = setup(false);
    p.start();
    await turn();
    const again = p.afterInkFrame();
    expect(rowsWritten(again).get(1)).toMatch(/^picon lab/);
    expect(again).not.toMatch(/\u001b\[[0-9;]*m/);
  });

  it('cuts every line to the width the screen was laid out for', async () => {
    const { painter: p } = setup();
    p.start();
    p.laidOut({ columns: 60, rows: 30 });
    for (const line of rowsWritten(p.afterInkFrame()).values()) expect([...line].length).toBeLessThanOrEqual(60);
  });

  it('writes nothing once stopped', async () => {
    const { cluster, writes, painter: p } = setup();
    p.start();
    await turn();
    p.stop();
    let notified = false;
    cluster.subscribe(() => (notified = true));
    poll(cluster, 12);
    await until('the store notified', () => notified);
    await turn();
    expect(writes).toHaveLength(1);
    expect(p.afterInkFrame()).toBe('');
  });
});

describe('the App with direct panes: Ink left alone by the data', () => {
  class Terminal extends EventEmitter {
    isTTY = true;
    columns = SIZE.columns;
    rows = SIZE.rows;
    frames: string[] = [];
    write(chunk: string) {
      if (chunk.length > 20) this.frames.push(chunk);
      return true;
    }
  }
  const stdin = Object.assign(new EventEmitter(), { isTTY: true, setRawMode() {}, setEncoding() {}, resume() {}, pause() {}, ref() {}, unref() {}, read: () => null });

  const mount = () => {
    const { state, profile } = liveClusterState();
    const cluster = createClusterStore(state, 1);
    const ui: UiStore = createUiStore();
    const laidOut: { columns: number; rows: number }[] = [];
    let renders = 0;
    const deps: ConsoleDeps = { profile, cluster, readOnly: false, now: () => T0 + 60_000, quit: () => undefined, color: false, directPanes: { laidOut: (s) => laidOut.push(s) } };
    const terminal = new Terminal();
    const ink = render(<App deps={deps} uiStore={ui} />, {
      stdout: terminal as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      patchConsole: false,
      exitOnCtrlC: false,
      maxFps: 1000,
      onRender: () => renders++,
    });
    return { cluster, ui, terminal, laidOut, ink, renders: () => renders };
  };

  it('draws blank boxes where the panes are: the frame has only the footer', async () => {
    const { terminal, laidOut, ink } = mount();
    await turn();
    ink.unmount();
    const frame = (terminal.frames[0] ?? '').replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
    expect(frame).not.toMatch(/picon|NODE|Throughput|Events/);
    expect(frame).toMatch(/Enter details/);
    expect(frame.split('\n').length - 1).toBe(SIZE.rows - 1);
    expect(laidOut[0]).toEqual(SIZE);
  });

  it('renders nothing for polls, nodes answering or selection moves; renders for a dialog', async () => {
    const { cluster, ui, ink, renders } = mount();
    await turn();
    const before = renders();
    let notified = 0;
    cluster.subscribe(() => notified++);
    for (let s = 12; s < 20; s++) poll(cluster, s);
    cluster.dispatch({ type: 'connection', node: 'p3', at: T0 + 20_000, connection: { state: 'down', since: T0 + 20_000, attempts: 1, error: { kind: 'refused', message: 'refused' } } });
    ui.dispatch({ type: 'move', delta: 2, visible: ['head', 'p1', 'p2', 'p3', 'pi3'] });
    ui.dispatch({ type: 'set-filter', filter: 'p' });
    await until('the store notified', () => notified > 0);
    await turn();
    expect(renders()).toBe(before);
    ui.dispatch({ type: 'open', dialog: confirm });
    await turn();
    expect(renders()).toBeGreaterThan(before);
    ink.unmount();
  });
});

import { describe, expect, it } from 'vitest';
import { shareTableLines } from '../../src/core/loadtest/run-summary.js';
import type { Profile } from '../../src/core/profile/profile.js';
import { parseStatusSort, selectStatus } from '../../src/core/status/status-select.js';
import type { StatusNode, StatusReport } from '../../src/core/status/status-report.js';
import { pageTable } from '../../src/core/wallboard/table-page.js';
import { seg } from '../../src/core/present/tone.js';
import { fixtureProfile } from '../support/console-fixture.js';

/** status --tag/--model/--sort, the bench summary's share table and the wallboard's pages. */

function profileWithTags(): Profile {
  const base = fixtureProfile(4);
  const tags: Record<string, string[]> = { p1: ['zeros', 'rack1'], p2: ['zeros'], p3: ['rack1'] };
  const workers = base.workers.map((w) => ({ ...w, ...(tags[w.name] !== undefined && { tags: tags[w.name] }) }));
  return { ...base, workers, nodes: [base.head, ...workers] };
}

function node(name: string, values: { cpu?: number; load?: number; temp?: number; reachable?: boolean; model?: string }): StatusNode {
  return {
    name, role: name === 'head' ? 'head' : 'worker', model: values.model ?? 'Pi 3', address: `10.0.0.${name.length}`,
    reachable: values.reachable ?? true, error: null, errorKind: values.reachable === false ? 'refused' : null, sshServer: null, uptimeSeconds: 100,
    load: values.load === undefined ? null : [values.load, 0, 0], board: null,
    cpu: values.cpu === undefined ? null : ({ busyPercent: values.cpu } as never), memory: null, disk: null, network: null,
    temperatureCelsius: values.temp ?? null, armClockHz: null, armClockMaxHz: null, throttling: null, services: [], metricNotes: {}, healthSource: null,
  };
}

const report = (): StatusReport => ({
  profile: 'lab',
  nodes: [node('head', { cpu: 50, model: 'Pi 4' }), node('p1', { cpu: 10, temp: 60 }), node('p2', { cpu: 90, temp: 40, model: 'Pi Zero' }), node('p3', { reachable: false }), node('pi3', { cpu: 30, temp: 70 })],
  haproxy: {
    reachable: true, error: null, version: '2.6', load: null, warnings: [], frontends: [], backends: [], rateIntervalMs: 1000,
    servers: ['p1', 'p2', 'p3', 'pi3'].map((n, i) => ({ backend: 'web', server: n, node: n, status: 'UP', weight: 1, currentSessions: 0, checkStatus: null, checkDescription: null, lastChangeSeconds: null, requestsPerSecond: [5, 50, null, 20][i] ?? null, sessionsPerSecond: null, bytesInPerSecond: null, bytesOutPerSecond: null, http5xxPerSecond: null })),
  } as never,
  interrupted: [],
});

describe('status --tag --model --sort', () => {
  it.each([
    { args: {}, names: ['head', 'p1', 'p2', 'p3', 'pi3'] },
    { args: { sort: 'cpu' }, names: ['p2', 'head', 'pi3', 'p1', 'p3'] },
    { args: { sort: '-cpu' }, names: ['p1', 'pi3', 'head', 'p2', 'p3'] },
    { args: { sort: 'temp' }, names: ['pi3', 'p1', 'p2', 'head', 'p3'] },
    { args: { sort: 'rate' }, names: ['p2', 'pi3', 'p1', 'head', 'p3'] },
    { args: { sort: 'ssh' }, names: ['p3', 'head', 'p1', 'p2', 'pi3'] },
    { args: { sort: '-name' }, names: ['pi3', 'p3', 'p2', 'p1', 'head'] },
    { args: { tag: 'rack1' }, names: ['p1', 'p3'] },
    { args: { tag: 'ZEROS', sort: 'cpu' }, names: ['p2', 'p1'] },
    { args: { model: 'zero' }, names: ['p2'] },
    { args: { model: 'pi', tag: 'rack1', sort: 'name' }, names: ['p1', 'p3'] },
  ])('$args', ({ args, names }) => {
    const { sort: sortText, ...rest } = args as { sort?: string; tag?: string; model?: string };
    const sort = sortText === undefined ? undefined : parseStatusSort(sortText);
    if (sort?.ok === false) throw new Error(sort.reason);
    const selected = selectStatus(report(), profileWithTags(), { ...rest, ...(sort !== undefined && { sort: sort.sort }) });
    expect(selected.nodes.map((n) => n.name)).toEqual(names);
    if (rest.tag !== undefined || rest.model !== undefined) expect(selected.haproxy.servers.map((s) => s.node).sort()).toEqual(names.filter((n) => n !== 'head').sort());
  });

  it('an unknown column names the columns there are', () => {
    expect(parseStatusSort('speed')).toEqual({ ok: false, reason: '--sort speed: no such column (columns: name, role, model, address, ssh, uptime, load, cpu, memory, disk, temp, clock, rate; -COLUMN reverses)' });
  });
});

describe('the bench summary\'s per-server shares as a table', () => {
  it('30 servers: busiest first, in columns, no line wider than 100', () => {
    const servers = Array.from({ length: 30 }, (_, i) => ({ server: `web/node${i + 1}`, share: (i + 1) / 465, requests: (i + 1) * 10 }));
    const lines = shareTableLines(servers);
    expect(lines[0]).toBe('  Servers        30 servers, busiest first: share of requests, requests');
    expect(lines[1]).toMatch(/^ {17}web\/node30 +6\.5 % +300 {3,}web\/node29 +6\.2 % +290/);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(100);
    expect(lines.length).toBeLessThan(12);
    expect(lines.slice(1).join(' ').match(/web\/node\d+/g)).toHaveLength(30);
  });

  it('a server with 5xx says how many', () => {
    expect(shareTableLines([{ server: 'a', share: 1, requests: 10, http5xx: 3 }])[1]).toBe(`${' '.repeat(17)}a 100.0 % 10 3 5xx`);
  });
});

describe('wallboard table pages', () => {
  const table = { title: 'Nodes · 31/31 up', headers: ['node'], widths: [8], rows: Array.from({ length: 31 }, (_, i) => [seg(`n${i + 1}`)]) };
  it.each([
    { capacity: 40, page: 0, title: 'Nodes · 31/31 up', first: 'n1', count: 31 },
    { capacity: 11, page: 0, title: 'Nodes · 31/31 up · 1–11 of 31 (n/p: page)', first: 'n1', count: 11 },
    { capacity: 11, page: 2, title: 'Nodes · 31/31 up · 23–31 of 31 (n/p: page)', first: 'n23', count: 9 },
    { capacity: 11, page: 3, title: 'Nodes · 31/31 up · 1–11 of 31 (n/p: page)', first: 'n1', count: 11 },
    { capacity: 11, page: -1, title: 'Nodes · 31/31 up · 23–31 of 31 (n/p: page)', first: 'n23', count: 9 },
  ])('$capacity rows, page $page', ({ capacity, page, title, first, count }) => {
    const paged = pageTable(table, capacity, page);
    expect(paged.title).toBe(title);
    expect(paged.rows[0]?.[0]?.text).toBe(first);
    expect(paged.rows).toHaveLength(count);
  });
});
